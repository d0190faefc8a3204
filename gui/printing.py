"""Printing and "Save as PDF": the comparison as a two-column table in a QTextDocument.

QPrinter comes from QtPrintSupport, which PySide6-Essentials ships; the same document is
sent to a real printer (through the print dialog) or to a PDF file.
"""

from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path

from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from core.model import Block, BlockKind
from gui.changes import KIND_LABELS
from gui.formats import ColorScheme
from gui.metrics_panel import METRIC_ROWS, format_metric
from gui.spans import ComparisonIndex, Side
from gui.text_view import reading_font


def _cell(index: ComparisonIndex, block: Block, side: Side, scheme: ColorScheme) -> str:
    start, end = index.range_of(block, side)
    if end <= start:
        return ""
    text = index.text(side)
    pieces = []
    position = start
    for span in index.spans[side].words.overlapping(start, end):
        pieces.append(html.escape(text[position : span.start]))
        color = scheme.background(span.mark).name()
        pieces.append(
            f'<span style="background-color:{color}">'
            f"{html.escape(text[span.start : span.end])}</span>"
        )
        position = span.end
    pieces.append(html.escape(text[position:end]))
    return "".join(pieces).replace("\n", "<br/>")


def comparison_html(index: ComparisonIndex, scheme: ColorScheme) -> str:
    comparison = index.comparison
    rows = []
    for block in comparison.blocks:
        tint = ""
        if block.kind is not BlockKind.EQUAL:
            from gui.spans import BLOCK_MARKS

            tint = f' bgcolor="{scheme.background(BLOCK_MARKS[block.kind]).name()}"'
        label = "" if block.kind is BlockKind.EQUAL else KIND_LABELS[block.kind]
        rows.append(
            f'<tr><td width="47%" valign="top"{tint}>{_cell(index, block, Side.A, scheme)}</td>'
            f'<td width="6%" valign="top" style="color:#777;font-size:7pt">{label}</td>'
            f'<td width="47%" valign="top"{tint}>{_cell(index, block, Side.B, scheme)}</td></tr>'
        )
    summary = ""
    if comparison.verdict is not None and comparison.metrics is not None:
        numbers = " · ".join(
            f"{label} {format_metric(float(getattr(comparison.metrics, key)), fraction)}"
            for key, label, _tip, fraction in METRIC_ROWS
        )
        summary = (
            f"<p><b>{html.escape(comparison.verdict.kind.label)}</b> "
            f"(confidence {comparison.verdict.confidence * 100:.0f}%). "
            f"{html.escape(comparison.verdict.explanation)}</p>"
            f'<p style="color:#555;font-size:8pt">{numbers}</p>'
        )
    return (
        "<html><body>"
        f"<h3>A: {html.escape(comparison.a.name)}<br/>B: {html.escape(comparison.b.name)}</h3>"
        f"{summary}"
        '<table width="100%" cellspacing="0" cellpadding="4" border="0">'
        + "".join(rows)
        + "</table></body></html>"
    )


def make_document(index: ComparisonIndex, scheme: ColorScheme) -> QTextDocument:
    document = QTextDocument()
    font = reading_font()
    font.setPointSizeF(9.0)
    document.setDefaultFont(font)
    document.setHtml(comparison_html(index, scheme))
    return document


def configure_printer(printer: QPrinter) -> None:
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)


def save_pdf(index: ComparisonIndex, scheme: ColorScheme, path: str | os.PathLike[str]) -> None:
    """Write a PDF atomically: to a temporary file beside the target, then rename."""
    target = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=".copydesk-", suffix=".pdf", dir=target.parent)
    os.close(handle)
    try:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(temporary)
        configure_printer(printer)
        make_document(index, scheme).print_(printer)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
