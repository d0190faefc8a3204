"""Keeps aligned text level in both panes while either one scrolls.

The line in the middle of the scrolled pane is mapped through the block alignment (linear
inside a block, so a long paragraph on one side and its short rewrite on the other scroll
at different speeds and meet at both ends) and the other pane is scrolled so that the
matching line sits at the same height.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from gui.views.spans import ComparisonIndex, Side
from gui.views.text_view import DiffTextView


class ScrollSync(QObject):
    def __init__(self, view_a: DiffTextView, view_b: DiffTextView, parent: QObject | None = None):
        super().__init__(parent)
        self._views = (view_a, view_b)
        self._index: ComparisonIndex | None = None
        self._enabled = True
        self._following = False
        view_a.verticalScrollBar().valueChanged.connect(lambda _v: self._follow(Side.A))
        view_b.verticalScrollBar().valueChanged.connect(lambda _v: self._follow(Side.B))

    def set_index(self, index: ComparisonIndex | None) -> None:
        self._index = index

    def is_enabled(self) -> bool:
        return self._enabled

    def set_enabled(self, enabled: bool) -> None:
        self._enabled = enabled
        if enabled:
            self.align_to(Side.A)

    def align_to(self, side: Side) -> None:
        """Scroll the other pane to match ``side`` now."""
        self._follow(side, force=True)

    def _follow(self, side: Side, force: bool = False) -> None:
        if self._following:
            return
        if self._index is None or not (self._enabled or force):
            return
        source = self._views[side]
        target = self._views[side.other]
        middle = source.viewport().height() / 2
        position = source.position_at(middle)
        top, _ = source.y_range(position, position + 1)
        mapped = self._index.map_position(side, position)
        self._following = True
        try:
            target.scroll_to_place(mapped, top)
        finally:
            self._following = False
