"""Exports of a :class:`Comparison`: JSON for machines, HTML for people, plain text for terminals.

No Qt here: the CLI and the window both use these functions.  The JSON layout is a contract
(``docs/json-schema.md``); change it only together with :data:`SCHEMA_ID`.
"""

from __future__ import annotations

import contextlib
import html
import json
import math
import os
import re
import tempfile
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from core.errors import CopydeskError
from core.model import (
    Block,
    BlockKind,
    Comparison,
    Document,
    LanguageGuess,
    Metrics,
    OpKind,
    ResultState,
    SentenceShares,
    TokenKind,
    WordOp,
)

SCHEMA_ID = "copydesk.comparison/1"
FLOAT_DIGITS = 4
SHARE_NAMES = ("unchanged", "reworded", "added", "removed", "moved")

JsonDict = dict[str, Any]


# --------------------------------------------------------------------------------------------
# JSON


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
        "secondary_language": _language_json(document.secondary_language),
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
        "a_text": a.text[block.a_range.start : block.a_range.end],
        "b_text": b.text[block.b_range.start : block.b_range.end],
        "ops": [_op_json(op) for op in block.ops],
    }


def to_json(comparison: Comparison) -> JsonDict:
    """The whole result as plain JSON values, in a fixed key order (see docs/json-schema.md)."""
    verdict = comparison.verdict
    a, b = comparison.a, comparison.b
    return {
        "schema": SCHEMA_ID,
        "a": _document_json(a),
        "b": _document_json(b),
        "state": comparison.state.value,
        "message": comparison.message,
        "verdict": None
        if verdict is None
        else {
            "kind": verdict.kind.value,
            "label": verdict.kind.label,
            "confidence": _num(verdict.confidence),
            "explanation": verdict.explanation,
        },
        "metrics": None if comparison.metrics is None else _metrics_json(comparison.metrics),
        "blocks": [_block_json(block, a, b) for block in comparison.blocks],
        "elapsed_seconds": _num(comparison.elapsed_seconds),
    }


