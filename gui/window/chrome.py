"""The window's chrome: actions with their shortcuts, menus, toolbar, status bar and style.

Kept apart from :mod:`gui.window.main_window` so that module is only about behaviour; each function
here creates widgets and stores them as attributes of the window it is given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMenu,
    QMenuBar,
    QProgressBar,
    QPushButton,
    QStatusBar,
    QToolBar,
    QToolButton,
    QWidget,
)

from gui.options import OptionsActions
from gui.settings import read_bool
from gui.theme import Theme
from gui.views.spans import Side

DROP_HINT = "You can also drop one file on a pane, or two files on the window"


class ChromeWindow(Protocol):
    """What the chrome uses of the window it dresses (:class:`gui.window.main_window.MainWindow`,
    a QMainWindow).  Described here rather than imported: the window imports this module, and
    the two must not import each other."""

    settings: QSettings
    options: OptionsActions
    metrics_dock: QDockWidget
    changes_dock: QDockWidget
    # What the chrome makes (actions, menus, status widgets) it leaves on the window under
    # the names in the tables below; MainWindow declares them (one list, not two).

    # The QMainWindow it is; window() of a top-level widget is the widget itself, the parent
    # every action, menu and group gets.
    def window(self) -> QWidget: ...
    def addAction(self, action: QAction) -> None: ...
    def menuBar(self) -> QMenuBar: ...
    def addToolBar(self, title: str) -> QToolBar: ...
    def statusBar(self) -> QStatusBar: ...
    def setStyleSheet(self, sheet: str) -> None: ...
    def close(self) -> bool: ...

    # Its slots.
    def choose_pair(self) -> None: ...
    def choose_file(self, side: Side) -> None: ...
    def paste_as(self, side: Side) -> None: ...
    def show_rank_window(self) -> None: ...
    def show_archive_window(self) -> None: ...
    def swap_sides(self) -> None: ...
    def reload_all(self) -> None: ...
    def export(self, kind: str, path: str | None = None) -> object: ...
    def print_comparison(self) -> None: ...
    def save_pdf(self, path: str | None = None) -> object: ...
    def export_docx(self, path: str | None = None) -> object: ...
    def save_redline_pdf(self, path: str | None = None) -> object: ...
    def next_change(self) -> None: ...
    def previous_change(self) -> None: ...
    def cancel_work(self) -> None: ...
    def copy_selection(self) -> None: ...
    def copy_change(self) -> None: ...
    def select_all(self) -> None: ...
    def show_find_bar(self) -> None: ...
    def find_next(self) -> None: ...
    def find_previous(self) -> None: ...
    def zoom(self, step: int) -> None: ...
    def set_sync_scrolling(self, enabled: bool) -> None: ...
    def set_reflow(self, enabled: bool) -> None: ...
    def set_tabbed_docks(self, tabbed: bool) -> None: ...
    def set_theme(self, theme: Theme, remember: bool = True) -> None: ...
    def _fill_recent_menu(self) -> None: ...


Shortcut = str | QKeySequence | QKeySequence.StandardKey


@dataclass(frozen=True)
class _ActionSpec:
    """One menu/toolbar action: the window attribute that holds it, its text, what it calls,
    its shortcuts and its tool tip (also the status-bar tip)."""

    attribute: str
    text: str
    slot: Callable[[ChromeWindow], Callable[[], object]]
    shortcuts: tuple[Shortcut, ...] = ()
    tip: str = ""


@dataclass(frozen=True)
class _ToggleSpec:
    """A checkable action: its state comes from the settings (or starts off) and each change
    calls the window's setter."""

    attribute: str
    text: str
    tip: str
    slot: Callable[[ChromeWindow], Callable[[bool], object]]
    setting: str | None = None  # the settings key that remembers it, read with its default
    default: bool = False


_Keys = QKeySequence.StandardKey

