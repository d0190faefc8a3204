"""What to paint where: a comparison turned into sorted span arrays and lookup tables.

Pure Python, no Qt, built once per comparison in the worker thread so the GUI thread only does
bisects.  Offsets are Python ``str`` indices into each document's original text (the panes
convert them to Qt's UTF-16 positions).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from core.engine.provenance import passage_of_blocks
from core.model import Block, BlockKind, Comparison, FactChange, OpKind, Passage
from core.traces import TraceReport
from core.traces.reconcile import facts_beside_traces
from gui.side import BLOCK_MARKS, TRACE_MARKS, Mark, Side, Span

__all__ = [
    "BLOCK_MARKS",
    "TRACE_MARKS",
    "ComparisonIndex",
    "DisjointSpans",
    "Mark",
    "Side",
    "SideSpans",
    "Span",
    "shown_kind",
]


def shown_kind(block: Block, weak: frozenset[int] | set[int]) -> BlockKind:
    """The kind a block is drawn as.

    Across languages every pair is "reworded" (no two words match); a good pair is drawn like
    an unchanged sentence, so that what stands out is what the editor must look at: omitted
    and added sentences, moved ones and weak pairs (``weak``: possible mistranslations).
    """
    if (
        block.kind is BlockKind.CHANGED
        and block.semantic_similarity is not None
        and block.index not in weak
    ):
        return BlockKind.EQUAL
    return block.kind


class DisjointSpans:
    """Non-overlapping spans sorted by start; overlap queries by bisect on the ends."""

    def __init__(self, spans: Iterable[tuple[int, int, int]]) -> None:
        ordered = sorted((s, e, m) for s, e, m in spans if e > s)
        self.starts = array("l", (s for s, _, _ in ordered))
        self.ends = array("l", (e for _, e, _ in ordered))
        self.marks = bytes(m for _, _, m in ordered)

    def __len__(self) -> int:
        return len(self.starts)

    def overlapping(self, start: int, end: int) -> list[Span]:
        """Spans that intersect ``[start, end)``, clipped to it."""
        out: list[Span] = []
        i = bisect_right(self.ends, start)
        starts, ends, marks = self.starts, self.ends, self.marks
        while i < len(starts) and starts[i] < end:
            out.append(Span(max(starts[i], start), min(ends[i], end), Mark(marks[i])))
            i += 1
        return out


def _no_spans() -> DisjointSpans:
    return DisjointSpans(())


@dataclass(frozen=True)
class SideSpans:
    """The layers of one side: block tints, word marks and (pane B) trace underlines."""

    blocks: DisjointSpans
    words: DisjointSpans
    traces: DisjointSpans = field(default_factory=_no_spans)
    facts: DisjointSpans = field(default_factory=_no_spans)

    def overlapping(self, start: int, end: int) -> list[Span]:
        """Block tints first, word marks after, so words are drawn over the tint; trace
        underlines last (they set no background, only an underline)."""
        return (
            self.blocks.overlapping(start, end)
            + self.words.overlapping(start, end)
            + self.traces.overlapping(start, end)
            + self.facts.overlapping(start, end)
        )


class _RangeIndex:
    """Blocks of one side sorted by character range; empty ranges are insertion points."""

    def __init__(self, ranges: Iterable[tuple[int, int, int]]) -> None:
        items = list(ranges)
        ordered = sorted(r for r in items if r[1] > r[0])
        self.starts = array("l", (r[0] for r in ordered))
        self.ends = array("l", (r[1] for r in ordered))
        self.blocks = array("l", (r[2] for r in ordered))
        points = sorted((r[0], r[2]) for r in items if r[1] <= r[0])
        self.point_positions = array("l", (p for p, _ in points))
        self.point_blocks = array("l", (b for _, b in points))

    def at(self, position: int) -> int | None:
        i = bisect_right(self.starts, position) - 1
        if i >= 0 and position < self.ends[i]:
            return self.blocks[i]
        # Between two sentences (whitespace): belong to the sentence that follows.
        if i + 1 < len(self.starts):
            return self.blocks[i + 1]
        return self.blocks[i] if i >= 0 else None

    def overlapping(self, start: int, end: int, points: bool = True) -> list[int]:
        out = []
        i = bisect_right(self.ends, start)
        while i < len(self.starts) and self.starts[i] <= end:
            out.append(self.blocks[i])
            i += 1
        if not points:
            return out
        j = bisect_left(self.point_positions, start)
        while j < len(self.point_positions) and self.point_positions[j] <= end:
            out.append(self.point_blocks[j])
            j += 1
        return out


def _fact_spans(facts: Sequence[FactChange], side: Side) -> DisjointSpans:
    ranges = sorted(
        (r.start, r.end)
        for fact in facts
        for r in ((fact.a_range if side is Side.A else fact.b_range),)
        if r is not None
    )
    merged: list[tuple[int, int, int]] = []
    for start, end in ranges:  # a quotation may hold a changed number: one span
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]), Mark.FACT)
        else:
            merged.append((start, end, Mark.FACT))
    return DisjointSpans(merged)


def _side_spans(
    blocks: Sequence[Block],
    side: Side,
    weak: frozenset[int],
    facts: Sequence[FactChange] = (),
) -> SideSpans:
    block_spans: list[tuple[int, int, int]] = []
    word_spans: list[tuple[int, int, int]] = []
    for block in blocks:
        rng = block.a_range if side is Side.A else block.b_range
        mark = BLOCK_MARKS.get(shown_kind(block, weak))
        if mark is None:
            continue
        block_spans.append((rng.start, rng.end, mark))
        if block.index in weak:
            # A weak pair across languages: the whole sentence marked, as a reworded phrase is.
            word_spans.append((rng.start, rng.end, Mark.WORD_REPLACED))
        if block.kind in (BlockKind.DELETED, BlockKind.INSERTED):
            continue  # the whole range is already marked; word marks would add nothing
        for op in block.ops:
            start, end = (op.a_start, op.a_end) if side is Side.A else (op.b_start, op.b_end)
            if end <= start or op.kind is OpKind.EQUAL:
                continue
            if op.kind is OpKind.REPLACE:
                word_spans.append((start, end, Mark.WORD_REPLACED))
            elif op.kind is OpKind.DELETE:
                word_spans.append((start, end, Mark.WORD_REMOVED))
            else:
                word_spans.append((start, end, Mark.WORD_ADDED))
    return SideSpans(
        DisjointSpans(block_spans), DisjointSpans(word_spans), facts=_fact_spans(facts, side)
    )


def trace_spans(report: TraceReport | None) -> DisjointSpans:
    """Trace ranges in B as disjoint spans (an overlapping trace is clipped to what is left)."""
    if report is None:
        return _no_spans()
    spans: list[tuple[int, int, int]] = []
    covered = 0
    for trace in sorted(report.traces, key=lambda t: (t.b_range.start, t.b_range.end)):
        start = max(trace.b_range.start, covered)
        if trace.b_range.end > start:
            spans.append((start, trace.b_range.end, TRACE_MARKS[trace.kind]))
            covered = trace.b_range.end
    return DisjointSpans(spans)


def _anchors(comparison: Comparison) -> tuple[array, array]:  # type: ignore[type-arg]
    """A chain of (A offset, B offset) points, increasing on both sides, for scroll sync.

    Moved blocks are left out: they would pull the other side far away and back.
    """
    points = sorted(
        point
        for block in comparison.blocks
        if block.kind is not BlockKind.MOVED
        for point in (
            (block.a_range.start, block.b_range.start),
            (block.a_range.end, block.b_range.end),
        )
    )
    end_point = (len(comparison.a.text), len(comparison.b.text))
    chain_a = array("l", [0])
    chain_b = array("l", [0])
    for a_pos, b_pos in [*points, end_point]:
        if a_pos >= chain_a[-1] and b_pos >= chain_b[-1]:
            chain_a.append(a_pos)
            chain_b.append(b_pos)
    return chain_a, chain_b


class ComparisonIndex:
    """A comparison plus everything the window looks up in it."""

    def __init__(self, comparison: Comparison, traces: TraceReport | None = None) -> None:
        self.comparison = comparison
        self.traces = traces
        self.blocks = comparison.blocks
        translation = comparison.metrics.translation if comparison.metrics else None
        # Pairs across languages with a low similarity (possible mistranslation or rewrite).
        self.weak: frozenset[int] = frozenset(translation.weak_blocks if translation else ())
        self.changes: tuple[Block, ...] = tuple(
            b for b in comparison.blocks if shown_kind(b, self.weak) is not BlockKind.EQUAL
        )
        self._change_of_block = {block.index: i for i, block in enumerate(self.changes)}
        self._block_by_index = {block.index: block for block in comparison.blocks}
        # as the reports list them: a name the traces explain as a capitalised word is none
        self.facts = facts_beside_traces(comparison.facts, traces)
        side_b = _side_spans(self.blocks, Side.B, self.weak, self.facts)
        self.spans = (
            _side_spans(self.blocks, Side.A, self.weak, self.facts),
            SideSpans(side_b.blocks, side_b.words, trace_spans(traces), side_b.facts),
        )
        self._ranges = (
            _RangeIndex((b.a_range.start, b.a_range.end, b.index) for b in self.blocks),
            _RangeIndex((b.b_range.start, b.b_range.end, b.index) for b in self.blocks),
        )
        self._anchor_a, self._anchor_b = _anchors(comparison)
        # Passages of B taken from A, and the passage each block belongs to.
        self.passages: tuple[Passage, ...] = comparison.passages
        self._passage_of_block = passage_of_blocks(comparison)
        # Change starts in reading order of each side, for "next change after the cursor".
        self._change_starts = (
            sorted((c.a_range.start, i) for i, c in enumerate(self.changes)),
            sorted((c.b_range.start, i) for i, c in enumerate(self.changes)),
        )

    def text(self, side: Side) -> str:
        return self.comparison.a.text if side is Side.A else self.comparison.b.text

    @staticmethod
    def range_of(block: Block, side: Side) -> tuple[int, int]:
        rng = block.a_range if side is Side.A else block.b_range
        return rng.start, rng.end

    def block(self, index: int) -> Block | None:
        return self._block_by_index.get(index)

    def block_at(self, side: Side, position: int) -> Block | None:
        index = self._ranges[side].at(position)
        return None if index is None else self._block_by_index.get(index)

    def blocks_overlapping(
        self, side: Side, start: int, end: int, points: bool = True
    ) -> list[Block]:
        """Blocks whose range on ``side`` meets ``[start, end]``; ``points`` includes blocks
        that are only an insertion point on that side (an insertion or a deletion)."""
        indices = self._ranges[side].overlapping(start, end, points)
        return [self._block_by_index[i] for i in indices]

    def passage_of(self, block: Block) -> Passage | None:
        return self._passage_of_block.get(block.index)

    def in_copied_passage(self, block: Block) -> bool:
        """The block is part of a passage copied from A (verbatim or lightly edited)."""
        passage = self._passage_of_block.get(block.index)
        return passage is not None and passage.kind.is_copy

    @staticmethod
    def passage_range(passage: Passage, side: Side) -> tuple[int, int]:
        rng = passage.a_range if side is Side.A else passage.b_range
        return rng.start, rng.end

    def change_number(self, block: Block) -> int | None:
        """Position of a change block in :attr:`changes`, or None for an equal block."""
        return self._change_of_block.get(block.index)

    def change_after(self, side: Side, position: int) -> int | None:
        starts = self._change_starts[side]
        i = bisect_right(starts, (position, len(self.changes)))
        return starts[i][1] if i < len(starts) else None

    def change_before(self, side: Side, position: int) -> int | None:
        starts = self._change_starts[side]
        i = bisect_left(starts, (position, -1)) - 1
        return starts[i][1] if i >= 0 else None

    def map_position(self, side: Side, position: int) -> int:
        """The offset on the other side level with ``position``, interpolated in a block."""
        source, target = (
            (self._anchor_a, self._anchor_b) if side is Side.A else (self._anchor_b, self._anchor_a)
        )
        i = bisect_right(source, position) - 1
        if i < 0:
            return int(target[0])
        if i >= len(source) - 1:
            return int(target[-1])
        s0, s1, t0, t1 = int(source[i]), int(source[i + 1]), int(target[i]), int(target[i + 1])
        if s1 == s0:
            return t1
        return t0 + round((position - s0) * (t1 - t0) / (s1 - s0))
