"""The Compare-with-folder dialog: model contract, progressive filling off the GUI thread,
sorting and filtering, cancel, stale runs dropped, double-click opens the pair."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core.model import LanguageGuess, ResultState, VerdictKind
from core.rank import IndexEntry, RankedCandidate, RankResult
from gui.rank.rank_model import NOT_COMPARED, RankTableModel
from gui.rank.rank_window import RankWindow


def _words(seed: int, size: int = 500) -> list[str]:
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ter", "ven", "sa", "dro", "pul", "nix", "ra", "bel", "tos"]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(size)]


def _sentences(seed: int, pool: list[str], count: int = 20) -> list[str]:
    rng = random.Random(seed)
    return [
        " ".join(rng.choice(pool) for _ in range(rng.randint(8, 14))).capitalize() + "."
        for _ in range(count)
    ]


def _edited(sentences: list[str], seed: int) -> list[str]:
    rng = random.Random(seed)
    fresh = _words(seed + 999, 100)
    return [
        " ".join(rng.choice(fresh) if rng.random() < 0.15 else w for w in s.split())
        for s in sentences
    ]


def _write(path: Path, sentences: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(" ".join(sentences))
    return path


@pytest.fixture
def folder_setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(query, folder, rewrite): the rewrite, five decoys and one unreadable file."""
    pool = _words(3)
    mine = _sentences(1, pool)
    query = _write(tmp_path / "mine.txt", mine)
    folder = tmp_path / "folder"
    rewrite = _write(folder / "sub" / "their-version.txt", _edited(mine, 2))
    for number in range(5):
        _write(folder / f"decoy{number}.txt", _sentences(50 + number, pool))
    (folder / "broken.txt").symlink_to(folder / "missing.txt")
    return query, folder, rewrite


@pytest.fixture
def window(qtbot: object) -> Iterator[RankWindow]:
    dialog = RankWindow(workers=1)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    yield dialog
    assert dialog.shutdown(10_000)


def _entry(path: str, words: int, size: int) -> IndexEntry:
    return IndexEntry(
        path, size, words, LanguageGuess("en", 0.99), "text", words // 2, (1, hash(path))
    )


def _candidate(
    rank: int, path: str, verdict: VerdictKind | None, estimate: float
) -> RankedCandidate:
    similarity = None if verdict is None else estimate * 0.9
    return RankedCandidate(
        rank=rank,
        path=path,
        verdict=verdict,
        similarity=similarity,
        containment=similarity,
        estimate=estimate,
        language=LanguageGuess("en", 0.99),
        size=100 * rank,
        words=50 * rank,
    )


def test_model_contract(qtmodeltester: object) -> None:
    model = RankTableModel()
    model.reset("/news")
    model.add_entries([_entry("/news/a.txt", 100, 900), _entry("/news/b/c.txt", 300, 2000)])
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.update_candidates([_candidate(1, "/news/b/c.txt", VerdictKind.PARAPHRASE, 0.5)])
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    result = RankResult(
        query="/q.txt",
        folder="/news",
        candidates=(
            _candidate(1, "/news/b/c.txt", VerdictKind.PARAPHRASE, 0.5),
            _candidate(2, "/news/a.txt", None, 0.1),
        ),
        failures=(),
        state=ResultState.COMPLETED,
        indexed=2,
        skipped=0,
    )
    model.set_result(result)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 2
    assert model.index(0, RankTableModel.FILE).data() == os.path.join("b", "c.txt")
    assert model.index(0, RankTableModel.VERDICT).data() == "Paraphrase or re-translation"
    assert model.index(0, RankTableModel.SIMILARITY).data() == "45%"
    assert model.index(1, RankTableModel.SIMILARITY).data() == "≈ 10%"
    assert model.index(1, RankTableModel.VERDICT).data(RankTableModel.VerdictRole) == NOT_COMPARED
    # Estimate-only rows sort below every compared row, whatever their estimate.
    compared = model.index(0, RankTableModel.SIMILARITY).data(RankTableModel.SortRole)
    estimated = model.index(1, RankTableModel.SIMILARITY).data(RankTableModel.SortRole)
    assert estimated < 0 <= compared


def test_ranking_fills_the_table_and_lists_failures(
    qtbot: object, window: RankWindow, folder_setup: tuple[Path, Path, Path]
) -> None:
    query, folder, rewrite = folder_setup
    window.set_query(str(query))
    window.set_folder(str(folder))
    inserted: list[int] = []
    window.model.rowsInserted.connect(
        lambda _parent, first, last: inserted.append(last - first + 1)
    )
    with qtbot.waitSignal(window.finished_ranking, timeout=60_000) as blocker:  # type: ignore[attr-defined]
        window.start()
        assert window.is_running
    result = blocker.args[0]
    assert result.state is ResultState.COMPLETED
    assert sum(inserted) >= 6  # rows appeared while indexing, before the final result
    assert not window.is_running
    proxy = window.proxy
    assert proxy.rowCount() == 6
    top = proxy.index(0, RankTableModel.FILE)
    assert top.data(RankTableModel.PathRole) == str(rewrite)
    assert proxy.index(0, RankTableModel.RANK).data() == "1"
    assert window.failures.count() == 1
    assert "broken.txt" in window.failures.item(0).text()
    assert window.progress.value() == window.progress.maximum()


