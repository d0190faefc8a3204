"""The HTML report: one self-contained page (inline CSS, no scripts, no external resources)
that an editor can open, print or mail: verdict, metrics, languages, legend, side by side.
"""

from __future__ import annotations

import html
import re

from core.engine.provenance import passage_of_blocks
from core.model import (
    Block,
    BlockKind,
    Comparison,
    Document,
    FactChange,
    Metrics,
    OpKind,
    Passage,
    ResultState,
    WordOp,
)
from core.report.labels import (
    KIND_SYMBOLS,
    KIND_WORDS,
    SHARE_NAMES,
    copydesk_version,
    duration,
    fact_counts,
    language_name,
    languages_notice,
    metric_rows,
    passage_line,
    passages_heading,
    percent,
    sentence_range,
)
from core.traces import TOOLTIP, TraceReport, find_traces
from core.traces.reconcile import reported_facts

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
.verdict-excerpt, .verdict-partial_copy { border-color: #b3472d; }
ol.passages li { margin: .2em 0; }
ol.passages .kind-copied { color: #8a2f1b; font-weight: bold; }
ol.passages .kind-reworded { color: #6b5a12; font-weight: bold; }
tr.passage-copied td.b { box-shadow: inset 5px 0 0 #b3472d; }
tr.passage-reworded td.b { box-shadow: inset 5px 0 0 #c9a227; }
.passage-tag { display: block; font-size: .75em; color: #8a2f1b; }
tr.passage-reworded .passage-tag { color: #6b5a12; }
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
table.facts { border-collapse: collapse; margin: .5em 0 1em; }
table.facts th, table.facts td { text-align: left; vertical-align: top; padding: .25em .6em;
  border-top: 1px solid #e4e4e0; }
table.facts th a { color: #9b1c31; }
table.facts td.empty { color: #888; font-style: italic; }
tr.row-equal td.text { color: #333; }
tr.row-inserted td.b { background: #f1f9ef; }
tr.row-deleted td.a { background: #fdf1f0; }
tr.row-moved td { background: #f1edfa; }
tr.row-moved td.gutter { color: #5a4790; }
tr.row-weak td.text { background: #fcefc7; }
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
.traces { border-left: 6px solid #b05a8c; background: #faf3f7; padding: .6em 1em; margin: 1em 0; }
.traces p.caveat { color: #666; font-size: .9em; }
table.traces-list td { padding: .15em .8em .15em 0; vertical-align: top; }
table.traces-list td.b { font-family: Georgia, "Times New Roman", serif; }
table.traces-list td.a { font-family: Georgia, "Times New Roman", serif; color: #666; }
@media print {
  body { background: #fff; font-size: 10pt; padding: 0; max-width: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  table.sides thead { display: table-header-group; }
  table.sides tr, .verdict, table.metrics { break-inside: avoid; }
  footer { color: #555; }
}
"""


# Bidi embeddings, overrides and isolates.  In a page they reorder everything after them up to
# the end of the paragraph, so a text (or a file name) holding U+202E could make the report
# show something it does not say.  Each piece of text that holds one is isolated in <bdi>,
# which ends any embedding or override at its end; the characters stay (the compared text and
# its offsets are what they are), and attributes, which cannot hold <bdi>, drop them.
_BIDI_CONTROLS_RE = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _esc(text: str) -> str:
    """Escaped element content; text with bidi controls isolated in <bdi>."""
    escaped = html.escape(text, quote=True)
    if _BIDI_CONTROLS_RE.search(text) is None:
        return escaped
    return f"<bdi>{escaped}</bdi>"


def _attr(text: str) -> str:
    """Escaped attribute value (or <title> text): no markup possible, bidi controls dropped."""
    return html.escape(_BIDI_CONTROLS_RE.sub("", text), quote=True)


def _lang_attrs(document: Document) -> str:
    # lang helps screen readers and hyphenation; dir="auto" keeps Arabic or Hebrew readable.
    language = document.language
    if language.is_known:
        return f' lang="{_attr(language.code)}" dir="auto"'
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


def _block_row(comparison: Comparison, block: Block, passage: Passage | None = None) -> str:
    kind = block.kind
    title = KIND_WORDS[kind]
    row_class = f"row-{kind.value}"
    tag = ""
    if passage is not None:
        family = "copied" if passage.kind.is_copy else "reworded"
        row_class += f" passage-{family}"
        title += f"; passage {passage.index + 1}: {passage.kind.label.lower()}"
        tag = f'<span class="passage-tag">{"copied" if passage.kind.is_copy else "reworded"}</span>'
    translation = comparison.metrics.translation if comparison.metrics else None
    weak = translation is not None and block.index in translation.weak_blocks
    similarity = ""
    if block.a_sentences and block.b_sentences and kind is not BlockKind.EQUAL:
        similarity = percent(block.similarity)  # under the symbol, which is a block
        title += f", similarity {percent(block.similarity)}"
    if weak:
        title += "; weak pair: possible mistranslation or rewrite"
    if kind is BlockKind.MOVED:
        # A moved row sits where the sentence was in A; say where it went.
        title += f"; now {sentence_range('B', block.b_sentences)}"
    gutter = (
        f'<td class="gutter" title="{_attr(title)}">'
        f'<span class="symbol" aria-label="{_attr(KIND_WORDS[kind])}">{KIND_SYMBOLS[kind]}</span>'
        f"{similarity}{tag}</td>"
    )
    return (
        f'<tr class="{row_class}{" row-weak" if weak else ""}" '
        f'id="block-{block.index}">{gutter}'
        f"{_side_cell(comparison, block, 'a')}{_side_cell(comparison, block, 'b')}</tr>"
    )


def _fact_cell(document: Document, fact: FactChange, side: str) -> str:
    text_range = fact.a_range if side == "a" else fact.b_range
    if text_range is None:
        return f'<td class="fact-{side} empty">(none)</td>'
    if fact.diff:  # a quotation: its word diff
        body = _render_side(document.text, text_range.start, text_range.end, fact.diff, side)
    else:
        body = _esc(document.text[text_range.start : text_range.end])
    return f'<td class="fact-{side}"{_lang_attrs(document)}>{body}</td>'


def _facts_html(comparison: Comparison) -> str:
    """Facts first: the numbers, dates, names and quotations that differ, with links."""
    facts = reported_facts(comparison)
    head = f"<h2>Facts that changed</h2>\n<p>{_esc(fact_counts(facts))}</p>"
    if not facts:
        return head
    rows = "".join(
        f'<tr class="fact-{fact.change.value}"><th scope="row">'
        f'<a href="#block-{fact.block}">{_esc(fact.kind.label)} {_esc(fact.change.value)}</a>'
        f"</th>{_fact_cell(comparison.a, fact, 'a')}{_fact_cell(comparison.b, fact, 'b')}</tr>"
        for fact in facts
    )
    return (
        f'{head}\n<table class="facts"><thead><tr><th scope="col"></th><th scope="col">A</th>'
        f'<th scope="col">B</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def _metrics_html(metrics: Metrics) -> str:
    rows = "".join(
        f'<tr><th scope="row">{_esc(name)}</th><td class="value">{_esc(value)}</td>'
        f'<td class="meaning">{_esc(meaning)}</td></tr>'
        for name, value, meaning in metric_rows(metrics)
    )
    shares = metrics.shares
    counts = ", ".join(
        f"{getattr(shares, name):,} {name} ({percent(shares.share(name))})" for name in SHARE_NAMES
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


def _passages_html(comparison: Comparison, first_block: dict[int, int]) -> str:
    items = []
    for passage in comparison.passages:
        family = "copied" if passage.kind.is_copy else "reworded"
        text = comparison.b.text[passage.b_range.start : passage.b_range.end]
        preview = text if len(text) <= 140 else text[:139].rsplit(" ", 1)[0] + "\u2026"
        anchor = first_block.get(passage.index)
        line = _esc(passage_line(passage))
        if anchor is not None:
            line = f'<a href="#block-{anchor}">{line}</a>'
        items.append(
            f'<li><span class="kind-{family}">{family}</span> {line}<br>'
            f"<small>{_esc(preview)}</small></li>"
        )
    return f"<h2>{_esc(passages_heading(comparison))}</h2>" + (
        f'<ol class="passages">{"".join(items)}</ol>'
    )


def _traces_html(comparison: Comparison, report: TraceReport) -> str:
    """The traces: the summary sentence (or a note), the caveat, and each trace with its row."""
    if not report.traces:
        return ""
    starts = [(block.b_range.start, block.b_range.end, block.index) for block in comparison.blocks]
    rows = []
    for trace in report.traces:
        block = next((i for s, e, i in starts if s <= trace.b_range.start < e and e > s), None)
        where = f'<a href="#block-{block}">row</a>' if block is not None else ""
        rows.append(
            f'<tr><td>{_esc(trace.kind.label)}</td><td class="b">{_esc(trace.b_text)}</td>'
            f'<td class="a">{_esc(trace.a_text) if len(trace.a_text) <= 80 else ""}</td>'
            f"<td>{where}</td></tr>"
        )
    head = (
        _esc(report.summary)
        if report.summary
        else f"{len(report.traces)} possible trace(s) of a machine round trip: not enough to "
        "say anything."
    )
    return (
        '<section class="traces"><h2>Traces of a round trip or spinner</h2>'
        f"<p>{head} <small>(score {report.score:.2f})</small></p>"
        f'<p class="caveat">{_esc(TOOLTIP)}</p>'
        '<table class="traces-list"><thead><tr><th>kind</th><th>in B</th><th>in A</th>'
        f"<th></th></tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


_LEGEND = (
    '<h2>Legend</h2><ul class="legend">'
    f'<li><span class="swatch">{KIND_SYMBOLS[BlockKind.EQUAL]}</span>unchanged</li>'
    f'<li><span class="swatch">{KIND_SYMBOLS[BlockKind.CHANGED]}</span>reworded: '
    '<del class="op-rep">replaced</del> / <ins class="op-rep">replacement</ins>, '
    '<del class="op-del">removed words</del>, <ins class="op-ins">added words</ins></li>'
    f'<li><span class="swatch block-ins">{KIND_SYMBOLS[BlockKind.INSERTED]}</span>'
    "sentence only in B</li>"
    f'<li><span class="swatch block-del">{KIND_SYMBOLS[BlockKind.DELETED]}</span>'
    "sentence only in A</li>"
    f'<li><span class="swatch moved-mark">{KIND_SYMBOLS[BlockKind.MOVED]}</span>'
    "moved out of reading order</li>"
    '<li><span class="swatch">%</span>share of a sentence\u2019s words left unchanged</li>'
    '<li><span class="swatch" style="box-shadow: inset 5px 0 0 #b3472d">B</span>'
    "passage copied from A (verbatim or lightly edited)</li>"
    '<li><span class="swatch" style="box-shadow: inset 5px 0 0 #c9a227">B</span>'
    "passage reworded from A</li>"
    "</ul>"
)


def to_html(comparison: Comparison, generator: str | None = None) -> str:
    """A self-contained HTML page (inline CSS, no scripts, no external resources)."""
    if generator is None:
        generator = f"Copydesk {copydesk_version()}"
    a, b = comparison.a, comparison.b
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f'<meta name="generator" content="{_attr(generator)}">\n',
        f"<title>Copydesk: {_attr(a.name)} vs {_attr(b.name)}</title>\n",
        f"<style>{_CSS}</style>\n</head>\n<body>\n<header>\n",
        "<h1>Comparison of two texts</h1>\n",
        f'<p class="files"><strong>A</strong> {_esc(a.name)}<br>'
        f"<strong>B</strong> {_esc(b.name)}</p>\n</header>\n",
    ]
    verdict = comparison.verdict
    if verdict is not None:
        parts.append(
            f'<section class="verdict verdict-{_attr(verdict.kind.value)}">'
            f"<h2>{_esc(verdict.kind.label)}</h2>"
            f'<p class="confidence">Confidence {_esc(percent(verdict.confidence))}</p>'
            f"<p>{_esc(verdict.explanation)}</p></section>\n"
        )
    if comparison.state is not ResultState.COMPLETED:
        message = comparison.message or f"The comparison was {comparison.state.value}."
        parts.append(f'<p class="notice">{_esc(message)}</p>\n')
    else:
        parts.append(_facts_html(comparison) + "\n")
    traces = _traces_html(comparison, find_traces(comparison))
    if traces:
        parts.append(traces + "\n")
    metrics = comparison.metrics
    if metrics is not None:
        parts.append(_metrics_html(metrics) + "\n")
    membership = passage_of_blocks(comparison)
    first_block: dict[int, int] = {}
    for block_index, passage in sorted(membership.items()):
        first_block.setdefault(passage.index, block_index)
    if comparison.passages:
        parts.append(_passages_html(comparison, first_block) + "\n")
    parts.append(_documents_html(comparison) + "\n")
    for notice in (languages_notice(comparison), *comparison.notes):
        if notice:
            parts.append(f'<p class="notice">{_esc(notice)}</p>\n')
    parts.append(_LEGEND + "\n")
    if comparison.blocks:
        parts.append(
            '<h2>Side by side</h2>\n<table class="sides">'
            '<colgroup><col class="gutter"><col><col></colgroup>'
            f'<thead><tr><th scope="col"></th><th scope="col">A: {_esc(a.name)}</th>'
            f'<th scope="col">B: {_esc(b.name)}</th></tr></thead>\n<tbody>\n'
        )
        parts.extend(
            _block_row(comparison, block, membership.get(block.index)) + "\n"
            for block in comparison.blocks
        )
        parts.append("</tbody></table>\n")
    if comparison.elapsed_seconds:
        took = duration(comparison.elapsed_seconds)
        parts.append(f"<footer>Made by {_esc(generator)} in {took}.</footer>\n")
    parts.append("</body>\n</html>\n")
    return "".join(parts)
