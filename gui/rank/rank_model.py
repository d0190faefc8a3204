"""The table of a folder's articles in the rank window, and its filter.

Filled while the folder is indexed, updated as candidates are compared, replaced by the final
ranking; sorting and filtering (text, verdict) happen in the proxy.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QPalette

from core.model import VerdictKind
from core.rank import IndexEntry, RankedCandidate, RankResult
from core.report.labels import format_size

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

NOT_COMPARED = "not_compared"  # verdict filter value for rows without a full comparison
ALL_VERDICTS = ""


@dataclass
class _Row:
    path: str
    name: str  # path relative to the folder: what the editor recognises
    language: str
    words: int
    size: int
    rank: int | None = None
    estimate: float | None = None
    candidate: RankedCandidate | None = None


def _percent(value: float) -> str:
    return f"{value * 100:.0f}%"


_VERDICT_TIER = {kind: tier for tier, kind in enumerate(VerdictKind)}


class RankTableModel(QAbstractTableModel):
    """The folder's articles: filled while indexing, updated as candidates are compared."""

    COLUMNS = ("#", "File", "Verdict", "Similarity", "Containment", "Language", "Words", "Size")
    RANK, FILE, VERDICT, SIMILARITY, CONTAINMENT, LANGUAGE, WORDS, SIZE = range(len(COLUMNS))
    SortRole = Qt.ItemDataRole.UserRole + 1
    PathRole = Qt.ItemDataRole.UserRole + 2
    VerdictRole = Qt.ItemDataRole.UserRole + 3  # VerdictKind value, or NOT_COMPARED

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._by_path: dict[str, int] = {}
        self._folder = ""
        self._muted = QColor(QPalette().color(QPalette.ColorRole.PlaceholderText))

    # -- filling

    def reset(self, folder: str = "") -> None:
        self.beginResetModel()
        self._rows = []
        self._by_path = {}
        self._folder = folder
        self.endResetModel()

    def display_name(self, path: str) -> str:
        if not self._folder:
            return path
        try:
            relative = os.path.relpath(path, self._folder)
        except ValueError:
            return path
        return path if relative.startswith("..") else relative

    def add_entries(self, entries: list[IndexEntry]) -> None:
        new = [entry for entry in entries if entry.path not in self._by_path]
        if not new:
            return
        first = len(self._rows)
        self.beginInsertRows(_ROOT, first, first + len(new) - 1)
        for entry in new:
            self._by_path[entry.path] = len(self._rows)
            self._rows.append(
                _Row(
                    entry.path,
                    self.display_name(entry.path),
                    entry.language.code,
                    entry.words,
                    entry.size,
                )
            )
        self.endInsertRows()

    def update_candidates(self, candidates: list[RankedCandidate]) -> None:
        """Show comparisons as they arrive (their final rank is only known at the end)."""
        for candidate in candidates:
            row = self._by_path.get(candidate.path)
            if row is None:
                continue
            self._rows[row].candidate = candidate
            self._rows[row].estimate = candidate.estimate
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def set_result(self, result: RankResult) -> None:
        """The final ranking: every row gets its rank, estimate and (if compared) verdict."""
        self.beginResetModel()
        self._folder = result.folder
        self._rows = [
            _Row(
                candidate.path,
                self.display_name(candidate.path),
                candidate.language.code,
                candidate.words,
                candidate.size,
                rank=candidate.rank,
                estimate=candidate.estimate,
                candidate=candidate if candidate.compared else None,
            )
            for candidate in result.candidates
        ]
        self._by_path = {row.path: number for number, row in enumerate(self._rows)}
        self.endResetModel()

    def path_at(self, row: int) -> str:
        return self._rows[row].path

    # -- Qt model interface

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.COLUMNS[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return _HEADER_TIPS[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.parent().isValid():
            return None
        if not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == self.SortRole:
            return self._sort_value(row, column)
        if role == self.PathRole:
            return row.path
        if role == self.VerdictRole:
            return (
                row.candidate.verdict.value
                if row.candidate and row.candidate.verdict
                else NOT_COMPARED
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        muted_columns = (self.SIMILARITY, self.CONTAINMENT, self.VERDICT)
        if role == Qt.ItemDataRole.ForegroundRole and row.candidate is None:
            return self._muted if column in muted_columns else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: _Row, column: int) -> str:
        candidate = row.candidate
        if column == self.RANK:
            return "" if row.rank is None else str(row.rank)
        if column == self.FILE:
            return row.name
        if column == self.VERDICT:
            if candidate is not None and candidate.verdict is not None:
                if candidate.verdict.reuses_passages and candidate.reused_share is not None:
                    return f"{candidate.verdict.label}, {_percent(candidate.reused_share)} reused"
                return candidate.verdict.label
            return "" if row.estimate is None else "Not compared"
        if column == self.SIMILARITY:
            if candidate is not None and candidate.similarity is not None:
                return _percent(candidate.similarity)
            return "" if row.estimate is None else f"≈ {_percent(row.estimate)}"
        if column == self.CONTAINMENT:
            if candidate is not None and candidate.containment is not None:
                return _percent(candidate.containment)
            return ""
        if column == self.LANGUAGE:
            return row.language
        if column == self.WORDS:
            return f"{row.words:,}"
        if column == self.SIZE:
            return format_size(row.size)
        return ""

    def _sort_value(self, row: _Row, column: int) -> int | float | str | None:
        # One type per column (the sort role compares values of one column only).
        candidate = row.candidate
        if column == self.RANK:
            return row.rank if row.rank is not None else 1 << 30
        if column == self.FILE:
            return row.name.casefold()
        if column == self.VERDICT:
            if candidate is not None and candidate.verdict is not None:
                return _VERDICT_TIER[candidate.verdict]
            return len(_VERDICT_TIER)
        if column == self.SIMILARITY:
            # Compared rows (0..1) always above estimate-only rows (shifted to -2..-1), which
            # still sort among themselves: the two measures are not on the same scale.
            if candidate is not None and candidate.similarity is not None:
                return candidate.similarity
            return -2.0 + (row.estimate or 0.0) if row.estimate is not None else -3.0
        if column == self.CONTAINMENT:
            if candidate is not None and candidate.containment is not None:
                return candidate.containment
            return -1.0
        if column == self.LANGUAGE:
            return row.language
        if column == self.WORDS:
            return row.words
        if column == self.SIZE:
            return row.size
        return None

    def _tooltip(self, row: _Row, column: int) -> str | None:
        candidate = row.candidate
        if column == self.FILE:
            return row.path
        if column == self.VERDICT and candidate is not None:
            return candidate.explanation or candidate.note or None
        if column == self.SIMILARITY and candidate is None and row.estimate is not None:
            return (
                "Estimated vocabulary overlap: this article was not among the best candidates, "
                "so it was not compared sentence by sentence."
            )
        return None


_NUMERIC_COLUMNS = frozenset(
    {
        RankTableModel.RANK,
        RankTableModel.SIMILARITY,
        RankTableModel.CONTAINMENT,
        RankTableModel.WORDS,
        RankTableModel.SIZE,
    }
)
_HEADER_TIPS = (
    "Rank: the most likely rewrite first",
    "The file, relative to the folder",
    "What the full comparison concluded (only the best candidates are compared)",
    "Share of words the two texts have in common after aligning their sentences "
    "(≈: estimated from the vocabulary only)",
    "Share of the shorter text found in the other",
    "Language of the article",
    "Number of words",
    "Size of the file",
)


class RankFilterProxy(QSortFilterProxyModel):
    """Sorts by the model's SortRole; filters by file name text and by verdict."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._verdict = ALL_VERDICTS
        self.setSortRole(RankTableModel.SortRole)
        self.setDynamicSortFilter(True)

    def set_text_filter(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_verdict_filter(self, verdict: str) -> None:
        """A VerdictKind value, NOT_COMPARED, or ALL_VERDICTS."""
        self.beginFilterChange()
        self._verdict = verdict
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        if self._text:
            name = model.index(source_row, RankTableModel.FILE, source_parent).data()
            if self._text not in str(name).casefold():
                return False
        if self._verdict != ALL_VERDICTS:
            verdict = model.index(source_row, 0, source_parent).data(RankTableModel.VerdictRole)
            if verdict != self._verdict:
                return False
        return True
