"""A comparison as one redline: B's text with A's changes as revisions, in reading order.

This is the model a track-changes document has: one stream of text in which every piece is
either common to both versions, only in B (inserted), only in A (deleted), or part of a moved
passage (moved from: where it was in A; moved to: where it is in B), and in which paragraph
breaks carry a revision mark too.  Accepting every revision (keep inserted and moved-to, drop
deleted and moved-from) gives B's paragraphs; rejecting every revision gives A's.  The Word
writer (:mod:`core.report.docx`) and the window's PDF redline both render this stream.

How the stream is built: blocks that are aligned and in reading order on both sides (equal,
reworded) are anchors; between two anchors, A's leftovers (removed and moved-away sentences,
and the whitespace between them) come first as deletions, then B's (added and moved-in
sentences) as insertions.  Whitespace between sentences that is the same on both sides, and
paragraph breaks that both sides have, are shared.  Inside an anchor, word ops become
revisions; words equal only under normalisation (case, quote style) are a deletion of A's
form and an insertion of B's.  Whitespace around the texts and the exact form of paragraph
separators (how many blank lines) are not part of the redline.

No Qt here; imports only :mod:`core.model`.
"""

from __future__ import annotations

import enum
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from core.model import Block, BlockKind, Comparison, Document, OpKind


class Mark(enum.Enum):
    SAME = "same"  # in both versions
    INSERTED = "inserted"  # only in B
    DELETED = "deleted"  # only in A
    MOVED_FROM = "moved_from"  # in A, at the place a moved passage left
    MOVED_TO = "moved_to"  # in B, at the place a moved passage arrived

    @property
    def in_a(self) -> bool:
        return self in (Mark.SAME, Mark.DELETED, Mark.MOVED_FROM)

    @property
    def in_b(self) -> bool:
        return self in (Mark.SAME, Mark.INSERTED, Mark.MOVED_TO)


class EventKind(enum.Enum):
    TEXT = "text"  # a run of text (may hold line breaks and tabs, never a paragraph break)
    BREAK = "break"  # the end of a paragraph; the paragraph mark carries ``mark``
    MOVE_START = "move_start"  # a moved passage begins (MOVED_FROM or MOVED_TO side)
    MOVE_END = "move_end"


@dataclass(frozen=True, slots=True)
class Event:
    kind: EventKind
    mark: Mark
    text: str = ""
    move: int = 0  # 1.. for the pieces of a moved passage (same number on both sides)


@dataclass(frozen=True, slots=True)
class Redline:
    """The stream of events; the last paragraph ends without a BREAK event."""

    events: tuple[Event, ...]
    moves: int  # number of moved passages

    def paragraphs(self) -> Iterator[tuple[list[Event], Event | None]]:
        """(events of a paragraph's text and move markers, its BREAK or None for the last)."""
        current: list[Event] = []
        for event in self.events:
            if event.kind is EventKind.BREAK:
                yield current, event
                current = []
            else:
                current.append(event)
        yield current, None

    def text_of(self, side: str) -> list[str]:
        """The paragraphs of one side ("a": reject all, "b": accept all); for tests and checks."""

        def keep(mark: Mark) -> bool:
            return mark.in_a if side == "a" else mark.in_b

        paragraphs: list[str] = []
        current: list[str] = []
        for event in self.events:
            if not keep(event.mark):
                continue
            if event.kind is EventKind.TEXT:
                current.append(event.text)
            elif event.kind is EventKind.BREAK:
                paragraphs.append("".join(current))
                current = []
        paragraphs.append("".join(current))
        return paragraphs


