"""A thin map of the whole comparison: where the changes are, by kind, on both sides.

The marks are rendered once per comparison and size into a cached image (a 1M-word document
can have tens of thousands of changes); each repaint only blits it and draws the two
"you are here" frames.  Clicking asks the window to jump there.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from gui.formats import ColorScheme
from gui.views.spans import BLOCK_MARKS, ComparisonIndex, Mark, Side

_PAD = 3.0
_MIN_ROWS = 2  # device pixels: a one-word change stays visible in a long document
# Which kind shows where several share a pixel row: the higher weight.
_WEIGHT = {
    Mark.BLOCK_MOVED: 1,
    Mark.BLOCK_CHANGED: 2,
    Mark.BLOCK_INSERTED: 3,
    Mark.BLOCK_DELETED: 4,
}
_MARK_OF_WEIGHT = {weight: mark for mark, weight in _WEIGHT.items()}


class OverviewStrip(QWidget):
    jump_requested = Signal(int, float)  # side, fraction of that side's text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._index: ComparisonIndex | None = None
        self._scheme: ColorScheme | None = None
        self._cache: QImage | None = None
        self._fraction_cache: dict[Side, list[tuple[int, float, float]]] = {}
        self._visible: list[tuple[float, float]] = [(0.0, 0.0), (0.0, 0.0)]
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.setFixedWidth(22)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Where the changes are. Click to jump there.")

    def sizeHint(self) -> QSize:
        return QSize(22, 200)

    def set_index(self, index: ComparisonIndex | None) -> None:
        self._index = index
        self._cache = None
        self._fraction_cache = {}
        self.update()

    def set_scheme(self, scheme: ColorScheme) -> None:
        self._scheme = scheme
        self._cache = None
        self.update()

    def set_visible_fraction(self, side: Side, top: float, bottom: float) -> None:
        self._visible[side] = (top, bottom)
        self.update()

    def marks(self) -> list[tuple[Side, float, float, QColor]]:
        """(side, top fraction, bottom fraction, colour) of every change mark."""
        if self._index is None or self._scheme is None:
            return []
        out = []
        for side in Side:
            length = max(1, len(self._index.text(side)))
            for block in self._index.changes:
                start, end = self._index.range_of(block, side)
                mark = BLOCK_MARKS[block.kind]
                out.append((side, start / length, end / length, self._scheme.strong[mark]))
        return out

    def row_marks(self, side: Side, rows: int) -> bytearray:
        """The mark weight drawn on each of ``rows`` pixel rows of a column (0 for none).

        Where changes share a row the weightier kind wins (removed or added text over a
        rewording over a move): at this scale one row is hundreds of words, and the strip
        must not hide lost text behind a move.  Changes are painted lightest kind first, one
        slice assignment each, so the weightier kind ends on top: a long document has tens
        of thousands of changes, too many to paint one by one on every resize.
        """
        out = bytearray(max(0, rows))
        if self._index is None or rows <= 0 or not self._index.changes:
            return out
        for weight, start, end in self._fractions(side):
            top = min(rows - 1, max(0, math.floor(start * rows)))
            bottom = min(rows, max(top + _MIN_ROWS, math.ceil(end * rows)))
            out[top:bottom] = bytes((weight,)) * (bottom - top)
        return out

    def _fractions(self, side: Side) -> list[tuple[int, float, float]]:
        """(weight, start, end) of every change as fractions of the side, lightest first."""
        cached = self._fraction_cache.get(side)
        if cached is None:
            assert self._index is not None
            length = max(1, len(self._index.text(side)))
            cached = []
            for block in self._index.changes:
                start, end = self._index.range_of(block, side)
                cached.append((_WEIGHT[BLOCK_MARKS[block.kind]], start / length, end / length))
            cached.sort(key=lambda change: change[0])
            self._fraction_cache[side] = cached
        return cached

    def _column(self, side: Side) -> QRectF:
        width = (self.width() - 3 * _PAD) / 2
        left = _PAD + side * (width + _PAD)
        return QRectF(left, _PAD, width, self.height() - 2 * _PAD)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._cache = None
        super().resizeEvent(event)

    def _render(self) -> QImage:
        ratio = self.devicePixelRatioF()
        image = QImage(
            max(1, round(self.width() * ratio)),
            max(1, round(self.height() * ratio)),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        image.setDevicePixelRatio(ratio)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        palette = self.palette()
        groove = QColor(palette.color(palette.ColorRole.Mid))
        groove.setAlpha(45)
        for side in Side:
            painter.fillRect(self._column(side), groove)
        assert self._scheme is not None
        for side in Side:
            column = self._column(side)
            rows = max(1, round(column.height() * ratio))
            per_row = self.row_marks(side, rows)
            # One rectangle per run of equal rows: at most a few hundred fills.
            start = 0
            while start < rows:
                weight = per_row[start]
                end = start + 1
                while end < rows and per_row[end] == weight:
                    end += 1
                if weight:
                    color = self._scheme.strong[_MARK_OF_WEIGHT[weight]]
                    y0 = column.top() + start / ratio
                    painter.fillRect(
                        QRectF(column.left(), y0, column.width(), (end - start) / ratio), color
                    )
                start = end
        painter.end()
        return image

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self._index is not None and self._scheme is not None:
            if self._cache is None:
                self._cache = self._render()
            painter.drawImage(QPointF(0, 0), self._cache)
            # "You are here": a soft veil with a thin edge over each side's visible part.
            edge = QColor(self.palette().color(self.palette().ColorRole.Highlight))
            veil = QColor(edge)
            veil.setAlpha(45)
            pen = QPen(edge, 1.0)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(veil)
            for side in Side:
                column = self._column(side)
                top, bottom = self._visible[side]
                y0 = column.top() + top * column.height()
                y1 = max(y0 + 3.0, column.top() + bottom * column.height())
                painter.drawRect(QRectF(column.left() - 1.5, y0, column.width() + 2, y1 - y0))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._index is None or event.button() != Qt.MouseButton.LeftButton:
            return
        x = event.position().x()
        side = Side.A if x < self.width() / 2 else Side.B
        column = self._column(side)
        fraction = (event.position().y() - column.top()) / max(1.0, column.height())
        self.jump_requested.emit(int(side), min(1.0, max(0.0, fraction)))