_FILE_ACTIONS = (
    _ActionSpec(
        "open_pair_action",
        "Open Pair…",
        lambda w: w.choose_pair,
        (_Keys.Open,),
        f"Pick the original and the copy. {DROP_HINT}.",
    ),
    _ActionSpec(
        "open_a_action",
        "Open Original (A)…",
        lambda w: lambda: w.choose_file(Side.A),
        ("Ctrl+Shift+1",),
        f"Open a file as the original. {DROP_HINT}.",
    ),
    _ActionSpec(
        "open_b_action",
        "Open Copy (B)…",
        lambda w: lambda: w.choose_file(Side.B),
        ("Ctrl+Shift+2",),
        f"Open a file as the copy. {DROP_HINT}.",
    ),
    _ActionSpec(
        "paste_a_action",
        "Paste as Original (A)",
        lambda w: lambda: w.paste_as(Side.A),
        ("Ctrl+Alt+1",),
    ),
    _ActionSpec(
        "paste_b_action", "Paste as Copy (B)", lambda w: lambda: w.paste_as(Side.B), ("Ctrl+Alt+2",)
    ),
    _ActionSpec(
        "rank_action",
        "Compare with Folder…",
        lambda w: w.show_rank_window,
        (),
        "Find which articles in a folder are rewrites of side A",
    ),
    _ActionSpec(
        "archive_action",
        "Compare with Archive…",
        lambda w: w.show_archive_window,
        (),
        "Find which articles in a persistent archive index are rewrites of side A "
        "(build it here or with copydesk-cli index)",
    ),
    _ActionSpec(
        "swap_action", "Swap Sides", lambda w: w.swap_sides, ("Ctrl+Shift+S",), "Exchange A and B"
    ),
    _ActionSpec("reload_action", "Reload", lambda w: w.reload_all, (_Keys.Refresh,)),
    _ActionSpec("export_html_action", "Export HTML Report…", lambda w: lambda: w.export("html")),
    _ActionSpec("export_json_action", "Export JSON…", lambda w: lambda: w.export("json")),
    _ActionSpec("print_action", "Print…", lambda w: w.print_comparison, (_Keys.Print,)),
    _ActionSpec("pdf_action", "Save as PDF…", lambda w: lambda: w.save_pdf()),
    _ActionSpec(
        "export_docx_action",
        "Word Document with Tracked Changes…",
        lambda w: lambda: w.export_docx(),
        (),
        "B's text with A's changes as Word revisions: accept all for B, reject all for A",
    ),
    _ActionSpec(
        "redline_pdf_action",
        "PDF Redline…",
        lambda w: lambda: w.save_redline_pdf(),
        (),
        "B's text with A's changes struck through and underlined, as a PDF",
    ),
    _ActionSpec("quit_action", "Quit", lambda w: w.close, (_Keys.Quit,)),
    _ActionSpec(
        "next_action",
        "Next Change",
        lambda w: w.next_change,
        ("Alt+Down", "F7"),
        "Go to the next change (F7)",
    ),
    _ActionSpec(
        "previous_action",
        "Previous Change",
        lambda w: w.previous_change,
        ("Alt+Up", "Shift+F7"),
        "Go to the previous change (Shift+F7)",
    ),
)

# Edit and View tools for reading: copy, find, text size.
_READING_ACTIONS = (
    _ActionSpec(
        "copy_action",
        "Copy",
        lambda w: w.copy_selection,
        (_Keys.Copy,),
        "Copy the selected text, or the current change as before -> after",
    ),
    _ActionSpec(
        "copy_change_action",
        "Copy Change as Before -> After",
        lambda w: w.copy_change,
        ("Ctrl+Shift+C",),
        "Copy the current change as its text in A -> its text in B",
    ),
    _ActionSpec(
        "select_all_action",
        "Select All",
        lambda w: w.select_all,
        (_Keys.SelectAll,),
        "Select the whole text of the pane you are in",
    ),
    _ActionSpec(
        "find_action",
        "Find…",
        lambda w: w.show_find_bar,
        (_Keys.Find,),
        "Find words in either pane or both (Ctrl+F)",
    ),
    _ActionSpec("find_next_action", "Find Next", lambda w: w.find_next, ("F3",), "Next match (F3)"),
    _ActionSpec(
        "find_previous_action",
        "Find Previous",
        lambda w: w.find_previous,
        ("Shift+F3",),
        "Previous match (Shift+F3)",
    ),
    _ActionSpec(
        "zoom_in_action",
        "Larger Text",
        lambda w: lambda: w.zoom(1),
        (_Keys.ZoomIn, "Ctrl+="),
        "Make the text of both panes larger (Ctrl++)",
    ),
    _ActionSpec(
        "zoom_out_action",
        "Smaller Text",
        lambda w: lambda: w.zoom(-1),
        (_Keys.ZoomOut,),
        "Make the text of both panes smaller (Ctrl+-)",
    ),
    _ActionSpec(
        "zoom_reset_action",
        "Normal Text Size",
        lambda w: lambda: w.zoom(0),
        ("Ctrl+0",),
        "Back to the usual size",
    ),
)

