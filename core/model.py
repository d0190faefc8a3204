"""Immutable value types shared by the engine, the CLI, the reports and the window.

Everything here is a frozen dataclass or an enum.  Offsets are always character offsets
(Python ``str`` indices) into the *original* text of a :class:`Document`, so any consumer can
slice ``document.text[start:end]`` and get exactly what the editor sees.
"""

from __future__ import annotations

import datetime
import enum
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field


class TokenKind(enum.IntEnum):
    WORD = 0
    PUNCT = 1
    SPACE = 2


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a document: ``text == document.text[start:end]``."""

    index: int
    start: int
    end: int
    kind: TokenKind
    text: str


@dataclass(frozen=True, slots=True)
class TextRange:
    """Half-open character range ``[start, end)`` in a document's text."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: character range plus the half-open token range it covers."""

    index: int
    start: int
    end: int
    paragraph: int
    token_start: int
    token_end: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    start: int
    end: int
    sentence_start: int
    sentence_end: int


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """Language of a text: ISO 639-1 code (or ``"unknown"``) and langdetect's probability."""

    code: str
    probability: float

    @property
    def is_known(self) -> bool:
        return self.code != "unknown"


UNKNOWN_LANGUAGE = LanguageGuess("unknown", 0.0)


@dataclass(frozen=True, slots=True)
class LoadInfo:
    """What the loader did: where the text came from and how it was decoded."""

    source: str  # path, or a label such as "pasted text"
    format: str  # "text", "markdown", "html", "docx", "pdf", "pasted"
    encoding: str | None  # None when the format carries its own (docx, pdf)
    size_bytes: int
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Document:
    """A loaded, tokenised and segmented text.

    Tokens are stored compactly (parallel arrays) because a 1M-word document has millions of
    them; :meth:`token` and :meth:`tokens` hand out :class:`Token` values on demand.  Joining
    all token texts rebuilds :attr:`text` exactly.
    """

    text: str
    info: LoadInfo
    token_starts: array  # type: ignore[type-arg]  # array('i'), len == token count + 1
    token_kinds: bytes  # one TokenKind value per token
    sentences: tuple[Sentence, ...]
    paragraphs: tuple[Paragraph, ...]
    language: LanguageGuess = UNKNOWN_LANGUAGE
    _cache: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    @property
    def name(self) -> str:
        return self.info.source

    @property
    def token_count(self) -> int:
        return len(self.token_kinds)

    def token(self, index: int) -> Token:
        start = self.token_starts[index]
        end = self.token_starts[index + 1]
        return Token(index, start, end, TokenKind(self.token_kinds[index]), self.text[start:end])

    def tokens(self, start: int = 0, end: int | None = None) -> Iterator[Token]:
        stop = self.token_count if end is None else end
        for i in range(start, stop):
            yield self.token(i)

    def sentence_text(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]

    @property
    def word_count(self) -> int:
        cached = self._cache.get("word_count")
        if cached is None:
            cached = self.token_kinds.count(TokenKind.WORD)
            self._cache["word_count"] = cached
        assert isinstance(cached, int)
        return cached


class OpKind(enum.Enum):
    EQUAL = "equal"
    DELETE = "delete"  # text only in A
    INSERT = "insert"  # text only in B
    REPLACE = "replace"  # A text replaced by B text


@dataclass(frozen=True, slots=True)
class WordOp:
    """One word-level edit inside a block.  Empty ranges are ``start == end``.

    For EQUAL both ranges are non-empty and match under the comparison's normalisation (the
    surface text may differ in case, quote style, ...).  Ops of a block are in order on both
    sides, so concatenating ``a.text[a_start:a_end]`` over the ops rebuilds the block's A text,
    and likewise for B.
    """

    kind: OpKind
    a_start: int
    a_end: int
    b_start: int
    b_end: int


class Provenance(enum.Enum):
    """How an aligned block's B side came from its A side (None on unpaired blocks).

    The class boundaries are calibrated on real text (``benchmarks/calibrate.py``); see
    :mod:`core.engine.provenance`.
    """

    VERBATIM = "verbatim"  # the same words under the matching options
    LIGHT_EDIT = "light_edit"  # a few words changed
    REWORDED = "reworded"  # the same sentence in other words

    @property
    def label(self) -> str:
        return _PROVENANCE_LABELS[self]


_PROVENANCE_LABELS = {
    Provenance.VERBATIM: "Verbatim",
    Provenance.LIGHT_EDIT: "Light edit",
    Provenance.REWORDED: "Reworded",
}


