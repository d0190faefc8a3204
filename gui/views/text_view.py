"""A read-only text view that paints change marks lazily, block by block.

Highlights are applied only to the text blocks about to be painted (``QTextLayout.setFormats``
on each newly visible block, looked up by bisect in :class:`gui.views.spans.SideSpans`), so a
1M-word document costs the same to show as a short one: no per-word work for the whole
document on the GUI thread.
"""

from __future__ import annotations

import re
import threading
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, Qt, QThread, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QGuiApplication,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextLayout,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QPlainTextDocumentLayout,
    QPlainTextEdit,
    QTextEdit,
    QToolTip,
    QWidget,
)

from core.errors import CancelledError
from core.text.reflow import reflowed
from gui.drops import DropRequest, interpret_drop
from gui.formats import ColorScheme, FormatTable
from gui.views.spans import SideSpans

_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")
DOCUMENT_MARGIN = 8
OFF_SCREEN = 100_000.0  # a y far outside any viewport, for ends of bands that are not shown
_INSERTION_LOOKAHEAD = 200  # characters of blank text an insertion point may skip
MAX_SHOWN_MATCHES = 5_000  # Find highlights beyond this are counted but not painted


# Lines longer than this are shown in pieces.  Qt lays out a paragraph as one QTextLayout: a
# 30 MB line of base64 took minutes to fill (every inserted slice re-reads the whole block)
# and would freeze the window while laid out.  Pieces of a few thousand characters cost what
# ordinary paragraphs cost.  The breaks exist only in the view: OffsetMap maps them away.
LONG_LINE = 4000
_BREAK_LOOKBACK = 400  # how far back from a piece's end a space is looked for
_LONG_LINE_RE = re.compile(rf"[^\r\n]{{{LONG_LINE + 1},}}")


def display_text(text: str) -> str:
    """The text as Qt should show it, with exactly as many characters as ``text``.

    QTextDocument turns "\\r\\n" into one paragraph break, which would shift every offset
    after it; a space before the newline keeps positions identical.
    """
    if "\r" not in text:
        return text
    return text.replace("\r\n", " \n").replace("\r", "\n")


def display_breaks(text: str) -> list[int]:
    """Offsets in ``text`` before which the view inserts a line break of its own.

    Only lines longer than :data:`LONG_LINE` get them: after the last space before each
    piece's end when there is one nearby (so words stay whole), else at the limit.
    """
    breaks: list[int] = []
    for match in _LONG_LINE_RE.finditer(text):
        start, end = match.span()
        while end - start > LONG_LINE:
            limit = start + LONG_LINE
            space = text.rfind(" ", limit - _BREAK_LOOKBACK, limit)
            cut = space + 1 if space > start else limit
            breaks.append(cut)
            start = cut
    return breaks


def with_breaks(text: str, breaks: list[int]) -> str:
    if not breaks:
        return text
    pieces = []
    previous = 0
    for cut in breaks:
        pieces.append(text[previous:cut])
        previous = cut
    pieces.append(text[previous:])
    return "\n".join(pieces)


class OffsetMap:
    """Python string indices <-> Qt (UTF-16) positions.

    Qt counts a character outside the BMP as two positions, and the view inserts line breaks
    of its own into very long lines (:func:`display_breaks`); each is one extra Qt position.
    Identity for BMP-only text without long lines.
    """

    def __init__(self, text: str, breaks: list[int] | None = None) -> None:
        astral = [m.start() for m in _ASTRAL_RE.finditer(text)]
        if breaks:
            # An extra position counts for Python offsets above its key: after an astral
            # character, or from a break's offset on (key = offset - 1).  At equal keys the
            # astral character's second half comes before the break that follows it.
            keyed = sorted([(a, 0) for a in astral] + [(b - 1, 1) for b in breaks])
            keys = [key for key, _kind in keyed]
        else:
            keys = astral
        self._py = array("q", keys)
        self._qt = array("q", (key + i for i, key in enumerate(keys)))

    def to_qt(self, position: int) -> int:
        if not self._py:
            return position
        return position + bisect_left(self._py, position)

    def to_py(self, position: int) -> int:
        if not self._qt:
            return position
        return position - bisect_left(self._qt, position)


