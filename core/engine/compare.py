"""The comparison pipeline: prepare -> align sentences -> diff words inside groups -> metrics."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from core.config import DEFAULT_CONFIG, CompareConfig
from core.engine.align import AlignedGroup, align
from core.engine.gcpause import paused_gc
from core.engine.prepare import PreparedDocument, Vocabulary, prepare
from core.engine.worddiff import TokenRun, diff_group
from core.errors import CancelledError, LoadError
from core.load.loading import load_text
from core.model import (
    Block,
    BlockKind,
    Comparison,
    Document,
    OpKind,
    ResultState,
    TextRange,
    WordOp,
)
from core.verdict.metrics import compute_metrics, decide_verdict

ProgressCallback = Callable[[float, str], None]


def _no_progress(fraction: float, stage: str) -> None:
    del fraction, stage


def compare(
    a: Document,
    b: Document,
    config: CompareConfig = DEFAULT_CONFIG,
    progress: ProgressCallback = _no_progress,
) -> Comparison:
    """Compare two documents.  Never raises for cancellation: returns a CANCELLED result.

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
    try:
        with paused_gc():
            return _compare(a, b, config, progress, started)
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
) -> Comparison:
    progress(0.0, "Preparing")
    vocabulary = Vocabulary()
    prepared_a = prepare(a, vocabulary, config)
    prepared_b = prepare(b, vocabulary, config)
    progress(0.2, "Aligning sentences")
    groups = align(
        prepared_a,
        prepared_b,
        detect_moves=config.detect_moves,
        check_cancelled=config.check_cancelled,
    )
    # The sentence bags served the aligner only; a book's bags are a tenth of the peak memory.
    prepared_a = replace(prepared_a, sentence_bags=[])
    prepared_b = replace(prepared_b, sentence_bags=[])
    progress(0.4, "Comparing words")
    blocks: list[Block] = []
    matched_words = 0
    a_cursor = 0  # insertion point in A for B-only blocks
    b_cursor = 0
    report_every = max(1, len(groups) // 50)
    for number, group in enumerate(groups):
        if number % report_every == 0:
            config.check_cancelled()
            progress(0.4 + 0.5 * number / len(groups), "Comparing words")
        block, matched = _make_block(
            len(blocks), group, prepared_a, prepared_b, a_cursor, b_cursor, config
        )
        if group.kind is not BlockKind.MOVED:
            if group.a_sentences:
                a_cursor = block.a_range.end
            if group.b_sentences:
                b_cursor = block.b_range.end
        blocks.append(block)
        matched_words += matched
    progress(0.9, "Measuring")
    config.check_cancelled()
    metrics = compute_metrics(prepared_a, prepared_b, blocks, matched_words)
    verdict = decide_verdict(metrics, blocks)
    progress(1.0, "Done")
    return Comparison(
        a=a,
        b=b,
        blocks=tuple(blocks),
        metrics=metrics,
        verdict=verdict,
        state=ResultState.COMPLETED,
        elapsed_seconds=time.perf_counter() - started,
    )


def _make_block(
    index: int,
    group: AlignedGroup,
    a: PreparedDocument,
    b: PreparedDocument,
    a_cursor: int,
    b_cursor: int,
    config: CompareConfig,
) -> tuple[Block, int]:
    a_run, a_range = _span(a.doc, group.a_sentences, a_cursor)
    b_run, b_range = _span(b.doc, group.b_sentences, b_cursor)
    if group.kind is BlockKind.DELETED:
        ops: tuple[WordOp, ...] = (
            WordOp(OpKind.DELETE, a_range.start, a_range.end, b_range.start, b_range.start),
        )
        return Block(index, group.kind, group.a_sentences, (), a_range, b_range, ops, 0.0), 0
    if group.kind is BlockKind.INSERTED:
        ops = (WordOp(OpKind.INSERT, a_range.start, a_range.start, b_range.start, b_range.end),)
        return Block(index, group.kind, (), group.b_sentences, a_range, b_range, ops, 0.0), 0
    diff = diff_group(a, a_run, b, b_run, config)
    kind = group.kind
    if kind is BlockKind.CHANGED and all(op.kind is OpKind.EQUAL for op in diff.ops):
        kind = BlockKind.EQUAL
    block = Block(
        index,
        kind,
        group.a_sentences,
        group.b_sentences,
        a_range,
        b_range,
        diff.ops,
        round(diff.similarity, 4),
    )
    return block, diff.matched_words


def _span(doc: Document, sentence_ids: tuple[int, ...], cursor: int) -> tuple[TokenRun, TextRange]:
    if not sentence_ids:
        return TokenRun(0, 0), TextRange(cursor, cursor)
    first = doc.sentences[sentence_ids[0]]
    last = doc.sentences[sentence_ids[-1]]
    return TokenRun(first.token_start, last.token_end), TextRange(first.start, last.end)
