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

# A wrapping width a person or a mail/wire system uses; beyond it lines are paragraphs.
MIN_WIDTH = 30
MAX_WIDTH = 100
MIN_WRAPPED_LINES = 3  # fewer full lines than this in a text: nothing to reflow
MIN_SHARE = 0.6  # share of the lines followed by text in the same paragraph that look wrapped
# Lines that start a list item, a quotation block or a table row stay on their own line.
_LIST_ITEM = re.compile(r"\s*(?:[-*•–—>|+]|\d{1,3}[.)]|[a-zA-Z][.)])\s")


_BREAK = re.compile(r"\r\n|\r|\n")


def _lines(text: str) -> tuple[list[str], list[int]]:
    """The lines without their breaks, and the length of the break after each (0 at the end).

    A text that ends with a line break has no empty last line (as ``str.splitlines``).
    """
    if "\r" not in text:
        bodies = text.split("\n")
        brks = [1] * (len(bodies) - 1) + [0]
    else:
        bodies, brks, position = [], [], 0
        for match in _BREAK.finditer(text):
            bodies.append(text[position : match.start()])
            brks.append(match.end() - match.start())
            position = match.end()
        bodies.append(text[position:])
        brks.append(0)
    if len(bodies) > 1 and not bodies[-1]:
        bodies.pop()
        brks.pop()
    return bodies, brks


def _wrapped_flags(bodies: list[str], brks: list[int]) -> tuple[list[int], list[bool], int | None]:
    """Inner breaks (a non-blank line followed by one), whether each wraps a full line, and
    the wrapping width (None when the text is not hard-wrapped)."""
    blank = [not b or b.isspace() for b in bodies]
    inner = [i for i in range(len(bodies) - 1) if brks[i] and not blank[i] and not blank[i + 1]]
    if len(inner) < MIN_WRAPPED_LINES:
        return inner, [], None
    lengths = [len(bodies[i].rstrip()) for i in inner]
    ordered = sorted(lengths)
    # The wrapping width: the longest inner line, ignoring a stray few (a URL, a table).
    width = ordered[min(len(ordered) - 1, (len(ordered) * 95) // 100)]
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        return inner, [], None
    flags = []
    for i, length in zip(inner, lengths, strict=True):
        following = bodies[i + 1]
        word = following.split(None, 1)[0]
        # Wrapped: the next line's first word would not have fitted on this one.
        flags.append(length + 1 + len(word) > width and not _LIST_ITEM.match(following))
    full = sum(flags)
    if full < MIN_WRAPPED_LINES or full < MIN_SHARE * len(inner):
        return inner, [], None
    return inner, flags, width


def wrap_width(text: str) -> int | None:
    """The column the text was hard-wrapped at, or None when it is not hard-wrapped."""
    return _wrapped_flags(*_lines(text))[2]


def reflow_breaks(text: str) -> list[tuple[int, int]]:
    """(offset, length) of every line break that only wraps a full line; [] if not hard-wrapped."""
    bodies, brks = _lines(text)
    inner, flags, width = _wrapped_flags(bodies, brks)
    if width is None:
        return []
    ends = []  # offset of each line's break
    position = 0
    for body, brk in zip(bodies, brks, strict=True):
        ends.append(position + len(body))
        position += len(body) + brk
    return [(ends[i], brks[i]) for i, wrapped in zip(inner, flags, strict=True) if wrapped]


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
