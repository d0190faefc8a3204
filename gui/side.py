"""The two sides of a comparison and the marks painted on them: small Qt-free value types
that the views, the formats and the window all use (kept out of :mod:`gui.views` so that
:mod:`gui.formats` can use them without importing the views that use it).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from core.model import BlockKind
from core.traces import TraceKind


class Side(enum.IntEnum):
    A = 0
    B = 1

    @property
    def other(self) -> Side:
        return Side.B if self is Side.A else Side.A

    @property
    def letter(self) -> str:
        return self.name


class Mark(enum.IntEnum):
    """What a span means.  Block marks tint whole sentences; word marks sit on top."""

    BLOCK_CHANGED = 1
    BLOCK_DELETED = 2
    BLOCK_INSERTED = 3
    BLOCK_MOVED = 4
    WORD_REMOVED = 5
    WORD_ADDED = 6
    WORD_REPLACED = 7
    # Traces of a machine round trip or a spinner (core/traces), underlined in pane B.
    TRACE_CASE = 8
    TRACE_BOUNDARY = 9
    TRACE_ARTICLE = 10
    TRACE_SWAP = 11
    FACT = 12  # a number, date, name or quotation that changed (drawn over the word marks)


TRACE_MARKS = {
    TraceKind.CASE: Mark.TRACE_CASE,
    TraceKind.BOUNDARY: Mark.TRACE_BOUNDARY,
    TraceKind.ARTICLE: Mark.TRACE_ARTICLE,
    TraceKind.SWAP: Mark.TRACE_SWAP,
}


# The change kind each block kind is drawn as, in the gutter, the overview and the list.
BLOCK_MARKS = {
    BlockKind.CHANGED: Mark.BLOCK_CHANGED,
    BlockKind.DELETED: Mark.BLOCK_DELETED,
    BlockKind.INSERTED: Mark.BLOCK_INSERTED,
    BlockKind.MOVED: Mark.BLOCK_MOVED,
}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    mark: Mark
