"""The verdict and the numbers behind it, plus a small picture of what happened to the text."""

from __future__ import annotations

import html
import math
from html import escape

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.model import (
    Comparison,
    FactChange,
    Metrics,
    Passage,
    SentenceShares,
)
from core.report.labels import (
    METRIC_JARGON,
    SHARE_LABELS,
    language_name,
    metric_tooltip,
    passage_line,
    passages_heading,
)
from core.report.labels import METRIC_ROWS as _METRIC_ROWS
from core.traces import TOOLTIP, TraceReport
from gui.formats import ColorScheme
from gui.side import TRACE_MARKS, Mark

# How many traces the panel lists (the pane underlines all of them).
TRACES_LISTED = 12

_SHARE_MARKS = {
    "reworded": Mark.BLOCK_CHANGED,
    "added": Mark.BLOCK_INSERTED,
    "removed": Mark.BLOCK_DELETED,
    "moved": Mark.BLOCK_MOVED,
}
# (key, label, tooltip, is a 0..1 fraction): names from core.report.labels' rows, the tooltip
# its jargon; with a comparison on screen the tooltip says first what the value means here.
METRIC_ROWS = tuple(
    (key, label, METRIC_JARGON[key], fraction) for key, label, _meaning, fraction in _METRIC_ROWS
)


def format_metric(value: float, fraction: bool) -> str:
    if not math.isfinite(value):
        return "n/a"
    return f"{value * 100:.1f}%" if fraction else f"{value:.1f}"


def share_color(key: str, scheme: ColorScheme) -> QColor:
    if key == "unchanged":
        return QColor("#5c6470" if scheme.dark else "#c9ced6")
    return scheme.strong[_SHARE_MARKS[key]]


