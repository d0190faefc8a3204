"""One against many: which article in a folder is a rewrite of this one?

Two stages, because the full aligned comparison costs about half a second per pair (seconds
for articles with very long sentences) and a newsroom folder holds thousands of articles:

1. **Candidate search.**  Every article gets a MinHash signature (rensa's R-MinHash,
   ``num_perm=128``, seed :data:`MINHASH_SEED`) of the *set of its normalised words*:
   case-folded, quotes and dashes unified, cut to :func:`core.text.tokens.stem_key`'s five-letter
   stem so that "accused" and "accusing" count as one.  The estimated Jaccard similarity of two
   signatures ranks the folder against the query.
2. **Full comparison.**  Only the best candidates (:data:`DEFAULT_COMPARE_TOP`) are loaded again
   and compared with :func:`core.engine.compare`, which gives the verdict, the word similarity and
   the
   containment the editor sees.  Those candidates are ranked by verdict (closest relationship
   first), then by word similarity; the others follow by their estimate.

Why sets of single stemmed words and not word 3-gram shingles: a human re-translation or a
rewrite shares meaning, not phrasing.  On the 92 longer WMT22 zh-en documents the Jaccard of
word 3-gram sets between two human translations of the same story can be as low as 0.04 --
exactly what unrelated documents reach -- while for sets of stemmed words every rewrite (the
other human translation and four machine translations) is at least 0.10 above the most
similar unrelated document.  A copy or light edit scores higher still, so one signature serves
every kind of rewrite.

Why rensa: it is one Rust extension of about 1 MB with no dependencies, where the MinHash
library used before it brought 115 MiB of scientific Python into the frozen bundle (README,
*Libraries*).  Of its sketches, full-set R-MinHash: seeded and hashing words with a fixed
function (FxHash), so a signature is the same in every run and every worker process, whatever
the order of the words; 32-bit values; and the one its banded index
(:class:`rensa.RMinHashLSH`) takes.  C-MinHash has no such index, and the "rho" pipeline
samples token positions, so order and length change it.

Why an exact scan of the signatures, and LSH only at scale: comparing the query's 128 hash
values with every article's is one rensa ``jaccard`` call per article (in Rust): about 1 ms for
10,000 articles and 16 ms for 100,000.  It has no false negatives and yields a *ranking*, which
a threshold index does not.  Rewrites sit at a Jaccard of 0.3-0.6, low enough that LSH needs
few rows per band and so lets through many merely same-language texts (13-29 % of the folder
in ``benchmarks/rank_speed.py``; 5-18 % with the previous library, whose hash values are
independent where rensa's neighbouring ones are correlated on real vocabularies, so that its
two-value bands match more often than J squared: more rows to score, no recall lost): below
about 100,000 articles it would risk recall and save nothing.  Above :data:`LSH_MIN_ENTRIES`
the banded :class:`rensa.RMinHashLSH` (:data:`LSH_BANDS` bands of two values, tuned for recall
at :data:`LSH_THRESHOLD`; built once per index, 0.8 s for 100,000) picks the rows to score,
which mostly saves building and sorting a candidate for every article (it found every planted
rewrite in the benchmark too).

Other indexes were tried (the previous library's) and rejected: ``MinHashLSHForest`` answers
top-k by hash prefix matches, and at Jaccard 0.3 a prefix of length one still misses in ~6 %
of queries with its default 8 trees; ``MinHashLSHEnsemble`` answers *containment of the query
in a candidate*, the wrong direction for a shortened rewrite, and must be partitioned by set
size in one go.  Containment is still covered: besides the best estimated Jaccard, the
candidates whose vocabulary the query most contains (estimated from Jaccard and both set
sizes) are compared too, so excerpts and round-ups that quote the query reach the full
comparison.

Walking the folder is defensive: hidden entries, other file types and symbolic links to a
folder already visited (loops) are skipped; broken links, named pipes, devices, unreadable
folders, empty files, files over ``config.max_bytes`` and files :func:`core.load_file` refuses
are listed as failures with a reason and never stop the run.  Nothing is ever opened that is
not a regular file, so a named pipe cannot hang the walk.
"""

from __future__ import annotations

import concurrent.futures
import errno
import multiprocessing
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol, TypeVar

import rensa

from core.config import DEFAULT_CONFIG, CompareConfig
from core.engine.compare import compare
from core.errors import CancelledError, EmptyInputError, LoadError, UnreadableInputError
from core.load.loading import load_file
from core.model import (
    UNKNOWN_LANGUAGE,
    Document,
    LanguageGuess,
    ResultState,
    TokenKind,
    VerdictKind,
)
from core.text.tokens import normalize_token, stem_key

