"""One against many (core.rank, core.cli.rank): real rewrites rank first, hostile folders
never crash or hang, cancellation, progress, the JSON contract of ``copydesk-cli rank``."""

from __future__ import annotations

import concurrent.futures
import json
import os
import pickle
import random
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest

from core import load_file
from core.cli import main
from core.cli.rank import SCHEMA_ID
from core.config import CompareConfig
from core.errors import UnreadableInputError
from core.model import ResultState, VerdictKind
from core.rank import (
    LSH_BANDS,
    NUM_PERM,
    IndexEntry,
    LoadFailure,
    Progress,
    RankedCandidate,
    RankEvent,
    index_folder,
    rank,
    rank_folder,
    signature_of,
    vocabulary,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
WMT22 = SHARED / "wmt22_generaltest2022_zhen_multiref" / "docs.jsonl"


# --------------------------------------------------------------------------------------------
# Synthetic articles: made-up words, so no third-party text and no language model luck.


def _vocabulary(seed: int, size: int = 600) -> list[str]:
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ter", "ven", "sa", "dro", "pul", "nix", "ra", "bel", "tos"]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(size)]


def _article(seed: int, sentences: int = 24, words: list[str] | None = None) -> list[str]:
    rng = random.Random(seed)
    pool = words if words is not None else _vocabulary(seed)
    return [
        " ".join(rng.choice(pool) for _ in range(rng.randint(8, 16))).capitalize() + "."
        for _ in range(sentences)
    ]


def _rewrite(sentences: list[str], seed: int, replaced: float = 0.2) -> list[str]:
    """Replace a share of the words and swap some sentences: a rewrite, as a copy desk makes."""
    rng = random.Random(seed)
    fresh = _vocabulary(seed + 10_000, 200)
    out = []
    for sentence in sentences:
        words = sentence.rstrip(".").split()
        words = [rng.choice(fresh) if rng.random() < replaced else word for word in words]
        out.append(" ".join(words).capitalize() + ".")
    for _ in range(len(out) // 4):
        i, j = rng.randrange(len(out)), rng.randrange(len(out))
        out[i], out[j] = out[j], out[i]
    return out


def _write(path: Path, sentences: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "\n\n".join(" ".join(sentences[k : k + 4]) for k in range(0, len(sentences), 4))
    )
    return path


def _run_with_deadline(work: Callable[[], Any], seconds: float = 60.0) -> Any:
    """Run ``work`` in a thread; fail (instead of hanging the suite) if it blocks."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as error:  # re-raised below, in the test's thread
            box["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s: something blocked"
    if "error" in box:
        raise box["error"]
    return box["value"]


@pytest.fixture
def small_folder(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(query, folder, the rewrite inside folder) plus unrelated articles."""
    shared_words = _vocabulary(7)
    query_sentences = _article(1, words=shared_words)
    query = _write(tmp_path / "mine.txt", query_sentences)
    folder = tmp_path / "folder"
    rewrite = _write(folder / "desk" / "rewrite.txt", _rewrite(query_sentences, seed=2))
    for number in range(6):
        # Same made-up language (shared vocabulary) but other articles: realistic decoys.
        _write(folder / f"other{number}.txt", _article(100 + number, words=shared_words))
    return query, folder, rewrite


# --------------------------------------------------------------------------------------------
# Ranking


def test_synthetic_rewrite_ranks_first_and_others_follow(
    small_folder: tuple[Path, Path, Path],
) -> None:
    query, folder, rewrite = small_folder
    result = rank_folder(query, folder, compare_top=3)
    assert result.state is ResultState.COMPLETED
    assert result.indexed == 7
    assert [c.rank for c in result.candidates] == list(range(1, 8))
    best = result.candidates[0]
    assert best.path == str(rewrite)
    assert best.verdict in (VerdictKind.LIGHT_EDIT, VerdictKind.PARAPHRASE)
    assert best.similarity is not None and best.similarity > 0.5
    # Decoys share the vocabulary, not the text: far below the rewrite.
    for other in result.candidates[1:]:
        assert other.estimate < best.estimate
        assert other.similarity is None or other.similarity < best.similarity / 2
    compared = [c for c in result.candidates if c.compared]
    assert 3 <= len(compared) <= 6  # the top 3 plus the containment extras
    assert all(c.compared for c in result.candidates[: len(compared)])  # compared come first
    by_estimate = sorted(result.candidates, key=lambda c: -c.estimate)
    assert {c.path for c in by_estimate[:3]} <= {c.path for c in compared}


def test_pages_reusing_passages_rank_above_unrelated_ones(tmp_path: Path) -> None:
    """A page that pastes paragraphs of the query into another article is a partial copy, and
    a page cut from the query is an excerpt: both rank above articles that share only the
    vocabulary, with the share they reuse."""
    shared_words = _vocabulary(7)
    mine = _article(1, words=shared_words)
    query = _write(tmp_path / "mine.txt", mine)
    folder = tmp_path / "folder"
    host = _article(50, sentences=16, words=shared_words)
    partial = _write(folder / "roundup.txt", host[:8] + mine[4:12] + host[8:])
    excerpt = _write(folder / "short.txt", mine[8:20])
    for number in range(6):
        _write(folder / f"other{number}.txt", _article(100 + number, words=shared_words))
    result = rank_folder(query, folder, compare_top=3)
    first, second = result.candidates[:2]
    assert (first.path, first.verdict) == (str(excerpt), VerdictKind.EXCERPT)
    assert (second.path, second.verdict) == (str(partial), VerdictKind.PARTIAL_COPY)
    assert first.reused_share == pytest.approx(1.0)
    assert second.reused_share is not None and 0.25 < second.reused_share < 0.45
    for other in result.candidates[2:]:
        assert other.verdict not in (VerdictKind.EXCERPT, VerdictKind.PARTIAL_COPY)
    table = main_output(["rank", str(query), str(folder), "--compare", "3"])
    assert "Partial copy, " in table and "% reused" in table
    data = json.loads(main_output(["rank", str(query), str(folder), "--compare", "3", "--json"]))
    assert data["schema"] == "copydesk.rank/2"
    assert data["candidates"][1]["verdict"] == "partial_copy"
    assert data["candidates"][1]["reused_share"] == second.reused_share


def main_output(argv: list[str]) -> str:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(argv)
    return out.getvalue()


def test_estimates_track_exact_jaccard(tmp_path: Path) -> None:
    base = _article(5)
    texts = {
        "same": base,
        "light": _rewrite(base, 6, replaced=0.1),
        "heavy": _rewrite(base, 7, replaced=0.4),
        "other": _article(8),
    }
    query_doc = load_file(_write(tmp_path / "q.txt", base))
    query_words = vocabulary(query_doc)
    folder = tmp_path / "f"
    for name, sentences in texts.items():
        _write(folder / f"{name}.txt", sentences)
    index = index_folder(folder)
    estimates = index.estimates(signature_of(query_words))
    for entry, estimate in zip(index.entries, estimates, strict=True):
        words = vocabulary(load_file(entry.path))
        exact = len(words & query_words) / len(words | query_words)
        # 128 permutations: standard error <= 0.045; 0.15 is over three of them.
        assert abs(estimate - exact) < 0.15, (entry.path, estimate, exact)
    by_name = dict(zip((Path(e.path).stem for e in index.entries), estimates, strict=True))
    assert by_name["same"] == 1.0
    assert by_name["same"] > by_name["light"] > by_name["heavy"] > by_name["other"]
    assert len(index.signatures) == 4
    assert all(len(signature.digest()) == NUM_PERM for signature in index.signatures)


_SIGNATURE_SCRIPT = """
import sys
from core.rank import signature_of
words = frozenset(sys.argv[1:])
print(",".join(map(str, signature_of(words).digest())))
"""


def test_signatures_are_the_same_in_every_process() -> None:
    """Worker processes index, the parent signs the query: both must hash alike.

    Python's str hash changes per process (PYTHONHASHSEED), and with it a frozenset's order;
    the signature must depend on neither.
    """
    words = [f"w{k}ord" for k in range(300)] + ["café", "déjà", "naïve", "ab\udcff"]
    here = signature_of(frozenset(words)).digest()
    assert len(here) == NUM_PERM
    assert signature_of(reversed(words)).digest() == here
    root = Path(__file__).resolve().parents[1]
    for seed in ("0", "1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(root))
        # A lone surrogate cannot go through argv: that word is checked in-process above.
        output = subprocess.run(
            [sys.executable, "-c", _SIGNATURE_SCRIPT, *words[:-1]],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout
        there = [int(value) for value in output.strip().split(",")]
        assert there == signature_of(frozenset(words[:-1])).digest(), seed


def test_signature_pickles_and_estimates_as_the_share_of_equal_values() -> None:
    a = signature_of(frozenset(_vocabulary(31)))
    b = signature_of(frozenset(_vocabulary(31)[:400] + _vocabulary(32)[:200]))
    copy = pickle.loads(pickle.dumps(a))  # how a signature comes back from a worker
    assert copy.digest() == a.digest()
    equal = sum(x == y for x, y in zip(a.digest(), b.digest(), strict=True))
    assert copy.jaccard(b) == a.jaccard(b) == equal / NUM_PERM
    assert 0.0 < a.jaccard(b) < 1.0
    assert a.jaccard(a) == 1.0


def test_lsh_banding_keeps_recall_at_the_threshold() -> None:
    assert NUM_PERM % LSH_BANDS == 0
    rows = NUM_PERM // LSH_BANDS
    # Chance that an article at Jaccard J shares at least one band with the query.
    proposed = {j: 1 - (1 - j**rows) ** LSH_BANDS for j in (0.2, 0.3)}
    assert proposed[0.2] > 0.9
    assert proposed[0.3] > 0.99


def test_query_inside_the_folder_is_not_its_own_candidate(
    small_folder: tuple[Path, Path, Path],
) -> None:
    query, folder, rewrite = small_folder
    inside = folder / "copy-of-mine-via-link.txt"
    inside.symlink_to(query)
    moved_query = folder / "mine.txt"
    query.rename(moved_query)
    result = rank_folder(moved_query, folder, compare_top=2)
    paths = [c.path for c in result.candidates]
    assert str(moved_query) not in paths
    assert str(inside) not in paths  # the same file by another name
    assert paths[0] == str(rewrite)


def test_index_is_reusable_for_many_queries(tmp_path: Path) -> None:
    folder = tmp_path / "f"
    originals = [_article(200 + k) for k in range(4)]
    for k, sentences in enumerate(originals):
        _write(folder / f"rewrite{k}.txt", _rewrite(sentences, 300 + k))
    index = index_folder(folder)
    for k, sentences in enumerate(originals):
        query = load_file(_write(tmp_path / f"q{k}.txt", sentences))
        result = rank(query, index, compare_top=1)
        assert Path(result.candidates[0].path).name == f"rewrite{k}.txt"


def test_lsh_candidate_search_finds_the_rewrite(small_folder: tuple[Path, Path, Path]) -> None:
    query, folder, rewrite = small_folder
    index = index_folder(folder)
    scan = rank(load_file(query), index, compare_top=0)
    lsh = rank(load_file(query), index, compare_top=0, lsh_min_entries=1)
    assert lsh.candidates[0].path == scan.candidates[0].path == str(rewrite)
    assert lsh.indexed == scan.indexed == 7
    assert lsh.candidates[0].estimate == scan.candidates[0].estimate
    # LSH only proposes: it never invents candidates the scan did not have.
    assert {c.path for c in lsh.candidates} <= {c.path for c in scan.candidates}
    assert not any(c.compared for c in scan.candidates)


def test_events_report_progress_entries_and_candidates(
    small_folder: tuple[Path, Path, Path],
) -> None:
    query, folder, rewrite = small_folder
    _write(folder / "empty-ish.txt", ["..."])  # punctuation only: no words
    events: list[RankEvent] = []
    result = rank_folder(query, folder, compare_top=2, on_event=events.append)
    entries = [e for e in events if isinstance(e, IndexEntry)]
    failures = [e for e in events if isinstance(e, LoadFailure)]
    compared = [e for e in events if isinstance(e, RankedCandidate)]
    indexing = [e for e in events if isinstance(e, Progress) and e.stage == "Indexing"]
    assert len(entries) == result.indexed == 7
    assert [f.path for f in failures] == [str(folder / "empty-ish.txt")]
    assert len(compared) == sum(1 for c in result.candidates if c.compared)
    # Comparisons run best estimate first, so the likeliest rewrite shows up first.
    assert compared[0].path == str(rewrite)
    assert compared[0].estimate == max(c.estimate for c in result.candidates)
    assert indexing[-1].done == indexing[-1].total == 8
    assert [p.done for p in indexing] == sorted(p.done for p in indexing)
    assert indexing[-1].fraction == 1.0


# --------------------------------------------------------------------------------------------
# Hostile folders


def test_hostile_folder_is_listed_not_fatal(tmp_path: Path) -> None:
    query_sentences = _article(11)
    query = _write(tmp_path / "query.txt", query_sentences)
    folder = tmp_path / "hostile"
    good = _write(folder / "a" / "b" / "c" / "deep.txt", _rewrite(query_sentences, 12))
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "image.png.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(2000))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text("   \n\n  \t\n")
    os.mkfifo(folder / "pipe.txt")  # opening it would block forever
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    (folder / "self.txt").symlink_to(folder / "self.txt")
    (folder / "a" / "loop").symlink_to(folder)  # a folder link back up: a cycle
    (folder / "a" / "b" / "again").symlink_to(folder / "a")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff" + bytes(100))  # not an article: skipped
    (folder / ".hidden.txt").write_text("secret notes")
    big = folder / "big.txt"
    big.write_text("word " * 3000)
    config = CompareConfig(max_bytes=10_000)

    result = _run_with_deadline(lambda: rank_folder(query, folder, config, compare_top=1))

    assert result.state is ResultState.COMPLETED
    assert [c.path for c in result.candidates] == [str(good)]
    reasons = {Path(f.path).name: f.reason for f in result.failures}
    expected = {
        "binary.txt",
        "image.png.txt",
        "empty.txt",
        "blank.md",
        "pipe.txt",
        "dangling.txt",
        "self.txt",
        "old.doc",
        "big.txt",
    }
    assert set(reasons) == expected
    assert all(reason and reason[0].isupper() and "\n" not in reason for reason in reasons.values())
    assert "pipe" in reasons["pipe.txt"]
    assert "link points to a file that no longer exists" in reasons["dangling.txt"]
    assert "loop" in reasons["self.txt"].lower()
    assert "empty" in reasons["empty.txt"].lower()
    assert "limit" in reasons["big.txt"].lower()
    assert ".docx" in reasons["old.doc"]  # the loader's advice reaches the editor
    # photo.jpg, .hidden.txt and the two folder links are skipped, not failures.
    assert result.skipped == 4


def test_formats_and_encodings_are_all_indexed(tmp_path: Path) -> None:
    import docx

    sentences = [f"{s[:-1]} café déjà vu." for s in _article(61)]
    query = _write(tmp_path / "query.txt", sentences)
    folder = tmp_path / "f"
    folder.mkdir()
    text = "\n\n".join(sentences)
    (folder / "utf16.txt").write_bytes(text.encode("utf-16"))  # with a byte order mark
    (folder / "cp1252.txt").write_bytes(text.encode("cp1252"))
    paragraphs = "".join(f"<p>{s}</p>" for s in sentences)
    (folder / "page.html").write_text(
        f"<!DOCTYPE html><html><head><title>t</title></head><body><article>{paragraphs}"
        "</article></body></html>",
        encoding="utf-8",
    )
    word = docx.Document()
    for sentence in sentences:
        word.add_paragraph(sentence)
    word.save(str(folder / "story.docx"))
    _write(folder / "unrelated.txt", _article(62))

    result = rank_folder(query, folder, compare_top=5)
    assert result.failures == ()
    names = [Path(c.path).name for c in result.candidates]
    assert set(names[:4]) == {"utf16.txt", "cp1252.txt", "page.html", "story.docx"}
    assert names[4] == "unrelated.txt"
    for candidate in result.candidates[:4]:
        # The same words, decoded right (English with "déjà" once came out as cp1250 "déjŕ").
        assert candidate.estimate == 1.0, candidate.path
        assert candidate.verdict in (VerdictKind.IDENTICAL, VerdictKind.LIGHT_EDIT)


def test_unreadable_subfolder_is_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, where chmod cannot take read access away: refuse it in scandir.
    folder = tmp_path / "f"
    _write(folder / "ok.txt", _article(21))
    locked = folder / "locked"
    _write(locked / "secret.txt", _article(22))
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    index = index_folder(folder)
    assert [Path(e.path).name for e in index.entries] == ["ok.txt"]
    assert index.failures == (
        LoadFailure(str(locked), "You do not have permission to open this folder."),
    )


def test_a_loader_crash_is_one_failure_not_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import core.rank.index

    folder = tmp_path / "f"
    for k in range(3):
        _write(folder / f"n{k}.txt", _article(30 + k))
    real_load = core.rank.index.load_file

    def flaky(path: Any, config: Any) -> Any:
        if Path(path).name == "n1.txt":
            raise RecursionError("parser blew up")
        return real_load(path, config)

    monkeypatch.setattr(core.rank.index, "load_file", flaky)
    index = index_folder(folder)
    assert [Path(e.path).name for e in index.entries] == ["n0.txt", "n2.txt"]
    assert len(index.failures) == 1
    assert "RecursionError" in index.failures[0].reason


def test_folder_errors_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInputError, match="does not exist"):
        index_folder(tmp_path / "missing")
    file = _write(tmp_path / "file.txt", _article(1))
    with pytest.raises(UnreadableInputError, match="not a folder"):
        index_folder(file)


def test_max_files_stops_the_walk_with_a_note(tmp_path: Path) -> None:
    folder = tmp_path / "f"
    for k in range(5):
        _write(folder / f"n{k}.txt", _article(40 + k, sentences=4))
    index = index_folder(folder, max_files=3)
    assert len(index) == 3
    assert len(index.failures) == 1
    assert "only the first 3" in index.failures[0].reason


def test_empty_folder_ranks_nothing(tmp_path: Path) -> None:
    query = _write(tmp_path / "q.txt", _article(1))
    (tmp_path / "empty").mkdir()
    result = rank_folder(query, tmp_path / "empty")
    assert result.candidates == ()
    assert result.state is ResultState.COMPLETED


# --------------------------------------------------------------------------------------------
# Cancellation


def test_cancel_while_indexing(tmp_path: Path) -> None:
    folder = tmp_path / "f"
    for k in range(10):
        _write(folder / f"n{k:02d}.txt", _article(50 + k, sentences=6))
    calls = 0

    def cancel_after_a_few() -> bool:
        nonlocal calls
        calls += 1
        return calls > 12  # the loader polls too: a few files get in

    config = CompareConfig(should_cancel=cancel_after_a_few)
    index = _run_with_deadline(lambda: index_folder(folder, config))
    assert index.state is ResultState.CANCELLED
    assert 0 < len(index) < 10
    assert len(index.signatures) == len(index)


def test_cancel_while_comparing(small_folder: tuple[Path, Path, Path]) -> None:
    query, folder, _ = small_folder
    index = index_folder(folder)
    stop = threading.Event()
    events: list[RankEvent] = []

    def on_event(event: RankEvent) -> None:
        events.append(event)
        if isinstance(event, RankedCandidate):
            stop.set()  # the editor presses Cancel after the first comparison

    config = CompareConfig(should_cancel=stop.is_set)
    result = rank(load_file(query), index, config, compare_top=5, on_event=on_event)
    assert result.state is ResultState.CANCELLED
    assert sum(1 for c in result.candidates if c.compared) == 1
    assert len(result.candidates) == 7  # the rest still ranked by estimate


# --------------------------------------------------------------------------------------------
# Real rewrites: WMT22 documents with two human translations and machine translations


def _wmt22_documents(min_words: int = 150) -> list[dict[str, Any]]:
    if not WMT22.is_file():
        pytest.skip(f"needs ../shared/data ({WMT22} is absent)")
    documents = [json.loads(line) for line in WMT22.read_text(encoding="utf-8").splitlines()]
    return [d for d in documents if len(" ".join(d["ref_A"]).split()) >= min_words]


@pytest.fixture(scope="module")
def wmt22_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    documents = _wmt22_documents()[:30]
    root = tmp_path_factory.mktemp("wmt22")
    folder = root / "folder"
    for number, document in enumerate(documents):
        # Each document's second human translation, and for every third one a machine one.
        _write(folder / f"doc{number:02d}-B.txt", document["ref_B"])
        if number % 3 == 0:
            _write(folder / "mt" / f"doc{number:02d}-online-w.txt", document["hyp_Online-W"])
    return root, documents


@pytest.mark.shared_data
@pytest.mark.parametrize("number", [0, 7, 13])
def test_wmt22_second_translation_ranks_first(
    wmt22_folder: tuple[Path, list[dict[str, Any]]], number: int
) -> None:
    root, documents = wmt22_folder
    query = _write(root / f"query{number}.txt", documents[number]["ref_A"])
    result = rank_folder(query, root / "folder", compare_top=3)
    best = result.candidates[0]
    assert Path(best.path).name == f"doc{number:02d}-B.txt"
    assert best.verdict in (VerdictKind.PARAPHRASE, VerdictKind.LIGHT_EDIT)
    if number % 3 == 0:  # its machine translation is the runner-up
        assert Path(result.candidates[1].path).name == f"doc{number:02d}-online-w.txt"
    # Other stories are not rewrites.
    assert all(c.verdict is not VerdictKind.PARAPHRASE for c in result.candidates[2:])


@pytest.mark.shared_data
def test_parallel_indexing_and_comparing_match_serial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import core.rank.ranking

    monkeypatch.setattr(core.rank.ranking, "PARALLEL_MIN_COMPARISONS", 2)
    documents = _wmt22_documents(min_words=20)[:70]  # over PARALLEL_MIN_FILES
    folder = tmp_path / "f"
    for number, document in enumerate(documents):
        _write(folder / f"d{number:03d}.txt", document["ref_B"])
    serial = index_folder(folder, workers=1)
    parallel = _run_with_deadline(lambda: index_folder(folder, workers=2), seconds=120)
    assert parallel.entries == serial.entries
    assert [s.digest() for s in parallel.signatures] == [s.digest() for s in serial.signatures]
    assert len(serial) == len(documents)
    # Comparisons in worker processes rank exactly as in-process ones.
    query = load_file(_write(tmp_path / "q.txt", documents[3]["ref_A"]))
    one = rank(query, serial, compare_top=2)
    two = _run_with_deadline(lambda: rank(query, serial, compare_top=2, workers=2), seconds=120)
    assert two.candidates == one.candidates
    assert Path(two.candidates[0].path).name == "d003.txt"


class _BrokenPool:
    """Stands in for a process pool whose workers die (OOM kill, frozen app, ...)."""

    def submit(self, *args: Any, **kwargs: Any) -> concurrent.futures.Future[Any]:
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        future.set_exception(BrokenProcessPool("a worker died"))
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        del wait, cancel_futures


def test_a_broken_process_pool_falls_back_to_this_process(
    small_folder: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import core.rank.index
    import core.rank.pool
    import core.rank.ranking

    query, folder, rewrite = small_folder
    for k in range(core.rank.index.PARALLEL_MIN_FILES):
        _write(folder / "more" / f"m{k:02d}.txt", _article(400 + k, sentences=3))
    monkeypatch.setattr(core.rank.pool, "process_pool", lambda workers: _BrokenPool())
    monkeypatch.setattr(core.rank.ranking, "PARALLEL_MIN_COMPARISONS", 2)
    index = index_folder(folder, workers=2)
    assert len(index) == 7 + core.rank.index.PARALLEL_MIN_FILES
    assert index.failures == ()
    result = rank(load_file(query), index, compare_top=2, workers=2)
    assert result.state is ResultState.COMPLETED
    assert result.candidates[0].path == str(rewrite)
    assert result.candidates[0].compared


# --------------------------------------------------------------------------------------------
# copydesk-cli rank


def test_cli_json_follows_the_schema(
    small_folder: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    query, folder, rewrite = small_folder
    (folder / "broken.txt").symlink_to(folder / "gone.txt")
    status = main(["rank", str(query), str(folder), "--json", "--top", "3", "--workers", "1"])
    output = capsys.readouterr()
    assert status == 0, output.err
    document = json.loads(output.out)
    assert list(document) == [
        "schema",
        "query",
        "folder",
        "state",
        "indexed",
        "skipped",
        "compared",
        "candidates",
        "failures",
        "index_seconds",
        "rank_seconds",
        "source",
    ]
    assert document["source"] == "folder"
    assert document["schema"] == SCHEMA_ID
    assert document["state"] == "completed"
    assert document["indexed"] == 7
    assert len(document["candidates"]) == 3
    first = document["candidates"][0]
    assert list(first) == [
        "rank",
        "path",
        "relative_path",
        "compared",
        "verdict",
        "verdict_label",
        "explanation",
        "similarity",
        "containment",
        "reused_share",
        "estimate",
        "language",
        "words",
        "size_bytes",
        "note",
    ]
    assert first["path"] == str(rewrite)
    assert first["relative_path"] == os.path.join("desk", "rewrite.txt")
    assert first["verdict"] in {kind.value for kind in VerdictKind}
    assert document["failures"] == [
        {"path": str(folder / "broken.txt"), "reason": document["failures"][0]["reason"]}
    ]
    assert "no longer exists" in document["failures"][0]["reason"]


def test_cli_table_lists_the_rewrite_first(
    small_folder: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    query, folder, _ = small_folder
    status = main(["rank", str(query), str(folder), "--top", "2", "--compare", "2"])
    output = capsys.readouterr().out
    assert status == 0
    lines = output.splitlines()
    header = next(k for k, line in enumerate(lines) if line.startswith("#"))
    assert lines[header + 1].startswith("1 ")
    assert lines[header + 1].endswith(os.path.join("desk", "rewrite.txt"))
    assert "... and 5 more" in output


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["{query}", "{tmp}/missing"], "the folder does not exist"),
        (["{tmp}/missing.txt", "{folder}"], "missing.txt"),
        (["{query}", "{folder}", "--top", "0"], "must be greater than 0"),
    ],
)
def test_cli_errors_are_one_line_with_status_2(
    small_folder: tuple[Path, Path, Path],
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    message: str,
) -> None:
    query, folder, _ = small_folder
    values = {"query": str(query), "folder": str(folder), "tmp": str(query.parent)}
    status = main(["rank", *(argument.format(**values) for argument in arguments)])
    error = capsys.readouterr().err
    assert status == 2
    assert error.startswith("copydesk-cli: error: ")
    assert error.count("\n") == 1
    assert message in error
