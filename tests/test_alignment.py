"""Sentence alignment: invariants on generated documents, and the shapes rewrites take.

Property tests build articles from a small news vocabulary (so that sentences share words and
the aligner has real choices to make), derive a rewrite by editing words, dropping, adding,
merging and moving sentences, and check what must hold whatever the aligner decides.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sacrebleu.metrics.chrf import CHRF

from core import BlockKind, Comparison, VerdictKind, compare_texts

# fmt: off
VOCABULARY = [
    "the", "council", "mayor", "budget", "schools", "money", "plan", "vote", "approved", "new",
    "two", "work", "starts", "police", "report", "fire", "city", "Tuesday", "includes",
    "members", "opposition", "said", "agreed", "river", "bridge", "closed", "after", "storm",
    "minister", "visit", "trade", "talks", "prices", "rose", "percent", "workers", "strike",
    "hospital",
]
# fmt: on

Document = list[list[list[str]]]  # paragraphs of sentences of words

words = st.lists(st.sampled_from(VOCABULARY), min_size=2, max_size=9)
sentences = st.lists(words, min_size=1, max_size=3)
documents = st.lists(sentences, min_size=1, max_size=5)


def render(document: Document) -> str:
    return "\n\n".join(
        " ".join(" ".join(sentence).capitalize() + "." for sentence in paragraph)
        for paragraph in document
    )


@st.composite
def rewrites(draw: st.DrawFn) -> tuple[str, str]:
    """An article and a rewrite of it (or, now and then, an unrelated article)."""
    original: Document = draw(documents)
    if draw(st.integers(0, 9)) == 0:
        return render(original), render(draw(documents))
    rewrite = [[list(sentence) for sentence in paragraph] for paragraph in original]
    for paragraph in rewrite:
        for sentence in paragraph:
            if draw(st.booleans()):
                position = draw(st.integers(0, len(sentence) - 1))
                sentence[position] = draw(st.sampled_from(VOCABULARY))
        if len(paragraph) > 1 and draw(st.booleans()):
            # Merge two sentences into one ("... and ...") or drop one.
            k = draw(st.integers(0, len(paragraph) - 2))
            if draw(st.booleans()):
                paragraph[k : k + 2] = [[*paragraph[k], "and", *paragraph[k + 1]]]
            else:
                del paragraph[k]
    if len(rewrite) > 2 and draw(st.booleans()):
        moved = rewrite.pop(draw(st.integers(0, len(rewrite) - 1)))
        rewrite.insert(draw(st.integers(0, len(rewrite))), moved)
    if draw(st.booleans()):
        rewrite.insert(draw(st.integers(0, len(rewrite))), draw(sentences))
    return render(original), render(rewrite)


property_settings = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,  # a fixed search: the suite gives the same answer on every run
    suppress_health_check=[HealthCheck.too_slow],
)


def _check_partition(comparison: Comparison) -> None:
    a_seen = [i for block in comparison.blocks for i in block.a_sentences]
    b_seen = [j for block in comparison.blocks for j in block.b_sentences]
    assert sorted(a_seen) == list(range(len(comparison.a.sentences)))
    assert sorted(b_seen) == list(range(len(comparison.b.sentences)))


def _check_ops_rebuild_blocks(comparison: Comparison) -> None:
    a_text = comparison.a.text
    b_text = comparison.b.text
    for block in comparison.blocks:
        rebuilt_a = "".join(a_text[op.a_start : op.a_end] for op in block.ops)
        rebuilt_b = "".join(b_text[op.b_start : op.b_end] for op in block.ops)
        assert rebuilt_a == a_text[block.a_range.start : block.a_range.end]
        assert rebuilt_b == b_text[block.b_range.start : block.b_range.end]


@given(rewrites())
@property_settings
def test_every_sentence_lands_in_exactly_one_block(pair: tuple[str, str]) -> None:
    _check_partition(compare_texts(*pair))


@given(rewrites())
@property_settings
def test_word_ops_rebuild_each_block_exactly(pair: tuple[str, str]) -> None:
    _check_ops_rebuild_blocks(compare_texts(*pair))


_MIRROR = {BlockKind.INSERTED: BlockKind.DELETED, BlockKind.DELETED: BlockKind.INSERTED}


@given(rewrites())
@property_settings
def test_alignment_and_set_metrics_mirror_when_sides_swap(pair: tuple[str, str]) -> None:
    forward = compare_texts(*pair)
    backward = compare_texts(pair[1], pair[0])
    assert {(b.kind, b.a_sentences, b.b_sentences) for b in forward.blocks} == {
        (_MIRROR.get(b.kind, b.kind), b.b_sentences, b.a_sentences) for b in backward.blocks
    }
    assert forward.metrics is not None and backward.metrics is not None
    assert forward.metrics.shingle_jaccard == backward.metrics.shingle_jaccard
    # chrF is not symmetric (B is scored against A), but each direction is sacrebleu's corpus
    # chrF over the aligned blocks of that direction (these texts are below the sampling budget).
    for result in (forward, backward):
        assert result.metrics is not None
        a_segments = [result.a.text[b.a_range.start : b.a_range.end] for b in result.blocks]
        b_segments = [result.b.text[b.b_range.start : b.b_range.end] for b in result.blocks]
        expected = CHRF().corpus_score(b_segments, [a_segments]).score if result.blocks else 0.0
        assert result.metrics.chrf == pytest.approx(expected, abs=0.01)
        assert 0.0 <= result.metrics.chrf <= 100.0


# Word similarity and containment count the words the word diff keeps.  The alignment mirrors
# exactly (align.py runs in a canonical orientation); diff-match-patch's semantic clean-up can
# in rare cases keep different words for swapped inputs, which this fixed search does not hit.
@given(rewrites())
@property_settings
def test_word_similarity_symmetric_and_containment_swaps(pair: tuple[str, str]) -> None:
    forward = compare_texts(*pair).metrics
    backward = compare_texts(pair[1], pair[0]).metrics
    assert forward is not None and backward is not None
    assert forward.word_similarity == backward.word_similarity
    assert forward.containment_a_in_b == backward.containment_b_in_a
    assert forward.containment_b_in_a == backward.containment_a_in_b


@given(documents)
@property_settings
def test_identical_inputs_are_identical(document: Document) -> None:
    text = render(document)
    comparison = compare_texts(text, text)
    assert comparison.verdict is not None and comparison.metrics is not None
    assert comparison.verdict.kind is VerdictKind.IDENTICAL
    assert all(block.kind is BlockKind.EQUAL for block in comparison.blocks)
    assert comparison.metrics.word_similarity == 1.0
    assert comparison.metrics.shingle_jaccard == 1.0


# --------------------------------------------------------------------------------------------
# The shapes rewrites take

STORY = [
    "The city council approved a new budget for the coming year on Tuesday evening.",
    "It includes money for two primary schools in the northern district.",
    "Opposition members called the spending plan reckless and demanded a recount.",
    "Mayor Linda Okafor said the vote showed broad support for the schools.",
    "Construction of the first school is expected to start next spring.",
    "Heavy rain flooded the market square on Sunday and closed three roads.",
    "Firefighters pumped water out of twelve basements overnight.",
    "The weather service expects more storms later this week.",
]


def _blocks_by_sentence(comparison: Comparison) -> dict[int, tuple[BlockKind, tuple[int, ...]]]:
    return {i: (b.kind, b.b_sentences) for b in comparison.blocks for i in b.a_sentences}


def test_two_sentences_merged_into_one_form_a_2_1_group() -> None:
    a = " ".join(STORY[:4])
    b = (
        f"{STORY[0]} "
        "It includes money for two primary schools in the northern district, and opposition "
        "members called the spending plan reckless and demanded a recount. "
        f"{STORY[3]}"
    )
    comparison = compare_texts(a, b)
    groups = [(blk.a_sentences, blk.b_sentences) for blk in comparison.blocks]
    assert ((1, 2), (1,)) in groups
    assert ((0,), (0,)) in groups and ((3,), (2,)) in groups


def test_one_sentence_split_in_two_forms_a_1_2_group() -> None:
    a = (
        f"{STORY[0]} "
        "Mayor Linda Okafor said the vote showed broad support, and construction of the first "
        "school is expected to start next spring."
    )
    b = (
        f"{STORY[0]} Mayor Linda Okafor said the vote showed broad support. "
        "Construction of the first school is expected to start next spring."
    )
    comparison = compare_texts(a, b)
    groups = [(blk.a_sentences, blk.b_sentences) for blk in comparison.blocks]
    assert ((1,), (1, 2)) in groups


def test_moved_paragraph_is_detected_as_moved() -> None:
    paragraphs = [" ".join(STORY[k : k + 2]) for k in range(0, 8, 2)]
    a = "\n\n".join(paragraphs)
    b = "\n\n".join([paragraphs[0], paragraphs[2], paragraphs[3], paragraphs[1]])
    comparison = compare_texts(a, b)
    by_sentence = _blocks_by_sentence(comparison)
    # Sentences 2-3 (second paragraph) went to the end; everything else kept its order.
    assert by_sentence[2] == (BlockKind.MOVED, (6,))
    assert by_sentence[3] == (BlockKind.MOVED, (7,))
    for i, j in ((0, 0), (1, 1), (4, 2), (5, 3), (6, 4), (7, 5)):
        assert by_sentence[i] == (BlockKind.EQUAL, (j,))
    assert comparison.verdict is not None
    assert comparison.verdict.kind is VerdictKind.LIGHT_EDIT


def test_inserted_and_deleted_paragraphs() -> None:
    a = "\n\n".join([" ".join(STORY[0:2]), " ".join(STORY[2:4]), " ".join(STORY[4:6])])
    extra = "Schools in the south will get new buses. The order goes out next month."
    b = "\n\n".join([" ".join(STORY[0:2]), extra, " ".join(STORY[4:6])])
    comparison = compare_texts(a, b)
    kinds = [(blk.kind, blk.a_sentences, blk.b_sentences) for blk in comparison.blocks]
    assert (BlockKind.DELETED, (2, 3), ()) in kinds
    assert (BlockKind.INSERTED, (), (2, 3)) in kinds
    assert sum(blk.kind is BlockKind.EQUAL for blk in comparison.blocks) == 4
    # Text only in B is placed where it stands: between the A blocks around it.
    order = [blk.kind for blk in comparison.blocks]
    assert order.index(BlockKind.INSERTED) < len(order) - 2


def test_reworded_sentences_stay_paired_in_place() -> None:
    a = " ".join(STORY[:3])
    b = (
        "On Tuesday evening the council passed next year's budget. "
        "Two primary schools in the north will get money from it. "
        "The opposition said the plan was reckless and wants a recount."
    )
    comparison = compare_texts(a, b)
    pairs = [(blk.a_sentences, blk.b_sentences) for blk in comparison.blocks]
    assert pairs == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    assert all(blk.kind is BlockKind.CHANGED for blk in comparison.blocks)


def test_unrelated_sentences_facing_each_other_are_not_paired() -> None:
    # One sentence dropped and an unrelated one added in the same place: a deletion and an
    # insertion, not a "reworded" pair.
    a = " ".join([*STORY[:2], STORY[5], *STORY[3:5]])
    b = " ".join([*STORY[:2], "Ticket prices for the zoo rose by ten percent.", *STORY[3:5]])
    comparison = compare_texts(a, b)
    by_sentence = _blocks_by_sentence(comparison)
    assert by_sentence[2] == (BlockKind.DELETED, ())
    assert any(
        blk.kind is BlockKind.INSERTED and blk.b_sentences == (2,) for blk in comparison.blocks
    )
