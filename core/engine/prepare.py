"""Per-comparison preparation: every token of both documents gets a normalised key id.

Doing this once per document (instead of per diff) keeps a 1M-word comparison fast: the
normalisation runs over the whole text in C (``str.lower``/``translate``), and tokens are then
just slices of the normalised text looked up in one shared vocabulary.  The bulk steps are
``map``/``compress``/``str.join`` over whole chunks, so no per-token Python code runs and no
per-token Python object outlives its chunk.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress, islice

from core.config import CompareConfig
from core.model import Document, TokenKind
from core.text.tokens import _QUOTE_MAP, stem_key, token_kind_of

# Supplementary private-use planes 15 and 16 give 131,068 code points; a vocabulary larger
# than that (only in multi-million-word inputs) folds the words first seen last onto the last
# code point: at worst two different rare words show as a replacement of equal length, and
# count as one stem when sentences are matched.
FIRST_CODE_POINT = 0xF0000
CODE_POINTS = 0x10FFFD - FIRST_CODE_POINT
SPACE_ID = FIRST_CODE_POINT  # whitespace, and punctuation when punctuation is ignored
SPACE_CODE = chr(SPACE_ID)
_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"  # array("I") byte order
_NORMALIZE_SLICE = 1 << 16
_CHUNK = 50_000  # tokens normalised at a time: bounds the transient list of key strings

# A sentence bag holds each stem id once; the second "the" of a sentence is the id
# ``stem + REPEAT_STRIDE``, the third ``stem + 2 * REPEAT_STRIDE``.  A multiset intersection
# (shared words counted min(count_a, count_b) times) is then a plain set intersection, which
# runs in C, and a bag is a small tuple instead of a Counter (a fifth of the memory).
REPEAT_STRIDE = 1 << 32

_WORD_MASK = bytes(1 if kind == TokenKind.WORD else 0 for kind in range(256))


class Vocabulary:
    """Normalised token key -> its code point, shared by both sides of a comparison.

    A key's id *is* its private-use code point (FIRST_CODE_POINT + n), so an array of ids
    decodes straight to the code string the diff runs on (UTF-32, in C).
    """

    def __init__(self) -> None:
        self.ids: dict[str, int] = {" ": SPACE_ID}
        self.keys: list[str] = [" "]
        self._stem_by_key: list[int] = []  # stem id of keys[n]
        self._stem_ids: dict[str, int] = {}
        self.repeats: dict[int, int] = {}  # encoded repeat ids, interned (see make_bag)

    def id_of(self, key: str) -> int:
        found = self.ids.get(key)
        if found is None:
            found = self._add(key)
        return found

    def _add(self, key: str) -> int:
        found = FIRST_CODE_POINT + min(len(self.keys), CODE_POINTS)
        self.ids[key] = found
        self.keys.append(key)
        return found

    def stem_table(self) -> list[int]:
        """Stem id of every key so far, by key number (id - FIRST_CODE_POINT).

        Crude stems score sentence correspondence.
        """
        table = self._stem_by_key
        stem_ids = self._stem_ids
        for key in self.keys[len(table) :]:
            table.append(stem_ids.setdefault(stem_key(key), len(stem_ids)))
        return table


@dataclass(frozen=True, eq=False)
class PreparedDocument:
    doc: Document
    # One character per token, the key id as a private-use code point (SPACE_CODE for
    # whitespace): diff-match-patch diffs these strings directly ("lines to chars" for words).
    codes: str
    word_codes: str  # the codes of the word tokens only, in order
    # Per sentence, the stem ids of its words, repeats encoded (see REPEAT_STRIDE).
    sentence_bags: list[tuple[int, ...]]
    sentence_words: list[int]  # number of word tokens per sentence


def base_stem(stem: int) -> int:
    """The stem id of a bag entry, repeat encoding removed."""
    return stem % REPEAT_STRIDE


def make_bag(stems: Iterable[int], interned: dict[int, int] | None = None) -> tuple[int, ...]:
    """A bag of stem ids (a multiset) as a tuple of distinct ids; see REPEAT_STRIDE.

    ``interned`` shares one int object per encoded repeat across bags: a book has hundreds
    of thousands of repeats ("the" twice in a sentence) but only thousands of distinct ones.
    """
    stems = tuple(stems)
    distinct = set(stems)
    if len(distinct) == len(stems):
        return stems
    if interned is None:
        interned = {}
    repeats = list(stems)
    for stem in distinct:
        repeats.remove(stem)  # what is left are the second, third... occurrences
    bag = list(distinct)
    seen: dict[int, int] = {}
    for stem in repeats:
        count = seen.get(stem, 0) + 1
        seen[stem] = count
        encoded = stem + count * REPEAT_STRIDE
        bag.append(interned.setdefault(encoded, encoded))
    return tuple(bag)


def normalized_text(text: str, config: CompareConfig) -> str | None:
    """The whole text normalised, or None when that would shift offsets.

    Done in slices: ``str.translate`` holds the GIL for its whole run, and one call over a
    1M-word text would freeze the window for half a second.
    """
    if not (config.normalize_quotes or config.ignore_case):
        return text
    pieces = []
    for start in range(0, len(text), _NORMALIZE_SLICE):
        piece = text[start : start + _NORMALIZE_SLICE]
        if config.normalize_quotes:
            piece = piece.translate(_QUOTE_MAP)
        if config.ignore_case:
            piece = piece.lower()
        pieces.append(piece)
    normalized = "".join(pieces)
    return normalized if len(normalized) == len(text) else None


def prepare(doc: Document, vocab: Vocabulary, config: CompareConfig) -> PreparedDocument:
    """Code string and sentence bags for one document, in bulk and in chunks."""
    text = doc.text
    starts = doc.token_starts
    kinds = doc.token_kinds
    norm = normalized_text(text, config)
    ids = vocab.ids
    code_chunks: list[str] = []
    word_code_chunks: list[str] = []
    word_mask = kinds.translate(_WORD_MASK)
    for chunk_start in range(0, len(kinds), _CHUNK):
        config.check_cancelled()
        chunk_end = min(chunk_start + _CHUNK, len(kinds))
        bounds = starts[chunk_start : chunk_end + 1]
        if norm is not None:
            keys = list(map(norm.__getitem__, map(slice, bounds, islice(bounds, 1, None))))
        else:
            pairs = zip(bounds, islice(bounds, 1, None), strict=False)
            keys = [_normalize_one(text[s:e], config) for s, e in pairs]
        # Whitespace-like tokens (and punctuation, when ignored) all share SPACE_ID.  A token's
        # kind follows from its first character, so new keys are classified without the kinds.
        for key in set(keys).difference(ids):
            kind = token_kind_of(key)
            if kind == TokenKind.SPACE or (config.ignore_punctuation and kind == TokenKind.PUNCT):
                ids[key] = SPACE_ID
            else:
                vocab._add(key)
        chunk_ids = array("I", map(ids.__getitem__, keys))
        del keys
        code_chunks.append(chunk_ids.tobytes().decode(_UTF32))
        chunk_words = array("I", compress(chunk_ids, word_mask[chunk_start:chunk_end]))
        word_code_chunks.append(chunk_words.tobytes().decode(_UTF32))
    config.check_cancelled()
    stem_of = vocab.stem_table()
    word_codes = "".join(word_code_chunks)
    # Every word's stem id at once (shared int objects from the stem table), then one slice
    # of that list a sentence.
    stems = list(map(stem_of.__getitem__, map(FIRST_CODE_POINT.__rsub__, map(ord, word_codes))))
    bags: list[tuple[int, ...]] = []
    words: list[int] = []
    word = bytes((TokenKind.WORD,))
    position = 0  # words before the current sentence
    previous_end = 0
    for sentence in doc.sentences:
        start, end = sentence.token_start, sentence.token_end
        position += kinds.count(word, previous_end, start)
        count = kinds.count(word, start, end)
        bags.append(make_bag(stems[position : position + count], vocab.repeats))
        words.append(count)
        position += count
        previous_end = end
    del stems
    return PreparedDocument(doc, "".join(code_chunks), word_codes, bags, words)


def _normalize_one(token: str, config: CompareConfig) -> str:
    if config.normalize_quotes:
        token = token.translate(_QUOTE_MAP)
    if config.ignore_case:
        token = token.casefold()
    return token
