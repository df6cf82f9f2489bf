"""Add a user account: every problem is shown next to its field, nothing typed is lost.

Signals:
    user_added(object): the new ``UserSummary``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from grensdesk import i18n
from grensdesk.i18n import _
from grensdesk.models import ROLES
from grensdesk.services.accounts import ROLE_LABELS, NewUser, add_user, new_user_problems
from grensdesk.services.errors import ServiceError, ValidationError
from grensdesk.services.offices import OfficeSummary, list_offices
from grensdesk.services.topics import TopicSummary, list_topics
from grensdesk.ui.context import AppContext

ERROR_STYLE = "color: #b00020;"


class AddUserDialog(QDialog):
    user_added = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("Add user"))
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("full_name")
        self.email = QLineEdit()
        self.email.setObjectName("email")
        self.office = QComboBox()
        self.office.setObjectName("office")
        self.office.setEditable(True)
        self.office.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.role_boxes = {role: QCheckBox(_(ROLE_LABELS[role])) for role in ROLES}
        self.topics = QListWidget()
        self.topics.setObjectName("topics")
        self.topics.setMaximumHeight(140)
        self.language = QComboBox()
        self.language.setObjectName("ui_language")
        for code in i18n.LANGUAGES:
            self.language.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setObjectName("repeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)

        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        roles_row = QHBoxLayout()
        for box in self.role_boxes.values():
            roles_row.addWidget(box)
        self.role_boxes["expert"].toggled.connect(self.topics.setEnabled)
        self.topics.setEnabled(False)
        roles_widget = QWidget()
        roles_widget.setLayout(roles_row)
        for key, label, field in (
            ("username", _("&User name"), self.username),
            ("full_name", _("&Full name"), self.full_name),
            ("email", _("&E-mail"), self.email),
            ("office", _("&Office"), self.office),
            ("roles", _("&Roles"), roles_widget),
            ("topics", _("Expert &fields"), self.topics),
            ("ui_language", _("&Language"), self.language),
            ("password", _("&Password"), self.password),
            ("repeat", _("Re&peat password"), self.repeat),
        ):
            caption = QLabel(label)
            caption.setBuddy(field if field is not roles_widget else self.role_boxes["adviser"])
            error = QLabel()
            error.setObjectName(f"error_{key}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            self.errors[key] = error
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(field)
            column.addWidget(error)
            form.addRow(caption, column)

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self._load_choices()

    def _load_choices(self) -> None:
        sessions, actor = self.context.database.sessions, self.context.actor
        self.context.tasks.run(
            lambda: (list_offices(sessions, actor), list_topics(sessions)), self._choices_loaded
        )

    def _choices_loaded(self, choices: tuple[list[OfficeSummary], list[TopicSummary]]) -> None:
        offices, topics = choices
        language = i18n.current_language()
        for office in sorted(offices, key=lambda o: o.name.casefold()):
            self.office.addItem(f"{office.name} ({office.code})", office.code)
        index = self.office.findData(self.context.actor.office_code)
        self.office.setCurrentIndex(max(index, 0))
        for topic in topics:
            item = QListWidgetItem(topic.name(language))
            item.setData(Qt.ItemDataRole.UserRole, topic.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.topics.addItem(item)

    def new_user(self) -> NewUser:
        topics = []
        if self.role_boxes["expert"].isChecked():
            for row in range(self.topics.count()):
                item = self.topics.item(row)
                if item.checkState() == Qt.CheckState.Checked:
                    topics.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return NewUser(
            username=self.username.text().strip(),
            full_name=self.full_name.text().strip(),
            office_code=str(self.office.currentData() or ""),
            roles=tuple(role for role, box in self.role_boxes.items() if box.isChecked()),
            password=self.password.text(),
            email=self.email.text().strip(),
            ui_language=str(self.language.currentData()),
            topics=tuple(topics),
        )

    def _clear_errors(self) -> None:
        self.message.clear()
        for label in self.errors.values():
            label.clear()
            label.hide()

    def show_error(self, error: ServiceError) -> None:
        field = error.field if isinstance(error, ValidationError) else None
        label = self.errors.get(field or "")
        if label is None:
            self.message.setText(str(error))
            return
        label.setText(str(error))
        label.show()

    def save(self) -> None:
        self._clear_errors()
        new = self.new_user()
        # Pure checks, no database: fine on the GUI thread, and all shown at once.
        problems = new_user_problems(new)
        if self.password.text() != self.repeat.text():
            problems.append(ValidationError(_("The passwords differ."), field="repeat"))
        if problems:
            for problem in problems:
                self.show_error(problem)
            self._focus_field(problems[0].field)
            return
        sessions, actor = self.context.database.sessions, self.context.actor
        self.buttons.setEnabled(False)
        self.context.tasks.run(lambda: add_user(sessions, actor, new), self._saved, self._failed)

    def _focus_field(self, field: str | None) -> None:
        widgets = {
            "username": self.username,
            "full_name": self.full_name,
            "roles": self.role_boxes["adviser"],
            "ui_language": self.language,
            "password": self.password,
            "repeat": self.repeat,
        }
        widget = widgets.get(field or "")
        if widget is not None:
            widget.setFocus()

    def _saved(self, user: object) -> None:
        self.buttons.setEnabled(True)
        self.user_added.emit(user)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, ServiceError):
            self.show_error(error)
            self._focus_field(getattr(error, "field", None))
        else:
            self.message.setText(_("Saving failed: {reason}").format(reason=error))
