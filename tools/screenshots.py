"""Render GrensDesk's screens offscreen to PNG files (for the README and for review).

QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py --database URL --out DIR
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from grensdesk.config import load_settings
from grensdesk.ui.app import AppController, apply_language
from grensdesk.ui.consultation.page import ConsultationPage
from grensdesk.ui.editorial.page import EditorialPage
from grensdesk.ui.knowledge.page import KnowledgePage
from grensdesk.ui.main_window import MainWindow
from grensdesk.ui.reports.page import ReportsPage


def pause(milliseconds: int) -> None:
    # An event loop, not QTest.qWait: qWait keeps the GIL and starves the worker threads.
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def wait_until(condition: Callable[[], bool], timeout_ms: int = 20_000) -> None:
    waited = 0
    while not condition():
        pause(50)
        waited += 50
        if waited > timeout_ms:
            raise TimeoutError("the screen did not get ready in time")


def save(widget: QWidget, path: Path) -> None:
    pause(300)
    widget.grab().save(str(path))
    print(path)


def shoot_knowledge(window: MainWindow, controller: AppController, out: Path, lang: str) -> None:
    """The knowledge base as an adviser meets it: a search, and the rules for a consultation."""
    if not window.has_page("knowledge"):
        return
    knowledge = window.page("knowledge")
    assert isinstance(knowledge, KnowledgePage)
    window.show_row(next(i for i, spec in enumerate(window.specs) if spec.key == "knowledge"))
    knowledge.search_field.setText("zorgverz")
    knowledge.search_now()
    wait_until(lambda: not controller.tasks.busy)
    save(window, out / f"knowledge-search-{lang}.png")
    if not window.has_page("consultations"):
        return
    consultations = window.page("consultations")
    assert isinstance(consultations, ConsultationPage)
    window.show_row(0)
    wait_until(lambda: consultations.list.model.rowCount() > 0 and not controller.tasks.busy)
    consultations.open_consultation(consultations.list.model.rows[0].id)
    wait_until(lambda: consultations.form.consultation_id is not None)
    wait_until(lambda: not controller.tasks.busy)
    consultations.find_rules()
    wait_until(lambda: not controller.tasks.busy)
    save(window, out / f"knowledge-situation-{lang}.png")


def shoot_editorial(window: MainWindow, controller: AppController, out: Path, lang: str) -> None:
    """The editors' screen: a version waiting for review with its diff, and one's own draft."""
    if not window.has_page("editorial"):
        return
    editorial = window.page("editorial")
    assert isinstance(editorial, EditorialPage)
    window.show_row(next(i for i, spec in enumerate(window.specs) if spec.key == "editorial"))
    wait_until(lambda: not controller.tasks.busy)
    for queue, state, name in (("review", "in_review", "review"), ("mine", "draft", "editor")):
        editorial.list.show_queue(queue)
        wait_until(lambda: not controller.tasks.busy)
        rows = [i for i, entry in enumerate(editorial.list.shown) if entry.state == state]
        if not rows:
            continue
        editorial.list.table.setCurrentRow(rows[0])
        wait_until(lambda: not controller.tasks.busy)
        save(window, out / f"editorial-{name}-{lang}.png")


def shoot_reports(window: MainWindow, controller: AppController, out: Path, lang: str) -> None:
    """The coordinators' report of the last complete month, for the whole border."""
    if not window.has_page("reports"):
        return
    reports = window.page("reports")
    assert isinstance(reports, ReportsPage)
    window.show_row(next(i for i, spec in enumerate(window.specs) if spec.key == "reports"))
    wait_until(lambda: not controller.tasks.busy)
    reports.run_report()
    wait_until(lambda: reports.report is not None and not controller.tasks.busy)
    save(window, out / f"reports-overview-{lang}.png")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database")
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--user", default="beheer")
    parser.add_argument("--password", default="grensdesk")
    parser.add_argument("--language", default="nl")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    app.setOrganizationName("GrensDesk-screenshots")
    apply_language(args.language)
    controller = AppController(load_settings(args.database))
    dialog = controller.start()
    wait_until(
        lambda: (
            dialog.database_label.text().startswith(("Database", "Datenbank", "Base", "Databank"))
            and dialog.sign_in_button.isEnabled()
        )
    )
    dialog.username.setText(args.user)
    dialog.password.setText(args.password)
    save(dialog, args.out / f"signin-{args.language}.png")
    dialog.submit()
    wait_until(lambda: controller.window is not None)
    window = controller.window
    assert window is not None
    window.resize(1280, 800)
    wait_until(lambda: not controller.tasks.busy)
    save(window, args.out / f"offices-{args.language}.png")
    for row, spec in enumerate(window.specs):
        window.show_row(row)
        wait_until(lambda: not controller.tasks.busy)
        save(window, args.out / f"{spec.key}-{args.language}.png")
    shoot_knowledge(window, controller, args.out, args.language)
    shoot_editorial(window, controller, args.out, args.language)
    shoot_reports(window, controller, args.out, args.language)
    window.close()
    controller.tasks.wait_for_done()
    return 0


if __name__ == "__main__":
    sys.exit(main())
