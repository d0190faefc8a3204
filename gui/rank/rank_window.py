"""File > Compare with folder...: which article in a folder is a rewrite of this one?

A self-contained dialog.  The main window creates it, connects
:attr:`RankWindow.open_pair_requested` to its side-by-side view and shows it.  The work runs
in :mod:`core.rank` on :mod:`gui.tasks`, like the main window's: the work reports batches of
events (indexed files, failures, compared candidates, progress) as it goes; a newer run makes
an older one stale and whatever it still sends is dropped.  Cancel asks the engine to stop
(``CompareConfig.should_cancel``) and still shows what was done; closing drops the run.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent
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
from gui.rank.rank_model import ALL_VERDICTS, NOT_COMPARED, RankFilterProxy, RankTableModel
from gui.settings import remember_archive, remembered_archive
from gui.tasks import TaskHandle, TaskRunner

RANK = "rank"  # the task channel
# Events are sent to the GUI in batches: one queued signal per file would flood the event loop
# on a folder of 10,000 articles.
_FLUSH_SECONDS = 0.1


# --------------------------------------------------------------------------------------------
# Work off the GUI thread


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


class _Batcher:
    """Collects the engine's events and sends them in timed batches (a candidate at once)."""

    def __init__(self, send: Callable[[object], None]) -> None:
        self._send = send
        self._buffer: list[RankEvent] = []
        self._last_flush = time.monotonic()

    def __call__(self, event: RankEvent) -> None:
        self._buffer.append(event)
        now = time.monotonic()
        if isinstance(event, RankedCandidate) or now - self._last_flush >= _FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self._buffer:
            batch, self._buffer = self._buffer, []
            self._send(batch)
        self._last_flush = time.monotonic()


def _rank_archive(
    query: Document,
    database: str,
    update: str,
    config: CompareConfig,
    workers: int,
    events: _Batcher,
) -> RankResult:
    from core.rank.archive import index_archive, rank_archive, update_archive

    if update == UPDATE_ALL:
        update_archive(database, config, workers=workers, on_progress=events)
    elif update:
        index_archive(update, database, config, workers=workers, on_progress=events)
    config.check_cancelled()
    events(Progress("Searching the archive index", 0, 0))
    return rank_archive(query, database, config, on_event=events, workers=workers)


def _rank_work(
    query_path: str,
    folder: str,
    index: IndexedFolder | None,
    config: CompareConfig,
    workers: int,
    update: str = UPDATE_NOTHING,
) -> Callable[[TaskHandle], _Outcome]:
    def work(handle: TaskHandle) -> _Outcome:
        events = _Batcher(handle.report)
        run_config = config.with_options(should_cancel=handle.should_stop)
        found = index
        try:
            query = load_article(query_path, run_config)
            if is_archive_path(folder):
                result = _rank_archive(query, folder, update, run_config, workers, events)
                return _Outcome(None, result)
            if found is None:
                found = index_folder(folder, run_config, workers=workers, on_event=events)
            else:
                events(Progress("Using the folder's index", 0, 0))
            result = rank(query, found, run_config, on_event=events, workers=workers)
        finally:
            events.flush()
        return _Outcome(found, result)

    return work


def _failure_message(error: BaseException | None) -> str:
    if isinstance(error, CancelledError):
        return "Cancelled before the folder was read."
    if isinstance(error, CopydeskError):
        return str(error)
    # A bug must reach the editor, not vanish with the pool thread.
    name = type(error).__name__
    return f"Internal error ({name}: {error}); please report it."


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
        # One run at a time; a new one makes the old one stale (gui.tasks drops its reports).
        self.tasks = TaskRunner(self, max_threads=1)
        self.tasks.reported.connect(self._on_events)
        self.tasks.finished.connect(self._on_finished)
        self.tasks.failed.connect(self._on_failed)
        self._index: IndexedFolder | None = None  # reused while the folder stays the same
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
        return self.tasks.current(RANK) is not None

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
        self.progress.setRange(0, 0)
        self._show_status("Starting…")
        work = _rank_work(
            self._result_query, folder_path, index, self._config, self._workers, update
        )
        self.tasks.start(RANK, work)
        self._update_buttons()

    def cancel(self) -> None:
        """Ask the running job to stop; its partial result still arrives (state cancelled)."""
        if self.is_running:
            self.tasks.stop(RANK)
            self._show_status("Cancelling…")
            self.cancel_button.setEnabled(False)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel and wait for the worker; call before the dialog is destroyed."""
        running = self.is_running
        self.tasks.cancel(RANK)  # whatever it still sends is stale now
        if running:
            # Its result will be dropped: do not leave a busy bar for when the dialog reopens.
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self._show_status("Stopped when the window was closed; press Rank to start again.")
            self._update_buttons()
        return self.tasks.wait(timeout_ms)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def reject(self) -> None:
        # Escape closes the dialog: stop the work too.
        self.shutdown()
        super().reject()

    # -- reacting to the job

    def _on_events(self, handle: TaskHandle, events: list[RankEvent]) -> None:
        # Only the current run's reports arrive here (gui.tasks drops stale ones).
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

    def _on_finished(self, handle: TaskHandle) -> None:
        outcome = handle.result
        assert isinstance(outcome, _Outcome)
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

    def _on_failed(self, handle: TaskHandle) -> None:
        message = _failure_message(handle.error)
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
        running = self.is_running
        self.cancel_button.setEnabled(running)
        archive = is_archive_path(self.folder_edit.text().strip())
        self.rescan_button.setText("Update Index" if archive else "Rescan folder")
        self.rescan_button.setToolTip(
            "Index every folder of the archive again (only new and changed files are read)"
            if archive
            else "Read the folder again (files added or changed)"
        )
        self.rescan_button.setEnabled(not running and (archive or self._index is not None))
        self.add_folder_button.setVisible(archive)
        self.add_folder_button.setEnabled(not running)
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
