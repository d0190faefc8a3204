"""Wording shared by every human-readable output: the report, the terminal summary, the window.

One source for block-kind labels and symbols, the metric rows (name, meaning), the sentence
shares, scores and durations, so that the HTML report, ``copydesk-cli``'s summary and the
window's panels say the same thing the same way.  Language names and the "different languages"
message (:mod:`core.languages`: the verdict says it too, and sits below the report), sizes and
percentages (:mod:`core.sizes`: the loaders use them too) are re-exported from their owners.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from importlib import metadata

from core.languages import (
    different_languages_message,
    language_name,
    secondary_language_message,
)
from core.model import (
    BlockKind,
    Comparison,
    Document,
    FactChange,
    FactChangeKind,
    FactKind,
    Metrics,
    Passage,
    TokenKind,
)
from core.sizes import format_size, percent

# Re-exported (the report and the window read every label here); each is defined by the
# module that owns its rule, low enough in core for the verdict and the loaders to use it.
__all__ = [
    "different_languages_message",
    "format_size",
    "language_name",
    "languages_notice",
    "percent",
    "secondary_language_message",
]

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


def score(value: float) -> str:
    return f"{value:.1f}" if math.isfinite(value) else "n/a"


def duration(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


def metric_rows(metrics: Metrics) -> list[tuple[str, str, str]]:
    """(name, value, what it means) for the metrics table and the terminal summary."""
    # Across languages the word metrics are noise (a faithful translation shares no words);
    # they stay in the JSON.
    return translation_rows(metrics) or word_rows(metrics)


def translation_rows(metrics: Metrics) -> list[tuple[str, str, str]]:
    """Across languages: how close in meaning, and how much of each side has a counterpart."""
    summary = metrics.translation
    if summary is None or metrics.semantic_similarity is None:
        return []
    return [
        (
            "Meaning (across languages)",
            percent(metrics.semantic_similarity),
            "closeness in meaning of the paired sentences (multilingual sentence encoder)",
        ),
        (
            "A's sentences in B",
            percent(summary.covered_a),
            f"{summary.omitted:,} omitted, {summary.added:,} added, "
            f"{len(summary.weak_blocks):,} weak pairs",
        ),
    ]


def word_rows(metrics: Metrics) -> list[tuple[str, str, str]]:
    """The word metrics (METRIC_ROWS) with their values."""
    rows = []
    for key, name, meaning, fraction in METRIC_ROWS:
        value = float(getattr(metrics, key))
        rows.append((name, percent(value) if fraction else score(value), meaning))
    return rows


def languages_notice(comparison: Comparison) -> str:
    """The "different languages" notice for a report, or "" when the sides share a language or
    the verdict's explanation already is that notice (said once, not twice in a row)."""
    metrics = comparison.metrics
    if metrics is None or not (metrics.languages_differ or metrics.translation is not None):
        return ""
    message = different_languages_message(metrics)
    verdict = comparison.verdict
    if verdict is not None and message in verdict.explanation:
        return ""
    return message


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


def sentence_range(side: str, indices: tuple[int, ...]) -> str:
    """ "B sentence 24" or "B sentences 6-9": the noun agrees with the count."""
    noun = "sentence" if len(set(indices)) == 1 else "sentences"
    return f"{side} {noun} {sentence_numbers(indices)}"


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


def passage_line(passage: Passage) -> str:
    """ "Copied verbatim: 65 words (15% of B), B sentences 6-9 from A sentences 4-7"."""
    return (
        f"{passage.kind.label}: {passage.words:,} words ({percent(passage.share_of_b)} of B), "
        f"{sentence_range('B', passage.b_sentences)} from "
        f"{sentence_range('A', passage.a_sentences)}"
    )


def passages_heading(comparison: Comparison) -> str:
    """ "Passages taken from A: 3 (163 words, 36% of B)"."""
    passages = comparison.passages
    words = sum(p.words for p in passages)
    share = sum(p.share_of_b for p in passages)
    return f"Passages taken from A: {len(passages)} ({words:,} words, {percent(share)} of B)"