def reading_font() -> QFont:
    """A calm serif for reading news copy, falling back to whatever serif the system has."""
    from PySide6.QtGui import QFontDatabase

    families = set(QFontDatabase.families())
    font = QFont()
    for family in (
        "Source Serif 4",
        "Source Serif Pro",
        "Charter",
        "Georgia",
        "Noto Serif",
        "P052",
        "Palatino Linotype",
        "DejaVu Serif",
        "Liberation Serif",
    ):
        if family in families:
            font = QFont(family)
            break
    else:
        font.setStyleHint(QFont.StyleHint.Serif)
    font.setPointSizeF(11.5)
    return font


FILL_CHUNK = 64 * 1024  # characters handed to Qt per call when filling a document


def _fill(
    document: QTextDocument, text: str, should_cancel: Callable[[], bool] = lambda: False
) -> None:
    """``setPlainText`` in slices, checking ``should_cancel`` between them.

    PySide keeps the GIL for the whole of a Qt call: one ``setPlainText`` of a 1M-word text
    (about 0.4 s) freezes the GUI thread even though it runs in a worker.  Slices of 64K
    characters keep every call to a few milliseconds and build the same document.  Raises
    :class:`~core.errors.CancelledError` when asked to stop.
    """
    if len(text) <= FILL_CHUNK:
        document.setPlainText(text)
        return
    cursor = QTextCursor(document)
    for start in range(0, len(text), FILL_CHUNK):
        if should_cancel():
            raise CancelledError("Loading cancelled.")
        cursor.insertText(text[start : start + FILL_CHUNK])


# One worker at a time: the GUI thread parks for one worker, and two workers must not both
# believe it parked for them.
_PARK_LOCK = threading.Lock()


class DocumentHandover(QObject):
    """Parks the GUI thread while a worker does the Qt calls that take Qt's pooled mutexes.

    A worker lays out a QTextDocument, then lets go of it (``moveToThread(None)``) for the GUI
    thread to take.  Creating the document (its layout is connected to it), moving it and
    destroying it take Qt's pooled signal-slot mutexes, and PySide keeps the GIL for the whole
    of each call.  The GUI thread, destroying an object connected to a Python object (a dock
    animation, say), holds such a mutex while it waits for the GIL to ask Python about
    ``disconnectNotify``: when both are the same mutex of the pool, both threads wait for ever
    (seen: a GUI test hung in ``moveToThread`` for ten minutes).  So the worker does those
    steps only while the GUI thread is parked in a Python wait, where it holds no Qt lock and
    not the GIL; filling the document (the slow part) needs no such lock and runs unparked.
    Create it on the GUI thread; :meth:`gui_thread_parked` is entered from workers.
    """

    _park = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._park.connect(self._parked, Qt.ConnectionType.QueuedConnection)

    @contextmanager
    def gui_thread_parked(self, should_cancel: Callable[[], bool]) -> Iterator[None]:
        """Run the body on this worker while the GUI thread waits; CancelledError if asked to
        stop before the GUI thread comes (it may be busy, or waiting for the workers to end)."""
        parked = threading.Event()
        done = threading.Event()
        with _PARK_LOCK:
            # A signal's emission takes no pooled mutex (Qt's connection lists are lock-free);
            # posting the call to the GUI thread locks only its event queue, which the GUI
            # thread never holds while it runs Python.
            self._park.emit((parked, done))
            try:
                while not parked.wait(0.05):
                    if should_cancel():
                        raise CancelledError("Loading cancelled.")
                yield
            finally:
                done.set()

    @Slot(object)
    def _parked(self, events: tuple[threading.Event, threading.Event]) -> None:
        parked, done = events
        parked.set()
        # The parked steps take microseconds; the bound only matters if the worker died.
        done.wait(5.0)


@contextmanager
def _unparked() -> Iterator[None]:
    yield


def _discard(document: QTextDocument, parked: Callable[[], AbstractContextManager[None]]) -> None:
    """Destroy a cancelled document while the GUI thread is parked (destruction takes the same
    pooled mutexes); if the GUI thread does not come at once, Python's collector frees it."""
    try:
        with parked():
            shiboken6.delete(document)
    except CancelledError:
        pass


