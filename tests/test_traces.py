"""Traces of a machine round trip or a spinner (core/traces): what is found and what is not."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import compare_texts, load_file
from core.traces import TOOLTIP, TraceKind, find_traces
from core.traces.score import CLEAN_RATE, poisson_below, summarise, trace_score

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "resources" / "samples"

ORIGINAL = (
    "Officials said on Monday that they were punishing Moscow for its interference in the "
    "election. The data breaches were called some of the worst in March. He called Putin a "
    "killer in an interview. They discussed sensitive issues during their conversation."
)
DAMAGED = (
    "Officials said on monday that they were punishing moscow For its interference in the "
    "election the data Violations were called some of the worst in march. He called Putin "
    "killer in an interview. They discussed sensitive issues. during their conversation."
)


def _kinds(a: str, b: str) -> list[tuple[TraceKind, str, str]]:
    report = find_traces(compare_texts(a, b))
    return [(t.kind, t.b_text, t.a_text) for t in report.traces]


def test_each_kind_of_damage_is_found_with_its_counterpart() -> None:
    found = _kinds(ORIGINAL, DAMAGED)
    assert (TraceKind.CASE, "monday", "Monday") in found
    assert (TraceKind.CASE, "moscow", "Moscow") in found
    assert (TraceKind.CASE, "For", "for") in found
    assert (TraceKind.CASE, "march", "March") in found
    assert (TraceKind.CASE, "Violations", "breaches") in found
    assert (TraceKind.BOUNDARY, "election the", "election. The") in found
    assert (TraceKind.BOUNDARY, "issues. during", "issues during") in found
    assert (TraceKind.ARTICLE, "killer", "a killer") in found
    assert (TraceKind.SWAP, "data Violations", "data breaches") in found
    assert len(found) == 9


def test_ranges_slice_the_texts() -> None:
    comparison = compare_texts(ORIGINAL, DAMAGED)
    for trace in find_traces(comparison).traces:
        assert comparison.b.text[trace.b_range.start : trace.b_range.end] == trace.b_text
        assert comparison.a.text[trace.a_range.start : trace.a_range.end] == trace.a_text


def test_identical_and_cleanly_reworded_pairs_have_no_traces() -> None:
    assert _kinds(ORIGINAL, ORIGINAL) == []
    reworded = (
        "On Monday, officials said they were punishing Moscow for meddling in the election. "
        "Some of the worst data breaches happened in March, they said. In an interview, he "
        "called Putin a killer. The two men talked about delicate matters."
    )
    report = find_traces(compare_texts(ORIGINAL, reworded))
    assert report.traces == ()
    assert report.summary == "" and report.score == 0.0


def test_positional_capitals_and_house_style_are_not_traces() -> None:
    # a sentence split by a translator: the capital comes with the new sentence
    assert _kinds("He left, and then she arrived.", "He left. Then she arrived.") == []
    # a multi-word name lowercased as a whole is house style; half of it is damage
    a = "The fund gave money to the Human Rights Watch office in Geneva last year."
    assert _kinds(a, a.replace("Human Rights Watch", "human rights watch")) == []
    assert _kinds(a, a.replace("Rights", "rights"))[0][:2] == (TraceKind.CASE, "rights")
    # an abbreviation's dot is not a stop
    assert _kinds("The US officials met on Friday.", "The U.S. officials met on Friday.") == []
    # a headline in title case, written in sentence case
    assert (
        _kinds(
            "Council Approves New Harbour Budget\n\nText.",
            "Council approves new harbour budget\n\nText.",
        )
        == []
    )


def test_style_choices_of_translators_are_not_traces() -> None:
    """The false alarms found on clean WMT22 pairs, each as a small case."""
    # the last word of a name, in it or not: "Council Summit" / "Council summit"
    a = "The dispute was settled at the Gulf Cooperation Council Summit in January, they said."
    assert _kinds(a, a.replace("Council Summit", "Council summit")) == []
    assert _kinds(a.replace("Lake", "x"), a.replace("in January", "in Qinghai Province")) == []
    # a job title: "Hanekom, Director of" / "Hanekom, director of"
    a = "Willem Hanekom, Director of the Africa Health Research Institute, said on Friday."
    assert _kinds(a, a.replace("Director", "director")) == []
    # a title in quotation marks, recased as a whole or in part
    a = 'The theme is "Crossing the River by Feeling the Stones", the curators said on Monday.'
    assert _kinds(a, a.replace("Feeling the Stones", "feeling the stones")) == []
    # a capitalised article that opens a name: "Oman, The United Arab Emirates"
    a = "The prince visited Oman, the United Arab Emirates and Qatar in the same week."
    assert _kinds(a, a.replace("the United", "The United")) == []
    # a term recased as a whole: "Xi Jinping thought on socialism" / "Thought on Socialism"
    a = "They studied Xi Jinping thought on socialism in the new era at length in the meeting."
    assert _kinds(a, a.replace("thought on socialism", "Thought on Socialism")) == []
    # a capital after a semicolon: machine translation starts a clause like a sentence
    a = "The plan helps graduates find work; focus on the six groups, the ministry said today."
    assert _kinds(a, a.replace("; focus", "; Focus")) == []


def test_damage_inside_names_and_name_heavy_sentences_is_still_found() -> None:
    # a month in a sentence full of names (once taken for a title-case headline)
    a = (
        "Xinhua News Agency Beijing December 11 (Reporter Yang Na) Officials of the Beijing "
        "Municipal Education Commission said that more graduates would look for work."
    )
    found = _kinds(a, a.replace("December", "december"))
    assert found == [(TraceKind.CASE, "december", "December")]
    # the head of a name lowercased; the name's last word lowercased alone
    a = "He spoke to officials of the Ministry of Public Security about the new rules on Monday."
    assert _kinds(a, a.replace("Ministry", "ministry"))[0][:2] == (TraceKind.CASE, "ministry")
    # a common word capitalised where B is not heading a name
    a = "The committee urged attention to the human rights situation of Hong Kong on Monday."
    assert _kinds(a, a.replace("situation", "Situation"))[0][:2] == (TraceKind.CASE, "Situation")
    # a name lowercased in a headline when A writes it as a name in running text
    a = "Talks with Vietnam resume\n\nOfficials from Vietnam met their hosts on Monday in Hanoi."
    b = a.replace("with Vietnam", "with vietnam")
    assert (TraceKind.CASE, "vietnam", "Vietnam") in _kinds(a, b)


def test_informal_lines_and_lists() -> None:
    """Rules from reading the study half of the other domains (chat, e-commerce, social)."""
    # a chat message first in the story, in sentence case on both sides, is running text: one
    # word capitalised there is damage (a headline's case is style only in title case)
    a = "Do I need to return the curry soup to you?\n\nYes, please keep it for now."
    found = _kinds(a, a.replace("return", "Return"))
    assert (TraceKind.CASE, "Return", "return") in found
    # ... while B writing a headline's capital in lowercase is no damage (emphasis is style)
    a = "Latest exam information about Finance and tax\n\nThe exam is held in May every year."
    assert _kinds(a, a.replace("Finance", "finance")) == []
    # a capital after a stop B added is positional: it does not make the damage next to it
    # a term recased as a whole
    a = "Is the code only applicable when your order reaches a certain amount?"
    b = "Is the code only applicable. When your order Reaches a certain amount?"
    assert (TraceKind.CASE, "Reaches", "reaches") in _kinds(a, b)
    # a list of items, not running text: machine translation capitalises each item
    a = (
        "The products are as below. Brake resistor, low power encoder cable, medium power "
        "encoder cable, low power line, medium power line with brake, encoder and power plug, "
        "servo battery box."
    )
    b = (
        "The products are as below. Brake resistor Low power encoder cable Medium power "
        "encoder cable Low power line Medium power line with brake encoder and power plug "
        "Servo battery box."
    )
    assert _kinds(a, b) == []
    # ... while the same capital in running text is a trace
    a = "The kit has a brake resistor and a servo battery box that the shop sends in a parcel."
    b = a.replace("servo", "Servo")
    assert (TraceKind.CASE, "Servo", "servo") in _kinds(a, b)
    # a capital right after a numbered label starts a new unit: "Article 23 Each"
    a = "The rules were set out. Article 23 each registration period is three years, they said."
    assert _kinds(a, a.replace("each", "Each")) == []
    # a capitalised word after an acronym is part of a name: "SF Express"
    a = "The cooperative express is used, and SF express for urgent orders, the shop said."
    b = "The cooperative express is used, and SF Express for urgent orders, the shop said."
    assert _kinds(a, b) == []
    # a list item's number is a sentence of its own: its stop is not a sentence boundary
    a = "It has a praise rate of 100%. 2. Ningcheng liquor in a large jar is the second item."
    b = "It has a praise rate of 100%. 2, Ningcheng liquor in a large jar is the second item."
    assert all(kind is not TraceKind.BOUNDARY for kind, _, _ in _kinds(a, b))


def test_benchmark_plants_only_spellings_that_a_does_not_use(bench_module: ModuleType) -> None:
    """Recase damage must give B a spelling A never uses mid-sentence: "Plant" lowercased
    where A also writes "the plant" is one of A's own spellings, undetectable against A."""
    text = (
        "The buyer signed the Receipt for the Sale of the Plant with Keston on Monday. "
        "If the buyer does not buy the plant, the deposit goes to Keston and the seller. "
        "The Continuing Education rule applies, and continuing education costs money in Keston."
    )
    for seed in range(30):
        damaged, damages = bench_module.damage(text, seed, 3)
        for d in damages:
            word = damaged[d.start : d.end]
            if d.kind == "lowercase name":
                assert word.casefold() not in {"plant"}, seed
            if d.kind == "capitalise word":
                assert word.casefold() not in {"continuing", "education"}, seed


