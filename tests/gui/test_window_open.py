"""Getting text into the window: API, command line, drops, paste, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import TIMEOUT_MS, drop_on, load_texts, open_pair, url_mime
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QColor, QGuiApplication, QImage

from gui.views.message_bar import Level
from gui.views.spans import Side


def test_empty_window_invites_to_open_or_drop(window):
    assert window.documents == {Side.A: None, Side.B: None}
    for pane in window.panes.values():
        assert pane.view.document().isEmpty()
        assert pane.view._empty_title == "Open two files or drop them here"
    assert window.metrics_panel.verdict_label.text() == "No comparison yet"
    assert window.changes_panel.model.rowCount() == 0


def test_open_pair_shows_both_texts_and_names(qtbot, window, samples):
    original, rewrite = samples
    open_pair(qtbot, window, original, rewrite)
    assert window.view_a.toPlainText() == original.read_text(encoding="utf-8").strip("\n") or (
        window.view_a.toPlainText() == window.documents[Side.A].text
    )
    assert window.view_b.toPlainText() == window.documents[Side.B].text
    assert "Port Ellery pier set to reopen" in window.view_b.toPlainText()
    assert window.pane_a.file_name() == "original.txt"
    assert window.pane_b.file_name() == "rewrite.txt"
    assert "original.txt" in window.status_labels[Side.A].text()
    assert window.index is not None and window.index.changes
    assert "original.txt" in window.windowTitle() and "rewrite.txt" in window.windowTitle()


def test_drop_one_file_on_a_pane_fills_that_side(qtbot, window, tmp_path):
    story = tmp_path / "wire.txt"
    story.write_text("The mayor opened the new bridge on Monday morning.\n", encoding="utf-8")
    with qtbot.waitSignal(window.document_shown, timeout=TIMEOUT_MS) as blocker:
        accepted = drop_on(window.view_b.viewport(), url_mime(story))
    assert accepted == (True, True)
    assert blocker.args == [int(Side.B)]
    assert window.documents[Side.A] is None
    assert window.view_b.toPlainText().startswith("The mayor opened the new bridge")


def test_drop_two_files_on_the_window_fills_both(qtbot, window, samples):
    original, rewrite = samples
    with qtbot.waitSignal(window.comparison_shown, timeout=TIMEOUT_MS):
        drop_on(window.view_a.viewport(), url_mime(original, rewrite))
    assert "Storm-damaged pier" in window.view_a.toPlainText()
    assert "Port Ellery pier set to reopen" in window.view_b.toPlainText()


def test_drop_two_files_on_the_gutter_also_fills_both(qtbot, window, samples):
    original, rewrite = samples
    with qtbot.waitSignal(window.comparison_shown, timeout=TIMEOUT_MS):
        drop_on(window, url_mime(original, rewrite))
    assert window.documents[Side.A] is not None and window.documents[Side.B] is not None


def _binary_file(tmp_path: Path) -> Path:
    path = tmp_path / "data.bin"
    path.write_bytes(bytes(range(256)) * 64)
    return path


def _image_mime() -> QMimeData:
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    mime = QMimeData()
    mime.setImageData(image)
    return mime


@pytest.mark.parametrize("kind", ["folder", "url", "image", "binary", "missing", "three"])
def test_bad_drops_show_a_message_and_keep_what_was_loaded(qtbot, window, samples, tmp_path, kind):
    original, rewrite = samples
    open_pair(qtbot, window, original, rewrite)
    before = dict(window.documents)
    text_before = window.view_a.toPlainText()
    if kind == "folder":
        mime, expected = url_mime(tmp_path), "folder"
    elif kind == "url":
        mime = QMimeData()
        mime.setUrls([QUrl("https://example.com/news/story.html")])
        expected = "web address"
    elif kind == "image":
        mime, expected = _image_mime(), "picture"
    elif kind == "three":
        mime, expected = url_mime(original, rewrite, original), "3 files"
    elif kind == "missing":
        mime, expected = url_mime(tmp_path / "gone.txt"), "gone.txt"
    else:
        mime, expected = url_mime(_binary_file(tmp_path)), "data.bin"
    drop_on(window.view_a.viewport(), mime)
    qtbot.waitUntil(lambda: window.message_bar.isVisible(), timeout=TIMEOUT_MS)
    assert window.message_bar.level() is Level.ERROR
    assert expected in window.message_bar.text()
    # Let any late result arrive, then check nothing was replaced.
    qtbot.waitUntil(lambda: not window.tasks.is_busy, timeout=TIMEOUT_MS)
    assert window.documents == before
    assert window.view_a.toPlainText() == text_before
    assert window.index is not None


def test_dropped_plain_text_becomes_that_side(qtbot, window):
    mime = QMimeData()
    mime.setText("Selected words dragged from a browser make a fine side B.")
    with qtbot.waitSignal(window.document_shown, timeout=TIMEOUT_MS):
        drop_on(window.view_b.viewport(), mime)
    assert window.documents[Side.B] is not None
    assert window.view_b.toPlainText().startswith("Selected words dragged")


def test_paste_as_side_uses_the_clipboard(qtbot, window):
    QGuiApplication.clipboard().setText("Text pasted from the wire service, with a quote.")
    with qtbot.waitSignal(window.document_shown, timeout=TIMEOUT_MS):
        window.paste_a_action.trigger()
    document = window.documents[Side.A]
    assert document is not None and "pasted" in document.name.lower()
    assert window.view_a.toPlainText().startswith("Text pasted from the wire")


def test_paste_with_empty_clipboard_says_so(qtbot, window):
    QGuiApplication.clipboard().setText("")
    window.paste_as(Side.B)
    assert window.message_bar.isVisible()
    assert "clipboard" in window.message_bar.text()
    assert window.documents[Side.B] is None


def test_swap_sides_exchanges_documents(qtbot, window):
    load_texts(qtbot, window, "First version of the story.", "Second version of the story.")
    a, b = window.documents[Side.A], window.documents[Side.B]
    with qtbot.waitSignal(window.comparison_shown, timeout=TIMEOUT_MS):
        window.swap_action.trigger()
    assert window.documents[Side.A] is b and window.documents[Side.B] is a
    assert window.view_a.toPlainText() == "Second version of the story."


def test_file_changed_on_disk_offers_reload(qtbot, window, tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("The council met on Tuesday to discuss the pier.", encoding="utf-8")
    b.write_text("The council met on Tuesday to talk about the pier.", encoding="utf-8")
    open_pair(qtbot, window, a, b)
    a.write_text("The council met on Wednesday to discuss the pier.", encoding="utf-8")
    qtbot.waitUntil(lambda: "changed on disk" in window.message_bar.text(), timeout=TIMEOUT_MS)
    assert window.message_bar.level() is Level.INFO
    assert window.message_bar.action_labels() == ["Reload"]
    assert "Tuesday" in window.view_a.toPlainText()  # nothing reloads behind the editor's back
    with qtbot.waitSignal(window.comparison_shown, timeout=TIMEOUT_MS):
        window.message_bar.trigger_action("Reload")
    assert "Wednesday" in window.view_a.toPlainText()


def test_recent_comparisons_are_remembered(qtbot, window, samples):
    from gui.settings import open_settings, recent_comparisons

    original, rewrite = samples
    open_pair(qtbot, window, original, rewrite)
    assert recent_comparisons(open_settings())[0] == (str(original), str(rewrite))
    window._fill_recent_menu()
    labels = [a.text() for a in window.recent_menu.actions()]
    assert labels == ["original.txt  ↔  rewrite.txt"]


def test_ctrl_v_in_a_pane_pastes_into_that_side(qtbot, window):
    QGuiApplication.clipboard().setText("A paragraph copied from a news site.")
    window.view_b.setFocus()
    with qtbot.waitSignal(window.document_shown, timeout=TIMEOUT_MS) as blocker:
        qtbot.keyClick(window.view_b, "v", Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [int(Side.B)]
    assert window.view_b.toPlainText() == "A paragraph copied from a news site."
