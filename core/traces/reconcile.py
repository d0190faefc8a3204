"""Fact changes as reported beside the traces: what the traces explain is not a new fact.

The facts check (core/facts) reads a capitalised word in B that A lacks as a name added in B.
A round trip capitalises common nouns at random ("one of the worst data Violations"), and the
traces find exactly that: a case trace over the word.  Reported together, the two would
contradict each other (a new name and a damaged common word), so a name added in B whose every
capitalised word a case trace explains as capitalised is left out of the reported facts.  The
facts check itself is not changed (it runs in every comparison, the traces only on demand); a
name that A has and B changes, or a name added whose capitals no trace explains, stays.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.model import Comparison, FactChange, FactChangeKind, FactKind
from core.traces import find_traces
from core.traces.model import TraceKind, TraceReport

_CAPITALISED_WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*")


def facts_beside_traces(
    facts: Sequence[FactChange], traces: TraceReport | None
) -> tuple[FactChange, ...]:
    """``facts`` without the names added in B that are common words the traces show capitalised."""
    if traces is None:
        return tuple(facts)
    capitalised = [
        (trace.b_range.start, trace.b_range.end)
        for trace in traces.traces
        if trace.kind is TraceKind.CASE and trace.b_text[:1].isupper()
    ]
    if not capitalised:
        return tuple(facts)
    return tuple(fact for fact in facts if not _explained(fact, capitalised))


def reported_facts(comparison: Comparison) -> tuple[FactChange, ...]:
    """The facts of a comparison as the reports and the window list them."""
    if not any(_added_name(fact) for fact in comparison.facts):
        return comparison.facts  # nothing the traces could explain: no need to find them
    return facts_beside_traces(comparison.facts, find_traces(comparison))


def _added_name(fact: FactChange) -> bool:
    return (
        fact.kind is FactKind.NAME
        and fact.change is FactChangeKind.ADDED
        and fact.b_range is not None
    )


def _explained(fact: FactChange, capitalised: Sequence[tuple[int, int]]) -> bool:
    """Every capitalised word of an added name lies inside a case trace that capitalised it."""
    if not _added_name(fact) or fact.b_range is None:
        return False
    start = fact.b_range.start
    words = [
        (start + match.start(), start + match.end())
        for match in _CAPITALISED_WORD_RE.finditer(fact.b_text)
        if match.group()[:1].isupper()
    ]
    return bool(words) and all(
        any(lo <= word_start and word_end <= hi for lo, hi in capitalised)
        for word_start, word_end in words
    )
