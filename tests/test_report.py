"""Reports: the JSON contract, HTML escaping and layout, the terminal summary, safe writing."""

from __future__ import annotations

import json
import math
import os
import stat
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from core import compare, load_file, load_text, make_document
from core.errors import CopydeskError, WriteError
from core.model import (
    Block,
    BlockKind,
    Comparison,
    Document,
    LanguageGuess,
    LoadInfo,
    Metrics,
    OpKind,
    PassageKind,
    Provenance,
    ResultState,
    SentenceShares,
    TextRange,
    Verdict,
    VerdictKind,
    WordOp,
)
from core.report import (
    SCHEMA_ID,
    json_text,
    shorten,
    summary_text,
    to_html,
    to_json,
    write_html,
    write_json,
)

HOSTILE = "<script>alert(1)</script>"
SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"

ORIGINAL = (
    "The city council approved the new budget on Tuesday after a long debate. "
    "The mayor said the plan would fund three new schools. "
    "Opposition members argued that taxes would rise.\n\n"
    "The vote was seven to four. Construction is expected to begin next spring."
)
REWRITE = (
    "The city council passed the new budget on Tuesday after a lengthy debate. "
    "Opposition members argued that taxes would rise. "
    'The mayor said the plan would pay for three new schools & a "library".\n\n'
    f"The vote was seven to four. A spokesman added {HOSTILE} nothing."
)


@pytest.fixture(scope="module")
def engine_comparison() -> Comparison:
    return compare(load_text(ORIGINAL, "original"), load_text(REWRITE, "rewrite"))


# A hand-built comparison, so that the report is tested against every block and op kind
# whatever the engine decides for a given text.
MANUAL_A = (
    "Same start here. Officials said the plan was cheap. This one moves. "
    'Only A has this <b>bold</b> & "quoted" one.'
)
MANUAL_B = (
    "Same start here. This one moves. Officials claimed the plan was cheap. "
    f"Only B has {HOSTILE} & 'quotes'."
)


def _doc(text: str, source: str) -> Document:
    document = make_document(text, LoadInfo(source, "pasted", None, len(text)))
    assert len(document.sentences) == 4, "the hand-built blocks expect four sentences"
    return document


def _range(document: Document, index: int) -> TextRange:
    sentence = document.sentences[index]
    return TextRange(sentence.start, sentence.end)


def _equal_op(a_range: TextRange, b_range: TextRange) -> WordOp:
    return WordOp(OpKind.EQUAL, a_range.start, a_range.end, b_range.start, b_range.end)


def manual_comparison(
    language_b: LanguageGuess | None = None, chrf: float = 61.234567
) -> Comparison:
    a = _doc(MANUAL_A, '<i>"A" & co</i>')
    b = _doc(MANUAL_B, f"B {HOSTILE}")
    if language_b is not None:
        b = replace(b, language=language_b)
    a0, a1, a2, a3 = (_range(a, i) for i in range(4))
    b0, b1, b2, b3 = (_range(b, i) for i in range(4))
    said = MANUAL_A.index("said")
    claimed = MANUAL_B.index("claimed")
    changed_ops = (
        WordOp(OpKind.EQUAL, a1.start, said, b2.start, claimed),
        WordOp(OpKind.REPLACE, said, said + 4, claimed, claimed + 7),
        WordOp(OpKind.EQUAL, said + 4, a1.end, claimed + 7, b2.end),
    )
    blocks = (
        Block(0, BlockKind.EQUAL, (0,), (0,), a0, b0, (_equal_op(a0, b0),), 1.0),
        Block(1, BlockKind.CHANGED, (1,), (2,), a1, b2, changed_ops, 0.8333),
        Block(2, BlockKind.MOVED, (2,), (1,), a2, b1, (_equal_op(a2, b1),), 1.0),
        Block(
            3,
            BlockKind.DELETED,
            (3,),
            (),
            a3,
            TextRange(b2.end, b2.end),
            (WordOp(OpKind.DELETE, a3.start, a3.end, b2.end, b2.end),),
            0.0,
        ),
        Block(
            4,
            BlockKind.INSERTED,
            (),
            (3,),
            TextRange(a3.end, a3.end),
            b3,
            (WordOp(OpKind.INSERT, a3.end, a3.end, b3.start, b3.end),),
            0.0,
        ),
    )
    metrics = Metrics(
        word_similarity=0.712345678,
        containment_a_in_b=0.7,
        containment_b_in_a=0.65,
        shingle_jaccard=0.4,
        chrf=chrf,
        ter=40.0,
        words_a=a.word_count,
        words_b=b.word_count,
        sentences_a=4,
        sentences_b=4,
        shares=SentenceShares(unchanged=2, reworded=2, added=1, removed=1, moved=2),
        language_a=a.language,
        language_b=b.language,
    )
    verdict = Verdict(VerdictKind.PARAPHRASE, 0.8, f"Explained {HOSTILE} & more.")
    return Comparison(a, b, blocks, metrics, verdict, ResultState.COMPLETED, 0.1234567)


