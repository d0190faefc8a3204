"""Similarity metrics of a comparison and the plain-language verdict.

chrF and TER come from sacrebleu (the reference implementation used by WMT).  They are
computed segment-wise over the aligned groups: document-level TER is quadratic and would take
minutes on a long article, while aligned groups are short.  On very long documents an evenly
spaced sample of groups is scored; the sample is deterministic, so results are reproducible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

import numpy as np
from sacrebleu.metrics.chrf import CHRF
from sacrebleu.metrics.ter import TER

from core.model import (
    Block,
    BlockKind,
    Document,
    Metrics,
    SentenceShares,
    TokenKind,
    Verdict,
    VerdictKind,
)
from core.prepare import PreparedDocument

# sacrebleu is pure Python: chrF is linear in characters, TER quadratic in segment length.
# These budgets keep metrics under ~0.2 s whatever the input size (see chrf_and_ter).
CHRF_CHAR_BUDGET = 120_000
TER_QUADRATIC_BUDGET = 20_000
TER_MAX_SEGMENT_WORDS = 120
SHINGLE_SIZE = 3


@dataclass(frozen=True, slots=True)
class VerdictThresholds:
    """Decision thresholds; fitted by ``benchmarks/calibrate.py`` on ../shared/data."""

    light_edit_similarity: float = 0.80
    light_edit_jaccard: float = 0.45
    paraphrase_chrf: float = 45.0
    paraphrase_aligned_share: float = 0.55
    paraphrase_similarity: float = 0.25
    same_topic_chrf: float = 22.0
    same_topic_similarity: float = 0.08


THRESHOLDS = VerdictThresholds()


_WORD_MASK = bytes(1 if kind == TokenKind.WORD else 0 for kind in range(256))


def word_ids(prepared: PreparedDocument) -> list[int]:
    """Key ids of the word tokens, in order."""
    return list(compress(prepared.token_ids, prepared.doc.token_kinds.translate(_WORD_MASK)))


def shingle_jaccard(a_words: Sequence[int], b_words: Sequence[int]) -> float:
    """Jaccard similarity of the sets of word 3-grams (1-grams for very short texts).

    Shingles are packed into one 64-bit integer each (21 bits a word id) and compared as
    sorted numpy arrays: a 1M-word pair takes ~16 MB instead of the ~400 MB of Python tuples.
    """
    size = SHINGLE_SIZE if min(len(a_words), len(b_words)) >= SHINGLE_SIZE else 1
    a_set = _packed_shingles(a_words, size)
    b_set = _packed_shingles(b_words, size)
    shared = len(np.intersect1d(a_set, b_set, assume_unique=True))
    union = len(a_set) + len(b_set) - shared
    return shared / union if union else 1.0


def _packed_shingles(words: Sequence[int], size: int) -> np.ndarray:
    ids = np.minimum(np.asarray(words, dtype=np.int64), (1 << 21) - 1)
    count = len(ids) - size + 1
    if count <= 0:
        return np.empty(0, dtype=np.int64)
    packed = np.zeros(count, dtype=np.int64)
    for k in range(size):
        packed = (packed << 21) | ids[k : k + count]
    return np.unique(packed)


def _evenly_spaced(count: int, cost: Sequence[int], budget: int) -> list[int]:
    """Indices spread evenly over ``range(count)`` whose summed cost stays within budget."""
    total = sum(cost)
    if total <= budget:
        return list(range(count))
    picks = []
    spent = 0
    step = total / budget if budget else count
    position = 0.0
    while position < count and spent < budget:
        index = int(position)
        picks.append(index)
        spent += cost[index]
        position += max(1.0, step)
    return sorted(set(picks))


def chrf_and_ter(a: Document, b: Document, blocks: Sequence[Block]) -> tuple[float, float]:
    """Corpus chrF and TER of B (hypothesis) against A (reference) over aligned segments.

    Segments are the blocks: unaligned text is scored against an empty counterpart, which is
    what it is.  TER of EQUAL and unaligned blocks is known without running TER (0 edits; all
    words inserted or deleted), so sacrebleu's TER, quadratic per segment, runs only on
    reworded blocks, on an evenly spaced sample when there are many.  chrF runs on an evenly
    spaced sample of at most ``CHRF_CHAR_BUDGET`` characters.  Short articles are scored
    exactly; long books get a stable estimate.
    """
    if not blocks:
        return 0.0, 100.0
    a_segments = [a.text[bl.a_range.start : bl.a_range.end] for bl in blocks]
    b_segments = [b.text[bl.b_range.start : bl.b_range.end] for bl in blocks]
    picks = _evenly_spaced(
        len(blocks),
        [len(x) + len(y) for x, y in zip(a_segments, b_segments, strict=True)],
        CHRF_CHAR_BUDGET,
    )
    chrf = CHRF().corpus_score([b_segments[k] for k in picks], [[a_segments[k] for k in picks]])

    reference_words = 0
    known_edits = 0
    reworded: list[int] = []
    for k, block in enumerate(blocks):
        ref_words = len(a_segments[k].split())
        reference_words += ref_words
        if block.kind is BlockKind.EQUAL:
            continue
        if block.kind is BlockKind.DELETED:
            known_edits += ref_words
        elif block.kind is BlockKind.INSERTED:
            known_edits += len(b_segments[k].split())
        else:
            reworded.append(k)
    reworded_words = sum(len(a_segments[k].split()) for k in reworded)
    # TER's shift search is quadratic or worse in segment length (a 400-word segment takes
    # seconds), so very long segments are left out of the sample; their edit rate is taken to
    # be the sample's.  With no short segment at all, the word diff's own similarity stands in.
    scorable = [
        k
        for k in reworded
        if len(a_segments[k].split()) <= TER_MAX_SEGMENT_WORDS
        and len(b_segments[k].split()) <= TER_MAX_SEGMENT_WORDS
    ]
    estimated_edits = 0.0
    if scorable:
        sample = [
            scorable[p]
            for p in _evenly_spaced(
                len(scorable),
                [len(a_segments[k].split()) ** 2 for k in scorable],
                TER_QUADRATIC_BUDGET,
            )
        ]
        sample_words = sum(len(a_segments[k].split()) for k in sample)
        ter = TER().corpus_score([b_segments[k] for k in sample], [[a_segments[k] for k in sample]])
        if sample_words:
            estimated_edits = ter.score / 100 * reworded_words
    elif reworded:
        estimated_edits = sum(
            (1.0 - blocks[k].similarity) * len(a_segments[k].split()) for k in reworded
        )
    if not reference_words:
        return float(chrf.score), 100.0
    return float(chrf.score), 100.0 * (known_edits + estimated_edits) / reference_words


def sentence_shares(blocks: Sequence[Block]) -> SentenceShares:
    """Sentences of both sides counted by what happened to them."""
    counts = dict.fromkeys(("unchanged", "reworded", "added", "removed", "moved"), 0)
    name = {
        BlockKind.EQUAL: "unchanged",
        BlockKind.CHANGED: "reworded",
        BlockKind.INSERTED: "added",
        BlockKind.DELETED: "removed",
        BlockKind.MOVED: "moved",
    }
    for block in blocks:
        counts[name[block.kind]] += len(block.a_sentences) + len(block.b_sentences)
    return SentenceShares(**counts)


def compute_metrics(
    a: PreparedDocument,
    b: PreparedDocument,
    blocks: Sequence[Block],
    matched_words: int,
) -> Metrics:
    a_doc = a.doc
    b_doc = b.doc
    words_a = a_doc.word_count
    words_b = b_doc.word_count
    total = words_a + words_b
    chrf, ter = chrf_and_ter(a_doc, b_doc, blocks)
    return Metrics(
        word_similarity=round(2 * matched_words / total, 4) if total else 1.0,
        containment_a_in_b=round(matched_words / words_a, 4) if words_a else 1.0,
        containment_b_in_a=round(matched_words / words_b, 4) if words_b else 1.0,
        shingle_jaccard=round(shingle_jaccard(word_ids(a), word_ids(b)), 4),
        chrf=round(chrf, 2),
        ter=round(ter, 2),
        words_a=words_a,
        words_b=words_b,
        sentences_a=len(a_doc.sentences),
        sentences_b=len(b_doc.sentences),
        shares=sentence_shares(blocks),
        language_a=a_doc.language,
        language_b=b_doc.language,
    )


def decide_verdict(
    metrics: Metrics,
    blocks: Sequence[Block],
    thresholds: VerdictThresholds = THRESHOLDS,
) -> Verdict:
    """Plain-language verdict with a confidence from the distance to the deciding threshold."""
    shares = metrics.shares
    aligned_share = (
        (shares.unchanged + shares.reworded + shares.moved) / shares.total if shares.total else 0.0
    )
    if all(block.kind is BlockKind.EQUAL for block in blocks):
        return Verdict(
            VerdictKind.IDENTICAL,
            1.0,
            "Every sentence matches word for word (under the current matching options).",
        )
    similarity = metrics.word_similarity
    if (
        similarity >= thresholds.light_edit_similarity
        and metrics.shingle_jaccard >= thresholds.light_edit_jaccard
    ):
        margin = (similarity - thresholds.light_edit_similarity) / (
            1 - thresholds.light_edit_similarity
        )
        return Verdict(
            VerdictKind.LIGHT_EDIT,
            _confidence(margin),
            f"{similarity:.0%} of the words are shared; the rest is light editing.",
        )
    if metrics.chrf >= thresholds.paraphrase_chrf or (
        aligned_share >= thresholds.paraphrase_aligned_share
        and similarity >= thresholds.paraphrase_similarity
    ):
        margin = max(
            (metrics.chrf - thresholds.paraphrase_chrf) / 30,
            (aligned_share - thresholds.paraphrase_aligned_share) / 0.45,
        )
        return Verdict(
            VerdictKind.PARAPHRASE,
            _confidence(margin),
            f"The same story told in other words: {aligned_share:.0%} of the sentences "
            f"correspond, {similarity:.0%} of the words are shared.",
        )
    if metrics.chrf >= thresholds.same_topic_chrf or similarity >= thresholds.same_topic_similarity:
        margin = (metrics.chrf - thresholds.same_topic_chrf) / 20
        return Verdict(
            VerdictKind.SAME_TOPIC,
            _confidence(abs(margin)),
            "The texts share names and vocabulary but few sentences correspond: "
            "probably another article on the same subject.",
        )
    margin = (thresholds.same_topic_chrf - metrics.chrf) / thresholds.same_topic_chrf
    return Verdict(
        VerdictKind.UNRELATED,
        _confidence(margin),
        "The texts have almost nothing in common.",
    )


def _confidence(margin: float) -> float:
    """Map a distance past the deciding threshold to 0.5..0.99."""
    return round(min(0.99, 0.5 + 0.5 * max(0.0, min(1.0, margin))), 2)