class SharesBar(QWidget):
    """One stacked bar: how the sentences of both sides split over kinds of change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shares: SentenceShares | None = None
        self._scheme: ColorScheme | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(14)

    def sizeHint(self) -> QSize:
        return QSize(220, 14)

    def set_shares(self, shares: SentenceShares | None, scheme: ColorScheme) -> None:
        self._shares = shares
        self._scheme = scheme
        self.setToolTip(
            ""
            if shares is None
            else "\n".join(
                f"{label}: {getattr(shares, key)} sentences ({shares.share(key) * 100:.0f}%)"
                for key, label in SHARE_LABELS
            )
        )
        self.update()

    def segments(self) -> list[tuple[str, float, float]]:
        """(kind, left, width) in pixels, for painting and for tests."""
        if self._shares is None or self._shares.total == 0:
            return []
        out = []
        left = 0.0
        width = float(self.width())
        for key, _label in SHARE_LABELS:
            part = self._shares.share(key) * width
            if part > 0:
                out.append((key, left, part))
                left += part
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._shares is None or self._scheme is None:
            painter.end()
            return
        rect = QRectF(self.rect())
        rounded = QPainterPath()
        rounded.addRoundedRect(rect, 4, 4)
        painter.setClipPath(rounded)
        for key, left, width in self.segments():
            color = share_color(key, self._scheme)
            painter.fillRect(QRectF(left, 0, width + 0.5, rect.height()), color)
        painter.end()


def fact_counts_text(facts: tuple[FactChange, ...] | list[FactChange]) -> str:
    from core.report.labels import fact_counts

    return fact_counts(facts)


def fact_line(fact: FactChange) -> str:
    from core.report.labels import fact_line as line

    return line(fact)


class FactsList(QListWidget):
    """The changed facts, one a line; activating one asks the window to show it."""

    fact_activated = Signal(int)  # index into the listed facts (ComparisonIndex.facts)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("factsList")
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.itemClicked.connect(self._activated)
        self.itemActivated.connect(self._activated)

    def sizeHint(self) -> QSize:
        # As narrow as the labels around it: a list must not widen the dock (and with it the
        # window) for one long quotation; lines are elided instead.
        return QSize(160, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(60, super().minimumSizeHint().height())

    def _activated(self, item: QListWidgetItem) -> None:
        self.fact_activated.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def set_facts(self, facts: tuple[FactChange, ...]) -> None:
        self.clear()
        for number, fact in enumerate(facts):
            item = QListWidgetItem(fact_line(fact))
            item.setData(Qt.ItemDataRole.UserRole, number)
            item.setToolTip(
                f"{fact.kind.label} {fact.change.value}\nA: {fact.a_text}\nB: {fact.b_text}"
            )
            self.addItem(item)
        rows = min(max(len(facts), 1), 8)
        self.setFixedHeight(rows * max(self.sizeHintForRow(0), 18) + 2 * self.frameWidth() + 2)
        self.setVisible(bool(facts))


class MetricsPanel(QWidget):
    passage_activated = Signal(int)  # passage index: bring it into view
    fact_activated = Signal(int)  # index into the listed facts (ComparisonIndex.facts)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scheme: ColorScheme | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(8)

        # Facts first: a changed figure, date, name or quotation is what gets corrected.
        layout.addWidget(self._caption("Facts"))
        self.facts_counts = QLabel("–")
        self.facts_counts.setObjectName("factsCounts")
        self.facts_counts.setWordWrap(True)
        # The footer legend has no room for it: the marker is explained here.
        self.facts_counts.setToolTip(
            "Numbers, dates, names and quotations that differ; they are underlined in both texts"
        )
        layout.addWidget(self.facts_counts)
        self.facts_list = FactsList()
        self.facts_list.setVisible(False)
        self.facts_list.fact_activated.connect(self.fact_activated)
        layout.addWidget(self.facts_list)
        layout.addWidget(self._rule())

        self.verdict_label = QLabel("No comparison yet")
        verdict_font = QFont(self.font())
        verdict_font.setPointSizeF(verdict_font.pointSizeF() * 1.35)
        verdict_font.setWeight(QFont.Weight.DemiBold)
        self.verdict_label.setFont(verdict_font)
        self.verdict_label.setWordWrap(True)
        self.confidence_label = QLabel("")
        self.confidence_label.setObjectName("muted")
        self.explanation_label = QLabel("Open two versions of a story to see how they differ.")
        self.explanation_label.setWordWrap(True)
        layout.addWidget(self.verdict_label)
        layout.addWidget(self.confidence_label)
        layout.addWidget(self.explanation_label)

        # Passages of B taken from A: one link each, a click brings it into view.
        self.passages_rule = self._rule()
        self.passages_caption = self._caption("Passages taken from A")
        self.passages_label = QLabel("")
        self.passages_label.setObjectName("passages")
        self.passages_label.setWordWrap(True)
        self.passages_label.setTextFormat(Qt.TextFormat.RichText)
        self.passages_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.passages_label.linkActivated.connect(self._on_passage_link)
        for widget in (self.passages_rule, self.passages_caption, self.passages_label):
            layout.addWidget(widget)
            widget.setVisible(False)

        # Traces of a machine round trip or a spinner (core/traces), shown when there are any,
        # right under the verdict and passages: how a copy was disguised belongs with whether it
        # is one, not below the figures.
        self.traces_rule = self._rule()
        self.traces_caption = self._caption("Traces of a round trip or spinner")
        self.traces_summary = QLabel("")
        self.traces_summary.setObjectName("tracesSummary")
        self.traces_summary.setWordWrap(True)
        self.traces_list = QLabel("")
        self.traces_list.setObjectName("tracesList")
        self.traces_list.setWordWrap(True)
        self.traces_list.setTextFormat(Qt.TextFormat.RichText)
        for widget in (self.traces_caption, self.traces_summary, self.traces_list):
            widget.setToolTip(TOOLTIP)
        self._traces_widgets = (
            self.traces_rule,
            self.traces_caption,
            self.traces_summary,
            self.traces_list,
        )
        for widget in self._traces_widgets:
            layout.addWidget(widget)
            widget.hide()
        layout.addWidget(self._rule())
        layout.addWidget(self._caption("Sentences, both sides"))
        self.shares_bar = SharesBar()
        layout.addWidget(self.shares_bar)
        self.shares_legend = QLabel("")
        self.shares_legend.setWordWrap(True)
        self.shares_legend.setTextFormat(Qt.TextFormat.RichText)
        self.shares_legend.setObjectName("sharesLegend")
        layout.addWidget(self.shares_legend)

        layout.addWidget(self._rule())
        layout.addWidget(self._caption("Similarity"))
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(4)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.metric_labels: dict[str, QLabel] = {}
        self.metric_names: dict[str, QLabel] = {}
        for key, label, tip, _fraction in METRIC_ROWS:
            value = QLabel("–")
            value.setObjectName(f"metric_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setToolTip(tip)
            name = QLabel(label)
            name.setToolTip(tip)
            form.addRow(name, value)
            self.metric_labels[key] = value
            self.metric_names[key] = name
        # Across languages only: closeness in meaning and how much of A has a counterpart.
        self.semantic_names: list[QLabel] = []
        self.semantic_labels: dict[str, QLabel] = {}
        for key, label, tip in (
            ("semantic", "Meaning (across languages)", "Closeness in meaning of paired sentences"),
            ("covered", "A's sentences in B", "Share of A's sentences with a counterpart in B"),
        ):
            value = QLabel("–")
            value.setObjectName(f"metric_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setToolTip(tip)
            name = QLabel(label)
            name.setToolTip(tip)
            form.addRow(name, value)
            name.setVisible(False)
            value.setVisible(False)
            self.semantic_labels[key] = value
            self.semantic_names.append(name)
        self.count_labels = {"words": QLabel("–"), "sentences": QLabel("–")}
        for key, count_label in self.count_labels.items():
            count_label.setObjectName(f"count_{key}")
            count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(QLabel("Words, A / B"), self.count_labels["words"])
        form.addRow(QLabel("Sentences, A / B"), self.count_labels["sentences"])
        layout.addLayout(form)

        layout.addWidget(self._rule())
        languages = QFormLayout()
        languages.setHorizontalSpacing(14)
        languages.setVerticalSpacing(4)
        self.language_labels = {side: QLabel("–") for side in ("a", "b")}
        for side in ("a", "b"):
            self.language_labels[side].setObjectName(f"language_{side}")
            self.language_labels[side].setAlignment(
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
        languages.addRow(QLabel("Language of A"), self.language_labels["a"])
        languages.addRow(QLabel("Language of B"), self.language_labels["b"])
        layout.addLayout(languages)

        layout.addStretch(1)

    @staticmethod
    def _caption(text: str) -> QLabel:
        caption = QLabel(text.upper())
        caption.setObjectName("muted")
        font = QFont(caption.font())
        font.setPointSizeF(font.pointSizeF() * 0.8)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        caption.setFont(font)
        return caption

    @staticmethod
    def _rule() -> QFrame:
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Plain)
        rule.setStyleSheet("color: palette(midlight);")
        return rule

    def set_scheme(self, scheme: ColorScheme) -> None:
        self._scheme = scheme

    def clear(self) -> None:
        self.verdict_label.setText("No comparison yet")
        self.confidence_label.setText("")
        self.explanation_label.setText("Open two versions of a story to see how they differ.")
        for label in (*self.metric_labels.values(), *self.count_labels.values()):
            label.setText("–")
        for key, _label, tip, _fraction in METRIC_ROWS:
            self.metric_labels[key].setToolTip(tip)
            self.metric_names[key].setToolTip(tip)
        for label in self.language_labels.values():
            label.setText("–")
        for widget in (*self.semantic_names, *self.semantic_labels.values()):
            widget.setVisible(False)
        self.shares_legend.setText("")
        self._set_passages(())
        self.facts_counts.setText("–")
        self.facts_list.set_facts(())
        if self._scheme is not None:
            self.shares_bar.set_shares(None, self._scheme)
        self.set_traces(None)

    def set_traces(self, report: TraceReport | None) -> None:
        """The summary sentence and the first traces, or nothing when there are none."""
        shown = report is not None and bool(report.traces)
        for widget in self._traces_widgets:
            widget.setVisible(shown)
        if report is None or not shown:
            self.traces_summary.setText("")
            self.traces_list.setText("")
            return
        self.traces_summary.setText(
            report.summary
            or f"{len(report.traces)} possible trace"
            + ("s" if len(report.traces) != 1 else "")
            + ", not enough to say anything."
        )
        self.traces_summary.setToolTip(
            f"{TOOLTIP}\nScore {report.score:.2f}: the chance that a clean pair of this length "
            f"({report.aligned_sentences} aligned sentences) shows less."
        )
        self.traces_list.setText(self._traces_html(report))

    def _traces_html(self, report: TraceReport) -> str:
        lines = []
        for trace in report.traces[:TRACES_LISTED]:
            color = "#888"
            if self._scheme is not None:
                color = self._scheme.underlines[TRACE_MARKS[trace.kind]].name()
            a_text = escape(trace.a_text) if 0 < len(trace.a_text) <= 40 else ""
            lines.append(
                f'<span style="color:{color}">■</span> {escape(trace.b_text)}'
                + (f" <i>(A: {a_text})</i>" if a_text else "")
            )
        more = len(report.traces) - TRACES_LISTED
        if more > 0:
            lines.append(f"… and {more} more, underlined in B.")
        return "<br>".join(lines)

    def set_comparison(
        self, comparison: Comparison, facts: tuple[FactChange, ...] | None = None
    ) -> None:
        """``facts``: as the window lists them (beside the traces); the comparison's own if
        not given."""
        if facts is None:
            facts = comparison.facts
        verdict, metrics = comparison.verdict, comparison.metrics
        if verdict is None or metrics is None:
            self.clear()
            self.explanation_label.setText(comparison.message or "No result.")
            return
        self.verdict_label.setText(verdict.kind.label)
        self.confidence_label.setText(f"Confidence {verdict.confidence * 100:.0f}%")
        self.explanation_label.setText(verdict.explanation)
        self._set_metrics(metrics)
        self.facts_counts.setText(fact_counts_text(facts))
        self.facts_list.set_facts(facts)
        self._set_passages(comparison.passages, passages_heading(comparison))

    def _set_passages(self, passages: tuple[Passage, ...], heading: str = "") -> None:
        for widget in (self.passages_rule, self.passages_caption, self.passages_label):
            widget.setVisible(bool(passages))
        if not passages:
            self.passages_label.setText("")
            return
        dark = self._scheme.dark if self._scheme is not None else False
        from gui.views.gutter import passage_color

        items = []
        for passage in passages:
            color = passage_color(passage.kind.is_copy, dark).name()
            items.append(
                f'<p style="margin:2px 0"><span style="color:{color}">▌</span> '
                f'<a href="passage:{passage.index}">{passage.index + 1}. '
                f"{html.escape(passage_line(passage))}</a></p>"
            )
        self.passages_caption.setText(heading.split(":")[0].upper())
        self.passages_label.setToolTip(heading)
        self.passages_label.setText("".join(items))

    def _on_passage_link(self, link: str) -> None:
        if link.startswith("passage:"):
            self.passage_activated.emit(int(link.split(":", 1)[1]))

    def _set_metrics(self, metrics: Metrics) -> None:
        summary = metrics.translation
        across = summary is not None and metrics.semantic_similarity is not None
        for key, _label, _tip, fraction in METRIC_ROWS:
            value = float(getattr(metrics, key))
            # Word metrics of two languages are noise (a faithful translation scores 0%).
            self.metric_labels[key].setText("–" if across else format_metric(value, fraction))
            for label in (self.metric_labels[key], self.metric_names[key]):
                label.setToolTip(metric_tooltip(key, value))
        for widget in (*self.semantic_names, *self.semantic_labels.values()):
            widget.setVisible(across)
        if summary is not None and metrics.semantic_similarity is not None:
            self.semantic_labels["semantic"].setText(
                format_metric(metrics.semantic_similarity, True)
            )
            self.semantic_labels["covered"].setText(format_metric(summary.covered_a, True))
        self.count_labels["words"].setText(f"{metrics.words_a:,} / {metrics.words_b:,}")
        self.count_labels["sentences"].setText(f"{metrics.sentences_a:,} / {metrics.sentences_b:,}")
        self.language_labels["a"].setText(language_name(metrics.language_a))
        self.language_labels["b"].setText(language_name(metrics.language_b))
        if self._scheme is not None:
            self.shares_bar.set_shares(metrics.shares, self._scheme)
            self.shares_legend.setText(self._legend_html(metrics.shares, self._scheme))

    @staticmethod
    def _legend_html(shares: SentenceShares, scheme: ColorScheme) -> str:
        cells = []
        for key, label in SHARE_LABELS:
            swatch = QColor(share_color(key, scheme))
            swatch.setAlpha(255)
            cells.append(
                f'<td><span style="color:{swatch.name()}">■</span> {label}</td>'
                f'<td align="right">{shares.share(key) * 100:.0f}%</td>'
            )
        # Two columns of (swatch label, share): readable at the dock's narrow width.
        rows = [
            "<tr>"
            + cells[i]
            + '<td width="18"></td>'
            + (cells[i + 1] if i + 1 < len(cells) else "")
            + "</tr>"
            for i in range(0, len(cells), 2)
        ]
        return '<table cellspacing="0" cellpadding="1">' + "".join(rows) + "</table>"
