"""Per-comparison preparation: every token of both documents gets a normalised key id.

Doing this once per document (instead of per diff) keeps a 1M-word comparison fast: the
normalisation runs over the whole text in C (``str.lower``/``translate``), and tokens are then
just slices of the normalised text looked up in one shared vocabulary.
"""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass
from itertools import islice

import numpy as np

from core.config import CompareConfig
from core.model import Document, TokenKind
from core.tokens import _QUOTE_MAP, stem_key, token_kind_of

SPACE_ID = 0  # whitespace, and punctuation when punctuation is ignored


class Vocabulary:
    """Normalised token key -> small int, shared by both sides of a comparison."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {" ": SPACE_ID}
        self.keys: list[str] = [" "]
        self._stem_by_id: list[int] = []
        self._stem_ids: dict[str, int] = {}

    def id_of(self, key: str) -> int:
        found = self.ids.get(key)
        if found is None:
            found = len(self.keys)
            self.ids[key] = found
            self.keys.append(key)
        return found

    def stem_table(self) -> list[int]:
        """Stem id for every token id so far (crude stems score sentence correspondence)."""
        table = self._stem_by_id
        stem_ids = self._stem_ids
        for key in self.keys[len(table) :]:
            table.append(stem_ids.setdefault(stem_key(key), len(stem_ids)))
        return table


@dataclass(frozen=True, eq=False)
class PreparedDocument:
    doc: Document
    token_ids: array  # type: ignore[type-arg]  # array('i'): key id per token
    # One character per token, the key id as a private-use code point (SPACE_CODE for
    # whitespace): diff-match-patch diffs these strings directly ("lines to chars" for words).
    codes: str
    sentence_bags: list[Counter[int]]  # stem id -> count, words only, per sentence
    sentence_words: list[int]  # number of word tokens per sentence


# Supplementary private-use planes 15 and 16 give 131,068 code points; a vocabulary larger
# than that (only in multi-million-word inputs) folds the rarest ids onto the last code point,
# which at worst shows two different rare words as a replacement of equal length.
FIRST_CODE_POINT = 0xF0000
CODE_POINTS = 0x10FFFD - FIRST_CODE_POINT
SPACE_CODE = chr(FIRST_CODE_POINT + SPACE_ID)
_NORMALIZE_SLICE = 1 << 16
_CHUNK = 200_000  # tokens normalised at a time: bounds the transient list of key strings


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
    """Key ids, code string and sentence bags for one document, in bulk and in chunks."""
    text = doc.text
    starts = doc.token_starts
    kinds = doc.token_kinds
    norm = normalized_text(text, config)
    ids = vocab.ids
    token_ids = array("i")
    stems: list[int] = []
    code_chunks: list[str] = []
    for chunk_start in range(0, len(kinds), _CHUNK):
        config.check_cancelled()
        chunk_end = min(chunk_start + _CHUNK, len(kinds))
        bounds = starts[chunk_start : chunk_end + 1]
        if norm is not None:
            keys = [norm[s:e] for s, e in zip(bounds, islice(bounds, 1, None), strict=False)]
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
                ids[key] = len(vocab.keys)
                vocab.keys.append(key)
        chunk_ids = np.fromiter(map(ids.__getitem__, keys), dtype=np.int32, count=len(keys))
        del keys
        token_ids.frombytes(chunk_ids.tobytes())
        # Code points as UTF-32 in one go: far faster than chr() per token.
        codes = np.minimum(chunk_ids, CODE_POINTS).astype(np.uint32) + FIRST_CODE_POINT
        code_chunks.append(codes.tobytes().decode("utf-32-le"))
        stem_table = np.asarray(vocab.stem_table(), dtype=np.int32)
        is_word = np.frombuffer(
            kinds, dtype=np.uint8, count=chunk_end - chunk_start, offset=chunk_start
        )
        chunk_stems = np.where(is_word == TokenKind.WORD, stem_table[chunk_ids], -1)
        stems.extend(chunk_stems.tolist())
    config.check_cancelled()
    bags: list[Counter[int]] = []
    words: list[int] = []
    for sentence in doc.sentences:
        bag = Counter(stems[sentence.token_start : sentence.token_end])
        bag.pop(-1, None)
        bags.append(bag)
        words.append(kinds[sentence.token_start : sentence.token_end].count(TokenKind.WORD))
    return PreparedDocument(doc, token_ids, "".join(code_chunks), bags, words)


def _normalize_one(token: str, config: CompareConfig) -> str:
    if config.normalize_quotes:
        token = token.translate(_QUOTE_MAP)
    if config.ignore_case:
        token = token.casefold()
    return token
