"""``copydesk --self-test``: a headless smoke test of an installed or frozen Copydesk.

It proves the pieces a package can break are all there: the bundled sample articles (data
files), the engine and its data-hungry libraries (sentencex, langdetect's profiles, sacrebleu),
Qt's platform plugin, fonts and styles, and the real main window loading two files through its
background tasks and putting the comparison on screen.  It prints one line and returns the
process exit status::

    copydesk self-test ok: verdict=light_edit similarity=0.85 blocks=40 window=shown

or ``copydesk self-test FAILED: <what went wrong>`` and 1.  Packaging (packaging/build.sh, the
.deb test, the release workflow) runs it on every build.

:func:`run_self_test` must run before any QApplication exists when it is to pick the
``offscreen`` platform itself (it does so only when ``QT_QPA_PLATFORM`` is unset, so
``QT_QPA_PLATFORM=xcb copydesk --self-test`` shows a real window).  The user's settings are
never touched: QSettings points at a temporary folder for the run.

:func:`resource_path` finds bundled resources both in a source checkout and in a PyInstaller
bundle (where they sit under ``sys._MEIPASS``); the GUI can use it for its icon too.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

SAMPLE_A = ("samples", "original.txt")
SAMPLE_B = ("samples", "rewrite.txt")
DEFAULT_TIMEOUT_S = 60.0


class SelfTestError(Exception):
    """One plain-language reason the self-test failed."""


def resources_root() -> Path:
    """The ``resources`` folder: in the PyInstaller bundle when frozen, else the checkout."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource, e.g. ``resource_path("icons", "copydesk.svg")``."""
    return resources_root().joinpath(*parts)


def run_self_test(timeout_s: float = DEFAULT_TIMEOUT_S) -> int:
    """Run the smoke test; print one summary line; return 0 on success, 1 on failure."""
    try:
        summary = _self_test(timeout_s)
    except Exception as error:  # any failure, expected or not, becomes one line
        reason = (
            str(error) if isinstance(error, SelfTestError) else f"{type(error).__name__}: {error}"
        )
        print(f"copydesk self-test FAILED: {reason}", flush=True)
        return 1
    print(f"copydesk self-test ok: {summary}", flush=True)
    return 0


def _self_test(timeout_s: float) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    path_a, path_b = (resource_path(*parts) for parts in (SAMPLE_A, SAMPLE_B))
    for path in (path_a, path_b):
        if not path.is_file():
            raise SelfTestError(f"bundled sample article missing: {path}")

    _check_engine(path_a, path_b)
    return _check_window(path_a, path_b, timeout_s)


def _check_engine(path_a: Path, path_b: Path) -> None:
    """The engine alone first, so an engine failure is not reported as a window failure."""
    from core import compare, load_file
    from core.model import ResultState

    comparison = compare(load_file(path_a), load_file(path_b))
    if comparison.state is not ResultState.COMPLETED:
        raise SelfTestError(
            f"engine did not complete: {comparison.state.value} {comparison.message}"
        )
    if comparison.verdict is None or comparison.metrics is None or not comparison.blocks:
        raise SelfTestError("engine returned no verdict, metrics or blocks for the samples")
    if not comparison.metrics.language_a.is_known:
        raise SelfTestError("language detection found no language (langdetect profiles missing?)")


def _check_window(path_a: Path, path_b: Path, timeout_s: float) -> str:
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "copydesk"])
    with tempfile.TemporaryDirectory(prefix="copydesk-selftest-") as settings_dir:
        for settings_format in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
            QSettings.setPath(settings_format, QSettings.Scope.UserScope, settings_dir)

        from gui.window.main_window import MainWindow

        window = MainWindow()
        shown: list[object] = []
        loop = QEventLoop()

        def on_shown(comparison: object) -> None:
            shown.append(comparison)
            loop.quit()

        window.comparison_shown.connect(on_shown)
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        try:
            window.show()
            window.open_files([str(path_a), str(path_b)])
            deadline = time.monotonic() + timeout_s
            while not shown and time.monotonic() < deadline:
                timer.start(max(1, int((deadline - time.monotonic()) * 1000)))
                loop.exec()
            timer.stop()
            if not shown:
                message = window.message_bar.text()
                detail = f" (window says: {message})" if message else ""
                raise SelfTestError(
                    f"the comparison was not shown within {timeout_s:.0f} s{detail}"
                )
            app.processEvents()
            if not window.isVisible():
                raise SelfTestError("the main window is not visible")
            if window.grab().isNull():  # paints every widget: style, fonts, text views
                raise SelfTestError("the main window could not be painted")
            return _summary(shown[0])
        finally:
            window.close()
            app.processEvents()


def _summary(comparison: object) -> str:
    from core.model import Comparison

    if not isinstance(comparison, Comparison) or comparison.verdict is None:
        raise SelfTestError("the window signalled a comparison without a verdict")
    similarity = comparison.metrics.word_similarity if comparison.metrics else float("nan")
    return (
        f"verdict={comparison.verdict.kind.value} similarity={similarity:.2f} "
        f"blocks={len(comparison.blocks)} window=shown"
    )
