"""The benchmarks' own scoring (benchmarks/ is on pytest's pythonpath); no shared data."""

from __future__ import annotations

import importlib

from core import CompareConfig, compare, load_text
from core.engine.provenance import THRESHOLDS

BRIDGE = (
    "The city council voted on Tuesday to close the old harbour bridge for repairs. "
    "Engineers found cracks in two of its steel supports during an inspection last month. "
    "The bridge carries about twelve thousand cars a day between the two halves of the town."
)
FOOTBALL = (
    "Fans poured into the square after the late winner on Saturday night. "
    "The striker, who joined the club in the summer, scored with a header in added time."
)
LONG_COPY = "Engineers found cracks in two of its steel supports during an inspection last month."


def test_the_passage_benchmark_counts_plants_under_passage_size_apart() -> None:
    """benchmarks/passages.py scores every planted passage and, apart, those under the given
    passage size (the issue's "about one long sentence or two short ones"): a lone four-word
    sentence with one word replaced is planted but is no passage; a 14-word copy is one, or,
    against a larger size, a short plant that was found."""
    passages = importlib.import_module("passages")
    words_only = CompareConfig(meaning_evidence=False)  # the same with or without the encoder
    short_edit = "Huck can come have."  # "Huck can come in." with one word replaced
    a_text = f"{BRIDGE} Huck can come in."
    b_text = f"{FOOTBALL}\n\n{LONG_COPY}\n\n{short_edit}"
    b_spans = (
        (b_text.index(LONG_COPY), b_text.index(LONG_COPY) + len(LONG_COPY)),
        (b_text.index(short_edit), len(b_text)),
    )
    a_spans = (
        (a_text.index(LONG_COPY), a_text.index(LONG_COPY) + len(LONG_COPY)),
        (a_text.index("Huck"), len(a_text)),
    )
    pair = passages.PlantedPair(a_text, b_text, "light", b_spans, a_spans, "test")
    comparison = compare(
        load_text(a_text, "A", words_only), load_text(b_text, "B", words_only), words_only
    )

    def scored(passage_words: int) -> object:
        score = passages.PassageScore()
        passages.score_pair(comparison, pair, score, copy_only=True, passage_words=passage_words)
        return score

    sized = scored(THRESHOLDS.copy_passage_words)
    assert (sized.planted, sized.found_planted) == (2, 1)
    assert (sized.planted_short, sized.found_short) == (1, 0)
    assert (sized.recall, sized.passage_sized_recall) == (0.5, 1.0)
    larger = scored(15)  # the copy's 14 words are now short too
    assert (larger.planted_short, larger.found_short) == (2, 1)
    assert larger.passage_sized_recall == 1.0  # nothing of that size was planted