def test_a_name_half_lowercased_at_two_places_is_no_house_style() -> None:
    a = (
        "Zhang, a doctoral student of School of Biomedical Engineering, showed a sensor. "
        "Two students from School of Optoelectronic Science developed a new idea for it."
    )
    found = _kinds(a, a.replace("of School", "of school").replace("from School", "from school"))
    assert [text for kind, text, _ in found if kind is TraceKind.CASE] == ["school", "school"]
    # a name A writes in running text at two places, never in lowercase, lowercased by B at
    # both: damage, not B's house style
    a = "They sell cables of Mitsubishi and Omron. All parts meet Mitsubishi standards here."
    b = a.replace("Mitsubishi", "mitsubishi")
    assert [t for k, t, _ in _kinds(a, b) if k is TraceKind.CASE] == ["mitsubishi"] * 2
    # a word B capitalises at every place where A had it in lowercase is still B's style
    a = "Members said the summit would meet again, and the summit would end on Monday."
    b = a.replace("the summit", "the Summit")
    assert all(kind is not TraceKind.CASE for kind, _, _ in _kinds(a, b))


def test_german_nouns_may_be_capitalised() -> None:
    a = "Die Regierung hat am Montag neue Regeln für den Hafen beschlossen, sagte ein Sprecher."
    b = a.replace("Regeln", "Vorschriften")
    assert all(kind is not TraceKind.CASE for kind, _, _ in _kinds(a, b))


