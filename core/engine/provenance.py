"""Provenance of aligned sentences and the passages of B taken from A.

Every paired block gets a provenance from its word-level similarity (the share of words the word
diff matches, under the matching options):

* ``verbatim`` -- every word matched;
* ``light_edit`` -- at least :attr:`ProvenanceThresholds.light_edit_similarity`;
* ``reworded`` -- at least :attr:`ProvenanceThresholds.pair_floor`.

Below the floor two sentences have too little in common to be shown as one rewritten from the
other: the comparison unpairs them (a deletion plus an insertion, never a connector).

A *passage* is a maximal run of paired blocks that follow each other in B's reading order and
whose A sentences follow each other too (a passage moved as a whole is one passage), at least a
minimum number of words long.  Its kind is ``paraphrased`` when most of its words are in
reworded blocks (and then it takes at least two pairs), otherwise ``verbatim`` (every block
verbatim) or ``light_edit``.

All boundaries are fitted on real text by ``benchmarks/calibrate.py`` (printed accuracy), which
rewrites the generated block at the end of this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.model import (
    Block,
    Comparison,
    Document,
    Passage,
    PassageKind,
    Provenance,
    TextRange,
    TokenKind,
)

# A paraphrased passage is at least two sentence pairs in a row: one reworded sentence alone is
# no evidence of a lifted passage (stock phrases and datelines -- "Message from Xinhua News
# Agency, Beijing, on May 20 (journalists: ...)" -- pair with their like in any other article).
REWORDED_PASSAGE_PAIRS = 2


@dataclass(frozen=True, slots=True)
class ProvenanceThresholds:
    """Calibrated boundaries (word-level similarity 0..1; passage sizes in words of B)."""

    pair_floor: float = 0.3
    light_edit_similarity: float = 0.8
    copy_passage_words: int = 12  # a verbatim or lightly edited passage at least this long
    reworded_passage_words: int = 30  # a paraphrased passage at least this long


def classify(similarity: float, verbatim: bool, thresholds: ProvenanceThresholds) -> Provenance:
    """Provenance of a paired block of this word similarity (``verbatim``: all words match)."""
    if verbatim:
        return Provenance.VERBATIM
    if similarity >= thresholds.light_edit_similarity:
        return Provenance.LIGHT_EDIT
    return Provenance.REWORDED


def is_below_floor(similarity: float, thresholds: ProvenanceThresholds) -> bool:
    return similarity < thresholds.pair_floor


@dataclass(frozen=True, slots=True)
class _Run:
    blocks: list[Block]
    matched: list[int]  # matched words of each block


def find_passages(
    a: Document,
    b: Document,
    blocks: Sequence[Block],
    matched_words: Sequence[int],
    thresholds: ProvenanceThresholds,
) -> tuple[Passage, ...]:
    """Passages of B taken from A, in B's reading order.

    ``matched_words[k]`` is the number of words of A that the word diff of ``blocks[k]`` matched
    (the basis of its similarity).
    """
    paired = sorted(
        (k for k, block in enumerate(blocks) if block.provenance is not None),
        key=lambda k: blocks[k].b_sentences[0],
    )
    runs: list[_Run] = []
    for k in paired:
        block = blocks[k]
        if runs:
            last = runs[-1].blocks[-1]
            if (
                block.b_sentences[0] == last.b_sentences[-1] + 1
                and block.a_sentences[0] == last.a_sentences[-1] + 1
            ):
                runs[-1].blocks.append(block)
                runs[-1].matched.append(matched_words[k])
                continue
        runs.append(_Run([block], [matched_words[k]]))
    words_a = a.word_count
    words_b = b.word_count
    passages: list[Passage] = []
    for run in runs:
        first, last = run.blocks[0], run.blocks[-1]
        a_sentences = tuple(i for block in run.blocks for i in block.a_sentences)
        b_sentences = tuple(j for block in run.blocks for j in block.b_sentences)
        run_a = _words(a, a_sentences)
        run_b = _words(b, b_sentences)
        reworded_b = sum(
            _words(b, block.b_sentences)
            for block in run.blocks
            if block.provenance is Provenance.REWORDED
        )
        if 2 * reworded_b > run_b:
            kind = PassageKind.PARAPHRASED
            minimum = thresholds.reworded_passage_words
            if len(run.blocks) < REWORDED_PASSAGE_PAIRS:
                continue
        else:
            verbatim = all(block.provenance is Provenance.VERBATIM for block in run.blocks)
            kind = PassageKind.VERBATIM if verbatim else PassageKind.LIGHT_EDIT
            minimum = thresholds.copy_passage_words
        if run_b < minimum:
            continue
        total = run_a + run_b
        passages.append(
            Passage(
                index=len(passages),
                kind=kind,
                a_sentences=a_sentences,
                b_sentences=b_sentences,
                a_range=TextRange(first.a_range.start, last.a_range.end),
                b_range=TextRange(first.b_range.start, last.b_range.end),
                words_a=run_a,
                words_b=run_b,
                share_of_a=round(run_a / words_a, 4) if words_a else 0.0,
                share_of_b=round(run_b / words_b, 4) if words_b else 0.0,
                similarity=round(2 * sum(run.matched) / total, 4) if total else 1.0,
            )
        )
    return tuple(passages)


def _words(doc: Document, sentence_ids: Sequence[int]) -> int:
    kinds = doc.token_kinds
    word = TokenKind.WORD
    return sum(
        kinds.count(word, doc.sentences[i].token_start, doc.sentences[i].token_end)
        for i in sentence_ids
    )


def paired_share(a: Document, b: Document, blocks: Sequence[Block]) -> float:
    """Share of both texts' words in sentences paired with the other side (above the floor,
    moves included; the mean of A's share and B's): near 1 when B retells A as a whole, however
    reordered or trimmed; low when one of them is mostly another text."""
    shares = []
    for doc, side in ((a, "a"), (b, "b")):
        words = doc.word_count
        paired = sum(
            _words(doc, block.a_sentences if side == "a" else block.b_sentences)
            for block in blocks
            if block.provenance is not None
        )
        shares.append(paired / words if words else 0.0)
    return round(sum(shares) / 2, 4)


def passage_of_blocks(comparison: Comparison) -> dict[int, Passage]:
    """The passage each shown block belongs to, by block index (others absent).

    Passages are found on the comparison's fixed basis; a block shown differently (moved text
    shown as deleted and inserted) still belongs to one by its B sentences.
    """
    by_sentence = {j: p for p in comparison.passages for j in p.b_sentences}
    found: dict[int, Passage] = {}
    for block in comparison.blocks:
        for j in block.b_sentences:
            passage = by_sentence.get(j)
            if passage is not None:
                found[block.index] = passage
                break
    return found


# --- generated by benchmarks/calibrate.py (provenance): do not edit by hand ----------------------
THRESHOLDS = ProvenanceThresholds(
    pair_floor=0.2361,
    light_edit_similarity=0.7452,
    copy_passage_words=8,
    reworded_passage_words=1,
)
# --- end of generated block (provenance) ---------------------------------------------------------
