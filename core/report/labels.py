"""Wording shared by every human-readable output: the report, the terminal summary, the window.

One source for block-kind labels and symbols, the metric rows (name, meaning), the sentence
shares, language names, the "different languages" message, sizes (:func:`format_size`, from
:mod:`core.sizes`, which the loaders use too), percentages and durations, so that the HTML
report, ``copydesk-cli``'s summary and the window's panels say the same thing the same way.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from importlib import metadata

from core.model import BlockKind, Document, LanguageGuess, Metrics, TokenKind
from core.sizes import format_size

__all__ = ["format_size"]  # re-exported for the window; the rest is defined here

# What happened to the sentences of both sides: (field of SentenceShares, label).
SHARE_LABELS = (
    ("unchanged", "Unchanged"),
    ("reworded", "Reworded"),
    ("added", "Added"),
    ("removed", "Removed"),
    ("moved", "Moved"),
)
SHARE_NAMES = tuple(name for name, _ in SHARE_LABELS)

# (field of Metrics, name, what it means, is a 0..1 fraction): the metrics table of the
# report, the terminal summary, the window's metrics panel and its printout.
METRIC_ROWS = (
    ("word_similarity", "Word similarity", "Words matched in order, over both texts", True),
    ("containment_a_in_b", "A's words kept in B", "Share of A's words that survive in B", True),
    ("containment_b_in_a", "B's words taken from A", "Share of B's words that come from A", True),
    ("shingle_jaccard", "Shared 3-word phrases", "Jaccard similarity of word 3-grams", True),
    ("chrf", "chrF", "Character n-gram F-score, 0–100, higher is closer", False),
    ("ter", "TER", "Translation edit rate: edits per 100 words, lower is closer", False),
)


def language_name(language: LanguageGuess) -> str:
    """ "French (fr, 99%)", or "unknown" when langdetect had no opinion."""
    if not language.is_known:
        return "unknown"
    name = language.code
    try:
        from babel import Locale  # installed with trafilatura; names only, so optional

        name = Locale.parse(language.code).get_display_name("en") or language.code
    except Exception:  # any babel failure just means "show the code"
        pass
    share = percent(language.probability)
    if name == language.code:
        return f"{language.code} ({share})"
    return f"{name} ({language.code}, {share})"


def percent(fraction: float) -> str:
    if not math.isfinite(fraction):
        return "n/a"
    return f"{fraction * 100:.0f}%"


def score(value: float) -> str:
    return f"{value:.1f}" if math.isfinite(value) else "n/a"


def duration(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


def metric_rows(metrics: Metrics) -> list[tuple[str, str, str]]:
    """(name, value, what it means) for the metrics table and the terminal summary."""
    rows = []
    for key, name, meaning, fraction in METRIC_ROWS:
        value = float(getattr(metrics, key))
        rows.append((name, percent(value) if fraction else score(value), meaning))
    return rows


def different_languages_message(metrics: Metrics) -> str:
    """The one warning shown wherever the two sides are in different languages."""
    return (
        f"The texts are in different languages: A is {language_name(metrics.language_a)}, "
        f"B is {language_name(metrics.language_b)}. One is probably a translation of the "
        "other; word-by-word similarity means little across languages."
    )


def block_words(document: Document, sentence_indices: Iterable[int]) -> int:
    kinds = document.token_kinds
    total = 0
    for index in sentence_indices:
        sentence = document.sentences[index]
        total += kinds[sentence.token_start : sentence.token_end].count(TokenKind.WORD)
    return total


def sentence_numbers(indices: tuple[int, ...]) -> str:
    if not indices:
        return ""
    first, last = indices[0] + 1, indices[-1] + 1
    return f"{first}" if first == last else f"{first}-{last}"


# Block kinds in the window's list of changes, where each row shows its sides.
KIND_LABELS = {
    BlockKind.CHANGED: "Reworded",
    BlockKind.INSERTED: "Added",
    BlockKind.DELETED: "Removed",
    BlockKind.MOVED: "Moved",
    BlockKind.EQUAL: "Unchanged",
}
# In a report row or a summary line, which must say the side itself.
KIND_WORDS = {
    BlockKind.EQUAL: "Unchanged",
    BlockKind.CHANGED: "Reworded",
    BlockKind.INSERTED: "Added in B",
    BlockKind.DELETED: "Removed from A",
    BlockKind.MOVED: "Moved",
}
# The gutter symbol carries the row's meaning in print and for readers who cannot tell the
# colours apart.
KIND_SYMBOLS = {
    BlockKind.EQUAL: "=",
    BlockKind.CHANGED: "~",
    BlockKind.INSERTED: "+",
    BlockKind.DELETED: "\u2212",
    BlockKind.MOVED: "\u21c5",
}


def copydesk_version() -> str:
    try:
        return metadata.version("copydesk")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return "unknown"
