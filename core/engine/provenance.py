"""Provenance of aligned sentences and the passages of B taken from A.

Every paired block gets a provenance from its word-level similarity (the share of words the word
diff matches, under the matching options):

* ``verbatim`` -- every word matched;
* ``light_edit`` -- at least :attr:`ProvenanceThresholds.light_edit_similarity`;
* ``reworded`` -- at least :attr:`ProvenanceThresholds.pair_floor`.

Below the floor two sentences have too little in common to be shown as one rewritten from the
other: the comparison unpairs them (a deletion plus an insertion, never a connector).

A *passage* is a maximal run of paired sentences of B that follow each other in B's reading
order and whose A sentences follow each other too (a passage moved as a whole is one passage),
at least a minimum number of words long.  The unit is B's sentence: one the aligner grouped
with a copied sentence without being copied itself does not extend the passage, and one whose
words are all found in a longer sentence of A is copied (a headline A's layout ran into the
next sentence).  A passage runs across one unpaired sentence shorter than the smallest copied
passage on either side (a short sentence dropped or replaced inside a lifted passage).  Its kind
is ``paraphrased`` when most of its words are in reworded sentences (then it takes two pairs --
a pair whose word diff keeps no word of A counts only above the single-pair bar -- or one long
pair scored above every chance pairing of unrelated texts), otherwise ``verbatim``
(every sentence verbatim) or ``light_edit``.

All boundaries are fitted on real text by ``benchmarks/calibrate.py`` (printed accuracy), which
rewrites the generated block at the end of this module.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple, Protocol

from core.engine.meaning import MinedPair
from core.model import (
    Block,
    Comparison,
    Document,
    OpKind,
    Passage,
    PassageKind,
    Provenance,
    TextRange,
    TokenKind,
)

# A paraphrased passage is at least two sentence pairs in a row: one reworded sentence alone is
# weak evidence of a lifted passage (stock phrases and datelines -- "Message from Xinhua News
# Agency, Beijing, on May 20 (journalists: ...)" -- pair with their like in any other article),
# unless it is long and scores above every chance pairing (``reworded_single_pair_*``).
REWORDED_PASSAGE_PAIRS = 2


@dataclass(frozen=True, slots=True)
class ProvenanceThresholds:
    """Calibrated boundaries (word-level similarity 0..1; passage sizes in words of B)."""

    pair_floor: float = 0.3
    light_edit_similarity: float = 0.8
    copy_passage_words: int = 12  # a verbatim or lightly edited passage at least this long
    reworded_passage_words: int = 30  # a paraphrased passage at least this long
    # ... and, when it is a single sentence pair, at least this long (longer than any pair of
    # sentences unrelated texts share by chance: datelines, stock phrases)
    reworded_single_pair_words: int = 1_000_000
    reworded_single_pair_score: float = 2.0  # ... and its aligner score (weighted Dice) this high
    # A reworded pair whose words barely overlap is evidence by its meaning when its margin
    # (:class:`core.engine.meaning.MeaningScorer`) is at least this: above every margin of a
    # pair unrelated texts make by chance.  It then counts toward a paraphrased passage's two
    # pairs, and as a passage of one pair when it is at least ``reworded_single_pair_words``.
    meaning_margin: float = 2.0
    # A sentence of B no passage holds and one of A no passage holds, each the other's closest
    # by meaning (:meth:`core.engine.meaning.MeaningScorer.mine`), are one sentence retold when
    # their cosine plus margin is at least this: above every such pair unrelated texts make by
    # chance.  Two such pairs in a row each need only ``meaning_margin``.
    meaning_single_pair: float = 3.0
    # ... and B's sentence at least this long (short sentences of one novel that share a name
    # are close by chance: "cried Ahab like lightning to his men." / "cried Ahab, hailing the
    # perched men all around him.").
    meaning_single_pair_words: int = 1_000_000
    # A verbatim passage shorter than ``copy_passage_words`` still counts when it is whole
    # sentences on both sides with at least this many distinct words outside the language's
    # function words: more than any sentence unrelated texts share word for word.
    copy_sentence_content_words: int = 1_000_000
    # A pair the aligner made on a few shared words whose word diff then keeps none of them
    # ("The pier was first opened in 1889 ..." / "Many blame the closure of the coast road
    # ...": "the", "of", "coast") is drawn only when its sentences are at least this close by
    # meaning (margin, as ``meaning_margin``) or its aligner score clears
    # ``reworded_single_pair_score``; otherwise it is a deletion plus an insertion.  -2 (the
    # lowest margin) keeps every such pair.
    wordless_pair_margin: float = -2.0


class MeaningJudge(Protocol):
    """What passages ask of meaning (:class:`core.engine.meaning.MeaningScorer`)."""

    @property
    def searchable(self) -> bool: ...

    def margin(self, a_sentences: Sequence[int], b_sentences: Sequence[int]) -> float: ...

    def mine(
        self, a_candidates: Sequence[int], b_candidates: Sequence[int]
    ) -> Sequence[MinedPair]: ...


def classify(similarity: float, verbatim: bool, thresholds: ProvenanceThresholds) -> Provenance:
    """Provenance of a paired block of this word similarity (``verbatim``: all words match)."""
    if verbatim:
        return Provenance.VERBATIM
    if similarity >= thresholds.light_edit_similarity:
        return Provenance.LIGHT_EDIT
    return Provenance.REWORDED


def is_below_floor(similarity: float, thresholds: ProvenanceThresholds) -> bool:
    return similarity < thresholds.pair_floor


class WordlessPair(NamedTuple):
    """A pair the aligner made above the pairing floor whose word diff kept no word."""

    group: int  # index of the aligner's group
    a_sentences: tuple[int, ...]
    b_sentences: tuple[int, ...]
    score: float  # the aligner's


def weighs_wordless_pairs(meaning: MeaningJudge, a: Document, b: Document) -> bool:
    """Whether meaning decides which wordless pairs of ``a`` and ``b`` are drawn: not for a
    book (:attr:`MeaningJudge.searchable`: seconds of encoding), nor in a language the encoder
    was not trained on (its margins mean nothing there; the bar was fitted on English and
    German).  Otherwise words alone decide, as the pairing floor did."""
    from core.engine.crosslang import language_supported

    return meaning.searchable and all(
        d.language.is_known and language_supported(d.language.code) for d in (a, b)
    )


def unsupported_wordless_pairs(
    wordless: Sequence[WordlessPair], thresholds: ProvenanceThresholds, meaning: MeaningJudge
) -> set[int]:
    """The groups of the wordless pairs that are not one sentence retold: neither their
    aligner score (``reworded_single_pair_score``) nor their margin by meaning
    (``wordless_pair_margin``) says so (ask :func:`weighs_wordless_pairs` first)."""
    return {
        pair.group
        for pair in wordless
        if pair.score < thresholds.reworded_single_pair_score
        and meaning.margin(pair.a_sentences, pair.b_sentences) < thresholds.wordless_pair_margin
    }


@dataclass(frozen=True, slots=True)
class _Unit:
    """One B sentence of a paired block, as evidence of copying."""

    sentence: int  # index in B
    block: Block
    provenance: Provenance  # of this sentence (see _sentence_provenance)
    words: int
    bridge: bool = False  # an unpaired sentence a passage runs across (see _bridge)
    # ... and the unpaired sentence of A it says the same as, when meaning paired them
    a_sentences: tuple[int, ...] = ()


def find_passages(
    a: Document,
    b: Document,
    blocks: Sequence[Block],
    matched_words: Sequence[int],
    thresholds: ProvenanceThresholds,
    pair_scores: Sequence[float] = (),
    meaning: MeaningJudge | None = None,
) -> tuple[Passage, ...]:
    """Passages of B taken from A, in B's reading order.

    ``matched_words[k]`` is the number of words of A that the word diff of ``blocks[k]`` matched
    (the basis of its similarity); ``pair_scores[k]`` the aligner's score of its pairing (see
    :attr:`ProvenanceThresholds.reworded_single_pair_score`; none: no single pair qualifies).
    ``meaning.margin(a_sentences, b_sentences)`` is the margin of a pair by meaning
    (:meth:`core.engine.meaning.MeaningScorer.margin`), asked only of the pairs of a would-be
    paraphrased passage that its words leave short of evidence; ``meaning.mine`` searches the
    sentences no passage holds for ones retold elsewhere (:func:`_mined_passages`); none: words
    only.

    The unit is B's sentence, not the block: the aligner may group a copied sentence with one
    that was not copied (a planted headline with the host's dateline, when A's layout ran the
    headline into its next sentence), and the copied one is still a copy.
    """
    score_of = dict(zip((block.index for block in blocks), pair_scores, strict=False))
    matched_of = {
        block.index: matched for block, matched in zip(blocks, matched_words, strict=True)
    }
    paired_a = {i for block in blocks if block.provenance is not None for i in block.a_sentences}
    paired_b = {j for block in blocks if block.provenance is not None for j in block.b_sentences}
    units = sorted(
        (
            _Unit(j, block, _sentence_provenance(a, b, block, j, thresholds), sentence_words(b, j))
            for block in blocks
            if block.provenance is not None
            for j in block.b_sentences
        ),
        key=lambda unit: unit.sentence,
    )
    by_meaning = _MeaningGaps(a, b, paired_a, paired_b, thresholds, meaning)
    runs: list[list[_Unit]] = []
    for unit in units:
        if runs:
            bridged = _bridge(a, b, runs[-1][-1], unit, paired_a, paired_b, thresholds)
            if bridged is None:
                bridged = by_meaning.across(runs[-1][-1], unit)
            if bridged is not None:
                runs[-1].extend(bridged)
                runs[-1].append(unit)
                continue
        runs.append([unit])
    runs = [by_meaning.extended(run) for run in runs]
    passages: list[Passage] = []
    for run in runs:
        # A sentence grouped with a copied one but not copied itself does not extend the copied
        # passage (it would claim the host's dateline after a lifted headline).
        while len(run) > 1 and _trimmable(run[0], run[1]):
            run = run[1:]
        while len(run) > 1 and _trimmable(run[-1], run[-2]):
            run = run[:-1]
        reworded_b = sum(u.words for u in run if u.provenance is Provenance.REWORDED or u.bridge)
        run_b = sum(u.words for u in run)
        if 2 * reworded_b > run_b:
            kind = PassageKind.PARAPHRASED
            minimum = thresholds.reworded_passage_words
            # A pair whose word diff keeps no word of A is no evidence of rewriting on its own
            # (the aligner paired the sentences on a few shared words the diff then folded into
            # one replacement: two stories of one event), unless its aligner score clears the
            # single-pair bar, above every chance pairing.
            single_bar = thresholds.reworded_single_pair_score
            single_words = max(minimum, thresholds.reworded_single_pair_words)
            evidence = {
                u.block.index: u.block
                for u in run
                if not u.bridge
                and (
                    matched_of[u.block.index] > 0 or score_of.get(u.block.index, 0.0) >= single_bar
                )
            }
            clear = {k for k in evidence if score_of.get(k, 0.0) >= single_bar}
            # An unpaired sentence that continues the run by meaning is a pair of its own.
            found = sum(1 for u in run if u.bridge and u.a_sentences)
            pairs = {u.block.index: u.block for u in run if not u.bridge}
            if (
                len(evidence) + found < REWORDED_PASSAGE_PAIRS
                and meaning is not None
                and (len(pairs) + found > 1 or run_b >= single_words)
            ):
                # Words leave the passage short of evidence; a pair may still say the same thing
                # (a thorough paraphrase keeps no word).  A pair that keeps no word and clears
                # the margin is as clearly one sentence retold as one above the single-pair
                # bar; one that keeps words was judged by them (the single-pair bar), as one
                # sentence retold by chance is ("I bet I was glad to see him." for "It was
                # beautiful to see him.", Huckleberry Finn, clears the margin).
                for k, block in pairs.items():
                    if k in clear or not weighed_by_meaning(b, block, thresholds):
                        continue
                    margin = meaning.margin(block.a_sentences, block.b_sentences)
                    if margin >= thresholds.meaning_margin:
                        evidence[k] = block
                        if not matched_of[k]:
                            clear.add(k)
                        if len(evidence) + found >= REWORDED_PASSAGE_PAIRS:
                            break
            if len(evidence) + found < REWORDED_PASSAGE_PAIRS:
                # One reworded sentence pair is a passage only when it is long and clearly the
                # same sentence retold (stock phrases pair with their like in any article).
                if not clear:
                    continue
                minimum = max(minimum, thresholds.reworded_single_pair_words)
        else:
            verbatim = all(u.provenance is Provenance.VERBATIM and not u.bridge for u in run)
            kind = PassageKind.VERBATIM if verbatim else PassageKind.LIGHT_EDIT
            minimum = thresholds.copy_passage_words
            run_b = sum(u.words for u in run)
            if (
                run_b < minimum
                and verbatim
                and _whole_sentences(a, b, run)
                and content_words(b, [u.sentence for u in run])
                >= thresholds.copy_sentence_content_words
            ):
                # A short sentence copied whole, if it says something of its own: "I went for
                # it, cautious and slow." is a quotation; "It's best." is said everywhere.
                minimum = 0
        if run_b < minimum:
            continue
        run_blocks: list[Block] = []
        for u in run:
            if not u.bridge and (not run_blocks or run_blocks[-1] is not u.block):
                run_blocks.append(u.block)
        found_a = [i for u in run if u.bridge for i in u.a_sentences]
        a_first = min([run_blocks[0].a_sentences[0], *found_a])
        a_last = max([run_blocks[-1].a_sentences[-1], *found_a])
        a_sentences = tuple(range(a_first, a_last + 1))
        b_sentences = tuple(u.sentence for u in run)
        matched = sum(matched_of[block.index] for block in run_blocks)
        passages.append(_passage(a, b, kind, a_sentences, b_sentences, matched))
    if meaning is not None:
        passages = [*passages, *_mined_passages(a, b, passages, thresholds, meaning)]
    ordered = _joined(a, b, sorted(passages, key=lambda p: p.b_sentences[0]))
    return tuple(replace(p, index=k) for k, p in enumerate(ordered))


def mined_pairs(
    a: Document,
    b: Document,
    passages: Sequence[Passage],
    thresholds: ProvenanceThresholds,
    meaning: MeaningJudge,
) -> list[MinedPair]:
    """The pairs a search by meaning finds among the sentences no passage holds (B's long
    enough to be weighed by meaning), whose margin clears ``meaning_margin``, in B's order."""
    held_a = {i for p in passages for i in p.a_sentences}
    held_b = {j for p in passages for j in p.b_sentences}
    b_candidates = [
        j
        for j in range(len(b.sentences))
        if j not in held_b and sentence_words(b, j) >= thresholds.reworded_single_pair_words
    ]
    a_candidates = [i for i in range(len(a.sentences)) if i not in held_a and sentence_words(a, i)]
    if not b_candidates or not a_candidates:
        return []
    return [
        pair
        for pair in meaning.mine(a_candidates, b_candidates)
        if pair.margin >= thresholds.meaning_margin
    ]


