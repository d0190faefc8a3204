"""The traces' shortcuts give what the plain definitions give, trace for trace.

``core.traces.detect`` skips runs of words that are the same text on both sides, counts a
document's case usage from every word's mid-sentence flag at once and builds its per-word arrays
in bulk.  Each shortcut is switched back to the plain per-word definition here and the traces
must not change.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from core import Comparison, compare_texts
from core.traces import detect
from core.traces.detect import _CaseProfile, _is_cased_word, _Side

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "resources" / "samples"
GUTENBERG = ROOT.parent / "shared" / "data" / "gutenberg"

ORIGINAL = (
    "Officials said on Monday that they were punishing Moscow for its interference in the "
    "election. The data breaches were called some of the worst in March; the Harbour Master, "
    "Ruth Achterberg, said so.\n\nHe called Putin a killer in an interview (on Tuesday). They "
    "discussed sensitive issues during their conversation, etc. in Keston Bay.\n"
    "A new line: the Supreme Court of Wales ruled -- again -- on it."
)
DAMAGED = (
    "Officials said on monday that they were punishing moscow For its interference in the "
    "election the data Violations were called some of the worst in march; the harbour master, "
    "Ruth achterberg, said so.\n\nHe called Putin killer in an interview (on tuesday). They "
    "discussed sensitive issues. during their conversation, etc. in Keston bay.\n"
    "A new line: the supreme Court of Wales ruled - again -- On it."
)


def _plain_get(self: _CaseProfile, key: str, *, standalone: bool = False) -> tuple[int, int]:
    """The profile by its definition: every word of the side, one at a time."""
    side = self.side
    capital = lower = 0
    for position in range(len(side.words)):
        word = side.text(position)
        if word.casefold() != key or not _is_cased_word(word):
            continue
        if not side.mid_sentence(position):
            continue
        if standalone and not side.standalone(position):
            continue
        if word[0].isupper():
            capital += 1
        else:
            lower += 1
    return capital, lower


def _traces_both_ways(
    comparison: Comparison, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[detect.Trace], list[detect.Trace]]:
    fast = detect.find_trace_list(comparison)
    with monkeypatch.context() as patch:
        patch.setattr(_Side, "same_run", lambda *args: False)
        patch.setattr(_CaseProfile, "get", _plain_get)
        plain = detect.find_trace_list(comparison)
    return fast, plain


def _pairs() -> list[tuple[str, str]]:
    pairs = [
        (ORIGINAL, DAMAGED),
        (DAMAGED, ORIGINAL),
        (ORIGINAL, ORIGINAL),
        (
            (SAMPLES / "traces-original.txt").read_text(encoding="utf-8"),
            (SAMPLES / "traces-copy.txt").read_text(encoding="utf-8"),
        ),
        (
            (SAMPLES / "original.txt").read_text(encoding="utf-8"),
            (SAMPLES / "rewrite.txt").read_text(encoding="utf-8"),
        ),
    ]
    return pairs


@pytest.mark.parametrize("number", range(len(_pairs())))
def test_shortcuts_change_no_trace(number: int, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = _pairs()[number]
    fast, plain = _traces_both_ways(compare_texts(a, b), monkeypatch)
    assert fast == plain
    if number == 0:
        assert len(fast) >= 8  # the damaged pair has traces to lose


def test_shortcuts_change_no_trace_on_a_book(monkeypatch: pytest.MonkeyPatch) -> None:
    if not GUTENBERG.is_dir():
        pytest.skip(f"{GUTENBERG} is absent (needs ../shared/data)")
    spec = importlib.util.spec_from_file_location("speed", ROOT / "benchmarks" / "speed.py")
    assert spec is not None and spec.loader is not None
    speed = importlib.util.module_from_spec(spec)
    sys.modules["speed"] = speed
    spec.loader.exec_module(speed)
    a, b = speed.make_pair(8_000)
    fast, plain = _traces_both_ways(compare_texts(a, b), monkeypatch)
    assert fast == plain
    assert fast  # replaced words make case traces


def test_bulk_word_arrays_and_flags_match_the_plain_definitions() -> None:
    comparison = compare_texts(ORIGINAL, DAMAGED)
    for doc in (comparison.a, comparison.b):
        side = _Side(doc)
        words = [
            token
            for sentence in doc.sentences
            for token in range(sentence.token_start, sentence.token_end)
            if doc.token_kinds[token] == 0
        ]
        assert list(side.words) == words
        assert [side.text(p) for p in range(len(words))] == [
            doc.text[doc.token_starts[t] : doc.token_starts[t + 1]] for t in words
        ]
        per_word = [side.mid_sentence(p) for p in range(len(words))]
        assert list(map(bool, _Side(doc).mid_flags())) == per_word
        assert any(per_word) and not all(per_word)
