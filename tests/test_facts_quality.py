"""Fact checking on real text (../shared/data, WMT22 zh-en), guarded by floors.

The floors are what ``benchmarks/quality.py --facts`` measured on this fixed subsample (every
fourth document) when they were set, minus a margin: a change to the extractors or the
matching rules that loses recall or raises the false alarms on the two human translations
fails here.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import pytest

from core import FactKind

# One process computes the module's benchmark once (make test spreads tests over two).
pytestmark = [pytest.mark.shared_data, pytest.mark.xdist_group("facts_quality")]


@pytest.fixture(scope="module")
def result(shared_data: Path):  # type: ignore[no-untyped-def]
    del shared_data  # skips with a reason when ../shared/data is absent
    wmt22: ModuleType = importlib.import_module("wmt22")
    fact_plant: ModuleType = importlib.import_module("fact_plant")
    documents = wmt22.load_documents(domain=None)[::4]
    return fact_plant.run(documents)


def test_planted_fact_changes_are_found(result) -> None:  # type: ignore[no-untyped-def]
    assert result.planted[FactKind.NUMBER] >= 100
    assert result.planted[FactKind.DATE] >= 15
    assert result.planted[FactKind.NAME] >= 300
    assert result.planted[FactKind.QUOTE] >= 40
    # measured on this subsample: 0.995, 1.0, 0.995, 1.0
    assert result.recall(FactKind.NUMBER) >= 0.97
    assert result.recall(FactKind.DATE) >= 0.95
    assert result.recall(FactKind.NAME) >= 0.95
    assert result.recall(FactKind.QUOTE) >= 0.95


def test_two_human_translations_raise_few_number_and_date_alarms(result) -> None:  # type: ignore[no-untyped-def]
    assert result.pairs >= 400
    # measured on this subsample: numbers 1.56, dates 0.97 per 100 pairs
    assert result.per_hundred(FactKind.NUMBER) <= 2.5
    assert result.per_hundred(FactKind.DATE) <= 1.5


def test_numbers_and_dates_across_languages(result) -> None:  # type: ignore[no-untyped-def]
    assert result.cross_facts >= 150  # numbers and dates read on the Chinese side
    pairs = result.cross_pairs
    # measured on this subsample: numbers 1.26, dates 1.07 per 100 pairs
    assert 100 * result.cross_alarms[FactKind.NUMBER] / pairs <= 2.5
    assert 100 * result.cross_alarms[FactKind.DATE] / pairs <= 1.6
    assert result.cross_alarms[FactKind.NAME] == result.cross_alarms[FactKind.QUOTE] == 0