def _joined(a: Document, b: Document, passages: Sequence[Passage]) -> list[Passage]:
    """Paraphrased passages that follow each other in both texts with at most one sentence
    between them on each side, as one passage.

    A paraphrase splits and merges sentences: one sentence of A retold in two leaves the second
    unpaired, and cuts the passage in two where nothing of it ends.  Both neighbours are
    passages already, each with its own evidence; the sentence between them is part of the
    retelling (as a short sentence inside a copied passage is, see :func:`_bridge`).
    """
    joined: list[Passage] = []
    for passage in passages:
        if joined:
            last = joined[-1]
            gap_b = passage.b_sentences[0] - last.b_sentences[-1] - 1
            gap_a = passage.a_sentences[0] - last.a_sentences[-1] - 1
            if (
                last.kind is PassageKind.PARAPHRASED
                and passage.kind is PassageKind.PARAPHRASED
                and 0 <= gap_b <= 1
                and 0 <= gap_a <= 1
            ):
                joined[-1] = _join(a, b, last, passage)
                continue
        joined.append(passage)
    return joined


def _join(a: Document, b: Document, first: Passage, second: Passage) -> Passage:
    # The word diff's matches of each part (similarity is 2 * matched / both sides' words); the
    # sentences between them match nothing.
    matched = sum(p.similarity * (p.words_a + p.words_b) / 2 for p in (first, second))
    return _passage(
        a,
        b,
        first.kind,
        range(first.a_sentences[0], second.a_sentences[-1] + 1),
        range(first.b_sentences[0], second.b_sentences[-1] + 1),
        matched,
    )


