"""The list of changes: a table model over the comparison, a kind filter, and its panel."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from core.model import Block, BlockKind
from core.report.labels import KIND_LABELS
from gui.formats import ColorScheme
from gui.views.describe import describe_change, short_label
from gui.views.spans import BLOCK_MARKS, ComparisonIndex, Side

CHANGE_KINDS = (BlockKind.CHANGED, BlockKind.INSERTED, BlockKind.DELETED, BlockKind.MOVED)
BLOCK_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
COPIED_ROLE = Qt.ItemDataRole.UserRole + 3  # the change lies in a passage copied from A
_SPACES = re.compile(r"\s+")
_EXCERPT = 90

AnyIndex = QModelIndex | QPersistentModelIndex


def excerpt(text: str, limit: int = _EXCERPT) -> str:
    flat = _SPACES.sub(" ", text[: limit * 4]).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


class ChangesModel(QAbstractTableModel):
    COLUMNS = ("#", "Change", "Original (A)", "Copy (B)")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._index: ComparisonIndex | None = None
        self._scheme: ColorScheme | None = None

    def set_index(self, index: ComparisonIndex | None) -> None:
        self.beginResetModel()
        self._index = index
        self.endResetModel()

    def set_scheme(self, scheme: ColorScheme) -> None:
        self._scheme = scheme
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 1),
                self.index(self.rowCount() - 1, 1),
                [Qt.ItemDataRole.DecorationRole],
            )

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        if parent.isValid() or self._index is None:
            return 0
        return len(self._index.changes)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def block_at(self, row: int) -> Block | None:
        if self._index is None or not 0 <= row < len(self._index.changes):
            return None
        return self._index.changes[row]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or self._index is None:
            return None
        block = self.block_at(index.row())
        if block is None:
            return None
        column = index.column()
        if role == BLOCK_ROLE:
            return block
        if role == KIND_ROLE:
            return block.kind.value
        if role == COPIED_ROLE:
            return self._index.in_copied_passage(block)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(index.row() + 1)
            if column == 1:
                if block.index in self._index.weak:
                    return "Weak pair"  # across languages: possible mistranslation
                passage = self._index.passage_of(block)
                verdict = self._index.comparison.verdict
                # Only worth saying when B is not A retold as a whole (excerpt, partial copy).
                if passage is None or verdict is None or not verdict.kind.reuses_passages:
                    return short_label(block)
                family = "copied" if passage.kind.is_copy else "reworded"
                # A long added or removed run may hold one sentence of a passage (found by
                # meaning where the aligner paired nothing): say so, not that all of it is.
                held = passage.b_sentences if block.b_sentences else passage.a_sentences
                mine = block.b_sentences or block.a_sentences
                if not set(mine) <= set(held):
                    family = f"partly {family}"
                return f"{short_label(block)} · {family}"
            return self._side_text(block, Side.A if column == 2 else Side.B, _EXCERPT) or "—"
        if role == Qt.ItemDataRole.ToolTipRole and column <= 1:
            comparison = self._index.comparison
            return describe_change(block, comparison.a, comparison.b)
        if role == Qt.ItemDataRole.ToolTipRole and column >= 2:
            return self._side_text(block, Side.A if column == 2 else Side.B, 400) or None
        if role == Qt.ItemDataRole.DecorationRole and column == 1 and self._scheme is not None:
            return self._scheme.strong[BLOCK_MARKS[block.kind]]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _side_text(self, block: Block, side: Side, limit: int) -> str:
        assert self._index is not None
        start, end = self._index.range_of(block, side)
        return excerpt(self._index.text(side)[start:end], limit)


class ChangeFilter(Protocol):
    """Whether a change is listed: :func:`gui.window.navigation.change_shown`, which F7 obeys
    too.  Handed in by the window (the views do not import the window's modules)."""

    def __call__(
        self,
        kind: BlockKind,
        in_copied_passage: bool,
        kinds: Collection[BlockKind],
        copied_only: bool,
    ) -> bool: ...


class ChangesFilterModel(QSortFilterProxyModel):
    """Shows only the change kinds that are switched on (and, on request, only the changes
    inside passages copied from A), by the rule it is given."""

    def __init__(self, shown: ChangeFilter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._shown = shown
        self._kinds: frozenset[str] = frozenset(k.value for k in CHANGE_KINDS)
        self._copied_only = False

    def set_copied_only(self, copied_only: bool) -> None:
        if hasattr(self, "endFilterChange"):
            self.beginFilterChange()
            self._copied_only = copied_only
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - Qt before 6.10
            self._copied_only = copied_only
            self.invalidateFilter()

    def copied_only(self) -> bool:
        return self._copied_only

    def set_kinds(self, kinds: set[BlockKind] | frozenset[BlockKind]) -> None:
        # Qt 6.10 replaced invalidateFilter() with this pair (the old call now warns).
        if hasattr(self, "endFilterChange"):
            self.beginFilterChange()
            self._kinds = frozenset(k.value for k in kinds)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - Qt before 6.10
            self._kinds = frozenset(k.value for k in kinds)
            self.invalidateFilter()

    def kinds(self) -> frozenset[BlockKind]:
        return frozenset(BlockKind(k) for k in self._kinds)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        return self._shown(
            BlockKind(model.data(index, KIND_ROLE)),
            bool(model.data(index, COPIED_ROLE)),
            self.kinds(),
            self._copied_only,
        )


class ChangesPanel(QWidget):
    """Filter buttons over a list of changes; activating a row selects that change."""

    change_activated = Signal(int)  # change number (row in the source model)

    def __init__(self, shown: ChangeFilter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ChangesModel(self)
        self.proxy = ChangesFilterModel(shown, self)
        self.proxy.setSourceModel(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 14, 8)
        layout.setSpacing(6)
        filters = QHBoxLayout()
        filters.setSpacing(4)
        filters.addWidget(QLabel("Show:"))
        self.filter_buttons: dict[BlockKind, QToolButton] = {}
        for kind in CHANGE_KINDS:
            button = QToolButton()
            button.setText(KIND_LABELS[kind])
            button.setCheckable(True)
            button.setChecked(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.toggled.connect(self._update_filter)
            filters.addWidget(button)
            self.filter_buttons[kind] = button
        self.copied_button = QToolButton()
        self.copied_button.setText("Copied passages")
        self.copied_button.setCheckable(True)
        self.copied_button.setToolTip(
            "Only the changes inside passages copied from A (verbatim or lightly edited); "
            "the passages themselves are listed in the metrics panel"
        )
        self.copied_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.copied_button.toggled.connect(self._update_filter)
        filters.addSpacing(8)
        filters.addWidget(self.copied_button)
        filters.addStretch(1)
        self.count_label = QLabel()
        filters.addWidget(self.count_label)
        # The row may be cut at the right rather than make the window wider: tabbed beside
        # the metrics in a narrow window, the list still fits.
        filter_row = QWidget()
        filter_row.setLayout(filters)
        filters.setContentsMargins(0, 0, 0, 0)
        filter_row.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        layout.addWidget(filter_row)
        self.view = QTreeView()
        self.view.setModel(self.proxy)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.header()
        header.setStretchLastSection(True)
        # Fixed widths from the font, not ResizeToContents: that measures every row, which
        # is tens of thousands for a long document.
        metrics = self.view.fontMetrics()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, metrics.horizontalAdvance("00000") + 16)
        header.resizeSection(1, metrics.horizontalAdvance("Merged 3 → 1 · partly reworded") + 40)
        header.resizeSection(2, 420)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row)
        layout.addWidget(self.view)
        self._selecting = False
        self._update_count()

    def set_index(self, index: ComparisonIndex | None) -> None:
        self.model.set_index(index)
        self._update_count()

    def set_scheme(self, scheme: ColorScheme) -> None:
        self.model.set_scheme(scheme)

    def set_kinds(self, kinds: set[BlockKind]) -> None:
        for kind, button in self.filter_buttons.items():
            button.setChecked(kind in kinds)

    def select_change(self, number: int | None) -> None:
        """Reflect the window's current change without re-emitting it."""
        self._selecting = True
        try:
            if number is None:
                self.view.selectionModel().clearSelection()
                return
            proxy_index = self.proxy.mapFromSource(self.model.index(number, 0))
            if proxy_index.isValid():
                self.view.selectionModel().setCurrentIndex(
                    proxy_index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.view.scrollTo(proxy_index)
        finally:
            self._selecting = False

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._selecting or not current.isValid():
            return
        self.change_activated.emit(self.proxy.mapToSource(current).row())

    def _update_filter(self) -> None:
        kinds = {kind for kind, button in self.filter_buttons.items() if button.isChecked()}
        self.proxy.set_kinds(kinds)
        self.proxy.set_copied_only(self.copied_button.isChecked())
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(f"{shown} of {total}" if shown != total else f"{total} changes")
