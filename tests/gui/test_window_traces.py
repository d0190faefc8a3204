"""Traces of a round trip or spinner in the window: underlines in pane B, legend, metrics."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import load_texts, open_pair
from PySide6.QtGui import QTextCharFormat

from core.traces import TraceKind
from gui.formats import FormatTable
from gui.views.spans import TRACE_MARKS, Mark, Side

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def _underline(window, side: Side, position: int):  # type: ignore[no-untyped-def]
    fmt = window.panes[side].view.char_format_at(position)
    if fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.NoUnderline:
        return None
    return fmt.underlineColor()


def test_traces_are_underlined_in_b_and_explained(qtbot, window):
    open_pair(qtbot, window, SAMPLES / "traces-original.txt", SAMPLES / "traces-copy.txt")
    index = window.index
    assert index is not None and index.traces is not None
    report = index.traces
    assert report.summary.startswith("B shows traces of a machine round trip or a spinner")
    b_text = window.documents[Side.B].text
    case = window.scheme.underlines[Mark.TRACE_CASE]
    boundary = window.scheme.underlines[Mark.TRACE_BOUNDARY]
    window.panes[Side.B].view.center_on(b_text.index("thursday"))
    assert _underline(window, Side.B, b_text.index("thursday")) == case
    window.panes[Side.B].view.center_on(b_text.index("system. at"))
    assert _underline(window, Side.B, b_text.index("system. at") + 2) == boundary
    # the underline sits on top of the word mark: the reworded tint stays
    violations = b_text.index("Violations")
    window.panes[Side.B].view.center_on(violations)
    fmt = window.panes[Side.B].view.char_format_at(violations)
    assert fmt.background().color() == window.scheme.background(Mark.WORD_REPLACED)
    assert fmt.underlineStyle() != QTextCharFormat.UnderlineStyle.NoUnderline
    # pane A has no trace underlines
    a_text = window.documents[Side.A].text
    window.panes[Side.A].view.center_on(a_text.index("Thursday"))
    assert _underline(window, Side.A, a_text.index("Thursday")) is None
    # the legend names the kinds found, the metrics panel lists them, with the caveat
    assert window.legend.trace_labels() == [kind.short_label for kind in TraceKind]
    panel = window.metrics_panel
    assert panel.traces_summary.isVisibleTo(panel)
    assert panel.traces_summary.text() == report.summary
    assert "evidence, not proof" in panel.traces_summary.toolTip()
    assert "thursday" in panel.traces_list.text()


def test_a_clean_pair_shows_no_traces(qtbot, window, samples):
    open_pair(qtbot, window, *samples)
    assert window.legend.trace_labels() == []
    assert not window.metrics_panel.traces_summary.isVisibleTo(window.metrics_panel)


def test_trace_formats_only_underline(qtbot, window):
    load_texts(qtbot, window, "One two three.", "One two three.")
    table = FormatTable(window.scheme)
    for mark in TRACE_MARKS.values():
        fmt = table.format(mark)
        assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline
        assert not fmt.hasProperty(QTextCharFormat.Property.BackgroundBrush)
