"""The main window: wires the panes, gutter, overview, docks, options and background tasks.

Widgets live in their own modules; this one only decides what happens when: which request
goes to a worker, what a result changes on screen, and which message the editor sees.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QFileSystemWatcher,
    QSignalBlocker,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QPalette,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.config import CompareConfig
from core.errors import CancelledError, CopydeskError, os_error_reason
from core.model import Comparison, Document, ResultState, VerdictKind
from core.report.labels import (
    different_languages_message,
    duration,
    language_name,
    secondary_language_message,
)
from core.text.language import secondary_language
from gui.drops import DropRequest, interpret_drop
from gui.formats import ColorScheme
from gui.options import Options, OptionsActions
from gui.settings import open_settings, recent_comparisons, remember_comparison
from gui.tasks import TaskHandle, TaskRunner
from gui.theme import SETTING as THEME_SETTING
from gui.theme import Theme, apply_theme
from gui.views import printing
from gui.views.changes import ChangesPanel
from gui.views.describe import before_after, describe_change
from gui.views.elided_label import ElidedLabel
from gui.views.find_bar import FindBar
from gui.views.gutter import ConnectorGutter
from gui.views.legend import Legend
from gui.views.message_bar import Level, MessageBar
from gui.views.metrics_panel import MetricsPanel
from gui.views.overview import OverviewStrip
from gui.views.pane import DocumentPane
from gui.views.scroll_sync import ScrollSync
from gui.views.spans import TRACE_MARKS, ComparisonIndex, Side
from gui.views.text_view import DiffTextView, DocumentHandover, PreparedText
from gui.window import chrome as chrome
from gui.window import navigation
from gui.window.find_controller import FindController
from gui.window.pair_dialog import FILE_FILTER, PairDialog

if TYPE_CHECKING:
    from gui.rank.rank_window import RankWindow

DEBOUNCE_MS = 200
DEFAULT_SIZE = QSize(1360, 860)
# Below this height the list of changes goes into a tab beside the metrics (the text gets
# the full height: at 1280x720 the panes otherwise show about 14 lines).
COMPACT_HEIGHT = 800
TEXT_SIZES = (8.0, 9.0, 10.0, 11.5, 13.0, 14.5, 16.0, 18.0, 20.0, 24.0, 28.0)
NORMAL_TEXT_SIZE = 11.5
COMPARE = "compare"
PREPARING_VIEW = "Preparing the view"  # the stage after the engine's "Done"
EXPORT = "export"


def _load_channel(side: Side) -> str:
    return f"load-{side.letter}"


@dataclass(frozen=True)
class Loaded:
    side: Side
    document: Document
    path: str | None  # None for pasted text
    prepared: PreparedText | None = None  # the text laid out off the GUI thread


@dataclass(frozen=True)
class Compared:
    comparison: Comparison
    index: ComparisonIndex | None


def translation_warning(comparison: Comparison) -> str | None:
    """A warning when the sides are in different languages, or one looks like a translation.

    Different languages: one side is a translation of the other and word-level marks mean
    little.  Whole paragraphs in a second language inside one side: untranslated passages
    left behind, the usual trace of a machine translation (see
    ``core.text.language.detect_secondary_language``).
    """
    metrics = comparison.metrics
    if metrics is not None and (metrics.languages_differ or metrics.translation is not None):
        message = different_languages_message(metrics)
        verdict = comparison.verdict
        if metrics.translation is not None and verdict is not None:
            # Aligned by meaning: the translation summary follows.
            return f"{message} {verdict.explanation}"
        return message
    for side, document in (("A", comparison.a), ("B", comparison.b)):
        secondary = secondary_language(document)  # worked out in the compare worker
        if secondary.is_known:
            return secondary_language_message(side, document.language, secondary)
    return None


def export_name(documents: dict[Side, Document | None], kind: str) -> str:
    """A default file name from both sides: "original-vs-rewrite.html"."""
    stems = []
    for side in Side:
        document = documents[side]
        if document is None:
            continue
        stem = Path(document.name).stem if document.info.format != "pasted" else ""
        stem = "".join(c if c.isalnum() or c in "-_." else "-" for c in stem).strip("-.")
        stems.append(stem or f"pasted-{side.letter.lower()}")
    return ("-vs-".join(stems) or "comparison") + f".{kind}"


def next_text_size(current: float, step: int) -> float:
    """The next size on the zoom ladder up (+1) or down (-1); 0 gives the normal size."""
    if step == 0:
        return NORMAL_TEXT_SIZE
    if step > 0:
        return next((s for s in TEXT_SIZES if s > current + 0.01), TEXT_SIZES[-1])
    return next((s for s in reversed(TEXT_SIZES) if s < current - 0.01), TEXT_SIZES[0])


def default_window_size(available: QSize) -> QSize:
    """1360×860 where it fits; on a small screen (a 1024×700 laptop), nine tenths of it."""
    return QSize(
        min(DEFAULT_SIZE.width(), round(available.width() * 0.9)),
        min(DEFAULT_SIZE.height(), round(available.height() * 0.9)),
    )


class MainWindow(QMainWindow):
    # Made by gui.window.chrome.
    open_pair_action: QAction
    open_a_action: QAction
    open_b_action: QAction
    paste_a_action: QAction
    paste_b_action: QAction
    rank_action: QAction
    archive_action: QAction
    swap_action: QAction
    reload_action: QAction
    export_html_action: QAction
    export_json_action: QAction
    print_action: QAction
    pdf_action: QAction
    export_docx_action: QAction
    redline_pdf_action: QAction
    quit_action: QAction
    next_action: QAction
    previous_action: QAction
    sync_action: QAction
    cancel_action: QAction
    copy_action: QAction
    copy_change_action: QAction
    select_all_action: QAction
    find_action: QAction
    find_next_action: QAction
    find_previous_action: QAction
    zoom_in_action: QAction
    zoom_out_action: QAction
    zoom_reset_action: QAction
    reflow_action: QAction
    tabbed_docks_action: QAction
    theme_group: QActionGroup
    theme_actions: dict[Theme, QAction]
    recent_menu: QMenu
    options_menu: QMenu
    status_labels: dict[Side, QLabel]
    progress: QProgressBar
    progress_label: QLabel
    cancel_button: QPushButton

    comparison_shown = Signal(object)  # Comparison, once it is on screen
    document_shown = Signal(int)  # Side, once a loaded document is on screen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Copydesk")
        self.setObjectName("copydeskMainWindow")
        self.setAcceptDrops(True)
        self.settings = open_settings()
        self.tasks = TaskRunner(self)
        # Workers hand the documents they lay out over to this (GUI) thread through it.
        self._handover = DocumentHandover(self)
        app = QCoreApplication.instance()
        if app is not None:
            # Quitting without closing the window (logout, Ctrl+C) must also stop the workers.
            app.aboutToQuit.connect(self.tasks.shutdown)
        self.documents: dict[Side, Document | None] = {Side.A: None, Side.B: None}
        self.paths: dict[Side, str | None] = {Side.A: None, Side.B: None}
        self.index: ComparisonIndex | None = None
        self.current_change: int | None = None
        self._reading: tuple[Side, int] | None = None  # where the editor last clicked
        self._load_errors: dict[Side, str] = {}  # why the last file asked for a side failed
        self._stopped_shown = False  # the message bar holds a "Stopped" note
        self.scheme = ColorScheme.for_palette(self.palette())
        self.options = OptionsActions(Options.load(self.settings), self)
        self._closing = False
        self.rank_window: RankWindow | None = None
        self.pair_dialog: PairDialog | None = None
        self._layout_restored = False

        self._build_central()
        self._build_docks()
        chrome.build_actions(self)
        chrome.build_menus(self)
        chrome.build_toolbar(self)
        chrome.build_status_bar(self)
        chrome.apply_style(self)
        self._connect()
        self.set_theme(Theme.parse(self.settings.value(THEME_SETTING)), remember=False)
        self.apply_scheme()
        self._restore_window_state()
        self._set_text_size(self._saved_text_size())
        self.statusBar().showMessage(
            "Open two files (Ctrl+O), or drop one file on a pane or two on the window."
        )

    # -- construction --------------------------------------------------------------------

    def _build_central(self) -> None:
        central = QWidget()
        central.setObjectName("central")
        outer = QVBoxLayout(central)
        outer.setContentsMargins(10, 8, 10, 6)
        outer.setSpacing(6)
        self.message_bar = MessageBar()
        self.language_banner = MessageBar(closable=True)
        self.language_banner.setObjectName("messageBar")
        outer.addWidget(self.message_bar)
        outer.addWidget(self.language_banner)

        self.pane_a = DocumentPane(Side.A)
        self.pane_b = DocumentPane(Side.B)
        self.panes = {Side.A: self.pane_a, Side.B: self.pane_b}
        self.view_a, self.view_b = self.pane_a.view, self.pane_b.view
        self.gutter = ConnectorGutter(self.view_a, self.view_b)
        self.overview = OverviewStrip()
        row = QHBoxLayout()
        row.setSpacing(0)
        row.addWidget(self.pane_a, 1)
        row.addWidget(self.gutter)
        row.addWidget(self.pane_b, 1)
        row.addSpacing(6)
        row.addWidget(self.overview)
        outer.addLayout(row, 1)
        self.find_bar = FindBar()
        self.find_bar.hide()
        outer.addWidget(self.find_bar)

        footer = QHBoxLayout()
        footer.setContentsMargins(2, 0, 2, 0)
        self.legend = Legend()
        footer.addWidget(self.legend)
        footer.addSpacing(12)
        # A long description of the current change is elided, never widens the window.
        self.position_label = ElidedLabel("")
        self.position_label.setObjectName("muted")
        self.position_label.setAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        footer.addWidget(self.position_label)
        footer.setStretch(footer.indexOf(self.position_label), 1)
        outer.addLayout(footer)
        self.setCentralWidget(central)
        self.sync = ScrollSync(self.view_a, self.view_b, self)

    def _build_docks(self) -> None:
        self.metrics_panel = MetricsPanel()
        self.metrics_dock = QDockWidget("Verdict and metrics", self)
        self.metrics_dock.setObjectName("metricsDock")
        # Scrolled, not squeezed: in a short window the rows of a squeezed form overlap.
        metrics_scroll = QScrollArea()
        metrics_scroll.setObjectName("metricsScroll")
        metrics_scroll.setWidget(self.metrics_panel)
        metrics_scroll.setWidgetResizable(True)
        metrics_scroll.setFrameShape(QFrame.Shape.NoFrame)
        metrics_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.metrics_dock.setWidget(metrics_scroll)
        self.metrics_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.metrics_dock)
        self.changes_panel = ChangesPanel(navigation.change_shown)
        self.changes_dock = QDockWidget("Changes", self)
        self.changes_dock.setObjectName("changesDock")
        self.changes_dock.setWidget(self.changes_panel)
        self.changes_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.changes_dock)

    def _connect(self) -> None:
        self.tasks.finished.connect(self._on_task_finished)
        self.message_bar.dismissed.connect(self._load_errors.clear)
        self.tasks.failed.connect(self._on_task_failed)
        self.tasks.progressed.connect(self._on_task_progress)
        self.tasks.busy_changed.connect(self._on_busy_changed)
        self.options.changed.connect(self._on_options_changed)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.request_compare)
        self._stopping_timer = QTimer(self)
        self._stopping_timer.setInterval(100)
        self._stopping_timer.timeout.connect(self._check_stopped)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._on_file_changed)
        for side, pane in self.panes.items():
            pane.open_requested.connect(lambda s=side: self.choose_file(s))
            pane.view.dropped.connect(lambda request, s=side: self.handle_drop(request, s))
            pane.view.paste_requested.connect(lambda s=side: self.paste_as(s))
            pane.view.position_clicked.connect(
                lambda pos, s=side: self._on_position_clicked(s, pos)
            )
            pane.view.verticalScrollBar().valueChanged.connect(self._update_overview_frames)
            pane.view.zoom_requested.connect(self.zoom)
            pane.view.set_tooltip_provider(lambda pos, s=side: self._tooltip_at(s, pos))
        self.sync.set_enabled(self.sync_action.isChecked())
        self._update_scroll_bars()
        self.overview.jump_requested.connect(self._on_overview_jump)
        self.changes_panel.change_activated.connect(lambda n: self.select_change(n))
        self.metrics_panel.passage_activated.connect(self.show_passage)
        self.metrics_panel.fact_activated.connect(self.select_fact)
        self.finder = FindController(self)

    def _restore_window_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(default_window_size(self.screen().availableGeometry().size()))
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
            self._layout_restored = True
        self._sync_tabbed_action()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._layout_restored:
            # First start: lay the docks out for the size the window really has.
            self._layout_restored = True
            self.set_tabbed_docks(self.height() < COMPACT_HEIGHT)

    def set_tabbed_docks(self, tabbed: bool) -> None:
        """The list of changes in a tab beside the metrics (the text gets the full height),
        or under the panes; the choice is kept with the window's layout."""
        if tabbed:
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.changes_dock)
            self.tabifyDockWidget(self.metrics_dock, self.changes_dock)
            self.metrics_dock.raise_()
            self.resizeDocks([self.metrics_dock], [320], Qt.Orientation.Horizontal)
        else:
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.changes_dock)
            self.resizeDocks([self.metrics_dock], [300], Qt.Orientation.Horizontal)
            self.resizeDocks([self.changes_dock], [190], Qt.Orientation.Vertical)
        self._sync_tabbed_action()

    def _sync_tabbed_action(self) -> None:
        tabbed = self.changes_dock in self.tabifiedDockWidgets(self.metrics_dock)
        with QSignalBlocker(self.tabbed_docks_action):
            self.tabbed_docks_action.setChecked(tabbed)

    # -- colours -------------------------------------------------------------------------

    def apply_scheme(self, palette: QPalette | None = None) -> None:
        """Pick colours for the current palette (light or dark) and repaint everything."""
        self.scheme = ColorScheme.for_palette(palette or self.palette())
        for pane in self.panes.values():
            pane.view.set_scheme(self.scheme)
        self.gutter.set_scheme(self.scheme)
        self.overview.set_scheme(self.scheme)
        self.legend.set_scheme(self.scheme)
        self.changes_panel.set_scheme(self.scheme)
        self.metrics_panel.set_scheme(self.scheme)
        self.message_bar.refresh_palette()
        self.language_banner.refresh_palette()
        if self.index is not None:
            self.metrics_panel.set_comparison(self.index.comparison, self.index.facts)

    def set_theme(self, theme: Theme, remember: bool = True) -> None:
        """View > Theme: the system's palette, or a light or dark one (also ``--theme``)."""
        apply_theme(theme)
        self.theme = theme
        self.theme_actions[theme].setChecked(True)
        if remember:
            self.settings.setValue(THEME_SETTING, theme.value)
        # Widgets under a style sheet keep the palette they were polished with: polish again.
        chrome.apply_style(self)
        # The window's own palette follows the application's a moment later (a posted event).
        self.apply_scheme(QApplication.palette(self))

    # -- text size -----------------------------------------------------------------------

    def _saved_text_size(self) -> float:
        try:
            size = float(str(self.settings.value("view/text_size", NORMAL_TEXT_SIZE)))
        except ValueError:
            size = NORMAL_TEXT_SIZE
        return min(TEXT_SIZES[-1], max(TEXT_SIZES[0], size))

    def text_size(self) -> float:
        return self.view_a.point_size()

    def zoom(self, step: int) -> None:
        """Larger (+1), smaller (-1) or normal (0) text in both panes; remembered."""
        size = next_text_size(self.text_size(), step)
        self._set_text_size(size)
        self.settings.setValue("view/text_size", size)
        self.statusBar().showMessage(f"Text size {size:g} pt", 2000)

    def _set_text_size(self, size: float) -> None:
        # Keep the line at the top of A where it is, and B level with it.
        top = self.view_a.position_at(0)
        for pane in self.panes.values():
            pane.view.set_point_size(size)
        if self.documents[Side.A] is not None:
            with self._sync_paused():
                self.view_a.scroll_to_place(top, 0)
            if self.sync.is_enabled():
                self.sync.align_to(Side.A)
        self.gutter.update()
        self._update_overview_frames()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.apply_scheme()

    # -- getting text in -----------------------------------------------------------------

    def config(self) -> CompareConfig:
        return self.options.options().config()

    def open_files(self, paths: list[str] | tuple[str, ...]) -> None:
        """Open one file (into the empty side, else A) or two files (A and B)."""
        if len(paths) == 2:
            self.open_file(Side.A, paths[0])
            self.open_file(Side.B, paths[1])
        elif len(paths) == 1:
            side = (
                Side.B
                if self.documents[Side.A] is not None and not self.documents[Side.B]
                else Side.A
            )
            self.open_file(side, paths[0])

    def open_file(self, side: Side, path: str | Path) -> TaskHandle:
        from core.load.loading import load_file

        # Absolute: a relative path from the command line must still work from Recent.
        path = os.path.abspath(Path(path).expanduser())
        self._load_errors.pop(side, None)  # an earlier failure for this side is history
        config = self.config()

        reflow = self.reflow_action.isChecked()

        def work(handle: TaskHandle) -> Loaded:
            cancellable = config.with_options(should_cancel=handle.cancel_event.is_set)
            document = load_file(path, cancellable)
            prepared = PreparedText(
                document.text, self._handover, reflow, should_cancel=handle.cancel_event.is_set
            )
            return Loaded(side, document, path, prepared)

        self._show_progress(f"Opening {Path(path).name}…")
        return self.tasks.start(_load_channel(side), work)

    def load_text(self, side: Side, text: str, source: str | None = None) -> TaskHandle:
        from core.load.loading import load_text

        config = self.config()
        label = source or f"Pasted text ({side.letter})"

        reflow = self.reflow_action.isChecked()

        def work(handle: TaskHandle) -> Loaded:
            cancellable = config.with_options(should_cancel=handle.cancel_event.is_set)
            document = load_text(text, label, cancellable)
            prepared = PreparedText(
                document.text, self._handover, reflow, should_cancel=handle.cancel_event.is_set
            )
            return Loaded(side, document, None, prepared)

        self._show_progress("Reading pasted text…")
        return self.tasks.start(_load_channel(side), work)

    def paste_as(self, side: Side) -> None:
        text = QGuiApplication.clipboard().text()
        if not text.strip():
            self.show_message("The clipboard has no text to paste.", Level.WARNING)
            return
        self.load_text(side, text)

    def choose_file(self, side: Side) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, f"Open side {side.letter}", self._last_directory(), FILE_FILTER
        )
        if path:
            self._remember_directory(path)
            self.open_file(side, path)

    def choose_pair(self) -> PairDialog:
        """File > Open Pair: one dialog for both sides (files from any two folders)."""
        current = (self.paths[Side.A] or "", self.paths[Side.B] or "")
        dialog = PairDialog(self, paths=current, directory=self._last_directory())
        self.pair_dialog = dialog

        def open_chosen() -> None:
            path_a, path_b = dialog.paths()
            self._remember_directory(path_b)
            self.open_files([path_a, path_b])

        def forget() -> None:
            if self.pair_dialog is dialog:
                self.pair_dialog = None
            dialog.deleteLater()

        dialog.accepted.connect(open_chosen)
        dialog.finished.connect(forget)
        dialog.open()  # window-modal, without blocking the event loop
        return dialog

    def _last_directory(self) -> str:
        return str(self.settings.value("recent/directory", str(Path.home())))

    def _remember_directory(self, path: str) -> None:
        self.settings.setValue("recent/directory", str(Path(path).parent))

    def handle_drop(self, request: DropRequest, side: Side | None = None) -> None:
        """What a drop does: a message for what cannot be used, never a lost document."""
        if request.error:
            self.show_message(request.error, Level.ERROR)
            return
        if request.text is not None:
            self.load_text(
                side or Side.A, request.text, f"Dropped text ({(side or Side.A).letter})"
            )
            return
        if len(request.paths) == 2:
            self.open_files(request.paths)
        elif len(request.paths) == 1:
            if side is None:
                self.open_files(request.paths)
            else:
                self.open_file(side, request.paths[0])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        event.acceptProposedAction()
        self.handle_drop(interpret_drop(event.mimeData()))

    def swap_sides(self) -> None:
        self.documents = {Side.A: self.documents[Side.B], Side.B: self.documents[Side.A]}
        self.paths = {Side.A: self.paths[Side.B], Side.B: self.paths[Side.A]}
        self.pane_a.swap_documents(self.pane_b)
        for side in Side:
            self._show_document(side, text_shown=True)
        self.request_compare()

    def set_reflow(self, enabled: bool) -> None:
        """View > Reflow Hard-Wrapped Lines: show both texts again, reflowed or as they are.

        Only the display changes (a wrapping line break becomes a space, so every offset
        stays the same): the comparison, its marks and the current change are kept.
        """
        self.settings.setValue("view/reflow", enabled)
        current = self.current_change
        for side, pane in self.panes.items():
            document = self.documents[side]
            if document is None:
                continue
            pane.show_text(enabled)
            pane.view.set_spans(None if self.index is None else self.index.spans[side])
        self.finder.refresh()
        if current is not None:
            self.select_change(current)
        if self.sync.is_enabled():
            self.sync.align_to(Side.A)
        self.gutter.update()

    # -- Edit menu -----------------------------------------------------------------------

    def focused_view(self) -> DiffTextView | None:
        for pane in self.panes.values():
            if pane.view.hasFocus():
                return pane.view
        return None

    def copy_selection(self) -> None:
        """Edit > Copy: the selected text (focused pane first); else the current change."""
        focused = self.focused_view()
        views = [focused] if focused is not None else []
        views += [p.view for p in self.panes.values() if p.view is not focused]
        for view in views:
            text = view.selected_text()
            if text:
                QGuiApplication.clipboard().setText(text)
                return
        if self.current_change is not None:
            self.copy_change()
        else:
            self.statusBar().showMessage("Nothing selected to copy.", 3000)

    def change_as_text(self, number: int) -> str:
        """A change as "its text in A -> its text in B"."""
        assert self.index is not None
        block = self.index.changes[number]
        before, after = (
            self.index.text(side)[slice(*self.index.range_of(block, side))] for side in Side
        )
        return before_after(before, after)

    def copy_change(self) -> None:
        if self.index is None or self.current_change is None:
            self.statusBar().showMessage("Select a change first (F7 goes to the next).", 3000)
            return
        QGuiApplication.clipboard().setText(self.change_as_text(self.current_change))
        self.statusBar().showMessage(
            f"Copied change {self.current_change + 1} as before -> after.", 3000
        )

    def select_all(self) -> None:
        view = self.focused_view() or self.view_a
        view.setFocus()
        view.selectAll()

    # -- Find (gui.window.find_controller) -----------------------------------------------

    def reading_spot(self) -> tuple[Side, int]:
        """Where the editor is reading: the side and the position Find and F7 start from."""
        return self._reading_spot()

    def sync_paused(self) -> contextlib.AbstractContextManager[None]:
        """Scroll synchronisation off while both panes are moved on purpose."""
        return self._sync_paused()

    def show_find_bar(self) -> None:
        self.finder.open()

    def find_next(self) -> None:
        self.finder.next()

    def find_previous(self) -> None:
        self.finder.previous()

    def _tooltip_at(self, side: Side, position: int) -> str | None:
        """A pane's tooltip: what happened to the change under the mouse, in words."""
        if self.index is None:
            return None
        block = self.index.block_at(side, position)
        if block is None or not block.is_change:
            return None
        comparison = self.index.comparison
        return describe_change(block, comparison.a, comparison.b)

    def reload_all(self) -> None:
        for side in Side:
            self.reload(side)

    def reload(self, side: Side) -> None:
        path = self.paths[side]
        if path is not None:
            self.open_file(side, path)

    def _on_file_changed(self, path: str) -> None:
        sides = [side for side in Side if self.paths[side] == path]
        if not sides:
            return
        if Path(path).exists():
            # Editors that save by renaming drop the file from the watcher; watch it again.
            self.watcher.addPath(path)
        name = Path(path).name
        side = sides[0]
        self.show_message(
            f"“{name}” (side {side.letter}) changed on disk.",
            Level.INFO,
            actions=(("Reload", lambda: self._reload_sides(sides)),),
        )

    def _reload_sides(self, sides: list[Side]) -> None:
        for side in sides:
            self.reload(side)

    def _watch(self) -> None:
        wanted = {p for p in self.paths.values() if p}
        current = set(self.watcher.files())
        if current - wanted:
            self.watcher.removePaths(list(current - wanted))
        missing = [p for p in wanted - current if Path(p).exists()]
        if missing:
            self.watcher.addPaths(missing)

    def show_archive_window(self) -> None:
        """File > Compare with Archive: the ranking dialog on the remembered archive index."""
        from gui.settings import remembered_archive

        self.show_rank_window()
        assert self.rank_window is not None
        if not self.rank_window.is_running:
            self.rank_window.show_archive(remembered_archive())

    def show_rank_window(self) -> None:
        """File > Compare with Folder: the ranking dialog, opening the pair it picks."""
        from gui.rank.rank_window import RankWindow

        path_a = self.paths[Side.A]
        if self.rank_window is None:
            # A window of its own, not a dialog over this one: a dialog stays on top of its
            # parent, hiding the pair it just opened.
            self.rank_window = RankWindow(None, query=path_a or "", config=self.config())
            self.rank_window.setWindowFlag(Qt.WindowType.Window, True)
            self.rank_window.open_pair_requested.connect(self._open_ranked_pair)
        elif not self.rank_window.is_running:
            # Between runs, follow the window: its side A and its current options.
            self.rank_window.set_config(self.config())
            if path_a:
                self.rank_window.set_query(path_a)
        self.rank_window.show()
        self.rank_window.raise_()

    def _open_ranked_pair(self, query: str, candidate: str) -> None:
        """A pair picked in the ranking window opens here, and this window comes forward."""
        self.open_files([query, candidate])
        self.show()
        self.raise_()
        self.activateWindow()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        pairs = recent_comparisons(self.settings)
        if not pairs:
            empty = self.recent_menu.addAction("No recent comparisons")
            empty.setEnabled(False)
            return
        for path_a, path_b in pairs:
            action = self.recent_menu.addAction(f"{Path(path_a).name}  ↔  {Path(path_b).name}")
            action.setToolTip(f"{path_a}\n{path_b}")
            action.triggered.connect(lambda _c=False, a=path_a, b=path_b: self.open_files([a, b]))

    # -- comparing -----------------------------------------------------------------------

    def _on_options_changed(self, options: Options) -> None:
        options.save(self.settings)
        self.debounce.start()

    def request_compare(self) -> TaskHandle | None:
        self.debounce.stop()
        a, b = self.documents[Side.A], self.documents[Side.B]
        if a is None or b is None:
            return None
        from core.engine.compare import compare

        config = self.config()

        def work(handle: TaskHandle) -> Compared:
            cancellable = config.with_options(should_cancel=handle.cancel_event.is_set)
            comparison = compare(a, b, cancellable, handle.report_progress)
            if comparison.state is not ResultState.COMPLETED:
                return Compared(comparison, None)
            # The engine is done, the window's share is not: say so rather than "Done".
            handle.report_progress(1.0, PREPARING_VIEW)
            # Language names come from babel, which imports its locale data on first use:
            # here, not on the GUI thread when the metrics panel asks.
            _ = (language_name(a.language), language_name(b.language))
            if handle.cancelled:
                raise CancelledError("Comparison cancelled.")
            # The untranslated-passages check runs langdetect per paragraph: do it here, off
            # the GUI thread, so the banner only reads the cached answer.
            secondary_language(a)
            secondary_language(b)
            from core.traces import find_traces

            return Compared(comparison, ComparisonIndex(comparison, find_traces(comparison)))

        self._show_progress("Comparing…")
        return self.tasks.start(COMPARE, work)

    def cancel_work(self) -> None:
        if not self.tasks.is_busy:
            return
        loading = [s for s in Side if self.tasks.current(_load_channel(s)) is not None]
        self.tasks.cancel()
        self.show_message(self._stopped_message(loading), Level.INFO)
        self._stopped_shown = True
        self._watch_stopping()

    def _stopped_message(self, loading: list[Side]) -> str:
        """What "Stopped" leaves on screen, said as it is."""
        parts = ["Stopped."]
        for side in loading:
            document = self.documents[side]
            if document is None:
                parts.append(f"Side {side.letter} stays empty.")
            else:
                parts.append(f"Side {side.letter} still shows “{Path(document.name).name}”.")
        if self.index is not None:
            parts.append("The comparison on screen is the previous one.")
        elif all(self.documents[s] is not None for s in Side):
            parts.append("The texts are shown without a comparison.")
        if len(parts) == 1:
            parts.append("What was already on screen is kept.")
        return " ".join(parts)

    def _watch_stopping(self) -> None:
        """Keep saying "Stopping…" until the workers have really returned."""
        if self.tasks.active_workers() == 0:
            return
        self.progress_label.setText("Stopping…")
        self.progress.setRange(0, 0)
        for widget in (self.progress_label, self.progress):
            widget.setVisible(True)
        self.cancel_button.setVisible(False)
        self._stopping_timer.start()

    def _check_stopped(self) -> None:
        if self.tasks.is_busy:  # new work started meanwhile: its own progress shows
            self._stopping_timer.stop()
            return
        if self.tasks.active_workers() == 0:
            self._stopping_timer.stop()
            for widget in (self.progress_label, self.progress, self.cancel_button):
                widget.setVisible(False)
            self.statusBar().showMessage("Stopped.", 5000)

    def _on_task_finished(self, handle: TaskHandle) -> None:
        result = handle.result
        if isinstance(result, Loaded):
            self._on_loaded(result)
        elif isinstance(result, Compared):
            self._on_compared(result)
        elif handle.channel.startswith(EXPORT):
            self.show_message(str(result), Level.INFO)
            self.statusBar().showMessage(str(result), 5000)

    def _on_task_failed(self, handle: TaskHandle) -> None:
        error = handle.error
        if isinstance(error, CancelledError):
            return
        if isinstance(error, CopydeskError):
            text = str(error)
        elif isinstance(error, OSError):
            text = f"Could not complete that: {os_error_reason(error)}."
        else:
            text = (
                f"Something went wrong ({type(error).__name__}: {error}). "
                "What was on screen is kept."
            )
        side = next((s for s in Side if handle.channel == _load_channel(s)), None)
        if side is None:
            self.show_message(text, Level.ERROR)
            return
        kept = self.documents[side]
        if kept is not None:
            # The side keeps its previous text, and later comparisons use it: say so.
            text += f" Side {side.letter} still shows “{Path(kept.name).name}”."
        # Both files of a pair can fail (two mistyped names): say so for each of them.
        self._load_errors[side] = text
        self._show_load_errors()

    def _show_load_errors(self) -> None:
        texts = [self._load_errors[s] for s in Side if s in self._load_errors]
        self.show_message("\n".join(texts), Level.ERROR)

    def _on_task_progress(self, handle: TaskHandle, fraction: float, stage: str) -> None:
        if handle.channel == COMPARE:
            self.progress.setRange(0, 1000)
            self.progress.setValue(round(fraction * 1000))
            if stage == PREPARING_VIEW:
                self.progress_label.setText(f"{PREPARING_VIEW}…")
            elif stage:
                self.progress_label.setText(f"Comparing: {stage}")

    def _on_busy_changed(self, busy: bool) -> None:
        self.cancel_action.setEnabled(busy)
        for widget in (self.progress_label, self.progress, self.cancel_button):
            widget.setVisible(busy)

    def _show_progress(self, text: str) -> None:
        self._stopping_timer.stop()
        self.progress_label.setText(text)
        self.progress.setRange(0, 0)
        if self._stopped_shown:
            # "Stopped … is kept" described the screen back then; new work makes it untrue.
            self._stopped_shown = False
            if self.message_bar.level() is Level.INFO:
                self.message_bar.dismiss()

    def _on_loaded(self, loaded: Loaded) -> None:
        side = loaded.side
        self.documents[side] = loaded.document
        self.paths[side] = loaded.path
        self._load_errors.pop(side, None)
        if self._load_errors:
            self._show_load_errors()  # the other side's file could not be read: keep saying so
        elif self.message_bar.level() is Level.ERROR:
            self.message_bar.dismiss()
        self._show_document(side, loaded.prepared)
        self._watch()
        path_a, path_b = self.paths[Side.A], self.paths[Side.B]
        if path_a and path_b and self.documents[side.other] is not None:
            remember_comparison(self.settings, path_a, path_b)
        self.document_shown.emit(int(side))
        self.request_compare()

    def _show_document(
        self, side: Side, prepared: PreparedText | None = None, text_shown: bool = False
    ) -> None:
        """Show a side's document; ``text_shown`` when its pane already shows it (a swap)."""
        document = self.documents[side]
        self._set_index(None)
        if not text_shown:
            self.panes[side].set_document(document, prepared)
        self.status_labels[side].setText(
            ""
            if document is None
            else f"{side.letter}: {Path(document.name).name}"
            + (f" ({document.info.encoding})" if document.info.encoding else "")
        )
        names = [Path(d.name).name for d in self.documents.values() if d is not None]
        self.setWindowTitle(" ↔ ".join(names) + " — Copydesk" if names else "Copydesk")

    def _on_compared(self, compared: Compared) -> None:
        comparison = compared.comparison
        if comparison.a is not self.documents[Side.A] or comparison.b is not self.documents[Side.B]:
            return  # the documents changed while it ran
        if compared.index is None:
            if comparison.state is ResultState.SKIPPED:
                self.show_message(
                    comparison.message or "The comparison was skipped.", Level.WARNING
                )
            return
        self._set_index(compared.index)
        warning = translation_warning(comparison)
        if warning:
            verdict = comparison.verdict
            translated = verdict is not None and verdict.kind is VerdictKind.TRANSLATION
            self.language_banner.show_message(warning, Level.INFO if translated else Level.WARNING)
        else:
            self.language_banner.dismiss()
        if comparison.notes:  # a limit the comparison ran into: never left unsaid
            self.show_message(" ".join(comparison.notes), Level.WARNING)
        changes = navigation.changes_text(len(compared.index.changes))
        elapsed = duration(comparison.elapsed_seconds)
        self.statusBar().showMessage(f"Compared in {elapsed} · {changes}", 8000)
        self.comparison_shown.emit(comparison)

    def _set_index(self, index: ComparisonIndex | None) -> None:
        self.index = index
        self.current_change = None
        self._reading = None
        for side, pane in self.panes.items():
            pane.view.set_spans(None if index is None else index.spans[side])
            pane.view.set_current_range(None)
        self.gutter.set_index(index)
        self.overview.set_index(index)
        self.sync.set_index(index)
        self.changes_panel.set_index(index)
        if index is None:
            self.metrics_panel.clear()
            self.language_banner.dismiss()
            self.legend.set_trace_marks(())
        else:
            self.metrics_panel.set_comparison(index.comparison, index.facts)
            self.metrics_panel.set_traces(index.traces)
            traces = index.traces.traces if index.traces is not None else ()
            self.legend.set_trace_marks({TRACE_MARKS[trace.kind] for trace in traces})
        self.position_label.setText(
            "" if index is None else navigation.changes_text(len(index.changes))
        )
        self._update_overview_frames()
        self.finder.refresh()  # the texts or the changes are new: search them again

    # -- navigating ----------------------------------------------------------------------

    def _allowed(self, number: int) -> bool:
        assert self.index is not None
        block = self.index.changes[number]
        proxy = self.changes_panel.proxy
        return navigation.change_shown(
            block.kind, self.index.in_copied_passage(block), proxy.kinds(), proxy.copied_only()
        )

    def show_passage(self, number: int) -> None:
        """Bring a passage into view on both sides, outlined like a current change."""
        if self.index is None or not 0 <= number < len(self.index.passages):
            return
        passage = self.index.passages[number]
        self.current_change = None
        self._reading = None
        with self._sync_paused():
            for side, pane in self.panes.items():
                pane.view.set_current_range(self.index.passage_range(passage, side))
        self.gutter.set_current_block(None)
        self.changes_panel.select_change(None)
        self.position_label.setText(
            navigation.passage_position_text(number, len(self.index.passages), passage.kind.label)
        )
        self._update_overview_frames()

    def next_change(self) -> None:
        self._step(forward=True)

    def previous_change(self) -> None:
        self._step(forward=False)

    def _step(self, forward: bool) -> None:
        """Go to the next or previous change from where the editor is reading (the rule:
        :func:`gui.window.navigation.change_candidates`)."""
        if self.index is None or not self.index.changes:
            return
        index = self.index
        current = self.current_change

        def spot_change(find: Callable[[Side, int], int | None], offset: int) -> int | None:
            side, position = self._reading_spot()
            return find(side, position + offset)

        candidates = navigation.change_candidates(
            len(index.changes),
            forward,
            current,
            current is not None and self._change_on_screen(current),
            lambda: spot_change(index.change_after, -1),
            lambda: spot_change(index.change_before, 0),
        )
        number = navigation.first_allowed(candidates, self._allowed)
        if number is None:
            self.statusBar().showMessage(navigation.no_more_message(forward), 3000)
        else:
            self.select_change(number)

    def _reading_spot(self) -> tuple[Side, int]:
        if self._reading is not None:
            side, position = self._reading
            top, bottom = self.panes[side].view.visible_range()
            if top <= position <= bottom:
                return side, position
        return Side.A, self.view_a.position_at(0)

    def _change_on_screen(self, number: int) -> bool:
        assert self.index is not None
        block = self.index.changes[number]
        for side, pane in self.panes.items():
            start, end = self.index.range_of(block, side)
            top, bottom = pane.view.visible_range()
            if start <= bottom and end >= top and (end > start or top <= start <= bottom):
                return True
        return False

    def select_change(self, number: int | None, scroll: Side | bool | None = True) -> None:
        """Make a change current in both panes, the gutter and the list.

        ``scroll`` is True to bring it into view on both sides, or the side that must stay
        where it is (the one the editor clicked).
        """
        if self.index is None or number is None or not 0 <= number < len(self.index.changes):
            self.current_change = None
            for pane in self.panes.values():
                pane.view.set_current_range(None)
            self.gutter.set_current_block(None)
            self.changes_panel.select_change(None)
            if self.index is not None:
                self.position_label.setText(navigation.changes_text(len(self.index.changes)))
            return
        self.current_change = number
        self._reading = None
        block = self.index.changes[number]
        with self._sync_paused():
            for side, pane in self.panes.items():
                keep = isinstance(scroll, Side) and scroll is side
                pane.view.set_current_range(
                    self.index.range_of(block, side), scroll=bool(scroll) and not keep
                )
        self.gutter.set_current_block(block.index)
        self.changes_panel.select_change(number)
        comparison = self.index.comparison
        self.position_label.setText(
            navigation.change_position_text(
                number, len(self.index.changes), describe_change(block, comparison.a, comparison.b)
            )
        )
        self.position_label.setToolTip(self.position_label.text())
        self._update_overview_frames()

    def select_fact(self, number: int) -> None:
        """Show a changed fact: its change becomes current and both values are selected."""
        if self.index is None or not 0 <= number < len(self.index.facts):
            return
        fact = self.index.facts[number]
        block = self.index.block(fact.block)
        change = None if block is None else self.index.change_number(block)
        self.select_change(change, scroll=False)
        with self._sync_paused():
            for side, pane in self.panes.items():
                rng = fact.a_range if side is Side.A else fact.b_range
                if rng is not None:
                    pane.view.select_range(rng.start, rng.end)
                elif block is not None:
                    pane.view.center_on(self.index.range_of(block, side)[0])
        self.position_label.setText(
            navigation.fact_position_text(
                number, len(self.index.facts), fact.kind.label, fact.change.value
            )
        )

    @contextlib.contextmanager
    def _sync_paused(self) -> Iterator[None]:
        was = self.sync.is_enabled()
        self.sync._enabled = False
        try:
            yield
        finally:
            self.sync._enabled = was

    def _on_position_clicked(self, side: Side, position: int) -> None:
        if self.index is None:
            return
        block = self.index.block_at(side, position)
        if block is None:
            return
        number = self.index.change_number(block)
        if number is not None:
            self.select_change(number, scroll=side)
            other = self.panes[side.other].view
            with self._sync_paused():
                other.center_on(self.index.range_of(block, side.other)[0])
            return
        # A click in unchanged text: the editor reads from here; F7 goes on from this spot.
        self.select_change(None)
        self._reading = (side, position)
        if self.sync.is_enabled():
            self.sync.align_to(side)

    def _on_overview_jump(self, side_value: int, fraction: float) -> None:
        if self.index is None:
            return
        side = Side(side_value)
        position = round(fraction * len(self.index.text(side)))
        block = self.index.block_at(side, position)
        number = None if block is None else self.index.change_number(block)
        if number is not None:
            self.select_change(number)
        else:
            # Unchanged text there: read on from it (the old change is left behind).
            self.select_change(None)
            self._reading = (side, position)
            self.panes[side].view.center_on(position)
            self.sync.align_to(side)

    def _update_overview_frames(self) -> None:
        if self.index is None:
            return
        for side, pane in self.panes.items():
            length = max(1, len(self.index.text(side)))
            top, bottom = pane.view.visible_range()
            self.overview.set_visible_fraction(side, top / length, bottom / length)

    def set_sync_scrolling(self, enabled: bool) -> None:
        self.sync.set_enabled(enabled)
        self._update_scroll_bars()
        self.settings.setValue("view/sync_scrolling", enabled)

    def _update_scroll_bars(self) -> None:
        # With synchronised scrolling, A's scroll bar would only stand between its text and
        # the connectors (B's bar and the overview steer both); without it, A needs its own.
        policy = (
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            if self.sync_action.isChecked()
            else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        self.view_a.setVerticalScrollBarPolicy(policy)

    # -- getting results out -------------------------------------------------------------

    def export(self, kind: str, path: str | None = None) -> TaskHandle | None:
        if self.index is None:
            self.show_message("Nothing to export yet: open two files first.", Level.WARNING)
            return None
        if path is None:
            suggested = str(Path(self._last_directory()) / export_name(self.documents, kind))
            file_filter = "HTML report (*.html)" if kind == "html" else "JSON (*.json)"
            path, _filter = QFileDialog.getSaveFileName(self, "Export", suggested, file_filter)
            if not path:
                return None
        comparison = self.index.comparison
        target = path

        def work(_handle: TaskHandle) -> str:
            from core import report

            if kind == "html":
                report.write_html(comparison, target)
            else:
                report.write_json(comparison, target)
            return f"Saved {target}."

        self._show_progress(f"Exporting {kind.upper()}…")
        # One channel per kind: exporting HTML and then JSON at once must do both.
        return self.tasks.start(f"{EXPORT}-{kind}", work)

    def save_pdf(self, path: str | None = None) -> TaskHandle | None:
        """Write the comparison as a PDF in the background (seconds for a long text)."""
        if self.index is None:
            self.show_message("Nothing to save yet: open two files first.", Level.WARNING)
            return None
        if path is None:
            suggested = str(Path(self._last_directory()) / export_name(self.documents, "pdf"))
            path, _filter = QFileDialog.getSaveFileName(
                self, "Save as PDF", suggested, "PDF (*.pdf)"
            )
            if not path:
                return None
        index = self.index
        scheme = ColorScheme.for_palette(_print_palette())
        target = path

        def work(handle: TaskHandle) -> str:
            printing.save_pdf(index, scheme, target, handle.cancel_event.is_set)
            return f"Saved {target}."

        self._show_progress("Saving the PDF…")
        return self.tasks.start(f"{EXPORT}-pdf", work)

    def _redline_source(self) -> Comparison | None:
        comparison = self.index.comparison if self.index is not None else None
        if comparison is None or comparison.state is not ResultState.COMPLETED:
            self.show_message("Nothing to export yet: compare two files first.", Level.WARNING)
            return None
        return comparison

    def _ask_target(self, title: str, kind: str, file_filter: str) -> str | None:
        # "original-vs-rewrite-redline.docx": the pair's name, and what the file is.
        name = export_name(self.documents, kind).removesuffix(f".{kind}") + f"-redline.{kind}"
        path, _filter = QFileDialog.getSaveFileName(
            self, title, str(Path(self._last_directory()) / name), file_filter
        )
        return path or None

    def export_docx(self, path: str | None = None) -> TaskHandle | None:
        """Write the Word redline (tracked changes) in the background."""
        comparison = self._redline_source()
        if comparison is None:
            return None
        if path is None:
            path = self._ask_target(
                "Word Document with Tracked Changes", "docx", "Word document (*.docx)"
            )
            if path is None:
                return None
        target = path

        def work(_handle: TaskHandle) -> str:
            from core.report.docx import write_docx

            write_docx(comparison, target)
            return f"Saved {target}."

        self._show_progress("Writing the Word redline…")
        return self.tasks.start(f"{EXPORT}-docx", work)

    def save_redline_pdf(self, path: str | None = None) -> TaskHandle | None:
        """Write the PDF redline in the background (the QTextDocument lives in the worker)."""
        comparison = self._redline_source()
        if comparison is None:
            return None
        if path is None:
            path = self._ask_target("PDF Redline", "pdf", "PDF (*.pdf)")
            if path is None:
                return None
        target = path

        def work(handle: TaskHandle) -> str:
            from core import report
            from gui.views.redline_pdf import save_redline_pdf

            report.check_not_an_input(comparison, target)
            if not save_redline_pdf(comparison, target, handle.cancel_event.is_set):
                return "The PDF redline was cancelled."
            return f"Saved {target}."

        self._show_progress("Saving the PDF redline…")
        return self.tasks.start(f"{EXPORT}-redline-pdf", work)

    def print_comparison(self) -> None:
        if self.index is None:
            self.show_message("Nothing to print yet: open two files first.", Level.WARNING)
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printing.configure_printer(printer)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        index = self.index
        scheme = ColorScheme.for_palette(_print_palette())

        def work(_handle: TaskHandle) -> str:
            printing.print_document(index, scheme, printer)
            return "Sent the comparison to the printer."

        self._show_progress("Printing…")
        self.tasks.start(f"{EXPORT}-print", work)

    # -- messages and closing ------------------------------------------------------------

    def show_message(
        self,
        text: str,
        level: Level = Level.INFO,
        actions: tuple[tuple[str, Callable[[], None]], ...] = (),
    ) -> None:
        self.message_bar.show_message(text, level, actions)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        self.debounce.stop()
        if self.rank_window is not None:
            self.rank_window.close()
            self.rank_window.deleteLater()  # parentless: nothing else would delete it
        self.tasks.shutdown()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()
        super().closeEvent(event)


def _print_palette() -> QPalette:
    """Paper is white: print with the light scheme whatever the screen uses."""
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor("white"))
    palette.setColor(QPalette.ColorRole.Text, QColor("black"))
    return palette