class PreparedText:
    """A document's text laid into a QTextDocument, built on any thread.

    Filling a QTextDocument with a few megabytes takes about half a second; doing it in the
    loading worker keeps that off the GUI thread.  The document is handed over to the GUI
    thread (the worker lets go of it through a :class:`DocumentHandover`, the GUI thread takes it
    in :meth:`take_document`) and shown
    with :meth:`DiffTextView.set_prepared`.
    """

    def __init__(
        self,
        text: str,
        handover: DocumentHandover | None = None,
        reflow: bool = False,
        should_cancel: Callable[[], bool] = lambda: False,
    ) -> None:
        self.text = text
        # Reflowing turns wrapping line breaks into spaces: the same length, the same offsets.
        shown = reflowed(text) if reflow else text
        self.reflowed = shown is not text
        breaks = display_breaks(shown)
        self.offsets = OffsetMap(text, breaks)
        in_worker = handover is not None and QThread.currentThread() is not handover.thread()

        def parked() -> AbstractContextManager[None]:
            if handover is not None and in_worker:
                return handover.gui_thread_parked(should_cancel)
            return _unparked()

        with parked():
            document = QTextDocument()
            document.setDocumentLayout(QPlainTextDocumentLayout(document))
        document.setDocumentMargin(DOCUMENT_MARGIN)
        document.setUndoRedoEnabled(False)
        try:
            _fill(document, with_breaks(display_text(shown), breaks), should_cancel)
            if in_worker:
                with parked():
                    # Let go of it here; the GUI thread pulls it in take_document().
                    document.moveToThread(None)
        except CancelledError:
            _discard(document, parked)
            raise
        self.document: QTextDocument | None = document

    def take_document(self) -> QTextDocument:
        """The QTextDocument, once: a document can only be shown by one view."""
        document = self.document
        if document is None:
            raise RuntimeError("this prepared text is already shown")
        self.document = None
        if document.thread() is None:  # left by the worker for the thread that shows it
            document.moveToThread(QThread.currentThread())
        return document