def json_text(comparison: Comparison) -> str:
    """:func:`to_json` serialised the way every Copydesk export writes it."""
    return json.dumps(to_json(comparison), indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------------------------
# Safe, atomic writing


def _same_file(target: Path, source: str) -> bool:
    # samefile sees through relative names, symlinks and hard links; a source that is not an
    # existing file (a label such as "pasted text", a deleted file) cannot be overwritten.
    try:
        return os.path.samefile(target, source)
    except (OSError, ValueError):
        return False


def check_not_an_input(comparison: Comparison, path: str | os.PathLike[str]) -> None:
    """Raise :class:`CopydeskError` if ``path`` is one of the two compared files."""
    target = Path(path)
    for side, document in (("A", comparison.a), ("B", comparison.b)):
        if document.info.format == "pasted":
            continue  # its source is a label, even if a file of that name happens to exist
        if _same_file(target, document.info.source):
            raise CopydeskError(
                f"Refusing to write the report to {target}: it is the compared file {side} "
                f"({document.info.source}). Choose another file name."
            )


def _new_file_mode(target: Path) -> int:
    try:
        return os.stat(target).st_mode & 0o777
    except OSError:
        # mkstemp creates 0600; a report is not a secret, so give it the usual 0644.
        return 0o644


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 so that ``path`` holds either the old or the complete new file.

    The temporary file lives in the target's directory (``os.replace`` must not cross file
    systems) and is removed if anything goes wrong.  OSError propagates to the caller.
    """
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(21, "Is a directory", str(target))
    directory = target.parent
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, _new_file_mode(target))
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_directory(directory)


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open directories, and a failure
    # here does not make the already-replaced file any less complete.
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_json(comparison: Comparison, path: str | os.PathLike[str]) -> None:
    check_not_an_input(comparison, path)
    atomic_write_text(path, json_text(comparison))


def write_html(comparison: Comparison, path: str | os.PathLike[str]) -> None:
    check_not_an_input(comparison, path)
    atomic_write_text(path, to_html(comparison))


# --------------------------------------------------------------------------------------------
# Shared helpers for the human-readable reports


def language_name(language: LanguageGuess) -> str:
    """ "French (fr, 99%)", or "unknown" when langdetect had no opinion."""
    if not language.is_known:
        return "unknown"
    name = language.code
    try:
        from babel import Locale  # installed with trafilatura; names only, so optional

        name = Locale.parse(language.code).get_display_name("en") or language.code
    except Exception:  # any babel failure just means "show the code"
        pass
    percent = _percent(language.probability)
    if name == language.code:
        return f"{language.code} ({percent})"
    return f"{name} ({language.code}, {percent})"


def _percent(fraction: float) -> str:
    if not math.isfinite(fraction):
        return "n/a"
    return f"{fraction * 100:.0f}%"


def _score(value: float) -> str:
    return f"{value:.1f}" if math.isfinite(value) else "n/a"


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


def _metric_rows(metrics: Metrics) -> list[tuple[str, str, str]]:
    """(name, value, what it means) for the metrics table and the terminal summary."""
    return [
        (
            "Word similarity",
            _percent(metrics.word_similarity),
            "words matched in order, over both texts",
        ),
        ("A's words kept in B", _percent(metrics.containment_a_in_b), "containment of A in B"),
        ("B's words taken from A", _percent(metrics.containment_b_in_a), "containment of B in A"),
        ("Shared 3-word phrases", _percent(metrics.shingle_jaccard), "Jaccard of word 3-grams"),
        ("chrF", _score(metrics.chrf), "character n-gram F-score, 0-100, higher is closer"),
        ("TER", _score(metrics.ter), "edits per 100 words, lower is closer"),
    ]


def _block_words(document: Document, sentence_indices: Iterable[int]) -> int:
    kinds = document.token_kinds
    total = 0
    for index in sentence_indices:
        sentence = document.sentences[index]
        total += kinds[sentence.token_start : sentence.token_end].count(TokenKind.WORD)
    return total


def _sentence_numbers(indices: tuple[int, ...]) -> str:
    if not indices:
        return ""
    first, last = indices[0] + 1, indices[-1] + 1
    return f"{first}" if first == last else f"{first}-{last}"


_KIND_WORDS = {
    BlockKind.EQUAL: "Unchanged",
    BlockKind.CHANGED: "Reworded",
    BlockKind.INSERTED: "Added in B",
    BlockKind.DELETED: "Removed from A",
    BlockKind.MOVED: "Moved",
}
# The gutter symbol carries the row's meaning in print and for readers who cannot tell the
# colours apart.
_KIND_SYMBOLS = {
    BlockKind.EQUAL: "=",
    BlockKind.CHANGED: "~",
    BlockKind.INSERTED: "+",
    BlockKind.DELETED: "\u2212",
    BlockKind.MOVED: "\u21c5",
}


# --------------------------------------------------------------------------------------------
# Plain-text summary

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
        parts.append(f"A sentence {_sentence_numbers(block.a_sentences)}")
    if block.b_sentences:
        parts.append(f"B sentence {_sentence_numbers(block.b_sentences)}")
    return ", ".join(parts)


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
    added.sort(key=lambda block: (-_block_words(comparison.b, block.b_sentences), block.index))
    removed = [block for block in comparison.blocks if block.kind is BlockKind.DELETED]
    removed.sort(key=lambda block: (-_block_words(comparison.a, block.a_sentences), block.index))
    sections = [
        ("Most reworded", reworded[:top]),
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


def summary_text(comparison: Comparison, top: int = 5, width: int = 160) -> str:
    """A readable summary for a terminal: verdict, metrics, languages and the biggest changes."""
    lines: list[str] = []
    verdict = comparison.verdict
    if verdict is not None:
        lines.append(f"Verdict: {verdict.kind.label} (confidence {_percent(verdict.confidence)})")
        if verdict.explanation:
            lines.append(f"  {verdict.explanation}")
    else:
        lines.append(f"Verdict: none (comparison {comparison.state.value})")
    if comparison.state is not ResultState.COMPLETED and comparison.message:
        lines.append(f"  {comparison.message}")
    lines.append("")
    lines.append(_document_line("A", comparison.a))
    lines.append(_document_line("B", comparison.b))
    metrics = comparison.metrics
    if metrics is None:
        return "\n".join(lines) + "\n"
    if metrics.languages_differ:
        lines.append(
            f"Warning: the texts are in different languages "
            f"({metrics.language_a.code} and {metrics.language_b.code}); word similarity "
            "understates a translation."
        )
    lines.append("")
    lines.append("Similarity")
    rows = _metric_rows(metrics)
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
    number = 0
    for title, blocks in _most_changed(comparison, top):
        lines.append("")
        lines.append(f"{title}:")
        for block in blocks:
            number += 1
            detail = _where(block)
            if block.a_sentences and block.b_sentences:
                detail += f", similarity {_percent(block.similarity)}"
            lines.append(f"  {number}. {_KIND_WORDS[block.kind]}: {detail}")
            lines.extend(_pair_lines(comparison, block, width))
    if comparison.elapsed_seconds:
        lines.append("")
        lines.append(f"Compared in {_duration(comparison.elapsed_seconds)}.")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# HTML

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 15px/1.5 Georgia, "Times New Roman", serif; color: #222; background: #fdfdfb;
       margin: 0 auto; padding: 1.5em 2em 3em; max-width: 80em; }
h1, h2, th, .gutter, .legend, table.metrics, table.sides, footer, .verdict .confidence {
       font-family: "Segoe UI", Helvetica, Arial, sans-serif; }
h1 { font-size: 1.5em; margin: 0 0 .2em; }
h2 { font-size: 1.1em; margin: 1.6em 0 .5em; color: #444; }
.files { margin: 0; color: #555; overflow-wrap: anywhere; }
.verdict { border-left: 6px solid #7a8fa6; background: #f2f4f7; padding: .6em 1em; margin: 1em 0; }
.verdict h2 { margin: 0; color: #222; font-size: 1.3em; }
.verdict p { margin: .3em 0 0; }
.verdict-identical { border-color: #5b8c5a; }
.verdict-light_edit { border-color: #7fa36b; }
.verdict-paraphrase { border-color: #c9a227; }
.verdict-same_topic { border-color: #c97a27; }
.verdict-unrelated { border-color: #a65353; }
.notice { border: 1px solid #d9b96b; background: #fff8e5; padding: .5em 1em; }
table { border-collapse: collapse; }
table.metrics td, table.metrics th, table.docs td, table.docs th {
       padding: .25em .8em .25em 0; text-align: left; vertical-align: top; }
table.metrics td.value { text-align: right; font-variant-numeric: tabular-nums; }
table.metrics td.meaning { color: #666; }
table.docs { font-family: "Segoe UI", Helvetica, Arial, sans-serif; }
table.docs td.source { overflow-wrap: anywhere; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4em 1.2em; }
.legend li { white-space: nowrap; }
.swatch { display: inline-block; min-width: 1.6em; text-align: center; border: 1px solid #ccc;
       padding: 0 .3em; margin-right: .3em; }
table.sides { width: 100%; table-layout: fixed; font-size: .95em; }
table.sides col.gutter { width: 4.2em; }
table.sides th { text-align: left; background: #eef0f2; padding: .4em .6em;
       overflow-wrap: anywhere; }
table.sides td { vertical-align: top; padding: .35em .6em; border-top: 1px solid #e4e4e0;
       white-space: pre-wrap; overflow-wrap: anywhere;
       font-family: Georgia, "Times New Roman", serif; }
table.sides td.gutter { white-space: nowrap; color: #666; font-size: .85em; text-align: center;
       font-family: "Segoe UI", Helvetica, Arial, sans-serif; }
.gutter .symbol { display: block; font-size: 1.3em; line-height: 1.1; }
td.empty { background: #f6f6f4; }
tr.row-equal td.text { color: #333; }
tr.row-inserted td.b { background: #f1f9ef; }
tr.row-deleted td.a { background: #fdf1f0; }
tr.row-moved td { background: #f1edfa; }
tr.row-moved td.gutter { color: #5a4790; }
del, ins { text-decoration-thickness: 1px; }
.op-del, .block-del { background: #fbe3e1; color: #7a1f1a; text-decoration: line-through;
       text-decoration-color: #b0605a; }
.op-ins, .block-ins { background: #e1f2de; color: #1f5a1f; text-decoration: underline;
       text-decoration-color: #6a9a62; }
del.op-rep { background: #fcefc7; color: #6b4a00; text-decoration: line-through;
       text-decoration-color: #b59a50; }
ins.op-rep { background: #fcefc7; color: #6b4a00; text-decoration: underline;
       text-decoration-color: #b59a50; }
.block-del, .block-ins { display: block; }
.legend .swatch { display: inline-block; }
.moved-mark { background: #f1edfa; color: #5a4790; }
footer { margin-top: 2em; color: #888; font-size: .85em; }
@media print {
  body { background: #fff; font-size: 10pt; padding: 0; max-width: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  table.sides thead { display: table-header-group; }
  table.sides tr, .verdict, table.metrics { break-inside: avoid; }
  footer { color: #555; }
}
"""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _lang_attrs(document: Document) -> str:
    # lang helps screen readers and hyphenation; dir="auto" keeps Arabic or Hebrew readable.
    language = document.language
    if language.is_known:
        return f' lang="{_esc(language.code)}" dir="auto"'
    return ' dir="auto"'


