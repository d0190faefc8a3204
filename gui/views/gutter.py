"""The strip between the panes: curved bands joining aligned text, like Meld's link map.

Only blocks that touch the visible part of either pane are drawn, so painting costs the same
for any document length.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from core.model import Block, BlockKind
from gui.formats import ColorScheme
from gui.views.spans import BLOCK_MARKS, ComparisonIndex, Side, shown_kind
from gui.views.text_view import DiffTextView

_LIMIT = 4000.0  # clamp far-away ends so the curves stay well-behaved
PASSAGE_BAR = 5.0  # width of the passage bars at both edges

# Passage bars: copied (verbatim or lightly edited) in a brick red, reworded in ochre; the
# same hues as the HTML report's passage marks.
_PASSAGE_COLORS = {
    (True, False): "#b3472d",
    (False, False): "#c9a227",
    (True, True): "#e0785c",
    (False, True): "#d9b84a",
}


def passage_color(copied: bool, dark: bool) -> QColor:
    return QColor(_PASSAGE_COLORS[(copied, dark)])


class ConnectorGutter(QWidget):
    def __init__(
        self, view_a: DiffTextView, view_b: DiffTextView, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._views = (view_a, view_b)
        self._index: ComparisonIndex | None = None
        self._scheme: ColorScheme | None = None
        self._current: int | None = None  # block index
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.setMinimumWidth(44)
        for view in self._views:
            view.verticalScrollBar().valueChanged.connect(self.update)
            view.updateRequest.connect(self._on_view_update)

    def sizeHint(self) -> QSize:
        return QSize(52, 200)

    def set_index(self, index: ComparisonIndex | None) -> None:
        self._index = index
        self._current = None
        self.update()

    def set_scheme(self, scheme: ColorScheme) -> None:
        self._scheme = scheme
        self.update()

    def set_current_block(self, block_index: int | None) -> None:
        self._current = block_index
        self.update()

    def _on_view_update(self, _rect: object, dy: int) -> None:
        if dy:
            self.update()

    def visible_blocks(self) -> list[Block]:
        """Blocks with text in view on either side, each once, in A order."""
        if self._index is None:
            return []
        seen: dict[int, Block] = {}
        for side, view in zip(Side, self._views, strict=True):
            start, end = view.visible_range()
            # Text in view on one side is enough; an insertion point alone is not (in a
            # heavily reordered text many insertion points can pile up at one spot).
            for block in self._index.blocks_overlapping(side, start, end, points=False):
                seen[block.index] = block
        return sorted(seen.values(), key=lambda b: b.index)

    def _y_in_gutter(self, view: DiffTextView, y: float) -> float:
        origin = self.mapFromGlobal(view.viewport().mapToGlobal(QPoint(0, 0)))
        return max(-_LIMIT, min(_LIMIT, y)) + origin.y()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(palette.ColorRole.Window))
        if self._index is None or self._scheme is None:
            painter.end()
            return
        view_a, view_b = self._views
        top_clip = self.mapFromGlobal(view_a.viewport().mapToGlobal(QPoint(0, 0))).y()
        bottom_clip = top_clip + view_a.viewport().height()
        painter.setClipRect(QRectF(0, top_clip, self.width(), bottom_clip - top_clip))
        width = float(self.width())
        for block in self.visible_blocks():
            a_top, a_bottom = view_a.y_range(*self._index.range_of(block, Side.A))
            b_top, b_bottom = view_b.y_range(*self._index.range_of(block, Side.B))
            a_top, a_bottom = self._y_in_gutter(view_a, a_top), self._y_in_gutter(view_a, a_bottom)
            b_top, b_bottom = self._y_in_gutter(view_b, b_top), self._y_in_gutter(view_b, b_bottom)
            self._paint_band(painter, block, width, (a_top, a_bottom), (b_top, b_bottom))
        self._paint_passages(painter, width)
        painter.end()

    def visible_passages(self) -> list[tuple[int, float, float, float, float]]:
        """(passage index, A top, A bottom, B top, B bottom) in gutter coordinates, for the
        passages with text in view on either side."""
        if self._index is None:
            return []
        view_a, view_b = self._views
        a_start, a_end = view_a.visible_range()
        b_start, b_end = view_b.visible_range()
        out = []
        for passage in self._index.passages:
            a_range = self._index.passage_range(passage, Side.A)
            b_range = self._index.passage_range(passage, Side.B)
            if not (
                (a_range[0] <= a_end and a_range[1] >= a_start)
                or (b_range[0] <= b_end and b_range[1] >= b_start)
            ):
                continue
            a_top, a_bottom = view_a.y_range(*a_range)
            b_top, b_bottom = view_b.y_range(*b_range)
            out.append(
                (
                    passage.index,
                    self._y_in_gutter(view_a, a_top),
                    self._y_in_gutter(view_a, a_bottom),
                    self._y_in_gutter(view_b, b_top),
                    self._y_in_gutter(view_b, b_bottom),
                )
            )
        return out

    def _paint_passages(self, painter: QPainter, width: float) -> None:
        """A bar along each edge where a passage lies: "copied" or "reworded" from A."""
        assert self._index is not None and self._scheme is not None
        painter.setPen(Qt.PenStyle.NoPen)
        for index, a_top, a_bottom, b_top, b_bottom in self.visible_passages():
            copied = self._index.passages[index].kind.is_copy
            painter.setBrush(passage_color(copied, self._scheme.dark))
            painter.drawRoundedRect(QRectF(0, a_top, PASSAGE_BAR, a_bottom - a_top), 2, 2)
            painter.drawRoundedRect(
                QRectF(width - PASSAGE_BAR, b_top, PASSAGE_BAR, b_bottom - b_top), 2, 2
            )

    def _paint_band(
        self,
        painter: QPainter,
        block: Block,
        width: float,
        a: tuple[float, float],
        b: tuple[float, float],
    ) -> None:
        assert self._scheme is not None
        mid = width / 2
        path = QPainterPath(QPointF(0, a[0]))
        path.cubicTo(QPointF(mid, a[0]), QPointF(mid, b[0]), QPointF(width, b[0]))
        path.lineTo(QPointF(width, b[1]))
        path.cubicTo(QPointF(mid, b[1]), QPointF(mid, a[1]), QPointF(0, a[1]))
        path.closeSubpath()
        current = block.index == self._current
        kind = shown_kind(block, self._index.weak) if self._index is not None else block.kind
        if kind is BlockKind.EQUAL:
            neutral = QColor(self.palette().color(self.palette().ColorRole.Mid))
            neutral.setAlpha(30)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(neutral)
            painter.drawPath(path)
            return
        mark = BLOCK_MARKS[kind]
        painter.setBrush(self._scheme.band(mark, 150 if current else 85))
        edge = QColor(self._scheme.strong[mark])
        if current:
            edge = QColor(self._scheme.current)
        painter.setPen(QPen(edge, 1.6 if current else 1.0))
        painter.drawPath(path)
