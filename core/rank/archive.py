"""The newsroom archive: a persistent, incremental MinHash index in SQLite.

Folder ranking (:mod:`core.rank`) reads and signs every article again for every question,
which is fine for a folder of scraped pages and hopeless for an archive of a million stories.
This module keeps what indexing learns in one SQLite file: a row per article (path, size,
modification time, content hash, language, words, title) with its MinHash signature, and the
signature's LSH band keys in an indexed table, so that

- re-indexing reads only files that are new or changed (size or mtime differ *and* the content
  hash differs); files that moved are recognised by their content hash and keep their row;
  files that are gone are dropped;
- a query looks its band keys up with the table's index instead of building an LSH in memory,
  then ranks those candidates exactly like folder ranking (same signatures, same full
  comparison of the best ones, read from disk at query time).

Why SQLite: one file the newsroom can copy, WAL mode lets one writer and many readers work at
once, each batch of articles is written in one transaction (an interrupted run leaves every
committed batch and nothing half-written, and the next run resumes by skipping what is
already there), and two indexers on one file serialise on SQLite's lock
(``busy_timeout``) instead of corrupting it.

The reading and signing of files goes through folder ranking's :func:`core.rank.pool.run_jobs`:
in this process, in its local process pool, or on a Dask cluster, whose
``Client.get_executor()`` is handed to it as the executor; only this process writes the
database.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import os
import sqlite3
import struct
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from operator import eq
from pathlib import Path
from typing import Any

from core.config import DEFAULT_CONFIG, CompareConfig
from core.errors import CancelledError, CopydeskError, LoadError
from core.model import Document, LanguageGuess, ResultState
from core.rank.index import LSH_BANDS, IndexedFolder, load_article, reason_of
from core.rank.pool import run_jobs
from core.rank.ranking import DEFAULT_COMPARE_TOP, rank
from core.rank.results import EventCallback, IndexEntry, LoadFailure, Progress, RankResult
from core.rank.signature import MINHASH_SEED, NUM_PERM, Signature, signature_of, vocabulary
from core.rank.walk import walk_folder

# PRAGMA application_id: marks the file as a Copydesk archive ("CDKA"), so that any other
# SQLite file is refused by name rather than half-read.
APPLICATION_ID = 0x43444B41
# PRAGMA user_version: the schema.  A database with another number is refused with a clear
# message (there is only one schema so far, so nothing to migrate from).
SCHEMA_VERSION = 1
ROWS_PER_BAND = NUM_PERM // LSH_BANDS
# Below this many articles a query scans every signature (exact, no false negatives: 20,000
# signatures read and compared in about 0.1 s); above it the band index proposes candidates.
SCAN_LIMIT = 20_000
# Above it, at most this many articles (those sharing the most bands with the query) are read
# back and estimated: what makes a query at 100,000 articles take well under a second.
MAX_CANDIDATES = 2_000
# Files read per task: big enough to amortise a round trip to a worker (or a Dask cluster),
# small enough that a cancel or a kill loses little.
BATCH_FILES = 32
# One transaction per this many finished files: an interrupted run keeps all but the last few.
COMMIT_EVERY = 64
BUSY_TIMEOUT_MS = 60_000
TITLE_CHARS = 120
_SIGNATURE = struct.Struct(f"<{NUM_PERM}I")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    device INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    content_hash BLOB NOT NULL,
    language TEXT NOT NULL,
    language_probability REAL NOT NULL,
    words INTEGER NOT NULL,
    vocabulary INTEGER NOT NULL,
    format TEXT NOT NULL,
    title TEXT NOT NULL,
    signature BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_by_hash ON articles (content_hash);
CREATE TABLE IF NOT EXISTS bands (
    band INTEGER NOT NULL,
    key INTEGER NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY (band, key, article)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS bands_by_article ON bands (article);
CREATE TABLE IF NOT EXISTS folders (
    path TEXT PRIMARY KEY,
    indexed_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    reason TEXT NOT NULL
);
"""


class ArchiveError(CopydeskError):
    """The archive database cannot be used (missing, corrupt, from another version)."""

    def __init__(self, message: str, database: str = "") -> None:
        super().__init__(message)
        self.database = database


