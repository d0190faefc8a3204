"""The comparison as JSON: the machine-readable contract described in ``docs/json-schema.md``.

Change the layout only together with :data:`SCHEMA_ID`.  Keys come in a fixed order and
floats are rounded, so the same pair gives the same bytes on every run.
"""

from __future__ import annotations

import json
import math
from typing import Any

from core.model import (
    Block,
    Comparison,
    Document,
    FactChange,
    LanguageGuess,
    Metrics,
    Passage,
    SentenceShares,
    WordOp,
)
from core.report.labels import SHARE_NAMES, different_languages_message
from core.text.language import secondary_language
from core.traces import Trace, find_traces
from core.traces.reconcile import facts_beside_traces

SCHEMA_ID = "copydesk.comparison/2"
FLOAT_DIGITS = 4

JsonDict = dict[str, Any]


def _num(value: float) -> float | None:
    # json.dumps would write NaN/Infinity, which is not JSON; a broken metric becomes null.
    if not math.isfinite(value):
        return None
    return round(float(value), FLOAT_DIGITS)


def _language_json(language: LanguageGuess) -> JsonDict:
    return {"code": language.code, "probability": _num(language.probability)}


def _document_json(document: Document) -> JsonDict:
    info = document.info
    return {
        "source": info.source,
        "format": info.format,
        "encoding": info.encoding,
        "size_bytes": info.size_bytes,
        "notes": list(info.notes),
        "language": _language_json(document.language),
        "secondary_language": _language_json(secondary_language(document)),
        "words": document.word_count,
        "sentences": len(document.sentences),
        "paragraphs": len(document.paragraphs),
    }


def _shares_json(shares: SentenceShares) -> JsonDict:
    return {
        "total": shares.total,
        "counts": {name: getattr(shares, name) for name in SHARE_NAMES},
        "fractions": {name: _num(shares.share(name)) for name in SHARE_NAMES},
    }


def _metrics_json(metrics: Metrics) -> JsonDict:
    return {
        "word_similarity": _num(metrics.word_similarity),
        "containment_a_in_b": _num(metrics.containment_a_in_b),
        "containment_b_in_a": _num(metrics.containment_b_in_a),
        "shingle_jaccard": _num(metrics.shingle_jaccard),
        "chrf": _num(metrics.chrf),
        "ter": _num(metrics.ter),
        "word_edit_rate": _num(metrics.word_edit_rate),
        "words_a": metrics.words_a,
        "words_b": metrics.words_b,
        "sentences_a": metrics.sentences_a,
        "sentences_b": metrics.sentences_b,
        "shares": _shares_json(metrics.shares),
        "language_a": _language_json(metrics.language_a),
        "language_b": _language_json(metrics.language_b),
        "languages_differ": metrics.languages_differ,
        "languages_message": different_languages_message(metrics)
        if metrics.languages_differ or metrics.translation is not None
        else None,
        "semantic_similarity": _num(metrics.semantic_similarity)
        if metrics.semantic_similarity is not None
        else None,
        "translation": None if metrics.translation is None else _translation_json(metrics),
    }


def _translation_json(metrics: Metrics) -> JsonDict:
    summary = metrics.translation
    assert summary is not None
    return {
        "covered_a": _num(summary.covered_a),
        "covered_b": _num(summary.covered_b),
        "omitted": summary.omitted,
        "added": summary.added,
        "weak_blocks": list(summary.weak_blocks),
        "document_similarity": _num(summary.document_similarity),
    }


def _op_json(op: WordOp) -> JsonDict:
    return {"kind": op.kind.value, "a": [op.a_start, op.a_end], "b": [op.b_start, op.b_end]}


def _block_json(block: Block, a: Document, b: Document) -> JsonDict:
    return {
        "index": block.index,
        "kind": block.kind.value,
        "a_sentences": list(block.a_sentences),
        "b_sentences": list(block.b_sentences),
        "a_range": [block.a_range.start, block.a_range.end],
        "b_range": [block.b_range.start, block.b_range.end],
        "similarity": _num(block.similarity),
        "provenance": None if block.provenance is None else block.provenance.value,
        "semantic_similarity": None
        if block.semantic_similarity is None
        else _num(block.semantic_similarity),
        "a_text": a.text[block.a_range.start : block.a_range.end],
        "b_text": b.text[block.b_range.start : block.b_range.end],
        "ops": [_op_json(op) for op in block.ops],
    }


def _passage_json(passage: Passage) -> JsonDict:
    return {
        "index": passage.index,
        "kind": passage.kind.value,
        "label": passage.kind.label,
        "a_sentences": list(passage.a_sentences),
        "b_sentences": list(passage.b_sentences),
        "a_range": [passage.a_range.start, passage.a_range.end],
        "b_range": [passage.b_range.start, passage.b_range.end],
        "words": passage.words,
        "words_a": passage.words_a,
        "share_of_a": _num(passage.share_of_a),
        "share_of_b": _num(passage.share_of_b),
        "similarity": _num(passage.similarity),
    }


def _fact_json(fact: FactChange) -> JsonDict:
    return {
        "kind": fact.kind.value,
        "change": fact.change.value,
        "a_text": fact.a_text,
        "b_text": fact.b_text,
        "a_range": None if fact.a_range is None else [fact.a_range.start, fact.a_range.end],
        "b_range": None if fact.b_range is None else [fact.b_range.start, fact.b_range.end],
        "block": fact.block,
        "diff": [_op_json(op) for op in fact.diff],
    }


def _trace_json(trace: Trace) -> JsonDict:
    return {
        "kind": trace.kind.value,
        "detail": trace.detail,
        "b_range": [trace.b_range.start, trace.b_range.end],
        "a_range": [trace.a_range.start, trace.a_range.end],
        "b_text": trace.b_text,
        "a_text": trace.a_text,
    }


def to_json(comparison: Comparison) -> JsonDict:
    """The whole result as plain JSON values, in a fixed key order (see docs/json-schema.md)."""
    verdict = comparison.verdict
    a, b = comparison.a, comparison.b
    traces = find_traces(comparison)
    return {
        "schema": SCHEMA_ID,
        "a": _document_json(a),
        "b": _document_json(b),
        "state": comparison.state.value,
        "message": comparison.message,
        "notes": list(comparison.notes),
        "verdict": None
        if verdict is None
        else {
            "kind": verdict.kind.value,
            "label": verdict.kind.label,
            "confidence": _num(verdict.confidence),
            "explanation": verdict.explanation,
        },
        "metrics": None if comparison.metrics is None else _metrics_json(comparison.metrics),
        "passages": [_passage_json(p) for p in comparison.passages],
        "facts": [_fact_json(fact) for fact in facts_beside_traces(comparison.facts, traces)],
        "blocks": [_block_json(block, a, b) for block in comparison.blocks],
        "traces": [_trace_json(trace) for trace in traces.traces],
        "trace_score": _num(traces.score),
        "trace_summary": traces.summary,
        "elapsed_seconds": _num(comparison.elapsed_seconds),
    }


def json_text(comparison: Comparison) -> str:
    """:func:`to_json` serialised the way every Copydesk export writes it."""
    return json.dumps(to_json(comparison), indent=2, ensure_ascii=False) + "\n"
