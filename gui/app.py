"""Entry point: ``copydesk [A] [B] [--theme system|light|dark] [--self-test]``."""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

ICON_PATH = Path(__file__).resolve().parent.parent / "resources" / "icons" / "copydesk.svg"


HELP_EPILOG = """\
files it reads:
  .txt and .md in any common encoding (detected), .html (the article text only),
  .docx, .pdf (text layer); or drop files on the window, or paste text into a pane

keys:
  F7 / Shift+F7, Alt+Down / Alt+Up   next / previous change
  Ctrl+F, F3 / Shift+F3              find in either pane or both; next / previous match
  Ctrl++ / Ctrl+- / Ctrl+0           larger / smaller / normal text
  Ctrl+C, Ctrl+Shift+C, Ctrl+A       copy; copy the change as before -> after; select all
  Ctrl+O                             open a pair        Ctrl+Shift+S  swap sides
  F5                                 reload             Esc           stop the work

the same engine without a window:
  copydesk-cli compare A B [--json | --html REPORT.html]
  copydesk-cli rank A FOLDER --top 10
"""


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="copydesk",
        description="Compare two versions of a news story side by side.",
        epilog=HELP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="original (A), then copy (B)")
    parser.add_argument(
        "--theme",
        choices=("system", "light", "dark"),
        help="colours of the window (remembered; also View > Theme)",
    )
    parser.add_argument("--self-test", action="store_true", help="check the installation and exit")
    args = parser.parse_args(list(argv))
    if len(args.files) > 2:
        parser.error("give at most two files: the original (A) and the copy (B)")
    return args


def run_self_test_or_explain() -> int:
    try:
        from gui.selftest import run_self_test
    except ImportError as error:
        print(f"copydesk: the self-test is not available in this build ({error}).", file=sys.stderr)
        return 2
    return int(run_self_test())


def main(argv: Sequence[str] | None = None) -> int:
    # Folder ranking starts worker processes; in a frozen build they re-enter here first.
    multiprocessing.freeze_support()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.self_test:
        sys.exit(run_self_test_or_explain())

    from gui.window.main_window import MainWindow

    app = create_application()
    window = MainWindow()
    if args.theme:
        from gui.theme import Theme

        window.set_theme(Theme(args.theme))
    window.show()
    freeze_startup_heap()
    if args.files:
        window.open_files(args.files)
    return int(app.exec())


def freeze_startup_heap() -> None:
    """Keep everything made at start-up out of the cyclic garbage collector's sweeps.

    Qt and the engine leave a few hundred thousand long-lived objects behind at
    start-up; a full collection walks all of them, and it stops every thread, the GUI thread
    included, while it does (up to 0.4 s during a 1M-word comparison).  Frozen, they are
    skipped: the pauses roughly halve.  They are never garbage anyway.
    """
    gc.collect()
    gc.freeze()


def create_application() -> QApplication:
    """The QApplication with Copydesk's names (they locate its settings) and icon."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from gui.settings import APPLICATION, ORGANIZATION

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Copydesk")
    app.setDesktopFileName("copydesk")
    if ICON_PATH.exists():
        app.setWindowIcon(QIcon(str(ICON_PATH)))
    return app


if __name__ == "__main__":
    sys.exit(main())