FACT_NOUNS = {
    FactKind.NUMBER: ("number", "numbers"),
    FactKind.DATE: ("date", "dates"),
    FactKind.NAME: ("name", "names"),
    FactKind.QUOTE: ("quotation", "quotations"),
}
NO_FACTS = "No number, date, name or quotation changed"


def fact_counts(facts: Iterable[FactChange]) -> str:
    """'2 numbers · 1 date' (kinds in a fixed order), or :data:`NO_FACTS`."""
    counted = list(facts)
    parts = []
    for kind, (one, many) in FACT_NOUNS.items():
        count = sum(1 for fact in counted if fact.kind is kind)
        if count:
            parts.append(f"{count} {one if count == 1 else many}")
    return " · ".join(parts) if parts else NO_FACTS


def _short(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "\u2026"


def fact_line(fact: FactChange, width: int = 48) -> str:
    """One line for a changed fact: 'Number: $5 million → $50 million'."""
    label = fact.kind.label
    if fact.change is FactChangeKind.CHANGED:
        return f"{label}: {_short(fact.a_text, width)} \u2192 {_short(fact.b_text, width)}"
    if fact.change is FactChangeKind.MISSING:
        return f"{label} missing in B: {_short(fact.a_text, width)}"
    return f"{label} added in B: {_short(fact.b_text, width)}"


def copydesk_version() -> str:
    try:
        return metadata.version("copydesk")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return "unknown"


# What a metric's value means for an editor (first), and what the metric is (second).
METRIC_JARGON = {
    "word_similarity": "Word similarity: words matched in order (longest common word sequence), "
    "over both texts.",
    "containment_a_in_b": "Containment of A in B: share of A's words that have a match in B.",
    "containment_b_in_a": "Containment of B in A: share of B's words that have a match in A.",
    "shingle_jaccard": "Jaccard similarity of word 3-grams (shingles): shared three-word "
    "phrases over all three-word phrases of both texts.",
    "chrf": "chrF: character n-gram F-score (0-100, higher is closer), as used to score "
    "machine translation.",
    "ter": "TER, translation edit rate: word edits (insert, delete, replace, shift) per 100 "
    "words to turn B into A; lower is closer.",
}


def _amount(fraction: float) -> str:
    """ "almost all", "most", "about half", "some", "few" for a share 0..1."""
    for limit, word in ((0.9, "almost all"), (0.6, "most"), (0.4, "about half"), (0.15, "some")):
        if fraction >= limit:
            return word
    return "few"


def metric_meaning(key: str, value: float) -> str:
    """A metric's value in words an editor reads: "85 of 100: almost all character sequences
    shared".  ``value`` as in :class:`Metrics` (shares 0..1, chrF 0..100, TER per 100 words)."""
    if not math.isfinite(value):
        return "Not available for this pair."
    if key == "word_similarity":
        return (
            f"{percent(value)} of the words line up in the same order in both texts: "
            f"{_amount(value)} of the wording is kept."
        )
    if key == "containment_a_in_b":
        return f"{percent(value)} of the original's (A's) words are still in the copy (B)."
    if key == "containment_b_in_a":
        return f"{percent(value)} of the copy's (B's) words come from the original (A)."
    if key == "shingle_jaccard":
        return f"{percent(value)} of the three-word phrases are shared: " + (
            "much of the text is copied word for word."
            if value >= 0.5
            else "some phrases are copied word for word."
            if value >= 0.15
            else "few phrases are copied word for word."
        )
    if key == "chrf":
        return (
            f"{value:.0f} of 100: {_amount(value / 100)} character sequences shared "
            "(close wording scores high even when word forms change)."
        )
    if key == "ter":
        verdict = (
            "barely edited"
            if value <= 10
            else "lightly edited"
            if value <= 30
            else "heavily reworded"
            if value <= 60
            else "rewritten throughout"
        )
        return f"About {value:.0f} word edits per 100 words separate the texts: {verdict}."
    raise KeyError(key)


def metric_tooltip(key: str, value: float | None = None) -> str:
    """The meaning first (when there is a value), then the jargon."""
    if value is None:
        return METRIC_JARGON[key]
    return f"{metric_meaning(key, value)}\n\n{METRIC_JARGON[key]}"
