"""``copydesk-cli compare A B``: compare two texts; a summary, JSON or an HTML report."""

from __future__ import annotations

import argparse

from core.cli.common import (
    EXIT_INCOMPLETE,
    EXIT_OK,
    STDIN_PATH,
    Subparsers,
    UsageError,
    add_compare_options,
    config_from_args,
    load_input,
    positive_int,
    write_report,
    write_stdout,
)
from core.model import ResultState


def _run_compare(args: argparse.Namespace) -> int:
    from core.engine.compare import compare
    from core.report.files import write_html, write_json
    from core.report.json import json_text
    from core.report.text import summary_text

    if args.a == STDIN_PATH and args.b == STDIN_PATH:
        raise UsageError("only one of the two texts can be read from standard input ('-')")
    for flag, value in (
        ("--html", args.html_out),
        ("--json-out", args.json_out),
        ("--docx", args.docx_out),
    ):
        if value is not None and not value.strip():
            raise UsageError(f"{flag} needs a file name, not an empty one")
    config = config_from_args(args)
    document_a = load_input(args.a, config)
    document_b = load_input(args.b, config)
    comparison = compare(document_a, document_b, config)
    if args.html_out is not None:
        write_report(write_html, comparison, args.html_out)
    if args.json_out is not None:
        write_report(write_json, comparison, args.json_out)
    if args.docx_out is not None:
        from core.report.docx import write_docx

        write_report(write_docx, comparison, args.docx_out)
    if args.json:
        write_stdout(json_text(comparison), is_json=True)
    else:
        write_stdout(summary_text(comparison, top=args.top))
    return EXIT_OK if comparison.state is ResultState.COMPLETED else EXIT_INCOMPLETE


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "compare",
        help="compare two texts and print the verdict, metrics and biggest changes",
        description=(
            "Compare two versions of a story. A and B are files (text, Markdown, HTML, DOCX, "
            "PDF); '-' reads one of them from standard input."
        ),
    )
    parser.add_argument("a", metavar="A", help="the original (file, or - for standard input)")
    parser.add_argument("b", metavar="B", help="the other version (file, or -)")
    output = parser.add_argument_group("output")
    output.add_argument(
        "--json", action="store_true", help="print the full result as JSON instead of a summary"
    )
    output.add_argument("--html", dest="html_out", metavar="OUT", help="write an HTML report")
    output.add_argument("--json-out", metavar="OUT", help="write the JSON result to a file")
    output.add_argument(
        "--docx",
        dest="docx_out",
        metavar="OUT",
        help="write a Word redline: B's text with A's changes as tracked changes",
    )
    output.add_argument(
        "--top",
        type=positive_int,
        default=5,
        metavar="N",
        help="changes listed per section of the summary (default: 5)",
    )
    add_compare_options(parser)
    parser.set_defaults(handler=_run_compare)
