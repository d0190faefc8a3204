"""Paragraph and sentence segmentation for news text.

Paragraphs: blank lines separate paragraphs; a text with no blank line at all (one paragraph a
line, as many newsroom systems export) gets one paragraph per line.  Sentences come from
sentencex (Wikimedia's rule-based segmenter: ~300 languages, abbreviation lists, written in
Rust), run per paragraph so a sentence never crosses a paragraph break.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right

import sentencex

from core.model import Paragraph, Sentence, TokenKind

_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
_LINE_RE = re.compile(r"\n\s*")
_QUOTE_RE = re.compile(r'["“”„«»]')
_OPENING_QUOTES = '"“„«'
# A "sentence" longer than this many tokens (a 20 MB line with no full stop, a table dump) is
# cut at whitespace so that alignment and word diffs work on bounded pieces.
MAX_SENTENCE_TOKENS = 400

# sentencex knows these; anything else falls back to English rules, which are a sound default
# for Latin-script news text.
_SENTENCEX_FALLBACK = "en"


def paragraph_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of non-blank paragraphs, stripped of surrounding whitespace."""
    separator = _BLANK_LINE_RE if _BLANK_LINE_RE.search(text) else _LINE_RE
    ranges: list[tuple[int, int]] = []
    position = 0
    for match in separator.finditer(text):
        _append_stripped(text, position, match.start(), ranges)
        position = match.end()
    _append_stripped(text, position, len(text), ranges)
    return ranges


def _append_stripped(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append((start, end))


def segment(
    text: str,
    token_starts: array,  # type: ignore[type-arg]
    token_kinds: bytes,
    language: str = "en",
) -> tuple[tuple[Sentence, ...], tuple[Paragraph, ...]]:
    """Split into paragraphs and sentences whose boundaries fall on token boundaries."""
    lang = language if language and language != "unknown" else _SENTENCEX_FALLBACK
    sentences: list[Sentence] = []
    paragraphs: list[Paragraph] = []
    for para_start, para_end in paragraph_ranges(text):
        first_sentence = len(sentences)
        para_text = text[para_start:para_end]
        # sentencex never cuts inside quotation marks, so a quoted passage of several
        # sentences would stay one sentence and could only align as a block.  Quote marks are
        # masked (same length, offsets unchanged) and each cut is moved back before an opening
        # quote that ends up glued to the next sentence.
        masked = _QUOTE_RE.sub(" ", para_text)
        try:
            bounds = sentencex.get_sentence_boundaries(lang, masked)
        except Exception:
            bounds = sentencex.get_sentence_boundaries(_SENTENCEX_FALLBACK, masked)
        cuts = [
            para_start + _cut_before_opening_quote(para_text, b["end_index"]) for b in bounds[:-1]
        ]
        cuts.append(para_end)
        piece_start = para_start
        for cut in cuts:
            for s_start, s_end, tok_start, tok_end in _sentence_pieces(
                text, piece_start, cut, token_starts, token_kinds
            ):
                sentences.append(
                    Sentence(len(sentences), s_start, s_end, len(paragraphs), tok_start, tok_end)
                )
            piece_start = cut
        if len(sentences) > first_sentence:
            paragraphs.append(
                Paragraph(len(paragraphs), para_start, para_end, first_sentence, len(sentences))
            )
    return tuple(sentences), tuple(paragraphs)


def _cut_before_opening_quote(text: str, end: int) -> int:
    while end > 0 and (
        text[end - 1].isspace()
        or (text[end - 1] in _OPENING_QUOTES and (end < 2 or text[end - 2].isspace()))
    ):
        end -= 1
    return end


def _sentence_pieces(
    text: str,
    start: int,
    end: int,
    token_starts: array,  # type: ignore[type-arg]
    token_kinds: bytes,
) -> list[tuple[int, int, int, int]]:
    """Snap ``[start, end)`` to token boundaries, strip whitespace, cut over-long runs.

    Returns (start, end, first token, end token) of each piece.
    """
    tok_start = bisect_right(token_starts, start) - 1
    tok_end = bisect_left(token_starts, end)
    while tok_start < tok_end and token_kinds[tok_start] == TokenKind.SPACE:
        tok_start += 1
    while tok_end > tok_start and token_kinds[tok_end - 1] == TokenKind.SPACE:
        tok_end -= 1
    if tok_start >= tok_end:
        return []
    pieces: list[tuple[int, int, int, int]] = []
    while tok_end - tok_start > MAX_SENTENCE_TOKENS:
        cut = tok_start + MAX_SENTENCE_TOKENS
        # Prefer cutting at whitespace so no word is split between two pieces.
        back = cut
        while back > tok_start + MAX_SENTENCE_TOKENS // 2 and token_kinds[back] != TokenKind.SPACE:
            back -= 1
        if token_kinds[back] == TokenKind.SPACE:
            cut = back
        pieces.append((token_starts[tok_start], token_starts[cut], tok_start, cut))
        tok_start = cut
        while tok_start < tok_end and token_kinds[tok_start] == TokenKind.SPACE:
            tok_start += 1
    if tok_start < tok_end:
        pieces.append((token_starts[tok_start], token_starts[tok_end], tok_start, tok_end))
    return _strip_pieces(text, pieces, token_starts)


def _strip_pieces(
    text: str,
    pieces: list[tuple[int, int, int, int]],
    token_starts: array,  # type: ignore[type-arg]
) -> list[tuple[int, int, int, int]]:
    """Pieces without trailing whitespace (rare: pieces already end on a non-space token)."""
    out = []
    for s, e, tok_start, tok_end in pieces:
        if e > s and text[e - 1].isspace():
            while e > s and text[e - 1].isspace():
                e -= 1
            tok_end = bisect_left(token_starts, e)
        if e > s:
            out.append((s, e, tok_start, tok_end))
    return out
