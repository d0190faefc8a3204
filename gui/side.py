"""The two sides of a comparison and the marks painted on them: small Qt-free value types
that the views, the formats and the window all use (kept out of :mod:`gui.views` so that
:mod:`gui.formats` can use them without importing the views that use it).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from core.model import BlockKind


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