# --------------------------------------------------------------------------------------------
# JSON


TOP_KEYS = [
    "schema",
    "a",
    "b",
    "state",
    "message",
    "notes",
    "verdict",
    "metrics",
    "passages",
    "facts",
    "blocks",
    "traces",
    "trace_score",
    "trace_summary",
    "elapsed_seconds",
]
PASSAGE_KEYS = [
    "index",
    "kind",
    "label",
    "a_sentences",
    "b_sentences",
    "a_range",
    "b_range",
    "words",
    "words_a",
    "share_of_a",
    "share_of_b",
    "similarity",
]
FACT_KEYS = ["kind", "change", "a_text", "b_text", "a_range", "b_range", "block", "diff"]
DOCUMENT_KEYS = [
    "source",
    "format",
    "encoding",
    "size_bytes",
    "notes",
    "language",
    "secondary_language",
    "words",
    "sentences",
    "paragraphs",
]
METRIC_FLOATS = [
    "word_similarity",
    "containment_a_in_b",
    "containment_b_in_a",
    "shingle_jaccard",
    "chrf",
    "ter",
]
SHARE_NAMES = ["unchanged", "reworded", "added", "removed", "moved"]
BLOCK_KEYS = [
    "index",
    "kind",
    "a_sentences",
    "b_sentences",
    "a_range",
    "b_range",
    "similarity",
    "provenance",
    "semantic_similarity",
    "a_text",
    "b_text",
    "ops",
]


def _check_language(value: object) -> None:
    assert isinstance(value, dict)
    assert list(value) == ["code", "probability"]
    assert isinstance(value["code"], str)
    assert isinstance(value["probability"], float)


def _check_range(value: object) -> None:
    assert isinstance(value, list)
    assert len(value) == 2
    assert all(isinstance(x, int) for x in value)
    assert value[0] <= value[1]


