"""Fixtures for the window tests: offscreen Qt, settings in a temp dir, Qt warnings fail.

Qt messages of level WARNING and above fail a test (pytest-qt's ``qt_log_level_fail``, set
below per test with the same effect as the ini option).  Ignored messages, each with why:

* "This plugin does not support propagateSizeHints()": the offscreen platform plugin used
  for tests has no window manager to pass size hints to and says so whenever a window's
  minimum or maximum size changes; on a real platform the call does its job silently.
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

# Qt log messages that are not ours and say nothing about the window; every entry says why.
QT_LOG_IGNORE: list[str] = [
    r"This plugin does not support propagateSizeHints\(\)",
    r"This plugin does not support raise\(\)",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/gui" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            if QT_LOG_IGNORE:
                item.add_marker(pytest.mark.qt_log_ignore(*QT_LOG_IGNORE))


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
