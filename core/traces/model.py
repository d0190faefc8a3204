"""Value types of the traces room: one trace, and the document-level summary."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from core.model import TextRange


class TraceKind(enum.Enum):
    CASE = "case"  # a word's case changed mid-sentence against A or against the language
    BOUNDARY = "boundary"  # A's sentence boundary lost, or a new stop inside a clause
    ARTICLE = "article"  # an article A has is gone, nothing else changed around it
    SWAP = "swap"  # one word of an expression A has intact replaced by another, word for word

    @property
    def label(self) -> str:
        return _LABELS[self][0]

    @property
    def short_label(self) -> str:
        """For the window's legend, where room is short."""
        return _SHORT[self]

    def counted(self, count: int) -> str:
        """ "6 case errors", "1 broken sentence boundary"."""
        singular, plural = _LABELS[self][1]
        return f"{count} {singular if count == 1 else plural}"


_LABELS = {
    TraceKind.CASE: ("Case error", ("case error", "case errors")),
    TraceKind.BOUNDARY: (
        "Broken sentence boundary",
        ("broken sentence boundary", "broken sentence boundaries"),
    ),
    # Not counted in the verdict (see score.STRONG): the label says "possible".
    TraceKind.ARTICLE: (
        "Possible dropped article",
        ("possible dropped article", "possible dropped articles"),
    ),
    TraceKind.SWAP: (
        "Possible word-by-word swap",
        ("possible word-by-word swap", "possible word-by-word swaps"),
    ),
}


_SHORT = {
    TraceKind.CASE: "Case error",
    TraceKind.BOUNDARY: "Broken stop",
    TraceKind.ARTICLE: "Lost article?",  # a question: possible, not counted
    TraceKind.SWAP: "Word swap?",
}


@dataclass(frozen=True, slots=True)
class Trace:
    """One trace in B.  ``a_range`` is what A has there (the counterpart), for comparison."""

    kind: TraceKind
    b_range: TextRange
    a_range: TextRange
    b_text: str
    a_text: str
    detail: str  # "lowercased", "capitalised", "sentences fused", "stray full stop", ...


@dataclass(frozen=True, slots=True)
class TraceReport:
    """The traces of one comparison and what they add up to.

    ``traces`` are those shown: case and boundary traces always, possible dropped articles
    and word swaps only beside a summary that case and boundary traces support; they are never
    counted in the summary or the score (on re-translated test copies fewer than half of them
    are real damage: benchmarks/traces_quality.py prints their precision).

    ``score`` (0..1) is calibrated on clean pairs (two human translations; human vs machine
    translation): the probability that a clean pair with this many aligned sentences shows
    *less* evidence than B does.  ``summary`` is one sentence for the editor, or "" when the
    evidence is not enough to say anything.
    """

    traces: tuple[Trace, ...]
    aligned_sentences: int
    evidence: float  # weighted count of all traces found, shown or not
    score: float
    summary: str

    def count(self, kind: TraceKind) -> int:
        return sum(1 for trace in self.traces if trace.kind is kind)

    @property
    def has_evidence(self) -> bool:
        return bool(self.summary)


TOOLTIP = (
    "Damage typical of a machine-translation round trip or a word spinner, found in B where "
    "A is intact. It is evidence, not proof: an editor, a house style or a translator can "
    "produce the same marks. Only case errors and broken sentence boundaries are counted; "
    "possible dropped articles and word-by-word swaps are listed beside a verdict but not "
    "counted, because translators make them too (in tests fewer than half were real damage)."
)