def test_summary_sentence_and_score() -> None:
    report = find_traces(compare_texts(ORIGINAL, DAMAGED))
    assert report.score >= 0.99
    assert report.summary.startswith("B shows traces of a machine round trip or a spinner: ")
    assert "5 case errors" in report.summary
    assert "2 broken sentence boundaries" in report.summary
    # dropped articles and swaps are listed beside the verdict, never counted in it
    assert "swap" not in report.summary and "article" not in report.summary
    assert report.count(TraceKind.SWAP) == 1 and report.count(TraceKind.ARTICLE) == 1
    assert "not counted" in TOOLTIP
    assert "evidence, not proof" in TOOLTIP


def test_score_is_calibrated_against_the_clean_rate() -> None:
    assert poisson_below(0, 1.0) == 0.0
    assert poisson_below(1, 0.5) == pytest.approx(0.6065, abs=1e-4)
    assert [poisson_below(k, 2.0) for k in range(1, 8)] == sorted(
        poisson_below(k, 2.0) for k in range(1, 8)
    )
    # the clean rate's own expectation is not evidence; three times it is
    traces = find_traces(compare_texts(ORIGINAL, DAMAGED)).traces
    sentences = round(len(traces) / CLEAN_RATE)
    assert trace_score(traces, sentences) < 0.6
    assert trace_score(traces, round(sentences / 3)) > 0.95
    # few traces in a long document: nothing said
    assert summarise(traces[:2], 10).summary == ""


def test_sample_pair_shows_every_kind() -> None:
    comparison = (
        load_file(SAMPLES / "traces-original.txt"),
        load_file(SAMPLES / "traces-copy.txt"),
    )
    from core import compare

    report = find_traces(compare(*comparison))
    counts = {kind: report.count(kind) for kind in TraceKind}
    assert counts[TraceKind.CASE] >= 6
    assert counts[TraceKind.BOUNDARY] == 2
    assert counts[TraceKind.ARTICLE] == 2
    assert counts[TraceKind.SWAP] >= 1
    assert report.has_evidence


_WORDS = st.sampled_from(
    [
        "the",
        "harbour",
        "council",
        "said",
        "on",
        "Friday",
        "that",
        "repairs",
        "would",
        "cost",
        "more",
        "than",
        "planned",
        "and",
        "Keston",
        "residents",
        "in",
        "March",
        "asked",
        "why",
    ]
)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(_WORDS, min_size=3, max_size=12), min_size=1, max_size=6))
def test_a_text_against_itself_has_no_traces(sentences: list[list[str]]) -> None:
    text = " ".join(" ".join(words).capitalize() + "." for words in sentences)
    assert find_traces(compare_texts(text, text)).traces == ()


# -- real text: floors from benchmarks/traces_quality.py on a fixed subsample ----------------


@pytest.fixture(scope="module")
def bench_module() -> ModuleType:
    """The benchmark module itself (its planting needs no data)."""
    return importlib.import_module("traces_quality")


