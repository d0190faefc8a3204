"""``copydesk-cli rank QUERY FOLDER``: which article in a folder is a rewrite of QUERY?

Prints a table, best candidate first, or with ``--json`` the document described in
``docs/rank-schema.md`` (schema ``copydesk.rank/2``).  Registered by :mod:`core.cli.main`.
"""

from __future__ import annotations

import argparse
import json
import math
import os
from typing import Any

from core.cli.common import (
    EXIT_INCOMPLETE,
    EXIT_OK,
    Subparsers,
    UsageError,
    add_compare_options,
    config_from_args,
    positive_int,
    write_stdout,
)
from core.model import LanguageGuess, ResultState
from core.rank.index import load_article
from core.rank.ranking import DEFAULT_COMPARE_TOP, rank_folder
from core.rank.results import RankedCandidate, RankResult

SCHEMA_ID = "copydesk.rank/2"
DEFAULT_TOP = 10
JsonDict = dict[str, Any]


# --------------------------------------------------------------------------------------------
# JSON


def _num(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value, 4)


def _language_json(language: LanguageGuess) -> JsonDict:
    return {"code": language.code, "probability": _num(language.probability)}


def _candidate_json(candidate: RankedCandidate, folder: str) -> JsonDict:
    verdict = candidate.verdict
    return {
        "rank": candidate.rank,
        "path": candidate.path,
        "relative_path": _relative(candidate.path, folder),
        "compared": candidate.compared,
        "verdict": None if verdict is None else verdict.value,
        "verdict_label": None if verdict is None else verdict.label,
        "explanation": candidate.explanation,
        "similarity": _num(candidate.similarity),
        "containment": _num(candidate.containment),
        "reused_share": _num(candidate.reused_share),
        "estimate": _num(candidate.estimate),
        "language": _language_json(candidate.language),
        "words": candidate.words,
        "size_bytes": candidate.size,
        "note": candidate.note,
    }


def to_json(result: RankResult, top: int | None = None) -> JsonDict:
    """The result as plain JSON values in a fixed key order (see docs/rank-schema.md)."""
    shown = result.candidates if top is None else result.candidates[:top]
    return {
        "schema": SCHEMA_ID,
        "query": {
            "path": result.query,
            "language": _language_json(result.query_language),
            "words": result.query_words,
        },
        "folder": result.folder,
        "state": result.state.value,
        "indexed": result.indexed,
        "skipped": result.skipped,
        "compared": sum(1 for candidate in result.candidates if candidate.compared),
        "candidates": [_candidate_json(candidate, result.folder) for candidate in shown],
        "failures": [
            {"path": failure.path, "reason": failure.reason} for failure in result.failures
        ],
        "index_seconds": _num(result.index_seconds),
        "rank_seconds": _num(result.rank_seconds),
        "source": "archive" if result.archive else "folder",
    }


