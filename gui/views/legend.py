"""The colour key: small chips naming what each highlight means."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from gui.formats import LEGEND, ColorScheme
from gui.views.spans import Mark


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
        for mark, text in LEGEND:
            chip = _Chip(mark)
            label = QLabel(text)
            label.setObjectName("muted")
            layout.addWidget(chip, 0, Qt.AlignmentFlag.AlignVCenter)
            layout.addWidget(label)
            layout.addSpacing(8)
            self._chips.append(chip)
            self.labels.append(text)

    def set_scheme(self, scheme: ColorScheme) -> None:
        for chip in self._chips:
            chip.scheme = scheme
            chip.update()