@dataclass(frozen=True, slots=True)
class IndexSummary:
    """What one ``index`` run did."""

    database: str
    folder: str
    new: int
    changed: int
    moved: int
    removed: int
    unchanged: int
    failed: int
    articles: int  # rows in the database after the run (all folders)
    seconds: float
    state: ResultState
    failures: tuple[LoadFailure, ...] = ()

    def line(self) -> str:
        """The one-line summary the CLI prints."""
        moved = f", {self.moved} moved" if self.moved else ""
        failed = f", {self.failed} could not be read" if self.failed else ""
        stopped = " (stopped early: run it again to resume)" if self.cancelled else ""
        return (
            f"indexed {self.new} new, {self.changed} changed, {self.removed} removed, "
            f"{self.unchanged} unchanged{moved}{failed} in {self.seconds:.1f} s{stopped}"
        )

    @property
    def cancelled(self) -> bool:
        return self.state is ResultState.CANCELLED


@dataclass(frozen=True, slots=True)
class _Read:
    """One file read and signed (crosses process and network boundaries: plain values)."""

    path: str
    size: int
    mtime_ns: int
    device: int
    inode: int
    content_hash: bytes
    failure: str = ""
    language: str = ""
    language_probability: float = 0.0
    words: int = 0
    vocabulary: int = 0
    format: str = ""
    title: str = ""
    signature: bytes = b""


# --------------------------------------------------------------------------------------------
# Reading one file (runs in a worker process or on a Dask worker)


def content_hash(path: str) -> bytes:
    """BLAKE2b-128 of the file's bytes: the identity of an article across renames."""
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.digest()


def _title_of(document: Document) -> str:
    for paragraph in document.paragraphs:
        text = " ".join(document.text[paragraph.start : paragraph.end].split())
        if text:
            return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1] + "…"
    return ""


def read_article(path: str, config: CompareConfig) -> _Read:
    """Read, hash and sign one file; every failure becomes a reason, never an exception."""
    try:
        info = os.stat(path)
        digest = content_hash(path)
    except OSError as error:
        return _Read(path, 0, 0, 0, 0, b"", failure=f"Cannot be read: {error.strerror or error}.")
    base = _Read(path, info.st_size, info.st_mtime_ns, info.st_dev, info.st_ino, digest)
    try:
        document = load_article(path, config)
    except LoadError as error:
        return replace(base, failure=reason_of(error, path))
    words = vocabulary(document)
    if not words:
        return replace(base, failure="There are no words to compare.")
    return replace(
        base,
        language=document.language.code,
        language_probability=document.language.probability,
        words=document.word_count,
        vocabulary=len(words),
        format=document.info.format,
        title=_title_of(document),
        signature=_SIGNATURE.pack(*signature_of(words).digest()),
    )


def read_batch(paths: Sequence[str], config: CompareConfig) -> list[_Read]:
    """A task for a worker: no callbacks, no cancellation (the client stops asking)."""
    return [read_article(path, config) for path in paths]


# --------------------------------------------------------------------------------------------
# Band keys


def band_keys(digest: Sequence[int]) -> list[tuple[int, int]]:
    """``(band, key)`` per LSH band: the band's hash values packed into one signed 64-bit key.

    Two 32-bit values fit exactly, so equal keys mean equal bands (no collisions to check).
    """
    keys = []
    for band in range(LSH_BANDS):
        values = digest[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND]
        key = 0
        for value in values:
            key = ((key << 32) | value) & 0xFFFFFFFFFFFFFFFF
        keys.append((band, key - (1 << 64) if key >= 1 << 63 else key))
    return keys


# --------------------------------------------------------------------------------------------
# The database


def connect(database: str | os.PathLike[str], *, create: bool) -> sqlite3.Connection:
    """Open (and, with ``create``, make) an archive database; ArchiveError if it is not one."""
    path = os.fspath(database)
    if not path:
        raise ArchiveError("The archive database path is empty.", path)
    if os.path.isdir(path):
        raise ArchiveError(f"{path}: this is a folder, not an archive database file.", path)
    exists = os.path.exists(path)
    if not exists and not create:
        raise ArchiveError(
            f"{path}: no archive index here; build it with "
            f"`copydesk-cli index FOLDER --db {path}`.",
            path,
        )
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as error:
        raise ArchiveError(f"{path}: cannot open the archive database ({error}).", path) from None
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        application_id, version = _identify(connection)
        if application_id == 0 and version == 0:
            if not create:
                raise ArchiveError(f"{path}: this is not a Copydesk archive index.", path)
            _create_schema(connection, path)
        elif application_id != APPLICATION_ID:
            raise ArchiveError(
                f"{path}: this SQLite file is not a Copydesk archive index; "
                "give another --db path.",
                path,
            )
        elif version != SCHEMA_VERSION:
            raise ArchiveError(
                f"{path}: made by another version of Copydesk (archive schema {version}, this "
                f"version reads {SCHEMA_VERSION}); index the archive into a new database file.",
                path,
            )
        else:
            _check_parameters(connection, path)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as error:
        connection.close()
        raise ArchiveError(
            f"{path}: the archive database is damaged or not a database ({error}); "
            "index the archive into a new file.",
            path,
        ) from None
    except BaseException:
        connection.close()
        raise
    return connection


