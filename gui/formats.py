"""The one place where kinds of change become colours and QTextCharFormats.

Two hand-tuned schemes, one for light and one for dark palettes; the window follows the
system palette and picks by the lightness of its Base colour.  Every background keeps the
palette's text colour readable (WCAG contrast of at least 4.5, checked by the tests).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtGui import QColor, QFont, QPalette, QTextCharFormat, QTextLayout

from core.model import BlockKind
from core.report.labels import KIND_LABELS
from core.traces import TraceKind
from gui.side import TRACE_MARKS, Mark, Span

# Legend labels an editor reads (the list of changes' words for the same kinds); keys are the
# marks that carry each meaning.
LEGEND = (
    (Mark.WORD_REMOVED, KIND_LABELS[BlockKind.DELETED]),
    (Mark.WORD_ADDED, KIND_LABELS[BlockKind.INSERTED]),
    (Mark.WORD_REPLACED, KIND_LABELS[BlockKind.CHANGED]),
    (Mark.BLOCK_MOVED, KIND_LABELS[BlockKind.MOVED]),
)
# Traces of a round trip or spinner: an underline each, in pane B (shown when there are any).
TRACE_LEGEND = tuple((TRACE_MARKS[kind], kind.short_label) for kind in TraceKind)
_TRACE_LIGHT = {
    Mark.TRACE_CASE: "#d0388a",
    Mark.TRACE_BOUNDARY: "#1d7fd1",
    Mark.TRACE_ARTICLE: "#c36a00",
    Mark.TRACE_SWAP: "#2b9a8f",
}
_TRACE_DARK = {
    Mark.TRACE_CASE: "#f07ab8",
    Mark.TRACE_BOUNDARY: "#6cb4f2",
    Mark.TRACE_ARTICLE: "#f0a24a",
    Mark.TRACE_SWAP: "#5fd0c4",
}

_LIGHT = {
    Mark.BLOCK_CHANGED: "#fcf6e8",
    Mark.BLOCK_DELETED: "#fbe7e7",
    Mark.BLOCK_INSERTED: "#e6f4e8",
    Mark.BLOCK_MOVED: "#ece6f8",
    Mark.WORD_REMOVED: "#f5c6c6",
    Mark.WORD_ADDED: "#bfe5c6",
    Mark.WORD_REPLACED: "#f6dc9a",
    Mark.FACT: "#ffd0d8",  # the legend chip; in the text a fact is underlined, not tinted
}
_DARK = {
    Mark.BLOCK_CHANGED: "#35301f",
    Mark.BLOCK_DELETED: "#3d2527",
    Mark.BLOCK_INSERTED: "#1f3826",
    Mark.BLOCK_MOVED: "#302a48",
    Mark.WORD_REMOVED: "#6a2c30",
    Mark.WORD_ADDED: "#285a35",
    Mark.WORD_REPLACED: "#66511c",
    Mark.FACT: "#6b2438",
}
# Stronger versions for the gutter bands, the overview strip and the legend chips.
_LIGHT_STRONG = {
    Mark.BLOCK_CHANGED: "#e0b64a",
    Mark.BLOCK_DELETED: "#d9777a",
    Mark.BLOCK_INSERTED: "#5fae6f",
    Mark.BLOCK_MOVED: "#9480c9",
    Mark.FACT: "#c8102e",
}
_DARK_STRONG = {
    Mark.BLOCK_CHANGED: "#c29a35",
    Mark.BLOCK_DELETED: "#c0585d",
    Mark.BLOCK_INSERTED: "#4c9a5c",
    Mark.BLOCK_MOVED: "#8a77c4",
    Mark.FACT: "#ff5c7a",
}
_STRONG_OF_WORD = {
    Mark.WORD_REMOVED: Mark.BLOCK_DELETED,
    Mark.WORD_ADDED: Mark.BLOCK_INSERTED,
    Mark.WORD_REPLACED: Mark.BLOCK_CHANGED,
}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


@dataclass(frozen=True)
class ColorScheme:
    dark: bool
    text: QColor
    muted_text: QColor
    base: QColor
    backgrounds: dict[Mark, QColor]
    strong: dict[Mark, QColor]
    current: QColor  # outline of the current change
    underlines: dict[Mark, QColor]  # trace marks: underline colours (no background)
    # Find matches: a hue no kind of change uses.
    find_match: QColor = field(default_factory=lambda: QColor("#9ee0ea"))

    @classmethod
    def for_palette(cls, palette: QPalette) -> ColorScheme:
        dark = is_dark(palette)
        backgrounds = {m: QColor(c) for m, c in (_DARK if dark else _LIGHT).items()}
        strong = {m: QColor(c) for m, c in (_DARK_STRONG if dark else _LIGHT_STRONG).items()}
        for word, block in _STRONG_OF_WORD.items():
            strong[word] = strong[block]
        underlines = {m: QColor(c) for m, c in (_TRACE_DARK if dark else _TRACE_LIGHT).items()}
        base = palette.color(QPalette.ColorRole.Base)
        for mark, color in underlines.items():
            backgrounds[mark] = QColor(base)  # traces leave the background alone
            strong[mark] = color
        return cls(
            dark=dark,
            text=palette.color(QPalette.ColorRole.Text),
            muted_text=palette.color(QPalette.ColorRole.PlaceholderText),
            base=palette.color(QPalette.ColorRole.Base),
            backgrounds=backgrounds,
            strong=strong,
            current=QColor("#5b8dd6" if dark else "#2f6fca"),
            underlines=underlines,
            find_match=QColor("#1f5f69" if dark else "#9ee0ea"),
        )

    def background(self, mark: Mark) -> QColor:
        return self.backgrounds[mark]

    def band(self, mark: Mark, alpha: int = 90) -> QColor:
        """Translucent fill for gutter connectors."""
        color = QColor(self.strong[mark])
        color.setAlpha(alpha)
        return color


class FormatTable:
    """QTextCharFormats for one scheme; turns spans into QTextLayout format ranges."""

    def __init__(self, scheme: ColorScheme) -> None:
        self.scheme = scheme
        self._formats: dict[Mark, QTextCharFormat] = {}
        for mark in Mark:
            fmt = QTextCharFormat()
            underline = scheme.underlines.get(mark)
            if mark is Mark.FACT:
                # Over the word marks: a heavy wavy underline and bold text, so a changed
                # fact stands out in a reworded sentence without hiding its word colours.
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                fmt.setUnderlineColor(scheme.strong[Mark.FACT])
                fmt.setFontWeight(QFont.Weight.Bold)
            elif underline is None:
                fmt.setBackground(scheme.background(mark))
            else:
                # Merged over the word marks by QTextLayout: the tint stays, a line is added.
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(underline)
            self._formats[mark] = fmt

    def format(self, mark: Mark) -> QTextCharFormat:
        return self._formats[mark]

    def ranges(
        self, spans: list[Span], to_block: Callable[[int], int]
    ) -> list[QTextLayout.FormatRange]:
        """Format ranges for one text block.

        ``to_block`` converts a document offset into a position inside the block (it hides
        the Python-to-UTF-16 conversion the pane does).
        """
        out = []
        for span in spans:
            start = to_block(span.start)
            end = to_block(span.end)
            if end <= start:
                continue
            fr = QTextLayout.FormatRange()
            fr.start = start
            fr.length = end - start
            fr.format = self._formats[span.mark]
            out.append(fr)
        return out


def contrast_ratio(foreground: QColor, background: QColor) -> float:
    """WCAG 2 contrast ratio between two opaque colours."""

    def luminance(color: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(color.redF())
            + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF())
        )

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
