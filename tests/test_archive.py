"""The persistent archive index (core/rank/archive.py): incremental, robust, and the same
ranking as a folder.  Articles are generated here from a small word list (no third-party text).
"""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core import load_file
from core.errors import CopydeskError
from core.model import ResultState, VerdictKind
from core.rank import index_folder, rank, signature_of, vocabulary
from core.rank.archive import (
    APPLICATION_ID,
    ArchiveError,
    ArchiveStats,
    archive_stats,
    band_keys,
    candidate_rows,
    connect,
    index_archive,
    rank_archive,
)

REPO = Path(__file__).resolve().parents[1]

WORDS = re.findall(
    r"\w+",
    "council budget school mayor river bridge harbour election police court judge minister "
    "hospital doctor nurse patient teacher student farmer market price wheat coffee storm "
    "flood road train station airport pilot engineer factory worker union strike wage tax "
    "report study survey museum painting festival concert theatre library archive newspaper "
    "editor reporter village town city region border treaty army ship port island forest "
    "mountain lake energy power plant solar wind coal water drought harvest season winter "
    "summer spring autumn morning evening night week month year decade century plan law "
    "vote party leader speech debate protest crowd street square park garden house family "
    "child parent neighbour friend visitor tourist hotel restaurant kitchen bread cheese",
)
GLUE = re.findall(r"\w+", "the a of in on at for with after before and but because while during")