def _mined_passages(
    a: Document,
    b: Document,
    passages: Sequence[Passage],
    thresholds: ProvenanceThresholds,
    meaning: MeaningJudge,
) -> list[Passage]:
    """Paraphrased passages the alignment missed, found by meaning among the sentences no
    passage holds.

    A thorough paraphrase keeps so few words that the aligner leaves it unpaired, or pairs it
    with another sentence on a shared name ("Assembly Members aus allen Parteien haben Angst"
    for "Assembly Members des gesamten politischen Spektrums fürchten").  Each sentence of B
    long enough to be weighed by meaning is set against every free sentence of A; a mutual best
    (:meth:`core.engine.meaning.MeaningScorer.mine`) is kept when its margin clears
    ``meaning_margin``, and consecutive kept pairs (next in B, next in A) make one passage.  A
    passage of one pair needs ``meaning_single_pair`` (cosine plus margin) and
    ``meaning_single_pair_words``, above every chance pair of unrelated texts; two or more in a
    row are two pieces of evidence, as in a run of the aligner's.
    """
    kept = mined_pairs(a, b, passages, thresholds, meaning)
    runs: list[list[MinedPair]] = []
    for pair in kept:
        if runs:
            last = runs[-1][-1]
            if (pair.b_sentence, pair.a_sentence) == (last.b_sentence + 1, last.a_sentence + 1):
                runs[-1].append(pair)
                continue
        runs.append([pair])
    found = []
    for run in runs:
        a_sentences = tuple(pair.a_sentence for pair in run)
        b_sentences = tuple(pair.b_sentence for pair in run)
        run_b = _words(b, b_sentences)
        if run_b < thresholds.reworded_passage_words:
            continue
        if len(run) < REWORDED_PASSAGE_PAIRS and (
            run[0].strength < thresholds.meaning_single_pair
            or run_b < thresholds.meaning_single_pair_words
        ):
            continue
        # Pairs found by meaning have no word diff: their matches are the words they share.
        shared = _shared_words(a, a_sentences, b, b_sentences)
        found.append(_passage(a, b, PassageKind.PARAPHRASED, a_sentences, b_sentences, shared))
    return found