class DiffTextView(QPlainTextEdit):
    dropped = Signal(object)  # DropRequest
    paste_requested = Signal()
    position_clicked = Signal(int)  # Python offset in the document text
    zoom_requested = Signal(int)  # +1 larger, -1 smaller (Ctrl+wheel): both panes follow

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self.setViewportMargins(14, 6, 10, 6)
        self.document().setDocumentMargin(DOCUMENT_MARGIN)
        self.setFont(reading_font())
        self._offsets = OffsetMap("")
        self._text = ""  # the Python text shown, for looking around insertion points
        self._own_document: QTextDocument | None = None
        self._spans: SideSpans | None = None
        self._formats: FormatTable | None = None
        self._generation = 0
        self._current: tuple[int, int] | None = None
        self._empty_title = ""
        self._empty_detail = ""
        self._tooltip_for: Callable[[int], str | None] | None = None
        self.reflowed = False  # the text shown has hard line breaks turned into spaces
        self._matches: list[tuple[int, int]] = []

    # -- content -------------------------------------------------------------------------

    def set_text(self, text: str, reflow: bool = False) -> None:
        self.set_prepared(PreparedText(text, reflow=reflow))

    def set_prepared(self, prepared: PreparedText) -> None:
        """Show a prepared document (built off the GUI thread) in place of the current one."""
        self._spans = None
        self._current = None
        self._offsets = prepared.offsets
        self._text = prepared.text
        self.reflowed = prepared.reflowed
        self._matches = []
        self._generation += 1
        document = prepared.take_document()
        document.setDefaultFont(self.font())
        previous = self._own_document
        self.setDocument(document)
        # A view does not own the documents it is given: keep the current one alive and
        # let the previous one go (the view's own first document stays Qt's business).
        self._own_document = document
        if previous is not None and previous is not document:
            previous.deleteLater()

    def swap_text(self, other: DiffTextView) -> None:
        """Exchange texts with another view without laying anything out again.

        Swapping sides of a 1M-word comparison would otherwise rebuild two QTextDocuments
        on the GUI thread (about a second); the documents simply change views.
        """
        for view in (self, other):
            if view._own_document is None:
                view.clear_text()
        mine, theirs = self._own_document, other._own_document
        assert mine is not None and theirs is not None
        # A document belongs to one view at a time: park both views on blank ones first.
        blanks = []
        for view in (self, other):
            blank = QTextDocument(view)
            blank.setDocumentLayout(QPlainTextDocumentLayout(blank))
            view.setDocument(blank)
            blanks.append(blank)
        # A fresh layout for each: Qt's layout remembers the view it was first shown in and
        # keeps that view's width, so pane B (narrower: A has no scroll bar) would show A's
        # text cut off at the right with a horizontal scroll bar until the next resize.
        for document in (mine, theirs):
            document.setDocumentLayout(QPlainTextDocumentLayout(document))
        other.setDocument(mine)
        self.setDocument(theirs)
        for blank in blanks:
            blank.deleteLater()
        self._own_document, other._own_document = theirs, mine
        self._offsets, other._offsets = other._offsets, self._offsets
        self._text, other._text = other._text, self._text
        self.reflowed, other.reflowed = other.reflowed, self.reflowed
        for view in (self, other):
            view.set_matches([])
            view._spans = None
            view._current = None
            view._generation += 1  # marks of the other side are cleared as blocks are shown
            view.viewport().update()

    def clear_text(self) -> None:
        self.set_text("")

    def set_spans(self, spans: SideSpans | None) -> None:
        """New marks for the same text; blocks are re-marked as they come into view."""
        self._spans = spans
        self._generation += 1  # every block is re-marked (or cleared) when next painted
        self.viewport().update()

    def set_scheme(self, scheme: ColorScheme) -> None:
        self._formats = FormatTable(scheme)
        self._scheme = scheme
        self._generation += 1
        self.viewport().update()

    def set_point_size(self, size: float) -> None:
        """The reading font at ``size`` points (the window's zoom; both panes get the same)."""
        font = QFont(self.font())
        font.setPointSizeF(size)
        self.setFont(font)
        self.document().setDefaultFont(font)
        self.viewport().update()

    def point_size(self) -> float:
        return self.font().pointSizeF()

    def set_tooltip_provider(self, provider: Callable[[int], str | None] | None) -> None:
        """A function giving the tooltip for a Python offset under the mouse (or None)."""
        self._tooltip_for = provider

    def set_matches(
        self, matches: list[tuple[int, int]], current: tuple[int, int] | None = None
    ) -> None:
        """Highlight Find matches (Python offsets); select and show the current one."""
        self._matches = matches
        selections = []
        scheme = getattr(self, "_scheme", None)
        highlight = QColor(scheme.find_match if scheme is not None else QColor("#9ee0ea"))
        for start, end in matches[:MAX_SHOWN_MATCHES]:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(min(self.to_qt(start), self._last_position()))
            cursor.setPosition(
                min(self.to_qt(end), self._last_position()), QTextCursor.MoveMode.KeepAnchor
            )
            selection.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(highlight)
            selection.format = fmt
            selections.append(selection)
        self.setExtraSelections(selections)
        if current is not None:
            cursor = QTextCursor(self.document())
            cursor.setPosition(min(self.to_qt(current[0]), self._last_position()))
            cursor.setPosition(
                min(self.to_qt(current[1]), self._last_position()), QTextCursor.MoveMode.KeepAnchor
            )
            self.setTextCursor(cursor)
            self.center_on(current[0])

    def selected_text(self) -> str:
        """The selection as it is in the original text (not the reflowed display)."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return ""
        return self._text[self.to_py(cursor.selectionStart()) : self.to_py(cursor.selectionEnd())]

    def set_empty_message(self, title: str, detail: str) -> None:
        self._empty_title = title
        self._empty_detail = detail
        self.viewport().update()

    def set_current_range(self, span: tuple[int, int] | None, scroll: bool = True) -> None:
        """Outline the current change (Python offsets) and bring it into view."""
        self._current = span
        if span is not None:
            cursor = QTextCursor(self.document())
            cursor.setPosition(min(self._offsets.to_qt(span[0]), self._last_position()))
            self.setTextCursor(cursor)
            if scroll:
                self.center_on(span[0])
        self.viewport().update()

    def select_range(self, start: int, end: int) -> None:
        """Select ``[start, end)`` (Python offsets), e.g. a changed fact, and show it."""
        cursor = QTextCursor(self.document())
        last = self._last_position()
        cursor.setPosition(min(self._offsets.to_qt(start), last))
        cursor.setPosition(min(self._offsets.to_qt(end), last), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.center_on(start)
        self.viewport().update()

    def current_range(self) -> tuple[int, int] | None:
        return self._current

    # -- positions -----------------------------------------------------------------------

    def to_qt(self, position: int) -> int:
        return self._offsets.to_qt(position)

    def to_py(self, position: int) -> int:
        return self._offsets.to_py(position)

    def _last_position(self) -> int:
        return max(0, self.document().characterCount() - 1)

    def char_format_at(self, position: int) -> QTextCharFormat:
        """The marks at a Python offset (formats the block first if it was never shown)."""
        qpos = self.to_qt(position)
        block = self.document().findBlock(qpos)
        if block.userState() != self._generation:
            self._format_block(block)
        inner = qpos - block.position()
        merged = QTextCharFormat()
        for fr in block.layout().formats():
            if fr.start <= inner < fr.start + fr.length:
                merged.merge(fr.format)
        return merged

    def position_at(self, y: float) -> int:
        cursor = self.cursorForPosition(QPoint(4, round(y)))
        return self.to_py(cursor.position())

    def visible_range(self) -> tuple[int, int]:
        height = self.viewport().height()
        return self.position_at(0), self.position_at(height - 1)

    def y_range(self, start: int, end: int) -> tuple[float, float]:
        """Viewport y of the top of ``start``'s line and the bottom of ``end``'s line.

        Positions above or below the viewport give far off-screen values, which is all a
        connector needs.  An empty range gives a zero-height range at the insertion point.
        """
        if end <= start:
            y = self._line_y(self.to_qt(self._insertion_point(start)), bottom=False)
            return y, y
        top = self._line_y(self.to_qt(start), bottom=False)
        bottom = self._line_y(self.to_qt(max(start, end - 1)), bottom=True)
        return top, bottom

    def _insertion_point(self, position: int) -> int:
        """Where an insertion point is drawn: before the text that follows it.

        The engine puts the point right after the previous sentence ("…STATES.|"), in the
        middle of a line; drawn there, the mark cuts through a paragraph.  Skipping the
        spaces and line breaks after it puts it just above the next sentence, between the
        paragraphs where the missing text belongs.
        """
        text = self._text
        limit = min(len(text), position + _INSERTION_LOOKAHEAD)
        cursor = position
        while cursor < limit and text[cursor].isspace():
            cursor += 1
        if cursor >= len(text) or cursor == limit:
            return position  # at the end, or a run of blanks too long to be a gap
        return cursor

    def _line_y(self, qpos: int, bottom: bool) -> float:
        block = self.document().findBlock(min(qpos, self._last_position()))
        first = self.firstVisibleBlock()
        if not block.isValid() or block.blockNumber() < first.blockNumber():
            return -OFF_SCREEN
        offset = self.contentOffset()
        height = self.viewport().height()
        candidate = first
        top = self.blockBoundingGeometry(candidate).translated(offset).top()
        while candidate.isValid() and candidate.blockNumber() < block.blockNumber():
            top += self.blockBoundingRect(candidate).height()
            if top > height:
                return OFF_SCREEN
            candidate = candidate.next()
        layout = block.layout()
        line = layout.lineForTextPosition(max(0, qpos - block.position()))
        if not line.isValid():
            rect = self.blockBoundingRect(block)
            return top + (rect.height() if bottom else 0.0)
        y = top + line.y() + (line.height() if bottom else 0.0)
        return y + layout.position().y()

    def line_number_of(self, position: int) -> int:
        """The visual line (the unit of the vertical scroll bar) holding a Python offset."""
        qpos = min(self.to_qt(position), self._last_position())
        block = self.document().findBlock(qpos)
        self.document().documentLayout().blockBoundingRect(block)  # lays the block out
        line = block.layout().lineForTextPosition(qpos - block.position())
        return block.firstLineNumber() + (line.lineNumber() if line.isValid() else 0)

    def line_height(self) -> float:
        return float(self.fontMetrics().lineSpacing())

    def center_on(self, position: int) -> None:
        """Scroll so the line holding ``position`` sits a third of the way down."""
        self.scroll_to_place(position, self.viewport().height() / 3)

    def scroll_to_place(self, position: int, y: float) -> None:
        """Scroll so the line holding ``position`` has its top about ``y`` pixels down.

        The scroll bar counts lines, and QPlainTextEdit counts a block it has not laid out
        yet as one line, however long the paragraph.  "Seven lines above the change" would
        then be seven paragraphs above it, and the change would land off screen.  So the
        blocks that will show above the line are laid out first, which makes the line
        numbers around it exact.
        """
        qpos = min(self.to_qt(position), self._last_position())
        layout = self.document().documentLayout()
        block = self.document().findBlock(qpos)
        layout.blockBoundingRect(block)
        room = y + self.line_height()
        previous = block.previous()
        while previous.isValid() and room > 0:
            room -= layout.blockBoundingRect(previous).height()
            previous = previous.previous()
        target = self.line_number_of(position) - round(y / max(1.0, self.line_height()))
        self.verticalScrollBar().setValue(max(0, target))

    # -- lazy marks ----------------------------------------------------------------------

    def _format_block(self, block: QTextBlock) -> None:
        if self._formats is None:
            return
        block_start = block.position()
        ranges: list[QTextLayout.FormatRange] = []
        if self._spans is not None:
            start = self.to_py(block_start)
            end = self.to_py(block_start + block.length() - 1)
            spans = self._spans.overlapping(start, end)
            ranges = self._formats.ranges(spans, lambda p: self.to_qt(p) - block_start)
        block.setUserState(self._generation)
        if ranges or block.layout().formats():
            block.layout().setFormats(ranges)
            self.document().markContentsDirty(block_start, block.length())

    def _format_visible_blocks(self) -> None:
        if self._formats is None:
            return
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        height = self.viewport().height()
        while block.isValid():
            if self.blockBoundingGeometry(block).translated(offset).top() > height:
                break
            if block.userState() != self._generation:
                self._format_block(block)
            block = block.next()

    # -- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        self._format_visible_blocks()
        super().paintEvent(event)
        if self.document().isEmpty() and self._empty_title:
            self._paint_empty_state()
        elif self._current is not None:
            self._paint_current()

    def _paint_current(self) -> None:
        assert self._current is not None
        scheme = getattr(self, "_scheme", None)
        color = QColor(scheme.current if scheme else QColor("#2f6fca"))
        top, bottom = self.y_range(*self._current)
        height = self.viewport().height()
        if bottom < -10 or top > height + 10:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = self.viewport().width()
        if bottom - top < 1:
            painter.setPen(QPen(color, 2, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(2, top), QPointF(width - 2, top))
        else:
            pen = QPen(color, 1.6)
            painter.setPen(pen)
            fill = QColor(color)
            fill.setAlpha(0)
            painter.setBrush(fill)
            painter.drawRoundedRect(QRectF(2, top - 1, width - 4, bottom - top + 2), 4, 4)
        painter.end()

    def _paint_empty_state(self) -> None:
        painter = QPainter(self.viewport())
        rect = self.viewport().rect().adjusted(24, 0, -24, 0)
        title_font = QFont(self.font())
        title_font.setPointSizeF(self.font().pointSizeF() * 1.25)
        muted = self.palette().color(self.palette().ColorRole.PlaceholderText)
        painter.setPen(muted)
        painter.setFont(title_font)
        middle = rect.height() * 0.42
        title_rect = QRectF(rect.left(), middle - 40, rect.width(), 36)
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignCenter, self._empty_title)
        detail_font = QFont(self.font())
        detail_font.setPointSizeF(self.font().pointSizeF() * 0.9)
        painter.setFont(detail_font)
        detail_rect = QRectF(rect.left(), middle, rect.width(), rect.height() - middle)
        painter.drawText(
            detail_rect,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            self._empty_detail,
        )
        painter.end()

    # -- input ---------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        # Accept anything: what cannot be used is answered with a message, not a refusal
        # the user cannot see.
        event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        request: DropRequest = interpret_drop(event.mimeData())
        event.acceptProposedAction()
        self.dropped.emit(request)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and self._tooltip_for is not None:
            assert isinstance(event, QHelpEvent)
            point = self.viewport().mapFrom(self, event.pos())
            text = self._tooltip_for(self.to_py(self.cursorForPosition(point).position()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            # QPlainTextEdit would zoom this pane alone; the window zooms both, level.
            step = event.angleDelta().y()
            if step:
                self.zoom_requested.emit(1 if step > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy) and self.textCursor().hasSelection():
            # The original text, not the reflowed display.  (Not through an override of
            # createMimeDataFromSelection: PySide would free the returned QMimeData twice.)
            QGuiApplication.clipboard().setText(self.selected_text())
            event.accept()
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            position = self.cursorForPosition(event.position().toPoint()).position()
            self.position_clicked.emit(self.to_py(position))