class BlockKind(enum.Enum):
    EQUAL = "equal"  # same words (under normalisation)
    CHANGED = "changed"  # aligned, reworded
    INSERTED = "inserted"  # only in B
    DELETED = "deleted"  # only in A
    MOVED = "moved"  # aligned, but out of the main reading order


@dataclass(frozen=True, slots=True)
class Block:
    """A group of consecutive sentences of A aligned with a group of consecutive sentences of B.

    1-1, 1-n and n-1 groups; INSERTED has no A sentences, DELETED no B sentences.
    ``a_sentences``/``b_sentences`` are sentence indices; ``a_range``/``b_range`` the character
    ranges they span (empty range at the insertion point for the missing side).
    """

    index: int
    kind: BlockKind
    a_sentences: tuple[int, ...]
    b_sentences: tuple[int, ...]
    a_range: TextRange
    b_range: TextRange
    ops: tuple[WordOp, ...]  # empty across languages (words of two languages do not match)
    # Word-level similarity of the two sides, 0..1; across languages the semantic similarity.
    similarity: float
    # Verbatim / light edit / reworded for paired blocks, None for inserted and deleted ones
    # (and across languages). Always measured on words, whatever the display granularity.
    provenance: Provenance | None = None
    # Across languages: cosine of the two sides' sentence embeddings, 0..1 (None otherwise).
    semantic_similarity: float | None = None

    @property
    def is_change(self) -> bool:
        return self.kind is not BlockKind.EQUAL

    @property
    def is_paired(self) -> bool:
        return bool(self.a_sentences) and bool(self.b_sentences)


class PassageKind(enum.Enum):
    """What a passage of B is, as a whole: taken word for word, lightly edited or reworded."""

    VERBATIM = "verbatim"
    LIGHT_EDIT = "light_edit"
    PARAPHRASED = "paraphrased"

    @property
    def label(self) -> str:
        return _PASSAGE_LABELS[self]

    @property
    def is_copy(self) -> bool:
        """Copied (verbatim or lightly edited) rather than reworded."""
        return self is not PassageKind.PARAPHRASED


_PASSAGE_LABELS = {
    PassageKind.VERBATIM: "Copied verbatim",
    PassageKind.LIGHT_EDIT: "Copied with light edits",
    PassageKind.PARAPHRASED: "Reworded",
}


@dataclass(frozen=True, slots=True)
class Passage:
    """A maximal run of paired sentences that follow each other on both sides.

    Consecutive in B's reading order and in A's (a passage moved as a whole counts), at least a
    calibrated number of words long.  ``words`` counts B's words (what the reader of B sees);
    the shares are of each whole document's words.
    """

    index: int
    kind: PassageKind
    a_sentences: tuple[int, ...]
    b_sentences: tuple[int, ...]
    a_range: TextRange
    b_range: TextRange
    words_a: int
    words_b: int
    share_of_a: float
    share_of_b: float
    similarity: float  # word-level similarity of the passage's two sides

    @property
    def words(self) -> int:
        return self.words_b


class Granularity(enum.Enum):
    WORD = "word"
    CHARACTER = "character"


class ResultState(enum.Enum):
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    SKIPPED = "skipped"  # e.g. a side over the configured limits


class VerdictKind(enum.Enum):
    """Closest relationship first (folder ranking sorts in this order)."""

    IDENTICAL = "identical"
    LIGHT_EDIT = "light_edit"
    EXCERPT = "excerpt"  # B is a shortened copy of A: most of B is taken from A
    PARAPHRASE = "paraphrase"
    PARTIAL_COPY = "partial_copy"  # another text that reuses passages of A
    SAME_TOPIC = "same_topic"
    UNRELATED = "unrelated"
    TRANSLATION = "translation"

    @property
    def label(self) -> str:
        return _VERDICT_LABELS[self]

    @property
    def reuses_passages(self) -> bool:
        """B is built from passages of A (its share of them is worth showing)."""
        return self in (VerdictKind.EXCERPT, VerdictKind.PARTIAL_COPY)


_VERDICT_LABELS = {
    VerdictKind.IDENTICAL: "Same text",
    VerdictKind.LIGHT_EDIT: "Light edit",
    VerdictKind.EXCERPT: "Excerpt",
    VerdictKind.PARAPHRASE: "Paraphrase or re-translation",
    VerdictKind.PARTIAL_COPY: "Partial copy",
    VerdictKind.SAME_TOPIC: "Same topic, another article",
    VerdictKind.UNRELATED: "Unrelated",
    VerdictKind.TRANSLATION: "Translation",
}