def _op_span(op: WordOp, side: str) -> tuple[int, int]:
    return (op.a_start, op.a_end) if side == "a" else (op.b_start, op.b_end)


def _wrap_op(kind: OpKind, side: str, escaped: str) -> str:
    if kind is OpKind.EQUAL:
        return escaped
    if kind is OpKind.REPLACE:
        tag = "del" if side == "a" else "ins"
        return f'<{tag} class="op-rep">{escaped}</{tag}>'
    if kind is OpKind.DELETE:
        return f'<del class="op-del">{escaped}</del>'
    return f'<ins class="op-ins">{escaped}</ins>'


def _render_side(text: str, start: int, end: int, ops: tuple[WordOp, ...], side: str) -> str:
    """Escaped text of ``text[start:end]`` with the ops of one side marked up.

    Text between or around ops is shown plainly, so nothing is lost even if the ops do not
    cover the whole block.
    """
    parts: list[str] = []
    position = start
    for op in ops:
        op_start, op_end = _op_span(op, side)
        op_start, op_end = max(op_start, position), min(op_end, end)
        if op_end <= op_start:
            continue
        if op_start > position:
            parts.append(_esc(text[position:op_start]))
        parts.append(_wrap_op(op.kind, side, _esc(text[op_start:op_end])))
        position = op_end
    if position < end:
        parts.append(_esc(text[position:end]))
    return "".join(parts)


