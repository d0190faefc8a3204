"""Facts that changed (core/facts): normalisation of numbers and dates, names, quotations,
the comparison of an aligned pair, and the engine's Comparison.facts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import FactChangeKind, FactKind, compare_texts
from core.facts import Side, compare_sides
from core.facts.dates import DateValue, find_dates, same_date
from core.facts.names import find_names
from core.facts.numbers import find_numbers, parse_digits, same_number
from core.facts.quotes import find_quotes


def values(text: str, language: str = "en") -> list[tuple[str, Decimal, str | None]]:
    return [
        (text[n.start : n.end], n.number.value, n.number.unit) for n in find_numbers(text, language)
    ]


def one(text: str, language: str = "en"):  # type: ignore[no-untyped-def]
    found = list(find_numbers(text, language))
    assert len(found) == 1, found
    return found[0].number


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("5 million", "5,000,000"),
        ("5 million", "5m"),
        ("$5 million", "5,000,000 dollars"),
        ("1 000", "1,000"),
        ("1\u00a0000", "1000"),
        ("1\u202f000", "1,000"),
        ("1'000", "1,000"),
        ("3.5bn", "3,500,000,000"),
        ("12%", "12 per cent"),
        ("12 percent", "12 %"),
        ("five million", "5m"),
        ("two hundred and fifty", "250"),
        ("a thousand", "1,000"),
        ("5.3 million", "5,312,000"),  # a rounding
        ("£2.5bn", "£2,500m"),
    ],
)
def test_english_spellings_of_one_value_are_equal(a: str, b: str) -> None:
    assert same_number(one(a), one(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("$5 million", "$50 million"),
        ("5 million", "5 billion"),
        ("$200", "$204"),  # not a rounding: written in full
        ("300 thousand", "302 thousand"),
        ("5,312,000", "5,313,000"),
        ("$5 million", "€5 million"),
        ("12%", "12 km"),
    ],
)
def test_different_values_or_units_differ(a: str, b: str) -> None:
    assert not same_number(one(a), one(b))


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("1.000", "de", Decimal(1000)),
        ("1,5", "de", Decimal("1.5")),
        ("1.000,5", "de", Decimal("1000.5")),
        ("1 000,5", "fr", Decimal("1000.5")),
        ("1,000", "en", Decimal(1000)),
        ("1.5", "en", Decimal("1.5")),
        ("1,000.5", "en", Decimal("1000.5")),
        ("1,000,000", "de", Decimal(1000000)),
        ("0,250", "de", Decimal("0.25")),
        ("１２３", "zh", Decimal(123)),
    ],
)
def test_separators_follow_the_language(text: str, language: str, value: Decimal) -> None:
    parsed = parse_digits(text, language)
    assert parsed is not None and parsed[0] == value


@pytest.mark.parametrize(
    ("text", "language", "value", "unit"),
    [
        ("5 Millionen Euro", "de", Decimal(5_000_000), "EUR"),
        ("2,5 Mrd.", "de", Decimal(2_500_000_000), None),
        ("3 Billionen", "de", Decimal(3 * 10**12), None),  # long scale
        ("3 billion", "en", Decimal(3 * 10**9), None),
        ("5 млн рублей", "ru", Decimal(5_000_000), "RUB"),
        ("3 тыс.", "ru", Decimal(3000), None),
        ("500万元", "zh", Decimal(5_000_000), "CNY"),
        ("1.2亿", "zh", Decimal(120_000_000), None),
        ("30余万元", "zh", Decimal(300_000), "CNY"),
        ("百分之十二", "zh", Decimal(12), "%"),
        ("三千", "zh", Decimal(3000), None),
        ("5 milliards", "fr", Decimal(5_000_000_000), None),
        ("5 mil millones", "es", Decimal(5_000_000_000), None),
    ],
)
def test_scale_words_of_other_languages(
    text: str, language: str, value: Decimal, unit: str | None
) -> None:
    number = one(text, language)
    assert number.value == value
    assert number.unit == unit


def test_digits_inside_words_and_times_are_not_figures() -> None:
    assert [v for _, v, _ in values("G20 met at 8:00 about COVID-19")] == [Decimal(8)]
    assert values("v1.2") == []


@given(st.integers(min_value=1000, max_value=10**12))
def test_grouped_and_plain_digits_agree(value: int) -> None:
    grouped = f"{value:,}"
    spaced = grouped.replace(",", " ")
    german = grouped.replace(",", ".")
    assert parse_digits(grouped, "en") == parse_digits(str(value), "en")
    assert parse_digits(spaced, "fr") == parse_digits(str(value), "fr")
    assert parse_digits(german, "de") == parse_digits(str(value), "de")


@pytest.mark.parametrize(
    ("text", "language", "date"),
    [
        ("on Tuesday, March 5, 2022", "en", DateValue(2022, 3, 5, 1)),
        ("on 5 March 2022", "en", DateValue(2022, 3, 5)),
        ("the 2nd of February", "en", DateValue(None, 2, 2)),
        ("am 5. März 2022", "de", DateValue(2022, 3, 5)),
        ("le 5 mars 2022", "fr", DateValue(2022, 3, 5)),
        ("5 марта 2022 года", "ru", DateValue(2022, 3, 5)),
        ("2022年3月5日", "zh", DateValue(2022, 3, 5)),
        ("2022-03-05", "en", DateValue(2022, 3, 5)),
        ("星期二", "zh", DateValue(weekday=1)),
        ("火曜日", "ja", DateValue(weekday=1)),
        ("in May 2021", "en", DateValue(2021, 5)),
        ("from July to May each year", "en", DateValue(month=7)),
    ],
)
def test_dates(text: str, language: str, date: DateValue) -> None:
    found = list(find_dates(text, language))
    assert found and found[0].date == date


def test_words_that_look_like_months_are_not_dates() -> None:
    assert list(find_dates("May I ask? Jan Smith went to Mars.", "en")) == []


def test_dates_match_when_no_written_part_differs() -> None:
    assert same_date(DateValue(2022, 3, 5, 1), DateValue(None, 3, 5))
    assert not same_date(DateValue(None, 3, 5), DateValue(None, 4, 5))
    assert not same_date(DateValue(weekday=1), DateValue(month=3))


def test_names_skip_sentence_starts_and_normalise() -> None:
    text = "The talks were held in Beijing. Officials of the U.S. met President Xi Jinping."
    names = {n.keys for n in find_names(text, "en", 0, [0, text.index("Officials")])}
    assert ("beijing",) in names
    assert ("us",) in names
    assert ("president", "xi", "jinping") in names
    assert not any("officials" in keys or "the" in keys for keys in names)


def test_latin_names_inside_other_scripts() -> None:
    names = [n.keys for n in find_names("他在NBA打球，也用iPhone。", "zh")]
    assert names == [("nba",), ("iphone",)]


def test_quotations_of_any_style() -> None:
    text = "“One,” he said, «deux», „drei“, 「四」 and 'five six' but don't."
    quoted = [text[q.start : q.end] for q in find_quotes(text)]
    assert quoted == ["One,", "deux", "drei", "四", "five six"]


def side(text: str, language: str = "en") -> Side:
    return Side(text, 0, len(text), language, (0,))


def kinds(a: str, b: str, a_lang: str = "en", b_lang: str = "en") -> list[tuple[str, str]]:
    return [(c.kind.value, c.change.value) for c in compare_sides(side(a, a_lang), side(b, b_lang))]


def test_legitimate_rewordings_are_not_flagged() -> None:
    assert (
        kinds(
            "The U.S. spent $5 million on March 5, 2022, said John Smith.",
            "John Smith said the US spent 5,000,000 dollars on 5 March 2022.",
        )
        == []
    )
    assert kinds("It rose 3 points in 2021.", "It rose three points in May 2021.") == [
        ("date", "added")  # the year is the same; the month is new
    ]


def test_each_kind_of_change_is_flagged() -> None:
    a = "The deal, worth $5 million, was signed on Tuesday by John Smith in Paris."
    b = "The deal, worth $50 million, was signed on Thursday by John Smyth in Rome."
    assert kinds(a, b) == [
        ("number", "changed"),
        ("date", "changed"),
        ("name", "changed"),
        ("name", "changed"),
    ]
    assert kinds("It cost 5 euros.", "It cost 5 euros in 2020.") == [("number", "added")]
    assert kinds("It cost 5 euros in 2020.", "It cost 5 euros.") == [("number", "missing")]


def test_a_quotation_is_flagged_with_its_word_diff() -> None:
    a = "He said “we will win this” loudly."
    b = "He said “we shall win this” loudly."
    changes = compare_sides(side(a), side(b))
    assert [(c.kind, c.change) for c in changes] == [(FactKind.QUOTE, FactChangeKind.CHANGED)]
    ops = changes[0].diff
    replaced = [
        (a[o.a_start : o.a_end], b[o.b_start : o.b_end]) for o in ops if o.kind.value != "equal"
    ]
    assert replaced == [("will", "shall")]
    assert kinds("He said “we will win”.", "He said “We will win!”") == []


def test_across_languages_only_numbers_and_dates() -> None:
    zh = "2022年3月5日，公司投资500万元，张伟说“很好”。"
    assert (
        kinds(zh, "On March 5, 2022 the company invested 5 million yuan, Zhang said.", "zh") == []
    )
    assert kinds(zh, "On March 6, 2022 the company invested 50 million yuan.", "zh") == [
        ("date", "changed"),
        ("number", "changed"),
    ] or sorted(kinds(zh, "On March 6, 2022 the company invested 50 million yuan.", "zh")) == [
        ("date", "changed"),
        ("number", "changed"),
    ]


def test_comparison_carries_the_facts_of_its_blocks() -> None:
    comparison = compare_texts(
        "Officials said 120 people were hurt on Monday. The weather was fine.",
        "Officials said 12 people were hurt on Monday. The weather was fine.",
    )
    assert len(comparison.facts) == 1
    fact = comparison.facts[0]
    assert (fact.kind, fact.change, fact.a_text, fact.b_text) == (
        FactKind.NUMBER,
        FactChangeKind.CHANGED,
        "120",
        "12",
    )
    assert (
        fact.a_range is not None
        and comparison.a.text[fact.a_range.start : fact.a_range.end] == "120"
    )
    block = comparison.blocks[fact.block]
    assert block.a_range.start <= fact.a_range.start < block.a_range.end


def test_facts_can_be_switched_off() -> None:
    from core import CompareConfig, compare, load_text

    config = CompareConfig(check_facts=False)
    comparison = compare(load_text("It was 120.", "A"), load_text("It was 12.", "B"), config)
    assert comparison.facts == ()


# -- outputs ------------------------------------------------------------------------------------

_A = "The deal, worth $5 million, was signed on Tuesday. He said “we will win this” loudly."
_B = "The deal, worth $50 million, was signed on Tuesday. He said “we shall win this” loudly."


def test_json_lists_facts_at_the_top_level() -> None:
    from core.report.json import to_json

    document = to_json(compare_texts(_A, _B))
    keys = list(document)
    assert keys.index("facts") < keys.index("blocks")
    number, quote = document["facts"]
    assert number == {
        "kind": "number",
        "change": "changed",
        "a_text": "$5 million",
        "b_text": "$50 million",
        "a_range": [16, 26],
        "b_range": [16, 27],
        "block": 0,
        "diff": [],
    }
    assert quote["kind"] == "quote" and quote["b_text"] == "we shall win this"
    assert {"kind": "replace", "a": [63, 67], "b": [64, 69]} in quote["diff"]  # will, shall


def test_summary_lists_facts_first() -> None:
    from core.report.text import summary_text

    text = summary_text(compare_texts(_A, _B))
    assert text.index("Facts that changed: 1 number · 1 quotation") < text.index("Similarity")
    assert "  - Number: $5 million → $50 million (A sentence 1, B sentence 1)" in text
    unchanged = summary_text(compare_texts("It rained.", "It rained a lot."))
    assert "Facts that changed: No number, date, name or quotation changed" in unchanged


def test_html_report_has_a_facts_section_before_the_texts() -> None:
    from core.report.html import to_html

    page = to_html(compare_texts(_A, _B))
    assert page.index("<h2>Facts that changed</h2>") < page.index("<h2>Side by side</h2>")
    assert '<a href="#block-0">Number changed</a>' in page
    assert '<ins class="op-rep">shall</ins>' in page  # the quotation's word diff


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("百分之七八十", [(Decimal(70), "%"), (Decimal(80), "%")]),  # seventy or eighty per cent
        (
            "三四五六年级",
            [(Decimal(3), None), (Decimal(4), None), (Decimal(5), None), (Decimal(6), None)],
        ),
        ("二〇二二年", [(Decimal(2022), None)]),
        ("十四五", [(Decimal(14), None), (Decimal(5), None)]),
        ("四成以上", [(Decimal(40), "%")]),
        ("万名教师", [(Decimal(10_000), None)]),
        ("2万4801张", [(Decimal(24_801), None)]),
        ("20世纪80年代", [(Decimal(1980), None)]),
        ("95后", [(Decimal(1995), None)]),
        ("真4K超清", [(Decimal(4000), None)]),
        ("十分好", []),  # "very", not ten
    ],
)
def test_chinese_numerals(text: str, found: list[tuple[Decimal, str | None]]) -> None:
    assert [(n.number.value, n.number.unit) for n in find_numbers(text, "zh")] == found


def test_glued_and_roman_figures() -> None:
    assert [v for _, v, _ in values("windows11 and office2019")] == [Decimal(11), Decimal(2019)]
    assert [v for _, v, _ in values("Part III and Rescue-2021 but COVID-19")] == [
        Decimal(2021),
        Decimal(3),
    ]


def test_chinese_days_and_dotted_dates() -> None:
    assert [d.date for d in find_dates("本月6日运抵，2021.6.11售出", "zh")] == [
        DateValue(day=6),
        DateValue(2021, 6, 11),
    ]
    zh = "（亚庇11日讯）沙巴说，于21日、22日两日举行。"
    assert (
        kinds(zh, "(Kota Kinabalu, December 11) On the 21st and the 22nd, it was held.", "zh") == []
    )


def test_pairs_across_languages_are_checked_for_numbers_and_dates() -> None:
    """The cross-language aligner's pairs have no word ops; every pair is checked."""
    from core import Block, BlockKind, load_text
    from core.facts import find_fact_changes
    from core.model import TextRange

    zh = load_text("2022年3月5日，公司在上海投资500万元，员工们都非常高兴，工厂明年开始生产。", "A")
    en = load_text(
        "On March 6, 2022 the company invested 50 million yuan in Shanghai; the staff were "
        "very happy and the plant will start production next year.",
        "B",
    )
    assert zh.language.code.startswith("zh") and en.language.code == "en"
    for kind in (BlockKind.CHANGED, BlockKind.EQUAL):
        block = Block(
            0, kind, (0,), (0,), TextRange(0, len(zh.text)), TextRange(0, len(en.text)), (), 0.9
        )
        facts = find_fact_changes(zh, en, [block])
        assert sorted((f.kind.value, f.change.value) for f in facts) == [
            ("date", "changed"),
            ("number", "changed"),
        ]


