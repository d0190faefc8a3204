"""``copydesk-cli``: compare two texts from a terminal or a script.

Subcommands live in their own modules and are added by a ``register(subparsers)`` function
that creates a parser and sets ``handler`` (a ``Callable[[argparse.Namespace], int]``) with
``set_defaults``.  Handlers raise :class:`CopydeskError` for anything the user should fix;
:func:`main` turns it into one line on stderr and exit status 2.  Helpers other subcommands
can reuse: :func:`add_compare_options`, :func:`config_from_args`, :func:`load_input`,
:func:`write_stdout`.

Exit status: 0 done, 1 the comparison was cancelled or skipped, 2 user error (bad arguments,
unreadable input, cannot write output), 70 internal error (a bug: please report it), 130
interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from typing import IO, Any, NoReturn

from core.config import DEFAULT_CONFIG, CompareConfig
from core.errors import BinaryInputError, CopydeskError
from core.model import Document, Granularity, ResultState

PROG = "copydesk-cli"
STDIN_PATH = "-"
STDIN_LABEL = "standard input"
EXIT_OK = 0
EXIT_INCOMPLETE = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70  # sysexits' EX_SOFTWARE
EXIT_INTERRUPTED = 130
DEBUG_ENV = "COPYDESK_DEBUG"  # set to 1 to see the traceback of an internal error

Handler = Callable[[argparse.Namespace], int]
# argparse does not export the type of add_subparsers()'s result.
Subparsers = Any


class UsageError(CopydeskError):
    """Bad command-line arguments."""


class _Parser(argparse.ArgumentParser):
    # argparse prints the whole usage and exits; we want one line and main()'s exit handling.
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


# --------------------------------------------------------------------------------------------
# Helpers shared by subcommands


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0: {text}")
    return value


def add_compare_options(parser: argparse.ArgumentParser) -> None:
    """The matching options of :class:`CompareConfig`, as command-line flags."""
    group = parser.add_argument_group("matching options")
    case = group.add_mutually_exclusive_group()
    case.add_argument(
        "--ignore-case",
        dest="ignore_case",
        action="store_true",
        default=None,
        help="treat upper and lower case as the same (default)",
    )
    case.add_argument(
        "--match-case",
        dest="ignore_case",
        action="store_false",
        help="count a change of case as a change",
    )
    group.add_argument(
        "--ignore-punctuation",
        action="store_true",
        help="do not count punctuation changes",
    )
    group.add_argument(
        "--no-moves",
        action="store_true",
        help="do not detect moved sentences (show them as removed and added)",
    )
    group.add_argument(
        "--granularity",
        choices=[granularity.value for granularity in Granularity],
        default=None,
        help="unit of the changes shown inside sentences (default: word)",
    )
    group.add_argument(
        "--max-words",
        type=_positive_int,
        metavar="N",
        default=None,
        help=f"refuse texts longer than N words (default: {DEFAULT_CONFIG.max_words:,})",
    )


def config_from_args(args: argparse.Namespace) -> CompareConfig:
    """The :class:`CompareConfig` for the flags added by :func:`add_compare_options`."""
    changes: dict[str, object] = {}
    if args.ignore_case is not None:
        changes["ignore_case"] = args.ignore_case
    if args.ignore_punctuation:
        changes["ignore_punctuation"] = True
    if args.no_moves:
        changes["detect_moves"] = False
    if args.granularity is not None:
        changes["granularity"] = Granularity(args.granularity)
    if args.max_words is not None:
        changes["max_words"] = args.max_words
    return DEFAULT_CONFIG.with_options(**changes)


def load_input(path: str, config: CompareConfig, stdin: IO[bytes] | None = None) -> Document:
    """Load a file, or standard input when ``path`` is ``-``."""
    from core.load.loading import load_bytes, load_file

    if path != STDIN_PATH:
        try:
            return load_file(path, config=config)
        except UnicodeDecodeError:
            # The loader should say this itself; never let a decoding slip become a traceback.
            raise BinaryInputError(f"{path}: this is not text in a known encoding.", path) from None
    stream = stdin if stdin is not None else sys.stdin.buffer
    # One byte over the limit is enough for the loader to refuse; never slurp an endless pipe.
    return load_bytes(stream.read(config.max_bytes + 1), STDIN_LABEL, config)


def write_stdout(text: str) -> None:
    """Write UTF-8 whatever the console's code page, so JSON and non-Latin text survive."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # replaced by a text-only stream (tests, IDEs)
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _write_report(write: Callable[[Any, str], None], comparison: Any, path: str) -> None:
    try:
        write(comparison, path)
    except CopydeskError:
        raise
    except OSError as error:
        reason = error.strerror or str(error)
        raise CopydeskError(f"cannot write {path}: {reason}") from error