class _Side:
    """One document's text with its paragraph separators and token boundaries."""

    def __init__(self, document: Document) -> None:
        self.doc = document
        self.text = document.text
        paragraphs = document.paragraphs
        # Separator i runs from the end of paragraph i to the start of paragraph i + 1.
        self.gap_starts = [p.end for p in paragraphs[:-1]]
        self.gap_ends = [p.start for p in paragraphs[1:]]

    def has_gap(self, start: int, end: int) -> bool:
        """Whether a paragraph separator overlaps [start, end)."""
        i = bisect_right(self.gap_ends, start)
        return i < len(self.gap_starts) and self.gap_starts[i] < end

    def is_separator(self, start: int, end: int) -> bool:
        """Whether [start, end) is whitespace that holds a paragraph separator."""
        return self.has_gap(start, end)

    def tokens(self, start: int, end: int) -> list[tuple[int, int]]:
        starts = self.doc.token_starts
        first = bisect_right(starts, start) - 1
        last = bisect_left(starts, end)
        return [(max(starts[i], start), min(starts[i + 1], end)) for i in range(first, last)]

    def is_space(self, start: int, end: int) -> bool:
        return end > start and self.text[start:end].isspace()


class _Builder:
    def __init__(self, comparison: Comparison) -> None:
        self.a = _Side(comparison.a)
        self.b = _Side(comparison.b)
        self.events: list[Event] = []
        self.moves = 0
        self._move_numbers: dict[int, int] = {}  # block index -> move number

    # -- low level ---------------------------------------------------------------------------

    def _text(self, mark: Mark, text: str, move: int) -> None:
        if not text:
            return
        events = self.events
        if events:
            last = events[-1]
            if last.kind is EventKind.TEXT and last.mark is mark and last.move == move:
                events[-1] = Event(EventKind.TEXT, mark, last.text + text, move)
                return
        events.append(Event(EventKind.TEXT, mark, text, move))

    def _break(self, mark: Mark, move: int = 0) -> None:
        self.events.append(Event(EventKind.BREAK, mark, "", move))

    def emit(self, side: _Side, start: int, end: int, mark: Mark, move: int = 0) -> None:
        """``side.text[start:end]`` with ``mark``; paragraph separators become BREAKs."""
        position = start
        i = bisect_right(side.gap_ends, position)
        gap_starts, gap_ends = side.gap_starts, side.gap_ends
        while position < end:
            if i < len(gap_starts) and gap_starts[i] < end:
                gap_start, gap_end = gap_starts[i], gap_ends[i]
                if gap_start > position:
                    self._text(mark, side.text[position:gap_start], move)
                if gap_start >= start:  # the separator begins here: its mark goes here
                    self._break(mark, move)
                position = max(position, min(gap_end, end))
                i += 1
            else:
                self._text(mark, side.text[position:end], move)
                position = end

    def replace(self, a_start: int, a_end: int, b_start: int, b_end: int) -> None:
        self.emit(self.a, a_start, a_end, Mark.DELETED)
        self.emit(self.b, b_start, b_end, Mark.INSERTED)

    def equal(self, a_start: int, a_end: int, b_start: int, b_end: int) -> None:
        """Text that matched: shared where the surface is the same, else delete + insert."""
        a, b = self.a, self.b
        a_text, b_text = a.text[a_start:a_end], b.text[b_start:b_end]
        if a_text == b_text and not a.has_gap(a_start, a_end) and not b.has_gap(b_start, b_end):
            self._text(Mark.SAME, b_text, 0)
            return
        a_tokens, b_tokens = a.tokens(a_start, a_end), b.tokens(b_start, b_end)
        # Pair tokens from both ends while they look alike (the same but for case, quote
        # style or the amount of whitespace); what is left in the middle is replaced.
        head = 0
        limit = min(len(a_tokens), len(b_tokens))
        while head < limit and self._alike(a_tokens[head], b_tokens[head]):
            head += 1
        tail = 0
        while tail < limit - head and self._alike(a_tokens[-1 - tail], b_tokens[-1 - tail]):
            tail += 1
        for (a_s, a_e), (b_s, b_e) in zip(a_tokens[:head], b_tokens[:head], strict=True):
            self._equal_token(a_s, a_e, b_s, b_e)
        a_middle = a_tokens[head : len(a_tokens) - tail]
        b_middle = b_tokens[head : len(b_tokens) - tail]
        if a_middle or b_middle:
            a_at = a_middle[0][0] if a_middle else a_tokens[head - 1][1] if head else a_start
            b_at = b_middle[0][0] if b_middle else b_tokens[head - 1][1] if head else b_start
            a_to = a_middle[-1][1] if a_middle else a_at
            b_to = b_middle[-1][1] if b_middle else b_at
            self.replace(a_at, a_to, b_at, b_to)
        tail_a, tail_b = a_tokens[len(a_tokens) - tail :], b_tokens[len(b_tokens) - tail :]
        for (a_s, a_e), (b_s, b_e) in zip(tail_a, tail_b, strict=True):
            self._equal_token(a_s, a_e, b_s, b_e)

    def _alike(self, a_token: tuple[int, int], b_token: tuple[int, int]) -> bool:
        a_text = self.a.text[a_token[0] : a_token[1]]
        b_text = self.b.text[b_token[0] : b_token[1]]
        if a_text.isspace():
            return b_text.isspace()
        if a_text.casefold() == b_text.casefold():
            return True
        # One quote or dash for another.
        return len(a_text) == len(b_text) == 1 and not a_text.isalnum() and not b_text.isalnum()

    def _equal_token(self, a_s: int, a_e: int, b_s: int, b_e: int) -> None:
        a, b = self.a, self.b
        a_gap, b_gap = a.has_gap(a_s, a_e), b.has_gap(b_s, b_e)
        if a_gap and b_gap and a.is_space(a_s, a_e) and b.is_space(b_s, b_e):
            self._break(Mark.SAME)
        elif not a_gap and not b_gap and a.text[a_s:a_e] == b.text[b_s:b_e]:
            self._text(Mark.SAME, b.text[b_s:b_e], 0)
        else:
            self.replace(a_s, a_e, b_s, b_e)

    # -- blocks ----------------------------------------------------------------------------

    def anchor(self, block: Block) -> None:
        position_a, position_b = block.a_range.start, block.b_range.start
        for op in block.ops:
            # Text the ops leave out (there should be none) is kept as a replacement.
            if op.a_start > position_a or op.b_start > position_b:
                self.replace(position_a, op.a_start, position_b, op.b_start)
            if op.kind is OpKind.EQUAL:
                self.equal(op.a_start, op.a_end, op.b_start, op.b_end)
            else:
                self.replace(op.a_start, op.a_end, op.b_start, op.b_end)
            position_a, position_b = max(position_a, op.a_end), max(position_b, op.b_end)
        if block.a_range.end > position_a or block.b_range.end > position_b:
            self.replace(position_a, block.a_range.end, position_b, block.b_range.end)

    def _move_number(self, block: Block) -> int:
        number = self._move_numbers.get(block.index)
        if number is None:
            self.moves += 1
            number = self._move_numbers[block.index] = self.moves
        return number

    def moved(self, block: Block, side: str) -> None:
        """One end of a moved passage: the words it kept are the move, the rest edits."""
        move = self._move_number(block)
        from_a = side == "a"
        move_mark = Mark.MOVED_FROM if from_a else Mark.MOVED_TO
        edit_mark = Mark.DELETED if from_a else Mark.INSERTED
        doc = self.a if from_a else self.b
        text_range = block.a_range if from_a else block.b_range
        self.events.append(Event(EventKind.MOVE_START, move_mark, "", move))
        position = text_range.start
        for op in block.ops:
            start, end = (op.a_start, op.a_end) if from_a else (op.b_start, op.b_end)
            start, end = max(start, position), min(end, text_range.end)
            if end <= start:
                continue
            if start > position:
                self.emit(doc, position, start, move_mark, move)
            if op.kind is OpKind.EQUAL:
                self.emit(doc, start, end, move_mark, move)
            else:
                self.emit(doc, start, end, edit_mark)
            position = end
        if text_range.end > position:
            self.emit(doc, position, text_range.end, move_mark, move)
        self.events.append(Event(EventKind.MOVE_END, move_mark, "", move))

    def one_sided(self, block: Block, side: str) -> None:
        """A block met between anchors on one side: removed, added or one end of a move.

        An aligned block that is not an anchor (out of order without being a move, which the
        aligner does not produce) is shown as removed on A's side and added on B's.
        """
        if block.kind is BlockKind.MOVED:
            self.moved(block, side)
        elif side == "a":
            self.emit(self.a, block.a_range.start, block.a_range.end, Mark.DELETED)
        else:
            self.emit(self.b, block.b_range.start, block.b_range.end, Mark.INSERTED)

    # -- the whole comparison --------------------------------------------------------------

    def build(self, blocks: tuple[Block, ...]) -> Redline:
        a_order = sorted((k for k in blocks if k.a_sentences), key=lambda k: k.a_range.start)
        b_order = sorted((k for k in blocks if k.b_sentences), key=lambda k: k.b_range.start)
        anchored = _anchors(a_order)
        segments_a = _segments(a_order, anchored, lambda k: (k.a_range.start, k.a_range.end))
        segments_b = _segments(b_order, anchored, lambda k: (k.b_range.start, k.b_range.end))
        anchors = [k for k in a_order if k.index in anchored]
        for number, (items_a, items_b) in enumerate(zip(segments_a, segments_b, strict=True)):
            self.between(items_a, items_b)
            if number < len(anchors):
                self.anchor(anchors[number])
        return Redline(tuple(self.events), self.moves)

    def between(self, items_a: list[_Item], items_b: list[_Item]) -> None:
        """A's leftovers as deletions, then B's as insertions; shared whitespace kept."""
        head: tuple[_Item, _Item] | None = None
        tail: tuple[_Item, _Item] | None = None
        if items_a and items_b and self._same_gap(items_a[0], items_b[0]):
            head = (items_a.pop(0), items_b.pop(0))
        if items_a and items_b and self._same_gap(items_a[-1], items_b[-1]):
            tail = (items_a.pop(), items_b.pop())
        if head is not None:
            self.equal(head[0].start, head[0].end, head[1].start, head[1].end)
        for item in items_a:
            if item.block is None:
                self.emit(self.a, item.start, item.end, Mark.DELETED)
            else:
                self.one_sided(item.block, "a")
        for item in items_b:
            if item.block is None:
                self.emit(self.b, item.start, item.end, Mark.INSERTED)
            else:
                self.one_sided(item.block, "b")
        if tail is not None:
            self.equal(tail[0].start, tail[0].end, tail[1].start, tail[1].end)

    def _same_gap(self, item_a: _Item, item_b: _Item) -> bool:
        if item_a.block is not None or item_b.block is not None:
            return False
        a_break = self.a.is_separator(item_a.start, item_a.end)
        b_break = self.b.is_separator(item_b.start, item_b.end)
        if a_break or b_break:
            return a_break and b_break
        return self.a.text[item_a.start : item_a.end] == self.b.text[item_b.start : item_b.end]