NUM_PERM = 128
MINHASH_SEED = 1
# Full comparisons per query: ~0.4 s each for news-length articles.
DEFAULT_COMPARE_TOP = 10
# Extra comparisons for the candidates the query most *contains* (excerpts, round-ups).
CONTAINMENT_EXTRA = 3
# A vocabulary this small makes a containment estimate meaningless (any headline "contains").
MIN_CONTAINMENT_VOCABULARY = 30
DEFAULT_MAX_FILES = 100_000
LSH_MIN_ENTRIES = 100_000
LSH_THRESHOLD = 0.2
# 64 bands of 2 hash values: a row is proposed when any band matches the query's, which for
# an article at Jaccard J happens with probability 1 - (1 - J**2)**64: 0.47 at 0.1, 0.93 at
# 0.2, 0.998 at 0.3 (if the values were independent; see above).  Recall matters far more
# than precision (every hit is re-scored exactly anyway): the banding the previous library's
# optimiser chose for LSH_THRESHOLD with a false-negative weight of 0.9.
LSH_BANDS = 64
# Below this many files, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 64
_BATCH_FILES = 16
# Below this many comparisons, starting worker processes (~1.5 s) costs more than it saves.
PARALLEL_MIN_COMPARISONS = 6

# What core.load_file reads, by name.  A file without a suffix is tried too (its content
# decides); every other suffix is skipped without being opened...
ARTICLE_SUFFIXES = frozenset(
    {"", ".txt", ".text", ".md", ".markdown", ".mdown", ".mkd", ".mkdn"}
    | {".html", ".htm", ".xhtml", ".xht", ".shtml", ".docx", ".docm", ".dotx", ".pdf"}
)
# ...except word-processor files Copydesk cannot read: those are handed to the loader so that
# the editor sees its advice ("save it as .docx") in the failures instead of a silent skip.
LISTED_DOCUMENT_SUFFIXES = frozenset(
    {".doc", ".dot", ".rtf", ".odt", ".ott", ".fodt", ".pages", ".wpd"}
)
_WALKED_SUFFIXES = ARTICLE_SUFFIXES | LISTED_DOCUMENT_SUFFIXES


class Signature(Protocol):
    """A MinHash signature: :class:`rensa.RMinHash` (typed here: rensa ships no stubs)."""

    def digest(self) -> list[int]:
        """The NUM_PERM 32-bit hash values."""
        ...

    def jaccard(self, other: Signature, /) -> float:
        """Share of equal hash values: the estimated Jaccard similarity of the two sets."""
        ...


def _never_cancel() -> bool:
    return False


# --------------------------------------------------------------------------------------------
# Value types


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


RankEvent = Progress | IndexEntry | LoadFailure | RankedCandidate
EventCallback = Callable[[RankEvent], None]


def _no_events(event: RankEvent) -> None:
    del event


# --------------------------------------------------------------------------------------------
# Signatures


def vocabulary(document: Document) -> frozenset[str]:
    """The set the signature is made of: the document's distinct stemmed, normalised words."""
    starts = document.token_starts
    text = document.text
    word = TokenKind.WORD
    return frozenset(
        stem_key(
            normalize_token(
                text[starts[i] : starts[i + 1]], word, ignore_case=True, normalize_quotes=True
            )
        )
        for i, kind in enumerate(document.token_kinds)
        if kind == word
    )


def signature_of(words: Iterable[str]) -> Signature:
    """The set's MinHash signature: the same set gives the same values in every process.

    rensa's full-set R-MinHash hashes each word with a fixed (FxHash) function and draws its
    permutations from ``MINHASH_SEED``, so nothing depends on Python's per-process string
    hashing or on the order of the words; sorting them is only a belt to those braces.
    Words go in as UTF-8 bytes (``surrogatepass``: text decoded with escapes may hold lone
    surrogates, which rensa's ``str`` path refuses); a ``str`` would hash the same bytes.
    """
    minhash = rensa.RMinHash(num_perm=NUM_PERM, seed=MINHASH_SEED)
    minhash.update([word.encode("utf-8", "surrogatepass") for word in sorted(words)])
    signature: Signature = minhash
    return signature


# --------------------------------------------------------------------------------------------
# Walking a folder


@dataclass
class _Walk:
    files: list[tuple[str, os.stat_result]] = field(default_factory=list)
    failures: list[LoadFailure] = field(default_factory=list)
    skipped: int = 0