_TOGGLES = (
    _ToggleSpec(
        "sync_action",
        "Synchronise Scrolling",
        "Keep aligned text level in both panes",
        lambda w: w.set_sync_scrolling,
        "view/sync_scrolling",
        True,
    ),
    _ToggleSpec(
        "reflow_action",
        "Reflow Hard-Wrapped Lines",
        "Show text wrapped at a fixed width (wire copy, e-mail) as flowing paragraphs",
        lambda w: w.set_reflow,
        "view/reflow",
        True,
    ),
    _ToggleSpec(
        "tabbed_docks_action",
        "Metrics and Changes in Tabs",
        "Put the list of changes in a tab beside the metrics, so the text gets the full height",
        lambda w: w.set_tabbed_docks,
    ),
)


def _action(window: ChromeWindow, spec: _ActionSpec) -> QAction:
    action = QAction(spec.text, window.window())
    if spec.shortcuts:
        action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
    if spec.tip:
        action.setToolTip(spec.tip)
        action.setStatusTip(spec.tip)
    action.triggered.connect(spec.slot(window))
    window.addAction(action)
    setattr(window, spec.attribute, action)
    return action


def _toggle(window: ChromeWindow, spec: _ToggleSpec) -> QAction:
    action = QAction(spec.text, window.window(), checkable=True)
    action.setToolTip(spec.tip)
    action.setStatusTip(spec.tip)
    if spec.setting is not None:
        action.setChecked(read_bool(window.settings, spec.setting, spec.default))
    action.toggled.connect(spec.slot(window))
    setattr(window, spec.attribute, action)
    return action


def build_actions(window: ChromeWindow) -> None:
    for spec in _FILE_ACTIONS:
        _action(window, spec)
    _action(
        window,
        _ActionSpec(
            "cancel_action",
            "Cancel",
            lambda w: w.cancel_work,
            ("Esc",),
            "Stop loading or comparing",
        ),
    ).setEnabled(False)
    for spec in _READING_ACTIONS:
        _action(window, spec)
    for toggle in _TOGGLES:
        _toggle(window, toggle)
    group = QActionGroup(window.window())
    theme_actions: dict[Theme, QAction] = {}
    for theme in Theme:
        action = QAction(theme.label, window.window(), checkable=True)
        action.setData(theme.value)
        action.triggered.connect(lambda _c=False, t=theme: window.set_theme(t))
        group.addAction(action)
        theme_actions[theme] = action
    setattr(window, "theme_group", group)  # noqa: B010 - a name MainWindow declares
    setattr(window, "theme_actions", theme_actions)  # noqa: B010


# Menus and the toolbar as lists of the window's action names; None is a separator.
_RECENT = "recent comparisons"  # where File > Recent Comparisons goes
_FILE_MENU = (
    "open_pair_action",
    "open_a_action",
    "open_b_action",
    _RECENT,
    "rank_action",
    "archive_action",
    None,
    "reload_action",
    "swap_action",
    None,
    "export_html_action",
    "export_json_action",
    "print_action",
    "pdf_action",
    "export_docx_action",
    "redline_pdf_action",
    None,
    "quit_action",
)
_EDIT_MENU = (
    "copy_action",
    "copy_change_action",
    "select_all_action",
    None,
    "find_action",
    "find_next_action",
    "find_previous_action",
    None,
    "paste_a_action",
    "paste_b_action",
)
_VIEW_MENU_TOP = (
    "next_action",
    "previous_action",
    None,
    "zoom_in_action",
    "zoom_out_action",
    "zoom_reset_action",
)
_TOOLBAR_LEFT = ("open_pair_action", "swap_action", None, "previous_action", "next_action", None)
_EXPORT_MENU = (
    "export_html_action",
    "export_json_action",
    "pdf_action",
    "print_action",
    None,
    "export_docx_action",
    "redline_pdf_action",
)


