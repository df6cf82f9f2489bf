"""What every page in the main window can do."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from grensdesk.ui.context import AppContext


class Page(QWidget):
    """A screen in the main window; it loads its data the first time it is shown."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._loaded = False

    def activate(self) -> None:
        if not self._loaded:
            self._loaded = True
            self.refresh()

    def refresh(self) -> None:
        """Reload the page's data (in the background)."""

    def retranslate_ui(self) -> None:
        """Set every visible text again after the UI language changed."""

    def shut_down(self) -> None:
        """The window closes (sign-out or quit): keep what must be kept, stop timers."""