def make_article(seed: int, sentences: int = 12) -> str:
    rng = random.Random(seed)
    paragraphs = []
    for _ in range(max(1, sentences // 4)):
        body = []
        for _ in range(4):
            words = [rng.choice(WORDS if k % 2 == 0 else GLUE) for k in range(rng.randint(9, 16))]
            body.append(" ".join(words).capitalize() + ".")
        paragraphs.append(" ".join(body))
    return "\n\n".join(paragraphs) + "\n"


def rewrite(text: str, seed: int, share: float = 0.1) -> str:
    rng = random.Random(seed)
    tokens = text.split(" ")
    for k in range(len(tokens)):
        if rng.random() < share and tokens[k].isalpha():
            tokens[k] = rng.choice(WORDS)
    return " ".join(tokens)


def make_folder(root: Path, count: int, first_seed: int = 0) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for k in range(count):
        (root / f"story-{k:04d}.txt").write_text(make_article(first_seed + k), encoding="utf-8")
    return root


def rows(database: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT path, size, content_hash, language, words, vocabulary, format, title,"
            " signature FROM articles ORDER BY path"
        ).fetchall()


def band_rows(database: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT a.path, b.band, b.key FROM bands b JOIN articles a ON a.id = b.article"
            " ORDER BY 1, 2"
        ).fetchall()


def test_index_update_counts_and_ranking(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "archive", 30)
    database = tmp_path / "archive.db"
    first = index_archive(folder, database)
    assert (first.new, first.changed, first.removed, first.unchanged) == (30, 0, 0, 0)
    assert first.state is ResultState.COMPLETED
    assert first.line().startswith("indexed 30 new, 0 changed, 0 removed, 0 unchanged in ")

    assert archive_stats(database) == ArchiveStats(30, 0, (str(folder),))
    again = index_archive(folder, database)
    assert (again.new, again.changed, again.removed, again.unchanged) == (0, 0, 0, 30)

    (folder / "story-0003.txt").write_text(make_article(1003), encoding="utf-8")
    (folder / "story-0004.txt").unlink()
    (folder / "fresh.txt").write_text(make_article(2000), encoding="utf-8")
    (folder / "story-0005.txt").rename(folder / "renamed.txt")
    os.utime(folder / "story-0006.txt")  # touched, same content: not read again
    update = index_archive(folder, database)
    assert (update.new, update.changed, update.removed, update.moved) == (1, 1, 1, 1)
    assert update.unchanged == 27
    assert len(rows(database)) == 30
    # Every article has exactly its band keys, nothing left behind by updates.
    bands = band_rows(database)
    assert len(bands) == 30 * 64
    assert {path for path, _, _ in bands} == {row[0] for row in rows(database)}

    # A rewrite of one article finds it first, with the folder ranking's verdicts.
    query = tmp_path / "query.txt"
    query.write_text(rewrite((folder / "story-0011.txt").read_text(), 5), encoding="utf-8")
    result = rank_archive(load_file(str(query)), database, limit=5)
    assert result.candidates[0].path == str(folder / "story-0011.txt")
    assert result.candidates[0].verdict in (VerdictKind.LIGHT_EDIT, VerdictKind.PARAPHRASE)
    assert result.indexed == 30
    # Same order and verdicts as ranking the folder itself.
    folder_result = rank(load_file(str(query)), index_folder(folder), limit=5)
    assert [c.path for c in result.candidates] == [c.path for c in folder_result.candidates]
    assert [c.verdict for c in result.candidates] == [c.verdict for c in folder_result.candidates]


def test_band_index_finds_the_rewrite_without_a_scan(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "archive", 40)
    database = tmp_path / "archive.db"
    index_archive(folder, database)
    query = tmp_path / "query.txt"
    query.write_text(rewrite((folder / "story-0020.txt").read_text(), 9), encoding="utf-8")
    result = rank_archive(load_file(str(query)), database, limit=3, scan_limit=0)
    assert result.candidates[0].path == str(folder / "story-0020.txt")
    # Only the few articles sharing the most bands are read back; the rewrite is among them.
    with sqlite3.connect(database) as connection:
        digest = signature_of(vocabulary(load_file(str(query)))).digest()
        few = candidate_rows(connection, digest, scan_limit=0, max_candidates=3)
    assert len(few) == 3
    assert str(folder / "story-0020.txt") in [row[1] for row in few]


def test_band_keys_are_exact_and_signed() -> None:
    digest = [0xFFFFFFFF, 0xFFFFFFFF] + [1] * 126
    keys = band_keys(digest)
    assert len(keys) == 64
    assert keys[0] == (0, -1)  # 2**64 - 1 as a signed 64-bit integer
    assert keys[1] == (1, (1 << 32) | 1)
    assert all(-(1 << 63) <= key < (1 << 63) for _, key in keys)


def test_files_that_fail_are_remembered_and_retried_only_when_changed(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "archive", 3)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    database = tmp_path / "archive.db"
    first = index_archive(folder, database)
    assert first.new == 3
    assert first.failed == 2
    assert any("binary" in failure.reason for failure in first.failures)
    second = index_archive(folder, database)
    assert second.failed == 1  # the empty file, which the walk finds without reading it
    assert second.unchanged == 4  # the binary file is not read again until it changes
    (folder / "empty.txt").write_text(make_article(77), encoding="utf-8")
    third = index_archive(folder, database)
    assert third.new == 1


def test_corrupt_foreign_and_other_version_databases_are_refused(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "archive", 2)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(ArchiveError, match="damaged or not a database"):
        index_archive(folder, garbage)
    assert garbage.read_bytes().startswith(b"this is not a database")  # left alone

    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE people (name TEXT)")
    with pytest.raises(ArchiveError, match="not a Copydesk archive index"):
        index_archive(folder, foreign)

    future = tmp_path / "future.db"
    index_archive(folder, future)
    with sqlite3.connect(future) as connection:
        connection.execute("PRAGMA user_version = 99")
    with pytest.raises(ArchiveError, match="another version of Copydesk"):
        index_archive(folder, future)
    with pytest.raises(ArchiveError, match="another version of Copydesk"):
        rank_archive(load_file(str(folder / "story-0000.txt")), future)

    with pytest.raises(ArchiveError, match="no archive index here"):
        rank_archive(load_file(str(folder / "story-0000.txt")), tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()
    with pytest.raises(ArchiveError, match="folder"):
        connect(tmp_path, create=True)
    assert issubclass(ArchiveError, CopydeskError)


def test_a_missing_folder_creates_no_database(tmp_path: Path) -> None:
    with pytest.raises(CopydeskError):
        index_archive(tmp_path / "nowhere", tmp_path / "archive.db")
    assert not (tmp_path / "archive.db").exists()


def test_database_is_marked_as_ours(tmp_path: Path) -> None:
    database = tmp_path / "archive.db"
    index_archive(make_folder(tmp_path / "archive", 1), database)
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _index_command(folder: Path, database: Path) -> list[str]:
    code = (
        "import sys; from core.rank.archive import index_archive; "
        "s = index_archive(sys.argv[1], sys.argv[2]); print(s.line())"
    )
    return [sys.executable, "-c", code, str(folder), str(database)]


def test_killed_index_run_leaves_a_consistent_database_and_resumes(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "archive", 400, first_seed=100)
    database = tmp_path / "archive.db"
    process = subprocess.Popen(_index_command(folder, database), cwd=REPO)
    deadline = time.monotonic() + 120
    count = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        try:
            with sqlite3.connect(database, timeout=5) as connection:
                count = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.OperationalError:
            continue  # not created yet
        if count >= 64:
            break
    if process.poll() is not None:
        pytest.skip("indexing finished before it could be interrupted (machine too fast)")
    process.send_signal(signal.SIGKILL)
    process.wait()
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        partial = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        # Every committed article has all its bands: nothing half-written.
        bands = connection.execute("SELECT count(*) FROM bands").fetchone()[0]
    assert 0 < partial < 400
    assert bands == partial * 64

    resumed = index_archive(folder, database)
    assert resumed.unchanged == partial
    assert resumed.new == 400 - partial
    reference = tmp_path / "reference.db"
    index_archive(folder, reference)
    assert rows(database) == rows(reference)
    assert band_rows(database) == band_rows(reference)


def test_two_indexers_on_one_database_do_not_corrupt_it(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "archive", 150, first_seed=500)
    database = tmp_path / "archive.db"
    processes = [
        subprocess.Popen(
            _index_command(folder, database), cwd=REPO, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=300)[0] for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    reference = tmp_path / "reference.db"
    index_archive(folder, reference)
    assert rows(database) == rows(reference)
    assert band_rows(database) == band_rows(reference)


def test_cancelled_index_keeps_what_was_done_and_removes_nothing(tmp_path: Path) -> None:
    from dataclasses import replace

    from core.config import DEFAULT_CONFIG

    folder = make_folder(tmp_path / "archive", 80)
    database = tmp_path / "archive.db"
    index_archive(folder, database)
    (folder / "story-0001.txt").unlink()
    for k in range(40):
        (folder / f"new-{k}.txt").write_text(make_article(900 + k), encoding="utf-8")
    calls = 0

    def stop_soon() -> bool:
        nonlocal calls
        calls += 1
        return calls > 5

    summary = index_archive(folder, database, replace(DEFAULT_CONFIG, should_cancel=stop_soon))
    assert summary.state is ResultState.CANCELLED
    assert summary.removed == 0
    assert "stopped early" in summary.line()
    paths = {row[0] for row in rows(database)}
    assert str(folder / "story-0001.txt") in paths  # not dropped by a cancelled run
    final = index_archive(folder, database)
    assert final.state is ResultState.COMPLETED
    assert final.removed == 1
    assert len(rows(database)) == 80 - 1 + 40


@pytest.mark.slow
def test_dask_cluster_gives_the_same_rows_as_a_local_run(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    from core.rank.archive import dask_executor

    folder = make_folder(tmp_path / "archive", 40, first_seed=300)
    scheduler_file = tmp_path / "scheduler.json"
    bin_dir = Path(sys.executable).parent
    environment = dict(os.environ, PYTHONPATH=str(REPO), DASK_DISTRIBUTED__WORKER__DAEMON="False")
    scheduler = subprocess.Popen(
        [str(bin_dir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
         "--no-dashboard", "--scheduler-file", str(scheduler_file)],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    worker = None
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert scheduler_file.exists(), "the Dask scheduler did not start"
        worker = subprocess.Popen(
            [str(bin_dir / "dask"), "worker", "--scheduler-file", str(scheduler_file),
             "--nworkers", "1", "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"],
            env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        import json

        address = json.loads(scheduler_file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        database = tmp_path / "dask.db"
        with dask_executor(address) as executor:
            summary = index_archive(folder, database, executor=executor)
        assert summary.new == 40
        reference = tmp_path / "local.db"
        index_archive(folder, reference)
        assert rows(database) == rows(reference)
        assert band_rows(database) == band_rows(reference)
    finally:
        for process in (worker, scheduler):
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "core.cli", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_index_rank_and_errors(tmp_path: Path) -> None:
    import json

    folder = make_folder(tmp_path / "archive", 12)
    database = tmp_path / "archive.db"
    built = run_cli("index", str(folder), "--db", str(database))
    assert built.returncode == 0, built.stderr
    assert "indexed 12 new, 0 changed, 0 removed, 0 unchanged in " in built.stdout
    assert built.stderr == ""  # no progress bar when stderr is not a terminal

    (folder / "story-0002.txt").unlink()
    update = run_cli("index", "--db", str(database), "--json")  # every folder in it
    assert update.returncode == 0, update.stderr
    summary = json.loads(update.stdout)
    assert summary["schema"] == "copydesk.index/1"
    assert (summary["removed"], summary["unchanged"], summary["articles"]) == (1, 11, 11)
    assert summary["folders"][0]["folder"] == str(folder)

    query = tmp_path / "query.txt"
    query.write_text(rewrite((folder / "story-0007.txt").read_text(), 3), encoding="utf-8")
    ranked = run_cli("rank", str(query), "--db", str(database), "--top", "3")
    assert ranked.returncode == 0, ranked.stderr
    assert f"Archive index: {database}: 11 articles indexed" in ranked.stdout
    assert "story-0007.txt" in ranked.stdout.splitlines()[4]  # the first row after the header
    as_json = json.loads(run_cli("rank", str(query), "--db", str(database), "--json").stdout)
    assert as_json["source"] == "archive"
    assert as_json["candidates"][0]["path"] == str(folder / "story-0007.txt")

    for args, message in (
        (("rank", str(query), str(folder), "--db", str(database)), "either a FOLDER"),
        (("rank", str(query), "--db", str(tmp_path / "none.db")), "no archive index here"),
        (("index", str(folder)), "--db ARCHIVE.db is required"),
        (("index", str(tmp_path / "nowhere"), "--db", str(database)), "not a folder"),
        (("index", "--db", str(tmp_path / "fresh.db")), "no archive index here"),
    ):
        failed = run_cli(*args)
        assert failed.returncode == 2, (args, failed.stdout)
        assert failed.stderr.count("\n") == 1 and message in failed.stderr, failed.stderr