@dataclass(frozen=True, slots=True)
class Verdict:
    kind: VerdictKind
    confidence: float  # 0..1
    explanation: str  # one plain-language sentence for the editor


@dataclass(frozen=True, slots=True)
class SentenceShares:
    """How the sentences of both sides split over block kinds (counts and shares of all)."""

    unchanged: int
    reworded: int
    added: int
    removed: int
    moved: int

    @property
    def total(self) -> int:
        return self.unchanged + self.reworded + self.added + self.removed + self.moved

    def share(self, name: str) -> float:
        total = self.total
        return getattr(self, name) / total if total else 0.0


@dataclass(frozen=True, slots=True)
class TranslationSummary:
    """How B covers A when the two are in different languages (sentences matched by meaning)."""

    covered_a: float  # share of A's sentences with a counterpart in B
    covered_b: float  # share of B's sentences with a counterpart in A
    omitted: int  # sentences of A without a counterpart
    added: int  # sentences of B without a counterpart
    weak_blocks: tuple[int, ...]  # indices of pairs with a low similarity (mistranslation?)
    document_similarity: float  # cosine of the two texts' mean sentence vectors, 0..1


@dataclass(frozen=True, slots=True)
class Metrics:
    word_similarity: float  # 0..1, symmetric: matched words / all words (Dice over word ops)
    containment_a_in_b: float  # share of A's words that survive in B
    containment_b_in_a: float  # share of B's words that come from A
    shingle_jaccard: float  # Jaccard of word 3-gram shingle sets, symmetric
    chrf: float  # sacrebleu chrF, 0..100
    ter: float  # sacrebleu TER (with shifts), edits per 100 words of A; lower = closer
    words_a: int
    words_b: int
    sentences_a: int
    sentences_b: int
    shares: SentenceShares
    language_a: LanguageGuess
    language_b: LanguageGuess
    # Word edits per 100 words of A (TER without phrase shifts, exact on every block); the
    # verdict model was calibrated on this one.
    word_edit_rate: float = 0.0
    # Across languages: the sentences' semantic similarity (pairs' cosines weighted by their
    # sentences, unpaired sentences count 0), and how B covers A.  None within one language.
    semantic_similarity: float | None = None
    translation: TranslationSummary | None = None

    @property
    def languages_differ(self) -> bool:
        return (
            self.language_a.is_known
            and self.language_b.is_known
            and self.language_a.code != self.language_b.code
        )


class FactKind(enum.Enum):
    """What a checked fact is (core/facts finds and compares them)."""

    NUMBER = "number"
    DATE = "date"
    NAME = "name"
    QUOTE = "quote"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class FactChangeKind(enum.Enum):
    CHANGED = "changed"  # both sides have the fact, with a different value or wording
    MISSING = "missing"  # in A, not in B
    ADDED = "added"  # in B, not in A


@dataclass(frozen=True, slots=True)
class FactChange:
    """A number, date, name or quotation that differs between the two sides of an aligned block.

    ``a_range``/``b_range`` are the fact's character ranges (None on the side that lacks it);
    ``a_text``/``b_text`` the text there ("" on the side that lacks it).  For a quotation,
    ``diff`` holds the word ops between the two quoted texts (EQUAL ops included).
    """

    kind: FactKind
    change: FactChangeKind
    a_text: str
    b_text: str
    a_range: TextRange | None
    b_range: TextRange | None
    block: int  # index into Comparison.blocks
    diff: tuple[WordOp, ...] = ()


@dataclass(frozen=True, eq=False)
class Comparison:
    """The immutable result of comparing two documents."""

    a: Document
    b: Document
    blocks: tuple[Block, ...]
    metrics: Metrics | None
    verdict: Verdict | None
    state: ResultState
    elapsed_seconds: float = 0.0
    message: str = ""  # why a comparison was cancelled or skipped
    # Passages of B taken from A (in B's reading order); computed on the word-level basis, so
    # they do not depend on the display options.
    passages: tuple[Passage, ...] = ()
    # Numbers, dates, names and quotations that differ inside aligned blocks (core/facts),
    # in block order then A order.
    facts: tuple[FactChange, ...] = ()
    # When the comparison ran (aware, UTC); the date of a redline's revisions.
    compared_at: datetime.datetime | None = None
    # What the reader must know about how this comparison was made (a limit it ran into),
    # shown by the window, the reports and the JSON.
    notes: tuple[str, ...] = ()

    @property
    def changes(self) -> Sequence[Block]:
        return [b for b in self.blocks if b.is_change]
