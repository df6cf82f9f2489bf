"""The one way the UI runs work off the GUI thread.

Every database, file or PDF call goes through :class:`TaskRunner`: the function
runs on a QThreadPool worker and its result (or exception) comes back to the
GUI thread, where the callbacks run. Tests can make it synchronous.

Signals:
    busy_changed(bool): True when the first task starts, False when the last ends.
    task_failed(object): an exception no caller-supplied ``on_error`` handled.
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

T = TypeVar("T")
log = logging.getLogger(__name__)


class _Relay(QObject):
    """Carries a worker's outcome to the GUI thread (queued across threads)."""

    finished = Signal(int, bool, object)


class _Runnable(QRunnable):
    def __init__(self, task_id: int, function: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._task_id = task_id
        self._function = function
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._function()
        except BaseException as error:
            error.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._relay.finished.emit(self._task_id, False, error)
        else:
            self._relay.finished.emit(self._task_id, True, result)


@dataclass
class _Pending(Generic[T]):
    on_success: Callable[[T], None]
    on_error: Callable[[BaseException], None] | None
    owner: QObject | None

    def owner_gone(self) -> bool:
        """The widget that asked was closed meanwhile: its callbacks must not run."""
        return self.owner is not None and not shiboken6.isValid(self.owner)


class TaskRunner(QObject):
    """Run functions in the background and call back on the GUI thread."""

    busy_changed = Signal(bool)
    task_failed = Signal(object)

    def __init__(
        self,
        parent: QObject | None = None,
        pool: QThreadPool | None = None,
        synchronous: bool = False,
    ) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._synchronous = synchronous
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending[Any]] = {}
        self._relay = _Relay()
        self._relay.finished.connect(self._finish, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def run(
        self,
        function: Callable[[], T],
        on_success: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
    ) -> int:
        """Start ``function`` off the GUI thread; returns a task id.

        The callbacks are dropped when ``owner`` (by default the QObject whose bound method
        ``on_success`` is) has been deleted by the time the result arrives.
        """
        task_id = next(self._ids)
        if owner is None:
            bound_to = getattr(on_success, "__self__", None)
            owner = bound_to if isinstance(bound_to, QObject) else None
        self._pending[task_id] = _Pending(on_success, on_error, owner)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        if self._synchronous:
            try:
                result = function()
            except Exception as error:
                self._finish(task_id, False, error)
            else:
                self._finish(task_id, True, result)
        else:
            self._pool.start(_Runnable(task_id, function, self._relay))
        return task_id

    def wait_for_done(self, milliseconds: int = 30_000) -> bool:
        """Block until the pool is idle (for shutting down cleanly, and for tests)."""
        return self._pool.waitForDone(milliseconds)

    @Slot(int, bool, object)
    def _finish(self, task_id: int, ok: bool, outcome: object) -> None:
        pending = self._pending.pop(task_id, None)
        if pending is None:
            return
        try:
            if pending.owner_gone():
                log.debug("task %s finished after its owner was deleted", task_id)
            elif ok:
                pending.on_success(outcome)
            elif pending.on_error is not None:
                assert isinstance(outcome, BaseException)
                pending.on_error(outcome)
            else:
                log.error(
                    "background task failed:\n%s", getattr(outcome, "__traceback_text__", outcome)
                )
                self.task_failed.emit(outcome)
        finally:
            if not self._pending:
                self.busy_changed.emit(False)
