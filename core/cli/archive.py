"""``copydesk-cli index [FOLDER] --db ARCHIVE.db``: build or update an archive index.

Only new and changed files are read; moved files are recognised by their content hash; files
that are gone are dropped.  A progress bar on a terminal (stderr), then one summary line, or
with ``--json`` the summary as an object.  ``--dask tcp://HOST:8786`` reads the files on a
Dask cluster (docs/archive.md).  Ranking against the index is ``rank QUERY --db ARCHIVE.db``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from collections.abc import Iterator
from typing import Any

from core.cli.common import (
    EXIT_INCOMPLETE,
    EXIT_OK,
    Subparsers,
    UsageError,
    positive_int,
    write_stdout,
)
from core.config import DEFAULT_CONFIG
from core.model import ResultState
from core.rank.archive import IndexSummary, dask_executor, index_archive, update_archive
from core.rank.results import Progress

BAR_WIDTH = 30
_REDRAW_SECONDS = 0.2


class _ProgressBar:
    """A one-line progress bar on stderr, redrawn at most five times a second."""

    def __init__(self) -> None:
        self._last = 0.0
        self._shown = False

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        if now - self._last < _REDRAW_SECONDS and progress.done != progress.total:
            return
        self._last = now
        if progress.total:
            filled = round(BAR_WIDTH * progress.fraction)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            text = f"{progress.stage}: [{bar}] {progress.done:,}/{progress.total:,}"
        else:
            text = f"{progress.stage}…"
        sys.stderr.write("\r" + text.ljust(70)[:100])
        sys.stderr.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown:
            sys.stderr.write("\r" + " " * 100 + "\r")
            sys.stderr.flush()


def _no_progress(progress: Progress) -> None:
    del progress


def summary_json(summaries: list[IndexSummary]) -> dict[str, Any]:
    """The ``--json`` output: totals and one object per folder indexed."""
    keys = ("new", "changed", "moved", "removed", "unchanged", "failed")
    return {
        "schema": "copydesk.index/1",
        "database": summaries[0].database if summaries else "",
        "state": (
            ResultState.CANCELLED.value
            if any(summary.cancelled for summary in summaries)
            else ResultState.COMPLETED.value
        ),
        **{key: sum(getattr(summary, key) for summary in summaries) for key in keys},
        "articles": summaries[-1].articles if summaries else 0,
        "seconds": round(sum(summary.seconds for summary in summaries), 3),
        "folders": [
            {
                "folder": summary.folder,
                "state": summary.state.value,
                **{key: getattr(summary, key) for key in keys},
                "seconds": round(summary.seconds, 3),
                "failures": [
                    {"path": failure.path, "reason": failure.reason} for failure in summary.failures
                ],
            }
            for summary in summaries
        ],
    }


@contextlib.contextmanager
def _executor(args: argparse.Namespace) -> Iterator[Any]:
    if args.dask:
        with dask_executor(args.dask) as executor:
            yield executor
    else:
        yield None


def _run_index(args: argparse.Namespace) -> int:
    if not args.db:
        raise UsageError("--db ARCHIVE.db is required: the index database to build or update")
    show_bar = not args.json and not args.quiet and sys.stderr.isatty()
    bar = _ProgressBar() if show_bar else None
    progress = bar if bar is not None else _no_progress
    try:
        with _executor(args) as executor:
            if args.folder is None:
                summaries = update_archive(
                    args.db, DEFAULT_CONFIG, workers=args.workers, executor=executor,
                    on_progress=progress,
                )  # fmt: skip
                if not summaries:
                    raise UsageError(
                        f"{args.db} holds no folder yet: give the FOLDER to index into it"
                    )
            else:
                if not os.path.isdir(args.folder):
                    raise UsageError(f"{args.folder}: not a folder")
                summaries = [
                    index_archive(
                        args.folder, args.db, DEFAULT_CONFIG, workers=args.workers,
                        executor=executor, on_progress=progress,
                    )
                ]  # fmt: skip
    finally:
        if bar is not None:
            bar.close()
    if args.json:
        write_stdout(json.dumps(summary_json(summaries), ensure_ascii=False, indent=2) + "\n")
    else:
        lines = []
        for summary in summaries:
            lines.append(f"{' '.join(summary.folder.split())}: {summary.line()}")
            if args.verbose:
                lines.extend(
                    f"  {' '.join(failure.path.split())}: {failure.reason}"
                    for failure in summary.failures
                )
        lines.append(f"{summaries[-1].database}: {summaries[-1].articles:,} articles in the index")
        write_stdout("\n".join(lines) + "\n")
    cancelled = any(summary.cancelled for summary in summaries)
    return EXIT_INCOMPLETE if cancelled else EXIT_OK


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "index",
        help="build or update a persistent archive index (for rank --db)",
        description=(
            "Index the articles under FOLDER into the archive database ARCHIVE.db (created if "
            "missing): only new and changed files are read, moved files are recognised by "
            "their content, deleted ones are dropped. Without FOLDER, every folder already "
            "in the database is updated. Then: copydesk-cli rank QUERY --db ARCHIVE.db."
        ),
    )
    parser.add_argument("folder", metavar="FOLDER", nargs="?", help="the archive folder")
    parser.add_argument("--db", metavar="ARCHIVE.db", help="the index database (required)")
    output = parser.add_argument_group("output")
    output.add_argument("--json", action="store_true", help="print the summary as JSON")
    output.add_argument("--quiet", action="store_true", help="no progress bar")
    output.add_argument(
        "--verbose", action="store_true", help="list the files that could not be read"
    )
    work = parser.add_argument_group("work")
    work.add_argument(
        "--workers",
        type=positive_int,
        default=max(1, min(os.cpu_count() or 1, 8)),
        metavar="N",
        help="local processes reading files (default: the number of CPUs, at most 8)",
    )
    work.add_argument(
        "--dask",
        metavar="tcp://HOST:8786",
        help="read the files on this Dask scheduler's workers (pip install 'copydesk[cluster]')",
    )
    parser.set_defaults(handler=_run_index)
