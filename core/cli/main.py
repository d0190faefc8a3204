"""``copydesk-cli``: compare two texts from a terminal or a script.

This module parses the command line, dispatches to the subcommands (:mod:`core.cli.compare`,
:mod:`core.cli.rank`) and turns every failure into one line on stderr and an exit status:
0 done, 1 the comparison was cancelled or skipped, 2 user error (bad arguments, unreadable
input, cannot write output), 70 internal error (a bug: please report it), 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence

from core.cli import compare as cli_compare
from core.cli.common import (
    DEBUG_ENV,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    PROG,
    Handler,
    Parser,
    Subparsers,
    terminal_safe,
)
from core.errors import CopydeskError


def _registrars() -> list[Callable[[Subparsers], None]]:
    registrars: list[Callable[[Subparsers], None]] = [cli_compare.register]
    # `rank` is an optional module (core/cli/rank.py with `register(subparsers)`).
    try:
        cli_rank = importlib.import_module("core.cli.rank")
    except ModuleNotFoundError as error:
        if error.name != "core.cli.rank":
            raise  # cli_rank exists but is broken: that is a bug, not an absent feature
    else:
        registrars.append(cli_rank.register)
    from core.cli import archive as cli_archive

    registrars.append(cli_archive.register)
    return registrars


def build_parser() -> argparse.ArgumentParser:
    from core.report.labels import copydesk_version

    parser = Parser(
        prog=PROG,
        description="Compare two versions of a news story.",
        epilog=(
            "Exit status: 0 done, 1 comparison cancelled or skipped, 2 error, "
            f"70 internal error (set {DEBUG_ENV}=1 for details), 130 interrupted."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {copydesk_version()}")
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, parser_class=Parser
    )
    for register in _registrars():
        register(subparsers)
    return parser


def _error(message: str) -> None:
    # One line whatever the message holds: a path with a newline must not split it.
    flat = terminal_safe(" ".join(message.split()))
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