def json_text(result: RankResult, top: int | None = None) -> str:
    return json.dumps(to_json(result, top), ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------------------------
# Table


def _relative(path: str, folder: str) -> str:
    try:
        relative = os.path.relpath(path, folder)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith("..") else relative


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _flat(text: str) -> str:
    # A file name with a newline or tab must not break the table's lines.
    return " ".join(text.split())


def verdict_text(candidate: RankedCandidate) -> str:
    """ "Partial copy, 36% reused": the verdict, with the reused share when B reuses passages."""
    verdict = candidate.verdict
    if verdict is None:
        return "(not compared)"
    if verdict.reuses_passages and candidate.reused_share is not None:
        return f"{verdict.label}, {_percent(candidate.reused_share)} reused"
    return verdict.label


def table_text(result: RankResult, top: int) -> str:
    lines = [
        f"Query: {_flat(result.query)} "
        f"({result.query_language.code}, {result.query_words:,} words)",
        f"{'Archive index' if result.archive else 'Folder'}: {_flat(result.folder)}: "
        f"{result.indexed:,} articles indexed, "
        f"{len(result.failures):,} could not be read, {result.skipped:,} other entries skipped",
    ]
    if result.state is not ResultState.COMPLETED:
        lines.append(f"Stopped early ({result.state.value}): the ranking is incomplete.")
    lines.append("")
    shown = result.candidates[:top]
    if not shown:
        lines.append(f"No articles to rank in this {'archive' if result.archive else 'folder'}.")
    else:
        header = ("#", "Verdict", "Similar", "Contained", "Estimate", "Lang", "Words", "File")
        rows = [
            (
                str(candidate.rank),
                verdict_text(candidate),
                _percent(candidate.similarity),
                _percent(candidate.containment),
                _percent(candidate.estimate),
                candidate.language.code,
                f"{candidate.words:,}",
                _flat(_relative(candidate.path, result.folder)),
            )
            for candidate in shown
        ]
        widths = [max(len(row[k]) for row in [header, *rows]) for k in range(len(header))]
        right = {0, 2, 3, 4, 6}  # numbers line up on the right

        def line(cells: tuple[str, ...]) -> str:
            padded = [
                cell.rjust(widths[k]) if k in right else cell.ljust(widths[k])
                for k, cell in enumerate(cells)
            ]
            padded[-1] = cells[-1]  # no trailing spaces after the last column
            return "  ".join(padded)

        lines.append(line(header))
        lines.extend(line(row) for row in rows)
        hidden = len(result.candidates) - len(shown)
        if hidden > 0:
            lines.append(f"... and {hidden:,} more (use --top N to see more).")
        lines.append("")
        lines.append(
            "Similar = words shared after alignment; Contained = share of the shorter text "
            "found in the other; Estimate = vocabulary overlap (MinHash), for all articles."
        )
    if result.failures:
        lines.append("")
        lines.append(f"Could not be read ({len(result.failures):,}):")
        lines.extend(
            f"  {_flat(failure.path)}: {_flat(failure.reason)}" for failure in result.failures
        )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Subcommand


def _run_rank(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    if (args.folder is None) == (args.db is None):
        raise UsageError("give either a FOLDER to search or an archive index with --db, not both")
    if args.db is not None:
        from core.rank.archive import rank_archive

        result = rank_archive(
            load_article(args.query, config),
            args.db,
            config,
            workers=args.workers,
            compare_top=args.compare,
        )
    else:
        result = rank_folder(
            args.query,
            args.folder,
            config,
            workers=args.workers,
            compare_top=args.compare,
        )
    if args.json:
        write_stdout(json_text(result, args.top), is_json=True)
    else:
        write_stdout(table_text(result, args.top))
    return EXIT_OK if result.state is ResultState.COMPLETED else EXIT_INCOMPLETE


def _default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "rank",
        help="rank a folder's (or an archive's) articles by how closely they rewrite QUERY",
        description=(
            "Which article in FOLDER is a rewrite of QUERY? Indexes every article under "
            "FOLDER (text, Markdown, HTML, DOCX, PDF; subfolders included), ranks them by "
            "vocabulary overlap and compares the best candidates in full. Files that cannot "
            "be read are listed and do not stop the run. With --db instead of FOLDER, ranks "
            "against an archive index built by `copydesk-cli index` (nothing is re-indexed; "
            "the best candidates are read from disk)."
        ),
    )
    parser.add_argument("query", metavar="QUERY", help="your article (a file)")
    parser.add_argument("folder", metavar="FOLDER", nargs="?", help="the folder to search")
    parser.add_argument(
        "--db",
        metavar="ARCHIVE.db",
        help="rank against this archive index instead of a folder (docs/archive.md)",
    )
    output = parser.add_argument_group("output")
    output.add_argument(
        "--top",
        type=positive_int,
        default=DEFAULT_TOP,
        metavar="N",
        help=f"candidates listed (default: {DEFAULT_TOP})",
    )
    output.add_argument(
        "--json", action="store_true", help="print the result as JSON (docs/rank-schema.md)"
    )
    work = parser.add_argument_group("work")
    work.add_argument(
        "--workers",
        type=positive_int,
        default=_default_workers(),
        metavar="N",
        help=(
            "processes reading the folder and comparing the best candidates "
            "(default: the number of CPUs, at most 8)"
        ),
    )
    work.add_argument(
        "--compare",
        type=positive_int,
        default=DEFAULT_COMPARE_TOP,
        metavar="N",
        help=(
            "best candidates compared in full, the slow step; the others are ranked by "
            f"their estimate only (default: {DEFAULT_COMPARE_TOP})"
        ),
    )
    add_compare_options(parser)
    parser.set_defaults(handler=_run_rank)