def _add_actions(
    window: ChromeWindow, target: QMenu | QToolBar, names: tuple[str | None, ...]
) -> None:
    for name in names:
        if name is None:
            target.addSeparator()
        elif name != _RECENT:
            action: QAction = getattr(window, name)
            target.addAction(action)


def build_menus(window: ChromeWindow) -> None:
    menu = window.menuBar()
    file_menu = menu.addMenu("&File")
    file_menu.setToolTipsVisible(True)
    file_menu.setToolTip(f"Open files. {DROP_HINT}.")
    recent_at = _FILE_MENU.index(_RECENT)
    _add_actions(window, file_menu, _FILE_MENU[:recent_at])
    recent_menu = file_menu.addMenu("Recent Comparisons")
    recent_menu.aboutToShow.connect(window._fill_recent_menu)
    setattr(window, "recent_menu", recent_menu)  # noqa: B010 - a name MainWindow declares
    _add_actions(window, file_menu, _FILE_MENU[recent_at + 1 :])
    _add_actions(window, menu.addMenu("&Edit"), _EDIT_MENU)
    view_menu = menu.addMenu("&View")
    _add_actions(window, view_menu, _VIEW_MENU_TOP)
    theme_menu = view_menu.addMenu("Theme")
    theme_actions: dict[Theme, QAction] = getattr(window, "theme_actions")  # noqa: B009
    for action in theme_actions.values():
        theme_menu.addAction(action)
    _add_actions(window, view_menu, ("reflow_action", None, "sync_action"))
    view_menu.addAction(window.metrics_dock.toggleViewAction())
    view_menu.addAction(window.changes_dock.toggleViewAction())
    _add_actions(window, view_menu, ("tabbed_docks_action",))
    options_menu = menu.addMenu("&Options")
    setattr(window, "options_menu", options_menu)  # noqa: B010
    help_menu = menu.addMenu("&Help")
    about = help_menu.addAction("About Copydesk")
    about.triggered.connect(lambda: show_about(window))
    for action in window.options.toggles:
        options_menu.addAction(action)
    options_menu.addSeparator()
    options_menu.addAction(window.options.word_level)
    options_menu.addAction(window.options.character_level)


def _menu_button(text: str, menu: QMenu) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setMenu(menu)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    return button


def build_toolbar(window: ChromeWindow) -> None:
    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    _add_actions(window, toolbar, (*_TOOLBAR_LEFT, "sync_action"))
    options_menu: QMenu = getattr(window, "options_menu")  # noqa: B009
    toolbar.addWidget(_menu_button("Options", options_menu))
    toolbar.addSeparator()
    export_menu = QMenu(window.window())
    _add_actions(window, export_menu, _EXPORT_MENU)
    toolbar.addWidget(_menu_button("Export", export_menu))


def build_status_bar(window: ChromeWindow) -> None:
    status = window.statusBar()
    status_labels = {Side.A: QLabel(""), Side.B: QLabel("")}
    for label in status_labels.values():
        label.setObjectName("muted")
        status.addWidget(label)
    progress = QProgressBar()
    progress.setFixedWidth(160)
    progress.setTextVisible(False)
    progress.setMaximumHeight(12)
    progress_label = QLabel("")
    cancel_button = QPushButton("Cancel")
    cancel_button.clicked.connect(window.cancel_work)
    for widget in (progress_label, progress, cancel_button):
        status.addPermanentWidget(widget)
        widget.hide()
    made = {
        "status_labels": status_labels,
        "progress": progress,
        "progress_label": progress_label,
        "cancel_button": cancel_button,
    }
    for name, value in made.items():
        setattr(window, name, value)


def apply_style(window: ChromeWindow) -> None:
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


def show_about(window: ChromeWindow) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.about(window.window(), "About Copydesk", ABOUT_TEXT)