def test_sort_and_filter(
    qtbot: object, window: RankWindow, folder_setup: tuple[Path, Path, Path]
) -> None:
    query, folder, rewrite = folder_setup
    window.set_query(str(query))
    window.set_folder(str(folder))
    with qtbot.waitSignal(window.finished_ranking, timeout=60_000):  # type: ignore[attr-defined]
        window.start()
    proxy = window.proxy
    window.table.sortByColumn(RankTableModel.WORDS, Qt.SortOrder.DescendingOrder)
    words = [
        proxy.index(row, RankTableModel.WORDS).data(RankTableModel.SortRole) for row in range(6)
    ]
    assert words == sorted(words, reverse=True)

    window.filter_edit.setText("DECOY")  # case does not matter
    assert proxy.rowCount() == 5
    window.filter_edit.setText("their")
    assert proxy.rowCount() == 1
    window.filter_edit.clear()

    rewrite_verdict = proxy.index(
        next(
            r for r in range(6) if proxy.index(r, 0).data(RankTableModel.PathRole) == str(rewrite)
        ),
        0,
    ).data(RankTableModel.VerdictRole)
    combo = window.verdict_combo
    combo.setCurrentIndex(combo.findData(rewrite_verdict))
    paths = [proxy.index(r, 0).data(RankTableModel.PathRole) for r in range(proxy.rowCount())]
    assert str(rewrite) in paths
    assert all(
        proxy.index(r, 0).data(RankTableModel.VerdictRole) == rewrite_verdict
        for r in range(proxy.rowCount())
    )
    combo.setCurrentIndex(combo.findData(VerdictKind.IDENTICAL.value))
    assert proxy.rowCount() == 0
    combo.setCurrentIndex(0)
    assert proxy.rowCount() == 6


def test_double_click_asks_to_open_the_pair(
    qtbot: object, window: RankWindow, folder_setup: tuple[Path, Path, Path]
) -> None:
    query, folder, rewrite = folder_setup
    window.set_query(str(query))
    window.set_folder(str(folder))
    window.show()
    with qtbot.waitSignal(window.finished_ranking, timeout=60_000):  # type: ignore[attr-defined]
        window.start()
    window.table.sortByColumn(RankTableModel.RANK, Qt.SortOrder.AscendingOrder)
    index = window.proxy.index(0, RankTableModel.FILE)
    rect = window.table.visualRect(index)
    viewport = window.table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # type: ignore[attr-defined]
    with qtbot.waitSignal(window.open_pair_requested, timeout=5_000) as blocker:  # type: ignore[attr-defined]
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # type: ignore[attr-defined]
    assert blocker.args == [str(query), str(rewrite)]
    # The button does the same for keyboard users.
    assert window.open_button.isEnabled()
    with qtbot.waitSignal(window.open_pair_requested, timeout=5_000) as blocker:  # type: ignore[attr-defined]
        window.open_button.click()
    assert blocker.args == [str(query), str(rewrite)]


def test_cancel_stops_the_run(qtbot: object, window: RankWindow, tmp_path: Path) -> None:
    pool = _words(9)
    query = _write(tmp_path / "q.txt", _sentences(1, pool))
    folder = tmp_path / "many"
    for number in range(60):
        _write(folder / f"n{number:03d}.txt", _sentences(100 + number, pool, 6))
    window.set_query(str(query))
    window.set_folder(str(folder))
    outcomes: list[object] = []
    window.finished_ranking.connect(outcomes.append)
    window.failed.connect(outcomes.append)
    window.start()
    window.cancel()
    qtbot.waitUntil(lambda: bool(outcomes), timeout=30_000)  # type: ignore[attr-defined]
    assert not window.is_running
    outcome = outcomes[0]
    if isinstance(outcome, RankResult):  # stopped while indexing
        assert outcome.state is ResultState.CANCELLED
        assert outcome.indexed < 60
        assert window.status.text().startswith("Cancelled")
    else:  # stopped before the query was even read
        assert "Cancelled" in str(outcome)
    assert not window.cancel_button.isEnabled()


def test_closing_while_running_stops_and_resets(
    qtbot: object, window: RankWindow, folder_setup: tuple[Path, Path, Path]
) -> None:
    query, folder, _ = folder_setup
    window.set_query(str(query))
    window.set_folder(str(folder))
    window.show()
    window.start()
    window.close()
    assert window.tasks.wait(30_000)
    QApplication.processEvents()
    assert not window.is_running
    assert window.progress.maximum() == 1  # not left as a busy indicator
    assert "Rank" in window.status.text()
    assert window.rank_button.isEnabled()
    assert not window.cancel_button.isEnabled()


