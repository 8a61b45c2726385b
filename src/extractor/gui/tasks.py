"""Running work off the UI thread and getting the outcome back on it.

`TaskRunner.submit(fn, on_done, on_error)` runs `fn()` on the runner's thread
pool; the callbacks run later on the UI thread. A runner with one thread runs
its tasks one after another in the order they were submitted, which is what the
project file's single writer needs. Widgets are never touched from a worker.

`Lanes` gives the window three such runners: writes (an answer, a quote, a
resolution: short, in order), reads (what a view shows) and jobs (exports,
imports, packages, copies). A save never waits behind a read or a job; a read
or a job waits only for the writes submitted before it, so it sees them.
"""

from __future__ import annotations

import itertools
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from extractor.core.errors import ExtractorError


class Cancelled(Exception):
    """Raised inside a task when its control was cancelled."""


@dataclass
class TaskControl:
    """What a long task may use: report progress, notice a cancel."""

    _report: Callable[[int, int, str], None]
    _cancel: threading.Event = field(default_factory=threading.Event)

    def progress(self, done: int, total: int, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled
        self._report(done, total, text)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class _Job(QRunnable):
    """A runnable that Python owns from start to end: Qt never deletes it, so no
    stale wrapper outlives it (the runner drops it once its outcome is delivered)."""

    def __init__(self, work: Callable[[], None]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._work = work

    def run(self) -> None:
        self._work()


@dataclass
class _Callbacks:
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    on_progress: Callable[[int, int, str], None] | None
    job: _Job | None = None


class TaskRunner(QObject):
    _finished = Signal(int, object, object)
    _progressed = Signal(int, int, int, str)

    def __init__(
        self, threads: int = 1, parent: QObject | None = None, after: TaskRunner | None = None
    ) -> None:
        """`after`: a one-thread runner whose tasks submitted before a task of this
        runner must have finished before it starts (reads after writes)."""
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, _Callbacks] = {}
        self._after = after
        self._submitted = 0
        self._completed = 0
        self._progress_made = threading.Condition()
        self._finished.connect(self._deliver)
        self._progressed.connect(self._deliver_progress)

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> int:
        task_id = next(self._ids)
        self._start(task_id, _Callbacks(on_done, on_error, None), fn)
        return task_id

    def submit_long(
        self,
        fn: Callable[[TaskControl], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> TaskControl:
        """Run `fn(control)`; it reports progress and stops when cancelled."""
        task_id = next(self._ids)
        control = TaskControl(lambda d, t, s: self._progressed.emit(task_id, d, t, s))
        self._start(task_id, _Callbacks(on_done, on_error, on_progress), lambda: fn(control))
        return control

    def _start(self, task_id: int, callbacks: _Callbacks, fn: Callable[[], Any]) -> None:
        self._submitted += 1
        if self._after is not None:
            before, earlier = self._after, self._after._submitted
            work = fn

            def fn() -> Any:
                before.wait_for(earlier)
                return work()

        callbacks.job = _Job(lambda: self._run(task_id, fn))
        self._callbacks[task_id] = callbacks
        self.pool.start(callbacks.job)

    def wait_for(self, count: int) -> None:
        """Block (a worker thread) until this runner's first `count` tasks have run."""
        with self._progress_made:
            self._progress_made.wait_for(lambda: self._completed >= count)

    def pending(self) -> int:
        return len(self._callbacks)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every task has finished (for shutting down, and tests)."""
        return self.pool.waitForDone(msecs)

    def _run(self, task_id: int, fn: Callable[[], Any]) -> None:
        try:
            result = fn()
        except BaseException as error:  # delivered to the UI thread, never lost
            outcome: tuple[Any, BaseException | None] = (None, error)
        else:
            outcome = (result, None)
        with self._progress_made:
            self._completed += 1
            self._progress_made.notify_all()
        self._finished.emit(task_id, *outcome)

    @Slot(int, object, object)
    def _deliver(self, task_id: int, result: Any, error: BaseException | None) -> None:
        callbacks = self._callbacks.pop(task_id, None)
        if callbacks is None:
            return
        if error is None:
            if callbacks.on_done is not None:
                callbacks.on_done(result)
            return
        if callbacks.on_error is not None:
            callbacks.on_error(error)
        if not isinstance(error, ExtractorError | Cancelled):
            sys.excepthook(type(error), error, error.__traceback__)

    @Slot(int, int, int, str)
    def _deliver_progress(self, task_id: int, done: int, total: int, text: str) -> None:
        callbacks = self._callbacks.get(task_id)
        if callbacks is not None and callbacks.on_progress is not None:
            callbacks.on_progress(done, total, text)


class Lanes(QObject):
    """The window's three lanes of work off the UI thread (see the module's doc)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.write = TaskRunner(1, self)
        self.read = TaskRunner(1, self, after=self.write)
        self.job = TaskRunner(1, self, after=self.write)

    def pending(self) -> int:
        return self.write.pending() + self.read.pending() + self.job.pending()

    def wait(self, msecs: int = -1) -> bool:
        """Block until every lane is idle (for closing a project, and tests)."""
        return all(lane.wait(msecs) for lane in (self.write, self.read, self.job))
