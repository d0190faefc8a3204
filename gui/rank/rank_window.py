"""File > Compare with folder...: which article in a folder is a rewrite of this one?

A self-contained dialog.  The main window creates it, connects
:attr:`RankWindow.open_pair_requested` to its side-by-side view and shows it.  The work runs
in :mod:`core.rank` on a QThreadPool: a QRunnable reports batches of events (indexed files,
failures, compared candidates, progress) through a parentless QObject, so they reach the GUI
thread by queued connection; every run carries a token and whatever arrives from an older run
is dropped.  Cancel sets the flag the engine polls through ``CompareConfig.should_cancel``.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    QSortFilterProxyModel,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.config import DEFAULT_CONFIG, CompareConfig
from core.errors import CancelledError, CopydeskError
from core.model import Document, ResultState, VerdictKind
from core.rank import (
    IndexedFolder,
    IndexEntry,
    LoadFailure,
    Progress,
    RankedCandidate,
    RankEvent,
    RankResult,
    index_folder,
    load_article,
    rank,
)
from gui.settings import remember_archive, remembered_archive

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

# Events are sent to the GUI in batches: one queued signal per file would flood the event loop
# on a folder of 10,000 articles.
_FLUSH_SECONDS = 0.1
NOT_COMPARED = "not_compared"  # verdict filter value for rows without a full comparison
ALL_VERDICTS = ""


# --------------------------------------------------------------------------------------------
# Table model


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


def _size_text(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


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
    ) -> Any:
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

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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
            return _size_text(row.size)
        return ""

    def _sort_value(self, row: _Row, column: int) -> Any:
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


# --------------------------------------------------------------------------------------------
# Work off the GUI thread


class _JobSignals(QObject):
    """Parentless, created on the GUI thread: emitting from a pool thread queues to it."""

    events = Signal(int, object)  # token, list of RankEvent
    finished = Signal(int, object)  # token, _Outcome
    failed = Signal(int, str)  # token, message for the editor


@dataclass(frozen=True)
class _Outcome:
    index: IndexedFolder | None  # None when ranked against an archive index
    result: RankResult


# What an archive run indexes before it ranks: nothing, every folder already in the index,
# or one more folder.
UPDATE_NOTHING = ""
UPDATE_ALL = "\x00all"


def is_archive_path(path: str) -> bool:
    """A file (an archive index database) rather than a folder to index for this run."""
    return bool(path) and (os.path.isfile(path) or path.endswith((".db", ".sqlite")))


class _RankJob(QRunnable):
    def __init__(
        self,
        token: int,
        query_path: str,
        folder: str,
        index: IndexedFolder | None,
        config: CompareConfig,
        workers: int,
        signals: _JobSignals,
        update: str = UPDATE_NOTHING,
    ) -> None:
        super().__init__()
        # The window keeps the Python reference until the job reports; Qt must not delete the
        # runnable behind Python's back.
        self.setAutoDelete(False)
        self.token = token
        self._query_path = query_path
        self._folder = folder
        self._index = index
        self._config = config
        self._workers = workers
        self._signals = signals  # keeps the carrier alive while the job runs
        self._update = update
        self._buffer: list[RankEvent] = []
        self._last_flush = time.monotonic()

    def _on_event(self, event: RankEvent) -> None:
        self._buffer.append(event)
        now = time.monotonic()
        # A compared candidate is worth showing at once; the rest goes in timed batches.
        if isinstance(event, RankedCandidate) or now - self._last_flush >= _FLUSH_SECONDS:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            batch, self._buffer = self._buffer, []
            self._signals.events.emit(self.token, batch)
        self._last_flush = time.monotonic()

    def _rank_archive(self, query: Document) -> RankResult:
        from core.rank.archive import index_archive, rank_archive, update_archive

        if self._update == UPDATE_ALL:
            update_archive(
                self._folder, self._config, workers=self._workers, on_progress=self._on_event
            )
        elif self._update:
            index_archive(
                self._update,
                self._folder,
                self._config,
                workers=self._workers,
                on_progress=self._on_event,
            )
        self._config.check_cancelled()
        self._on_event(Progress("Searching the archive index", 0, 0))
        return rank_archive(
            query, self._folder, self._config, on_event=self._on_event, workers=self._workers
        )

    def run(self) -> None:
        try:
            query = load_article(self._query_path, self._config)
            index = self._index
            if is_archive_path(self._folder):
                result = self._rank_archive(query)
                index = None
            elif index is None:
                index = index_folder(
                    self._folder, self._config, workers=self._workers, on_event=self._on_event
                )
            else:
                self._on_event(Progress("Using the folder's index", 0, 0))
            if index is not None:
                result = rank(
                    query, index, self._config, on_event=self._on_event, workers=self._workers
                )
        except CancelledError:
            self._flush()
            self._signals.failed.emit(self.token, "Cancelled before the folder was read.")
        except CopydeskError as error:
            self._flush()
            self._signals.failed.emit(self.token, str(error))
        except Exception as error:  # a bug must reach the editor, not kill the pool thread
            self._flush()
            self._signals.failed.emit(
                self.token, f"Internal error ({type(error).__name__}: {error}); please report it."
            )
        else:
            self._flush()
            self._signals.finished.emit(self.token, _Outcome(index, result))


# --------------------------------------------------------------------------------------------
# The dialog


class RankWindow(QDialog):
    """Choose a query file and a folder; see the folder's articles ranked as rewrites of it."""

    open_pair_requested = Signal(str, str)  # query path, candidate path
    finished_ranking = Signal(object)  # RankResult of the current run (also when cancelled)
    failed = Signal(str)  # message shown in the status line

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        query: str = "",
        folder: str = "",
        config: CompareConfig = DEFAULT_CONFIG,
        workers: int = 1,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare with folder")
        self.setObjectName("rankWindow")
        self.resize(900, 600)
        self._config = config
        self._workers = workers
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _JobSignals()
        self._signals.events.connect(self._on_events, Qt.ConnectionType.QueuedConnection)
        self._signals.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self._token = 0
        self._cancel_event: threading.Event | None = None
        self._running = False
        self._index: IndexedFolder | None = None  # reused while the folder stays the same
        self._jobs: dict[int, _RankJob] = {}  # token -> job, until the job reports
        self._result_query = ""  # the query of the rows shown (the field may change since)
        self._failure_count = 0

        self.model = RankTableModel(self)
        self.proxy = RankFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build(query, folder)
        self._update_buttons()

    # -- layout

    def _build(self, query: str, folder: str) -> None:
        self.query_edit = QLineEdit(query)
        self.query_edit.setObjectName("queryEdit")
        self.query_edit.setPlaceholderText("Your article (text, HTML, Word or PDF file)")
        self.folder_edit = QLineEdit(folder)
        self.folder_edit.setObjectName("folderEdit")
        self.folder_edit.setPlaceholderText(
            "The folder to search (subfolders included), or an archive index (.db)"
        )
        self.folder_edit.textChanged.connect(lambda _: self._update_buttons())
        query_button = QPushButton("Browse…")
        query_button.clicked.connect(self._choose_query)
        folder_button = QPushButton("Browse…")
        folder_button.clicked.connect(self._choose_folder)
        archive_button = QPushButton("Archive Index…")
        archive_button.setObjectName("archiveButton")
        archive_button.setToolTip(
            "Search a persistent archive index instead of reading a folder every time"
        )
        archive_button.clicked.connect(self._choose_archive)
        self.add_folder_button = QPushButton("Add Folder to Index…")
        self.add_folder_button.setObjectName("addFolderButton")
        self.add_folder_button.setToolTip(
            "Index another folder into the archive (only new and changed files are read), then rank"
        )
        self.add_folder_button.clicked.connect(self._add_folder_to_archive)
        self.rank_button = QPushButton("Rank")
        self.rank_button.setObjectName("rankButton")
        self.rank_button.setDefault(True)
        self.rank_button.clicked.connect(lambda: self.start())
        self.rescan_button = QPushButton("Rescan folder")
        self.rescan_button.setToolTip("Read the folder again (files added or changed)")
        self.rescan_button.clicked.connect(lambda: self.start(rescan=True))
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.cancel)

        query_label = QLabel("&Article:")
        query_label.setBuddy(self.query_edit)
        folder_label = QLabel("&Folder or index:")
        folder_label.setBuddy(self.folder_edit)
        chooser = QGridLayout()
        chooser.addWidget(query_label, 0, 0)
        chooser.addWidget(self.query_edit, 0, 1)
        chooser.addWidget(query_button, 0, 2)
        chooser.addWidget(folder_label, 1, 0)
        chooser.addWidget(self.folder_edit, 1, 1)
        chooser.addWidget(folder_button, 1, 2)
        chooser.addWidget(archive_button, 1, 3)
        self.query_edit.returnPressed.connect(lambda: self.start())
        self.folder_edit.returnPressed.connect(lambda: self.start())

        actions = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setObjectName("progress")
        self.progress.setTextVisible(True)
        self.status = QLabel("Choose your article and a folder, then Rank.")
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        actions.addWidget(self.rank_button)
        actions.addWidget(self.rescan_button)
        actions.addWidget(self.add_folder_button)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.progress, 1)

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("filterEdit")
        self.filter_edit.setPlaceholderText("Filter by file name")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.set_text_filter)
        self.verdict_combo = QComboBox()
        self.verdict_combo.setObjectName("verdictFilter")
        self.verdict_combo.addItem("All verdicts", ALL_VERDICTS)
        for kind in VerdictKind:
            self.verdict_combo.addItem(kind.label, kind.value)
        self.verdict_combo.addItem("Not compared", NOT_COMPARED)
        self.verdict_combo.currentIndexChanged.connect(
            lambda _: self.proxy.set_verdict_filter(str(self.verdict_combo.currentData()))
        )
        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.verdict_combo)

        self.table = QTableView()
        self.table.setObjectName("candidates")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(RankTableModel.RANK, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(RankTableModel.FILE, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(RankTableModel.RANK, 40)
        header.resizeSection(RankTableModel.VERDICT, 200)
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.table.setToolTip("Double-click an article to open it side by side with yours")

        self.open_button = QPushButton("Open side by side")
        self.open_button.setObjectName("openButton")
        self.open_button.clicked.connect(self._open_current)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        self.failures_label = QLabel("Files that could not be read")
        self.failures = QListWidget()
        self.failures.setObjectName("failures")
        self.failures.setAlternatingRowColors(True)

        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(filters)
        table_layout.addWidget(self.table, 1)
        open_row = QHBoxLayout()
        open_row.addStretch(1)
        open_row.addWidget(self.open_button)
        table_layout.addLayout(open_row)
        failures_box = QWidget()
        failures_layout = QVBoxLayout(failures_box)
        failures_layout.setContentsMargins(0, 0, 0, 0)
        failures_layout.addWidget(self.failures_label)
        failures_layout.addWidget(self.failures, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(table_box)
        splitter.addWidget(failures_box)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(chooser)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        self._set_failure_count(0)

    # -- public interface

    @property
    def is_running(self) -> bool:
        return self._running

    def set_query(self, path: str) -> None:
        self.query_edit.setText(path)

    def set_folder(self, path: str) -> None:
        self.folder_edit.setText(path)

    def show_archive(self, database: str) -> None:
        """Switch to an archive index: the remembered one, or ask for one."""
        if database:
            self.folder_edit.setText(database)
            self._show_status("Archive index chosen: Rank, or Update Index first.")
        else:
            self._choose_archive()
            if not is_archive_path(self.folder_edit.text().strip()):
                return
            if not os.path.isfile(self.folder_edit.text().strip()):
                self._show_status(
                    "New archive index: Add Folder to Index… reads your archive into it."
                )
        self._update_buttons()

    def set_config(self, config: CompareConfig) -> None:
        """The window's current options, for the next run (a running one keeps its own)."""
        self._config = config

    def start(self, *, rescan: bool = False, add_folder: str = "") -> None:
        """Rank the folder against the article; a run already going is cancelled and dropped.

        Against an archive index, ``rescan`` updates every folder in it first and
        ``add_folder`` indexes one more folder into it first.
        """
        query = self.query_edit.text().strip()
        folder = self.folder_edit.text().strip()
        if not query or not folder:
            self._show_status("Choose your article and a folder first.")
            return
        update = UPDATE_NOTHING
        if is_archive_path(folder):
            update = add_folder or (UPDATE_ALL if rescan else UPDATE_NOTHING)
            if not os.path.isfile(folder) and not add_folder:
                self._show_status(
                    "This archive index does not exist yet: use Add Folder to Index… to build it."
                )
                return
            remember_archive(os.path.abspath(folder))
        if self._cancel_event is not None:
            self._cancel_event.set()
        self._token += 1
        cancel_event = threading.Event()
        self._cancel_event = cancel_event
        config = self._config.with_options(should_cancel=cancel_event.is_set)
        folder_path = os.path.abspath(folder)
        index = self._index
        reuse = (
            not rescan
            and index is not None
            and index.folder == folder_path
            and index.state is ResultState.COMPLETED
        )
        self.model.reset(folder_path)
        self.failures.clear()
        self._set_failure_count(0)
        if reuse and index is not None:
            self.model.add_entries(list(index.entries))
            for failure in index.failures:
                self._add_failure(failure)
        else:
            index = None
            self._index = None
        self._result_query = os.path.abspath(query)
        self._running = True
        self.progress.setRange(0, 0)
        self._show_status("Starting…")
        self._update_buttons()
        job = _RankJob(
            self._token,
            self._result_query,
            folder_path,
            index,
            config,
            self._workers,
            self._signals,
            update,
        )
        self._jobs[job.token] = job
        self._pool.start(job)

    def cancel(self) -> None:
        """Ask the running job to stop; its partial result still arrives (state cancelled)."""
        if self._cancel_event is not None and self._running:
            self._cancel_event.set()
            self._show_status("Cancelling…")
            self.cancel_button.setEnabled(False)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel and wait for the worker; call before the dialog is destroyed."""
        if self._cancel_event is not None:
            self._cancel_event.set()
        self._token += 1  # whatever is still queued is stale now
        if self._running:
            # Its result will be dropped: do not leave a busy bar for when the dialog reopens.
            self._running = False
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self._show_status("Stopped when the window was closed; press Rank to start again.")
            self._update_buttons()
        done = bool(self._pool.waitForDone(timeout_ms))
        if done:
            self._jobs.clear()  # finished: their queued reports, if any, are stale anyway
        return done

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def reject(self) -> None:
        # Escape closes the dialog: stop the work too.
        self.shutdown()
        super().reject()

    # -- reacting to the job

    def _on_events(self, token: int, events: list[RankEvent]) -> None:
        if token != self._token:
            return  # from a run that was replaced
        entries: list[IndexEntry] = []
        candidates: list[RankedCandidate] = []
        for event in events:
            if isinstance(event, IndexEntry):
                entries.append(event)
            elif isinstance(event, RankedCandidate):
                candidates.append(event)
            elif isinstance(event, LoadFailure):
                self._add_failure(event)
            elif isinstance(event, Progress):
                self._show_progress(event)
        if entries:
            self.model.add_entries(entries)
        if candidates:
            self.model.update_candidates(candidates)

    def _on_finished(self, token: int, outcome: _Outcome) -> None:
        self._jobs.pop(token, None)
        if token != self._token:
            return
        self._running = False
        result = outcome.result
        if outcome.index is not None and outcome.index.state is ResultState.COMPLETED:
            self._index = outcome.index
        self.model.set_result(result)
        self.failures.clear()
        self._set_failure_count(0)
        for failure in result.failures:
            self._add_failure(failure)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        compared = sum(1 for candidate in result.candidates if candidate.compared)
        summary = (
            f"{result.indexed:,} articles ranked, the best {compared:,} compared in full "
            f"({result.index_seconds + result.rank_seconds:.1f} s)."
        )
        if result.state is ResultState.CANCELLED:
            summary = f"Cancelled. {summary}"
        elif not result.candidates:
            where = "archive index" if result.archive else "folder"
            summary = f"No articles to rank in this {where}."
        self._show_status(summary)
        self._update_buttons()
        self.finished_ranking.emit(result)

    def _on_failed(self, token: int, message: str) -> None:
        self._jobs.pop(token, None)
        if token != self._token:
            return
        self._running = False
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self._show_status(message)
        self._update_buttons()
        self.failed.emit(message)

    # -- helpers

    def _show_status(self, text: str) -> None:
        self.status.setText(text)

    def _show_progress(self, progress: Progress) -> None:
        if progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(progress.done)
            self._show_status(f"{progress.stage}: {progress.done:,} of {progress.total:,}")
        else:
            self.progress.setRange(0, 0)
            self._show_status(f"{progress.stage}…")

    def _add_failure(self, failure: LoadFailure) -> None:
        name = self.model.display_name(failure.path)
        item = QListWidgetItem(f"{name}: {failure.reason}")
        item.setToolTip(failure.path)
        item.setData(Qt.ItemDataRole.UserRole, failure.path)
        self.failures.addItem(item)
        self._set_failure_count(self.failures.count())

    def _set_failure_count(self, count: int) -> None:
        self._failure_count = count
        self.failures_label.setText(
            "Files that could not be read: none"
            if count == 0
            else f"Files that could not be read: {count:,}"
        )

    def _update_buttons(self) -> None:
        self.rank_button.setEnabled(True)
        self.cancel_button.setEnabled(self._running)
        archive = is_archive_path(self.folder_edit.text().strip())
        self.rescan_button.setText("Update Index" if archive else "Rescan folder")
        self.rescan_button.setToolTip(
            "Index every folder of the archive again (only new and changed files are read)"
            if archive
            else "Read the folder again (files added or changed)"
        )
        self.rescan_button.setEnabled(not self._running and (archive or self._index is not None))
        self.add_folder_button.setVisible(archive)
        self.add_folder_button.setEnabled(not self._running)
        self.open_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def _choose_query(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Choose your article",
            str(Path(self.query_edit.text()).parent) if self.query_edit.text() else "",
            "Articles (*.txt *.md *.html *.htm *.docx *.pdf);;All files (*)",
        )
        if path:
            self.query_edit.setText(path)

    def _choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self, "Choose the folder to search", self.folder_edit.text()
        )
        if path:
            self.folder_edit.setText(path)

    def _choose_archive(self) -> None:
        current = self.folder_edit.text().strip()
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Choose an archive index (an existing one, or a new file name)",
            current if is_archive_path(current) else remembered_archive(),
            "Archive index (*.db);;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            if not path.endswith((".db", ".sqlite")) and not os.path.isfile(path):
                path += ".db"
            self.folder_edit.setText(path)

    def _add_folder_to_archive(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose a folder to add to the index")
        if folder:
            self.start(add_folder=folder)

    def _path_at(self, proxy_index: QModelIndex) -> str:
        source = self.proxy.mapToSource(proxy_index)
        return self.model.path_at(source.row())

    def _on_double_clicked(self, proxy_index: QModelIndex) -> None:
        if proxy_index.isValid():
            self.open_pair_requested.emit(self._result_query, self._path_at(proxy_index))

    def _open_current(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._on_double_clicked(rows[0])
