"""The Find bar under the panes: a phrase, where to look, how many matches, previous/next.

Only the widget; the window runs the search (:mod:`gui.find`) and shows the matches.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from gui.views.spans import Side

SCOPES = (("Both sides", (Side.A, Side.B)), ("Original (A)", (Side.A,)), ("Copy (B)", (Side.B,)))


class FindBar(QWidget):
    changed = Signal()  # the phrase or where to look changed: search again
    next_requested = Signal()
    previous_requested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.setSpacing(6)
        label = QLabel("&Find:")
        self.field = QLineEdit()
        self.field.setObjectName("findField")
        self.field.setPlaceholderText("Words to find")
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumWidth(110)
        self.field.setMaximumWidth(260)
        label.setBuddy(self.field)
        self.field.textChanged.connect(self.changed)
        self.field.installEventFilter(self)
        self.scope = QComboBox()
        self.scope.setObjectName("findScope")
        for text, _sides in SCOPES:
            self.scope.addItem(text)
        self.scope.setToolTip("Which pane to search")
        self.scope.currentIndexChanged.connect(self.changed)
        self.changes_only = QCheckBox("Changes only")
        self.changes_only.setObjectName("findChangesOnly")
        self.changes_only.setToolTip("Find only in text that was reworded, added, removed or moved")
        self.changes_only.toggled.connect(self.changed)
        self.previous_button = QToolButton()
        self.previous_button.setText("↑")
        self.previous_button.setToolTip("Previous match (Shift+F3)")
        self.previous_button.clicked.connect(self.previous_requested)
        self.next_button = QToolButton()
        self.next_button.setText("↓")
        self.next_button.setToolTip("Next match (F3, Enter)")
        self.next_button.clicked.connect(self.next_requested)
        self.count_label = QLabel("")
        self.count_label.setObjectName("findCount")
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Close the Find bar (Esc)")
        self.close_button.clicked.connect(self.close_bar)
        # What matters most comes first: in a narrow window the bar is cut at the right (it
        # never makes the window wider); Esc still closes it.
        for widget in (label, self.field, self.count_label, self.previous_button):
            layout.addWidget(widget)
        layout.addWidget(self.next_button)
        layout.addSpacing(6)
        layout.addWidget(self.scope)
        layout.addWidget(self.changes_only)
        layout.addStretch(1)
        layout.addWidget(self.close_button)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def phrase(self) -> str:
        return self.field.text()

    def sides(self) -> tuple[Side, ...]:
        return SCOPES[max(0, self.scope.currentIndex())][1]

    def set_count(self, current: int | None, total: int) -> None:
        if not self.phrase().strip():
            text = ""
        elif total == 0:
            text = "No matches"
        elif current is None:
            text = f"{total:,} matches" if total != 1 else "1 match"
        else:
            text = f"{current + 1:,} of {total:,}"
        self.count_label.setText(text)

    def open_bar(self, phrase: str = "") -> None:
        if phrase:
            self.field.setText(phrase)
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and isinstance(event, QKeyEvent):
            key = event.key()
            if event.type() == QEvent.Type.ShortcutOverride and key == Qt.Key.Key_Escape:
                event.accept()  # Esc closes the bar before it reaches the window's Cancel
                return True
            if event.type() == QEvent.Type.KeyPress:
                if key == Qt.Key.Key_Escape:
                    self.close_bar()
                    return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                    (self.previous_requested if shift else self.next_requested).emit()
                    return True
        return super().eventFilter(watched, event)