# --------------------------------------------------------------------------------------------
# compare


def _run_compare(args: argparse.Namespace) -> int:
    from core import report
    from core.engine.compare import compare

    if args.a == STDIN_PATH and args.b == STDIN_PATH:
        raise UsageError("only one of the two texts can be read from standard input ('-')")
    config = config_from_args(args)
    document_a = load_input(args.a, config)
    document_b = load_input(args.b, config)
    comparison = compare(document_a, document_b, config)
    if args.html_out:
        _write_report(report.write_html, comparison, args.html_out)
    if args.json_out:
        _write_report(report.write_json, comparison, args.json_out)
    if args.json:
        write_stdout(report.json_text(comparison))
    else:
        write_stdout(report.summary_text(comparison, top=args.top))
    return EXIT_OK if comparison.state is ResultState.COMPLETED else EXIT_INCOMPLETE


def _register_compare(subparsers: Subparsers) -> None:
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
        "--top",
        type=_positive_int,
        default=5,
        metavar="N",
        help="changes listed per section of the summary (default: 5)",
    )
    add_compare_options(parser)
    parser.set_defaults(handler=_run_compare)


# --------------------------------------------------------------------------------------------
# Dispatcher


def _registrars() -> list[Callable[[Subparsers], None]]:
    registrars: list[Callable[[Subparsers], None]] = [_register_compare]
    # `rank` is an optional module (core/cli/rank.py with `register(subparsers)`).
    try:
        cli_rank = importlib.import_module("core.cli.rank")
    except ModuleNotFoundError as error:
        if error.name != "core.cli.rank":
            raise  # cli_rank exists but is broken: that is a bug, not an absent feature
    else:
        registrars.append(cli_rank.register)
    return registrars


def build_parser() -> argparse.ArgumentParser:
    from core.report import copydesk_version

    parser = _Parser(
        prog=PROG,
        description="Compare two versions of a news story.",
        epilog=(
            "Exit status: 0 done, 1 comparison cancelled or skipped, 2 error, "
            f"70 internal error (set {DEBUG_ENV}=1 for details), 130 interrupted."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {copydesk_version()}")
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, parser_class=_Parser
    )
    for register in _registrars():
        register(subparsers)
    return parser


def _error(message: str) -> None:
    # One line whatever the message holds: a path with a newline must not split it.
    flat = " ".join(message.split())
    sys.stderr.write(f"{PROG}: error: {flat}\n")
    sys.stderr.flush()


def _quiet_stdout() -> None:
    # After a broken pipe, Python's shutdown flush would print a second error; point
    # stdout at /dev/null so it has nothing to complain about.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    # `rank --workers` starts processes; in a frozen build they re-enter here first.
    multiprocessing.freeze_support()
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as done:  # --help and --version
            return done.code if isinstance(done.code, int) else EXIT_OK
        handler: Handler = args.handler
        return handler(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_USAGE
    except CopydeskError as error:
        _error(str(error))
        return EXIT_USAGE
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        _error(f"{where}{error.strerror or error}")
        return EXIT_USAGE
    except Exception as error:
        if os.environ.get(DEBUG_ENV):
            raise
        _error(
            f"internal error ({type(error).__name__}: {error}); please report it, "
            f"with {DEBUG_ENV}=1 set to include the details"
        )
        return EXIT_INTERNAL
