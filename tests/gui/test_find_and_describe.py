"""Qt-free pieces of the window's tools: find in text, and changes said in words."""

from __future__ import annotations

from core.model import Block, BlockKind, TextRange
from gui.find import FindResults, Match, find_in_text, search, within
from gui.views.describe import before_after, describe_change, short_label
from gui.views.spans import Side


def test_find_ignores_case_and_spans_line_breaks():
    text = "The Pier reopens.\nThe new\npier deck is wider; the pier."
    assert find_in_text(text, "pier") == [(4, 8), (26, 30), (50, 54)]
    assert find_in_text(text, "new pier") == [(22, 30)]
    assert find_in_text(text, "Pier", case_sensitive=True) == [(4, 8)]
    assert find_in_text(text, "   ") == []
    assert find_in_text(text, "a.b") == []  # the phrase is text, not a pattern


def test_within_keeps_matches_overlapping_changed_ranges():
    matches = [(0, 3), (10, 13), (20, 23), (30, 33)]
    assert within(matches, [(9, 11), (22, 25)]) == [(10, 13), (20, 23)]
    assert within(matches, []) == []


def test_results_are_in_reading_order_and_stepping_wraps():
    results = search({Side.A: "pier and pier", Side.B: "the pier"}, "pier")
    assert [(m.side, m.start) for m in results.matches] == [(Side.A, 0), (Side.A, 9), (Side.B, 4)]
    assert results.next_from(Side.A, 0) == 0
    assert results.next_from(Side.A, 1) == 1
    assert results.next_from(Side.B, 5) == 0  # past the last: back to the first
    assert results.next_from(Side.A, 9, forward=False) == 0
    assert results.next_from(Side.A, 0, forward=False) == 2
    assert FindResults([]).next_from(Side.A, 0) is None
    only_b = search({Side.A: "pier", Side.B: "pier"}, "pier", sides=(Side.B,))
    assert only_b.matches == [Match(Side.B, 0, 4)]


def _block(kind: BlockKind, a: tuple[int, ...], b: tuple[int, ...], similarity=0.5) -> Block:
    return Block(0, kind, a, b, TextRange(0, 1), TextRange(0, 1), (), similarity)


def test_merges_splits_and_plain_changes_in_words():
    merged = _block(BlockKind.CHANGED, (0, 1, 2), (0,))
    assert describe_change(merged).startswith("3 sentences of A merged into 1 sentence of B")
    assert short_label(merged) == "Merged 3 → 1"
    split = _block(BlockKind.CHANGED, (4,), (5, 6))
    assert describe_change(split).startswith("1 sentence of A split into 2 sentences of B")
    assert short_label(split) == "Split 1 → 2"
    assert describe_change(_block(BlockKind.CHANGED, (1,), (1,), 0.8)) == (
        "1 sentence reworded (words 80% alike)"
    )
    assert describe_change(_block(BlockKind.INSERTED, (), (3, 4))) == "2 sentences added in B"
    assert describe_change(_block(BlockKind.DELETED, (3,), ())) == "1 sentence of A removed in B"
    assert "moved" in describe_change(_block(BlockKind.MOVED, (3,), (9,)))


def test_before_after_flattens_whitespace_and_names_nothing():
    assert before_after("on\nSaturday", "on  Sunday") == "on Saturday -> on Sunday"
    assert before_after("", "A new line.") == "(nothing) -> A new line."
