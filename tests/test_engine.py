"""Engine basics: tokens, normalisation, segmentation, word ops, cancellation, no Qt."""

from __future__ import annotations

import gc
import random
import re
from collections import Counter
from pathlib import Path

import pytest
from blocked_imports import run_without
from hypothesis import given, settings
from hypothesis import strategies as st
from sacrebleu.metrics.chrf import CHRF

from core import (
    BlockKind,
    CompareConfig,
    Granularity,
    OpKind,
    ResultState,
    TokenKind,
    TooLargeError,
    VerdictKind,
    compare,
    compare_texts,
    load_text,
)
from core.engine.prepare import base_stem, make_bag
from core.gcpause import paused_gc
from core.text import tokens as tokens_module
from core.text.language import secondary_language
from core.text.segment import paragraph_ranges
from core.text.tokens import tokenize
from core.verdict.metrics import corpus_chrf, shingle_jaccard

ROOT = Path(__file__).resolve().parents[1]

NEWS_A = (
    "The city council approved the new budget on Tuesday. It includes money for two schools.\n\n"
    "Opposition members said the plan was “reckless”. The mayor disagreed.\n\n"
    "Work on the schools starts in May."
)
NEWS_B = (
    "On Tuesday the city council passed the new budget, which includes money for two schools.\n\n"
    "Work on the schools starts in May.\n\n"
    'Opposition members called the plan "reckless". The mayor disagreed. A vote is due.'
)

text_strategy = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    max_size=300,
)


@given(text_strategy)
@settings(max_examples=200, deadline=None)
def test_tokens_rebuild_text_exactly(text: str) -> None:
    starts, kinds = tokenize(text)
    assert starts[0] == 0
    assert starts[-1] == len(text)
    assert len(starts) == len(kinds) + 1
    pieces = [text[starts[i] : starts[i + 1]] for i in range(len(kinds))]
    assert "".join(pieces) == text
    assert all(piece for piece in pieces)
    for piece, kind in zip(pieces, kinds, strict=True):
        assert (kind == TokenKind.SPACE) == piece[0].isspace()


def test_tokens_keep_words_whole() -> None:
    text = "Don't e-mail the U.S. office: 3.5% of 1,000 staff — 中文。"
    starts, kinds = tokenize(text)
    words = [text[starts[i] : starts[i + 1]] for i in range(len(kinds)) if kinds[i] == 0]
    assert words == [
        "Don't",
        "e-mail",
        "the",
        "U.S",
        "office",
        "3.5",
        "of",
        "1,000",
        "staff",
        "中",
        "文",
    ]


def test_document_tokens_have_offsets() -> None:
    doc = load_text("Hello, world. Second sentence here.")
    tokens = list(doc.tokens())
    assert "".join(token.text for token in tokens) == doc.text
    for token in tokens:
        assert doc.text[token.start : token.end] == token.text


def test_paragraphs_blank_lines_or_one_per_line() -> None:
    assert len(paragraph_ranges("One.\nstill one.\n\nTwo.")) == 2
    assert len(paragraph_ranges("One.\nTwo.\nThree.")) == 3


def test_sentences_never_cross_paragraphs_and_cover_words() -> None:
    doc = load_text(NEWS_A)
    assert len(doc.paragraphs) == 3
    assert len(doc.sentences) == 5
    for sentence in doc.sentences:
        paragraph = doc.paragraphs[sentence.paragraph]
        assert paragraph.start <= sentence.start < sentence.end <= paragraph.end
        assert doc.text[sentence.start : sentence.end].strip() == doc.sentence_text(sentence)


def test_normalisation_matches_quotes_and_case_but_displays_original() -> None:
    comparison = compare_texts("He said “Yes” to the PLAN.", 'He said "yes" to the plan.')
    assert comparison.verdict is not None
    assert all(block.kind is BlockKind.EQUAL for block in comparison.blocks)
    assert "“Yes”" in comparison.a.text
    strict = CompareConfig(ignore_case=False, normalize_quotes=False)
    strict_result = compare_texts(
        "He said “Yes” to the PLAN.", 'He said "yes" to the plan.', strict
    )
    assert any(block.kind is BlockKind.CHANGED for block in strict_result.blocks)


def test_ignore_punctuation_option() -> None:
    a, b = "Stop, look, listen.", "Stop look listen!"
    assert compare_texts(a, b).blocks[0].kind is BlockKind.CHANGED
    relaxed = compare_texts(a, b, CompareConfig(ignore_punctuation=True))
    assert relaxed.blocks[0].kind is BlockKind.EQUAL


