"""Tokenisation with exact offsets, and normalisation keys for matching.

Tokens are words, single punctuation marks and runs of whitespace; together they cover the
text exactly.  CJK ideographs and kana are one token per character because those scripts do
not separate words with spaces.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from itertools import accumulate

from core.model import TokenKind

_CJK = (
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # compatibility ideographs
)
# A word keeps inner apostrophes, hyphens and dots between letters or digits ("don't",
# "U.S", "3.5", "e-mail") so that a reworded phrase diffs as words, not as fragments.
_SPLIT_RE = re.compile(
    rf"(\s+|[{_CJK}]|[^\w\s]|(?:[^\W{_CJK}]+(?:['’\-.,](?=[^\W{_CJK}])[^\W{_CJK}]+)*))"
)

_QUOTE_MAP = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "‹": "'",
        "›": "'",
        "″": '"',
        "–": "-",
        "—": "-",
        "‒": "-",
        "―": "-",
        "−": "-",
        "\u00ad": "",  # soft hyphen
    }
)


def tokenize(text: str) -> tuple[array, bytes]:  # type: ignore[type-arg]
    """Return ``(starts, kinds)``: token start offsets (plus a final end offset) and kinds.

    Runs in C for the splitting and offset arithmetic; only the kind classification is a
    Python loop, which keeps a 1M-word text well under a second.
    """
    parts = [p for p in _SPLIT_RE.split(text) if p]
    starts = array("l", [0])
    starts.extend(accumulate(map(len, parts)))
    kinds = bytes(_kind_of(p) for p in parts)
    return starts, kinds


def _kind_of(part: str) -> int:
    first = part[0]
    if first.isspace():
        return TokenKind.SPACE
    if first.isalnum() or first == "_" or len(part) > 1:
        return TokenKind.WORD
    return TokenKind.WORD if unicodedata.category(first)[0] in "LNM" else TokenKind.PUNCT


def normalize_token(token: str, kind: int, *, ignore_case: bool, normalize_quotes: bool) -> str:
    """The key two tokens are matched by.  Display text is never changed."""
    if kind == TokenKind.SPACE:
        return " "
    key = token
    if normalize_quotes:
        key = key.translate(_QUOTE_MAP)
    if ignore_case:
        key = key.casefold()
    return key


def stem_key(word: str) -> str:
    """A crude, language-neutral stem for fuzzy sentence matching ("accused" ~ "accusing").

    Only used to score which sentences correspond, never for the word diff itself.
    """
    word = word.casefold()
    return word[:5] if len(word) > 5 else word
