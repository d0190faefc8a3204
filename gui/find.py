"""Find in the panes, without Qt: the matches of a phrase, in one side or both, and stepping.

Matches are Python offsets into each side's original text (the panes convert them).  Matching
ignores case and treats any run of whitespace in the phrase as any run of whitespace in the
text, so a phrase typed with one space still finds it across a hard line break.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from gui.views.spans import Side
from gui.window.navigation import wrapped

MAX_MATCHES = 100_000  # a one-letter search in a book: enough to count, bounded to stay quick


@dataclass(frozen=True, order=True)
class Match:
    side: Side
    start: int
    end: int


def pattern_for(phrase: str, case_sensitive: bool = False) -> re.Pattern[str] | None:
    words = phrase.split()
    if not words:
        return None
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(r"\s+".join(re.escape(word) for word in words), flags)


def find_in_text(
    text: str, phrase: str, case_sensitive: bool = False, limit: int = MAX_MATCHES
) -> list[tuple[int, int]]:
    """(start, end) of every non-overlapping occurrence of ``phrase`` in ``text``."""
    pattern = pattern_for(phrase, case_sensitive)
    if pattern is None:
        return []
    out = []
    for match in pattern.finditer(text):
        out.append((match.start(), match.end()))
        if len(out) >= limit:
            break
    return out


def within(
    matches: Sequence[tuple[int, int]], ranges: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The matches that overlap one of ``ranges`` (sorted, non-overlapping: changed text)."""
    if not ranges:
        return []
    starts = [r[0] for r in ranges]
    out = []
    for start, end in matches:
        i = bisect_right(starts, start) - 1
        for j in (i, i + 1):
            if 0 <= j < len(ranges):
                r_start, r_end = ranges[j]
                if start < r_end and end > r_start:
                    out.append((start, end))
                    break
    return out


class FindResults:
    """All matches of one search, in reading order: A's, then B's."""

    def __init__(self, matches: Sequence[Match]) -> None:
        self.matches = sorted(matches)

    def __len__(self) -> int:
        return len(self.matches)

    def on_side(self, side: Side) -> list[Match]:
        return [m for m in self.matches if m.side is side]

    def next_from(self, side: Side, position: int, forward: bool = True) -> int | None:
        """The first match starting at or after ``position`` on ``side`` (or, backwards, the
        last one starting before it), wrapping around at either end."""
        key = Match(side, position, position)
        if forward:
            return wrapped(bisect_right(self.matches, key), len(self.matches))
        return wrapped(bisect_left(self.matches, key) - 1, len(self.matches))


def search(
    texts: dict[Side, str],
    phrase: str,
    sides: Sequence[Side] = (Side.A, Side.B),
    changed: dict[Side, Sequence[tuple[int, int]]] | None = None,
    case_sensitive: bool = False,
) -> FindResults:
    """Matches of ``phrase`` on ``sides``; only inside ``changed`` ranges when given."""
    found: list[Match] = []
    for side in sides:
        spans = find_in_text(texts.get(side, ""), phrase, case_sensitive)
        if changed is not None:
            spans = within(spans, changed.get(side, ()))
        found.extend(Match(side, start, end) for start, end in spans)
    return FindResults(found)
