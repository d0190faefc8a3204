"""Passages in the window: gutter bars, the copied-passages filter, the metrics panel's list."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import open_pair

from core.model import PassageKind, VerdictKind
from gui.views.changes import COPIED_ROLE
from gui.views.spans import Side

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def test_partial_copy_passages_are_listed_marked_and_reachable(qtbot, window):
    open_pair(qtbot, window, SAMPLES / "original.txt", SAMPLES / "lifted.txt")
    index = window.index
    comparison = index.comparison
    assert comparison.verdict.kind is VerdictKind.PARTIAL_COPY
    passages = index.passages
    assert len(passages) == 3

    # The metrics panel lists them, one link each; a click brings the passage into view.
    panel = window.metrics_panel
    assert panel.passages_label.isVisibleTo(panel)
    text = panel.passages_label.text()
    assert text.count('href="passage:') == 3
    assert PassageKind.VERBATIM.label in text
    last = passages[-1]
    with qtbot.waitSignal(panel.passage_activated):
        panel.passages_label.linkActivated.emit(f"passage:{last.index}")
    assert window.view_a.current_range() == (last.a_range.start, last.a_range.end)
    assert window.view_b.current_range() == (last.b_range.start, last.b_range.end)
    assert window.position_label.text().startswith("Passage 3 of 3")

    # The gutter draws a bar for the passage now in view, at both edges.
    qtbot.wait(50)
    shown = window.gutter.visible_passages()
    assert last.index in [entry[0] for entry in shown]
    for number, a_top, a_bottom, b_top, b_bottom in shown:
        assert a_bottom >= a_top and b_bottom >= b_top
        if number == last.index:  # in view on both sides: real bars
            assert a_bottom > a_top and b_bottom > b_top

    # The changes list can be narrowed to the changes inside copied passages.
    changes = window.changes_panel
    total = changes.proxy.rowCount()
    changes.copied_button.setChecked(True)
    shown_rows = changes.proxy.rowCount()
    assert 0 < shown_rows < total
    for row in range(shown_rows):
        proxy_index = changes.proxy.index(row, 0)
        assert changes.proxy.data(proxy_index, COPIED_ROLE) is True
        label = changes.proxy.data(changes.proxy.index(row, 1))
        assert label.endswith("· copied")
    # F7 follows the filter.
    window.select_change(None)
    window.next_action.trigger()
    assert window.current_change is not None
    assert index.in_copied_passage(index.changes[window.current_change])
    changes.copied_button.setChecked(False)
    assert changes.proxy.rowCount() == total


def test_rewrite_sample_has_no_partial_copy_and_panel_hides_nothing_wrongly(qtbot, window, samples):
    open_pair(qtbot, window, *samples)
    comparison = window.index.comparison
    assert comparison.verdict.kind is not VerdictKind.PARTIAL_COPY
    panel = window.metrics_panel
    # The rewrite keeps most of the story: its passages are listed too.
    assert panel.passages_label.isVisibleTo(panel) == bool(comparison.passages)
    for passage in comparison.passages:
        start, end = window.index.passage_range(passage, Side.B)
        assert comparison.b.text[start:end].strip()
