"""One side of the comparison: a header naming the document and the text view."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from core.model import Document
from gui.spans import Side
from gui.text_view import DiffTextView, PreparedText

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


def describe_document(document: Document) -> str:
    info = document.info
    parts = [FORMAT_NAMES.get(info.format, info.format)]
    if info.encoding:
        parts.append(info.encoding.upper())
    parts.append(f"{document.word_count:,} words")
    return " · ".join(parts)


class _ElidedLabel(QLabel):
    """A label that shortens its text in the middle instead of widening the pane."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setMinimumWidth(40)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        metrics = QFontMetrics(self.font())
        self.setText(metrics.elidedText(self._full, Qt.TextElideMode.ElideMiddle, self.width()))


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
        self.title = QLabel(SIDE_TITLES[side])
        title_font = QFont(self.title.font())
        title_font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(title_font)
        self.name_label = _ElidedLabel()
        self.name_label.setObjectName("fileName")
        self.detail_label = QLabel("")
        self.detail_label.setObjectName("muted")
        self.open_button = QToolButton()
        self.open_button.setText("Open…")
        self.open_button.setAutoRaise(True)
        self.open_button.setToolTip(f"Open a file as side {side.letter}")
        self.open_button.clicked.connect(self.open_requested)
        header_layout.addWidget(self.badge)
        header_layout.addWidget(self.title)
        header_layout.addWidget(self.name_label, 1)
        header_layout.addWidget(self.detail_label)
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

    def set_document(self, document: Document | None, prepared: PreparedText | None = None) -> None:
        """Show a document; ``prepared`` is its text already laid out by the loading worker."""
        self.document = document
        if document is None:
            self.view.clear_text()
            self.name_label.set_full_text("")
            self.detail_label.setText("")
            self.detail_label.setToolTip("")
        else:
            if prepared is not None and prepared.document is not None:
                self.view.set_prepared(prepared)
            else:
                self.view.set_text(document.text)
            self.name_label.set_full_text(display_name(document))
            self.name_label.setToolTip(document.name)
            self.detail_label.setText(describe_document(document))
            # How the loader read the file (encoding guess, extracted article, ...).
            self.detail_label.setToolTip("\n".join(document.info.notes))
        self._update_empty_message()

    def file_name(self) -> str:
        return self.name_label.full_text()

    def _update_empty_message(self) -> None:
        self.view.set_empty_message(
            "Open two files or drop them here",
            f"Drop one file here to use it as side {self.side.letter}, or two files to fill "
            "both sides. You can also paste text here (Ctrl+V) or use File ▸ Open Pair.",
        )
