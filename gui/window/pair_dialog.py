"""File > Open Pair: one dialog to pick the original and the copy, from any two folders.

A plain multi-file chooser cannot pick files from two folders, and the order in which it
returns two files is the platform's, not "original first".  Here each side has its own field
(typed, pasted or browsed), the sides can be swapped, and choosing two files at once in the
first Browse fills both.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import os_error_reason, special_file_kind
from core.load.formats import FILE_DIALOG_FILTER
from gui.views.spans import Side

FILE_FILTER = FILE_DIALOG_FILTER
SIDE_LABELS = {Side.A: "&Original (A):", Side.B: "&Copy (B):"}


def problem_with(path: str) -> str | None:
    """Why ``path`` cannot be opened, in words for the editor, or None when it can."""
    if not path:
        return "is empty"
    target = Path(path).expanduser()
    if not target.exists():
        return "does not exist"
    try:
        kind = special_file_kind(target.stat().st_mode)
    except OSError as error:
        return f"cannot be opened: {os_error_reason(error, action='open')}"
    return None if kind is None else f"is {kind}, not a file"


class PairDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        paths: tuple[str, str] = ("", ""),
        directory: str = "",
        browse: Callable[[QWidget, str, str], list[str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open two versions")
        self.setObjectName("pairDialog")
        self.setMinimumWidth(560)
        self._directory = directory
        self._browse = browse or _browse_files
        self.fields: dict[Side, QLineEdit] = {}
        self.browse_buttons: dict[Side, QPushButton] = {}
        grid = QGridLayout()
        for row, side in enumerate(Side):
            field = QLineEdit(paths[row])
            field.setObjectName(f"path{side.letter}")
            field.setPlaceholderText("A text, Markdown, web page, Word or PDF file")
            field.setClearButtonEnabled(True)
            field.textChanged.connect(self._update)
            label = QLabel(SIDE_LABELS[side])
            label.setBuddy(field)
            button = QPushButton("Browse…")
            # Not a default button: Enter after browsing opens the pair, not the chooser again.
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, s=side: self._choose(s))
            grid.addWidget(label, row, 0)
            grid.addWidget(field, row, 1)
            grid.addWidget(button, row, 2)
            self.fields[side] = field
            self.browse_buttons[side] = button
        self.swap_button = QPushButton("Swap")
        self.swap_button.setToolTip("Exchange the original and the copy")
        self.swap_button.setAutoDefault(False)
        self.swap_button.clicked.connect(self.swap)
        grid.addWidget(self.swap_button, 2, 2)
        self.problem_label = QLabel("")
        self.problem_label.setObjectName("muted")
        self.problem_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        open_button = self.buttons.button(QDialogButtonBox.StandardButton.Open)
        open_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self._update()

    def paths(self) -> tuple[str, str]:
        return (
            str(Path(self.fields[Side.A].text().strip()).expanduser()),
            str(Path(self.fields[Side.B].text().strip()).expanduser()),
        )

    def swap(self) -> None:
        a, b = self.fields[Side.A].text(), self.fields[Side.B].text()
        self.fields[Side.A].setText(b)
        self.fields[Side.B].setText(a)

    def accept(self) -> None:
        """Open only when both files can be read; otherwise say which one cannot."""
        for side in Side:
            problem = problem_with(self.fields[side].text().strip())
            if problem is not None:
                self.problem_label.setText(f"The {_side_name(side)} {problem}.")
                self.fields[side].setFocus()
                return
        super().accept()

    def _update(self) -> None:
        both = all(field.text().strip() for field in self.fields.values())
        open_button = self.buttons.button(QDialogButtonBox.StandardButton.Open)
        open_button.setEnabled(both)
        self.problem_label.setText("")

    def _choose(self, side: Side) -> None:
        current = self.fields[side].text().strip()
        start = str(Path(current).parent) if current else self._directory
        chosen = self._browse(self, f"Choose the {_side_name(side)}", start)
        if not chosen:
            return
        if len(chosen) >= 2:
            # Two files picked at once fill both sides, in the order they were picked.
            self.fields[Side.A].setText(chosen[0])
            self.fields[Side.B].setText(chosen[1])
        else:
            self.fields[side].setText(chosen[0])
        self._directory = str(Path(chosen[0]).parent)


def _side_name(side: Side) -> str:
    return "original (A)" if side is Side.A else "copy (B)"


def _browse_files(parent: QWidget, title: str, directory: str) -> list[str]:
    paths, _filter = QFileDialog.getOpenFileNames(parent, title, directory, FILE_FILTER)
    return list(paths)
