"""The TaskRunner on real threads (and once synchronously, as tests may use it)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from grensdesk.ui.tasks import TaskRunner


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    """A runner on the global thread pool, as the app uses it."""
    tasks = TaskRunner()
    yield tasks
    qtbot.waitUntil(lambda: not tasks.busy)
    assert tasks.wait_for_done()


def on_gui_thread() -> bool:
    app = QApplication.instance()
    assert app is not None
    return QThread.currentThread() is app.thread()


def test_the_work_runs_off_the_gui_thread_and_the_result_comes_back_on_it(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    worked_on_gui_thread: list[bool] = []
    results: list[tuple[int, bool]] = []

    def work() -> int:
        worked_on_gui_thread.append(on_gui_thread())
        return 42

    runner.run(work, lambda result: results.append((result, on_gui_thread())))

    qtbot.waitUntil(lambda: bool(results))
    assert worked_on_gui_thread == [False]
    assert results == [(42, True)]


def test_an_exception_reaches_on_error_on_the_gui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    errors: list[tuple[BaseException, bool]] = []

    def fail() -> None:
        raise ValueError("no such office")

    runner.run(
        fail,
        lambda _none: pytest.fail("no result expected"),
        lambda error: errors.append((error, on_gui_thread())),
    )

    qtbot.waitUntil(lambda: bool(errors))
    [(error, on_gui)] = errors
    assert isinstance(error, ValueError)
    assert str(error) == "no such office"
    assert on_gui


def test_busy_is_announced_when_work_starts_and_when_it_is_done(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    announced: list[bool] = []
    runner.busy_changed.connect(announced.append)

    with qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda busy: not busy):
        runner.run(lambda: None, lambda _none: None)

    assert announced == [True, False]
    assert not runner.busy


def test_busy_stays_on_until_the_last_of_several_tasks_is_done(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    announced: list[bool] = []
    runner.busy_changed.connect(announced.append)
    release = threading.Event()
    finished: list[str] = []

    runner.run(lambda: release.wait(timeout=10), lambda _ok: finished.append("slow"))
    with qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda busy: not busy):
        runner.run(lambda: "quick", finished.append)
        qtbot.waitUntil(lambda: finished == ["quick"])
        assert runner.busy  # the slow one still runs
        release.set()

    assert finished == ["quick", "slow"]
    assert announced == [True, False]


def test_a_failure_nobody_handles_is_reported_through_task_failed(
    qtbot: QtBot, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    def fail() -> None:
        raise RuntimeError("database went away")

    with qtbot.waitSignal(runner.task_failed) as failed:
        runner.run(fail, lambda _none: None)

    [error] = failed.args
    assert isinstance(error, RuntimeError)
    assert "database went away" in caplog.text  # logged with its traceback


def test_synchronous_mode_calls_back_before_run_returns(qtbot: QtBot) -> None:
    runner = TaskRunner(synchronous=True)
    announced: list[bool] = []
    runner.busy_changed.connect(announced.append)
    results: list[int] = []
    errors: list[BaseException] = []

    runner.run(lambda: 6 * 7, results.append)
    runner.run(lambda: 1 // 0, results.append, errors.append)

    assert results == [42]
    assert isinstance(errors[0], ZeroDivisionError)
    assert announced == [True, False, True, False]
    assert not runner.busy
