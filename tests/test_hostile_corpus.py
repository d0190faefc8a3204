"""The hostile-corpus runner (benchmarks/hostile.py): no tracebacks, no hangs, nothing modified."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

RUNNER = Path(__file__).resolve().parents[1] / "benchmarks" / "hostile.py"
# A quick cross-section for the fast suite; the whole corpus runs with the slow tests.
QUICK = (
    "random.bin",
    "cp1252-short.txt",
    "latin2-polish.txt",
    "ansi.txt",
    "bidi.txt",
    "deep-3000.html",
    "docx-markup-bomb.docx",
    "docx-lying-small.docx",
    "pdf-missing-object.pdf",
    "esc\x1b[31mred.txt",
    "fifo",
    "device",
    "lone surrogate",
)


def _runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hostile_runner", RUNNER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # the process pool pickles its functions by module name
    spec.loader.exec_module(module)
    return module


def _run(tmp_path: Path, names: tuple[str, ...] | None) -> tuple[object, list[str]]:
    runner = _runner()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    reports = tmp_path / "reports"
    reports.mkdir()
    cases = runner.build_corpus(corpus)
    if names is not None:
        cases = [case for case in cases if case.name in names]
        assert len(cases) == len(names)
    lines: list[str] = []
    counts = runner.run_corpus(cases, str(reports), timeout=120, report=lines.append)
    return counts, lines


def _check(counts: object, lines: list[str]) -> None:
    detail = "\n".join(lines)
    assert counts.tried == len(lines)  # type: ignore[attr-defined]
    assert counts.tracebacks == 0, detail  # type: ignore[attr-defined]
    assert counts.hangs == 0, detail  # type: ignore[attr-defined]
    assert counts.modified == 0, detail  # type: ignore[attr-defined]
    assert counts.clean + counts.loaded == counts.tried  # type: ignore[attr-defined]


def test_quick_hostile_corpus(tmp_path: Path) -> None:
    counts, lines = _run(tmp_path, QUICK)
    _check(counts, lines)
    by_name = {line.split("'")[1]: line for line in lines}
    assert by_name["docx-markup-bomb.docx"].startswith("clean")
    assert by_name["cp1252-short.txt"].startswith("loaded")


@pytest.mark.slow
def test_whole_hostile_corpus(tmp_path: Path) -> None:
    counts, lines = _run(tmp_path, None)
    _check(counts, lines)
    assert counts.tried >= 70  # type: ignore[attr-defined]
