"""The window's chrome: actions with their shortcuts, menus, toolbar, status bar and style.

Kept apart from :mod:`gui.window.main_window` so that module is only about behaviour; each function
here creates widgets and stores them as attributes of the window it is given.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QProgressBar, QPushButton, QToolButton

from gui.settings import read_bool
from gui.theme import Theme
from gui.views.spans import Side

DROP_HINT = "You can also drop one file on a pane, or two files on the window"

# The window the chrome dresses: gui.window.main_window.MainWindow, a QMainWindow whose slots
# and attributes the chrome uses by name.  Not imported (the window imports this module), so
# the two modules do not import each other; typed loosely on purpose.
MainWindow = Any


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
        f"Pick the original and the copy. {DROP_HINT}.",
    )
    window.open_a_action = _action(
        window,
        "Open Original (A)…",
        lambda: window.choose_file(Side.A),
        ("Ctrl+Shift+1",),
        f"Open a file as the original. {DROP_HINT}.",
    )
    window.open_b_action = _action(
        window,
        "Open Copy (B)…",
        lambda: window.choose_file(Side.B),
        ("Ctrl+Shift+2",),
        f"Open a file as the copy. {DROP_HINT}.",
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
    window.archive_action = _action(
        window,
        "Compare with Archive…",
        window.show_archive_window,
        (),
        "Find which articles in a persistent archive index are rewrites of side A "
        "(build it here or with copydesk-cli index)",
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
    _build_reading_actions(window)


def _build_reading_actions(window: MainWindow) -> None:
    """Edit and View tools for reading: copy, find, text size, theme, reflow, dock layout."""
    window.copy_action = _action(
        window,
        "Copy",
        window.copy_selection,
        (QKeySequence.StandardKey.Copy,),
        "Copy the selected text, or the current change as before -> after",
    )
    window.copy_change_action = _action(
        window,
        "Copy Change as Before -> After",
        window.copy_change,
        ("Ctrl+Shift+C",),
        "Copy the current change as its text in A -> its text in B",
    )
    window.select_all_action = _action(
        window,
        "Select All",
        window.select_all,
        (QKeySequence.StandardKey.SelectAll,),
        "Select the whole text of the pane you are in",
    )
    window.find_action = _action(
        window,
        "Find…",
        window.show_find_bar,
        (QKeySequence.StandardKey.Find,),
        "Find words in either pane or both (Ctrl+F)",
    )
    window.find_next_action = _action(
        window, "Find Next", window.find_next, ("F3",), "Next match (F3)"
    )
    window.find_previous_action = _action(
        window, "Find Previous", window.find_previous, ("Shift+F3",), "Previous match (Shift+F3)"
    )
    window.zoom_in_action = _action(
        window,
        "Larger Text",
        lambda: window.zoom(1),
        (QKeySequence.StandardKey.ZoomIn, "Ctrl+="),
        "Make the text of both panes larger (Ctrl++)",
    )
    window.zoom_out_action = _action(
        window,
        "Smaller Text",
        lambda: window.zoom(-1),
        (QKeySequence.StandardKey.ZoomOut,),
        "Make the text of both panes smaller (Ctrl+-)",
    )
    window.zoom_reset_action = _action(
        window, "Normal Text Size", lambda: window.zoom(0), ("Ctrl+0",), "Back to the usual size"
    )
    window.reflow_action = QAction("Reflow Hard-Wrapped Lines", window, checkable=True)
    window.reflow_action.setToolTip(
        "Show text wrapped at a fixed width (wire copy, e-mail) as flowing paragraphs"
    )
    window.reflow_action.setStatusTip(window.reflow_action.toolTip())
    window.reflow_action.setChecked(read_bool(window.settings, "view/reflow", True))
    window.reflow_action.toggled.connect(window.set_reflow)
    window.tabbed_docks_action = QAction("Metrics and Changes in Tabs", window, checkable=True)
    window.tabbed_docks_action.setToolTip(
        "Put the list of changes in a tab beside the metrics, so the text gets the full height"
    )
    window.tabbed_docks_action.setStatusTip(window.tabbed_docks_action.toolTip())
    window.tabbed_docks_action.toggled.connect(window.set_tabbed_docks)
    window.theme_group = QActionGroup(window)
    window.theme_actions = {}
    for theme in Theme:
        action = QAction(theme.label, window, checkable=True)
        action.setData(theme.value)
        action.triggered.connect(lambda _c=False, t=theme: window.set_theme(t))
        window.theme_group.addAction(action)
        window.theme_actions[theme] = action


def build_menus(window: MainWindow) -> None:
    menu = window.menuBar()
    file_menu = menu.addMenu("&File")
    file_menu.setToolTipsVisible(True)
    file_menu.setToolTip(f"Open files. {DROP_HINT}.")
    file_menu.addAction(window.open_pair_action)
    file_menu.addAction(window.open_a_action)
    file_menu.addAction(window.open_b_action)
    window.recent_menu = file_menu.addMenu("Recent Comparisons")
    window.recent_menu.aboutToShow.connect(window._fill_recent_menu)
    file_menu.addAction(window.rank_action)
    file_menu.addAction(window.archive_action)
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
    edit_menu.addAction(window.copy_action)
    edit_menu.addAction(window.copy_change_action)
    edit_menu.addAction(window.select_all_action)
    edit_menu.addSeparator()
    edit_menu.addAction(window.find_action)
    edit_menu.addAction(window.find_next_action)
    edit_menu.addAction(window.find_previous_action)
    edit_menu.addSeparator()
    edit_menu.addAction(window.paste_a_action)
    edit_menu.addAction(window.paste_b_action)
    view_menu = menu.addMenu("&View")
    view_menu.addAction(window.next_action)
    view_menu.addAction(window.previous_action)
    view_menu.addSeparator()
    view_menu.addAction(window.zoom_in_action)
    view_menu.addAction(window.zoom_out_action)
    view_menu.addAction(window.zoom_reset_action)
    theme_menu = view_menu.addMenu("Theme")
    for action in window.theme_actions.values():
        theme_menu.addAction(action)
    view_menu.addAction(window.reflow_action)
    view_menu.addSeparator()
    view_menu.addAction(window.sync_action)
    view_menu.addAction(window.metrics_dock.toggleViewAction())
    view_menu.addAction(window.changes_dock.toggleViewAction())
    view_menu.addAction(window.tabbed_docks_action)
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
Ctrl+F: find (F3 / Shift+F3: next / previous match)<br/>
Ctrl++ / Ctrl+- / Ctrl+0: larger / smaller / normal text<br/>
Ctrl+Shift+C: copy the current change as before -> after<br/>
Ctrl+O: open two files &nbsp;·&nbsp; Ctrl+V in a pane: paste text as that side<br/>
Esc: stop loading or comparing</p>
<p>View ▸ Theme: System, Light or Dark (also <tt>copydesk --theme dark</tt>).</p>"""


def show_about(window: MainWindow) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.about(window, "About Copydesk", ABOUT_TEXT)