def test_reworded_phrase_is_one_replacement() -> None:
    comparison = compare_texts(
        "The minister said the red car was stolen on Friday.",
        "The minister said a blue van was stolen on Friday.",
    )
    (block,) = comparison.blocks
    changes = [op for op in block.ops if op.kind is not OpKind.EQUAL]
    assert len(changes) == 1
    op = changes[0]
    assert op.kind is OpKind.REPLACE
    assert comparison.a.text[op.a_start : op.a_end] == "the red car"
    assert comparison.b.text[op.b_start : op.b_end] == "a blue van"


def test_character_granularity_marks_inside_words() -> None:
    config = CompareConfig(granularity=Granularity.CHARACTER)
    comparison = compare_texts("The colour was grey.", "The color was gray.", config)
    (block,) = comparison.blocks
    changed = [
        comparison.a.text[op.a_start : op.a_end] for op in block.ops if op.kind is not OpKind.EQUAL
    ]
    assert "colour" not in changed  # only the differing letters, not whole words
    assert (
        "".join(comparison.a.text[op.a_start : op.a_end] for op in block.ops) == comparison.a.text
    )


def test_news_rewrite_blocks() -> None:
    comparison = compare_texts(NEWS_A, NEWS_B)
    kinds = [block.kind for block in comparison.blocks]
    assert BlockKind.MOVED in kinds
    assert BlockKind.INSERTED in kinds
    merged = [block for block in comparison.blocks if len(block.a_sentences) == 2]
    assert merged and merged[0].b_sentences == (0,)
    assert comparison.verdict is not None
    assert comparison.verdict.kind.value in {"paraphrase", "light_edit"}


def test_cancellation_returns_cancelled_state() -> None:
    calls = {"n": 0}

    def cancel_on_second_poll() -> bool:
        calls["n"] += 1
        return calls["n"] > 1

    a = load_text(NEWS_A)
    b = load_text(NEWS_B)
    result = compare(a, b, CompareConfig(should_cancel=cancel_on_second_poll))
    assert result.state is ResultState.CANCELLED
    assert result.blocks == ()
    assert calls["n"] >= 2


def test_word_limit_is_enforced() -> None:
    with pytest.raises(TooLargeError):
        load_text("word " * 50, config=CompareConfig(max_words=10))


def test_long_line_without_full_stop_is_split_into_bounded_sentences() -> None:
    doc = load_text("word " * 5000)
    assert len(doc.sentences) > 10
    assert all(s.token_end - s.token_start <= 400 for s in doc.sentences)


def test_core_imports_without_qt() -> None:
    run_without(
        {"PySide6", "PyQt5", "PyQt6", "shiboken6"},
        """
        import core, core.report, core.cli
        result = core.compare_texts("One sentence here.", "One sentence there.")
        assert result.verdict is not None
        assert not any(m.startswith("PySide6") for m in sys.modules)
        print("ok")
        """,
    )


def test_language_unknown_when_too_short() -> None:
    from core.text.language import detect_language

    assert detect_language("Ja.").code == "unknown"
    assert detect_language("12 345 678 !!!").code == "unknown"


@pytest.mark.shared_data
def test_language_detection_on_real_text(shared_data: Path) -> None:
    from core.text.language import detect_language

    german = (shared_data / "wmt19_ende_paraphrased_refs_google" / "wmt19-ende-ar.ref").read_text(
        encoding="utf-8"
    )
    lines = german.splitlines()
    chunks = [" ".join(lines[i : i + 10]) for i in range(0, 400, 10)]
    results = [detect_language(chunk) for chunk in chunks]
    assert all(result.code == "de" for result in results)
    assert min(result.probability for result in results) > 0.9
    # Deterministic: the same text gives the same probability every time.
    assert detect_language(chunks[0]) == results[0]


def test_secondary_language_found_in_untranslated_paragraph() -> None:
    english = [
        "The town council decided on Tuesday to rebuild the old harbour wall before the "
        "winter storms arrive, after a long and heated debate among residents.",
        "Work will start in October and should take about four months, the council said, "
        "with most of the money coming from a regional fund for coastal towns.",
    ]
    french = (
        "Les pêcheurs ont salué la décision mais ont demandé que le port reste ouvert pendant "
        "les travaux, car l'automne est la saison la plus chargée de l'année pour eux."
    )
    mixed = load_text("\n\n".join([*english, french]))
    assert mixed.language.code == "en"
    assert secondary_language(mixed).code == "fr"
    plain = load_text("\n\n".join(english))
    assert not secondary_language(plain).is_known