def _shared_words(
    a: Document, a_sentences: Sequence[int], b: Document, b_sentences: Sequence[int]
) -> int:
    """Folded words two sentence groups have in common, counted with multiplicity."""
    return sum(
        (Counter(_folded_words(a, a_sentences)) & Counter(_folded_words(b, b_sentences))).values()
    )


def _folded_words(doc: Document, sentences: Sequence[int]) -> Iterator[str]:
    """The folded key (:func:`core.text.normalize.folded_key`) of every word of the sentences."""
    from core.text.normalize import folded_key

    for i in sentences:
        sentence = doc.sentences[i]
        for token in doc.tokens(sentence.token_start, sentence.token_end):
            if token.kind is TokenKind.WORD:
                yield folded_key(token.text)


def _passage(
    a: Document,
    b: Document,
    kind: PassageKind,
    a_sentences: Sequence[int],
    b_sentences: Sequence[int],
    matched: float,
) -> Passage:
    """A passage of these consecutive sentences (index 0: numbered once all are found) whose
    sides share ``matched`` words (its similarity: 2 * matched over both sides' words)."""
    words_a = _words(a, a_sentences)
    words_b = _words(b, b_sentences)
    total = words_a + words_b
    return Passage(
        index=0,
        kind=kind,
        a_sentences=tuple(a_sentences),
        b_sentences=tuple(b_sentences),
        a_range=TextRange(a.sentences[a_sentences[0]].start, a.sentences[a_sentences[-1]].end),
        b_range=TextRange(b.sentences[b_sentences[0]].start, b.sentences[b_sentences[-1]].end),
        words_a=words_a,
        words_b=words_b,
        share_of_a=round(words_a / a.word_count, 4) if a.word_count else 0.0,
        share_of_b=round(words_b / b.word_count, 4) if b.word_count else 0.0,
        similarity=round(min(1.0, 2 * matched / total), 4) if total else 1.0,
    )


