"""Hard-wrapped text: which line breaks are only there because a line was full.

Wire copy and e-mail wrap lines at about 70 columns.  Shown as is in a pane narrower or wider
than that, every such line wraps again and the paragraph turns ragged.  This module finds the
breaks a greedy wrapper made (the next word would not have fitted on the line) and gives a
text of **the same length** with those breaks turned into spaces, so every offset into the
original text is also an offset into the reflowed one.  Nothing here changes what is compared;
it is for display.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A wrapping width a person or a mail/wire system uses; beyond it lines are paragraphs.
MIN_WIDTH = 30
MAX_WIDTH = 100
MIN_WRAPPED_LINES = 3  # fewer full lines than this in a text: nothing to reflow
MIN_SHARE = 0.6  # share of the lines followed by text in the same paragraph that look wrapped
# Lines that start a list item, a quotation block or a table row stay on their own line.
_LIST_ITEM = re.compile(r"\s*(?:[-*•–—>|+]|\d{1,3}[.)]|[a-zA-Z][.)])\s")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


@dataclass(frozen=True)
class _Line:
    start: int  # offset of the first character
    text: str  # without its line break
    brk: int  # length of the line break after it (0, 1 or 2)


def _lines(text: str) -> list[_Line]:
    out = []
    for match in _LINE.finditer(text):
        raw = match.group()
        if not raw:
            break
        body = raw.rstrip("\r\n")
        out.append(_Line(match.start(), body, len(raw) - len(body)))
    return out


def _first_word(line: str) -> str:
    parts = line.split(None, 1)
    return parts[0] if parts else ""


def _candidates(lines: list[_Line]) -> list[int]:
    """Indices of lines followed by a non-blank line (a break inside a paragraph)."""
    return [
        i
        for i in range(len(lines) - 1)
        if lines[i].text.strip() and lines[i + 1].text.strip() and lines[i].brk
    ]


def wrap_width(text: str) -> int | None:
    """The column the text was hard-wrapped at, or None when it is not hard-wrapped."""
    lines = _lines(text)
    inner = _candidates(lines)
    if len(inner) < MIN_WRAPPED_LINES:
        return None
    lengths = sorted(len(lines[i].text.rstrip()) for i in inner)
    # The wrapping width: the longest inner line, ignoring a stray few (a URL, a table).
    width = lengths[min(len(lengths) - 1, (len(lengths) * 95) // 100)]
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        return None
    full = sum(1 for i in inner if _was_wrapped(lines[i], lines[i + 1], width))
    if full < MIN_WRAPPED_LINES or full < MIN_SHARE * len(inner):
        return None
    return width


def _was_wrapped(line: _Line, following: _Line, width: int) -> bool:
    """True when the next line's first word would not have fitted on this line."""
    if _LIST_ITEM.match(following.text):
        return False
    length = len(line.text.rstrip())
    word = _first_word(following.text)
    return bool(word) and length + 1 + len(word) > width


def reflow_breaks(text: str) -> list[tuple[int, int]]:
    """(offset, length) of every line break that only wraps a full line; [] if not hard-wrapped."""
    width = wrap_width(text)
    if width is None:
        return []
    lines = _lines(text)
    breaks = []
    for i in _candidates(lines):
        if _was_wrapped(lines[i], lines[i + 1], width):
            line = lines[i]
            breaks.append((line.start + len(line.text), line.brk))
    return breaks


def reflowed(text: str) -> str:
    """The text with wrapping line breaks replaced by spaces; exactly as long as ``text``."""
    breaks = reflow_breaks(text)
    if not breaks:
        return text
    parts = []
    position = 0
    for offset, length in breaks:
        parts.append(text[position:offset])
        parts.append(" " * length)
        position = offset + length
    parts.append(text[position:])
    return "".join(parts)


def is_hard_wrapped(text: str) -> bool:
    return wrap_width(text) is not None