def _side_cell(comparison: Comparison, block: Block, side: str) -> str:
    document = comparison.a if side == "a" else comparison.b
    text_range = block.a_range if side == "a" else block.b_range
    sentences = block.a_sentences if side == "a" else block.b_sentences
    if not sentences:
        return f'<td class="{side} empty"></td>'
    attrs = _lang_attrs(document)
    raw = document.text[text_range.start : text_range.end]
    if block.kind is BlockKind.DELETED:
        body = f'<del class="block-del">{_esc(raw)}</del>'
    elif block.kind is BlockKind.INSERTED:
        body = f'<ins class="block-ins">{_esc(raw)}</ins>'
    else:
        body = _render_side(document.text, text_range.start, text_range.end, block.ops, side)
    return f'<td class="{side} text"{attrs}>{body}</td>'


def _block_row(comparison: Comparison, block: Block) -> str:
    kind = block.kind
    title = _KIND_WORDS[kind]
    similarity = ""
    if block.a_sentences and block.b_sentences and kind is not BlockKind.EQUAL:
        similarity = _percent(block.similarity)  # under the symbol, which is a block
        title += f", similarity {_percent(block.similarity)}"
    if kind is BlockKind.MOVED:
        # A moved row sits where the sentence was in A; say where it went.
        title += f"; now B sentence {_sentence_numbers(block.b_sentences)}"
    gutter = (
        f'<td class="gutter" title="{_esc(title)}">'
        f'<span class="symbol" aria-label="{_esc(_KIND_WORDS[kind])}">{_KIND_SYMBOLS[kind]}</span>'
        f"{similarity}</td>"
    )
    return (
        f'<tr class="row-{kind.value}" id="block-{block.index}">{gutter}'
        f"{_side_cell(comparison, block, 'a')}{_side_cell(comparison, block, 'b')}</tr>"
    )


def _metrics_html(metrics: Metrics) -> str:
    rows = "".join(
        f'<tr><th scope="row">{_esc(name)}</th><td class="value">{_esc(value)}</td>'
        f'<td class="meaning">{_esc(meaning)}</td></tr>'
        for name, value, meaning in _metric_rows(metrics)
    )
    shares = metrics.shares
    counts = ", ".join(
        f"{getattr(shares, name):,} {name} ({_percent(shares.share(name))})" for name in SHARE_NAMES
    )
    return (
        f'<h2>Similarity</h2><table class="metrics"><tbody>{rows}</tbody></table>'
        f"<p>Sentences of A and B together: {_esc(counts)}.</p>"
    )