def weighed_by_meaning(b: Document, block: Block, thresholds: ProvenanceThresholds) -> bool:
    """Whether a reworded pair may be evidence by its meaning: its B side is at least
    ``reworded_single_pair_words`` long (a short sentence says too little to be recognised by
    meaning: "Please wait!" and "Do I still need to wait?" meet in any two chats)."""
    return _words(b, block.b_sentences) >= thresholds.reworded_single_pair_words


def content_words(doc: Document, sentences: Sequence[int]) -> int:
    """Distinct words of the sentences outside their language's function words (a refrain's
    repeated word says nothing new: "Steady, helmsman! steady."); none counted when the
    language's list is unknown (such a count would call every word content)."""
    from core.text.wordlists import function_words

    common = function_words(doc.language.code)
    if not common:
        return 0
    return len(set(_folded_words(doc, sentences)) - common)


def _whole_sentences(a: Document, b: Document, run: Sequence[_Unit]) -> bool:
    """Whether a verbatim run's blocks are whole sentences on both sides, word for word (not a
    short sentence of B found inside a longer one of A: "cried Starbuck." in ""Mind he don't
    sling thee with it," cried Starbuck.")."""
    blocks = {u.block.index: u.block for u in run}.values()
    a_words = sum(_words(a, block.a_sentences) for block in blocks)
    b_words = sum(_words(b, block.b_sentences) for block in blocks)
    return a_words == b_words == sum(u.words for u in run)