@dataclass(frozen=True, slots=True)
class _Item:
    """Whitespace between two blocks (block None) or a block, on one side."""

    start: int
    end: int
    block: Block | None = None


def _anchors(a_order: list[Block]) -> set[int]:
    """Aligned in-order blocks, kept only while their B positions keep increasing.

    So the anchors are in the same order on both sides and split both into the same segments.
    """
    anchored: set[int] = set()
    last_b = -1
    for block in a_order:
        aligned = block.kind in (BlockKind.EQUAL, BlockKind.CHANGED) and block.b_sentences
        if aligned and block.b_range.start >= last_b:
            anchored.add(block.index)
            last_b = block.b_range.end
    return anchored


def _segments(
    order: list[Block], anchored: set[int], span: Callable[[Block], tuple[int, int]]
) -> list[list[_Item]]:
    """The items between consecutive anchors (len(anchors) + 1 lists)."""
    segments: list[list[_Item]] = [[]]
    previous_end: int | None = None
    for block in order:
        start, end = span(block)
        if previous_end is not None and start > previous_end:
            segments[-1].append(_Item(previous_end, start))
        if block.index in anchored:
            segments.append([])
        else:
            segments[-1].append(_Item(start, end, block))
        previous_end = max(end, previous_end or 0)
    return segments


def build_redline(comparison: Comparison) -> Redline:
    """The redline of a completed comparison (an empty one for no blocks)."""
    return _Builder(comparison).build(comparison.blocks)
