"""What every ``copydesk-cli`` subcommand shares: exit codes, the parser class, the matching
flags, reading an input (file or standard input) and writing output.

A subcommand lives in its own module with a ``register(subparsers)`` function that creates a
parser and sets ``handler`` (a ``Callable[[argparse.Namespace], int]``) with ``set_defaults``;
:mod:`core.cli.main` registers them.  Handlers raise :class:`CopydeskError` for anything the
user should fix; ``main`` turns it into one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from typing import IO, Any, NoReturn

from core.config import DEFAULT_CONFIG, CompareConfig
from core.errors import BinaryInputError, CopydeskError, write_error
from core.model import Document, Granularity

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


class Parser(argparse.ArgumentParser):
    # argparse prints the whole usage and exits; we want one line and main()'s exit handling.
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def positive_int(text: str) -> int:
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
        type=positive_int,
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


# What an article (or a file name) must not smuggle into a terminal: C0 controls other than tab
# and line feed (ESC starts colour, cursor and title sequences; CR overwrites a line), DEL, C1
# controls (U+009B is a one-character CSI) and bidi embeddings, overrides and isolates (they
# reorder what follows them on the line).
_TERMINAL_UNSAFE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Surrogates (from file names that are not UTF-8) cannot be encoded at all.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _visible_control(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ESC shows as "␛"
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def terminal_safe(text: str) -> str:
    """``text`` with every character that could drive or spoof a terminal made visible."""
    text = _SURROGATE_RE.sub("\ufffd", text)
    return _TERMINAL_UNSAFE_RE.sub(_visible_control, text)


def json_terminal_safe(text: str) -> str:
    """JSON text with the same characters as ``\\uXXXX`` escapes: the same JSON value.

    JSON already escapes C0 controls; C1 controls and bidi formatting characters can only
    occur inside strings, where an escape means the same character.
    """
    text = _SURROGATE_RE.sub("\ufffd", text)
    return _TERMINAL_UNSAFE_RE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def write_stdout(text: str, is_json: bool = False) -> None:
    """Write UTF-8 whatever the console's code page, so JSON and non-Latin text survive.

    Control characters are neutralised (:func:`terminal_safe`; in JSON as escapes), so an
    article cannot recolour the terminal, set its title or reorder the summary.
    """
    text = json_terminal_safe(text) if is_json else terminal_safe(text)
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # replaced by a text-only stream (tests, IDEs)
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def write_report(write: Callable[[Any, str], None], comparison: Any, path: str) -> None:
    """Write a report; any OSError in the one wording of :func:`core.errors.write_error` (the
    writers of :mod:`core.report` already raise it so; this covers any other writer)."""
    try:
        write(comparison, path)
    except CopydeskError:
        raise
    except OSError as error:
        raise write_error(path, error) from error