def _stat_failure(path: str, error: OSError, is_link: bool) -> LoadFailure:
    if error.errno == errno.ELOOP:
        return LoadFailure(path, "Symbolic link loop: the link points back to itself.")
    if error.errno == errno.ENOENT and is_link:
        return LoadFailure(path, "Broken link: the file it points to does not exist.")
    if error.errno in (errno.EACCES, errno.EPERM):
        return LoadFailure(path, "Permission denied.")
    return LoadFailure(path, f"Cannot be read: {error.strerror or error}.")


def _kind_of_special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "A named pipe"
    if stat.S_ISSOCK(mode):
        return "A socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "A device"
    return "A special file"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"


def walk_folder(
    folder: str | os.PathLike[str],
    config: CompareConfig = DEFAULT_CONFIG,
    max_files: int = DEFAULT_MAX_FILES,
) -> _Walk:
    """Article files under ``folder`` (recursively, sorted), failures and the skipped count.

    Only ``os.scandir``/``os.stat`` here: nothing is opened, so special files cannot block.
    """
    root = str(folder)
    walk = _Walk()
    try:
        root_stat = os.stat(root)
    except OSError as error:
        if error.errno == errno.ENOENT:
            reason = "the folder does not exist (it may have been moved or renamed)."
        else:
            reason = _stat_failure(root, error, os.path.islink(root)).reason
            reason = reason[:1].lower() + reason[1:]
        raise UnreadableInputError(f"{root}: {reason}", root) from error
    if not stat.S_ISDIR(root_stat.st_mode):
        raise UnreadableInputError(f"{root}: this is a file, not a folder.", root)
    visited_dirs = {(root_stat.st_dev, root_stat.st_ino)}
    seen_files: set[tuple[int, int]] = set()
    pending = [root]
    checked = 0
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as iterator:
                entries = sorted(iterator, key=lambda entry: entry.name)
        except OSError as error:
            reason = error.strerror or str(error)
            walk.failures.append(LoadFailure(directory, f"Folder cannot be opened: {reason}."))
            continue
        subfolders: list[str] = []
        for entry in entries:
            checked += 1
            if checked % 256 == 0:
                config.check_cancelled()
            if entry.name.startswith("."):
                walk.skipped += 1
                continue
            path = entry.path
            is_link = entry.is_symlink()
            try:
                info = os.stat(path)
            except OSError as error:
                walk.failures.append(_stat_failure(path, error, is_link))
                continue
            identity = (info.st_dev, info.st_ino)
            if stat.S_ISDIR(info.st_mode):
                if identity in visited_dirs:
                    walk.skipped += 1  # a link to a folder already walked: a loop or a repeat
                else:
                    visited_dirs.add(identity)
                    subfolders.append(path)
                continue
            if Path(entry.name).suffix.lower() not in _WALKED_SUFFIXES:
                walk.skipped += 1
                continue
            if not stat.S_ISREG(info.st_mode):
                kind = _kind_of_special(info.st_mode)
                walk.failures.append(LoadFailure(path, f"{kind}, not a file; not read."))
                continue
            if identity in seen_files:
                walk.skipped += 1
                continue
            seen_files.add(identity)
            if info.st_size == 0:
                walk.failures.append(LoadFailure(path, "The file is empty."))
                continue
            if info.st_size > config.max_bytes:
                walk.failures.append(
                    LoadFailure(
                        path,
                        f"Too large ({_megabytes(info.st_size)}; the limit is "
                        f"{_megabytes(config.max_bytes)}).",
                    )
                )
                continue
            if len(walk.files) >= max_files:
                walk.failures.append(
                    LoadFailure(
                        root,
                        f"More than {max_files:,} articles: only the first {max_files:,} "
                        "were indexed.",
                    )
                )
                return walk
            walk.files.append((path, info))
        # Depth first, in name order: the stack pops the first subfolder next.
        pending.extend(reversed(subfolders))
    return walk


# --------------------------------------------------------------------------------------------
# Indexing


@dataclass(frozen=True, slots=True)
class _Loaded:
    entry: IndexEntry | None
    # Crosses from a worker process by pickle: rensa pickles an RMinHash as its (versioned)
    # hash values and parameters, ~700 bytes.  None for a failure.
    signature: Signature | None
    failure: LoadFailure | None


def _reason(error: BaseException, path: str) -> str:
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
        return _Loaded(None, None, LoadFailure(path, _reason(error, path)))
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


