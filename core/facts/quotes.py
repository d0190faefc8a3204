"""Quotations: text between quotation marks of any style, and its words.

“…” ‘…’ "…" '…' «…» »…« „…“ „…” ‚…‘ 「…」 『…』 ‹…›.  A closing single quote that is an
apostrophe ("don’t", "students’") does not close a quotation.  A quotation that opens and
does not close inside the checked text (it runs on into the next aligned block) is taken to
its end; one that closes without opening, from its start.  Quotations inside quotations are
part of the outer one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from core.text.normalize import match_key


@dataclass(frozen=True, slots=True)
class FoundQuote:
    start: int  # the quoted text, without the marks
    end: int
    words: tuple[tuple[int, int, str], ...]  # (start, end, match key) of each word


_PAIRS = {"“": "”", "„": "“”", "«": "»", "»": "«", "「": "」", "『": "』", "‹": "›", "‚": "‘’"}
_OPEN_CURLY_SINGLE = "‘"
_WORD_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]|[^\W_]+(?:['’\-.,][^\W_]+)*")


def quote_words(text: str, start: int, end: int, offset: int) -> tuple[tuple[int, int, str], ...]:
    return tuple(
        (
            offset + m.start(),
            offset + m.end(),
            match_key(m.group(), ignore_case=True, normalize_quotes=True),
        )
        for m in _WORD_RE.finditer(text, start, end)
    )


_MARK_RE = re.compile("[\"'‘’“”„«»「」『』‹›‚]")
# A quotation surely opens somewhere when one of these is there (apostrophes alone do not).
_HINT_RE = re.compile("[\"‘“”„«»「」『』‹›‚]|(?<!\\w)'\\w")


def find_quotes(text: str, offset: int = 0) -> Iterator[FoundQuote]:
    spans: list[tuple[int, int]] = []
    if _HINT_RE.search(text) is None:
        return
    n = len(text)
    mark = _MARK_RE.search(text)
    while mark is not None:
        i = mark.start()
        char = text[i]
        close_at = -1
        if char in _PAIRS:
            closers = _PAIRS[char]
            close_at = _find_closer(text, i + 1, closers)
            if close_at < 0 and char in "“«「『„":
                close_at = n  # runs on past the end
        elif char == '"':
            close_at = text.find('"', i + 1)
        elif char in "'" + _OPEN_CURLY_SINGLE and _opens_single(text, i):
            close_at = _single_closer(text, i + 1)
        elif char in "”」』" and not spans:
            # closes a quotation opened before the checked text
            if _has_word(text, 0, i):
                spans.append((0, i))
            mark = _MARK_RE.search(text, i + 1)
            continue
        if close_at > i:
            if _has_word(text, i + 1, close_at):
                spans.append((i + 1, close_at))
            mark = _MARK_RE.search(text, close_at + 1)
        else:
            mark = _MARK_RE.search(text, i + 1)
    for start, end in spans:
        words = quote_words(text, start, end, offset)
        if words:
            yield FoundQuote(offset + start, offset + end, words)


def _find_closer(text: str, start: int, closers: str) -> int:
    positions = [p for p in (text.find(c, start) for c in closers) if p >= 0]
    return min(positions) if positions else -1


def _opens_single(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isalnum() and after.isalnum()


_SINGLE_CLOSER_RE = re.compile(r"['’](?![^\W_])")


def _single_closer(text: str, start: int) -> int:
    match = _SINGLE_CLOSER_RE.search(text, start)
    return match.start() if match else -1


def _has_word(text: str, start: int, end: int) -> bool:
    return _WORD_RE.search(text, start, end) is not None
