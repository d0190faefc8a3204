"""Indexing a folder: load every article once, keep its MinHash signature and a few facts.

Files are read in worker processes when there are many (:mod:`core.rank.pool`); a file that
cannot be read becomes a :class:`LoadFailure` with a reason and never stops the run.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rensa

from core.config import DEFAULT_CONFIG, CompareConfig
from core.errors import CancelledError, LoadError, UnreadableInputError
from core.load.loading import load_file
from core.model import Document, ResultState
from core.rank.pool import run_jobs
from core.rank.results import EventCallback, IndexEntry, LoadFailure, Progress, no_events
from core.rank.signature import NUM_PERM, Signature, signature_of, vocabulary
from core.rank.walk import DEFAULT_MAX_FILES, walk_folder

LSH_THRESHOLD = 0.2
# 64 bands of 2 hash values: a row is proposed when any band matches the query's, which for
# an article at Jaccard J happens with probability 1 - (1 - J**2)**64: 0.47 at 0.1, 0.93 at
# 0.2, 0.998 at 0.3 (if the values were independent; see docs/rank-design.md).  Recall
# matters far more than precision (every hit is re-scored exactly anyway): the banding the
# previous library's optimiser chose for LSH_THRESHOLD with a false-negative weight of 0.9.
LSH_BANDS = 64
# Below this many files, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 64
_BATCH_FILES = 16


@dataclass(frozen=True, slots=True)
class _Loaded:
    entry: IndexEntry | None
    # Crosses from a worker process by pickle: rensa pickles an RMinHash as its (versioned)
    # hash values and parameters, ~700 bytes.  None for a failure.
    signature: Signature | None
    failure: LoadFailure | None


def reason_of(error: BaseException, path: str) -> str:
    """The loader's message without the path it starts with (the list shows the path)."""
    message = " ".join(str(error).split()) or type(error).__name__
    for prefix in (f"{path}: ", f"{Path(path).name}: "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
            break
    return message[:1].upper() + message[1:] if message else message


def load_article(path: str, config: CompareConfig = DEFAULT_CONFIG) -> Document:
    """:func:`core.load_file`, with every way a file can fail turned into a LoadError."""
    try:
        return load_file(path, config)
    except (LoadError, CancelledError):
        raise
    except UnicodeDecodeError:
        raise LoadError(f"{path}: this is not text in a known encoding.", path) from None
    except OSError as error:
        raise UnreadableInputError(f"{path}: {error.strerror or error}.", path) from error
    except Exception as error:
        # One hostile file (a parser crashing on it) must not stop a run over thousands.
        raise LoadError(
            f"{path}: could not be read ({type(error).__name__}: {error}).", path
        ) from error


def _index_one(path: str, info: os.stat_result, config: CompareConfig) -> _Loaded:
    try:
        document = load_article(path, config)
    except LoadError as error:
        return _Loaded(None, None, LoadFailure(path, reason_of(error, path)))
    words = vocabulary(document)
    if not words:
        return _Loaded(None, None, LoadFailure(path, "There are no words to compare."))
    entry = IndexEntry(
        path=path,
        size=info.st_size,
        words=document.word_count,
        language=document.language,
        format=document.info.format,
        vocabulary=len(words),
        identity=(info.st_dev, info.st_ino),
    )
    return _Loaded(entry, signature_of(words), None)


def _index_batch(
    batch: Sequence[tuple[str, os.stat_result]], config: CompareConfig
) -> list[_Loaded]:
    """Run in a worker process: no callbacks, no cancellation (the parent stops the pool)."""
    return [_index_one(path, info, config) for path, info in batch]


@dataclass(frozen=True, eq=False)
class IndexedFolder:
    """A folder's articles and their MinHash signatures: build once, rank many queries.

    ``signatures[i]`` belongs to ``entries[i]``; they are never updated once indexed.  A
    cancelled index holds what was indexed before the cancel and can still be ranked against.
    """

    folder: str
    entries: tuple[IndexEntry, ...]
    signatures: tuple[Signature, ...]
    failures: tuple[LoadFailure, ...]
    skipped: int
    state: ResultState
    elapsed_seconds: float = 0.0
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.entries)

    def estimates(self, query: Signature, rows: Sequence[int] | None = None) -> list[float]:
        """Estimated Jaccard similarity of the query's vocabulary with each article's.

        The exact scan: one ``jaccard`` call (in Rust) per row, ~0.2 µs each.
        """
        signatures = self.signatures
        chosen = signatures if rows is None else [signatures[row] for row in rows]
        return list(map(query.jaccard, chosen))

    def lsh_rows(self, query: Signature) -> list[int]:
        """Rows rensa's banded LSH proposes for the query (used for very large folders)."""
        lsh = self._cache.get("lsh")
        if lsh is None:
            lsh = rensa.RMinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM, num_bands=LSH_BANDS)
            lsh.insert_many(self.signatures)  # keys 0, 1, ...: the rows
            self._cache["lsh"] = lsh
        rows: list[int] = sorted(lsh.query(query))
        return rows


def _load_all(
    files: Sequence[tuple[str, os.stat_result]],
    config: CompareConfig,
    workers: int,
) -> Iterator[_Loaded]:
    """Index results in the walk's order; raises CancelledError between files or batches."""
    if workers <= 1 or len(files) < PARALLEL_MIN_FILES:
        for path, info in files:
            config.check_cancelled()
            yield _index_one(path, info, config)
        return
    batches = [files[k : k + _BATCH_FILES] for k in range(0, len(files), _BATCH_FILES)]
    for _, loaded in run_jobs(_index_batch, batches, config, workers, in_order=True):
        yield from loaded


def index_folder(
    folder: str | os.PathLike[str],
    config: CompareConfig = DEFAULT_CONFIG,
    *,
    workers: int = 1,
    max_files: int = DEFAULT_MAX_FILES,
    on_event: EventCallback = no_events,
) -> IndexedFolder:
    """Walk ``folder`` and index every article in it.

    Raises :class:`UnreadableInputError` when ``folder`` is not a readable folder; anything
    wrong with a file inside it becomes a :class:`LoadFailure`.  Never raises for
    cancellation: the index comes back in state CANCELLED with what was done.
    ``workers > 1`` loads files in that many processes (spawned, so safe from a GUI thread).
    """
    started = time.perf_counter()
    entries: list[IndexEntry] = []
    signatures: list[Signature] = []
    failures: list[LoadFailure] = []
    skipped = 0
    state = ResultState.COMPLETED
    try:
        on_event(Progress("Looking for articles", 0, 0))
        walk = walk_folder(folder, config, max_files)
        skipped = walk.skipped
        for failure in walk.failures:
            failures.append(failure)
            on_event(failure)
        total = len(walk.files)
        on_event(Progress("Indexing", 0, total))
        report_every = max(1, total // 200)
        for done, loaded in enumerate(_load_all(walk.files, config, workers), start=1):
            if loaded.entry is not None and loaded.signature is not None:
                entries.append(loaded.entry)
                signatures.append(loaded.signature)
                on_event(loaded.entry)
            elif loaded.failure is not None:
                failures.append(loaded.failure)
                on_event(loaded.failure)
            if done % report_every == 0 or done == total:
                on_event(Progress("Indexing", done, total))
    except CancelledError:
        state = ResultState.CANCELLED
    return IndexedFolder(
        folder=str(folder),
        entries=tuple(entries),
        signatures=tuple(signatures),
        failures=tuple(failures),
        skipped=skipped,
        state=state,
        elapsed_seconds=time.perf_counter() - started,
    )
