"""The running clock of a new consultation: it shows the minutes so far and fills them in as
the duration until the adviser types a duration of their own.

Signals (on ConsultationClock):
    ticked(): time to show the minutes again (every 15 seconds while it runs).
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QSpinBox

from grensdesk.i18n import _

TICK_MS = 15_000


class ConsultationClock(QObject):
    """Times the conversation; writes into ``duration`` and ``label``, which it does not own."""

    ticked = Signal()

    def __init__(self, duration: QSpinBox, label: QLabel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._duration = duration
        self._label = label
        self._elapsed = QElapsedTimer()
        self.duration_edited = False  # the adviser typed the minutes; the clock leaves them
        self._setting_duration = False  # the clock, not the adviser, is setting the minutes
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self.ticked)

    def start(self) -> None:
        """Count from now."""
        self._elapsed.start()
        self._tick.start()

    def stop(self) -> None:
        """No more ticks; the minutes so far stay readable."""
        self._tick.stop()

    def forget(self) -> None:
        """A saved consultation: its duration is what was recorded, nothing runs."""
        self._tick.stop()
        self._elapsed.invalidate()

    def duration_typed(self) -> None:
        """The duration changed while the form was not loading: by hand unless it was us."""
        if not self._setting_duration:
            self.duration_edited = True

    def elapsed_minutes(self) -> int:
        return int(self._elapsed.elapsed() / 60_000) if self._elapsed.isValid() else 0

    def show_time(self, running: bool) -> None:
        """The minutes so far, for a consultation not saved yet (``running``); else nothing."""
        if not running or not self._elapsed.isValid():
            self._label.setText("")
            return
        minutes = int(self._elapsed.elapsed() / 60_000)
        self._label.setText(_("running: {minutes} min").format(minutes=minutes))
        if not self.duration_edited:
            self._setting_duration = True
            self._duration.setValue(minutes)
            self._setting_duration = False
