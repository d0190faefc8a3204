"""Comparison options as checkable actions, persisted in QSettings.

Changing an option re-runs the comparison (debounced by the window); the options only affect
matching, never the text shown.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QActionGroup

from core.config import CompareConfig
from core.model import Granularity
from gui.settings import read_bool


@dataclass(frozen=True)
class Options:
    ignore_case: bool = True
    ignore_punctuation: bool = False
    normalize_quotes: bool = True
    granularity: Granularity = Granularity.WORD
    show_moved: bool = True

    def config(self, base: CompareConfig | None = None) -> CompareConfig:
        base = base or CompareConfig()
        return replace(
            base,
            ignore_case=self.ignore_case,
            ignore_punctuation=self.ignore_punctuation,
            normalize_quotes=self.normalize_quotes,
            granularity=self.granularity,
            detect_moves=self.show_moved,
        )

    @classmethod
    def load(cls, settings: QSettings) -> Options:
        default = cls()
        granularity = str(settings.value("options/granularity", default.granularity.value))
        return cls(
            ignore_case=read_bool(settings, "options/ignore_case", default.ignore_case),
            ignore_punctuation=read_bool(
                settings, "options/ignore_punctuation", default.ignore_punctuation
            ),
            normalize_quotes=read_bool(
                settings, "options/normalize_quotes", default.normalize_quotes
            ),
            granularity=(
                Granularity.CHARACTER
                if granularity == Granularity.CHARACTER.value
                else Granularity.WORD
            ),
            show_moved=read_bool(settings, "options/show_moved", default.show_moved),
        )

    def save(self, settings: QSettings) -> None:
        settings.setValue("options/ignore_case", self.ignore_case)
        settings.setValue("options/ignore_punctuation", self.ignore_punctuation)
        settings.setValue("options/normalize_quotes", self.normalize_quotes)
        settings.setValue("options/granularity", self.granularity.value)
        settings.setValue("options/show_moved", self.show_moved)


class OptionsActions(QObject):
    """The options as QActions for the menu and toolbar; emits :attr:`changed`."""

    changed = Signal(object)  # Options

    def __init__(self, options: Options, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Matching options decide which words count as the same, so they may change the
        # metrics and the verdict; display options (moved text, granularity) never do.
        self.ignore_case = self._toggle(
            "Ignore case",
            "Treat “Mayor” and “mayor” as the same (a matching option: it may change the "
            "similarity figures and the verdict)",
        )
        self.ignore_punctuation = self._toggle(
            "Ignore punctuation",
            "Do not mark commas, full stops and other punctuation (a matching option: it may "
            "change the similarity figures and the verdict)",
        )
        self.normalize_quotes = self._toggle(
            "Same quotes and dashes",
            "Treat curly and straight quotes, and dash styles, alike (a matching option: it "
            "may change the similarity figures and the verdict)",
        )
        self.show_moved = self._toggle(
            "Detect moved text",
            "Show paragraphs that were moved as moved rather than removed and added (display "
            "only: the figures and the verdict stay the same)",
        )
        self.granularity_group = QActionGroup(self)
        self.granularity_group.setExclusive(True)
        self.word_level = QAction("Compare words", self, checkable=True)
        self.word_level.setToolTip(
            "Mark whole words that changed (display only: the figures stay the same)"
        )
        self.character_level = QAction("Compare characters", self, checkable=True)
        self.character_level.setToolTip(
            "Mark single letters that changed, spelling and typos (display only: the figures "
            "stay the same)"
        )
        for action in (self.word_level, self.character_level):
            self.granularity_group.addAction(action)
            action.toggled.connect(self._emit)
        self.set_options(options)

    def _toggle(self, text: str, tip: str) -> QAction:
        action = QAction(text, self, checkable=True)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.toggled.connect(self._emit)
        return action

    @property
    def toggles(self) -> tuple[QAction, ...]:
        return (self.ignore_case, self.ignore_punctuation, self.normalize_quotes, self.show_moved)

    def options(self) -> Options:
        return Options(
            ignore_case=self.ignore_case.isChecked(),
            ignore_punctuation=self.ignore_punctuation.isChecked(),
            normalize_quotes=self.normalize_quotes.isChecked(),
            granularity=(
                Granularity.CHARACTER if self.character_level.isChecked() else Granularity.WORD
            ),
            show_moved=self.show_moved.isChecked(),
        )

    def set_options(self, options: Options) -> None:
        self._updating = True
        try:
            self.ignore_case.setChecked(options.ignore_case)
            self.ignore_punctuation.setChecked(options.ignore_punctuation)
            self.normalize_quotes.setChecked(options.normalize_quotes)
            self.show_moved.setChecked(options.show_moved)
            self.word_level.setChecked(options.granularity is Granularity.WORD)
            self.character_level.setChecked(options.granularity is Granularity.CHARACTER)
        finally:
            self._updating = False
        self._last = options

    def _emit(self) -> None:
        if getattr(self, "_updating", False):
            return
        options = self.options()
        if options != getattr(self, "_last", None):
            self._last = options
            self.changed.emit(options)