@pytest.fixture(scope="module")
def bench(shared_data: Path) -> ModuleType:
    del shared_data
    path = str(ROOT / "benchmarks")
    if path not in sys.path:
        sys.path.insert(0, path)
    return importlib.import_module("traces_quality")


@pytest.mark.shared_data
def test_recall_and_false_alarms_on_real_text(bench: ModuleType) -> None:
    """The issue's floors on every fourth news document (the development part: the full
    figures, and the held-out part, come from benchmarks/traces_quality.py)."""
    documents = bench.load_documents(domain="news")[::4]
    results = bench.evaluate(documents, machine=False)
    copy = results.copy
    for kind in ("lowercase name", "capitalise word", "lowercase month", "fuse", "stray stop"):
        assert copy.planted[kind] >= 8, kind
        assert copy.recall(kind) >= 0.9, kind
    assert copy.recall("drop article") >= 0.8
    for kind in (TraceKind.CASE, TraceKind.BOUNDARY):
        assert copy.precision(kind) >= 0.95
    # false alarms on two human translations: at most 1 per 50 aligned sentences
    assert results.clean["ref_B"].sentences >= 100
    assert results.clean["ref_B"].per_50() <= 1.0


# -- exports: JSON (docs/json-schema.md), terminal summary, HTML ----------------------------


def test_json_lists_traces_and_score() -> None:
    from core.report.json import to_json

    comparison = compare_texts(ORIGINAL, DAMAGED)
    data = to_json(comparison)
    keys = list(data)
    assert keys.index("blocks") < keys.index("traces") < keys.index("trace_score")
    assert data["trace_score"] >= 0.99
    assert data["trace_summary"].startswith("B shows traces")
    first = data["traces"][0]
    assert list(first) == ["kind", "detail", "b_range", "a_range", "b_text", "a_text"]
    for trace in data["traces"]:
        start, end = trace["b_range"]
        assert comparison.b.text[start:end] == trace["b_text"]
        assert trace["kind"] in {kind.value for kind in TraceKind}
    clean = to_json(compare_texts(ORIGINAL, ORIGINAL))
    assert clean["traces"] == [] and clean["trace_score"] == 0.0 and clean["trace_summary"] == ""


def test_summary_and_html_show_traces_with_the_caveat() -> None:
    from core.report.html import to_html
    from core.report.text import summary_text

    comparison = compare_texts(ORIGINAL, DAMAGED)
    text = summary_text(comparison)
    assert "B shows traces of a machine round trip or a spinner" in text
    assert "evidence, not proof" in text
    assert "Case error: moscow" in text
    page = to_html(comparison)
    assert '<section class="traces">' in page and "evidence, not proof" in page
    clean = compare_texts(ORIGINAL, ORIGINAL)
    assert "traces" not in summary_text(clean)
    assert '<section class="traces">' not in to_html(clean)


def test_report_is_worked_out_once_per_comparison() -> None:
    comparison = compare_texts(ORIGINAL, DAMAGED)
    assert find_traces(comparison) is find_traces(comparison)


# -- facts beside traces: a common word the round trip capitalised is not a new name ---------


def test_a_name_the_traces_explain_as_a_capitalised_word_is_not_reported() -> None:
    from core import compare
    from core.report.json import to_json
    from core.report.text import summary_text
    from core.traces.reconcile import reported_facts

    comparison = compare(
        load_file(SAMPLES / "traces-original.txt"), load_file(SAMPLES / "traces-copy.txt")
    )
    # the facts check alone reads "Violations" (for "breaches") as a name added in B ...
    assert any(f.b_text == "Violations" for f in comparison.facts)
    # ... the traces show it as a common word capitalised, and the reports follow the traces
    assert any(
        t.kind is TraceKind.CASE and t.b_text == "Violations"
        for t in find_traces(comparison).traces
    )
    assert all(f.b_text != "Violations" for f in reported_facts(comparison))
    assert all(f["b_text"] != "Violations" for f in to_json(comparison)["facts"])
    assert "Name added" not in summary_text(comparison)


def test_names_the_traces_do_not_explain_are_still_reported() -> None:
    from core.model import FactChangeKind, FactKind
    from core.traces.reconcile import reported_facts

    # a real name added next to the same damage: no case trace covers it, so it stays
    added = DAMAGED.replace("He called Putin", "Anna Kowalski said he called Putin")
    comparison = compare_texts(ORIGINAL, added)
    names = [
        f.b_text
        for f in reported_facts(comparison)
        if f.kind is FactKind.NAME and f.change is FactChangeKind.ADDED
    ]
    assert any("Kowalski" in name for name in names)
    assert all("Violations" not in name for name in names)
    # a name changed (A has one there) is never explained away
    changed = ORIGINAL.replace("punishing Moscow", "punishing Berlin")
    comparison = compare_texts(ORIGINAL, changed)
    assert reported_facts(comparison) == comparison.facts
