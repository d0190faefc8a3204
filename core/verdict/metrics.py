"""Similarity metrics of a comparison and the plain-language verdict.

Metrics are computed over the aligned groups (blocks), the way MT metrics score a document
segment by segment: chrF comes from sacrebleu (the reference implementation used by WMT); the
edit rate is a word-level Levenshtein distance per block (rapidfuzz, C++), i.e. TER without
its phrase-shift search -- moved sentences are already matched by the aligner, and sacrebleu's
shift search costs seconds on a long article.  On very long documents an evenly spaced sample
of blocks is scored; the sample is deterministic, so results are reproducible.

The verdict answers "is B the same story as A, and how close?".  Whether two texts say the same
thing in other words is decided by a small logistic regression over :class:`VerdictFeatures`,
fitted on the Microsoft Research Paraphrase Corpus by ``benchmarks/calibrate.py``, which writes
the coefficients and thresholds into the generated block at the end of this module (accuracy,
cross-validated: see ``benchmarks/quality.py``).  No machine-learning library is needed at run
time: the model is a dot product.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress, tee
from operator import not_
from typing import Protocol

from rapidfuzz.distance import Levenshtein
from sacrebleu.metrics.chrf import CHRF
from sacrebleu.metrics.ter import TER

from core.languages import different_languages_message
from core.model import (
    Block,
    BlockKind,
    Document,
    Metrics,
    Passage,
    PassageKind,
    SentenceShares,
    TokenKind,
    Verdict,
    VerdictKind,
)
from core.text.normalize import STEM_LENGTH, folded_key, stem_key


class PreparedDocument(Protocol):
    """What the metrics read of a prepared document (:class:`core.engine.prepare.PreparedDocument`;
    described here so that the engine, which calls the metrics, is not imported by them)."""

    @property
    def doc(self) -> Document: ...

    @property
    def word_codes(self) -> str: ...


# sacrebleu's chrF is pure Python and linear in characters; the edit distance runs in C++ on
# one code point a word; the verdict's features build word lists in Python.  These budgets keep
# metrics around a second even for a million words a side.
CHRF_CHAR_BUDGET = 60_000
_CHRF_BATCH = 64  # segments whose chrF statistics are gathered at once
EDIT_WORD_BUDGET = 400_000
FEATURE_WORD_BUDGET = 20_000
TOPIC_CHAR_BUDGET = 400_000
_TOPIC_SLICE = 20_000
SHINGLE_SIZE = 3
SHINGLE_EXACT_LIMIT = 25_000  # shingles a side scored exactly; longer texts are sampled
_SHINGLE_CHUNK = 100_000  # shingles hashed at a time (bounds the transient columns)
# sacrebleu's TER is pure Python with a quadratic-or-worse shift search per segment.
TER_QUADRATIC_BUDGET = 20_000
TER_MAX_SEGMENT_WORDS = 120
CONTENT_WORD_LENGTH = 4  # shorter words are mostly function words ("the", "and", "was")

_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_CONTENT_RE = re.compile(rf"[^\W\d_]{{{CONTENT_WORD_LENGTH},}}")


@dataclass(frozen=True, slots=True)
class VerdictFeatures:
    """What the verdict looks at, each scaled to about 0..1.

    N-gram coverage and unmatched words are counted inside aligned blocks (text in unaligned
    blocks matches nothing), so a long document is judged sentence by sentence, like the
    sentence pairs the model was fitted on.  ``*_low``/``*_high`` are the smaller and larger of
    the two directions (A in B, B in A), which keeps every feature symmetric.
    """

    word_similarity: float
    containment_low: float
    containment_high: float
    shingle_jaccard: float
    chrf: float  # chrF / 100
    edit_rate: float  # edits per reference word, capped at 1.5
    length_ratio: float  # shorter side's words / longer side's words
    stem_coverage_low: float
    stem_coverage_high: float
    bigram_coverage_low: float
    bigram_coverage_high: float
    trigram_coverage_low: float
    trigram_coverage_high: float
    unmatched_low: float  # log(1 + content words without counterpart per sentence)
    unmatched_high: float
    number_jaccard: float  # numbers shared / numbers in either (1 when neither has any)
    has_numbers: float  # 1 when either side has a number
    topic_overlap: float  # Jaccard of the content-word stems of the whole texts

    def vector(self) -> tuple[float, ...]:
        return tuple(getattr(self, name) for name in FEATURE_NAMES)


FEATURE_NAMES: tuple[str, ...] = tuple(VerdictFeatures.__slots__)


@dataclass(frozen=True, slots=True)
class ParaphraseModel:
    """Logistic regression over standardised :class:`VerdictFeatures`."""

    means: tuple[float, ...]
    scales: tuple[float, ...]
    weights: tuple[float, ...]
    intercept: float

    def probability(self, features: VerdictFeatures) -> float:
        """Probability that B says what A says (a paraphrase, or closer)."""
        return self.probability_of(features.vector())

    def probability_of(self, vector: Sequence[float]) -> float:
        """The same for a plain feature vector (core.engine.sentence_pair's longer one)."""
        z = self.intercept
        for x, mean, scale, weight in zip(
            vector, self.means, self.scales, self.weights, strict=True
        ):
            z += weight * (x - mean) / scale
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True, slots=True)
class VerdictThresholds:
    """Decision thresholds; fitted by ``benchmarks/calibrate.py`` on ../shared/data."""

    light_edit_similarity: float = 0.80
    light_edit_jaccard: float = 0.45
    # Sentences (both sides) added, removed, merged, split or reworded below
    # light_edit_similarity.
    light_edit_rewritten_share: float = 0.35
    cross_language_similarity: float = 0.15
    # Sentence pairs (MRPC) and whole articles need different cuts: the model is fitted on
    # single sentences, where "paraphrase" means every fact is kept; two translations of an
    # article are the same story even when some sentences drift.
    paraphrase_probability: float = 0.5
    document_paraphrase_probability: float = 0.5
    document_sentences: int = 3  # both sides at least this long: judged as articles
    same_topic_overlap: float = 0.1
    # Passages (core.engine.provenance): B is an excerpt of A when copied passages make up at
    # least this share of B's words (and less of A's); B retells A as a whole (a paraphrase, not
    # a partial copy) when paired sentences hold at least whole_story_share of the words (the
    # mean of both sides' shares).
    excerpt_share: float = 0.8
    whole_story_share: float = 0.8


