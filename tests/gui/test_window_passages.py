"""Passages in the window: gutter bars, the copied-passages filter, the metrics panel's list."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import open_pair

from core.model import PassageKind, VerdictKind
from gui.views.changes import COPIED_ROLE
from gui.views.spans import Side

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def moved_passage_texts() -> tuple[str, str]:
    """The pair of tests/test_provenance.py with a moved copied passage."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "test_provenance.py"
    spec = importlib.util.spec_from_file_location("provenance_pairs", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.moved_passage_texts()  # type: ignore[no-any-return]


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


def test_moved_passage_stays_marked_when_moves_are_not_shown(qtbot, window):
    """ "Detect moved text" off: the moved passage is drawn as a deletion plus an insertion, yet
    it is still a passage (gutter bars on both sides, the copied filter finds both halves) and
    the figures, the passages and the verdict do not change."""
    from gui_helpers import TIMEOUT_MS, load_texts

    from core.model import BlockKind

    text_a, text_b = moved_passage_texts()
    load_texts(qtbot, window, text_a, text_b)
    shown = window.index.comparison
    assert any(block.kind is BlockKind.MOVED for block in shown.blocks)
    moved = max(shown.passages, key=lambda p: p.b_range.start)
    with qtbot.waitSignal(window.comparison_shown, timeout=TIMEOUT_MS):
        window.options.show_moved.setChecked(False)
    index = window.index
    without = index.comparison
    assert not any(block.kind is BlockKind.MOVED for block in without.blocks)
    assert without.passages == shown.passages
    assert without.metrics == shown.metrics
    assert without.verdict == shown.verdict
    assert index.passages == shown.passages
    halves = [block for block in without.blocks if index.passage_of(block) == moved]
    assert {block.kind for block in halves} == {BlockKind.DELETED, BlockKind.INSERTED}
    assert all(index.in_copied_passage(block) for block in halves)

    # The gutter still draws the moved passage's bars (A's side is in view at the top).
    window.view_a.set_current_range(index.passage_range(moved, Side.A))
    qtbot.wait(50)
    bars = {entry[0]: entry for entry in window.gutter.visible_passages()}
    assert moved.index in bars
    _, a_top, a_bottom, _, _ = bars[moved.index]
    assert a_bottom > a_top

    # The copied filter lists both halves: the deletion in A and the insertion in B.
    changes = window.changes_panel
    changes.copied_button.setChecked(True)
    kinds = set()
    for row in range(changes.proxy.rowCount()):
        assert changes.proxy.data(changes.proxy.index(row, 0), COPIED_ROLE) is True
        kinds.add(index.changes[changes.proxy.mapToSource(changes.proxy.index(row, 0)).row()].kind)
    assert {BlockKind.DELETED, BlockKind.INSERTED} <= kinds
    changes.copied_button.setChecked(False)
    window.options.show_moved.setChecked(True)


def test_a_run_holding_one_sentence_of_a_passage_says_partly(qtbot, window, tmp_path, monkeypatch):
    """A passage found by meaning inside a long added run: the changes list says the run is
    partly reworded, not that all of it is."""
    from core.engine import compare as pipeline
    from core.engine.meaning import MinedPair
    from core.engine.provenance import THRESHOLDS

    class Finds:
        searchable = True

        def margin(self, a_sentences, b_sentences):
            return 0.0

        def mine(self, a_candidates, b_candidates):
            bar = THRESHOLDS.meaning_single_pair
            return [MinedPair(1, 2, bar - THRESHOLDS.meaning_margin, THRESHOLDS.meaning_margin)]

    monkeypatch.setattr(pipeline, "_meaning", lambda *_: Finds())
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(
        "The council approved the new budget on Tuesday after a long debate.\n\n"
        "Roads and schools will receive most of the money in the coming year.\n\n"
        "The mayor called the vote a turning point for the town.\n\n"
        "Opposition members said the plan relied on optimistic forecasts.\n",
        encoding="utf-8",
    )
    b.write_text(
        "Fishermen reported a record catch of herring along the northern coast this spring.\n\n"
        "Skippers said the cold water had brought the shoals closer to shore than usual.\n\n"
        "Streets and classrooms are to get the bulk of those funds over the next twelve months.\n\n"
        "Prices at the harbour market fell sharply as boats returned full of fish.\n",
        encoding="utf-8",
    )
    open_pair(qtbot, window, a, b)
    comparison = window.index.comparison
    assert [(p.a_sentences, p.b_sentences) for p in comparison.passages] == [((1,), (2,))]
    changes = window.changes_panel
    labels = [
        changes.proxy.data(changes.proxy.index(row, 1)) for row in range(changes.proxy.rowCount())
    ]
    marked = [label for label in labels if "reworded" in label]
    assert marked and all(label.endswith("· partly reworded") for label in marked), labels
