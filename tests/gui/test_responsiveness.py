"""Work off the GUI thread: tokens, stale results, cancel, quitting mid-way, big documents."""

from __future__ import annotations

import threading

import pytest
from gui_helpers import TIMEOUT_MS, load_texts, open_pair, synthetic_story
from PySide6.QtCore import QCoreApplication

from gui.tasks import TaskRunner
from gui.views.spans import DisjointSpans, Mark, Side, SideSpans
from gui.views.text_view import DiffTextView


def test_a_newer_request_supersedes_an_older_one(qtbot):
    runner = TaskRunner()
    release = threading.Event()
    started = threading.Event()

    def slow(handle):  # type: ignore[no-untyped-def]
        started.set()
        release.wait(TIMEOUT_MS / 1000)
        return "old"

    finished: list[object] = []
    runner.finished.connect(lambda h: finished.append(h.result))
    old = runner.start("compare", slow)
    assert started.wait(5)
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT_MS):
        new = runner.start("compare", lambda h: "new")
    assert old.cancelled and not new.cancelled
    release.set()
    assert runner.shutdown(10_000)
    QCoreApplication.processEvents()
    assert finished == ["new"]


def test_failures_are_reported_with_their_error(qtbot):
    runner = TaskRunner()

    def broken(handle):  # type: ignore[no-untyped-def]
        raise ValueError("bad input")

    with qtbot.waitSignal(runner.failed, timeout=TIMEOUT_MS) as blocker:
        runner.start("load-A", broken)
    assert isinstance(blocker.args[0].error, ValueError)
    assert not runner.is_busy
    runner.shutdown()


def _big_pair() -> tuple[str, str]:
    a = synthetic_story(900, seed=1)
    b = synthetic_story(900, seed=2)
    return a, b


def test_cancel_stops_a_long_comparison_and_keeps_the_texts(qtbot, window):
    a, b = _big_pair()
    with qtbot.waitSignal(window.document_shown, timeout=TIMEOUT_MS):
        window.load_text(Side.A, a, "a.txt")
    with qtbot.waitSignal(window.document_shown, timeout=TIMEOUT_MS):
        window.load_text(Side.B, b, "b.txt")
    assert window.tasks.current("compare") is not None
    assert window.cancel_button.isVisible()
    shown: list[object] = []
    window.comparison_shown.connect(shown.append)
    handle = window.tasks.current("compare")
    window.cancel_button.click()
    assert handle.cancelled
    qtbot.waitUntil(lambda: not window.cancel_button.isVisible(), timeout=TIMEOUT_MS)
    assert window.tasks.shutdown(TIMEOUT_MS)
    QCoreApplication.processEvents()
    assert shown == []
    assert window.index is None
    assert window.view_a.toPlainText().startswith(a[:40])
    assert "Stopped" in window.message_bar.text()


def test_quitting_during_a_comparison_is_clean(qtbot, window):
    a, b = _big_pair()
    with qtbot.waitSignal(window.document_shown, timeout=TIMEOUT_MS):
        window.load_text(Side.A, a, "a.txt")
    with qtbot.waitSignal(window.document_shown, timeout=TIMEOUT_MS):
        window.load_text(Side.B, b, "b.txt")
    handle = window.tasks.current("compare")
    assert handle is not None
    window.close()
    assert handle.cancelled
    assert not window.tasks.is_busy
    QCoreApplication.processEvents()  # late results must find nothing to do


def test_long_documents_are_marked_lazily(qtbot):
    """Only the blocks on screen get formats, however long the document."""
    paragraphs = [f"Paragraph {i} says the council replaced the pier deck." for i in range(20_000)]
    text = "\n".join(paragraphs)
    spans = [(m, m + 8, Mark.WORD_REPLACED) for m in _find_all(text, "replaced")]
    view = DiffTextView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    from gui.formats import ColorScheme

    view.set_scheme(ColorScheme.for_palette(view.palette()))
    view.set_text(text)
    view.set_spans(SideSpans(DisjointSpans([]), DisjointSpans(spans)))
    qtbot.waitUntil(lambda: _formatted_blocks(view) > 0, timeout=TIMEOUT_MS)
    assert _formatted_blocks(view) < 200
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    last = view.document().lastBlock()
    qtbot.waitUntil(lambda: bool(last.layout().formats()), timeout=TIMEOUT_MS)
    assert _formatted_blocks(view) < 400


def _find_all(text: str, word: str) -> list[int]:
    out, start = [], text.find(word)
    while start != -1:
        out.append(start)
        start = text.find(word, start + 1)
    return out


def _formatted_blocks(view: DiffTextView) -> int:
    count, block = 0, view.document().firstBlock()
    while block.isValid():
        count += bool(block.layout().formats())
        block = block.next()
    return count


def test_scrolling_is_synchronised_and_can_be_switched_off(qtbot, window, samples):
    a = "\n\n".join(synthetic_story(1, seed=i) for i in range(60))
    b_parts = [synthetic_story(1, seed=i) for i in range(60)]
    b_parts.insert(5, synthetic_story(12, seed=999))  # a long insertion near the top
    b = "\n\n".join(b_parts)
    load_texts(qtbot, window, a, b)
    window.view_a.verticalScrollBar().setValue(window.view_a.verticalScrollBar().maximum() // 2)
    middle_a = window.view_a.position_at(window.view_a.viewport().height() / 2)
    middle_b = window.view_b.position_at(window.view_b.viewport().height() / 2)
    expected_b = window.index.map_position(Side.A, middle_a)
    # Level within a few lines of text.
    assert abs(middle_b - expected_b) < 400
    assert window.view_b.verticalScrollBar().value() > window.view_a.verticalScrollBar().value()
    window.sync_action.setChecked(False)
    before = window.view_b.verticalScrollBar().value()
    window.view_a.verticalScrollBar().setValue(0)
    assert window.view_b.verticalScrollBar().value() == before


def test_window_geometry_is_restored(qtbot, window, samples):
    from gui.window.main_window import MainWindow

    window.resize(760, 590)  # the offscreen screen is 800x600; restoring clamps to it
    expected = window.size()
    window.changes_dock.hide()
    window.close()
    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    assert again.size() == expected  # a window without settings opens at 1360x860
    assert not again.changes_dock.isVisible()
    again.close()


def test_command_line(monkeypatch):
    from gui import app

    args = app.parse_args(["a.txt", "b.txt"])
    assert args.files == ["a.txt", "b.txt"] and not args.self_test
    assert app.parse_args(["--self-test"]).self_test
    with pytest.raises(SystemExit):
        app.parse_args(["a", "b", "c"])


def test_self_test_missing_module_gives_a_clear_message(monkeypatch, capsys):
    import builtins

    from gui import app

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "gui.selftest":
            raise ImportError("No module named 'gui.selftest'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    assert app.run_self_test_or_explain() == 2
    assert "self-test is not available" in capsys.readouterr().err


def test_open_pair_from_samples_is_quick_to_show(qtbot, window, samples):
    open_pair(qtbot, window, *samples)
    assert window.gutter.visible_blocks()
    assert window.overview.marks()
