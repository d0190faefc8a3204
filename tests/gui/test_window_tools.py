"""The window as a daily tool (issue 15): find, text size, copy, theme, reflow, changes said in
words, and the papercuts (swap, elided names, small screens, export names, the ranking window,
the pair dialog, --help, the drop hint)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from gui_helpers import TIMEOUT_MS, load_texts, open_pair
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog

from gui.theme import Theme, apply_theme
from gui.views.pane import elide_name
from gui.views.spans import Side
from gui.window.main_window import NORMAL_TEXT_SIZE, MainWindow, export_name


def _new_window(qtbot, width: int = 1200, height: int = 800) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    return window


# -- 1. Find ---------------------------------------------------------------------------------


def test_find_counts_and_steps_through_matches_in_both_panes(qtbot, window, samples):
    open_pair(qtbot, window, *samples)
    text_a, text_b = (window.documents[s].text for s in Side)
    expected = text_a.lower().count("pier") + text_b.lower().count("pier")
    assert expected > 2
    window.find_action.trigger()
    assert window.find_bar.isVisible() and window.find_bar.field.hasFocus()
    qtbot.keyClicks(window.find_bar.field, "pier")
    assert len(window.finder.results) == expected
    assert window.find_bar.count_label.text() == f"1 of {expected}"
    first = window.finder.results.matches[window.finder.current]
    view = window.panes[first.side].view
    assert view.textCursor().selectedText().lower() == "pier"
    marks = view.extraSelections()
    assert marks and marks[0].format.background().color() == window.scheme.find_match
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Return)  # Enter = next
    assert window.find_bar.count_label.text() == f"2 of {expected}"
    window.find_next_action.trigger()  # F3
    assert window.finder.current == 2
    window.find_previous_action.trigger()  # Shift+F3
    assert window.finder.current == 1
    # Only side B.
    window.find_bar.scope.setCurrentIndex(2)
    assert len(window.finder.results) == text_b.lower().count("pier")
    assert all(m.side is Side.B for m in window.finder.results.matches)
    # Esc closes the bar and clears the marks.
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()
    assert len(window.finder.results) == 0
    assert window.view_b.extraSelections() == []


def test_find_in_changes_only_keeps_matches_inside_changed_text(qtbot, window, samples):
    open_pair(qtbot, window, *samples)
    window.show_find_bar()
    window.find_bar.field.setText("the")
    everywhere = len(window.finder.results)
    window.find_bar.changes_only.setChecked(True)
    inside = window.finder.results.matches
    assert 0 < len(inside) < everywhere
    index = window.index
    for match in inside:
        block = index.block_at(match.side, match.start)
        assert block is not None and block.is_change


def test_find_marks_follow_a_swap(qtbot, window, samples):
    open_pair(qtbot, window, *samples)
    window.show_find_bar()
    window.find_bar.field.setText("pier")  # 9 in A, 8 in B
    before = {side: len(window.finder.results.on_side(side)) for side in Side}
    with qtbot.waitSignal(window.comparison_shown, timeout=TIMEOUT_MS):
        window.swap_sides()
    after = {side: len(window.finder.results.on_side(side)) for side in Side}
    assert before[Side.A] != before[Side.B]
    assert after == {Side.A: before[Side.B], Side.B: before[Side.A]}
    assert len(window.view_a.extraSelections()) == after[Side.A]


@pytest.mark.parametrize("dark", [False, True])
def test_find_matches_have_their_own_readable_colour(dark):
    from PySide6.QtGui import QColor, QPalette

    from gui.formats import ColorScheme, contrast_ratio
    from gui.views.spans import Mark

    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1f22" if dark else "#ffffff"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e3e3e3" if dark else "#000000"))
    scheme = ColorScheme.for_palette(palette)
    assert contrast_ratio(scheme.text, scheme.find_match) >= 4.5
    for mark in Mark:
        assert scheme.find_match.name() not in (
            scheme.background(mark).name(),
            scheme.strong[mark].name(),
        )


def test_find_with_no_match_says_so(qtbot, window, samples):
    open_pair(qtbot, window, *samples)
    window.show_find_bar()
    window.find_bar.field.setText("zebra crossing")
    assert window.find_bar.count_label.text() == "No matches"
    window.find_next()  # nothing to go to, nothing raised
    assert window.finder.current is None


# -- 2. Zoom -----------------------------------------------------------------------------


def test_zoom_changes_both_panes_keeps_them_level_and_is_remembered(qtbot, window, samples):
    open_pair(qtbot, window, *samples)
    assert window.text_size() == NORMAL_TEXT_SIZE
    window.resize(900, 500)
    window.view_a.center_on(window.documents[Side.A].text.index("Engineers"))
    window.sync.align_to(Side.A)
    top = window.view_a.position_at(0)
    window.zoom_in_action.trigger()
    window.zoom_in_action.trigger()
    size = window.text_size()
    assert size > NORMAL_TEXT_SIZE
    assert window.view_b.point_size() == size
    assert window.view_b.document().defaultFont().pointSizeF() == size
    # The line that was at the top of A is still at the top (within a line).
    line = window.view_a.line_number_of(top)
    assert abs(window.view_a.verticalScrollBar().value() - line) <= 1
    assert float(window.settings.value("view/text_size")) == size
    other = _new_window(qtbot)
    assert other.text_size() == size
    other.close()
    window.zoom_reset_action.trigger()
    assert window.text_size() == NORMAL_TEXT_SIZE
    window.zoom_out_action.trigger()
    assert window.text_size() < NORMAL_TEXT_SIZE


def test_ctrl_wheel_zooms_both_panes(qtbot, window):
    window.view_b.zoom_requested.emit(1)
    assert window.view_a.point_size() == window.view_b.point_size() > NORMAL_TEXT_SIZE


# -- 3. Edit menu --------------------------------------------------------------------------


def _menu_texts(window, title: str) -> list[str]:  # type: ignore[no-untyped-def]
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == title:
            return [a.text() for a in action.menu().actions() if not a.isSeparator()]
    raise AssertionError(title)


def test_edit_menu_copies_selects_all_and_copies_a_change(qtbot, window):
    assert {"Copy", "Select All", "Copy Change as Before -> After", "Find…"} <= set(
        _menu_texts(window, "Edit")
    )
    load_texts(qtbot, window, "The council met on Tuesday.", "The council met on Friday.")
    window.view_b.setFocus()
    window.select_all_action.trigger()
    window.copy_action.trigger()
    assert QGuiApplication.clipboard().text() == "The council met on Friday."
    window.view_b.moveCursor(window.view_b.textCursor().MoveOperation.Start)  # no selection
    window.next_change()
    window.copy_change_action.trigger()
    assert (
        QGuiApplication.clipboard().text()
        == "The council met on Tuesday. -> The council met on Friday."
    )


# -- 4. Theme ----------------------------------------------------------------------------


@pytest.fixture
def system_theme_after():  # type: ignore[no-untyped-def]
    yield
    apply_theme(Theme.SYSTEM)


def test_theme_menu_switches_and_remembers(qtbot, window, samples, system_theme_after):
    assert [a.text() for a in window.theme_actions.values()] == ["System", "Light", "Dark"]
    assert window.theme_actions[Theme.SYSTEM].isChecked()
    system_palette = QPalette(QApplication.instance().palette())
    open_pair(qtbot, window, *samples)
    window.theme_actions[Theme.DARK].trigger()
    assert window.scheme.dark
    assert QApplication.instance().palette().color(window.palette().ColorRole.Base).lightness() < 80
    assert window.settings.value("view/theme") == "dark"
    other = _new_window(qtbot)
    assert other.theme is Theme.DARK and other.theme_actions[Theme.DARK].isChecked()
    other.close()
    window.theme_actions[Theme.LIGHT].trigger()
    assert not window.scheme.dark
    window.theme_actions[Theme.DARK].trigger()
    window.theme_actions[Theme.SYSTEM].trigger()  # the system's own palette comes back
    assert window.settings.value("view/theme") == "system"
    assert not window.scheme.dark
    assert QApplication.instance().palette() == system_palette


def test_theme_on_the_command_line():
    from gui.app import parse_args

    assert parse_args(["--theme", "dark", "a.txt"]).theme == "dark"
    with pytest.raises(SystemExit):
        parse_args(["--theme", "purple"])


# -- 5. Reflow ---------------------------------------------------------------------------


def _wrapped_story() -> tuple[str, str]:
    paragraphs = [
        "The council agreed on Tuesday to reopen the Victorian pier on Saturday after eight "
        "months of repairs that cost far more than the engineers had first expected.",
        "Engineers replaced forty-two of the iron piles and rebuilt the central deck, which "
        "collapsed into the sea when waves of more than six metres struck the coast in January.",
        "The mayor said the town owed the volunteers who kept the lifeboat station running a "
        "great debt, and that a plaque would be unveiled at the end of the pier in their honour.",
    ]
    a = "\n\n".join(textwrap.fill(p, 68) for p in paragraphs)
    b = "\n\n".join(textwrap.fill(p.replace("Saturday", "Sunday"), 68) for p in paragraphs)
    return a, b


def test_hard_wrapped_text_is_shown_reflowed_with_exact_offsets(qtbot, window):
    a, b = _wrapped_story()
    assert window.reflow_action.isChecked()  # on by default
    load_texts(qtbot, window, a, b)
    shown = window.view_a.toPlainText()
    assert len(shown) == len(a)
    assert shown.count("\n") == 4  # only the blank lines between the three paragraphs
    assert window.view_a.reflowed
    assert "reflowed" in window.pane_a.detail_label.toolTip()
    # Marks still sit on the changed word: offsets into the original are offsets on screen.
    position = b.index("Sunday")
    assert window.view_b.toPlainText()[position : position + 6] == "Sunday"
    assert window.view_b.char_format_at(position).background().color().alpha() > 0
    # Copying a selection gives the original text, line breaks included.
    cursor = window.view_a.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(150, cursor.MoveMode.KeepAnchor)
    window.view_a.setTextCursor(cursor)
    assert window.view_a.selected_text() == a[:150]
    qtbot.keyClick(window.view_a, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == a[:150]
    window.reflow_action.setChecked(False)
    assert window.view_a.toPlainText() == a
    assert "reflowed" not in window.pane_a.detail_label.toolTip()
    assert window.index is not None  # the comparison is kept
    assert window.settings.value("view/reflow") in (False, "false")
    window.reflow_action.setChecked(True)
    assert window.view_a.toPlainText().count("\n") == 4


# -- 6. Merged and split paragraphs in words --------------------------------------------------


def test_merged_sentences_are_said_in_words(qtbot, window):
    a = (
        "The council met on Tuesday evening in the town hall. It discussed the future of the "
        "old pier at length. In the end it voted to reopen the pier in the spring.\n\n"
        "The mayor thanked the volunteers for their work over the winter months."
    )
    b = (
        "The council met on Tuesday evening in the town hall, discussed the future of the old "
        "pier at length and in the end voted to reopen the pier in the spring.\n\n"
        "The mayor thanked the volunteers for their work over the winter months."
    )
    load_texts(qtbot, window, a, b)
    model = window.changes_panel.model
    labels = [model.index(r, 1).data() for r in range(model.rowCount())]
    tips = [model.index(r, 1).data(Qt.ItemDataRole.ToolTipRole) for r in range(model.rowCount())]
    assert "Merged 3 → 1" in labels
    assert any("3 sentences of A merged into 1 sentence of B" in tip for tip in tips)
    window.next_change()
    assert "merged into" in window.position_label.text()
    # The pane's tooltip over the change says the same.
    block = window.index.changes[window.current_change]
    assert "merged into" in window._tooltip_at(Side.A, block.a_range.start)


# -- 8. Swap sides ----------------------------------------------------------------------------


def test_swap_leaves_no_horizontal_scroll_bar(qtbot, window, samples):
    open_pair(qtbot, window, *samples)
    assert window.sync_action.isChecked()  # A has no scroll bar: it is the wider pane
    with qtbot.waitSignal(window.comparison_shown, timeout=TIMEOUT_MS):
        window.swap_action.trigger()
    for view in (window.view_a, window.view_b):
        bar = view.horizontalScrollBar()
        assert bar.maximum() == 0 and not bar.isVisible()
        # Every line fits the viewport.
        layout = view.document().documentLayout()
        assert layout.documentSize().width() <= view.viewport().width()


# -- 9. Elided names ------------------------------------------------------------------------


def test_elided_names_keep_the_extension(qtbot, window, tmp_path):
    metrics = window.pane_a.name_label.fontMetrics()
    name = "2026-03-14-port-ellery-pier-reopens-after-repairs.txt"
    short = elide_name(name, 120, metrics)
    assert short.endswith(".txt") and "…" in short and short.startswith("2026")
    assert metrics.horizontalAdvance(short) <= 120
    assert elide_name(name, 5, metrics).endswith(".txt")
    a = tmp_path / "0001-wire-story-storm-damaged-pier-to-reopen-original-version.txt"
    b = tmp_path / "0001-wire-story-storm-damaged-pier-to-reopen-rewritten-version.txt"
    a.write_text("The pier will reopen on Saturday.", encoding="utf-8")
    b.write_text("The pier will reopen on Sunday.", encoding="utf-8")
    open_pair(qtbot, window, a, b)
    window.show_find_bar()
    window.next_change()  # a long description of the change under the panes
    window.resize(800, 600)
    qtbot.wait(50)
    # 800 px is really 800 px: neither the Find bar nor the docks make the window wider.
    assert window.minimumSizeHint().width() <= 800
    assert window.width() == 800
    shown = window.position_label.shown_text()
    assert shown.startswith("Change 1 of 1") and window.position_label.toolTip().startswith(
        shown[:-1]
    )
    for pane, path in ((window.pane_a, a), (window.pane_b, b)):
        shown = pane.name_label.text()
        assert "…" in shown and shown.endswith(".txt") and len(shown) > 8
        assert str(path) in pane.name_label.toolTip()


# -- 10. Small screens ------------------------------------------------------------------------


def test_a_small_window_stays_small_with_the_docks_tabbed(qtbot):
    window = _new_window(qtbot, 800, 600)
    assert window.tabbed_docks_action.isChecked()
    window.show_find_bar()
    qtbot.wait(20)
    assert window.width() == 800


def test_at_1280x720_the_docks_share_a_tab_and_the_text_gets_the_height(qtbot):
    window = _new_window(qtbot, 1280, 720)
    assert window.tabbed_docks_action.isChecked()
    assert window.changes_dock in window.tabifiedDockWidgets(window.metrics_dock)

    def lines() -> float:
        return window.view_a.viewport().height() / window.view_a.line_height()

    qtbot.waitUntil(lambda: lines() >= 24, timeout=3000)  # ~15 with the list under the panes
    window.close()  # the layout is remembered
    again = _new_window(qtbot, 1280, 720)
    assert again.changes_dock in again.tabifiedDockWidgets(again.metrics_dock)
    again.tabbed_docks_action.setChecked(False)
    assert again.dockWidgetArea(again.changes_dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    again.close()


def test_a_tall_window_keeps_the_changes_under_the_panes(window):
    assert not window.tabbed_docks_action.isChecked()
    assert window.dockWidgetArea(window.changes_dock) == Qt.DockWidgetArea.BottomDockWidgetArea


# -- 11. Export names ---------------------------------------------------------------------------


def test_export_suggests_both_file_names(qtbot, window, samples, monkeypatch):
    open_pair(qtbot, window, *samples)
    assert export_name(window.documents, "html") == "original-vs-rewrite.html"
    suggested = []

    def fake_dialog(_parent, _title, path, _filter):  # type: ignore[no-untyped-def]
        suggested.append(path)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_dialog))
    window.export("json")
    window.save_pdf()
    assert [Path(p).name for p in suggested] == [
        "original-vs-rewrite.json",
        "original-vs-rewrite.pdf",
    ]


def test_export_name_of_pasted_text(qtbot, window):
    load_texts(qtbot, window, "One version.", "Another version.")
    assert export_name(window.documents, "html") == "pasted-a-vs-pasted-b.html"


# -- 12. The ranking window ---------------------------------------------------------------------


def test_a_pair_opened_from_the_ranking_window_comes_forward(qtbot, window, samples):
    window.show_rank_window()
    rank = window.rank_window
    assert rank is not None and rank.isVisible()
    # Its own window, not a dialog kept above the main window.
    assert rank.parent() is None
    assert rank.windowHandle().transientParent() is None
    rank.activateWindow()
    with qtbot.waitSignal(window.comparison_shown, timeout=TIMEOUT_MS):
        rank.open_pair_requested.emit(str(samples[0]), str(samples[1]))
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


# -- 13. The pair dialog ------------------------------------------------------------------------


def test_enter_after_browse_opens_the_pair(qtbot, samples):
    from gui.window.pair_dialog import PairDialog

    calls = []

    def browse(_parent, _title, _directory):  # type: ignore[no-untyped-def]
        calls.append(1)
        return [str(samples[0]), str(samples[1])]

    dialog = PairDialog(browse=browse)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.browse_buttons[Side.A], Qt.MouseButton.LeftButton)
    assert dialog.paths() == (str(samples[0]), str(samples[1]))
    open_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Open)
    assert open_button.isDefault() and not dialog.browse_buttons[Side.A].isDefault()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    assert calls == [1]  # the chooser was not opened again


# -- 14. --help -------------------------------------------------------------------------------


def test_help_lists_keys_formats_theme_and_the_cli(capsys):
    from gui.app import parse_args

    with pytest.raises(SystemExit):
        parse_args(["--help"])
    text = capsys.readouterr().out
    for needle in ("F7", "Ctrl+F", "Ctrl+0", "--theme", ".docx", ".pdf", ".html", "copydesk-cli"):
        assert needle in text, needle


# -- 15. Drag and drop said outside the empty window ---------------------------------------------


def test_file_menu_and_status_bar_mention_drag_and_drop(window):
    assert "drop" in window.statusBar().currentMessage().lower()
    for action in (window.open_pair_action, window.open_a_action, window.open_b_action):
        assert "drop" in action.statusTip().lower()
        assert "drop" in action.toolTip().lower()


# -- 7. Metrics in plain language ----------------------------------------------------------------


def test_metric_tooltips_say_what_the_value_means_first(qtbot, window, samples):
    open_pair(qtbot, window, *samples)
    metrics = window.index.comparison.metrics
    panel = window.metrics_panel
    chrf = panel.metric_labels["chrf"].toolTip()
    meaning, jargon = chrf.split("\n\n")
    assert meaning.startswith(f"{metrics.chrf:.0f} of 100: ")
    assert "character sequences shared" in meaning
    assert jargon.startswith("chrF: character n-gram F-score")
    ter = panel.metric_names["ter"].toolTip()
    assert ter.startswith(f"About {metrics.ter:.0f} word edits per 100 words")
    assert "TER, translation edit rate" in ter.split("\n\n")[1]
    for key in panel.metric_labels:
        assert "\n\n" in panel.metric_labels[key].toolTip(), key


def test_metric_meanings_follow_the_value():
    from core.report.labels import metric_meaning

    assert metric_meaning("chrf", 95.0).startswith("95 of 100: almost all")
    assert metric_meaning("chrf", 72.0).startswith("72 of 100: most")
    assert metric_meaning("chrf", 8.0).startswith("8 of 100: few")
    assert metric_meaning("ter", 5.0).endswith("barely edited.")
    assert metric_meaning("ter", 80.0).endswith("rewritten throughout.")
    assert metric_meaning("word_similarity", 0.85).startswith("85% of the words")
    assert metric_meaning("chrf", float("nan")) == "Not available for this pair."
