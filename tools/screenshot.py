"""Take a screenshot of the real window on an X display (used under Xvfb by tools/screenshot.sh).

    python tools/screenshot.py OUT.png A B [--dark]

Opens A and B, waits until the comparison is on screen, steps to a change so the current-change
outline shows, then grabs the whole X screen with ImageMagick's ``import -window root``.
Settings go to a throw-away folder so the picture does not depend on the user's config.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

TIMEOUT_MS = 60_000
SETTLE_MS = 700  # let the window paint after the comparison lands


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/screenshot.py")
    parser.add_argument("output", type=Path)
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--dark", action="store_true", help="use a dark palette")
    parser.add_argument("--steps", type=int, default=2, help="changes to step through first")
    parser.add_argument(
        "--passage", type=int, default=None, help="bring this passage (from 1) into view instead"
    )
    parser.add_argument("--fact", type=int, default=None, help="changed fact to show (0-based)")
    parser.add_argument("--find", default="", help="open the Find bar with these words")
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY"):
        print("screenshot: no X display (run it through tools/screenshot.sh)", file=sys.stderr)
        return 2

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtGui import QGuiApplication

    settings_dir = tempfile.mkdtemp(prefix="copydesk-shot-")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)

    from gui.app import create_application
    from gui.window.main_window import MainWindow

    app = create_application()
    app.setStyle("Fusion")
    window = MainWindow()
    if args.dark:
        from gui.theme import Theme

        window.set_theme(Theme.DARK, remember=False)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    window.setGeometry(screen)
    window.show()
    outcome = {"code": 1}

    def capture() -> None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            ["import", "-window", "root", str(args.output)], check=False, capture_output=True
        )
        if result.returncode == 0:
            outcome["code"] = 0
            print(args.output)
        else:
            print(result.stderr.decode(errors="replace"), file=sys.stderr)
        window.close()
        app.quit()

    def on_shown(_comparison: object) -> None:
        window.comparison_shown.disconnect(on_shown)
        if args.passage is not None:
            window.show_passage(args.passage - 1)
        else:
            for _ in range(args.steps):
                window.next_change()
        if args.fact is not None:
            window.select_fact(args.fact)
        if args.find:
            window.show_find_bar()
            window.find_bar.field.setText(args.find)
        QTimer.singleShot(SETTLE_MS, capture)

    def give_up() -> None:
        print("screenshot: the comparison did not appear in time", file=sys.stderr)
        window.close()
        app.quit()

    window.comparison_shown.connect(on_shown)
    QTimer.singleShot(TIMEOUT_MS, give_up)
    window.open_files([args.a, args.b])
    app.exec()
    return outcome["code"]


if __name__ == "__main__":
    sys.exit(main())