def _identify(connection: sqlite3.Connection) -> tuple[int, int]:
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if application_id == 0 and version == 0:
        # An empty file, or a SQLite database that is not ours (it has tables).
        tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables:
            return (-1, 0)
    return (int(application_id), int(version))


def _parameters() -> dict[str, str]:
    return {
        "num_perm": str(NUM_PERM),
        "seed": str(MINHASH_SEED),
        "bands": str(LSH_BANDS),
        "signature": "rensa R-MinHash of stemmed normalised words",
    }


def _create_schema(connection: sqlite3.Connection, path: str) -> None:
    connection.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have created it while we waited for the lock.
        if _identify(connection) == (0, 0):
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", _parameters().items()
            )
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    _check_parameters(connection, path)


def _check_parameters(connection: sqlite3.Connection, path: str) -> None:
    stored = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    for key, value in _parameters().items():
        if stored.get(key) != value:
            raise ArchiveError(
                f"{path}: signatures were made with other settings ({key}={stored.get(key)}); "
                "index the archive into a new database file.",
                path,
            )


@contextlib.contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _under(root: str) -> tuple[str, str]:
    """SQL LIKE-free range of paths under ``root``: ``root + sep`` <= path < ``root + sep'``."""
    prefix = root.rstrip(os.sep) + os.sep
    return prefix, prefix[:-1] + chr(ord(os.sep) + 1)


@dataclass(frozen=True, slots=True)
class _Known:
    article: int
    size: int
    mtime_ns: int
    content_hash: bytes


def _write_article(connection: sqlite3.Connection, read: _Read) -> None:
    values = (
        read.size,
        read.mtime_ns,
        read.device,
        read.inode,
        read.content_hash,
        read.language,
        read.language_probability,
        read.words,
        read.vocabulary,
        read.format,
        read.title,
        read.signature,
    )
    row = connection.execute("SELECT id FROM articles WHERE path = ?", (read.path,)).fetchone()
    if row is None:
        cursor = connection.execute(
            "INSERT INTO articles (size, mtime_ns, device, inode, content_hash, language,"
            " language_probability, words, vocabulary, format, title, signature, path)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*values, read.path),
        )
        article = cursor.lastrowid
    else:
        article = row[0]
        connection.execute(
            "UPDATE articles SET size = ?, mtime_ns = ?, device = ?, inode = ?,"
            " content_hash = ?, language = ?, language_probability = ?, words = ?,"
            " vocabulary = ?, format = ?, title = ?, signature = ? WHERE id = ?",
            (*values, article),
        )
        connection.execute("DELETE FROM bands WHERE article = ?", (article,))
    digest = _SIGNATURE.unpack(read.signature)
    connection.executemany(
        "INSERT OR IGNORE INTO bands (band, key, article) VALUES (?, ?, ?)",
        [(band, key, article) for band, key in band_keys(digest)],
    )
    connection.execute("DELETE FROM failures WHERE path = ?", (read.path,))


def _write_failure(connection: sqlite3.Connection, read: _Read) -> None:
    _delete_paths(connection, [read.path])
    connection.execute(
        "INSERT OR REPLACE INTO failures (path, size, mtime_ns, reason) VALUES (?, ?, ?, ?)",
        (read.path, read.size, read.mtime_ns, read.failure),
    )


def _delete_paths(connection: sqlite3.Connection, paths: Sequence[str]) -> int:
    removed = 0
    for path in paths:
        row = connection.execute("SELECT id FROM articles WHERE path = ?", (path,)).fetchone()
        if row is not None:
            connection.execute("DELETE FROM bands WHERE article = ?", (row[0],))
            connection.execute("DELETE FROM articles WHERE id = ?", (row[0],))
            removed += 1
    return removed


# --------------------------------------------------------------------------------------------
# Running the reads: here, in a process pool, or on a Dask cluster