def test_engine_runs_without_numpy_or_scipy() -> None:
    """The installers stay small only while the engine needs neither (see packaging/)."""
    run_without(
        {"numpy", "scipy"},
        """
        import core, core.report, core.cli, core.rank
        text = "The mayor opened the bridge on Monday. Crowds cheered. " * 300
        result = core.compare_texts(text, text.replace("Monday", "Tuesday"))
        assert result.metrics.shingle_jaccard < 1.0
        print("ok")
        """,
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 30), max_size=40),
    st.lists(st.integers(0, 30), max_size=40),
)
def test_bags_intersect_as_multisets(x: list[int], y: list[int]) -> None:
    interned: dict[int, int] = {}
    bag_x = make_bag(x, interned)
    bag_y = make_bag(y, interned)
    assert len(set(bag_x)) == len(bag_x) == len(x)
    assert sorted(base_stem(s) for s in bag_x) == sorted(x)
    shared = set(bag_x).intersection(bag_y)
    assert len(shared) == sum((Counter(x) & Counter(y)).values())


def test_chrf_in_batches_equals_sacrebleu_corpus_score() -> None:
    rng = random.Random(3)
    words = [
        "the",
        "cat",
        "sat",
        "on",
        "a",
        "mat",
        "while",
        "dogs",
        "ran",
        "over",
        "hills",
        "and",
        "rivers",
    ]
    references = [" ".join(rng.choices(words, k=rng.randint(0, 30))) for _ in range(300)]
    hypotheses = [" ".join(rng.choices(words, k=rng.randint(0, 30))) for _ in range(300)]
    expected = CHRF().corpus_score(hypotheses, [references]).score
    assert corpus_chrf(hypotheses, references) == pytest.approx(expected, abs=1e-9)
    assert corpus_chrf(hypotheses[:1], references[:1]) == pytest.approx(
        CHRF().corpus_score(hypotheses[:1], [references[:1]]).score
    )


def _exact_shingle_jaccard(a: str, b: str) -> float:
    grams_a = {a[k : k + 3] for k in range(len(a) - 2)}
    grams_b = {b[k : k + 3] for k in range(len(b) - 2)}
    return len(grams_a & grams_b) / len(grams_a | grams_b)


def test_shingle_jaccard_is_exact_for_articles_and_close_for_books() -> None:
    rng = random.Random(5)
    vocabulary = [chr(0xF0000 + k) for k in range(5000)]
    a = "".join(rng.choices(vocabulary, k=20_000))
    b = "".join(c if rng.random() > 0.1 else rng.choice(vocabulary) for c in a)
    assert shingle_jaccard(a, b) == _exact_shingle_jaccard(a, b)
    long_a = "".join(rng.choices(vocabulary, k=300_000))
    long_b = "".join(c if rng.random() > 0.1 else rng.choice(vocabulary) for c in long_a)
    estimate = shingle_jaccard(long_a, long_b)
    assert estimate == shingle_jaccard(long_a, long_b)  # the sample is not random
    assert estimate == pytest.approx(_exact_shingle_jaccard(long_a, long_b), abs=0.01)


# The tokenizer's word pattern is hand-optimised; this is what it must mean: a word character
# is \w outside the CJK ranges, or a combining mark.
_PLAIN_WORD_CHAR = rf"(?:(?![{tokens_module._CJK}])[\w{tokens_module._MARKS}])"
_PLAIN_TOKEN_RE = re.compile(
    rf"[\s\x1c-\x1f]+|[{tokens_module._CJK}]"
    rf"|{_PLAIN_WORD_CHAR}+(?:['’\-.,]{_PLAIN_WORD_CHAR}+)*|[^\s\x1c-\x1f]"
)
_TRICKY = [*"ab1 \n'’-.,\u0301\u093f\u0915日本\u05b7\u0627\x1c_éЖ", "\U00020001"]


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(_TRICKY), max_size=40) | st.text(max_size=40))
def test_tokenizer_matches_its_plain_definition(text: str) -> None:
    assert tokens_module._TOKEN_RE.findall(text) == _PLAIN_TOKEN_RE.findall(text)


def test_gc_pause_restores_the_collector_and_nests() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    compare_texts("One sentence here.", "One sentence there.")
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # off before, so it stays off
    finally:
        gc.enable()


def test_a_short_english_sentence_is_not_taken_for_dutch() -> None:
    # langdetect alone: Dutch 81%, English 19%; its words are English function words.
    from core.text.language import detect_language

    sentence = "Freeman said not having a driver license has been a burden."
    assert detect_language(sentence).code == "en"
    result = compare_texts(
        "Freeman's civil hearing may be, on the surface, about a driver's license.", sentence
    )
    assert result.metrics is not None
    assert result.metrics.language_a.code == result.metrics.language_b.code == "en"
    assert result.verdict is not None and result.verdict.kind is not VerdictKind.TRANSLATION
    # Real languages keep langdetect's answer.
    for text, code in (
        ("Het kabinet heeft dinsdag een nieuwe wet aangekondigd over het klimaat.", "nl"),
        ("Der Bundestag hat am Dienstag ein neues Gesetz zum Klima beschlossen.", "de"),
        ("Le gouvernement a annoncé mardi une nouvelle loi sur le climat.", "fr"),
    ):
        assert detect_language(text).code == code
