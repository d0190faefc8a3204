"""One side of the comparison: a header naming the document and the text view."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.model import Document
from gui.views.spans import Side
from gui.views.text_view import DiffTextView, PreparedText

DETAIL_SEPARATOR = " · "
SIDE_TITLES = {Side.A: "Original", Side.B: "Copy"}
FORMAT_NAMES = {
    "text": "Plain text",
    "markdown": "Markdown",
    "html": "Web page",
    "docx": "Word document",
    "pdf": "PDF",
    "pasted": "Pasted text",
}


def display_name(document: Document) -> str:
    """The file name without its folder; pasted text keeps its label."""
    if document.info.format == "pasted":
        return document.name
    return Path(document.name).name or document.name


REFLOWED_NOTE = (
    "Hard-wrapped lines are shown as flowing paragraphs (View ▸ Reflow Hard-Wrapped Lines)."
)


def describe_document(document: Document, reflowed: bool = False) -> str:
    info = document.info
    parts = [FORMAT_NAMES.get(info.format, info.format)]
    if info.encoding:
        parts.append(info.encoding.upper())
    if reflowed:
        parts.append("reflowed")
    parts.append(f"{document.word_count:,} words")
    return DETAIL_SEPARATOR.join(parts)


def elide_name(name: str, width: int, metrics: QFontMetrics) -> str:
    """``name`` fitted into ``width`` pixels: elided in the middle of the stem, extension kept.

    "2026-03-14-port-ellery-pier-reopens.txt" becomes "2026-03-1…r-reopens.txt", never
    "20…xt": the editor can still tell the file and its kind apart.
    """
    if metrics.horizontalAdvance(name) <= width:
        return name
    suffix = Path(name).suffix
    if not suffix or len(suffix) > 6 or len(suffix) >= len(name):
        return metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, width)
    stem = name[: -len(suffix)]
    room = width - metrics.horizontalAdvance(suffix)
    shown = metrics.elidedText(stem, Qt.TextElideMode.ElideMiddle, room) if room > 0 else ""
    if not shown or shown == "…":
        # Too narrow for any of the stem: its first letter, the ellipsis and the extension.
        return stem[:1] + "…" + suffix
    return shown + suffix


class _NameAndDetail(QWidget):
    """The file name and, after it, how it was read; the name keeps its room first.

    The detail ("Plain text · UTF-8 · 1,049,995 words") gives way before the name does, first
    to its word count alone, then altogether; only then is the name elided in the middle.
    An editor must always see which file is which.
    """

    SPACING = 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name = ""
        self._detail = ""
        self.name_label = QLabel(self)
        self.name_label.setObjectName("fileName")
        self.detail_label = QLabel(self)
        self.detail_label.setObjectName("muted")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)

    def set_texts(self, name: str, detail: str) -> None:
        self._name = name
        self._detail = detail
        self._fit()

    def name(self) -> str:
        return self._name

    def sizeHint(self) -> QSize:
        height = max(self.name_label.sizeHint().height(), self.detail_label.sizeHint().height())
        width = (
            QFontMetrics(self.name_label.font()).horizontalAdvance(self._name)
            + self.SPACING
            + QFontMetrics(self.detail_label.font()).horizontalAdvance(self._detail)
        )
        return QSize(width, height)

    def minimumSizeHint(self) -> QSize:
        return QSize(40, self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        width, height = self.width(), self.height()
        name_metrics = QFontMetrics(self.name_label.font())
        detail_metrics = QFontMetrics(self.detail_label.font())
        name_width = min(width, name_metrics.horizontalAdvance(self._name) + 2)
        self.name_label.setText(elide_name(self._name, name_width, name_metrics))
        self.name_label.setGeometry(0, 0, name_width, height)
        room = width - name_width - self.SPACING
        # The whole detail, else its last part (the word count), else nothing: a clipped
        # "Plain tex…" tells the editor less than the count alone.
        shown = ""
        for candidate in (self._detail, self._detail.rsplit(DETAIL_SEPARATOR, 1)[-1]):
            if candidate and detail_metrics.horizontalAdvance(candidate) + 2 <= room:
                shown = candidate
                break
        if not shown:
            self.detail_label.hide()
            return
        detail_width = detail_metrics.horizontalAdvance(shown) + 2
        self.detail_label.setText(shown)
        # Right-aligned, next to the Open button, as before.
        self.detail_label.setGeometry(width - detail_width, 0, detail_width, height)
        self.detail_label.show()


class DocumentPane(QFrame):
    open_requested = Signal()

    def __init__(self, side: Side, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side = side
        self.document: Document | None = None
        self.setObjectName("documentPane")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        header = QWidget()
        header.setObjectName("paneHeader")
        header_layout = QHBoxLayout(header)
        header_layout.setContentsMargins(12, 8, 8, 8)
        header_layout.setSpacing(8)
        self.badge = QLabel(side.letter)
        self.badge.setObjectName("sideBadge")
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge.setFixedSize(22, 22)
        self.badge.setToolTip(SIDE_TITLES[side])
        self.title = QLabel(SIDE_TITLES[side])
        title_font = QFont(self.title.font())
        title_font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(title_font)
        self.header_text = _NameAndDetail()
        self.name_label = self.header_text.name_label
        self.detail_label = self.header_text.detail_label
        self.open_button = QToolButton()
        self.open_button.setText("Open…")
        self.open_button.setAutoRaise(True)
        self.open_button.setToolTip(f"Open a file as side {side.letter}")
        self.open_button.clicked.connect(self.open_requested)
        header_layout.addWidget(self.badge)
        header_layout.addWidget(self.title)
        header_layout.addWidget(self.header_text, 1)
        header_layout.addWidget(self.open_button)
        layout.addWidget(header)

        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setObjectName("paneRule")
        layout.addWidget(rule)
        self.view = DiffTextView()
        self.view.setObjectName(f"view{side.letter}")
        layout.addWidget(self.view, 1)
        self._update_empty_message()

    COMPACT_WIDTH = 380  # narrower than this, the title gives its room to the file name

    def resizeEvent(self, event: QResizeEvent) -> None:
        # The badge (A/B) says which side this is; the file name needs the room more.
        self.title.setVisible(event.size().width() >= self.COMPACT_WIDTH)
        super().resizeEvent(event)

    def set_document(self, document: Document | None, prepared: PreparedText | None = None) -> None:
        """Show a document; ``prepared`` is its text already laid out by the loading worker."""
        if document is None:
            self.view.clear_text()
        elif prepared is not None and prepared.document is not None:
            self.view.set_prepared(prepared)
        else:
            self.view.set_text(document.text)
        self._show_header(document)

    def swap_documents(self, other: DocumentPane) -> None:
        """Exchange documents with the other pane, keeping the laid-out texts (instant)."""
        self.view.swap_text(other.view)
        mine, theirs = self.document, other.document
        self._show_header(theirs)
        other._show_header(mine)

    def _show_header(self, document: Document | None) -> None:
        self.document = document
        if document is None:
            self.header_text.set_texts("", "")
            self.name_label.setToolTip("")
            self.detail_label.setToolTip("")
        else:
            detail = describe_document(document, self.view.reflowed)
            self.header_text.set_texts(display_name(document), detail)
            # The full path, and how the loader read the file (encoding guess, extracted
            # article, ...): the header may show both only in part.
            notes = (*document.info.notes, *([REFLOWED_NOTE] if self.view.reflowed else []))
            tip = "\n".join((document.name, detail, *notes))
            self.name_label.setToolTip(tip)
            self.detail_label.setToolTip(tip)
        self._update_empty_message()

    def show_text(self, reflow: bool) -> None:
        """Show the same document again, reflowed or as it is (View ▸ Reflow...)."""
        if self.document is not None:
            self.view.set_text(self.document.text, reflow=reflow)
            self._show_header(self.document)

    def file_name(self) -> str:
        return self.header_text.name()

    def _update_empty_message(self) -> None:
        self.view.set_empty_message(
            "Open two files or drop them here",
            f"Drop one file here to use it as side {self.side.letter}, or two files to fill "
            "both sides. You can also paste text here (Ctrl+V) or use File ▸ Open Pair.",
        )
