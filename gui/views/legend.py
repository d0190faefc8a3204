"""The colour key: small chips naming what each highlight means."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from core.traces import TOOLTIP
from gui.formats import LEGEND, TRACE_LEGEND, ColorScheme
from gui.side import TRACE_MARKS, Mark


class _Chip(QWidget):
    def __init__(self, mark: Mark, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mark = mark
        self.scheme: ColorScheme | None = None
        self.setFixedSize(QSize(18, 12))

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.scheme is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        underline = self.scheme.underlines.get(self.mark)
        if underline is not None:
            # A trace is an underline in the text: show a short one.
            painter.setPen(QPen(underline, 1.5))
            y = self.height() - 2.5
            painter.drawLine(QPointF(1, y), QPointF(self.width() - 1, y))
        else:
            painter.setBrush(self.scheme.background(self.mark))
            painter.setPen(QPen(self.scheme.strong[self.mark], 1.0))
            painter.drawRoundedRect(QRectF(0.5, 0.5, self.width() - 1, self.height() - 1), 3, 3)
        painter.end()


class Legend(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self._chips: list[_Chip] = []
        self.labels: list[str] = []
        # Trace entries, shown only while the comparison has traces of that kind.
        self._trace_items: dict[Mark, tuple[_Chip, QLabel]] = {}
        for mark, text in (*LEGEND, *TRACE_LEGEND):
            chip = _Chip(mark)
            label = QLabel(text)
            label.setObjectName("muted")
            layout.addWidget(chip, 0, Qt.AlignmentFlag.AlignVCenter)
            layout.addWidget(label)
            layout.addSpacing(8)
            self._chips.append(chip)
            if mark in dict(TRACE_LEGEND):
                kind = next(k for k, m in TRACE_MARKS.items() if m is mark)
                tip = f"{kind.label}, underlined in B. {TOOLTIP}"
                chip.setToolTip(tip)
                label.setToolTip(tip)
                chip.hide()
                label.hide()
                self._trace_items[mark] = (chip, label)
            else:
                self.labels.append(text)

    def set_scheme(self, scheme: ColorScheme) -> None:
        for chip in self._chips:
            chip.scheme = scheme
            chip.update()

    def set_trace_marks(self, marks: Iterable[Mark]) -> None:
        """Show the key of exactly these trace underlines."""
        shown = set(marks)
        for mark, (chip, label) in self._trace_items.items():
            chip.setVisible(mark in shown)
            label.setVisible(mark in shown)

    def trace_labels(self) -> list[str]:
        return [label.text() for chip, label in self._trace_items.values() if not label.isHidden()]