def test_a_newer_run_drops_the_older_one(qtbot: object, window: RankWindow, tmp_path: Path) -> None:
    pool = _words(4)
    query = _write(tmp_path / "q.txt", _sentences(1, pool))
    big = tmp_path / "big"
    for number in range(80):  # a few seconds of indexing: still running when replaced
        _write(big / f"n{number:03d}.txt", _sentences(200 + number, pool, 8))
    (big / "broken.txt").symlink_to(big / "gone.txt")
    other = tmp_path / "other"
    lone = _write(other / "lone.txt", _sentences(77, pool))
    window.set_query(str(query))
    window.set_folder(str(big))
    results: list[RankResult] = []
    window.finished_ranking.connect(results.append)
    with qtbot.waitSignal(window.model.rowsInserted, timeout=30_000):  # type: ignore[attr-defined]
        window.start()  # the first run is under way: rows are arriving
    window.set_folder(str(other))
    with qtbot.waitSignal(window.finished_ranking, timeout=60_000) as blocker:  # type: ignore[attr-defined]
        window.start()
    assert blocker.args[0].folder == str(other)
    # The first run ended (cancelled) and reported before the second could start (one
    # worker thread); make sure nothing of it is still queued, then check it was all dropped.
    assert window.tasks.wait(30_000)
    QApplication.processEvents()
    assert [r.folder for r in results] == [str(other)]
    assert window.tasks.unsettled == 0  # both runs reported and were released
    assert window.model.rowCount() == 1
    assert window.model.path_at(0) == str(lone)
    assert window.failures.count() == 0


def test_second_query_reuses_the_index(
    qtbot: object, window: RankWindow, folder_setup: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    query, folder, rewrite = folder_setup
    window.set_query(str(query))
    window.set_folder(str(folder))
    with qtbot.waitSignal(window.finished_ranking, timeout=60_000) as first:  # type: ignore[attr-defined]
        window.start()
    assert window.rescan_button.isEnabled()
    decoy = folder / "decoy3.txt"
    window.set_query(str(decoy))
    with qtbot.waitSignal(window.finished_ranking, timeout=60_000) as second:  # type: ignore[attr-defined]
        window.start()
    reused: RankResult = second.args[0]
    assert reused.index_seconds == first.args[0].index_seconds  # the same index object
    paths = [c.path for c in reused.candidates]
    assert str(decoy) not in paths  # the query is never its own candidate
    assert str(query) not in paths  # outside the folder
    assert str(rewrite) in paths


def test_missing_inputs_are_reported_not_raised(
    qtbot: object, window: RankWindow, tmp_path: Path
) -> None:
    window.start()
    assert "Choose" in window.status.text()
    assert not window.is_running
    window.set_query(str(tmp_path / "nope.txt"))
    window.set_folder(str(tmp_path))
    with qtbot.waitSignal(window.failed, timeout=30_000) as blocker:  # type: ignore[attr-defined]
        window.start()
    assert "nope.txt" in blocker.args[0]
    assert window.status.text() == blocker.args[0]
    assert not window.is_running


def test_archive_index_is_built_from_the_window_then_ranked_and_remembered(
    qtbot: object, window: RankWindow, folder_setup: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    from gui.settings import remembered_archive

    query, folder, rewrite = folder_setup
    database = tmp_path / "archive.db"
    window.set_query(str(query))
    window.set_folder(str(database))
    assert window.rescan_button.text() == "Update Index"
    assert not window.add_folder_button.isHidden()
    window.start()  # the index does not exist yet: told how to build it, nothing runs
    assert not window.is_running
    assert "Add Folder to Index" in window.status.text()
    with qtbot.waitSignal(window.finished_ranking, timeout=60_000) as blocker:  # type: ignore[attr-defined]
        window.start(add_folder=str(folder))
    result = blocker.args[0]
    assert result.archive
    assert result.state is ResultState.COMPLETED
    assert database.is_file()
    assert window.proxy.index(0, RankTableModel.FILE).data(RankTableModel.PathRole) == str(rewrite)
    assert remembered_archive() == str(database)

    # The next run uses the index as it is; Update Index reads only what changed.
    (folder / "decoy0.txt").unlink()
    with qtbot.waitSignal(window.finished_ranking, timeout=60_000) as blocker:  # type: ignore[attr-defined]
        window.start()
    assert blocker.args[0].indexed == 6  # still the stale row: no update was asked for
    with qtbot.waitSignal(window.finished_ranking, timeout=60_000) as blocker:  # type: ignore[attr-defined]
        window.start(rescan=True)
    assert blocker.args[0].indexed == 5
    assert window.proxy.rowCount() == 5

    # A folder in the field again: the folder buttons come back.
    window.set_folder(str(folder))
    assert window.rescan_button.text() == "Rescan folder"
    assert window.add_folder_button.isHidden()


def test_a_damaged_archive_index_is_reported_in_the_window(
    qtbot: object, window: RankWindow, folder_setup: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    query, _folder, _rewrite = folder_setup
    database = tmp_path / "damaged.db"
    database.write_bytes(b"not a database" * 100)
    window.set_query(str(query))
    window.set_folder(str(database))
    with qtbot.waitSignal(window.failed, timeout=60_000) as blocker:  # type: ignore[attr-defined]
        window.start()
    assert "damaged or not a database" in blocker.args[0]
    assert database.read_bytes().startswith(b"not a database")