@contextlib.contextmanager
def dask_executor(address: str) -> Iterator[concurrent.futures.Executor]:
    """An executor on an existing Dask distributed cluster (``pip install copydesk[cluster]``).

    The workers need Copydesk installed and the archive's files at the same paths.
    """
    try:
        import distributed
    except ImportError:
        raise CopydeskError(
            "--dask needs Dask's distributed scheduler: pip install 'copydesk[cluster]'."
        ) from None
    # distributed ships no type hints; keep its objects as Any rather than loosen mypy.
    make_client: Any = distributed.Client
    try:
        client: Any = make_client(address, timeout=15, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise CopydeskError(f"Cannot reach the Dask scheduler at {address} ({error}).") from None
    try:
        executor: concurrent.futures.Executor = client.get_executor(pure=False)
        yield executor
    finally:
        client.close()


# --------------------------------------------------------------------------------------------
# Indexing


def _no_progress(progress: Progress) -> None:
    del progress


def index_archive(
    folder: str | os.PathLike[str],
    database: str | os.PathLike[str],
    config: CompareConfig = DEFAULT_CONFIG,
    *,
    workers: int = 1,
    executor: concurrent.futures.Executor | None = None,
    max_files: int = sys.maxsize,
    on_progress: Callable[[Progress], None] = _no_progress,
) -> IndexSummary:
    """Build or update the index of ``folder`` in ``database``.

    Only new and changed files are read; moved files keep their row; files gone from the
    folder are dropped (only after a complete walk, so a cancelled run never drops anything).
    ``executor`` (e.g. :func:`dask_executor`) does the reading; otherwise ``workers`` local
    processes.  Never raises for cancellation: the summary says CANCELLED and what was done
    is committed.  Raises UnreadableInputError for a folder that cannot be read and
    ArchiveError for a database that cannot be used.
    """
    started = time.perf_counter()
    root = os.path.abspath(os.fspath(folder))
    database_path = os.fspath(database)
    on_progress(Progress("Looking for articles", 0, 0))
    walk = walk_folder(root, config, max_files)
    connection = connect(database_path, create=True)
    new = changed = moved = removed = unchanged = failed = 0
    failures: list[LoadFailure] = []
    state = ResultState.COMPLETED
    try:
        failures.extend(walk.failures)
        failed = len(walk.failures)  # found by the walk without reading (empty, special, ...)
        low, high = _under(root)
        known = {
            path: _Known(article, size, mtime_ns, digest)
            for path, article, size, mtime_ns, digest in connection.execute(
                "SELECT path, id, size, mtime_ns, content_hash FROM articles"
                " WHERE path >= ? AND path < ?",
                (low, high),
            )
        }
        known_failures = {
            path: (size, mtime_ns)
            for path, size, mtime_ns in connection.execute(
                "SELECT path, size, mtime_ns FROM failures WHERE path >= ? AND path < ?",
                (low, high),
            )
        }
        seen: set[str] = set()
        suspects: list[tuple[str, os.stat_result]] = []
        for path, info in walk.files:
            path = os.path.abspath(path)
            seen.add(path)
            row = known.get(path)
            stamp = (info.st_size, info.st_mtime_ns)
            if (row is not None and (row.size, row.mtime_ns) == stamp) or (
                row is None and known_failures.get(path) == stamp
            ):
                unchanged += 1
            else:
                suspects.append((path, info))
        # Rows whose file is gone: candidates for a move (same content elsewhere), else removed.
        gone = sorted(path for path in known if path not in seen)
        gone_by_hash: dict[bytes, str] = {}
        for path in gone:
            gone_by_hash.setdefault(known[path].content_hash, path)

        to_read: list[str] = []
        touched: list[tuple[int, int, int]] = []
        moves: list[tuple[str, os.stat_result, str]] = []
        total = len(suspects)
        on_progress(Progress("Checking", 0, total))
        for number, (path, info) in enumerate(suspects, start=1):
            row = known.get(path)
            if row is None and not gone_by_hash:
                to_read.append(path)  # nothing it could be a copy of: read it once, in a worker
                continue
            if number % 256 == 0:
                config.check_cancelled()
                on_progress(Progress("Checking", number, total))
            try:
                digest = content_hash(path)
            except OSError:
                to_read.append(path)  # read_article says why
                continue
            if row is not None and row.content_hash == digest:
                touched.append((info.st_size, info.st_mtime_ns, row.article))
            elif row is None and digest in gone_by_hash:
                moves.append((path, info, gone_by_hash.pop(digest)))
            else:
                to_read.append(path)
        with _transaction(connection):
            connection.executemany(
                "UPDATE articles SET size = ?, mtime_ns = ? WHERE id = ?", touched
            )
            unchanged += len(touched)
            for path, info, old in moves:
                taken = connection.execute(
                    "SELECT 1 FROM articles WHERE path = ?", (path,)
                ).fetchone()
                if taken:  # another indexer got there first
                    continue
                connection.execute(
                    "UPDATE articles SET path = ?, size = ?, mtime_ns = ?, device = ?,"
                    " inode = ? WHERE id = ?",
                    (
                        path,
                        info.st_size,
                        info.st_mtime_ns,
                        info.st_dev,
                        info.st_ino,
                        known[old].article,
                    ),
                )
                connection.execute("DELETE FROM failures WHERE path = ?", (path,))
                gone.remove(old)
                moved += 1

        batches = [to_read[k : k + BATCH_FILES] for k in range(0, len(to_read), BATCH_FILES)]
        done = 0
        on_progress(Progress("Indexing", 0, len(to_read)))
        pending: list[_Read] = []

        def flush() -> None:
            nonlocal new, changed, failed
            with _transaction(connection):
                for read in pending:
                    if read.failure:
                        _write_failure(connection, read)
                        failures.append(LoadFailure(read.path, read.failure))
                        failed += 1
                    else:
                        if read.path in known:
                            changed += 1
                        else:
                            new += 1
                        _write_article(connection, read)
            pending.clear()

        try:
            for _, reads in run_jobs(
                read_batch, batches, config, workers, in_order=True, executor=executor
            ):
                pending.extend(reads)
                done += len(reads)
                if len(pending) >= COMMIT_EVERY:
                    flush()
                on_progress(Progress("Indexing", done, len(to_read)))
        finally:
            if pending:
                flush()
        config.check_cancelled()
        with _transaction(connection):
            removed = _delete_paths(connection, gone)
            stale = [path for path in known_failures if path not in seen]
            connection.executemany("DELETE FROM failures WHERE path = ?", [(p,) for p in stale])
            connection.execute(
                "INSERT OR REPLACE INTO folders (path, indexed_at) VALUES (?, ?)",
                (root, time.time()),
            )
    except CancelledError:
        state = ResultState.CANCELLED
    finally:
        articles = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        connection.close()
    return IndexSummary(
        database=database_path,
        folder=root,
        new=new,
        changed=changed,
        moved=moved,
        removed=removed,
        unchanged=unchanged,
        failed=failed,
        articles=int(articles),
        seconds=time.perf_counter() - started,
        state=state,
        failures=tuple(failures),
    )


# --------------------------------------------------------------------------------------------
# Ranking against the archive


class _StoredSignature:
    """A signature read back from the database (rensa cannot rebuild one from its values)."""

    __slots__ = ("values",)

    def __init__(self, values: Sequence[int]) -> None:
        self.values = values

    def digest(self) -> list[int]:
        return list(self.values)

    def jaccard(self, other: Signature, /) -> float:
        return float(sum(map(eq, self.values, other.digest()))) / NUM_PERM


@dataclass(frozen=True, eq=False)
class _Candidates(IndexedFolder):
    """The rows a query proposes, shaped like a folder index so that ranking is shared."""

    def estimates(self, query: Signature, rows: Sequence[int] | None = None) -> list[float]:
        values = query.digest()
        signatures = self.signatures
        chosen = signatures if rows is None else [signatures[row] for row in rows]
        return [sum(map(eq, values, signature.digest())) / NUM_PERM for signature in chosen]


@dataclass(frozen=True, slots=True)
class ArchiveStats:
    """What an archive database holds: for the window's title and `index` with no folder."""

    articles: int
    failures: int
    folders: tuple[str, ...]  # every folder indexed into it, by path


def archive_stats(database: str | os.PathLike[str]) -> ArchiveStats:
    connection = connect(database, create=False)
    try:
        articles = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        failures = connection.execute("SELECT count(*) FROM failures").fetchone()[0]
        folders = [row[0] for row in connection.execute("SELECT path FROM folders ORDER BY 1")]
    finally:
        connection.close()
    return ArchiveStats(int(articles), int(failures), tuple(folders))


_COLUMNS = (
    "id, path, size, device, inode, language, language_probability, words, vocabulary,"
    " format, signature"
)


def candidate_rows(
    connection: sqlite3.Connection,
    digest: Sequence[int],
    *,
    scan_limit: int = SCAN_LIMIT,
    max_candidates: int = MAX_CANDIDATES,
) -> list[tuple[Any, ...]]:
    """Rows worth estimating: all of them in a small archive, else those sharing a band.

    In a large archive a quarter of the articles (measured: 14-29 %) share at least one band
    with any query in
    their language (common words), so the band index counts how many bands each shares and
    only the ``max_candidates`` sharing the most are read: a rewrite at Jaccard 0.3 shares
    about 6 of the 64 bands, an unrelated article in the same language 0 to 2.
    """
    total = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    if total <= scan_limit:
        return connection.execute(f"SELECT {_COLUMNS} FROM articles ORDER BY path").fetchall()
    keys = band_keys(digest)
    values = ", ".join("(?, ?)" for _ in keys)
    shared = connection.execute(
        f"WITH query (band, key) AS (VALUES {values})"
        " SELECT article, count(*) FROM bands JOIN query USING (band, key) GROUP BY article",
        [value for pair in keys for value in pair],
    ).fetchall()
    # Most bands shared first; ties by id (insertion order), never by hash or set order.
    shared.sort(key=lambda row: (-row[1], row[0]))
    chosen = [article for article, _ in shared[:max_candidates]]
    rows: list[tuple[Any, ...]] = []
    for first in range(0, len(chosen), 500):  # SQLite's bound-parameter limit
        part = chosen[first : first + 500]
        marks = ", ".join("?" for _ in part)
        rows.extend(
            connection.execute(f"SELECT {_COLUMNS} FROM articles WHERE id IN ({marks})", part)
        )
    rows.sort(key=lambda row: row[1])  # by path, like a folder walk
    return rows


def rank_archive(
    query: Document,
    database: str | os.PathLike[str],
    config: CompareConfig = DEFAULT_CONFIG,
    *,
    compare_top: int = DEFAULT_COMPARE_TOP,
    limit: int | None = None,
    workers: int = 1,
    on_event: EventCallback | None = None,
    scan_limit: int = SCAN_LIMIT,
) -> RankResult:
    """Rank the archive's articles against ``query``: candidates from the band index, then
    exactly as folder ranking (estimate, full comparison of the best, read from disk now)."""
    started = time.perf_counter()
    words = vocabulary(query)
    database_path = os.fspath(database)
    connection = connect(database_path, create=False)
    try:
        total = int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
        rows = candidate_rows(connection, signature_of(words).digest(), scan_limit=scan_limit)
    except sqlite3.DatabaseError as error:
        raise ArchiveError(
            f"{database_path}: the archive database is damaged ({error}).", database_path
        ) from None
    finally:
        connection.close()
    entries = []
    signatures = []
    for _id, path, size, device, inode, language, probability, count, vocab, form, blob in rows:
        entries.append(
            IndexEntry(
                path=path,
                size=size,
                words=count,
                language=LanguageGuess(language, probability),
                format=form,
                vocabulary=vocab,
                identity=(device, inode),
            )
        )
        signatures.append(_StoredSignature(_SIGNATURE.unpack(blob)))
    candidates = _Candidates(
        folder=database_path,
        entries=tuple(entries),
        signatures=tuple(signatures),
        failures=(),
        skipped=0,
        state=ResultState.COMPLETED,
    )
    events: dict[str, Any] = {} if on_event is None else {"on_event": on_event}
    result = rank(
        query,
        candidates,
        config,
        compare_top=compare_top,
        limit=limit,
        workers=workers,
        lsh_min_entries=sys.maxsize,
        **events,
    )
    in_query = len(candidates) - result.indexed  # the query itself, when it is in the archive
    return replace(
        result,
        archive=True,
        indexed=total - in_query,
        rank_seconds=time.perf_counter() - started,
    )


def default_database_for(folder: str | os.PathLike[str]) -> Path:
    """Where the window keeps an archive's index when the editor has not chosen a file."""
    return Path(folder) / ".copydesk-archive.db"


def update_archive(
    database: str | os.PathLike[str],
    config: CompareConfig = DEFAULT_CONFIG,
    *,
    workers: int = 1,
    executor: concurrent.futures.Executor | None = None,
    on_progress: Callable[[Progress], None] = _no_progress,
) -> list[IndexSummary]:
    """Index again every folder the database holds (``index --db`` with no folder)."""
    summaries = []
    for folder in archive_stats(database).folders:
        config.check_cancelled()
        summaries.append(
            index_archive(
                folder,
                database,
                config,
                workers=workers,
                executor=executor,
                on_progress=on_progress,
            )
        )
    return summaries
