"""A calm, non-modal message strip inside the window (like a browser's info bar).

Messages never block: the editor keeps working and can read or dismiss them, and tests can
read :meth:`MessageBar.text`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from gui.formats import is_dark


class Level(enum.Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


# (background, border) for light and dark palettes.
_COLORS = {
    (Level.INFO, False): ("#e8f0fb", "#b7cdee"),
    (Level.WARNING, False): ("#fdf3d8", "#ecd18a"),
    (Level.ERROR, False): ("#fbe5e5", "#e7aaaa"),
    (Level.INFO, True): ("#1f2d40", "#34507a"),
    (Level.WARNING, True): ("#3a3120", "#7a6430"),
    (Level.ERROR, True): ("#422426", "#83464a"),
}
_SYMBOLS = {Level.INFO: "ℹ", Level.WARNING: "⚠", Level.ERROR: "!"}


class MessageBar(QFrame):
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None, closable: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self._level = Level.INFO
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.setSpacing(10)
        self._symbol = QLabel()
        self._label = QLabel()
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self._symbol, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._label, 1)
        self._actions_layout = QHBoxLayout()
        self._actions_layout.setSpacing(6)
        layout.addLayout(self._actions_layout)
        self._action_buttons: list[QPushButton] = []
        self._close = QToolButton()
        self._close.setText("✕")
        self._close.setAutoRaise(True)
        self._close.setToolTip("Dismiss")
        self._close.clicked.connect(self.dismiss)
        self._close.setVisible(closable)
        layout.addWidget(self._close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(
        self,
        text: str,
        level: Level = Level.INFO,
        actions: tuple[tuple[str, Callable[[], None]], ...] = (),
    ) -> None:
        self._level = level
        self._label.setText(text)
        self._symbol.setText(_SYMBOLS[level])
        for button in self._action_buttons:
            self._actions_layout.removeWidget(button)
            button.deleteLater()
        self._action_buttons = []
        for label, callback in actions:
            button = QPushButton(label)
            button.clicked.connect(callback)
            button.clicked.connect(self.dismiss)
            self._actions_layout.addWidget(button)
            self._action_buttons.append(button)
        self._apply_colors()
        self.show()

    def dismiss(self) -> None:
        if self.isVisible() or self._label.text():
            self._label.clear()
            self.hide()
            self.dismissed.emit()

    def text(self) -> str:
        return self._label.text()

    def level(self) -> Level:
        return self._level

    def action_labels(self) -> list[str]:
        return [b.text() for b in self._action_buttons]

    def trigger_action(self, label: str) -> None:
        for button in self._action_buttons:
            if button.text() == label:
                button.click()
                return
        raise KeyError(label)

    def _apply_colors(self) -> None:
        background, border = _COLORS[(self._level, is_dark(self.palette()))]
        text = self.palette().color(QPalette.ColorRole.WindowText).name()
        self.setStyleSheet(
            f"QFrame#messageBar {{ background: {background}; border: 1px solid {border};"
            f" border-radius: 6px; }}"
            f" QFrame#messageBar QLabel {{ color: {text}; background: transparent; }}"
        )
        symbol_color = QColor(border).darker(150 if not is_dark(self.palette()) else 60)
        self._symbol.setStyleSheet(f"color: {symbol_color.name()}; font-weight: bold;")

    def refresh_palette(self) -> None:
        if self.isVisible():
            self._apply_colors()
