"""The window's Facts section and fact markers (issue 14)."""

from __future__ import annotations

from gui_helpers import load_texts
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat

from gui.views.metrics_panel import fact_counts_text, fact_line
from gui.views.spans import Side

ORIGINAL = (
    "Officials said 120 people were hurt on Monday in Springfield.\n\n"
    "The weather was fine and the roads were open."
)
REWRITE = (
    "Officials said 12 people were hurt on Tuesday in Springfield.\n\n"
    "The weather was fine and the roads were open."
)


def test_facts_are_listed_first_counted_and_marked(qtbot, window):
    load_texts(qtbot, window, ORIGINAL, REWRITE)
    facts = window.index.facts
    assert [(f.kind.value, f.a_text, f.b_text) for f in facts] == [
        ("number", "120", "12"),
        ("date", "Monday", "Tuesday"),
    ]
    panel = window.metrics_panel
    assert panel.facts_counts.text() == "1 number · 1 date"
    assert panel.facts_list.count() == 2
    assert panel.facts_list.item(0).text() == "Number: 120 → 12"
    # the Facts section sits above the verdict
    layout = panel.layout()
    widgets = [layout.itemAt(i).widget() for i in range(layout.count())]
    assert widgets.index(panel.facts_list) < widgets.index(panel.verdict_label)
    # a distinct marker on the value in both panes, over the word colours
    for side, text in ((Side.A, ORIGINAL), (Side.B, REWRITE)):
        fmt = window.panes[side].view.char_format_at(text.index("12"))
        assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
        assert fmt.background().style() != Qt.BrushStyle.NoBrush  # the word mark stays
    plain = window.panes[Side.A].view.char_format_at(ORIGINAL.index("weather"))
    assert plain.underlineStyle() == QTextCharFormat.UnderlineStyle.NoUnderline


def test_clicking_a_fact_selects_both_values(qtbot, window):
    load_texts(qtbot, window, ORIGINAL, REWRITE)
    panel = window.metrics_panel
    panel.facts_list.itemClicked.emit(panel.facts_list.item(1))
    assert window.panes[Side.A].view.textCursor().selectedText() == "Monday"
    assert window.panes[Side.B].view.textCursor().selectedText() == "Tuesday"
    assert window.current_change == 0
    assert "Fact 2 of 2" in window.position_label.text()


def test_fact_lines_and_counts_read_plainly():
    from core import compare_texts

    comparison = compare_texts("He said “we will win” in 2020.", "He said “we shall win”.")
    assert fact_counts_text(comparison.facts) == "1 number · 1 quotation"
    assert [fact_line(f) for f in comparison.facts] == [
        "Quote: we will win → we shall win",
        "Number missing in B: 2020",
    ]
    assert fact_counts_text(()) == "No number, date, name or quotation changed"


def test_a_name_the_traces_explain_is_not_listed(qtbot, window):
    """The window lists the facts as the reports do: "Violations" (for "breaches"), a common
    word the round trip capitalised and the traces mark, is no name added in B."""
    from pathlib import Path

    samples = Path(__file__).resolve().parents[2] / "resources" / "samples"
    original = (samples / "traces-original.txt").read_text(encoding="utf-8")
    copy = (samples / "traces-copy.txt").read_text(encoding="utf-8")
    load_texts(qtbot, window, original, copy)
    assert any(f.b_text == "Violations" for f in window.index.comparison.facts)
    assert all(f.b_text != "Violations" for f in window.index.facts)
    panel = window.metrics_panel
    texts = [panel.facts_list.item(i).text() for i in range(panel.facts_list.count())]
    assert not any("Violations" in text for text in texts)
