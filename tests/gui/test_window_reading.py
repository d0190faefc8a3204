"""Reading a comparison as an editor does: where F7 goes, what the headers keep visible,
swapping sides, small screens, odd insertion points, printing and the folder dialog."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest
from gui_helpers import TIMEOUT_MS, load_texts, open_pair, synthetic_story
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QLabel, QPlainTextDocumentLayout

from core.model import Block, BlockKind, OpKind, TextRange, WordOp
from gui.views.spans import ComparisonIndex, Side


def _click_at(qtbot, window, side: Side, position: int) -> None:  # type: ignore[no-untyped-def]
    view = window.panes[side].view
    cursor = view.textCursor()
    cursor.setPosition(view.to_qt(position))
    point = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(point))


def _long_pair() -> tuple[str, str]:
    """Sixty paragraphs, every tenth one reworded in B: changes far apart."""
    a_parts = [synthetic_story(1, seed=i) for i in range(60)]
    b_parts = list(a_parts)
    for i in range(5, 60, 10):
        b_parts[i] = b_parts[i].replace(" ", " ruvo ", 1)
    return "\n\n".join(a_parts), "\n\n".join(b_parts)


# -- where F7 and Shift+F7 go ---------------------------------------------------------------


def test_f7_after_a_click_in_unchanged_text_goes_to_the_change_below_the_click(qtbot, window):
    a, b = _long_pair()
    load_texts(qtbot, window, a, b)
    changes = window.index.changes
    assert len(changes) >= 4
    window.select_change(0)
    # Click in the unchanged paragraph just above the third change.
    target = changes[2]
    window.view_a.center_on(target.a_range.start)
    click = window.index.blocks[target.index - 1]
    assert click.kind is BlockKind.EQUAL
    _click_at(qtbot, window, Side.A, click.a_range.start + 3)
    assert window.current_change is None  # the old change is no longer outlined
    assert window.view_a.current_range() is None
    window.next_action.trigger()
    assert window.current_change == 2


def test_f7_after_scrolling_away_from_the_current_change_goes_on_from_the_screen(qtbot, window):
    a, b = _long_pair()
    load_texts(qtbot, window, a, b)
    changes = window.index.changes
    window.select_change(0)
    # Scroll down to the fourth change's paragraph without selecting anything.
    window.view_a.center_on(changes[3].a_range.start)
    assert not window._change_on_screen(0)
    window.next_action.trigger()
    assert window.current_change is not None and window.current_change >= 2
    assert window._change_on_screen(window.current_change)


def test_shift_f7_with_nothing_selected_goes_up_from_the_screen_not_to_the_end(qtbot, window):
    a, b = _long_pair()
    load_texts(qtbot, window, a, b)
    changes = window.index.changes
    window.view_a.center_on(changes[3].a_range.start)
    top = window.view_a.position_at(0)
    window.previous_action.trigger()
    assert window.current_change is not None
    assert changes[window.current_change].a_range.start < top
    assert window.current_change != len(changes) - 1


def test_next_then_previous_still_step_one_by_one(qtbot, window, samples):
    open_pair(qtbot, window, *samples)
    window.next_action.trigger()
    first = window.current_change
    assert first is not None
    window.next_action.trigger()
    window.next_action.trigger()
    window.previous_action.trigger()
    assert window.current_change == first + 1


# -- headers, small screens -----------------------------------------------------------------


def test_the_file_name_keeps_its_room_before_the_details(qtbot, window, tmp_path):
    from gui.views.pane import _NameAndDetail

    a = tmp_path / "council-budget-story-original.txt"
    b = tmp_path / "council-budget-story-rewrite.txt"
    a.write_text(synthetic_story(40, seed=1), encoding="utf-8")
    b.write_text(synthetic_story(40, seed=2), encoding="utf-8")
    open_pair(qtbot, window, a, b)
    assert window.pane_a.name_label.text() == a.name
    assert a.name in window.pane_a.name_label.toolTip()
    assert "words" in window.pane_a.detail_label.toolTip()

    header = _NameAndDetail()
    qtbot.addWidget(header)
    header.show()
    detail = "Plain text · UTF-8 · 1,049,995 words"
    header.set_texts(a.name, detail)
    name_width = header.name_label.fontMetrics().horizontalAdvance(a.name)
    detail_width = header.detail_label.fontMetrics().horizontalAdvance(detail)
    # Room for everything: both in full, the detail after the name.
    header.resize(name_width + detail_width + 60, 24)
    assert header.name_label.text() == a.name and header.detail_label.text() == detail
    assert header.detail_label.geometry().left() > header.name_label.geometry().right()
    # Room for the name and a little more: the detail shrinks to its word count.
    count_width = header.detail_label.fontMetrics().horizontalAdvance("1,049,995 words")
    header.resize(name_width + count_width + 20, 24)
    assert header.name_label.text() == a.name
    assert header.detail_label.text() == "1,049,995 words"
    # Room for the name only: the detail goes.
    header.resize(name_width + 20, 24)
    assert header.name_label.text() == a.name
    assert header.detail_label.isHidden()
    # Less than the name: only now is the name shortened, in the middle.
    header.resize(name_width // 2, 24)
    shown = header.name_label.text()
    assert "…" in shown and shown.startswith("coun") and shown.endswith("txt")


def test_default_window_size_fits_a_small_screen():
    from gui.window.main_window import DEFAULT_SIZE, default_window_size

    assert default_window_size(QSize(1920, 1080)) == DEFAULT_SIZE
    small = default_window_size(QSize(1024, 700))
    assert small.width() <= 1024 and small.height() <= 700


def test_metrics_rows_never_overlap_in_a_short_window(qtbot, window, samples):
    open_pair(qtbot, window, *samples)
    window.resize(1000, 700)
    # A tall list of changes leaves the metrics dock far less height than its form needs.
    window.resizeDocks([window.changes_dock], [420], Qt.Orientation.Vertical)
    qtbot.wait(50)
    assert window.metrics_dock.height() < window.metrics_panel.minimumSizeHint().height()
    panel = window.metrics_panel
    labels = [label for label in panel.findChildren(QLabel) if label.isVisible()]
    rows = sorted((label.mapTo(panel, QPoint(0, 0)).y(), label.height()) for label in labels)
    for (top, height), (next_top, _h) in itertools.pairwise(rows):
        if next_top != top:  # labels on one form row share their top
            assert next_top >= top + min(height, 12) - 1, (top, height, next_top)


# -- swapping -------------------------------------------------------------------------------


def test_swap_hands_the_laid_out_texts_over_instead_of_rebuilding_them(qtbot, window, samples):
    open_pair(qtbot, window, *samples)
    document_a, document_b = window.view_a.document(), window.view_b.document()
    text_a, text_b = window.view_a.toPlainText(), window.view_b.toPlainText()
    with qtbot.waitSignal(window.comparison_shown, timeout=TIMEOUT_MS):
        window.swap_action.trigger()
    assert window.view_a.document() is document_b
    assert window.view_b.document() is document_a
    assert (window.view_a.toPlainText(), window.view_b.toPlainText()) == (text_b, text_a)
    assert window.pane_a.file_name() == "rewrite.txt"
    # Marks are those of the new comparison: B's "torn" is now on side A.
    position = text_b.index("torn")
    fmt = window.view_a.char_format_at(position)
    assert fmt.background().style() != Qt.BrushStyle.NoBrush


def test_swap_with_one_side_empty(qtbot, window):
    with qtbot.waitSignal(window.document_shown, timeout=TIMEOUT_MS):
        window.load_text(Side.A, "Only one version so far.", "a.txt")
    window.swap_action.trigger()
    assert window.documents[Side.A] is None
    assert window.view_b.toPlainText() == "Only one version so far."
    assert window.view_a.toPlainText() == ""


# -- text layout in slices ------------------------------------------------------------------


def test_prepared_text_in_slices_is_the_same_document(qtbot):
    from gui.views.text_view import FILL_CHUNK, PreparedText, display_text

    unit = "Fans cheered 🎉 as the mayor spoke.\r\nA second line\rand a third.\n\n"
    text = unit * (2 * FILL_CHUNK // len(unit) + 3)
    assert len(text) > 2 * FILL_CHUNK
    prepared = PreparedText(text)
    document = prepared.take_document()
    reference = QTextDocument()
    reference.setDocumentLayout(QPlainTextDocumentLayout(reference))
    reference.setPlainText(display_text(text))
    assert document.toPlainText() == reference.toPlainText()
    assert document.blockCount() == reference.blockCount()
    # Positions still line up: the emoji after the last chunk boundary is where Python says.
    position = text.rindex("🎉")
    cursor = QTextCursor(document)
    cursor.setPosition(prepared.offsets.to_qt(position))
    cursor.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, 1)
    assert cursor.selectedText() == "🎉"


def test_a_worker_hands_its_document_over_only_while_the_gui_thread_is_parked(qtbot):
    # The worker lets go of its QTextDocument while the GUI thread waits in Python, holding no
    # Qt lock (the hand-over that hung a test when moveToThread met the GUI thread in ~QObject).
    import threading

    from PySide6.QtCore import QThread

    from core.errors import CancelledError
    from gui.views.text_view import DocumentHandover, PreparedText

    handover = DocumentHandover()
    results: list[object] = []
    gui_thread_waiting_in_slot: list[bool] = []
    original_parked = handover._parked

    def parked(events):  # type: ignore[no-untyped-def]
        gui_thread_waiting_in_slot.append(QThread.currentThread() is handover.thread())
        original_parked(events)

    handover._park.disconnect(original_parked)
    handover._park.connect(parked, Qt.ConnectionType.QueuedConnection)

    def work() -> None:
        results.append(PreparedText("A line.\n\nAnother line.", handover))

    worker = threading.Thread(target=work)
    worker.start()
    qtbot.waitUntil(lambda: bool(results), timeout=TIMEOUT_MS)
    worker.join()
    # Parked twice: while the document is made (its layout connects to it) and let go of.
    assert gui_thread_waiting_in_slot == [True, True]
    prepared = results[0]
    assert isinstance(prepared, PreparedText)
    document = prepared.take_document()
    assert document.thread() is QThread.currentThread()
    assert "Another line." in document.toPlainText()

    # A worker whose GUI thread never comes to the hand-over stops when it is cancelled.
    cancel = threading.Event()
    failures: list[BaseException] = []

    def cancelled_work() -> None:
        try:
            PreparedText("Text nobody will see.", handover, should_cancel=cancel.is_set)
        except CancelledError as error:
            failures.append(error)

    worker = threading.Thread(target=cancelled_work)
    worker.start()  # the GUI thread does not spin its event loop meanwhile
    cancel.set()
    worker.join(timeout=5)
    assert not worker.is_alive()
    assert len(failures) == 1
    qtbot.wait(50)  # the late park request finds the worker gone and returns at once


# -- the overview strip ---------------------------------------------------------------------


def _index_with_blocks(window, blocks: list[Block]) -> ComparisonIndex:  # type: ignore[no-untyped-def]
    comparison = dataclasses.replace(window.index.comparison, blocks=tuple(blocks))
    return ComparisonIndex(comparison)


def test_overview_shows_removed_text_over_a_move_in_the_same_row(qtbot, window):
    from gui.views.overview import _WEIGHT
    from gui.views.spans import Mark

    text = "\n\n".join(synthetic_story(1, seed=i) for i in range(40))
    load_texts(qtbot, window, text, text + "\n\nAn extra line at the end.")
    length = len(text)
    moved = Block(0, BlockKind.MOVED, (0,), (0,), TextRange(0, 50), TextRange(0, 50), (), 1.0)
    removed = Block(
        1,
        BlockKind.DELETED,
        (1,),
        (),
        TextRange(60, 70),
        TextRange(50, 50),
        (WordOp(OpKind.DELETE, 60, 70, 50, 50),),
        0.0,
    )
    reworded = Block(
        2,
        BlockKind.CHANGED,
        (5,),
        (5,),
        TextRange(length // 2, length // 2 + 40),
        TextRange(length // 2, length // 2 + 40),
        (),
        0.5,
    )
    window.overview.set_index(_index_with_blocks(window, [moved, removed, reworded]))
    rows = window.overview.row_marks(Side.A, 200)
    assert rows[0] == _WEIGHT[Mark.BLOCK_DELETED]  # removed wins the top row over the move
    assert rows[100] == _WEIGHT[Mark.BLOCK_CHANGED]
    assert rows[150] == 0
    assert sum(1 for row in rows if row) < 10


def test_overview_of_many_changes_renders(qtbot, window):
    text = "\n\n".join(synthetic_story(1, seed=i) for i in range(40))
    load_texts(qtbot, window, text, text + "\n\nAn extra line.")
    length = len(text)
    blocks = [
        Block(i, BlockKind.CHANGED, (i,), (i,), TextRange(p, p + 3), TextRange(p, p + 3), (), 0.5)
        for i, p in enumerate(range(0, length - 4, max(1, length // 30_000)))
    ]
    assert len(blocks) > 20_000
    window.overview.set_index(_index_with_blocks(window, blocks))
    # Row buckets make this one fill per run of rows, not one per change.  How fast that is
    # belongs in a benchmark: a wall-clock limit here failed whenever the machine was busy.
    assert not window.overview.grab().toImage().isNull()
    assert all(window.overview.row_marks(Side.B, 300))


# -- an insertion point that the engine left at the start -------------------------------------


def test_a_removed_block_pointing_at_the_top_of_b_stays_sensible(qtbot, window):
    """With repeated text a removed block may carry B's insertion point 0 (known item 2).

    Selecting it outlines the insertion point at B's start; scroll synchronisation still
    follows the monotone chain of the other blocks, so scrolling A past the block keeps B
    level with A instead of pulling it to the top; the gutter paints without trouble.
    """
    parts = [synthetic_story(1, seed=i) for i in range(40)]
    a = "\n\n".join(parts)
    b = "\n\n".join(parts[:20] + parts[21:])  # paragraph 20 removed
    load_texts(qtbot, window, a, b)
    blocks = list(window.index.blocks)
    number, removed = next(
        (i, blk) for i, blk in enumerate(blocks) if blk.kind is BlockKind.DELETED
    )
    assert removed.b_range.start > 0
    blocks[number] = dataclasses.replace(removed, b_range=TextRange(0, 0))
    index = _index_with_blocks(window, blocks)
    window._set_index(index)
    change = index.change_number(blocks[number])
    assert change is not None
    window.select_change(change)
    assert window.view_b.current_range() == (0, 0)
    window.gutter.grab()  # paints the far-away band without error
    # Scrolling A to the block keeps B on the matching text, not at B's top.
    window.view_a.center_on(removed.a_range.start)
    window.sync.align_to(Side.A)
    middle = window.view_a.position_at(window.view_a.viewport().height() / 2)
    expected = index.map_position(Side.A, middle)
    assert expected > len(b) // 3
    top, bottom = window.view_b.visible_range()
    assert top <= expected <= bottom
    # The chain of anchors stays monotone on both sides.
    positions = [index.map_position(Side.A, p) for p in range(0, len(a), 500)]
    assert positions == sorted(positions)


# -- printing and the folder dialog -----------------------------------------------------------


def test_printed_comparison_names_the_texts_and_explains_the_colours(qtbot, window, samples):
    from gui.formats import ColorScheme
    from gui.views import printing
    from gui.window.main_window import _print_palette

    open_pair(qtbot, window, *samples)
    html = printing.comparison_html(
        window.index, ColorScheme.for_palette(_print_palette()), printed="2024-05-01 09:30"
    )
    assert "Copydesk comparison" in html and "Printed 2024-05-01 09:30" in html
    assert "original.txt" in html and "rewrite.txt" in html
    assert "English" in html  # the language of each side
    for label in ("Removed", "Added", "Reworded", "Moved"):
        assert label in html
    assert "<thead>" in html  # repeated on every page


def test_saving_a_pdf_keeps_the_window_responsive(qtbot, window, samples, tmp_path):
    open_pair(qtbot, window, *samples)
    target = tmp_path / "out.pdf"
    handle = window.save_pdf(str(target))
    assert handle is not None and window.tasks.is_busy  # runs in the background
    qtbot.waitUntil(lambda: target.exists(), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: not window.tasks.is_busy, timeout=TIMEOUT_MS)
    assert target.read_bytes().startswith(b"%PDF")


def test_a_cancelled_pdf_is_not_written(qtbot, window, samples, tmp_path):
    from gui.formats import ColorScheme
    from gui.views import printing
    from gui.window.main_window import _print_palette

    open_pair(qtbot, window, *samples)
    target = tmp_path / "out.pdf"
    scheme = ColorScheme.for_palette(_print_palette())
    assert not printing.save_pdf(window.index, scheme, target, cancelled=lambda: True)
    assert not target.exists()
    assert not list(tmp_path.glob(".copydesk-*"))


def test_compare_with_folder_follows_side_a_while_idle(qtbot, window, tmp_path, monkeypatch):
    from gui.rank.rank_window import RankWindow

    first, second, other = (tmp_path / n for n in ("first.txt", "second.txt", "other.txt"))
    for path, seed in ((first, 1), (second, 2), (other, 3)):
        path.write_text(synthetic_story(3, seed=seed), encoding="utf-8")
    open_pair(qtbot, window, first, other)
    window.rank_action.trigger()
    dialog = window.rank_window
    assert dialog is not None and dialog.isVisible()
    assert dialog.query_edit.text() == str(first)
    dialog.close()
    open_pair(qtbot, window, second, other)
    window.rank_action.trigger()
    assert window.rank_window is dialog  # the same dialog, its folder and results kept
    assert dialog.query_edit.text() == str(second)
    # While a ranking runs the query it ranks stays in the field.
    monkeypatch.setattr(RankWindow, "is_running", property(lambda self: True))
    open_pair(qtbot, window, first, other)
    window.rank_action.trigger()
    assert dialog.query_edit.text() == str(second)
    monkeypatch.undo()
    dialog.close()


def test_compare_with_archive_opens_the_remembered_index(qtbot, window, tmp_path):
    from gui.settings import remember_archive

    first = tmp_path / "first.txt"
    first.write_text(synthetic_story(3, seed=1), encoding="utf-8")
    open_pair(qtbot, window, first, first)
    database = tmp_path / "archive.db"
    database.write_bytes(b"")  # any existing file: the dialog only shows it
    remember_archive(str(database))
    assert window.archive_action.text() == "Compare with Archive…"
    window.archive_action.trigger()
    dialog = window.rank_window
    assert dialog is not None and dialog.isVisible()
    assert dialog.folder_edit.text() == str(database)
    assert dialog.query_edit.text() == str(first)
    assert dialog.rescan_button.text() == "Update Index"
    dialog.close()


def test_pasted_side_a_leaves_the_folder_query_alone(qtbot, window, tmp_path):
    first = tmp_path / "first.txt"
    first.write_text(synthetic_story(3, seed=1), encoding="utf-8")
    open_pair(qtbot, window, first, first)
    window.rank_action.trigger()
    window.rank_window.close()
    with qtbot.waitSignal(window.document_shown, timeout=TIMEOUT_MS):
        window.load_text(Side.A, "Pasted text has no file to rank.", None)
    window.rank_action.trigger()
    assert window.rank_window.query_edit.text() == str(first)
    window.rank_window.close()


@pytest.fixture(autouse=True)
def _no_stray_files(tmp_path: Path):  # type: ignore[no-untyped-def]
    yield
    assert not list(tmp_path.glob(".copydesk-*"))


def test_an_insertion_point_is_drawn_between_paragraphs_not_through_one(qtbot, window):
    parts = [synthetic_story(1, seed=i) for i in range(12)]
    a = "\n\n".join(parts)
    b = "\n\n".join(parts[:6] + parts[7:])  # paragraph 6 removed
    load_texts(qtbot, window, a, b)
    removed = next(blk for blk in window.index.blocks if blk.kind is BlockKind.DELETED)
    point = removed.b_range.start
    following = b.index(parts[7])
    assert point < following  # the engine's point ends the previous paragraph
    window.view_b.center_on(following)
    qtbot.wait(20)
    top, bottom = window.view_b.y_range(point, point)
    assert top == bottom
    assert 0 <= top <= window.view_b.viewport().height()
    next_top, _ = window.view_b.y_range(following, following + 5)
    _top, previous_bottom = window.view_b.y_range(point - 5, point)
    assert top == next_top  # just above the paragraph that follows
    assert top >= previous_bottom  # below the last line of the one before


def test_a_far_change_lands_on_screen_in_a_text_never_scrolled_through(qtbot, window):
    # Long paragraphs: Qt counts each paragraph it has not laid out yet as a single line.
    a_parts = [synthetic_story(1, seed=i, words_per_paragraph=120) for i in range(80)]
    b_parts = list(a_parts)
    b_parts[75] = b_parts[75].replace(" ", " ruvo ", 1)
    load_texts(qtbot, window, "\n\n".join(a_parts), "\n\n".join(b_parts))
    (number,) = range(len(window.index.changes))
    window.select_change(number)
    block = window.index.changes[number]
    for side, view in ((Side.A, window.view_a), (Side.B, window.view_b)):
        start, _end = window.index.range_of(block, side)
        top, bottom = view.visible_range()
        assert top <= start <= bottom, side
        y, _ = view.y_range(start, start + 1)
        # About a third of the way down, as asked.
        assert abs(y - view.viewport().height() / 3) < 3 * view.line_height(), side


def test_jumping_to_unchanged_text_from_the_overview_leaves_the_old_change(qtbot, window):
    a, b = _long_pair()
    load_texts(qtbot, window, a, b)
    window.select_change(0)
    # Unchanged text well past the first change, a little above the last one.
    last = window.index.changes[-1]
    target = window.index.blocks[last.index - 1]
    assert target.kind is BlockKind.EQUAL
    fraction = (target.a_range.start + 5) / len(a)
    window._on_overview_jump(int(Side.A), fraction)
    assert window.current_change is None
    assert "changes" in window.position_label.text()
    window.next_action.trigger()
    assert window.current_change == len(window.index.changes) - 1


# -- one dialog for both files --------------------------------------------------------------


def test_open_pair_dialog_takes_files_from_two_folders(qtbot, window, tmp_path):
    wire, desk = tmp_path / "wire", tmp_path / "desk"
    wire.mkdir()
    desk.mkdir()
    a, b = wire / "story.txt", desk / "story-rewrite.txt"
    a.write_text("The council met on Tuesday to discuss the pier.", encoding="utf-8")
    b.write_text("The council met on Tuesday to talk about the pier.", encoding="utf-8")
    dialog = window.choose_pair()
    assert dialog.isVisible()
    open_button = dialog.buttons.buttons()[0]
    assert not open_button.isEnabled()  # nothing chosen yet
    dialog.fields[Side.A].setText(str(b))
    dialog.fields[Side.B].setText(str(a))
    dialog.swap_button.click()  # picked the wrong way round
    assert dialog.paths() == (str(a), str(b))
    with qtbot.waitSignal(window.comparison_shown, timeout=TIMEOUT_MS):
        dialog.accept()
    assert window.paths[Side.A] == str(a) and window.paths[Side.B] == str(b)


def test_open_pair_dialog_says_which_file_is_missing(qtbot, window, tmp_path, samples):
    dialog = window.choose_pair()
    dialog.fields[Side.A].setText(str(samples[0]))
    dialog.fields[Side.B].setText(str(tmp_path / "gone.txt"))
    dialog.accept()
    assert dialog.isVisible()  # still open, nothing loaded
    assert "copy (B) does not exist" in dialog.problem_label.text()
    dialog.fields[Side.B].setText(str(tmp_path))
    dialog.accept()
    assert "folder" in dialog.problem_label.text()
    assert window.documents[Side.A] is None
    dialog.reject()


def test_browsing_two_files_at_once_fills_both_sides(qtbot, samples):
    from gui.window.pair_dialog import PairDialog

    picked = [str(samples[0]), str(samples[1])]
    dialog = PairDialog(browse=lambda _parent, _title, _folder: picked)
    qtbot.addWidget(dialog)
    dialog._choose(Side.B)
    assert dialog.paths() == tuple(picked)


def test_relative_paths_from_the_command_line_are_remembered_absolute(
    qtbot, window, tmp_path, monkeypatch
):
    from gui.settings import open_settings, recent_comparisons

    (tmp_path / "a.txt").write_text("The council met on Tuesday.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The council met on Wednesday.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with qtbot.waitSignal(window.comparison_shown, timeout=TIMEOUT_MS):
        window.open_files(["a.txt", "b.txt"])
    expected = (str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert (window.paths[Side.A], window.paths[Side.B]) == expected
    assert recent_comparisons(open_settings())[0] == expected


def test_a_file_that_cannot_be_read_is_still_reported_after_the_other_loads(
    qtbot, window, tmp_path, samples
):
    missing = tmp_path / "wire-story.txt"
    with qtbot.waitSignal(window.document_shown, timeout=TIMEOUT_MS):
        window.open_files([str(missing), str(samples[1])])
    qtbot.waitUntil(lambda: not window.tasks.is_busy, timeout=TIMEOUT_MS)
    assert window.documents[Side.B] is not None
    assert window.message_bar.isVisible()
    assert "wire-story.txt" in window.message_bar.text()


def test_two_unreadable_files_are_both_named(qtbot, window, tmp_path):
    window.open_files([str(tmp_path / "first.txt"), str(tmp_path / "second.txt")])
    qtbot.waitUntil(lambda: not window.tasks.is_busy, timeout=TIMEOUT_MS)
    text = window.message_bar.text()
    assert "first.txt" in text and "second.txt" in text


def test_compare_with_folder_uses_the_current_options(qtbot, window):
    window.rank_action.trigger()
    dialog = window.rank_window
    assert dialog._config.ignore_case is True
    dialog.close()
    window.options.ignore_case.setChecked(False)
    window.rank_action.trigger()
    assert dialog._config.ignore_case is False
    dialog.close()
