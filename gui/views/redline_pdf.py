"""The redline as a PDF: B's text with A's changes marked, the way an editor sends it.

The same revision stream as the Word export (:func:`core.report.redline.build_redline`),
rendered into a QTextDocument and painted page by page on a QPrinter in PDF mode: deletions
struck through in red, insertions underlined in blue, moved passages in purple (struck through
where they left, underlined where they arrived), paragraph breaks that only one version has as
a coloured pilcrow.  Every page has a running header with the two files' names and a page
number; the first page starts with the verdict and a legend.

Like :mod:`gui.views.printing`, this runs in a worker: the QTextDocument and the QPrinter are
made, used and destroyed on that one thread.
"""

from __future__ import annotations

import errno
import html
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPen, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from core.model import Comparison
from core.report.docx import revision_date, xml_safe
from core.report.files import write_atomically
from core.report.redline import EventKind, Mark, build_redline
from gui.views.pane import display_name
from gui.views.text_view import reading_font

# Conventional redline colours; moves take the window's "moved" purple.
DELETED_COLOR = "#b3261e"
INSERTED_COLOR = "#1a5fb4"
MOVED_COLOR = "#6f42a8"
_MUTED = "#666666"

_STYLES = {
    Mark.DELETED: f"color:{DELETED_COLOR}; text-decoration:line-through",
    Mark.INSERTED: f"color:{INSERTED_COLOR}; text-decoration:underline",
    Mark.MOVED_FROM: f"color:{MOVED_COLOR}; text-decoration:line-through",
    Mark.MOVED_TO: f"color:{MOVED_COLOR}; text-decoration:underline",
}
LEGEND = (
    (Mark.DELETED, "removed (only in A)"),
    (Mark.INSERTED, "added (only in B)"),
    (Mark.MOVED_FROM, "moved away from here"),
    (Mark.MOVED_TO, "moved here"),
)


def _escape(text: str) -> str:
    escaped = html.escape(xml_safe(text), quote=False)
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n")
    return escaped.replace("\n", "<br/>").replace("\t", "&emsp;")


def _span(mark: Mark, text: str) -> str:
    if mark is Mark.SAME:
        return _escape(text)
    return f'<span style="{_STYLES[mark]}">{_escape(text)}</span>'


def _header_html(comparison: Comparison) -> str:
    verdict, metrics = comparison.verdict, comparison.metrics
    facts = []
    if verdict is not None:
        facts.append(
            f"<b>{html.escape(verdict.kind.label)}</b> (confidence {verdict.confidence:.0%})"
        )
    if metrics is not None:
        facts.append(f"word similarity {metrics.word_similarity:.0%}")
    stamp = revision_date(comparison).replace("T", " ").replace("Z", " UTC")
    facts.append(f"compared {stamp}")
    legend = " &nbsp; ".join(
        f'<span style="{_STYLES[mark]}">{html.escape(label)}</span>' for mark, label in LEGEND
    )
    pilcrows = (
        f'<span style="color:{DELETED_COLOR}">¶</span> / '
        f'<span style="color:{INSERTED_COLOR}">¶</span> paragraph break removed / added'
    )
    return (
        '<h2 style="margin-bottom:2px">Redline</h2>'
        f'<p style="margin-top:0">A <b>{html.escape(display_name(comparison.a))}</b> '
        f'<span style="color:{_MUTED}">({html.escape(comparison.a.name)})</span><br/>'
        f"B <b>{html.escape(display_name(comparison.b))}</b> "
        f'<span style="color:{_MUTED}">({html.escape(comparison.b.name)})</span></p>'
        f"<p>{' · '.join(facts)}</p>"
        f'<p style="font-size:8pt">{legend} &nbsp; {pilcrows}<br/>'
        f"<span style=\"color:{_MUTED}\">B's text with A's changes marked: read only the "
        "plain and underlined words for B, only the plain and struck-through words for A."
        "</span></p><hr/>"
    )


def redline_html(comparison: Comparison) -> str:
    """The whole redline as Qt rich text."""
    redline = build_redline(comparison)
    parts = ["<html><body>", _header_html(comparison), "<p>"]
    for event in redline.events:
        if event.kind is EventKind.TEXT:
            parts.append(_span(event.mark, event.text))
        elif event.kind is EventKind.BREAK:
            if event.mark is Mark.DELETED or event.mark is Mark.MOVED_FROM:
                parts.append(f'<span style="color:{DELETED_COLOR}">¶</span>')
            elif event.mark is not Mark.SAME:
                parts.append(f'<span style="color:{INSERTED_COLOR}">¶</span>')
            parts.append("</p><p>")
    parts.append("</p></body></html>")
    return "".join(parts)


def make_document(comparison: Comparison) -> QTextDocument:
    document = QTextDocument()
    font = reading_font()
    font.setPointSizeF(10.5)
    document.setDefaultFont(font)
    document.setHtml(redline_html(comparison))
    return document


def _header_font() -> QFont:
    font = QFont()
    font.setPointSizeF(8.0)
    return font


def paint_pages(
    document: QTextDocument,
    printer: QPrinter,
    title: str,
    cancelled: Callable[[], bool] = lambda: False,
) -> int:
    """Paginate ``document`` under a running header; returns the number of pages (0: cancelled)."""
    painter = QPainter()
    if not painter.begin(printer):
        # Worded by core.errors.write_error where the export is written.
        raise OSError(errno.EIO, "the PDF printer could not open it", printer.outputFileName())
    try:
        document.documentLayout().setPaintDevice(printer)
        area = printer.pageLayout().paintRectPixels(printer.resolution())
        width, height = float(area.width()), float(area.height())
        header_font = _header_font()
        painter.setFont(header_font)
        line = painter.fontMetrics().height()
        header_height = line * 2.0
        body_height = height - header_height
        document.setPageSize(QSizeF(width, body_height))
        pages = document.pageCount()
        for number in range(pages):
            if cancelled():
                return 0
            if number:
                printer.newPage()
            painter.setFont(header_font)
            painter.setPen(QColor(_MUTED))
            top = QRectF(0, 0, width, line)
            painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
            painter.drawText(
                top,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"Page {number + 1} of {pages}",
            )
            painter.setPen(QPen(QColor("#bbbbbb"), max(1.0, printer.resolution() / 150)))
            painter.drawLine(0, int(line * 1.3), int(width), int(line * 1.3))
            painter.save()
            painter.translate(0, header_height - number * body_height)
            document.drawContents(painter, QRectF(0, number * body_height, width, body_height))
            painter.restore()
        return pages
    finally:
        painter.end()


def save_redline_pdf(
    comparison: Comparison,
    path: str | os.PathLike[str],
    cancelled: Callable[[], bool] = lambda: False,
) -> bool:
    """Write the redline PDF atomically; False (target untouched) when cancelled."""

    def write(temporary: Path) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFileName(str(temporary))
        # After the name: the temporary file's name does not end in ".pdf".
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        title = f"A {display_name(comparison.a)}  \u2192  B {display_name(comparison.b)}"
        printer.setDocName(f"Redline: {display_name(comparison.a)} vs {display_name(comparison.b)}")
        printer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(18, 15, 18, 15),
                QPageLayout.Unit.Millimeter,
            )
        )
        document = make_document(comparison)
        try:
            paint_pages(document, printer, title, cancelled)  # 0 pages: cancelled
        finally:
            del document  # on this thread, which made it
        del printer  # closes the file

    return write_atomically(path, write, cancelled)