@pytest.mark.parametrize("source", ["engine", "manual"])
def test_json_has_every_documented_key_with_the_right_type(
    source: str, engine_comparison: Comparison
) -> None:
    comparison = engine_comparison if source == "engine" else manual_comparison()
    data = to_json(comparison)
    assert list(data) == TOP_KEYS
    assert data["schema"] == SCHEMA_ID
    assert data["state"] == "completed"
    for side, document in (("a", comparison.a), ("b", comparison.b)):
        entry = data[side]
        assert list(entry) == DOCUMENT_KEYS
        assert entry["source"] == document.info.source
        assert isinstance(entry["notes"], list)
        _check_language(entry["language"])
        _check_language(entry["secondary_language"])
        assert entry["words"] == document.word_count
        assert entry["sentences"] == len(document.sentences)
        assert entry["paragraphs"] == len(document.paragraphs)
    verdict = data["verdict"]
    assert list(verdict) == ["kind", "label", "confidence", "explanation"]
    assert verdict["kind"] in {kind.value for kind in VerdictKind}
    assert verdict["label"] == VerdictKind(verdict["kind"]).label
    assert 0.0 <= verdict["confidence"] <= 1.0
    metrics = data["metrics"]
    for name in METRIC_FLOATS:
        assert isinstance(metrics[name], float), name
    for name in ("words_a", "words_b", "sentences_a", "sentences_b"):
        assert isinstance(metrics[name], int), name
    assert metrics["words_a"] == comparison.a.word_count
    shares = metrics["shares"]
    assert list(shares["counts"]) == SHARE_NAMES
    assert sum(shares["counts"].values()) == shares["total"]
    for name in SHARE_NAMES:
        assert shares["fractions"][name] == pytest.approx(
            shares["counts"][name] / shares["total"], abs=1e-4
        )
    _check_language(metrics["language_a"])
    _check_language(metrics["language_b"])
    assert isinstance(metrics["languages_differ"], bool)
    assert metrics["semantic_similarity"] is None  # same language: no sentence encoder
    assert metrics["translation"] is None
    assert len(data["blocks"]) == len(comparison.blocks)
    for position, block in enumerate(data["blocks"]):
        assert list(block) == BLOCK_KEYS
        assert block["index"] == position
        assert block["kind"] in {kind.value for kind in BlockKind}
        _check_range(block["a_range"])
        _check_range(block["b_range"])
        assert all(isinstance(i, int) for i in block["a_sentences"] + block["b_sentences"])
        assert 0.0 <= block["similarity"] <= 1.0
        paired = bool(block["a_sentences"]) and bool(block["b_sentences"])
        if source == "engine":  # hand-made blocks carry none
            assert (block["provenance"] is not None) == paired
        if block["provenance"] is not None:
            assert block["provenance"] in {p.value for p in Provenance}
        for op in block["ops"]:
            assert list(op) == ["kind", "a", "b"]
            assert op["kind"] in {kind.value for kind in OpKind}
            _check_range(op["a"])
            _check_range(op["b"])
    for fact in data["facts"]:
        assert list(fact) == FACT_KEYS
        assert fact["kind"] in {"number", "date", "name", "quote"}
        assert fact["change"] in {"changed", "missing", "added"}
        assert fact["a_range"] is not None or fact["b_range"] is not None
        for side in ("a", "b"):
            if fact[f"{side}_range"] is None:
                assert fact[f"{side}_text"] == ""
            else:
                _check_range(fact[f"{side}_range"])
        assert 0 <= fact["block"] < len(data["blocks"])
    assert isinstance(data["elapsed_seconds"], float)
    assert len(data["passages"]) == len(comparison.passages)
    for position, passage in enumerate(data["passages"]):
        assert list(passage) == PASSAGE_KEYS
        assert passage["index"] == position
        assert passage["kind"] in {kind.value for kind in PassageKind}
        _check_range(passage["a_range"])
        _check_range(passage["b_range"])
        assert isinstance(passage["words"], int) and passage["words"] > 0
        assert 0.0 < passage["share_of_a"] <= 1.0 and 0.0 < passage["share_of_b"] <= 1.0


def test_json_passages_of_a_partial_lift() -> None:
    original = load_file(SAMPLES / "original.txt")
    lifted = load_file(SAMPLES / "lifted.txt")
    data = to_json(compare(original, lifted))
    assert data["verdict"]["kind"] == "partial_copy"
    assert len(data["passages"]) == 3
    b_text = lifted.text
    for passage in data["passages"]:
        start, end = passage["b_range"]
        assert b_text[start:end].strip()
        assert passage["share_of_b"] == pytest.approx(
            passage["words"] / lifted.word_count, abs=1e-4
        )


def test_json_round_trips_through_text(engine_comparison: Comparison) -> None:
    data = to_json(engine_comparison)
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text) == data
    assert json.loads(json_text(engine_comparison)) == data
    # Deterministic: the same result serialises to the same bytes.
    assert json_text(engine_comparison) == json_text(engine_comparison)