@dataclass(frozen=True, slots=True)
class ScoredMetrics(Metrics):
    """Metrics plus the features the verdict was decided on."""

    features: VerdictFeatures | None = None


def shingle_jaccard(a_codes: str, b_codes: str) -> float:
    """Jaccard similarity of the sets of word 3-grams (1-grams for very short texts).

    ``a_codes``/``b_codes`` hold one code point a word (the comparison's normalised keys, see
    :mod:`core.engine.prepare`).  Each shingle becomes one 64-bit hash of its three code points,
    in C
    (``map``/``zip``/``hash``); hashes of tuples of ints do not depend on the process's hash
    seed, so results are reproducible.  Up to :data:`SHINGLE_EXACT_LIMIT` shingles a side the
    Jaccard is exact.  Beyond that only the shingles whose hash falls in one residue class are
    kept: the same shingle is kept or dropped on both sides, so the kept sets are a consistent
    sample (Broder's mod-k sampling) whose Jaccard estimates the whole one to within about
    0.005 while memory stays bounded for books.
    """
    size = SHINGLE_SIZE if min(len(a_codes), len(b_codes)) >= SHINGLE_SIZE else 1
    longest = max(len(a_codes), len(b_codes))
    modulus = max(1, -(-longest // SHINGLE_EXACT_LIMIT))
    a_set = _shingle_hashes(a_codes, size, modulus)
    b_set = _shingle_hashes(b_codes, size, modulus)
    shared = len(a_set.intersection(b_set))
    union = len(a_set) + len(b_set) - shared
    return shared / union if union else 1.0


def _shingle_hashes(codes: str, size: int, modulus: int) -> set[int]:
    found: set[int] = set()
    count = len(codes) - size + 1
    for start in range(0, max(0, count), _SHINGLE_CHUNK):
        piece = codes[start : start + _SHINGLE_CHUNK + size - 1]
        hashes = map(hash, zip(*(map(ord, piece[k:]) for k in range(size)), strict=False))
        if modulus == 1:
            found.update(hashes)
        else:
            # Keep the hashes divisible by the modulus, without a Python-level loop.
            values, tests = tee(hashes)
            found.update(compress(values, map(not_, map(modulus.__rmod__, tests))))
    return found


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


class _BlockWords:
    """The words of each side of each block: counts, key strings and (on demand) text.

    Keys are the comparison's own normalised tokens, one code point a word (see
    :mod:`core.engine.prepare`), so an edit distance over a block is a C call on two short strings.
    """

    def __init__(self, a: PreparedDocument, b: PreparedDocument, blocks: Sequence[Block]) -> None:
        self.a = a.doc
        self.b = b.doc
        self.a_codes, a_offsets = _word_codes(a)
        self.b_codes, b_offsets = _word_codes(b)
        self.a_runs = [_run(a_offsets, block.a_sentences) for block in blocks]
        self.b_runs = [_run(b_offsets, block.b_sentences) for block in blocks]
        self.a_counts = [end - start for start, end, _, _ in self.a_runs]
        self.b_counts = [end - start for start, end, _, _ in self.b_runs]

    def codes(self, k: int) -> tuple[str, str]:
        a_start, a_end, _, _ = self.a_runs[k]
        b_start, b_end, _, _ = self.b_runs[k]
        return self.a_codes[a_start:a_end], self.b_codes[b_start:b_end]

    def words(self, k: int) -> tuple[list[str], list[str]]:
        """Folded words (:func:`core.text.normalize.folded_key`; the verdict's features)."""
        _, _, a_first, a_last = self.a_runs[k]
        _, _, b_first, b_last = self.b_runs[k]
        return _words(self.a, a_first, a_last), _words(self.b, b_first, b_last)


def _word_codes(prepared: PreparedDocument) -> tuple[str, list[tuple[int, int, int, int]]]:
    """The key code of every word token, and per sentence its word and token range."""
    kinds = prepared.doc.token_kinds
    codes = prepared.word_codes
    offsets = []
    words = 0
    previous_end = 0
    word = TokenKind.WORD
    for sentence in prepared.doc.sentences:
        words += kinds[previous_end : sentence.token_start].count(word)
        count = kinds[sentence.token_start : sentence.token_end].count(word)
        offsets.append((words, words + count, sentence.token_start, sentence.token_end))
        words += count
        previous_end = sentence.token_end
    return codes, offsets


def _run(
    offsets: Sequence[tuple[int, int, int, int]], sentence_ids: Sequence[int]
) -> tuple[int, int, int, int]:
    """Word range and token range of consecutive sentences (empty for none)."""
    if not sentence_ids:
        return 0, 0, 0, 0
    first = offsets[sentence_ids[0]]
    last = offsets[sentence_ids[-1]]
    return first[0], last[1], first[2], last[3]


def _words(doc: Document, start: int, end: int) -> list[str]:
    """Folded keys of the word tokens ``[start, end)`` (whatever the matching options: the
    verdict model is fitted on folded words)."""
    text = doc.text
    starts = doc.token_starts
    kinds = doc.token_kinds
    word = TokenKind.WORD
    return [
        folded_key(text[starts[i] : starts[i + 1]]) for i in range(start, end) if kinds[i] == word
    ]


def corpus_chrf(hypotheses: Sequence[str], references: Sequence[str]) -> float:
    """sacrebleu's corpus chrF, its statistics gathered a batch of segments at a time.

    ``CHRF.corpus_score`` first builds the n-gram counters of every reference at once (about
    5 MB for a 30,000-character sample); summing the same per-segment statistics batch by
    batch gives the identical score with a fraction of the memory.  The two methods used are
    the ones sacrebleu's own significance tests use; if they ever change, the plain
    ``corpus_score`` is used instead.
    """
    metric = CHRF()
    try:
        totals: list[int] | None = None
        for start in range(0, len(hypotheses), _CHRF_BATCH):
            stats = metric._extract_corpus_statistics(
                hypotheses[start : start + _CHRF_BATCH],
                [references[start : start + _CHRF_BATCH]],
            )
            for row in stats:
                totals = (
                    list(row)
                    if totals is None
                    else [x + y for x, y in zip(totals, row, strict=True)]
                )
        if totals is None:
            return float(metric.corpus_score(list(hypotheses), [list(references)]).score)
        return float(metric._aggregate_and_compute([totals]).score)
    except AttributeError:
        return float(metric.corpus_score(list(hypotheses), [list(references)]).score)


def chrf_and_edit_rate(
    a: Document, b: Document, blocks: Sequence[Block], words: _BlockWords
) -> tuple[float, float]:
    """Corpus chrF of B against A, and word edits per 100 words of A, over aligned blocks.

    Unaligned text is scored against an empty counterpart, which is what it is.  The edit count
    of EQUAL and unaligned blocks is known without a diff (none; every word), so only reworded
    blocks are measured, on an evenly spaced sample when there are very many words.
    """
    if not blocks:
        return 0.0, 100.0
    picks = _evenly_spaced(
        len(blocks),
        [len(bl.a_range) + len(bl.b_range) for bl in blocks],
        CHRF_CHAR_BUDGET,
    )
    a_segments = [a.text[blocks[k].a_range.start : blocks[k].a_range.end] for k in picks]
    b_segments = [b.text[blocks[k].b_range.start : blocks[k].b_range.end] for k in picks]
    chrf = corpus_chrf(b_segments, a_segments)

    reference_words = sum(words.a_counts)
    known_edits, reworded = _edits_known_without_diff(blocks, words)
    estimated_edits = 0.0
    if reworded:
        cost = [words.a_counts[k] + words.b_counts[k] for k in reworded]
        sample = [reworded[p] for p in _evenly_spaced(len(reworded), cost, EDIT_WORD_BUDGET)]
        sample_edits = 0
        sample_words = 0
        for k in sample:
            a_codes, b_codes = words.codes(k)
            sample_edits += Levenshtein.distance(b_codes, a_codes)
            sample_words += words.a_counts[k] + words.b_counts[k]
        # Scale the sample up by its share of the reworded words (exact when all are scored).
        if sample_words:
            estimated_edits = sample_edits * sum(cost) / sample_words
    if not reference_words:
        return chrf, 100.0
    return chrf, 100.0 * (known_edits + estimated_edits) / reference_words


def _edits_known_without_diff(blocks: Sequence[Block], words: _BlockWords) -> tuple[int, list[int]]:
    """Edits known without a diff, and the reworded blocks whose edits must be measured.

    An EQUAL block has none; a deleted or inserted block has one per word.
    """
    known_edits = 0
    reworded: list[int] = []
    for k, block in enumerate(blocks):
        if block.kind is BlockKind.DELETED:
            known_edits += words.a_counts[k]
        elif block.kind is BlockKind.INSERTED:
            known_edits += words.b_counts[k]
        elif block.kind is not BlockKind.EQUAL:
            reworded.append(k)
    return known_edits, reworded


def sacrebleu_ter(a: Document, b: Document, blocks: Sequence[Block], words: _BlockWords) -> float:
    """sacrebleu's TER of B against A over the aligned blocks (phrase shifts included).

    TER of EQUAL and unaligned blocks is known without running it (0 edits; every word
    inserted or deleted).  sacrebleu's shift search is quadratic or worse in segment length,
    so it runs on the reworded blocks of at most ``TER_MAX_SEGMENT_WORDS`` words, on an evenly
    spaced sample within ``TER_QUADRATIC_BUDGET``; the sample's edit rate is applied to all
    reworded words.  Articles are scored exactly; books get a stable estimate.
    """
    reference_words = sum(words.a_counts)
    if not reference_words:
        return 100.0
    known_edits, reworded = _edits_known_without_diff(blocks, words)
    reworded_words = sum(words.a_counts[k] for k in reworded)
    scorable = [
        k
        for k in reworded
        if 0 < words.a_counts[k] <= TER_MAX_SEGMENT_WORDS
        and words.b_counts[k] <= TER_MAX_SEGMENT_WORDS
    ]
    estimated_edits = 0.0
    if scorable:
        sample = [
            scorable[p]
            for p in _evenly_spaced(
                len(scorable), [words.a_counts[k] ** 2 for k in scorable], TER_QUADRATIC_BUDGET
            )
        ]
        hypotheses = [b.text[blocks[k].b_range.start : blocks[k].b_range.end] for k in sample]
        references = [a.text[blocks[k].a_range.start : blocks[k].a_range.end] for k in sample]
        score = TER().corpus_score(hypotheses, [references]).score
        estimated_edits = score / 100 * reworded_words
    elif reworded:
        # Only very long reworded blocks: the word edit rate is the best stand-in.
        estimated_edits = sum((1.0 - blocks[k].similarity) * words.a_counts[k] for k in reworded)
    return 100.0 * (known_edits + estimated_edits) / reference_words


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


def _ngrams(words: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(zip(*(words[k:] for k in range(n)), strict=False))


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 1.0


def _numbers(text: str) -> set[str]:
    # "5,000" and "5000" are the same number; "2.8" keeps its point.
    # finditer, not findall: on a megabyte without spaces (base64) one findall call would hold
    # the GIL for a tenth of a second, and the window shares it.
    return {match.group().replace(",", "") for match in _NUMBER_RE.finditer(text)}


def _topic_stems(text: str) -> set[str]:
    if len(text) > TOPIC_CHAR_BUDGET:
        step = len(text) // 8
        chunk = TOPIC_CHAR_BUDGET // 8
        text = " ".join(text[k * step : k * step + chunk] for k in range(8))
    # Slice by slice, cut at spaces: the list of every word of a long text is not needed.
    stems: set[str] = set()
    start = 0
    while start < len(text):
        end = start + _TOPIC_SLICE
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
        stems.update(word[:STEM_LENGTH] for word in _CONTENT_RE.findall(text[start:end].casefold()))
        start = end
    return stems


def verdict_features(
    a: Document,
    b: Document,
    blocks: Sequence[Block],
    metrics: Metrics,
    words: _BlockWords,
) -> VerdictFeatures:
    """The features of one comparison (cost bounded by the block sample's word budget)."""
    cost = [x + y for x, y in zip(words.a_counts, words.b_counts, strict=True)]
    sample = _evenly_spaced(len(blocks), cost, FEATURE_WORD_BUDGET)
    matched = [0, 0, 0]
    total_a = [0, 0, 0]
    total_b = [0, 0, 0]
    unmatched_a = unmatched_b = 0
    sentences_a = sentences_b = 0
    for k in sample:
        a_words, b_words = words.words(k)
        sentences_a += len(blocks[k].a_sentences)
        sentences_b += len(blocks[k].b_sentences)
        a_stems = [stem_key(w) for w in a_words]
        b_stems = [stem_key(w) for w in b_words]
        for n, (x, y) in enumerate(
            ((a_stems, b_stems), (a_words, b_words), (a_words, b_words)), start=1
        ):
            grams_a = _ngrams(x, n)
            grams_b = _ngrams(y, n)
            matched[n - 1] += sum((grams_a & grams_b).values())
            total_a[n - 1] += max(0, len(x) - n + 1)
            total_b[n - 1] += max(0, len(y) - n + 1)
        content_a = Counter(s for s, w in zip(a_stems, a_words, strict=True) if _is_content(w))
        content_b = Counter(s for s, w in zip(b_stems, b_words, strict=True) if _is_content(w))
        unmatched_a += sum((content_a - content_b).values())
        unmatched_b += sum((content_b - content_a).values())
    coverage_a = [_share(matched[n], total_a[n]) for n in range(3)]
    coverage_b = [_share(matched[n], total_b[n]) for n in range(3)]
    per_sentence_a = math.log1p(unmatched_a / max(1, sentences_a))
    per_sentence_b = math.log1p(unmatched_b / max(1, sentences_b))
    numbers_a = _numbers(a.text)
    numbers_b = _numbers(b.text)
    numbers_either = numbers_a | numbers_b
    topic_a = _topic_stems(a.text)
    topic_b = _topic_stems(b.text)
    return VerdictFeatures(
        **_metric_features(metrics),
        stem_coverage_low=min(coverage_a[0], coverage_b[0]),
        stem_coverage_high=max(coverage_a[0], coverage_b[0]),
        bigram_coverage_low=min(coverage_a[1], coverage_b[1]),
        bigram_coverage_high=max(coverage_a[1], coverage_b[1]),
        trigram_coverage_low=min(coverage_a[2], coverage_b[2]),
        trigram_coverage_high=max(coverage_a[2], coverage_b[2]),
        unmatched_low=min(per_sentence_a, per_sentence_b),
        unmatched_high=max(per_sentence_a, per_sentence_b),
        number_jaccard=len(numbers_a & numbers_b) / len(numbers_either) if numbers_either else 1.0,
        has_numbers=1.0 if numbers_either else 0.0,
        topic_overlap=_jaccard(topic_a, topic_b),
    )


def _is_content(word: str) -> bool:
    # Scripts without spaces (CJK) have one-character words; all of them count.
    return len(word) >= CONTENT_WORD_LENGTH or not word.isascii()


def _jaccard(x: set[str], y: set[str]) -> float:
    union = len(x | y)
    return len(x & y) / union if union else 1.0


def compute_metrics(
    a: PreparedDocument,
    b: PreparedDocument,
    blocks: Sequence[Block],
    matched_words: int,
    *,
    across_languages: bool = False,
    aligned: ScoredMetrics | None = None,
) -> ScoredMetrics:
    """The figures of ``blocks`` and the verdict's features.

    ``aligned``: the metrics of the same two documents over every pair the aligner made (the
    figures of what is drawn go with the verdict's features of those): its features, and its
    shingle Jaccard (of the whole texts, whatever the blocks), are taken, not worked out again.
    """
    a_doc = a.doc
    b_doc = b.doc
    words_a = a_doc.word_count
    words_b = b_doc.word_count
    total = words_a + words_b
    block_words = _BlockWords(a, b, blocks)
    chrf, edit_rate = chrf_and_edit_rate(a_doc, b_doc, blocks, block_words)
    metrics = Metrics(
        word_similarity=round(2 * matched_words / total, 4) if total else 1.0,
        containment_a_in_b=round(matched_words / words_a, 4) if words_a else 1.0,
        containment_b_in_a=round(matched_words / words_b, 4) if words_b else 1.0,
        shingle_jaccard=(
            aligned.shingle_jaccard
            if aligned is not None
            else round(shingle_jaccard(block_words.a_codes, block_words.b_codes), 4)
        ),
        chrf=round(chrf, 2),
        # Across languages no word matches, and TER's shift search (a third of a 1k-word
        # comparison's time) would only confirm it: the edit rate without shifts stands in.
        ter=round(
            edit_rate if across_languages else sacrebleu_ter(a_doc, b_doc, blocks, block_words),
            2,
        ),
        words_a=words_a,
        words_b=words_b,
        sentences_a=len(a_doc.sentences),
        sentences_b=len(b_doc.sentences),
        shares=sentence_shares(blocks),
        language_a=a_doc.language,
        language_b=b_doc.language,
        word_edit_rate=round(edit_rate, 2),
    )
    # Across languages the verdict is the translation summary's (core.verdict.translation):
    # word features would only describe two vocabularies that cannot match (and cost time).
    features: VerdictFeatures | None = None
    if aligned is not None:
        features = aligned.features
    elif not across_languages:
        features = verdict_features(a_doc, b_doc, blocks, metrics, block_words)
    plain = {name: getattr(metrics, name) for name in Metrics.__dataclass_fields__}
    return ScoredMetrics(**plain, features=features)


def decide_verdict(
    metrics: Metrics,
    blocks: Sequence[Block],
    thresholds: VerdictThresholds | None = None,
    model: ParaphraseModel | None = None,
    *,
    passages: Sequence[Passage] = (),
    paired_share: float | None = None,
    paraphrase_probability: float | None = None,
) -> Verdict:
    """Plain-language verdict, most specific first.

    ``paraphrase_probability``: the model's answer when another model gave it (two single
    sentences judged with the sentence encoder: core.engine.sentence_pair); otherwise ``model``
    scores the word features.

    Identical and light edit are about surface text (the editor sees few marks).  Then the
    passages: B made mostly of copied passages of a longer A is an excerpt; passages that cover
    only part of B (or a B that is not the same story) make a partial copy.  Paraphrase is the
    calibrated model's call; below that, shared vocabulary separates another article on the
    same subject from an unrelated text.  The confidence grows with the distance from the
    deciding threshold.
    """
    thresholds = thresholds or THRESHOLDS
    model = model or PARAPHRASE_MODEL
    if blocks and all(block.kind is BlockKind.EQUAL for block in blocks):
        return Verdict(
            VerdictKind.IDENTICAL,
            1.0,
            "Every sentence matches word for word (under the current matching options).",
        )
    similarity = metrics.word_similarity
    shares = metrics.shares
    # Light edit is about what the editor sees: most sentences untouched or barely touched.  A
    # rewrite that keeps most words but recasts half of the sentences is a paraphrase.
    rewritten = (
        shares.added
        + shares.removed
        + sum(
            len(block.a_sentences) + len(block.b_sentences)
            for block in blocks
            if block.kind is BlockKind.CHANGED
            and (
                block.similarity < thresholds.light_edit_similarity
                or len(block.a_sentences) != len(block.b_sentences)  # merged or split
            )
        )
    )
    rewritten_share = rewritten / shares.total if shares.total else 0.0
    if (
        similarity >= thresholds.light_edit_similarity
        and metrics.shingle_jaccard >= thresholds.light_edit_jaccard
        and rewritten_share <= thresholds.light_edit_rewritten_share
    ):
        margin = (similarity - thresholds.light_edit_similarity) / (
            1 - thresholds.light_edit_similarity
        )
        return Verdict(
            VerdictKind.LIGHT_EDIT,
            _confidence(margin),
            f"{similarity:.0%} of the words are shared; the rest is light editing.",
        )
    features = metrics.features if isinstance(metrics, ScoredMetrics) else None
    if features is None:
        features = _features_from_metrics(metrics, model)
    if metrics.languages_differ and similarity < thresholds.cross_language_similarity:
        # A translation shares almost no words with its source: word-based features cannot
        # tell a translation from an unrelated text, so say why instead of guessing.
        return Verdict(VerdictKind.UNRELATED, 0.5, different_languages_message(metrics))
    probability = (
        model.probability(features) if paraphrase_probability is None else paraphrase_probability
    )
    is_document = min(metrics.sentences_a, metrics.sentences_b) >= thresholds.document_sentences
    cut = (
        thresholds.document_paraphrase_probability
        if is_document
        else thresholds.paraphrase_probability
    )
    # Passages are about articles: two single sentences (MRPC's pairs) are judged as before.
    if passages and max(metrics.sentences_a, metrics.sentences_b) >= thresholds.document_sentences:
        lifted = _passage_verdict(passages, probability >= cut, thresholds, paired_share)
        if lifted is not None:
            return lifted
    aligned = shares.unchanged + shares.reworded + shares.moved
    aligned_share = aligned / shares.total if shares.total else 0.0
    if probability >= cut:
        return Verdict(
            VerdictKind.PARAPHRASE,
            _confidence((probability - cut) / (1 - cut)),
            f"The same story told in other words: {aligned_share:.0%} of the sentences "
            f"correspond, {similarity:.0%} of the words are shared.",
        )
    overlap = features.topic_overlap
    topic = thresholds.same_topic_overlap
    if overlap >= topic:
        return Verdict(
            VerdictKind.SAME_TOPIC,
            _confidence(min((cut - probability) / cut, (overlap - topic) / topic)),
            "The texts share names and vocabulary but say different things: "
            "probably another article on the same subject.",
        )
    if metrics.languages_differ:
        # A translation shares no words with its source: say why rather than "unrelated" alone.
        return Verdict(VerdictKind.UNRELATED, 0.5, different_languages_message(metrics))
    return Verdict(
        VerdictKind.UNRELATED,
        _confidence((topic - overlap) / topic),
        "The texts have almost nothing in common.",
    )


@dataclass(frozen=True, slots=True)
class Reuse:
    """How much of each side the passages cover."""

    passages: int
    copied_passages: int  # verbatim or light edit
    words_b: int  # B's words in any passage
    copied_words_b: int
    share_of_a: float
    share_of_b: float
    copied_share_of_a: float
    copied_share_of_b: float


def reuse(passages: Sequence[Passage]) -> Reuse:
    copied = [p for p in passages if p.kind.is_copy]
    return Reuse(
        passages=len(passages),
        copied_passages=len(copied),
        words_b=sum(p.words_b for p in passages),
        copied_words_b=sum(p.words_b for p in copied),
        share_of_a=round(sum(p.share_of_a for p in passages), 4),
        share_of_b=round(sum(p.share_of_b for p in passages), 4),
        copied_share_of_a=round(sum(p.share_of_a for p in copied), 4),
        copied_share_of_b=round(sum(p.share_of_b for p in copied), 4),
    )


def _passage_verdict(
    passages: Sequence[Passage],
    same_story: bool,
    thresholds: VerdictThresholds,
    paired_share: float | None = None,
) -> Verdict | None:
    """Excerpt or partial copy, or None when B retells A as a whole (or nothing was lifted).

    ``paired_share``: share of the words of both texts in paired sentences (the passages'
    share of B when not given)."""
    found = reuse(passages)
    paired = found.share_of_b if paired_share is None else max(paired_share, found.share_of_b)
    if not found.passages:
        return None
    if (
        found.copied_share_of_b >= thresholds.excerpt_share
        and found.copied_share_of_a < thresholds.excerpt_share
    ):
        margin = (found.copied_share_of_b - thresholds.excerpt_share) / (
            1 - thresholds.excerpt_share
        )
        return Verdict(
            VerdictKind.EXCERPT,
            _confidence(margin),
            f"A shortened copy: {found.copied_share_of_b:.0%} of B is taken from A "
            f"({found.copied_words_b} words in {_count(found.copied_passages, 'passage')}), "
            f"which is {found.copied_share_of_a:.0%} of A.",
        )
    if paired >= thresholds.whole_story_share and same_story:
        return None
    margin = (thresholds.whole_story_share - paired) / thresholds.whole_story_share
    return Verdict(
        VerdictKind.PARTIAL_COPY,
        _confidence(margin if paired < thresholds.whole_story_share else 0.0),
        f"Another article that reuses text from A: {_count(found.passages, 'passage')}, "
        f"{found.words_b} words, {found.share_of_b:.0%} of B ({describe_passages(passages)}).",
    )


def describe_passages(passages: Sequence[Passage]) -> str:
    """ "2 copied verbatim, 1 reworded": the passages by kind, in a fixed order."""
    counts = Counter(p.kind for p in passages)
    return ", ".join(
        f"{counts[kind]} {kind.label[0].lower() + kind.label[1:]}"
        for kind in PassageKind
        if counts[kind]
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _features_from_metrics(metrics: Metrics, model: ParaphraseModel) -> VerdictFeatures:
    """For metrics made without the texts (tests, old reports): what Metrics holds, the rest
    at the calibration average, where it moves the model neither way.  Word similarity stands
    in for the vocabulary overlap."""
    known = _metric_features(metrics)
    average = dict(zip(FEATURE_NAMES, model.means, strict=True))
    return VerdictFeatures(
        **{**average, **known, "topic_overlap": metrics.word_similarity},
    )


def _metric_features(metrics: Metrics) -> dict[str, float]:
    longer = max(metrics.words_a, metrics.words_b)
    return {
        "word_similarity": metrics.word_similarity,
        "containment_low": min(metrics.containment_a_in_b, metrics.containment_b_in_a),
        "containment_high": max(metrics.containment_a_in_b, metrics.containment_b_in_a),
        "shingle_jaccard": metrics.shingle_jaccard,
        "chrf": metrics.chrf / 100,
        "edit_rate": min(metrics.word_edit_rate, 150.0) / 100,
        "length_ratio": min(metrics.words_a, metrics.words_b) / longer if longer else 1.0,
    }


def _confidence(margin: float) -> float:
    """Map a distance past the deciding threshold to 0.5..0.99."""
    return round(min(0.99, 0.5 + 0.5 * max(0.0, min(1.0, margin))), 2)


# --- generated by benchmarks/calibrate.py: do not edit by hand -----------------------------------
THRESHOLDS = VerdictThresholds(
    light_edit_similarity=0.8,
    light_edit_jaccard=0.45,
    paraphrase_probability=0.5,
    document_paraphrase_probability=0.1227,
    document_sentences=3,
    same_topic_overlap=0.1519,
    excerpt_share=0.9544,
    whole_story_share=0.6725,
)
PARAPHRASE_MODEL = ParaphraseModel(
    means=(
        0.490339,  # word_similarity
        0.454676,  # containment_low
        0.536121,  # containment_high
        0.245559,  # shingle_jaccard
        0.619892,  # chrf
        0.574639,  # edit_rate
        0.851236,  # length_ratio
        0.615549,  # stem_coverage_low
        0.725454,  # stem_coverage_high
        0.435135,  # bigram_coverage_low
        0.517971,  # bigram_coverage_high
        0.334447,  # trigram_coverage_low
        0.402073,  # trigram_coverage_high
        1.188168,  # unmatched_low
        1.703358,  # unmatched_high
        0.775882,  # number_jaccard
        0.426644,  # has_numbers
        0.533958,  # topic_overlap
    ),
    scales=(
        0.250669,  # word_similarity
        0.235877,  # containment_low
        0.274013,  # containment_high
        0.176238,  # shingle_jaccard
        0.150634,  # chrf
        0.241512,  # edit_rate
        0.099284,  # length_ratio
        0.147391,  # stem_coverage_low
        0.159543,  # stem_coverage_high
        0.188214,  # bigram_coverage_low
        0.217169,  # bigram_coverage_high
        0.205967,  # trigram_coverage_low
        0.243419,  # trigram_coverage_high
        0.525304,  # unmatched_low
        0.391357,  # unmatched_high
        0.393142,  # number_jaccard
        0.49459,  # has_numbers
        0.177499,  # topic_overlap
    ),
    weights=(
        0.043794,  # word_similarity
        0.200581,  # containment_low
        -0.300848,  # containment_high
        0.351207,  # shingle_jaccard
        0.387362,  # chrf
        -0.444281,  # edit_rate
        -0.343927,  # length_ratio
        1.267061,  # stem_coverage_low
        -0.259823,  # stem_coverage_high
        0.365143,  # bigram_coverage_low
        -0.487405,  # bigram_coverage_high
        -0.238077,  # trigram_coverage_low
        -0.780837,  # trigram_coverage_high
        0.016467,  # unmatched_low
        -0.271463,  # unmatched_high
        0.245307,  # number_jaccard
        0.006459,  # has_numbers
        0.105097,  # topic_overlap
    ),
    intercept=1.04006,
)
# --- end of generated block ----------------------------------------------------------------------
