"""Traces of a machine round trip or a spinner: damage in B that the aligned A does not have.

Content farms disguise a copied story by translating it to another language and back, or
by running it through a synonym "spinner".  What comes out has typical marks: a name
lowercased and a function word capitalised mid-sentence, a month in lowercase, two sentences
fused, a full stop inside a clause, an article dropped, a fixed expression replaced word by
word.  Because B is aligned with A, these are found *differentially*: only where A is intact.

    from core.traces import find_traces
    report = find_traces(comparison)
    report.summary, report.score, [(t.kind, t.b_text, t.a_text) for t in report.traces]

Pure Python, no Qt; computed on demand (the window's worker, the CLI, reports), not in every
compare, so folder ranking does not pay for it.
"""

from __future__ import annotations

import threading
import weakref

from core.model import Comparison
from core.traces.detect import aligned_sentences, find_trace_list
from core.traces.model import TOOLTIP, Trace, TraceKind, TraceReport
from core.traces.score import summarise, trace_score

# One report per comparison: the window works it out on its worker, the exports reuse it.
_REPORTS: weakref.WeakKeyDictionary[Comparison, TraceReport] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def find_traces(comparison: Comparison) -> TraceReport:
    """All traces of B against A, their calibrated score and the editor's sentence."""
    with _LOCK:
        cached = _REPORTS.get(comparison)
    if cached is not None:
        return cached
    traces = find_trace_list(comparison)
    report = summarise(traces, aligned_sentences(comparison.blocks))
    with _LOCK:
        _REPORTS[comparison] = report
    return report


__all__ = [
    "TOOLTIP",
    "Trace",
    "TraceKind",
    "TraceReport",
    "find_traces",
    "trace_score",
]
