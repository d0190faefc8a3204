"""Fixtures for the window tests: offscreen Qt, settings in a temp dir.

Qt messages of level WARNING and above fail a test: ``qt_log_level_fail`` and the one list of
ignored messages (each with why) are in pyproject.toml's pytest section.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "resources" / "samples"


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> Iterator[Path]:
    """Every test gets an empty settings store; the real user config is never touched."""
    folder = tmp_path / "settings"
    folder.mkdir()
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
        QSettings.setPath(fmt, QSettings.Scope.SystemScope, str(folder / "system"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    yield folder


@pytest.fixture
def samples() -> tuple[Path, Path]:
    return SAMPLES / "original.txt", SAMPLES / "rewrite.txt"


@pytest.fixture
def window(qtbot):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from gui.settings import APPLICATION, ORGANIZATION
    from gui.window.main_window import MainWindow

    app = QApplication.instance()
    assert app is not None
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
