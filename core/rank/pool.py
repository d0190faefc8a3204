"""The one process pool folder ranking uses, and what happens when it breaks.

Worker processes are spawned, not forked: the caller may be a thread of a GUI, and forking a
threaded process can deadlock the child on a lock another thread held.  If a worker dies (killed
for memory, a frozen app without ``freeze_support``), the jobs not yet done run in this
process instead: a run is never lost to a broken pool.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from typing import TypeVar

from core.config import CompareConfig

_J = TypeVar("_J")
_R = TypeVar("_R")
_T = TypeVar("_T")
_POLL_SECONDS = 0.1


def never_cancel() -> bool:
    return False


def process_pool(workers: int) -> concurrent.futures.ProcessPoolExecutor:
    context = multiprocessing.get_context("spawn")
    return concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context)


def wait_for(future: concurrent.futures.Future[_T], config: CompareConfig) -> _T:
    """The future's result, polling ``should_cancel`` while it is not ready."""
    while True:
        config.check_cancelled()
        try:
            return future.result(timeout=_POLL_SECONDS)
        except concurrent.futures.TimeoutError:
            continue


def run_jobs(
    function: Callable[[_J, CompareConfig], _R],
    jobs: Sequence[_J],
    config: CompareConfig,
    workers: int,
    *,
    in_order: bool,
    executor: concurrent.futures.Executor | None = None,
) -> Iterator[tuple[int, _R]]:
    """``(job number, function(job, config))`` for every job; in ``workers`` processes if > 1.

    ``in_order``: results come in job order, with a few jobs per worker in flight (cheap to
    drop on cancel).  Otherwise every job is submitted at once and results come as they
    finish (in job order among those finished together).  Raises CancelledError as soon as
    ``config.should_cancel`` says so (polled; the callback itself never crosses to a worker).
    ``function`` must be picklable (a module-level function or a ``functools.partial`` of one).
    ``executor``: run the jobs there instead (e.g. a Dask cluster's); the caller owns it, so it
    is used whatever ``workers`` says and is not shut down here.
    """
    if executor is None and (workers <= 1 or len(jobs) < 2):
        for number, job in enumerate(jobs):
            config.check_cancelled()
            yield number, function(job, config)
        return
    portable = replace(config, should_cancel=never_cancel)  # a callback need not pickle
    pool = executor if executor is not None else process_pool(min(workers, len(jobs)))
    finished = False
    yielded: set[int] = set()
    futures: dict[int, concurrent.futures.Future[_R]] = {}  # in order: job number -> future
    pending: dict[concurrent.futures.Future[_R], int] = {}  # as they finish: future -> number
    try:
        if in_order:
            window = max(2, workers * 3)  # jobs in flight: enough to keep workers busy
            submitted = 0
            for number in range(len(jobs)):
                while submitted < len(jobs) and submitted < number + window:
                    futures[submitted] = pool.submit(function, jobs[submitted], portable)
                    submitted += 1
                result = wait_for(futures.pop(number), config)
                yielded.add(number)
                yield number, result
        else:
            pending.update(
                (pool.submit(function, job, portable), number) for number, job in enumerate(jobs)
            )
            while pending:
                config.check_cancelled()
                done, _ = concurrent.futures.wait(
                    pending, timeout=_POLL_SECONDS, return_when=concurrent.futures.FIRST_COMPLETED
                )
                for future in sorted(done, key=lambda item: pending[item]):
                    number = pending.pop(future)
                    result = future.result()
                    yielded.add(number)
                    yield number, result
        finished = True
    except BrokenProcessPool:
        finished = True  # carry on in this process rather than lose the run
    finally:
        if executor is None:
            # On cancel, do not wait for the jobs still running: the caller wants out now.
            pool.shutdown(wait=finished, cancel_futures=True)
        else:
            for future in [*futures.values(), *pending]:
                future.cancel()  # a shared executor: only drop what this run still waits for
    for number, job in enumerate(jobs):
        if number not in yielded:
            config.check_cancelled()
            yield number, function(job, config)
