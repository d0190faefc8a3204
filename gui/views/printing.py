"""Printing and "Save as PDF": the comparison as a two-column table in a QTextDocument.

QPrinter comes from QtPrintSupport, which PySide6-Essentials ships; the same document is
sent to a real printer (through the print dialog) or to a PDF file.  Laying out and printing
a long comparison takes seconds (about 10 s for Moby-Dick), so the window runs
:func:`save_pdf` and :func:`print_document` in a worker: QTextDocument and QPrinter may be
used on any thread as long as one object stays on one thread, and PySide lets the GUI thread
run while Qt prints.
"""

from __future__ import annotations

import datetime
import html
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from core.model import Block, BlockKind, Comparison
from core.report.files import write_atomically
from core.report.labels import KIND_LABELS, METRIC_ROWS, language_name, languages_notice, percent
from gui.formats import LEGEND, ColorScheme
from gui.views.metrics_panel import format_metric
from gui.views.pane import display_name
from gui.views.spans import BLOCK_MARKS, ComparisonIndex, Side, shown_kind
from gui.views.text_view import reading_font

_MUTED = "#666666"


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


def _kind_cell(block: Block) -> str:
    """The middle column: what happened, and for a rewording how much of it is left."""
    if block.kind is BlockKind.EQUAL:
        return ""
    label = KIND_LABELS[block.kind]
    if block.kind is BlockKind.CHANGED:
        label += f"<br/>{block.similarity * 100:.0f}%"
    return label


def _swatch(color: str, border: str, text: str) -> str:
    return (
        f'<span style="background-color:{color}; border: 1px solid {border}">'
        f"&nbsp;{html.escape(text)}&nbsp;</span>"
    )


def _legend(scheme: ColorScheme) -> str:
    chips = " &nbsp; ".join(
        _swatch(scheme.background(mark).name(), scheme.strong[mark].name(), label)
        for mark, label in LEGEND
    )
    return (
        f'<p style="font-size:8pt">{chips} &nbsp; '
        f'<span style="color:{_MUTED}">Tinted rows: sentences that changed; the percentage is '
        "how much of a reworded sentence is unchanged.</span></p>"
    )


def _header(comparison: Comparison, printed: str) -> str:
    lines = [
        '<h2 style="margin-bottom:2px">Copydesk comparison</h2>',
        f'<p style="color:{_MUTED}; font-size:8pt; margin-top:0">Printed {printed}</p>',
        '<table cellspacing="0" cellpadding="1">',
    ]
    for letter, document in (("A", comparison.a), ("B", comparison.b)):
        lines.append(
            f"<tr><td><b>{letter}</b>&nbsp;</td><td><b>{html.escape(display_name(document))}</b>"
            f' <span style="color:{_MUTED}">— {html.escape(document.name)} · '
            f"{document.word_count:,} words · {html.escape(language_name(document.language))}"
            "</span></td></tr>"
        )
    lines.append("</table>")
    return "".join(lines)


def _summary(comparison: Comparison) -> str:
    verdict, metrics = comparison.verdict, comparison.metrics
    if verdict is None or metrics is None:
        message = comparison.message or "No verdict: the comparison did not complete."
        return f"<p>{html.escape(message)}</p>"
    numbers = " · ".join(
        f"{label} {format_metric(float(getattr(metrics, key)), fraction)}"
        for key, label, _tip, fraction in METRIC_ROWS
    )
    parts = [
        f"<p><b>{html.escape(verdict.kind.label)}</b> "
        f"(confidence {percent(verdict.confidence)}). "
        f"{html.escape(verdict.explanation)}</p>",
        f'<p style="color:#555; font-size:8pt">{numbers}</p>',
    ]
    notice = languages_notice(comparison)
    if notice:
        parts.append(f'<p style="background-color:#fdf3d8">&nbsp;{html.escape(notice)}&nbsp;</p>')
    return "".join(parts)


def comparison_html(index: ComparisonIndex, scheme: ColorScheme, printed: str | None = None) -> str:
    comparison = index.comparison
    if printed is None:
        printed = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    rows = []
    for block in comparison.blocks:
        tint = ""
        kind = shown_kind(block, index.weak)
        if kind is not BlockKind.EQUAL:
            tint = f' bgcolor="{scheme.background(BLOCK_MARKS[kind]).name()}"'
        rows.append(
            f'<tr><td width="47%" valign="top"{tint}>{_cell(index, block, Side.A, scheme)}</td>'
            f'<td width="6%" valign="top" align="center" style="color:#777;font-size:7pt">'
            f"{_kind_cell(block)}</td>"
            f'<td width="47%" valign="top"{tint}>{_cell(index, block, Side.B, scheme)}</td></tr>'
        )
    a_name = html.escape(display_name(comparison.a))
    b_name = html.escape(display_name(comparison.b))
    # A <thead> becomes the table's header rows, which Qt repeats on every page.
    head = (
        '<thead><tr style="background-color:#eef0f2">'
        f"<th align=left>A · {a_name}</th><th></th><th align=left>B · {b_name}</th></tr></thead>"
    )
    return (
        "<html><body>"
        + _header(comparison, printed)
        + _summary(comparison)
        + _legend(scheme)
        + '<table width="100%" cellspacing="0" cellpadding="4" border="0">'
        + head
        + "<tbody>"
        + "".join(rows)
        + "</tbody></table></body></html>"
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


def print_document(index: ComparisonIndex, scheme: ColorScheme, printer: QPrinter) -> None:
    """Lay the comparison out and print it; callable from a worker thread."""
    document = make_document(index, scheme)
    try:
        document.print_(printer)
    finally:
        # Destroyed here, on the thread that made it, not later by whichever thread
        # happens to drop the last reference.
        del document


def save_pdf(
    index: ComparisonIndex,
    scheme: ColorScheme,
    path: str | os.PathLike[str],
    cancelled: Callable[[], bool] = lambda: False,
) -> bool:
    """Write a PDF atomically: to a temporary file beside the target, then rename.

    Returns False (and leaves the target alone) when ``cancelled`` says so once the pages are
    printed: Qt's printing cannot be interrupted, but a cancelled export must not land.
    """

    def write(temporary: Path) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFileName(str(temporary))
        # After the name: the temporary file's name does not end in ".pdf".
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        comparison = index.comparison
        printer.setDocName(f"{display_name(comparison.a)} vs {display_name(comparison.b)}")
        configure_printer(printer)
        print_document(index, scheme, printer)
        del printer  # closes the file

    return write_atomically(path, write, cancelled)