def test_json_block_texts_are_slices_of_the_documents(engine_comparison: Comparison) -> None:
    data = to_json(engine_comparison)
    a_text, b_text = engine_comparison.a.text, engine_comparison.b.text
    assert data["blocks"], "the engine produced no blocks"
    for block in data["blocks"]:
        a_start, a_end = block["a_range"]
        b_start, b_end = block["b_range"]
        assert block["a_text"] == a_text[a_start:a_end]
        assert block["b_text"] == b_text[b_start:b_end]
        for op in block["ops"]:
            assert a_start <= op["a"][0] <= op["a"][1] <= a_end
            assert b_start <= op["b"][0] <= op["b"][1] <= b_end
    # Every sentence of the rewrite appears in some block, including the hostile one.
    assert any(HOSTILE in block["b_text"] for block in data["blocks"])


def test_json_floats_are_rounded_and_nan_is_null() -> None:
    data = to_json(manual_comparison(chrf=math.nan))
    assert data["metrics"]["word_similarity"] == 0.7123
    assert data["elapsed_seconds"] == 0.1235
    assert data["metrics"]["chrf"] is None
    json.dumps(data, allow_nan=False)  # would raise on NaN


def test_json_of_a_cancelled_comparison_has_null_verdict_and_metrics() -> None:
    manual = manual_comparison()
    cancelled = Comparison(
        manual.a, manual.b, (), None, None, ResultState.CANCELLED, 0.5, "Comparison cancelled."
    )
    data = to_json(cancelled)
    assert data["state"] == "cancelled"
    assert data["message"] == "Comparison cancelled."
    assert data["verdict"] is None
    assert data["metrics"] is None
    assert data["blocks"] == []
    assert "Comparison cancelled." in summary_text(cancelled)
    assert "Comparison cancelled." in to_html(cancelled)


def test_identical_texts_give_verdict_identical() -> None:
    comparison = compare(load_text(ORIGINAL, "one"), load_text(ORIGINAL, "two"))
    data = to_json(comparison)
    assert data["verdict"]["kind"] == "identical"
    assert {block["kind"] for block in data["blocks"]} == {"equal"}


# --------------------------------------------------------------------------------------------
# HTML


