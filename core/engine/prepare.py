"""Per-comparison preparation: every token of both documents gets a normalised key id.

Doing this once per document (instead of per diff) keeps a 1M-word comparison fast: the keys
come in bulk from :class:`core.text.normalize.KeyedText` (the whole text normalised in C, a
token's key a slice of it), looked up in one shared vocabulary.  Ids are handed out in the
order keys are first seen, so the same pair gets the same codes in every run.  The bulk steps are
``map``/``compress``/``str.join`` over whole chunks, so no per-token Python code runs and no
per-token Python object outlives its chunk.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress

from core.config import CompareConfig
from core.model import Document, TokenKind
from core.text.normalize import KeyedText, stem_key
from core.text.tokens import token_kind_of

# Supplementary private-use planes 15 and 16 give 131,069 code points.  A vocabulary larger
# than that (only in multi-million-word inputs) gives every key first seen past the budget
# the overflow code of its side (Vocabulary.overflow_codes: the last two code points, one for
# A and one for B).  Such a word never equals anything on the other side, so the fallback
# shows as a change (a word both sides share may show as replaced), never as a hidden "equal"
# of two different words; and which words overflow depends only on the texts (first-seen
# order), not on the run.
FIRST_CODE_POINT = 0xF0000
CODE_POINTS = 0x10FFFD - FIRST_CODE_POINT
SPACE_ID = FIRST_CODE_POINT  # whitespace, and punctuation when punctuation is ignored
SPACE_CODE = chr(SPACE_ID)
_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"  # array("I") byte order
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

    def __init__(self, code_points: int = CODE_POINTS) -> None:
        # code_points - 2 ids for keys, then the two overflow codes (A's, B's).
        self.budget = code_points - 2
        self.overflow_codes = (FIRST_CODE_POINT + self.budget, FIRST_CODE_POINT + self.budget + 1)
        self.ids: dict[str, int] = {" ": SPACE_ID}
        self.keys: list[str] = [" "]
        self.overflowed = 0  # keys that got an overflow code (per side: each side counts)
        self._stem_by_key: list[int] = []  # stem id of keys[n]
        self._stem_ids: dict[str, int] = {}
        self.repeats: dict[int, int] = {}  # encoded repeat ids, interned (see make_bag)

    def _add(self, key: str, side: int, overflow: list[str]) -> None:
        if len(self.keys) < self.budget:
            self.ids[key] = FIRST_CODE_POINT + len(self.keys)
            self.keys.append(key)
        else:
            # Kept in ids only while this side is prepared (see prepare).
            self.ids[key] = self.overflow_codes[side]
            overflow.append(key)

    def overflow_note(self) -> str:
        """What the reader must be told when words went past the budget, or "" (the usual)."""
        if not self.overflowed:
            return ""
        words = "word" if self.overflowed == 1 else "words"
        return (
            f"These texts hold more distinct words than Copydesk can tell apart "
            f"({self.budget:,}): {self.overflowed:,} {words} first seen past that limit "
            "are always shown as changed, even where both sides have them."
        )

    def stem_table(self) -> list[int]:
        """Stem id of every key so far, by key number (id - FIRST_CODE_POINT).

        Crude stems score sentence correspondence.  Each overflow code has a stem of its own
        that no key shares.
        """
        table = self._stem_by_key
        stem_ids = self._stem_ids
        if len(table) > len(self.keys):  # overflow stems appended last time
            del table[len(self.keys) :]
        for key in self.keys[len(table) :]:
            table.append(stem_ids.setdefault(stem_key(key), len(stem_ids)))
        if len(self.keys) >= self.budget:
            table.append(stem_ids.setdefault("\x00overflow A", len(stem_ids)))
            table.append(stem_ids.setdefault("\x00overflow B", len(stem_ids)))
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


def prepare(
    doc: Document, vocab: Vocabulary, config: CompareConfig, side: int = 0
) -> PreparedDocument:
    """Code string and sentence bags for one document, in bulk and in chunks.

    ``side`` is 0 for A and 1 for B: it picks the overflow code (see CODE_POINTS).
    """
    text = doc.text
    starts = doc.token_starts
    kinds = doc.token_kinds
    keyed = KeyedText(
        text,
        starts,
        ignore_case=config.ignore_case,
        normalize_quotes=config.normalize_quotes,
    )
    ids = vocab.ids
    overflow: list[str] = []
    code_chunks: list[str] = []
    word_code_chunks: list[str] = []
    word_mask = kinds.translate(_WORD_MASK)
    for chunk_start in range(0, len(kinds), _CHUNK):
        config.check_cancelled()
        chunk_end = min(chunk_start + _CHUNK, len(kinds))
        keys = keyed.keys(chunk_start, chunk_end)
        # Whitespace-like tokens (and punctuation, when ignored) all share SPACE_ID.  A token's
        # kind follows from its first character, so new keys are classified without the kinds.
        # New keys in the order first seen (dict.fromkeys), never in hash order.
        for key in dict.fromkeys(keys):
            if key in ids:
                continue
            # An empty key (a lone soft hyphen) has nothing to match: it counts as space.
            kind = token_kind_of(key) if key else TokenKind.SPACE
            if kind == TokenKind.SPACE or (config.ignore_punctuation and kind == TokenKind.PUNCT):
                ids[key] = SPACE_ID
            else:
                vocab._add(key, side, overflow)
        chunk_ids = array("I", map(ids.__getitem__, keys))
        del keys
        code_chunks.append(chunk_ids.tobytes().decode(_UTF32))
        chunk_words = array("I", compress(chunk_ids, word_mask[chunk_start:chunk_end]))
        word_code_chunks.append(chunk_words.tobytes().decode(_UTF32))
    for key in overflow:
        del ids[key]  # the other side's copy of this word gets its own overflow code
    vocab.overflowed += len(overflow)
    config.check_cancelled()
    stem_of = vocab.stem_table()
    word_codes = "".join(word_code_chunks)
    # Every word's stem id at once (shared int objects from the stem table), then one slice
    # of that list a sentence.
    stems = list(map(stem_of.__getitem__, map(FIRST_CODE_POINT.__rsub__, map(ord, word_codes))))
    bags: list[tuple[int, ...]] = []
    word = bytes((TokenKind.WORD,))
    position = 0  # words before the current sentence
    previous_end = 0
    for sentence in doc.sentences:
        start, end = sentence.token_start, sentence.token_end
        position += kinds.count(word, previous_end, start)
        count = kinds.count(word, start, end)
        bags.append(make_bag(stems[position : position + count], vocab.repeats))
        position += count
        previous_end = end
    del stems
    return PreparedDocument(doc, "".join(code_chunks), word_codes, bags)
