"""The verdict when the two sides are in different languages.

Words cannot be compared across languages, so the verdict reads the cross-language alignment
(:mod:`core.engine.crosslang`): B is a *translation* of A when most sentences of both sides
found a counterpart by meaning; otherwise the texts' overall closeness in meaning (cosine of
their mean sentence vectors) separates another article on the same subject from an unrelated
text.  Thresholds were calibrated on WMT21/22 documents: true source/translation pairs and
mismatched ones (the source of one story against the translation of another), see
``benchmarks/quality.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from core.languages import plain_language_name
from core.model import Block, Metrics, TranslationSummary, Verdict, VerdictKind

WEAK_PAIR = 0.45  # below: a weak pair (under 95% of true pairs in zh/de-en, 90% in ja-en)


class CrossAlignment(Protocol):
    """What the verdict reads of :class:`core.engine.crosslang.CrossAlignment` (described
    here: the engine calls the verdict, so the verdict does not import the engine)."""

    @property
    def document_similarity(self) -> float: ...


# Both sides need this share of their sentences paired for "translation" (true pairs with
# segments dropped on both sides: >= 0.8; mismatched pairs: <= 0.1).
TRANSLATION_COVERAGE = 0.5
SAME_TOPIC_DOCUMENT = 0.45  # mean-vector cosine of two articles on the same subject


def translation_summary(
    blocks: Sequence[Block], alignment: CrossAlignment, sentences_a: int, sentences_b: int
) -> tuple[TranslationSummary, float]:
    """The summary, and the document-level semantic similarity."""
    paired_a = paired_b = 0
    weighted = 0.0
    weak: list[int] = []
    for block in blocks:
        if block.a_sentences and block.b_sentences:
            paired_a += len(block.a_sentences)
            paired_b += len(block.b_sentences)
            similarity = block.semantic_similarity or 0.0
            weighted += similarity * (len(block.a_sentences) + len(block.b_sentences))
            if similarity < WEAK_PAIR:
                weak.append(block.index)
    total = sentences_a + sentences_b
    summary = TranslationSummary(
        covered_a=round(paired_a / sentences_a, 4) if sentences_a else 1.0,
        covered_b=round(paired_b / sentences_b, 4) if sentences_b else 1.0,
        omitted=sentences_a - paired_a,
        added=sentences_b - paired_b,
        weak_blocks=tuple(weak),
        document_similarity=alignment.document_similarity,
    )
    return summary, round(weighted / total, 4) if total else 0.0


def decide_translation_verdict(metrics: Metrics) -> Verdict:
    """Translation, same topic across languages, or unrelated."""
    summary = metrics.translation
    assert summary is not None
    languages = (
        f"{plain_language_name(metrics.language_a.code)} and "
        f"{plain_language_name(metrics.language_b.code)}"
    )
    coverage = min(summary.covered_a, summary.covered_b)
    if coverage >= TRANSLATION_COVERAGE:
        margin = (coverage - TRANSLATION_COVERAGE) / (1 - TRANSLATION_COVERAGE)
        return Verdict(
            VerdictKind.TRANSLATION,
            _confidence(margin),
            f"B is a translation of A: {summary.covered_a:.0%} of A's sentences have a "
            f"counterpart; {_sentences(summary.omitted)} omitted, {summary.added} added"
            + (
                f"; {_pairs(len(summary.weak_blocks))} weak (possible mistranslation or rewrite)."
                if summary.weak_blocks
                else "."
            ),
        )
    if summary.document_similarity >= SAME_TOPIC_DOCUMENT:
        return Verdict(
            VerdictKind.SAME_TOPIC,
            _confidence((summary.document_similarity - SAME_TOPIC_DOCUMENT) / 0.2),
            f"The texts ({languages}) are about the same subject but are not translations of "
            f"each other: only {summary.covered_a:.0%} of A's sentences have a counterpart.",
        )
    return Verdict(
        VerdictKind.UNRELATED,
        _confidence((SAME_TOPIC_DOCUMENT - summary.document_similarity) / 0.2),
        f"The texts ({languages}) say different things: "
        f"only {summary.covered_a:.0%} of A's sentences have a counterpart.",
    )


def note_unsupported(verdict: Verdict, message: str) -> Verdict:
    """A word-by-word verdict on two languages the sentence encoder does not cover;
    ``message`` says which languages it does cover
    (:func:`core.engine.crosslang.unsupported_message`)."""
    return replace(verdict, explanation=f"{verdict.explanation} {message}")


def _sentences(count: int) -> str:
    return f"{count} sentence{'' if count == 1 else 's'}"


def _pairs(count: int) -> str:
    return f"{count} pair{'' if count == 1 else 's'}"


def _confidence(margin: float) -> float:
    return round(min(0.99, 0.5 + 0.5 * max(0.0, min(1.0, margin))), 2)