class _CellText(HTMLParser):
    """Collects the visible text of the A and B cells of the side-by-side table."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: dict[str, list[str]] = {"a": [], "b": []}
        self._side: str | None = None
        self.row_classes: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "script":
            self.scripts += 1
        if tag == "tr" and classes and classes[0].startswith("row-"):
            self.row_classes.append(classes[0])
        if tag == "td" and ("a" in classes or "b" in classes):
            self._side = "a" if "a" in classes else "b"
            self.cells[self._side].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._side = None

    def handle_data(self, data: str) -> None:
        if self._side is not None:
            self.cells[self._side][-1] += data


def _parse(page: str) -> _CellText:
    parser = _CellText()
    parser.feed(page)
    parser.close()
    return parser


@pytest.mark.parametrize("source", ["engine", "manual"])
def test_html_escapes_everything_from_the_documents(
    source: str, engine_comparison: Comparison
) -> None:
    comparison = engine_comparison if source == "engine" else manual_comparison()
    page = to_html(comparison)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&amp;" in page
    assert "&quot;" in page or "&#x27;" in page
    parsed = _parse(page)
    assert parsed.scripts == 0
    # Unescaped, the cells give back exactly the documents' text: nothing lost or mangled.
    for block, a_cell, b_cell in zip(
        comparison.blocks, parsed.cells["a"], parsed.cells["b"], strict=True
    ):
        assert a_cell == comparison.a.text[block.a_range.start : block.a_range.end]
        assert b_cell == comparison.b.text[block.b_range.start : block.b_range.end]


def test_html_escapes_file_names_and_explanation() -> None:
    page = to_html(manual_comparison())
    assert "<i>" not in page
    assert "&lt;i&gt;&quot;A&quot; &amp; co&lt;/i&gt;" in page
    assert "Explained &lt;script&gt;" in page


def test_html_is_self_contained_and_printable() -> None:
    page = to_html(manual_comparison())
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert "<style>" in page
    assert "@media print" in page
    for external in ("http://", "https://", "<link", " src=", "@import", "url("):
        assert external not in page, external


def test_html_marks_word_ops_and_block_kinds() -> None:
    page = to_html(manual_comparison())
    assert '<del class="op-rep">said</del>' in page
    assert '<ins class="op-rep">claimed</ins>' in page
    assert (
        '<del class="block-del">Only A has this &lt;b&gt;bold&lt;/b&gt; &amp; '
        "&quot;quoted&quot; one.</del>" in page
    )
    assert '<ins class="block-ins">Only B has &lt;script&gt;' in page
    rows = _parse(page).row_classes
    assert rows == ["row-equal", "row-changed", "row-moved", "row-deleted", "row-inserted"]
    # Verdict, confidence and a metric in words.
    assert "Paraphrase or re-translation" in page
    assert "Confidence 80%" in page
    assert "71%" in page


def test_html_warns_only_when_languages_differ() -> None:
    same = to_html(manual_comparison())
    assert "different languages" not in same
    differ = to_html(manual_comparison(language_b=LanguageGuess("fr", 0.99)))
    assert "different languages" in differ
    assert "French" in differ or "(fr" in differ


# --------------------------------------------------------------------------------------------
# Summary


def test_summary_lists_verdict_metrics_and_biggest_changes() -> None:
    comparison = manual_comparison()
    text = summary_text(comparison)
    assert text.startswith("Verdict: Paraphrase or re-translation (confidence 80%)")
    assert "Word similarity" in text
    assert "71%" in text
    assert "2 unchanged, 2 reworded, 1 added, 1 removed, 2 moved" in text
    assert "A: Officials said the plan was cheap." in text
    assert "B: Officials claimed the plan was cheap." in text
    assert f"B: Only B has {HOSTILE}" in text  # plain text: no escaping needed or wanted
    assert "A: Only A has this" in text
    # The moved block has similarity 1.0: it is not a reworded sentence.
    assert "This one moves" not in text


def _reworded_percents(summary: str) -> list[int]:
    percents = []
    in_section = False
    for line in summary.splitlines():
        if line == "Most reworded:":
            in_section = True
        elif in_section and not line:
            break
        elif in_section and ", similarity " in line:
            percents.append(int(line.rsplit(", similarity ", 1)[1].rstrip("%")))
    return percents


def test_summary_orders_reworded_pairs_by_similarity(engine_comparison: Comparison) -> None:
    percents = _reworded_percents(summary_text(engine_comparison, top=10))
    assert len(percents) >= 2, "the rewrite has several reworded sentences"
    assert percents == sorted(percents)


def test_summary_top_limits_each_section(engine_comparison: Comparison) -> None:
    all_percents = _reworded_percents(summary_text(engine_comparison, top=10))
    assert _reworded_percents(summary_text(engine_comparison, top=1)) == all_percents[:1]


def test_summary_warns_when_languages_differ() -> None:
    text = summary_text(manual_comparison(language_b=LanguageGuess("fr", 0.99)))
    assert "different languages: A is English (en" in text
    assert "B is French (fr, 99%)" in text


def test_shorten_cuts_long_text_at_a_space() -> None:
    text = "word " * 100
    short = shorten(text, 40)
    assert len(short) <= 40
    assert short.endswith("…")
    assert short[:-1].split() == ["word"] * len(short[:-1].split())
    assert shorten("a\n  b\tc", 40) == "a b c"
    unspaced = "字" * 100
    assert shorten(unspaced, 20) == "字" * 19 + "…"


# --------------------------------------------------------------------------------------------
# Writing


def _files(tmp_path: Path) -> list[Path]:
    comparison_a = tmp_path / "a.txt"
    comparison_b = tmp_path / "b.txt"
    comparison_a.write_text(ORIGINAL, encoding="utf-8")
    comparison_b.write_text(REWRITE, encoding="utf-8")
    return [comparison_a, comparison_b]


@pytest.fixture
def file_comparison(tmp_path: Path) -> Comparison:
    path_a, path_b = _files(tmp_path)
    return compare(load_file(path_a), load_file(path_b))


@pytest.mark.parametrize("writer", [write_json, write_html])
def test_write_creates_the_report(
    writer: object, file_comparison: Comparison, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "report"
    target.parent.mkdir()
    writer(file_comparison, target)  # type: ignore[operator]
    content = target.read_text(encoding="utf-8")
    if writer is write_json:
        assert json.loads(content) == to_json(file_comparison)
    else:
        assert content == to_html(file_comparison)
    assert sorted(p.name for p in target.parent.iterdir()) == ["report"]
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o644


@pytest.mark.parametrize("writer", [write_json, write_html])
def test_failed_write_leaves_target_unchanged_and_no_temp_files(
    writer: object, file_comparison: Comparison, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.out"
    target.write_text("previous report", encoding="utf-8")
    before = sorted(tmp_path.iterdir())

    def refuse(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(WriteError, match=r"report\.out: the disk is full\."):
        writer(file_comparison, target)  # type: ignore[operator]
    assert target.read_text(encoding="utf-8") == "previous report"
    assert sorted(tmp_path.iterdir()) == before


def test_write_into_a_directory_fails_cleanly(file_comparison: Comparison, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(WriteError) as raised:
        write_html(file_comparison, folder)
    # The words of every other file that cannot be written, not the system's "Is a directory".
    assert str(raised.value) == f"cannot write {folder}: this is a folder, not a file."
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("writer", [write_json, write_html])
@pytest.mark.parametrize("side", [0, 1])
def test_refuses_to_overwrite_a_compared_file(
    writer: object, side: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _files(tmp_path)
    monkeypatch.chdir(tmp_path)
    # Loaded by a relative name, written by an absolute one: still the same file.
    comparison = compare(load_file(paths[0].name), load_file(paths[1].name))
    originals = [path.read_bytes() for path in paths]
    with pytest.raises(CopydeskError, match="compared file"):
        writer(comparison, paths[side])  # type: ignore[operator]
    assert [path.read_bytes() for path in paths] == originals
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


@pytest.mark.skipif(os.name != "posix", reason="symlinks need privileges on Windows")
def test_refuses_to_overwrite_a_compared_file_through_a_link(
    file_comparison: Comparison, tmp_path: Path
) -> None:
    link = tmp_path / "link.html"
    link.symlink_to(tmp_path / "a.txt")
    before = (tmp_path / "a.txt").read_bytes()
    with pytest.raises(CopydeskError, match="compared file A"):
        write_html(file_comparison, link)
    assert (tmp_path / "a.txt").read_bytes() == before


def test_pasted_text_label_is_not_taken_for_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    comparison = compare(load_text(ORIGINAL), load_text(REWRITE))
    label = comparison.a.info.source
    (tmp_path / label).write_text("an older report", encoding="utf-8")
    write_json(comparison, tmp_path / label)
    assert json.loads((tmp_path / label).read_text(encoding="utf-8"))["schema"] == SCHEMA_ID


def test_summary_and_html_list_the_passages() -> None:
    comparison = compare(load_file(SAMPLES / "original.txt"), load_file(SAMPLES / "lifted.txt"))
    summary = summary_text(comparison)
    assert "Verdict: Partial copy" in summary
    assert "Passages taken from A: 3 (" in summary
    assert "Copied verbatim:" in summary
    page = to_html(comparison)
    assert "verdict-partial_copy" in page
    assert page.count('class="kind-copied"') == 3
    assert 'href="#block-' in page
    assert "passage-copied" in page  # rows marked in the side-by-side table


def test_sentence_ranges_agree_with_their_count() -> None:
    from core.report.labels import sentence_range

    assert sentence_range("B", (23,)) == "B sentence 24"
    assert sentence_range("A", (5, 6, 7, 8)) == "A sentences 6-9"