def _trimmable(edge: _Unit, inner: _Unit) -> bool:
    """An edge sentence of a copied run that only came along with its copied neighbour's group
    (in a paraphrase every sentence of a group is reworded, and each is part of it)."""
    return (
        (edge.provenance is Provenance.REWORDED or edge.bridge)
        and edge.block is inner.block
        and inner.provenance is not Provenance.REWORDED
        and not inner.bridge
    )


class _MeaningGaps:
    """Unpaired sentences that continue a paraphrased run by meaning.

    The word aligner leaves a thoroughly reworded sentence unpaired when it shares no word with
    its original ("Dabei starben 384 Personen" for "384 people were killed"), which cuts a
    paraphrased passage in two or clips its edge.  One unpaired sentence of B facing one
    unpaired sentence of A -- between two pairs of a run, or just before or after it in both
    texts -- continues the run when their margin by meaning clears the same calibrated bar as a
    pair's (:attr:`ProvenanceThresholds.meaning_margin`).  Asked only next to a reworded
    sentence (a copy is continued by its words) and only of sentences long enough to be weighed
    by meaning.
    """

    def __init__(
        self,
        a: Document,
        b: Document,
        paired_a: set[int],
        paired_b: set[int],
        thresholds: ProvenanceThresholds,
        meaning: MeaningJudge | None,
    ) -> None:
        self.a = a
        self.b = b
        self.paired_a = paired_a
        self.paired_b = paired_b
        self.thresholds = thresholds
        self.meaning = meaning
        self.claimed: set[tuple[int, int]] = set()  # (side, sentence) already continuing a run

    def across(self, last: _Unit, unit: _Unit) -> list[_Unit] | None:
        """The gap between ``last`` and ``unit``, when it is one sentence on each side that
        says the same thing."""
        if Provenance.REWORDED not in (last.provenance, unit.provenance):
            return None
        if unit.sentence - last.sentence != 2:
            return None
        j = last.sentence + 1
        i = last.block.a_sentences[-1] + 1
        if unit.block.a_sentences[0] != i + 1:
            return None
        bridge = self._pair((i,), j, last.block)
        return [bridge] if bridge is not None else None

    def extended(self, run: list[_Unit]) -> list[_Unit]:
        """The run with the sentence just before and just after it in both texts, when they
        say the same thing."""
        first = run[0]
        if first.provenance is Provenance.REWORDED:
            before = self._pair((first.block.a_sentences[0] - 1,), first.sentence - 1, first.block)
            if before is not None:
                run = [before, *run]
        last = run[-1]
        if last.provenance is Provenance.REWORDED and not last.bridge:
            after = self._pair((last.block.a_sentences[-1] + 1,), last.sentence + 1, last.block)
            if after is not None:
                run = [*run, after]
        return run

    def _pair(self, a_sentences: tuple[int, ...], j: int, block: Block) -> _Unit | None:
        """B's unpaired sentence ``j`` as a continuation of a run (next to ``block``), when it
        says the same as the unpaired ``a_sentences`` of A."""
        if self.meaning is None:
            return None
        if not (0 <= j < len(self.b.sentences)) or j in self.paired_b or (1, j) in self.claimed:
            return None
        if any(
            not 0 <= i < len(self.a.sentences) or i in self.paired_a or (0, i) in self.claimed
            for i in a_sentences
        ):
            return None
        words = sentence_words(self.b, j)
        if words < self.thresholds.reworded_single_pair_words:
            return None
        if self.meaning.margin(a_sentences, (j,)) < self.thresholds.meaning_margin:
            return None
        self.claimed.add((1, j))
        self.claimed.update((0, i) for i in a_sentences)
        return _Unit(j, block, Provenance.REWORDED, words, bridge=True, a_sentences=a_sentences)