def _documents_html(comparison: Comparison) -> str:
    rows = []
    for side, document in (("A", comparison.a), ("B", comparison.b)):
        info = document.info
        encoding = f", {info.encoding}" if info.encoding else ""
        notes = "".join(f"<br><small>{_esc(note)}</small>" for note in info.notes)
        rows.append(
            f'<tr><th scope="row">{side}</th><td class="source">{_esc(info.source)}{notes}</td>'
            f"<td>{_esc(info.format + encoding)}</td>"
            f"<td>{_esc(language_name(document.language))}</td>"
            f"<td>{document.word_count:,}</td><td>{len(document.sentences):,}</td>"
            f"<td>{len(document.paragraphs):,}</td></tr>"
        )
    head = (
        "<tr><th></th><th>Source</th><th>Format</th><th>Language</th><th>Words</th>"
        "<th>Sentences</th><th>Paragraphs</th></tr>"
    )
    return (
        f'<h2>Texts and languages</h2><table class="docs"><thead>{head}</thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


_LEGEND = (
    '<h2>Legend</h2><ul class="legend">'
    '<li><span class="swatch">=</span>unchanged</li>'
    '<li><span class="swatch">~</span>reworded: '
    '<del class="op-rep">replaced</del> / <ins class="op-rep">replacement</ins>, '
    '<del class="op-del">removed words</del>, <ins class="op-ins">added words</ins></li>'
    '<li><span class="swatch block-ins">+</span>sentence only in B</li>'
    '<li><span class="swatch block-del">\u2212</span>sentence only in A</li>'
    '<li><span class="swatch moved-mark">\u21c5</span>moved out of reading order</li>'
    '<li><span class="swatch">%</span>share of a sentence\u2019s words left unchanged</li>'
    "</ul>"
)


def copydesk_version() -> str:
    try:
        return metadata.version("copydesk")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return "unknown"


def to_html(comparison: Comparison, generator: str | None = None) -> str:
    """A self-contained HTML page (inline CSS, no scripts, no external resources)."""
    if generator is None:
        generator = f"Copydesk {copydesk_version()}"
    a, b = comparison.a, comparison.b
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f'<meta name="generator" content="{_esc(generator)}">\n',
        f"<title>Copydesk: {_esc(a.name)} vs {_esc(b.name)}</title>\n",
        f"<style>{_CSS}</style>\n</head>\n<body>\n<header>\n",
        "<h1>Comparison of two texts</h1>\n",
        f'<p class="files"><strong>A</strong> {_esc(a.name)}<br>'
        f"<strong>B</strong> {_esc(b.name)}</p>\n</header>\n",
    ]
    verdict = comparison.verdict
    if verdict is not None:
        parts.append(
            f'<section class="verdict verdict-{_esc(verdict.kind.value)}">'
            f"<h2>{_esc(verdict.kind.label)}</h2>"
            f'<p class="confidence">Confidence {_esc(_percent(verdict.confidence))}</p>'
            f"<p>{_esc(verdict.explanation)}</p></section>\n"
        )
    if comparison.state is not ResultState.COMPLETED:
        message = comparison.message or f"The comparison was {comparison.state.value}."
        parts.append(f'<p class="notice">{_esc(message)}</p>\n')
    metrics = comparison.metrics
    if metrics is not None:
        parts.append(_metrics_html(metrics) + "\n")
    parts.append(_documents_html(comparison) + "\n")
    if metrics is not None and metrics.languages_differ:
        parts.append(
            f'<p class="notice">The texts are in different languages '
            f"({_esc(language_name(metrics.language_a))} and "
            f"{_esc(language_name(metrics.language_b))}). Word-level similarity is low for any "
            "translation; judge a translation by the aligned sentences.</p>\n"
        )
    parts.append(_LEGEND + "\n")
    if comparison.blocks:
        parts.append(
            '<h2>Side by side</h2>\n<table class="sides">'
            '<colgroup><col class="gutter"><col><col></colgroup>'
            f'<thead><tr><th scope="col"></th><th scope="col">A: {_esc(a.name)}</th>'
            f'<th scope="col">B: {_esc(b.name)}</th></tr></thead>\n<tbody>\n'
        )
        parts.extend(_block_row(comparison, block) + "\n" for block in comparison.blocks)
        parts.append("</tbody></table>\n")
    if comparison.elapsed_seconds:
        took = _duration(comparison.elapsed_seconds)
        parts.append(f"<footer>Made by {_esc(generator)} in {took}.</footer>\n")
    parts.append("</body>\n</html>\n")
    return "".join(parts)


# Exported names the CLI and the window use; anything else here is an implementation detail.
__all__ = [
    "SCHEMA_ID",
    "atomic_write_text",
    "check_not_an_input",
    "copydesk_version",
    "json_text",
    "language_name",
    "shorten",
    "summary_text",
    "to_html",
    "to_json",
    "write_html",
    "write_json",
]
