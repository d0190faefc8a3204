"""What the Find bar does in the window: search the sides, mark the matches, step through them.

The bar is a widget (:mod:`gui.views.find_bar`), the search is Qt-free (:mod:`gui.find`); this
joins them to the window's panes, its comparison and the spot the editor is reading.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from core.model import Document
from gui import find as finding
from gui.views.find_bar import FindBar
from gui.views.pane import DocumentPane
from gui.views.scroll_sync import ScrollSync
from gui.views.spans import ComparisonIndex, Side
from gui.views.text_view import DiffTextView
from gui.window import navigation


class FindWindow(Protocol):
    """What the controller uses of the window it serves (:class:`gui.window.main_window.
    MainWindow`).  Described here rather than imported: the window imports this module, and
    the two must not import each other."""

    find_bar: FindBar
    index: ComparisonIndex | None
    documents: dict[Side, Document | None]
    panes: dict[Side, DocumentPane]
    sync: ScrollSync
    view_a: DiffTextView

    def window(self) -> QWidget: ...  # the QMainWindow itself (a top-level widget's window)
    def focused_view(self) -> DiffTextView | None: ...
    def reading_spot(self) -> tuple[Side, int]: ...
    def sync_paused(self) -> contextlib.AbstractContextManager[None]: ...


class FindController(QObject):
    def __init__(self, window: FindWindow) -> None:
        super().__init__(window.window())
        self.window = window
        self.bar = window.find_bar
        self.results = finding.FindResults([])
        self.current: int | None = None  # number of the current match in ``results``
        self.bar.changed.connect(lambda: self.search())
        self.bar.next_requested.connect(self.next)
        self.bar.previous_requested.connect(self.previous)
        self.bar.closed.connect(self._on_closed)

    def open(self) -> None:
        """Ctrl+F: show the bar, with the selected words (one line) to find."""
        focused = self.window.focused_view()
        selected = focused.selected_text() if focused is not None else ""
        self.bar.open_bar(selected if selected and "\n" not in selected else "")
        self.search()

    def _changed_ranges(self) -> dict[Side, Sequence[tuple[int, int]]]:
        index = self.window.index
        if index is None:
            return {}
        return {
            side: sorted(index.range_of(block, side) for block in index.changes) for side in Side
        }

    def search(self, move: bool = True) -> None:
        """Search again for the bar's phrase; go to the first match from the reading spot
        (``move``), or only mark the matches (the texts or the changes are new)."""
        texts = {s: d.text for s, d in self.window.documents.items() if d is not None}
        changed = self._changed_ranges() if self.bar.changes_only.isChecked() else None
        self.results = finding.search(texts, self.bar.phrase(), self.bar.sides(), changed)
        self.current = None
        if move and len(self.results) and self.bar.isVisible():
            side, position = self.window.reading_spot()
            self.current = self.results.next_from(side, position)
        self._show()

    def refresh(self) -> None:
        if self.bar.isVisible() and self.bar.phrase().strip():
            self.search(move=False)

    def next(self) -> None:
        self._step(forward=True)

    def previous(self) -> None:
        self._step(forward=False)

    def _step(self, forward: bool) -> None:
        if not self.bar.isVisible() or not self.bar.phrase().strip():
            self.open()
            return
        if not len(self.results):
            self._show()
            return
        if self.current is None:
            side, position = self.window.reading_spot()
            self.current = self.results.next_from(side, position, forward)
        else:
            self.current = navigation.wrap_step(self.current, len(self.results), forward)
        self._show()

    def _show(self) -> None:
        window = self.window
        current = None if self.current is None else self.results.matches[self.current]
        for side, pane in window.panes.items():
            spans = [(m.start, m.end) for m in self.results.on_side(side)]
            here = (
                None
                if current is None or current.side is not side
                else (current.start, current.end)
            )
            with window.sync_paused():
                pane.view.set_matches(spans, here)
        if current is not None and window.sync.is_enabled():
            window.sync.align_to(current.side)
        self.bar.set_count(self.current, len(self.results))

    def _on_closed(self) -> None:
        self.results = finding.FindResults([])
        self.current = None
        for pane in self.window.panes.values():
            pane.view.set_matches([])
        self.bar.set_count(None, 0)
        self.window.view_a.setFocus()