def test_a_place_named_in_capitals_dateline_is_not_a_name_added() -> None:
    """A story filed from "PORT ELLERY —" names the place; B saying "in Port Ellery" in a later
    sentence adds nothing.  A place neither dateline nor headline names is still reported."""
    from core.facts.names import dateline_keys

    assert dateline_keys("Pier to reopen\n\nPORT ELLERY — The pier will reopen.") == {
        "port",
        "ellery",
    }
    assert dateline_keys("LONDON (Reuters) - Shares fell.") == {"london"}
    assert dateline_keys("Talks in Geneva - a summary\n\nIt rained - again.") == frozenset()

    a = (
        "Pier to reopen after repairs\n\nPORT ELLERY — The pier will reopen on Saturday, the "
        "council said.\n\nLocal businesses said the closure had hit them hard."
    )
    b = (
        "Pier to reopen after repairs\n\nIn Port Ellery, the pier will reopen on Saturday, the "
        "council said.\n\nLocal businesses in Port Ellery said the closure had hit them hard."
    )
    names = [f for f in compare_texts(a, b).facts if f.kind is FactKind.NAME]
    assert names == []
    # the same sentence adding a place the story does not name is still a name added
    moved = b.replace("in Port Ellery", "in Saltby")
    added = [f.b_text for f in compare_texts(a, moved).facts if f.kind is FactKind.NAME]
    assert added == ["Saltby"]
    # and without the dateline, Port Ellery is a name added too
    plain = a.replace("PORT ELLERY — The", "The")
    added = [f.b_text for f in compare_texts(plain, b).facts if f.kind is FactKind.NAME]
    assert "Port Ellery" in added


def test_sample_pair_lifted_has_no_dateline_name_false_alarm() -> None:
    from pathlib import Path

    from core import load_file

    samples = Path(__file__).resolve().parents[1] / "resources" / "samples"
    comparison = compare_texts(
        load_file(samples / "original.txt").text, load_file(samples / "lifted.txt").text
    )
    assert not [f for f in comparison.facts if f.kind is FactKind.NAME]
