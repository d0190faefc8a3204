"""The window's chrome: actions with their shortcuts, menus, toolbar, status bar and style.

Kept apart from :mod:`gui.window.main_window` so that module is only about behaviour; each function
here creates widgets and stores them as attributes of the window it is given.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QProgressBar, QPushButton, QToolButton

from gui.settings import read_bool
from gui.views.spans import Side

if TYPE_CHECKING:
    from gui.window.main_window import MainWindow


def _action(
    window: MainWindow,
    text: str,
    slot: Callable[[], object],
    shortcuts: tuple[str | QKeySequence | QKeySequence.StandardKey, ...] = (),
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    if shortcuts:
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def build_actions(window: MainWindow) -> None:
    window.open_pair_action = _action(
        window,
        "Open Pair…",
        window.choose_pair,
        (QKeySequence.StandardKey.Open,),
        "Pick the original and the copy",
    )
    window.open_a_action = _action(
        window, "Open Original (A)…", lambda: window.choose_file(Side.A), ("Ctrl+Shift+1",)
    )
    window.open_b_action = _action(
        window, "Open Copy (B)…", lambda: window.choose_file(Side.B), ("Ctrl+Shift+2",)
    )
    window.paste_a_action = _action(
        window, "Paste as Original (A)", lambda: window.paste_as(Side.A), ("Ctrl+Alt+1",)
    )
    window.paste_b_action = _action(
        window, "Paste as Copy (B)", lambda: window.paste_as(Side.B), ("Ctrl+Alt+2",)
    )
    window.rank_action = _action(
        window,
        "Compare with Folder…",
        window.show_rank_window,
        (),
        "Find which articles in a folder are rewrites of side A",
    )
    window.swap_action = _action(
        window, "Swap Sides", window.swap_sides, ("Ctrl+Shift+S",), "Exchange A and B"
    )
    window.reload_action = _action(
        window, "Reload", window.reload_all, (QKeySequence.StandardKey.Refresh,)
    )
    window.export_html_action = _action(
        window, "Export HTML Report…", lambda: window.export("html")
    )
    window.export_json_action = _action(window, "Export JSON…", lambda: window.export("json"))
    window.print_action = _action(
        window, "Print…", window.print_comparison, (QKeySequence.StandardKey.Print,)
    )
    window.pdf_action = _action(window, "Save as PDF…", lambda: window.save_pdf())
    window.export_docx_action = _action(
        window,
        "Word Document with Tracked Changes…",
        lambda: window.export_docx(),
        (),
        "B's text with A's changes as Word revisions: accept all for B, reject all for A",
    )
    window.redline_pdf_action = _action(
        window,
        "PDF Redline…",
        lambda: window.save_redline_pdf(),
        (),
        "B's text with A's changes struck through and underlined, as a PDF",
    )
    window.quit_action = _action(window, "Quit", window.close, (QKeySequence.StandardKey.Quit,))
    window.next_action = _action(
        window, "Next Change", window.next_change, ("Alt+Down", "F7"), "Go to the next change (F7)"
    )
    window.previous_action = _action(
        window,
        "Previous Change",
        window.previous_change,
        ("Alt+Up", "Shift+F7"),
        "Go to the previous change (Shift+F7)",
    )
    window.sync_action = QAction("Synchronise Scrolling", window, checkable=True)
    window.sync_action.setToolTip("Keep aligned text level in both panes")
    window.sync_action.setChecked(read_bool(window.settings, "view/sync_scrolling", True))
    window.sync_action.toggled.connect(window.set_sync_scrolling)
    window.cancel_action = _action(
        window, "Cancel", window.cancel_work, ("Esc",), "Stop loading or comparing"
    )
    window.cancel_action.setEnabled(False)


def build_menus(window: MainWindow) -> None:
    menu = window.menuBar()
    file_menu = menu.addMenu("&File")
    file_menu.addAction(window.open_pair_action)
    file_menu.addAction(window.open_a_action)
    file_menu.addAction(window.open_b_action)
    window.recent_menu = file_menu.addMenu("Recent Comparisons")
    window.recent_menu.aboutToShow.connect(window._fill_recent_menu)
    file_menu.addAction(window.rank_action)
    file_menu.addSeparator()
    file_menu.addAction(window.reload_action)
    file_menu.addAction(window.swap_action)
    file_menu.addSeparator()
    file_menu.addAction(window.export_html_action)
    file_menu.addAction(window.export_json_action)
    file_menu.addAction(window.print_action)
    file_menu.addAction(window.pdf_action)
    file_menu.addAction(window.export_docx_action)
    file_menu.addAction(window.redline_pdf_action)
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)
    edit_menu = menu.addMenu("&Edit")
    edit_menu.addAction(window.paste_a_action)
    edit_menu.addAction(window.paste_b_action)
    view_menu = menu.addMenu("&View")
    view_menu.addAction(window.next_action)
    view_menu.addAction(window.previous_action)
    view_menu.addSeparator()
    view_menu.addAction(window.sync_action)
    view_menu.addAction(window.metrics_dock.toggleViewAction())
    view_menu.addAction(window.changes_dock.toggleViewAction())
    window.options_menu = menu.addMenu("&Options")
    help_menu = menu.addMenu("&Help")
    about = help_menu.addAction("About Copydesk")
    about.triggered.connect(lambda: show_about(window))
    for action in window.options.toggles:
        window.options_menu.addAction(action)
    window.options_menu.addSeparator()
    window.options_menu.addAction(window.options.word_level)
    window.options_menu.addAction(window.options.character_level)


def build_toolbar(window: MainWindow) -> None:
    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.addAction(window.open_pair_action)
    toolbar.addAction(window.swap_action)
    toolbar.addSeparator()
    toolbar.addAction(window.previous_action)
    toolbar.addAction(window.next_action)
    toolbar.addSeparator()
    toolbar.addAction(window.sync_action)
    options_button = QToolButton()
    options_button.setText("Options")
    options_button.setMenu(window.options_menu)
    options_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    toolbar.addWidget(options_button)
    toolbar.addSeparator()
    export_menu = QMenu(window)
    export_menu.addAction(window.export_html_action)
    export_menu.addAction(window.export_json_action)
    export_menu.addAction(window.pdf_action)
    export_menu.addAction(window.print_action)
    export_menu.addSeparator()
    export_menu.addAction(window.export_docx_action)
    export_menu.addAction(window.redline_pdf_action)
    export_button = QToolButton()
    export_button.setText("Export")
    export_button.setMenu(export_menu)
    export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    toolbar.addWidget(export_button)


def build_status_bar(window: MainWindow) -> None:
    status = window.statusBar()
    window.status_labels = {Side.A: QLabel(""), Side.B: QLabel("")}
    for label in window.status_labels.values():
        label.setObjectName("muted")
        status.addWidget(label)
    window.progress = QProgressBar()
    window.progress.setFixedWidth(160)
    window.progress.setTextVisible(False)
    window.progress.setMaximumHeight(12)
    window.progress_label = QLabel("")
    window.cancel_button = QPushButton("Cancel")
    window.cancel_button.clicked.connect(window.cancel_work)
    for widget in (window.progress_label, window.progress, window.cancel_button):
        status.addPermanentWidget(widget)
        widget.hide()


def apply_style(window: MainWindow) -> None:
    window.setStyleSheet(
        """
        QFrame#documentPane { background: palette(base); border: 1px solid palette(mid);
                              border-radius: 6px; }
        QWidget#paneHeader { background: transparent; }
        QFrame#paneRule { color: palette(midlight); max-height: 1px; border: none;
                          background: palette(midlight); }
        QLabel#sideBadge { background: palette(highlight); color: palette(highlighted-text);
                           border-radius: 11px; font-weight: bold; }
        QLabel#muted { color: palette(placeholder-text); }
        QDockWidget::title { padding: 6px 10px; }
        QToolBar { spacing: 4px; padding: 3px 6px; border: none; }
        QToolBar QToolButton { padding: 4px 8px; }
        """
    )


ABOUT_TEXT = """<h3>Copydesk</h3>
<p>Compares two versions of a story: aligned sentences, the words that changed, how similar
the texts are, and a verdict in plain words.</p>
<p><b>Keys</b><br/>
F7 or Alt+Down: next change<br/>
Shift+F7 or Alt+Up: previous change<br/>
Ctrl+O: open two files &nbsp;·&nbsp; Ctrl+V in a pane: paste text as that side<br/>
Esc: stop loading or comparing</p>"""


def show_about(window: MainWindow) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.about(window, "About Copydesk", ABOUT_TEXT)
