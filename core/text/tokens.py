"""Tokenisation with exact offsets (match keys: :mod:`core.text.normalize`).

Tokens are words, single punctuation marks and runs of whitespace; together they cover the
text exactly.  CJK ideographs and kana are one token per character because those scripts do
not separate words with spaces.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Callable
from itertools import accumulate
from operator import itemgetter

from core.model import TokenKind

# Scripts written without spaces between words: one token per character.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"


def _combining_marks() -> str:
    """Character class body for the BMP combining marks that ``\\w`` misses.

    Without them, words of Indic, Arabic or Hebrew script (vowel signs, viramas) would fall
    apart into pieces.  The standard ``re`` module has no ``\\p{M}``, and the third-party
    ``regex`` module's split is twice as slow on a 1M-word text, so the class is built once.
    """
    ranges: list[tuple[int, int]] = []
    for code_point in range(0x300, 0x10000):
        char = chr(code_point)
        if unicodedata.category(char)[0] == "M" and not re.match(r"\w", char):
            if ranges and ranges[-1][1] == code_point - 1:
                ranges[-1] = (ranges[-1][0], code_point)
            else:
                ranges.append((code_point, code_point))
    return "".join(f"\\u{lo:04x}-\\u{hi:04x}" if hi > lo else f"\\u{lo:04x}" for lo, hi in ranges)


_MARKS = _combining_marks()
# A word character is \w outside the CJK ranges, or a combining mark.  Written as a negated
# class ([^\W...] is "word character but not CJK") rather than a lookahead per character, and
# with marks looped separately: the tokenizer is the largest single cost of loading a book.
_WORD_CHAR = rf"(?:[^\W{_CJK}]|[{_MARKS}])"
_WORD = rf"{_WORD_CHAR}[^\W{_CJK}]*(?:[{_MARKS}]+[^\W{_CJK}]*)*"
# Python's str.isspace also counts the information separators \x1c-\x1f; so do we, so that
# "space" means the same to the tokenizer, the segmenter and str.strip().
_SPACE = r"[\s\x1c-\x1f]"
# A word keeps inner apostrophes, hyphens, dots and commas between letters or digits
# ("don't", "U.S", "3.5", "1,000", "e-mail") so that a reworded phrase diffs as words.
# Every character matches one alternative, so findall() tiles the text.
_TOKEN_RE = re.compile(rf"{_SPACE}+|[{_CJK}]|{_WORD}(?:['’\-.,]{_WORD})*|[^\s\x1c-\x1f]")
_SPACE_RE = re.compile(_SPACE)
_WHITESPACE_AFTER_TEXT_RE = re.compile(rf"[^\s\x1c-\x1f]{_SPACE}")
# A punctuation mark that is always a token by itself: not a word character, a combining mark,
# whitespace or one of the marks a word may keep inside it.
_LONE_PUNCTUATION_RE = re.compile(rf"[^\w\s\x1c-\x1f'’\-.,{_MARKS}]")
_FIRST_CHAR = itemgetter(0)
_TOKENIZE_CHUNK = 1 << 18  # ~40k words: short GIL holds, so the window stays responsive
_WORD_CHAR_RE = re.compile(rf"[\w{_MARKS}]")


class _KindTable(dict[int, str]):
    """Code point -> token kind as a one-character string, filled on first sight.

    A token's kind is decided by its first character.  ``str.translate`` with this table
    classifies all first characters in C; only a character never seen before costs a call.
    """

    def __missing__(self, code_point: int) -> str:
        char = chr(code_point)
        if _SPACE_RE.match(char):
            kind = TokenKind.SPACE
        elif _WORD_CHAR_RE.match(char):
            kind = TokenKind.WORD
        else:
            kind = TokenKind.PUNCT
        self[code_point] = chr(kind)
        return chr(kind)


_KIND_TABLE = _KindTable()


def tokenize(text: str, check_cancelled: Callable[[], None] | None = None) -> tuple[array, bytes]:  # type: ignore[type-arg]
    """Return ``(starts, kinds)``: token start offsets (plus a final end offset) and kinds.

    Everything runs in C (regex findall, offset accumulation, bulk classification).  Long
    texts go through in chunks cut where a whitespace run starts (always a token boundary), so
    the transient list of token strings stays small.  ``check_cancelled`` (which raises to
    stop) is called before each chunk.
    """
    starts = array("i", [0])  # 4 bytes a token; texts are far below 2 GiB
    kinds: list[bytes] = []
    position = 0
    while position < len(text):
        if check_cancelled is not None:
            check_cancelled()
        cut = _chunk_end(text, position)
        parts = _TOKEN_RE.findall(text, position, cut)
        offset = starts[-1]
        starts.extend(accumulate(map(len, parts), initial=offset))
        starts.pop(len(starts) - len(parts) - 1)  # the chunk's initial offset was already there
        kinds.append("".join(map(_FIRST_CHAR, parts)).translate(_KIND_TABLE).encode("latin-1"))
        position = cut
    return starts, b"".join(kinds)


def _chunk_end(text: str, start: int) -> int:
    """Where the chunk starting at ``start`` ends: a place every tokenisation has a boundary.

    Preferably where a whitespace run starts; in text without whitespace (a megabyte of base64
    on one line), right after a punctuation mark that cannot join words (a token of its own on
    both sides).  Both searches look one chunk ahead only, so no single regex call scans the
    whole of a long line while holding the GIL.
    """
    end = start + _TOKENIZE_CHUNK
    if end >= len(text):
        return len(text)
    limit = end + _TOKENIZE_CHUNK
    match = _WHITESPACE_AFTER_TEXT_RE.search(text, end, limit + 1)
    if match is None:
        match = _LONE_PUNCTUATION_RE.search(text, end, limit)
        if match is None:
            match = _WHITESPACE_AFTER_TEXT_RE.search(text, limit)
    return match.start() + 1 if match else len(text)


def token_kind_of(token: str) -> TokenKind:
    """Kind of a token (or of a normalised key: normalisation keeps the first character's class)."""
    return TokenKind(ord(_KIND_TABLE[ord(token[0])]))
