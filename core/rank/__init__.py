"""One against many: which article in a folder is a rewrite of this one?

- :mod:`core.rank.walk`: finding the article files in a folder, defensively
- :mod:`core.rank.signature`: an article's MinHash signature (its set of stemmed words)
- :mod:`core.rank.index`: indexing a folder (:func:`index_folder`, :class:`IndexedFolder`)
- :mod:`core.rank.ranking`: ranking the index against a query (:func:`rank`, :func:`rank_folder`)
- :mod:`core.rank.pool`: the one process pool, with a fallback when it breaks
- :mod:`core.rank.results`: the values handed back (entries, failures, progress, candidates)

How it works and why (MinHash of stemmed words, rensa, exact scan before LSH):
``docs/rank-design.md``.  This package re-exports what the CLI and the window use.
"""

from core.rank.index import LSH_BANDS, IndexedFolder, index_folder, load_article
from core.rank.ranking import DEFAULT_COMPARE_TOP, rank, rank_folder
from core.rank.results import (
    IndexEntry,
    LoadFailure,
    Progress,
    RankedCandidate,
    RankEvent,
    RankResult,
)
from core.rank.signature import NUM_PERM, signature_of, vocabulary

__all__ = [
    "DEFAULT_COMPARE_TOP",
    "LSH_BANDS",
    "NUM_PERM",
    "IndexEntry",
    "IndexedFolder",
    "LoadFailure",
    "Progress",
    "RankEvent",
    "RankResult",
    "RankedCandidate",
    "index_folder",
    "load_article",
    "rank",
    "rank_folder",
    "signature_of",
    "vocabulary",
]
