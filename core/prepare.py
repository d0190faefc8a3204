"""Per-comparison preparation: every token of both documents gets a normalised key id.

Doing this once per document (instead of per diff) keeps a 1M-word comparison fast: the
normalisation runs over the whole text in C (``str.lower``/``translate``), and tokens are then
just slices of the normalised text looked up in one shared vocabulary.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from core.config import CompareConfig
from core.model import Document, TokenKind
from core.tokens import _QUOTE_MAP, stem_key

SPACE_ID = 0  # whitespace, and punctuation when punctuation is ignored


class Vocabulary:
    """Normalised token key -> small int, shared by both sides of a comparison."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {" ": SPACE_ID}
        self.keys: list[str] = [" "]
        self._stems: dict[int, int] = {}
        self._stem_ids: dict[str, int] = {}

    def id_of(self, key: str) -> int:
        found = self.ids.get(key)
        if found is None:
            found = len(self.keys)
            self.ids[key] = found
            self.keys.append(key)
        return found

    def stem_of(self, token_id: int) -> int:
        """Id of the crude stem of a token id (used only to score sentence correspondence)."""
        stem = self._stems.get(token_id)
        if stem is None:
            key = stem_key(self.keys[token_id])
            stem = self._stem_ids.setdefault(key, len(self._stem_ids))
            self._stems[token_id] = stem
        return stem


@dataclass(frozen=True, eq=False)
class PreparedDocument:
    doc: Document
    token_ids: list[int]  # key id per token
    sentence_bags: list[Counter[int]]  # stem id -> count, words only, per sentence
    sentence_words: list[int]  # number of word tokens per sentence


def normalized_text(text: str, config: CompareConfig) -> str | None:
    """The whole text normalised in one go, or None when that would shift offsets."""
    normalized = text
    if config.normalize_quotes:
        normalized = normalized.translate(_QUOTE_MAP)
    if config.ignore_case:
        normalized = normalized.lower()
    return normalized if len(normalized) == len(text) else None


def prepare(doc: Document, vocab: Vocabulary, config: CompareConfig) -> PreparedDocument:
    text = doc.text
    starts = doc.token_starts
    kinds = doc.token_kinds
    norm = normalized_text(text, config)
    id_of = vocab.id_of
    punct_as_space = config.ignore_punctuation
    token_ids: list[int] = []
    append = token_ids.append
    for i, kind in enumerate(kinds):
        if kind == TokenKind.SPACE or (punct_as_space and kind == TokenKind.PUNCT):
            append(SPACE_ID)
            continue
        start = starts[i]
        end = starts[i + 1]
        if norm is not None:
            key = norm[start:end]
        else:
            key = _normalize_one(text[start:end], config)
        append(id_of(key))
    config.check_cancelled()
    stem_of = vocab.stem_of
    bags: list[Counter[int]] = []
    words: list[int] = []
    word_kind = TokenKind.WORD
    for sentence in doc.sentences:
        stems = [
            stem_of(token_ids[i])
            for i in range(sentence.token_start, sentence.token_end)
            if kinds[i] == word_kind
        ]
        bags.append(Counter(stems))
        words.append(len(stems))
    return PreparedDocument(doc, token_ids, bags, words)


def _normalize_one(token: str, config: CompareConfig) -> str:
    if config.normalize_quotes:
        token = token.translate(_QUOTE_MAP)
    if config.ignore_case:
        token = token.casefold()
    return token
