"""What folder ranking hands back: index entries, failures, progress, ranked candidates.

Plain frozen values, small enough to cross process boundaries and to be queued to the
window as events while a run goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.model import UNKNOWN_LANGUAGE, LanguageGuess, ResultState, VerdictKind


@dataclass(frozen=True, slots=True)
class LoadFailure:
    """A file or folder that could not be indexed, and why (one sentence for the editor)."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One indexed article.  Its signature is the matching row of the index's matrix."""

    path: str
    size: int  # bytes on disk
    words: int
    language: LanguageGuess
    format: str
    vocabulary: int  # distinct normalised words: the size of the MinHashed set
    identity: tuple[int, int]  # (st_dev, st_ino): the same file reached by two paths


@dataclass(frozen=True, slots=True)
class Progress:
    """``done`` of ``total`` units of ``stage``; ``total`` is 0 while it is not known yet."""

    stage: str
    done: int
    total: int

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0


@dataclass(frozen=True, slots=True)
class RankedCandidate:
    """One article of the folder, ranked against the query.

    ``verdict``, ``similarity`` and ``containment`` come from the full comparison and are None
    for the articles that were ranked by their signature only (``compared`` is False);
    ``estimate`` is the MinHash estimate of the Jaccard similarity of both vocabularies.
    ``containment`` is the larger of the two shares of words one side keeps of the other.
    """

    rank: int
    path: str
    verdict: VerdictKind | None
    similarity: float | None
    containment: float | None
    estimate: float
    language: LanguageGuess
    size: int
    words: int
    explanation: str = ""
    note: str = ""  # why a shortlisted article has no verdict (e.g. cancelled)
    # Share of this article's words in passages taken from the query (None: not compared).
    reused_share: float | None = None

    @property
    def compared(self) -> bool:
        return self.verdict is not None


@dataclass(frozen=True, slots=True)
class RankResult:
    query: str
    folder: str
    candidates: tuple[RankedCandidate, ...]
    failures: tuple[LoadFailure, ...]
    state: ResultState
    indexed: int  # articles in the index (the query itself excluded if it is in the folder)
    skipped: int  # hidden entries, other file types, links already followed
    query_language: LanguageGuess = UNKNOWN_LANGUAGE
    query_words: int = 0
    index_seconds: float = 0.0
    rank_seconds: float = 0.0
    archive: bool = False  # ``folder`` is an archive index database (core/rank/archive.py)


RankEvent = Progress | IndexEntry | LoadFailure | RankedCandidate
EventCallback = Callable[[RankEvent], None]


def no_events(event: RankEvent) -> None:
    del event
