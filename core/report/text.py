"""The plain-text summary ``copydesk-cli compare`` prints: verdict, metrics, biggest changes."""

from __future__ import annotations

import re

from core.model import Block, BlockKind, Comparison, Document, FactChange, ResultState
from core.report.labels import (
    KIND_WORDS,
    block_words,
    duration,
    fact_counts,
    fact_line,
    language_name,
    languages_notice,
    metric_rows,
    passage_line,
    passages_heading,
    percent,
    sentence_range,
)
from core.traces import TOOLTIP, find_traces
from core.traces.reconcile import reported_facts

_WHITESPACE_RE = re.compile(r"\s+")


def shorten(text: str, width: int = 160) -> str:
    """One line, at most ``width`` characters, cut at a space when one is near the end."""
    flat = _WHITESPACE_RE.sub(" ", text).strip()
    if len(flat) <= width:
        return flat
    cut = flat[: width - 1]
    space = cut.rfind(" ")
    # Text without spaces (CJK, a URL) is cut mid-run rather than emptied.
    if space >= width * 2 // 3:
        cut = cut[:space]
    return cut.rstrip() + "\u2026"


def _pair_lines(comparison: Comparison, block: Block, width: int) -> list[str]:
    a_text = comparison.a.text[block.a_range.start : block.a_range.end]
    b_text = comparison.b.text[block.b_range.start : block.b_range.end]
    lines = []
    if block.a_sentences:
        lines.append(f"     A: {shorten(a_text, width)}")
    if block.b_sentences:
        lines.append(f"     B: {shorten(b_text, width)}")
    return lines


def _where(block: Block) -> str:
    parts = []
    if block.a_sentences:
        parts.append(sentence_range("A", block.a_sentences))
    if block.b_sentences:
        parts.append(sentence_range("B", block.b_sentences))
    return ", ".join(parts)


def _fact_where(comparison: Comparison, fact: FactChange) -> str:
    block = comparison.blocks[fact.block] if 0 <= fact.block < len(comparison.blocks) else None
    return "" if block is None else f" ({_where(block)})"


def _most_changed(comparison: Comparison, top: int) -> list[tuple[str, list[Block]]]:
    reworded = [
        block
        for block in comparison.blocks
        if block.kind in (BlockKind.CHANGED, BlockKind.MOVED)
        and block.a_sentences
        and block.b_sentences
        and block.similarity < 1.0
    ]
    reworded.sort(key=lambda block: (block.similarity, block.index))
    added = [block for block in comparison.blocks if block.kind is BlockKind.INSERTED]
    added.sort(key=lambda block: (-block_words(comparison.b, block.b_sentences), block.index))
    removed = [block for block in comparison.blocks if block.kind is BlockKind.DELETED]
    removed.sort(key=lambda block: (-block_words(comparison.a, block.a_sentences), block.index))
    translation = comparison.metrics.translation if comparison.metrics else None
    if translation is not None:
        weak = set(translation.weak_blocks)
        reworded = [block for block in reworded if block.index in weak]
    sections = [
        (
            "Weak pairs (possible mistranslation or rewrite)" if translation else "Most reworded",
            reworded[:top],
        ),
        ("Largest additions (only in B)", added[:top]),
        ("Largest removals (only in A)", removed[:top]),
    ]
    return [(title, blocks) for title, blocks in sections if blocks]


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"


def _document_line(side: str, document: Document) -> str:
    return (
        f"{side}: {document.name} - {language_name(document.language)}, "
        f"{_count(document.word_count, 'word')}, {_count(len(document.sentences), 'sentence')}, "
        f"{_count(len(document.paragraphs), 'paragraph')}"
    )


def _traces_lines(comparison: Comparison, top: int, width: int) -> list[str]:
    """The traces section: the summary sentence (or a note) and the first traces."""
    report = find_traces(comparison)
    if not report.traces:
        return []
    lines = [""]
    if report.summary:
        lines.append(f"{report.summary} (score {report.score:.2f})")
    else:
        lines.append(
            f"Possible traces of a machine round trip: {_count(len(report.traces), 'mark')}, "
            "not enough to say anything."
        )
    lines.append(f"  {TOOLTIP}")
    for trace in report.traces[:top]:
        a_part = f"  (A: {shorten(trace.a_text, 60)})" if 0 < len(trace.a_text) <= 60 else ""
        lines.append(f"  - {trace.kind.label}: {shorten(trace.b_text, width // 2)}{a_part}")
    if len(report.traces) > top:
        lines.append(f"  ... and {len(report.traces) - top} more (--json lists them all)")
    return lines


def summary_text(comparison: Comparison, top: int = 5, width: int = 160) -> str:
    """A readable summary for a terminal: verdict, metrics, languages and the biggest changes."""
    lines: list[str] = []
    verdict = comparison.verdict
    if verdict is not None:
        lines.append(f"Verdict: {verdict.kind.label} (confidence {percent(verdict.confidence)})")
        if verdict.explanation:
            lines.append(f"  {verdict.explanation}")
    else:
        lines.append(f"Verdict: none (comparison {comparison.state.value})")
    if comparison.state is not ResultState.COMPLETED and comparison.message:
        lines.append(f"  {comparison.message}")
    lines.extend(f"Note: {note}" for note in comparison.notes)
    if comparison.state is ResultState.COMPLETED:
        # Facts first: a changed figure, date, name or quotation is what gets corrected.
        lines.append("")
        facts = reported_facts(comparison)
        lines.append(f"Facts that changed: {fact_counts(facts)}")
        for fact in facts:
            lines.append(f"  - {fact_line(fact, width)}{_fact_where(comparison, fact)}")
    lines.append("")
    lines.append(_document_line("A", comparison.a))
    lines.append(_document_line("B", comparison.b))
    metrics = comparison.metrics
    if metrics is None:
        return "\n".join(lines) + "\n"
    notice = languages_notice(comparison)
    if notice:
        lines.append(notice if metrics.translation is not None else f"Warning: {notice}")
    lines.append("")
    lines.append("Similarity")
    rows = metric_rows(metrics)
    name_width = max(len(name) for name, _, _ in rows)
    value_width = max(len(value) for _, value, _ in rows)
    for name, value, meaning in rows:
        lines.append(f"  {name:<{name_width}}  {value:>{value_width}}  ({meaning})")
    lines.append("")
    shares = metrics.shares
    lines.append(
        f"Sentences (A and B together): {shares.unchanged:,} unchanged, "
        f"{shares.reworded:,} reworded, {shares.added:,} added, {shares.removed:,} removed, "
        f"{shares.moved:,} moved"
    )
    if comparison.passages:
        lines.append("")
        lines.append(passages_heading(comparison) + ":")
        for passage in comparison.passages:
            lines.append(f"  {passage.index + 1}. {passage_line(passage)}")
            text = comparison.b.text[passage.b_range.start : passage.b_range.end]
            lines.append(f"     B: {shorten(text, width)}")
    lines.extend(_traces_lines(comparison, top * 2, width))
    number = 0
    for title, blocks in _most_changed(comparison, top):
        lines.append("")
        lines.append(f"{title}:")
        for block in blocks:
            number += 1
            detail = _where(block)
            if block.a_sentences and block.b_sentences:
                detail += f", similarity {percent(block.similarity)}"
            lines.append(f"  {number}. {KIND_WORDS[block.kind]}: {detail}")
            lines.extend(_pair_lines(comparison, block, width))
    if comparison.elapsed_seconds:
        lines.append("")
        lines.append(f"Compared in {duration(comparison.elapsed_seconds)}.")
    return "\n".join(lines) + "\n"