def _bridge(
    a: Document,
    b: Document,
    last: _Unit,
    unit: _Unit,
    paired_a: set[int],
    paired_b: set[int],
    thresholds: ProvenanceThresholds,
) -> list[_Unit] | None:
    """Whether ``unit`` continues the run ending with ``last``; the sentences it runs across.

    Next in B and next in A continues a run (a passage moved as a whole is one passage).  So
    does a gap of one unpaired sentence on either side shorter than the smallest copied
    passage: a short sentence dropped, replaced or added inside a lifted passage ("There saw."
    for "Contested Relationship.") is an edit of the passage, not the end of it.
    """
    if unit.block is last.block:
        return []
    gap_b = unit.sentence - last.sentence - 1
    gap_a = unit.block.a_sentences[0] - last.block.a_sentences[-1] - 1
    if gap_a < 0 or gap_b < 0 or gap_a > 1 or gap_b > 1:
        return None
    limit = thresholds.copy_passage_words
    if gap_a and (
        last.block.a_sentences[-1] + 1 in paired_a
        or sentence_words(a, last.block.a_sentences[-1] + 1) >= limit
    ):
        return None
    bridged: list[_Unit] = []
    if gap_b:
        j = last.sentence + 1
        words = sentence_words(b, j)
        if j in paired_b or words >= limit:
            return None
        bridged.append(_Unit(j, last.block, Provenance.REWORDED, words, bridge=True))
    return bridged


