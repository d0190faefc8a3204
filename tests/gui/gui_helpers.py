"""Small helpers shared by the window tests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtWidgets import QApplication, QWidget

from gui.views.spans import Side
from gui.window.main_window import MainWindow

TIMEOUT_MS = 30_000


def open_pair(qtbot, window: MainWindow, a: Path | str, b: Path | str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(
        window.comparison_shown,
        timeout=TIMEOUT_MS,
        check_params_cb=lambda c: c.a.name == str(a) and c.b.name == str(b),
    ):
        window.open_files([str(a), str(b)])


def load_texts(qtbot, window: MainWindow, a: str, b: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.document_shown, timeout=TIMEOUT_MS):
        window.load_text(Side.A, a, "a.txt")
    # A comparison of the new A with the old B may land first; wait for the pair asked for.
    with qtbot.waitSignal(
        window.comparison_shown,
        timeout=TIMEOUT_MS,
        check_params_cb=lambda c: c.a.text == a and c.b.text == b,
    ):
        window.load_text(Side.B, b, "b.txt")


def url_mime(*paths: Path | str) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([p if isinstance(p, QUrl) else QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drop_on(widget: QWidget, mime: QMimeData) -> tuple[bool, bool]:
    """Send a drag-enter and a drop, as the platform would; returns whether each was accepted."""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    enter = _drag_enter(centre, mime)
    QApplication.sendEvent(widget, enter)
    from PySide6.QtGui import QDropEvent

    drop = QDropEvent(
        centre,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, drop)
    return enter.isAccepted(), drop.isAccepted()


def _drag_enter(point: QPointF, mime: QMimeData):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QDragEnterEvent

    args = (point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton)
    try:  # Qt 6.12 takes a QPointF (and deprecates QPoint); older versions only a QPoint
        return QDragEnterEvent(*args, Qt.KeyboardModifier.NoModifier)
    except TypeError:
        return QDragEnterEvent(point.toPoint(), *args[1:], Qt.KeyboardModifier.NoModifier)


def synthetic_story(paragraphs: int, seed: int, words_per_paragraph: int = 60) -> str:
    """Deterministic filler text of a chosen size (for timing-sensitive tests).

    Words come from a few thousand made-up words so that sentences are distinguishable, as in
    real text (a tiny vocabulary makes every sentence look like every other one).
    """
    import random

    syllables = ["ka", "lo", "mi", "ter", "ven", "sa", "dro", "pul", "nix", "ra", "bel", "tos"]
    vocabulary_rng = random.Random(7)
    vocabulary = [
        "".join(vocabulary_rng.choice(syllables) for _ in range(vocabulary_rng.randint(2, 4)))
        for _ in range(3000)
    ]
    rng = random.Random(seed)
    out = []
    for _ in range(paragraphs):
        sentences = []
        for _ in range(max(1, words_per_paragraph // 15)):
            words = [rng.choice(vocabulary) for _ in range(15)]
            sentences.append(" ".join(words).capitalize() + ".")
        out.append(" ".join(sentences))
    return "\n\n".join(out)