def _process_pool(workers: int) -> concurrent.futures.ProcessPoolExecutor:
    # spawn, not fork: the caller may be a thread of a GUI, and forking a threaded process
    # can deadlock the child on a lock some other thread held.
    context = multiprocessing.get_context("spawn")
    return concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context)


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
    portable = replace(config, should_cancel=_never_cancel)  # a callback need not pickle
    batches = [files[k : k + _BATCH_FILES] for k in range(0, len(files), _BATCH_FILES)]
    pool = _process_pool(workers)
    finished = False
    number = 0  # the next batch to yield
    try:
        window = workers * 3  # batches in flight: enough to keep workers busy, cheap to drop
        futures: dict[int, concurrent.futures.Future[list[_Loaded]]] = {}
        submitted = 0
        while number < len(batches):
            while submitted < len(batches) and submitted < number + window:
                futures[submitted] = pool.submit(_index_batch, batches[submitted], portable)
                submitted += 1
            loaded = _wait_for(futures.pop(number), config)
            number += 1
            yield from loaded
        finished = True
    except BrokenProcessPool:
        # A worker died (killed for memory, or a frozen app without freeze_support): finish
        # in this process rather than lose the run.
        finished = True
    finally:
        # On cancel, do not wait for the batches still being read: the caller wants out now.
        pool.shutdown(wait=finished, cancel_futures=True)
    for batch in batches[number:]:
        for path, info in batch:
            config.check_cancelled()
            yield _index_one(path, info, config)


_T = TypeVar("_T")


def _wait_for(future: concurrent.futures.Future[_T], config: CompareConfig) -> _T:
    """The future's result, polling ``should_cancel`` while it is not ready."""
    while True:
        config.check_cancelled()
        try:
            return future.result(timeout=0.1)
        except concurrent.futures.TimeoutError:
            continue


def index_folder(
    folder: str | os.PathLike[str],
    config: CompareConfig = DEFAULT_CONFIG,
    *,
    workers: int = 1,
    max_files: int = DEFAULT_MAX_FILES,
    on_event: EventCallback = _no_events,
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


# --------------------------------------------------------------------------------------------
# Ranking


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
    explanation: str = ""
    note: str = ""
    failure: str = ""  # the candidate could not be loaded again


def _compare_one(query: Document, path: str, config: CompareConfig) -> _Compared:
    """Load one candidate and compare it with the query; CancelledError when asked to stop."""
    try:
        document = load_article(path, config)
    except LoadError as error:
        return _Compared(failure=_reason(error, path))
    try:
        comparison = compare(query, document, config)
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
    if workers <= 1 or len(jobs) < max(2, PARALLEL_MIN_COMPARISONS):
        for position, path in jobs:
            config.check_cancelled()
            yield position, _compare_one(query, path, config)
        return
    portable = replace(config, should_cancel=_never_cancel)
    pool = _process_pool(min(workers, len(jobs)))
    finished = False
    left = dict(jobs)  # position -> path, until its outcome is yielded
    try:
        pending = {
            pool.submit(_compare_one, query, path, portable): position for position, path in jobs
        }
        while pending:
            config.check_cancelled()
            done, _ = concurrent.futures.wait(
                pending, timeout=0.1, return_when=concurrent.futures.FIRST_COMPLETED
            )
            # In submission order among those done, so equal timings give a stable order.
            for future in sorted(done, key=lambda item: pending[item]):
                position = pending.pop(future)
                outcome = future.result()
                del left[position]
                yield position, outcome
        finished = True
    except BrokenProcessPool:
        finished = True  # see _load_all: carry on in this process
    finally:
        pool.shutdown(wait=finished, cancel_futures=True)
    for position, path in left.items():
        config.check_cancelled()
        yield position, _compare_one(query, path, config)


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
        estimate=round(estimate, 4),
        language=entry.language,
        size=entry.size,
        words=entry.words,
        explanation=compared.explanation,
        note=compared.note,
    )


# Closest relationship first: a paraphrase outranks a same-topic article even when the
# latter shares more words by chance (names, quotes), which word similarity alone can't tell.
_VERDICT_ORDER = {
    VerdictKind.IDENTICAL: 0,
    VerdictKind.LIGHT_EDIT: 1,
    VerdictKind.PARAPHRASE: 2,
    VerdictKind.SAME_TOPIC: 3,
    VerdictKind.UNRELATED: 4,
}
_NOT_COMPARED = len(_VERDICT_ORDER)


def _order_key(candidate: RankedCandidate) -> tuple[int, float, float, float, str]:
    """Verdict, then word similarity, containment, estimate; the path breaks ties."""
    tier = _NOT_COMPARED if candidate.verdict is None else _VERDICT_ORDER[candidate.verdict]
    return (
        tier,
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
    on_event: EventCallback = _no_events,
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
    on_event: EventCallback = _no_events,
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
