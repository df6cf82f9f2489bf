"""The reference for start-up: the least a PySide6 table application does before it shows.

Run as ``python -m bench.bare_window``; prints ``shown <time.time()>`` like the app does
with ``GRENSDESK_EXIT_WHEN_SHOWN=1``, then exits.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget


def _report_shown(app: QApplication, window: QMainWindow) -> None:
    app.processEvents()
    if window.isVisible():
        print(f"shown {time.time():.6f}", flush=True)
    app.exit(0)


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setCentralWidget(QTableWidget(20, 6))
    window.show()
    # Report from inside the event loop, as grensdesk.ui.app does, so both pay the same
    # event-loop entry and the ratio compares only what each does before showing.
    QTimer.singleShot(0, lambda: _report_shown(app, window))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