def _sentence_provenance(
    a: Document, b: Document, block: Block, j: int, thresholds: ProvenanceThresholds
) -> Provenance:
    """Provenance of B's sentence ``j`` inside a paired block.

    The block's own class, unless the sentence's words are better accounted for on their own:
    every word of it found in A's side in order with nothing of A's left out in between is
    verbatim, and at least :attr:`ProvenanceThresholds.light_edit_similarity` of its words found
    is a light edit -- B's sentence is then A's text, though A's sentence says more (a headline
    that A's layout ran into the next sentence).
    """
    provenance = block.provenance
    assert provenance is not None
    if provenance is Provenance.VERBATIM or (
        provenance is Provenance.LIGHT_EDIT and len(block.b_sentences) == 1
    ):
        return provenance  # a copy already, and alone in its group: nothing to tell apart
    sentence = b.sentences[j]
    words = sentence_words(b, j)
    if not words:
        return provenance
    matched = 0
    contiguous = True
    for op in block.ops:
        if op.b_end <= sentence.start and op.b_start < sentence.start:
            continue
        if op.b_start >= sentence.end:
            break
        if op.kind is OpKind.EQUAL:
            matched += _words_between(
                b, max(op.b_start, sentence.start), min(op.b_end, sentence.end)
            )
        elif sentence.start < op.b_start < sentence.end and _words_between(a, op.a_start, op.a_end):
            contiguous = False  # words of A left out (or replaced) inside B's sentence
    if matched >= words and contiguous:
        return Provenance.VERBATIM
    if provenance is Provenance.REWORDED and matched >= thresholds.light_edit_similarity * words:
        return Provenance.LIGHT_EDIT
    return provenance


def _words_between(doc: Document, start: int, end: int) -> int:
    """Words of ``doc`` that start inside the character range."""
    if end <= start:
        return 0
    starts = doc.token_starts
    first = bisect_left(starts, start)
    last = bisect_left(starts, end)
    return doc.token_kinds.count(TokenKind.WORD, first, last)


def sentence_words(doc: Document, index: int) -> int:
    sentence = doc.sentences[index]
    return doc.token_kinds.count(TokenKind.WORD, sentence.token_start, sentence.token_end)


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

    Passages are found on the comparison's fixed basis; a block shown differently still belongs
    to one: by its B sentences, or, for text only in A, by its A sentences (moved text shown as
    deleted and inserted is marked on both sides).
    """
    by_b = {j: p for p in comparison.passages for j in p.b_sentences}
    by_a = {i: p for p in comparison.passages for i in p.a_sentences}
    found: dict[int, Passage] = {}
    for block in comparison.blocks:
        side, sentences = (
            (by_b, block.b_sentences) if block.b_sentences else (by_a, block.a_sentences)
        )
        for k in sentences:
            passage = side.get(k)
            if passage is not None:
                found[block.index] = passage
                break
    return found


# --- generated by benchmarks/calibrate.py (provenance): do not edit by hand ----------------------
THRESHOLDS = ProvenanceThresholds(
    pair_floor=0.2361,
    light_edit_similarity=0.7452,
    copy_passage_words=8,
    copy_sentence_content_words=3,
    reworded_passage_words=1,
    reworded_single_pair_words=8,
    reworded_single_pair_score=0.563,
    meaning_margin=0.361,
    meaning_single_pair=1.118,
    meaning_single_pair_words=10,
    wordless_pair_margin=0.0779,
)
# --- end of generated block (provenance) ---------------------------------------------------------
