"""The match key: what two tokens are compared by.  The one place that defines it.

A token's key is its text with quotes and dashes unified (``normalize_quotes``) and lowered
(``ignore_case``); display text never changes.  Every part of Copydesk that matches words
(the word codes of :mod:`core.engine.prepare`, the character diff of
:mod:`core.engine.worddiff`, the verdict features, folder ranking's vocabulary) takes its keys
from here, per token (:func:`match_key`) or for a whole text at once (:class:`KeyedText`);
the two give the same keys for every token (a property test checks arbitrary Unicode).

Case is ignored with ``str.lower``, not ``casefold``: "Straße" and "Strasse" are different
spellings an editor wants to see, and ``lower`` keeps the length of every character but one
("İ" becomes "i" and a combining dot), which the bulk path handles token by token.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import islice

from core.model import TokenKind

# Crude, language-neutral stems (sentence matching, verdict features, ranking vocabulary):
# the first five letters, so that "accused" and "accusing" count as one.
STEM_LENGTH = 5

QUOTE_MAP = str.maketrans(
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

# Characters whose key cannot be read off the whole text normalised at once: "İ" lowers to
# two characters, "Σ" lowers by context (final sigma), the soft hyphen is removed.  Tokens
# holding one get their key from match_key; tests check these are the only such characters.
LOWER_SPECIAL = "\u0130\u03a3"
QUOTE_SPECIAL = "\u00ad"
_PLACEHOLDER = "\x00"  # stands in for a special character in the bulk text (same length)
_SLICE = 1 << 16  # characters normalised per call: short GIL holds on a long text


def match_key(token: str, *, ignore_case: bool, normalize_quotes: bool) -> str:
    """The key of one token (any token: whitespace is normalised like the rest)."""
    key = token
    if normalize_quotes:
        key = key.translate(QUOTE_MAP)
    if ignore_case:
        key = key.lower()
    return key


def token_key(token: str, kind: int, *, ignore_case: bool, normalize_quotes: bool) -> str:
    """:func:`match_key`, except that every run of whitespace matches every other (" ")."""
    if kind == TokenKind.SPACE:
        return " "
    return match_key(token, ignore_case=ignore_case, normalize_quotes=normalize_quotes)


def folded_key(token: str) -> str:
    """The key with case and quotes always ignored: verdict features and ranking vocabulary,
    which must not depend on the window's matching options (the verdict model is fitted so).
    """
    return match_key(token, ignore_case=True, normalize_quotes=True)


def stem_key(word: str) -> str:
    """A crude stem for fuzzy sentence matching ("accused" ~ "accusing"); never for the diff."""
    word = word.casefold()
    return word[:STEM_LENGTH] if len(word) > STEM_LENGTH else word


def stem_of_key(key: str) -> str:
    """The stem of a word that is already a key (lowered): its first STEM_LENGTH characters."""
    return key[:STEM_LENGTH]


class KeyedText:
    """The match keys of a tokenised text, worked out in bulk.

    The whole text is normalised once in C (``translate``/``lower`` over large slices) and a
    token's key is a slice of it.  Tokens holding a character whose key depends on more than
    the character (see LOWER_SPECIAL) get :func:`match_key` of their own text instead, so
    :meth:`keys` always equals ``match_key`` token by token.
    """

    def __init__(
        self,
        text: str,
        starts: Sequence[int] | array,  # type: ignore[type-arg]
        *,
        ignore_case: bool,
        normalize_quotes: bool,
    ) -> None:
        self._text = text
        self._starts = starts
        self._ignore_case = ignore_case
        self._normalize_quotes = normalize_quotes
        special = (LOWER_SPECIAL if ignore_case else "") + (
            QUOTE_SPECIAL if normalize_quotes else ""
        )
        self._special_tokens: list[int] = []
        base = text
        if special:
            pattern = re.compile(f"[{special}]")
            positions = [match.start() for match in pattern.finditer(text)]
            if positions:
                tokens = {bisect_right(starts, position) - 1 for position in positions}
                self._special_tokens = sorted(tokens)
                base = pattern.sub(_PLACEHOLDER, text)
        if not (ignore_case or normalize_quotes):
            normalized = text  # the keys are the tokens themselves
        else:
            pieces = []
            for start in range(0, len(base), _SLICE):
                piece = base[start : start + _SLICE]
                if normalize_quotes:
                    piece = piece.translate(QUOTE_MAP)
                if ignore_case:
                    piece = piece.lower()
                pieces.append(piece)
            normalized = "".join(pieces)
        if len(normalized) != len(text):  # cannot happen (tested); stay exact if it does
            self._normalized: str | None = None
        else:
            self._normalized = normalized

    def keys(self, first: int, last: int) -> list[str]:
        """Keys of tokens ``[first, last)``."""
        starts = self._starts
        bounds = starts[first : last + 1]
        normalized = self._normalized
        if normalized is None:
            text = self._text
            return [
                match_key(
                    text[start:end],
                    ignore_case=self._ignore_case,
                    normalize_quotes=self._normalize_quotes,
                )
                for start, end in zip(bounds, islice(bounds, 1, None), strict=False)
            ]
        keys = list(map(normalized.__getitem__, map(slice, bounds, islice(bounds, 1, None))))
        special = self._special_tokens
        if special:
            for index in special[bisect_left(special, first) : bisect_left(special, last)]:
                keys[index - first] = match_key(
                    self._text[starts[index] : starts[index + 1]],
                    ignore_case=self._ignore_case,
                    normalize_quotes=self._normalize_quotes,
                )
        return keys


def folded_words(text: str, starts: Sequence[int] | array, kinds: bytes) -> list[str]:  # type: ignore[type-arg]
    """The folded keys (:func:`folded_key`) of every word token of a tokenised text, in order."""
    keyed = KeyedText(text, starts, ignore_case=True, normalize_quotes=True)
    keys = keyed.keys(0, len(kinds))
    word = TokenKind.WORD
    return [key for key, kind in zip(keys, kinds, strict=True) if kind == word]
