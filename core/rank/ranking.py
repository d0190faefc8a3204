"""Ranking a folder's articles against one query, best rewrite first.

Two stages: the MinHash estimate over every indexed article (exact scan, or rensa's banded LSH
above :data:`LSH_MIN_ENTRIES`), then the full comparison (:func:`core.engine.compare.compare`)
of the best few, which gives the verdict the editor sees.  Why: ``docs/rank-design.md``.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from core.config import DEFAULT_CONFIG, CompareConfig
from core.engine.compare import compare
from core.errors import CancelledError, EmptyInputError, LoadError
from core.model import Document, ResultState, VerdictKind
from core.rank.index import IndexedFolder, index_folder, load_article, reason_of
from core.rank.pool import run_jobs
from core.rank.results import (
    EventCallback,
    IndexEntry,
    LoadFailure,
    Progress,
    RankedCandidate,
    RankResult,
    no_events,
)
from core.rank.signature import signature_of, vocabulary
from core.rank.walk import DEFAULT_MAX_FILES

# Full comparisons per query: ~0.4 s each for news-length articles.
DEFAULT_COMPARE_TOP = 10
# Extra comparisons for the candidates the query most *contains* (excerpts, round-ups).
CONTAINMENT_EXTRA = 3
# A vocabulary this small makes a containment estimate meaningless (any headline "contains").
MIN_CONTAINMENT_VOCABULARY = 30
LSH_MIN_ENTRIES = 100_000
# Below this many comparisons, starting worker processes (~1.5 s) costs more than it saves.
PARALLEL_MIN_COMPARISONS = 6


def _identity_of(document: Document) -> tuple[int, int] | None:
    if document.info.format == "pasted":
        return None  # the source is a label, not a path
    try:
        info = os.stat(document.info.source)
    except (OSError, ValueError):
        return None  # pasted text, standard input, or a file gone since it was loaded
    return (info.st_dev, info.st_ino)


def _contained_share(jaccard: float, query_size: int, size: int) -> float:
    """Estimated share of the smaller vocabulary found in the larger one.

    From J = |A∩B| / |A∪B| and |A∪B| = |A| + |B| - |A∩B| follows |A∩B| = J(|A|+|B|)/(1+J).
    """
    smaller = min(size, query_size)
    if smaller < MIN_CONTAINMENT_VOCABULARY:
        return 0.0
    return jaccard * (query_size + size) / (1.0 + jaccard) / smaller


def _shortlist(
    order: Sequence[int],
    contained: Sequence[float],
    compare_top: int,
) -> list[int]:
    """Positions (into ``order``'s rows) to compare: best Jaccard, then best containment."""
    chosen = list(order[:compare_top])
    if compare_top <= 0:
        return chosen
    taken = set(chosen)
    by_containment = sorted(order, key=lambda row: (-contained[row], row))
    extra = [row for row in by_containment if row not in taken][:CONTAINMENT_EXTRA]
    return chosen + extra


@dataclass(frozen=True, slots=True)
class _Compared:
    """What ranking keeps of one full comparison (small: it crosses process boundaries)."""

    verdict: VerdictKind | None = None
    similarity: float | None = None
    containment: float | None = None
    reused_share: float | None = None  # share of the candidate in passages of the query
    explanation: str = ""
    note: str = ""
    failure: str = ""  # the candidate could not be loaded again


def _compare_one(query: Document, path: str, config: CompareConfig) -> _Compared:
    """Load one candidate and compare it with the query; CancelledError when asked to stop."""
    try:
        document = load_article(path, config)
    except LoadError as error:
        return _Compared(failure=reason_of(error, path))
    try:
        # Ranking keeps the verdict and the similarity only: no fact check.
        comparison = compare(query, document, replace(config, check_facts=False))
    except CancelledError:
        raise
    except Exception as error:
        # A bug on one odd pair must not cost the editor the whole ranking.
        return _Compared(note=f"Could not be compared ({type(error).__name__}: {error}).")
    if comparison.state is ResultState.CANCELLED:
        raise CancelledError(comparison.message or "Comparison cancelled.")
    if comparison.metrics is None or comparison.verdict is None:
        return _Compared(note=comparison.message or "Not compared.")
    metrics = comparison.metrics
    return _Compared(
        verdict=comparison.verdict.kind,
        similarity=metrics.word_similarity,
        containment=max(metrics.containment_a_in_b, metrics.containment_b_in_a),
        reused_share=round(sum(p.share_of_b for p in comparison.passages), 4),
        explanation=comparison.verdict.explanation,
    )


def _compare_all(
    query: Document,
    jobs: Sequence[tuple[int, str]],
    config: CompareConfig,
    workers: int,
) -> Iterator[tuple[int, _Compared]]:
    """``(position, outcome)`` per job: in order in-process, as they finish in a pool.

    Raises CancelledError when ``config.should_cancel`` says so.  A pool is worth its start-up
    (about a second) only because one comparison can take seconds (TER on long sentences).
    """
    if len(jobs) < max(2, PARALLEL_MIN_COMPARISONS):
        workers = 1
    paths = [path for _, path in jobs]
    compare_with_query = functools.partial(_compare_one, query)
    for number, outcome in run_jobs(compare_with_query, paths, config, workers, in_order=False):
        yield jobs[number][0], outcome


def _candidate(
    entry: IndexEntry, estimate: float, outcome: _Compared | None = None
) -> RankedCandidate:
    compared = outcome or _Compared()
    return RankedCandidate(
        rank=0,
        path=entry.path,
        verdict=compared.verdict,
        similarity=compared.similarity,
        containment=compared.containment,
        reused_share=compared.reused_share,
        estimate=round(estimate, 4),
        language=entry.language,
        size=entry.size,
        words=entry.words,
        explanation=compared.explanation,
        note=compared.note,
    )


# Closest relationship first: a paraphrase outranks a same-topic article even when the
# latter shares more words by chance (names, quotes), which word similarity alone can't tell;
# an article that reuses passages of the query (an excerpt, a partial copy) outranks articles
# that merely share its subject.
_VERDICT_ORDER = {
    VerdictKind.IDENTICAL: 0,
    VerdictKind.LIGHT_EDIT: 1,
    VerdictKind.EXCERPT: 2,
    VerdictKind.PARAPHRASE: 3,
    VerdictKind.TRANSLATION: 4,
    VerdictKind.PARTIAL_COPY: 5,
    VerdictKind.SAME_TOPIC: 6,
    VerdictKind.UNRELATED: 7,
}
_NOT_COMPARED = len(_VERDICT_ORDER)


def _order_key(candidate: RankedCandidate) -> tuple[int, float, float, float, float, str]:
    """Verdict, then reused share, word similarity, containment, estimate; the path breaks
    ties."""
    tier = _NOT_COMPARED if candidate.verdict is None else _VERDICT_ORDER[candidate.verdict]
    return (
        tier,
        -(candidate.reused_share or 0.0),
        -(candidate.similarity or 0.0),
        -(candidate.containment or 0.0),
        -candidate.estimate,
        candidate.path,
    )


def rank(
    query: Document,
    index: IndexedFolder,
    config: CompareConfig = DEFAULT_CONFIG,
    *,
    compare_top: int = DEFAULT_COMPARE_TOP,
    limit: int | None = None,
    on_event: EventCallback = no_events,
    workers: int = 1,
    lsh_min_entries: int = LSH_MIN_ENTRIES,
) -> RankResult:
    """Rank the indexed articles against ``query``, best rewrite first.

    The ``compare_top`` best candidates by signature (plus a few by estimated containment)
    get a full comparison (in ``workers`` processes when more than one); the rest keep their
    estimate only.  ``limit`` cuts the returned list.  Never raises for cancellation: the
    result comes back in state CANCELLED, with the comparisons done so far.  Articles that
    cannot be read again are added to the failures.
    """
    started = time.perf_counter()
    words = vocabulary(query)
    if not words:
        raise EmptyInputError(f"{query.name}: there are no words to compare.", query.name)
    query_signature = signature_of(words)
    query_identity = _identity_of(query)
    use_lsh = len(index) >= lsh_min_entries
    rows: Sequence[int] = index.lsh_rows(query_signature) if use_lsh else range(len(index))
    if query_identity is not None:
        rows = [row for row in rows if index.entries[row].identity != query_identity]
    jaccard = index.estimates(query_signature, rows)
    contained = [
        _contained_share(estimate, len(words), index.entries[row].vocabulary)
        for row, estimate in zip(rows, jaccard, strict=True)
    ]
    # Stable order: best estimate first, then the walk's order (folder and name).
    positions = sorted(range(len(rows)), key=lambda k: (-jaccard[k], k))
    shortlist = _shortlist(positions, contained, compare_top)

    failures = list(index.failures)
    state = index.state
    results: dict[int, RankedCandidate] = {}
    unreadable: set[int] = set()
    on_event(Progress("Comparing", 0, len(shortlist)))
    jobs = [(position, index.entries[rows[position]].path) for position in shortlist]
    try:
        for done, (position, outcome) in enumerate(
            _compare_all(query, jobs, config, workers), start=1
        ):
            entry = index.entries[rows[position]]
            if outcome.failure:
                unreadable.add(position)
                failure = LoadFailure(entry.path, outcome.failure)
                failures.append(failure)
                on_event(failure)
                continue
            candidate = _candidate(entry, jaccard[position], outcome)
            results[position] = candidate
            on_event(candidate)
            on_event(Progress("Comparing", done, len(shortlist)))
    except CancelledError:
        state = ResultState.CANCELLED

    candidates = [
        results.get(position) or _candidate(index.entries[rows[position]], jaccard[position])
        for position in positions
        if position not in unreadable
    ]
    candidates.sort(key=_order_key)
    if limit is not None:
        candidates = candidates[:limit]
    ranked = tuple(
        replace(candidate, rank=number) for number, candidate in enumerate(candidates, 1)
    )
    return RankResult(
        query=query.name,
        folder=index.folder,
        candidates=ranked,
        failures=tuple(failures),
        state=state,
        indexed=len(index) - sum(1 for entry in index.entries if entry.identity == query_identity),
        skipped=index.skipped,
        query_language=query.language,
        query_words=query.word_count,
        index_seconds=index.elapsed_seconds,
        rank_seconds=time.perf_counter() - started,
    )


def rank_folder(
    query_path: str | os.PathLike[str],
    folder: str | os.PathLike[str],
    config: CompareConfig = DEFAULT_CONFIG,
    *,
    workers: int = 1,
    compare_top: int = DEFAULT_COMPARE_TOP,
    limit: int | None = None,
    max_files: int = DEFAULT_MAX_FILES,
    on_event: EventCallback = no_events,
) -> RankResult:
    """Load the query, index the folder, rank.  A query that cannot be loaded raises LoadError."""
    query = load_article(str(query_path), config)
    index = index_folder(folder, config, workers=workers, max_files=max_files, on_event=on_event)
    # A cancelled index is still ranked: estimates cost milliseconds, and the comparisons stop
    # at once because should_cancel still says so.  The result keeps state CANCELLED.
    return rank(
        query,
        index,
        config,
        compare_top=compare_top,
        limit=limit,
        on_event=on_event,
        workers=workers,
    )
