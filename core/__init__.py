"""Copydesk's comparison engine.  No Qt here: everything works headless.

Typical use::

    from core import load_file, compare
    comparison = compare(load_file("ours.txt"), load_file("theirs.html"))
    print(comparison.verdict.kind.label, comparison.metrics.word_similarity)
"""

from core.config import DEFAULT_CONFIG, CompareConfig
from core.engine.compare import compare, compare_texts
from core.errors import (
    BinaryInputError,
    CancelledError,
    CopydeskError,
    EmptyInputError,
    LoadError,
    TooLargeError,
    UnreadableInputError,
    UnsupportedFormatError,
)
from core.load.loading import load_bytes, load_file, load_text
from core.model import (
    Block,
    BlockKind,
    Comparison,
    Document,
    FactChange,
    FactChangeKind,
    FactKind,
    Granularity,
    LanguageGuess,
    LoadInfo,
    Metrics,
    OpKind,
    Passage,
    PassageKind,
    Provenance,
    ResultState,
    Sentence,
    SentenceShares,
    Token,
    TokenKind,
    TranslationSummary,
    Verdict,
    VerdictKind,
    WordOp,
)
from core.text.document import make_document

__all__ = [
    "DEFAULT_CONFIG",
    "BinaryInputError",
    "Block",
    "BlockKind",
    "CancelledError",
    "CompareConfig",
    "Comparison",
    "CopydeskError",
    "Document",
    "EmptyInputError",
    "FactChange",
    "FactChangeKind",
    "FactKind",
    "Granularity",
    "LanguageGuess",
    "LoadError",
    "LoadInfo",
    "Metrics",
    "OpKind",
    "Passage",
    "PassageKind",
    "Provenance",
    "ResultState",
    "Sentence",
    "SentenceShares",
    "Token",
    "TokenKind",
    "TooLargeError",
    "TranslationSummary",
    "UnreadableInputError",
    "UnsupportedFormatError",
    "Verdict",
    "VerdictKind",
    "WordOp",
    "compare",
    "compare_texts",
    "load_bytes",
    "load_file",
    "load_text",
    "make_document",
]
