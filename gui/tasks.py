"""Running work off the GUI thread: git-cola's Task/RunTask pattern with request tokens.

Every request gets a token from a channel ("load A", "compare", ...).  A newer request on the
same channel cancels the older one and makes its result stale: when a stale result arrives it
is dropped, so a slow comparison can never overwrite a newer one.  The signals live on a
parentless QObject created on the GUI thread, so emitting them from a pool thread delivers the
result to the GUI thread through a queued connection.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal


class TaskSignals(QObject):
    """Carries one task's outcome back to the GUI thread."""

    succeeded = Signal(object)  # the handle
    failed = Signal(object)  # the handle (its .error is set)
    progressed = Signal(object, float, str)  # handle, fraction 0..1, stage
    reported = Signal(object, object)  # handle, a value the work sends while it runs


@dataclass(eq=False)
class TaskHandle:
    """What the caller keeps of a running request: its channel, token and cancel flag."""

    channel: str
    token: int
    cancel_event: threading.Event = field(default_factory=threading.Event)
    # Asked to finish early: unlike a cancel, the result (partial) is still delivered.
    stop_event: threading.Event = field(default_factory=threading.Event)
    result: object = None
    error: BaseException | None = None
    signals: TaskSignals | None = field(default=None, repr=False)
    _last_progress: tuple[float, str] = field(default=(-1.0, ""), repr=False)

    def report_progress(self, fraction: float, stage: str) -> None:
        """Callable from the worker; the GUI shows it if the request is still current.

        Only steps of at least 1% (or a new stage) are sent: the bar cannot show finer ones,
        and every signal costs the GUI thread an event.
        """
        last_fraction, last_stage = self._last_progress
        if stage == last_stage and fraction - last_fraction < 0.01:
            return
        self._last_progress = (fraction, stage)
        if self.signals is not None and not self.cancelled:
            self.signals.progressed.emit(self, fraction, stage)

    def report(self, payload: object) -> None:
        """Send a value to the GUI thread while the work goes on; dropped once stale."""
        if self.signals is not None and not self.cancelled:
            self.signals.reported.emit(self, payload)

    def cancel(self) -> None:
        self.cancel_event.set()

    def stop(self) -> None:
        self.stop_event.set()

    def should_stop(self) -> bool:
        """For ``CompareConfig.should_cancel``: cancelled, or asked to stop and report."""
        return self.cancel_event.is_set() or self.stop_event.is_set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()


class _Task(QRunnable):
    def __init__(
        self, handle: TaskHandle, work: Callable[[TaskHandle], object], signals: TaskSignals
    ) -> None:
        super().__init__()
        # The runner keeps a Python reference until the result is delivered; Qt must not
        # delete the runnable behind Python's back (QThreadPool reads autoDelete before run()).
        self.setAutoDelete(False)
        self.handle = handle
        self._work = work
        self.signals = signals

    def run(self) -> None:
        try:
            self.handle.result = self._work(self.handle)
        except BaseException as error:
            self.handle.error = error
            self.signals.failed.emit(self.handle)
        else:
            self.signals.succeeded.emit(self.handle)


class TaskRunner(QObject):
    """Starts tasks on its own thread pool and reports only the results still wanted."""

    finished = Signal(object)  # TaskHandle whose result is current
    failed = Signal(object)  # TaskHandle whose error is current
    progressed = Signal(object, float, str)  # current TaskHandle, fraction, stage
    reported = Signal(object, object)  # current TaskHandle, what its work reported
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._tokens = itertools.count(1)
        self._current: dict[str, TaskHandle] = {}
        self._running: dict[int, _Task] = {}
        self._closed = False
        # Parentless and shared by all tasks: tasks hold a reference, so it outlives any task
        # that is still running even if the window goes first.
        self._signals = TaskSignals()
        self._signals.succeeded.connect(self._on_succeeded, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self._signals.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._signals.reported.connect(self._on_reported, Qt.ConnectionType.QueuedConnection)

    def start(self, channel: str, work: Callable[[TaskHandle], object]) -> TaskHandle:
        """Run ``work(handle)`` in the pool; it should poll ``handle.cancelled``."""
        previous = self._current.get(channel)
        if previous is not None:
            previous.cancel()
        handle = TaskHandle(channel, next(self._tokens), signals=self._signals)
        if self._closed:
            handle.cancel()
            return handle
        task = _Task(handle, work, self._signals)
        was_busy = self.is_busy
        self._current[channel] = handle
        self._running[handle.token] = task
        self._pool.start(task)
        if not was_busy:
            self.busy_changed.emit(True)
        return handle

    def is_current(self, handle: TaskHandle) -> bool:
        return self._current.get(handle.channel) is handle and not handle.cancelled

    @property
    def is_busy(self) -> bool:
        return bool(self._current)

    def active_workers(self) -> int:
        """Pool threads still running a task, cancelled or not (they stop at their next check)."""
        return int(self._pool.activeThreadCount())

    def current(self, channel: str) -> TaskHandle | None:
        return self._current.get(channel)

    def cancel(self, channel: str | None = None) -> None:
        """Cancel one channel, or everything; cancelled requests never report."""
        channels = [channel] if channel is not None else list(self._current)
        for name in channels:
            handle = self._current.pop(name, None)
            if handle is not None:
                handle.cancel()
        if not self._current:
            self.busy_changed.emit(False)

    def stop(self, channel: str) -> None:
        """Ask the current request of ``channel`` to finish early; its result still arrives."""
        handle = self._current.get(channel)
        if handle is not None:
            handle.stop()

    def wait(self, timeout_ms: int = -1) -> bool:
        """Wait for the pool threads (requests still current report afterwards)."""
        return bool(self._pool.waitForDone(timeout_ms))

    @property
    def unsettled(self) -> int:
        """Started requests whose outcome has not come back to the GUI thread yet."""
        return len(self._running)

    def shutdown(self, timeout_ms: int = -1) -> bool:
        """Cancel everything and wait for the pool threads; call before the window goes."""
        self._closed = True
        self.cancel()
        done = self.wait(timeout_ms)
        self._running.clear()
        return done

    def _settle(self, handle: TaskHandle) -> bool:
        self._running.pop(handle.token, None)
        if not self.is_current(handle):
            return False
        del self._current[handle.channel]
        if not self._current:
            self.busy_changed.emit(False)
        return True

    def _on_succeeded(self, handle: TaskHandle) -> None:
        if self._settle(handle):
            self.finished.emit(handle)

    def _on_progress(self, handle: TaskHandle, fraction: float, stage: str) -> None:
        if self.is_current(handle):
            self.progressed.emit(handle, fraction, stage)

    def _on_reported(self, handle: TaskHandle, payload: object) -> None:
        if self.is_current(handle):
            self.reported.emit(handle, payload)

    def _on_failed(self, handle: TaskHandle) -> None:
        if self._settle(handle):
            self.failed.emit(handle)
