"""From traces to one calibrated score and one sentence for the editor.

Clean pairs (two human translations of one story; a human and a machine translation) show a
few marks too: a translator capitalises a title, splits a sentence, drops an article.  The
benchmark (``benchmarks/quality.py``) counts them per aligned sentence; ``CLEAN_RATE`` is that
rate, rounded up.  A pair's weighted count of traces is compared with what a clean pair of
the same length would show by chance (a Poisson count): ``score`` is the probability that
a clean pair shows less, and the editor is told only when it is high.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from core.traces.model import Trace, TraceKind, TraceReport

# Weights: how much one trace of a kind says.  Case and boundary damage is rare in clean copy;
# dropped articles and word swaps are what translators do too (on clean WMT22 pairs a swap
# is found every ~100 sentences, right or wrong), so they add nothing to the score: they are
# listed only beside a verdict the case and boundary traces already support.
WEIGHTS = {
    TraceKind.CASE: 1.0,
    TraceKind.BOUNDARY: 1.0,
    TraceKind.ARTICLE: 0.0,
    TraceKind.SWAP: 0.0,
}
# Weighted traces per aligned sentence on clean pairs, as benchmarks/traces_quality.py
# measures them on all 256 WMT22 documents: 0.022 for two human translations, 0.039 for
# human vs machine translation (news alone: 0.040 and 0.048).
CLEAN_RATE = 0.03
# The editor is told when a clean pair would show less evidence with this probability...
REPORT_SCORE = 0.99
# ... and there are at least this many case or boundary traces (one odd word is no pattern).
REPORT_MIN_TRACES = 3

# Kinds shown on their own and counted in the summary.  Dropped articles and word swaps are
# what translators do too (precision on re-translated copies 0.4 and below 0.1): they are
# listed only beside a verdict the strong kinds already support, and never counted in it.
STRONG = frozenset({TraceKind.CASE, TraceKind.BOUNDARY})

_ORDER = (TraceKind.CASE, TraceKind.BOUNDARY, TraceKind.ARTICLE, TraceKind.SWAP)


def evidence(traces: Sequence[Trace]) -> float:
    return sum(WEIGHTS[trace.kind] for trace in traces)


def poisson_below(observed: float, expected: float) -> float:
    """P(X < observed) for X ~ Poisson(expected), with observed rounded down."""
    count = math.floor(observed + 1e-9)
    if count <= 0:
        return 0.0
    term = math.exp(-expected)
    total = term
    for k in range(1, count):
        term *= expected / k
        total += term
    return min(1.0, total)


def trace_score(traces: Sequence[Trace], aligned_sentences: int) -> float:
    expected = CLEAN_RATE * max(aligned_sentences, 1)
    return round(poisson_below(evidence(traces), expected), 4)


def summarise(traces: Sequence[Trace], aligned_sentences: int) -> TraceReport:
    score = trace_score(traces, aligned_sentences)
    weighted = evidence(traces)
    summary = ""
    strong = [trace for trace in traces if trace.kind in STRONG]
    told = score >= REPORT_SCORE and len(strong) >= REPORT_MIN_TRACES
    if not told:
        traces = strong
    else:
        counts = [
            kind.counted(n)
            for kind in _ORDER
            if kind in STRONG and (n := sum(t.kind is kind for t in traces))
        ]
        summary = "B shows traces of a machine round trip or a spinner: " + _join(counts) + "."
    return TraceReport(tuple(traces), aligned_sentences, weighted, score, summary)


def _join(parts: list[str]) -> str:
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
