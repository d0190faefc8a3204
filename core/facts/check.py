"""Compare the facts of the two sides of an aligned pair and report the differences.

Works on any aligned pair of text ranges: the blocks of a comparison (same language), or a
sentence pair across languages, where only numbers and dates are checked (names are spelt and
quotations worded anew by a translator).

Rules that keep false alarms low (two human translations of one story legitimately differ):

* a fact is matched when an equal value occurs anywhere on the other side of the pair, so a
  number repeated or moved inside the pair is not a change; numbers also match the year or day
  of a date on the other side ("2022" and "March 2022");
* a spelled-out small number ("three", "两") counts for matching but is never reported on its
  own, only when it faces another unmatched small number in the same language;
* a name is reported when none of its words occur on the other side (titles and first names
  may be dropped: "President Xi Jinping" = "Xi"), or when a word of it has a near-miss spelling
  there ("Smith"/"Smyth");
* quotations are paired by shared words; a pair whose words differ at all is reported, with
  the word diff.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import zip_longest

from core.facts.dates import _HINT_RE as _DATE_HINT_RE
from core.facts.dates import HINT_WORDS as DATE_HINT_WORDS
from core.facts.dates import FoundDate, find_dates, same_date, words_of
from core.facts.names import CAPITALISED_RE as _CAPITALISED_RE
from core.facts.names import (
    COMMON_WORDS,
    FoundName,
    dateline_keys,
    find_names,
    name_lost,
    near_miss,
    token_present,
    word_keys,
)
from core.facts.numbers import (
    _DIGIT_RE,
    NUMBER_HINT_WORDS,
    FoundNumber,
    NumberValue,
    find_numbers,
    same_number,
)
from core.facts.quotes import _HINT_RE as _QUOTE_HINT_RE
from core.facts.quotes import FoundQuote, find_quotes
from core.model import (
    Block,
    BlockKind,
    Document,
    FactChange,
    FactChangeKind,
    FactKind,
    OpKind,
    TextRange,
    WordOp,
)

ALL_KINDS = frozenset(FactKind)
CROSS_LANGUAGE_KINDS = frozenset({FactKind.NUMBER, FactKind.DATE})
_CHECKED_BLOCKS = (BlockKind.CHANGED, BlockKind.MOVED)
QUOTE_PAIRING = 0.3  # Dice overlap of words above which two quotations are the same quotation


@dataclass(frozen=True, slots=True)
class Side:
    """One side of an aligned pair: a document's text and the range to check."""

    text: str
    start: int
    end: int
    language: str = "en"
    sentence_starts: tuple[int, ...] = ()  # absolute offsets of sentences in the range
    # Name keys of the document's capitals datelines/headlines ("PORT ELLERY —"): places the
    # whole story names, so the other side naming them in this range adds or loses nothing.
    place_keys: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SideFacts:
    numbers: list[FoundNumber]
    dates: list[FoundDate]
    names: list[FoundName]
    quotes: list[FoundQuote]


def extract(side: Side, kinds: frozenset[FactKind] = ALL_KINDS) -> SideFacts:
    piece = side.text[side.start : side.end]
    language = _base_language(side.language)
    words = words_of(piece)
    dates = list(find_dates(piece, language, side.start, words)) if FactKind.DATE in kinds else []
    numbers: list[FoundNumber] = []
    if FactKind.NUMBER in kinds:
        date_spans = [(d.start, d.end) for d in dates]
        numbers = [
            n
            for n in find_numbers(piece, language, side.start, words)
            if not any(s < n.end and n.start < e for s, e in date_spans)
        ]
    names: list[FoundName] = []
    if FactKind.NAME in kinds:
        starts = [s - side.start for s in side.sentence_starts] or [0]
        # A month or weekday is a date, not a name ("Monday", "June 4th")
        names = [
            n
            for n in find_names(piece, language, side.start, starts)
            if not all(k in DATE_HINT_WORDS for k in n.keys)
        ]
    quotes = list(find_quotes(piece, side.start)) if FactKind.QUOTE in kinds else []
    return SideFacts(numbers, dates, names, quotes)


def _base_language(code: str) -> str:
    if code in ("zh-cn", "zh-tw"):
        return "zh"
    return code if code and code != "unknown" else "en"


def _same_language(a: Side, b: Side) -> bool:
    return _base_language(a.language) == _base_language(b.language)


def compare_sides(
    a: Side, b: Side, block: int = 0, kinds: frozenset[FactKind] | None = None
) -> list[FactChange]:
    """The fact changes between two aligned ranges, in A order (B-only facts last)."""
    same_language = _same_language(a, b)
    if kinds is None:
        kinds = ALL_KINDS if same_language else CROSS_LANGUAGE_KINDS
    facts_a = extract(a, kinds)
    facts_b = extract(b, kinds)
    changes: list[FactChange] = []
    if FactKind.NUMBER in kinds:
        changes += _numbers(a, b, facts_a, facts_b, block, same_language)
    if FactKind.DATE in kinds:
        changes += _dates(a, b, facts_a, facts_b, block)
    if FactKind.NAME in kinds:
        changes += _names(a, b, facts_a, facts_b, block)
    if FactKind.QUOTE in kinds:
        changes += _quotes(a, b, facts_a, facts_b, block)
    changes.sort(key=_order)
    return changes


def _order(change: FactChange) -> tuple[int, int, int]:
    if change.a_range is not None:
        return (0, change.a_range.start, 0)
    assert change.b_range is not None
    return (1, change.b_range.start, 0)


def _change(
    kind: FactKind,
    a: Side,
    b: Side,
    a_span: tuple[int, int] | None,
    b_span: tuple[int, int] | None,
    block: int,
    diff: tuple[WordOp, ...] = (),
) -> FactChange:
    if a_span is not None and b_span is not None:
        change = FactChangeKind.CHANGED
    elif a_span is not None:
        change = FactChangeKind.MISSING
    else:
        change = FactChangeKind.ADDED
    return FactChange(
        kind,
        change,
        a.text[a_span[0] : a_span[1]] if a_span else "",
        b.text[b_span[0] : b_span[1]] if b_span else "",
        TextRange(*a_span) if a_span else None,
        TextRange(*b_span) if b_span else None,
        block,
        diff,
    )


def _pair_up(
    kind: FactKind,
    a: Side,
    b: Side,
    a_spans: Sequence[tuple[int, int]],
    b_spans: Sequence[tuple[int, int]],
    block: int,
) -> list[FactChange]:
    """Unmatched facts of the two sides, paired in reading order as changes."""
    return [
        _change(kind, a, b, x, y, block) for x, y in zip_longest(a_spans, b_spans, fillvalue=None)
    ]


# --------------------------------------------------------------------------------------------


def _date_parts_as_numbers(dates: Sequence[FoundDate]) -> list[NumberValue]:
    from decimal import Decimal

    values = []
    for found in dates:
        for part in (found.date.year, found.date.day):
            if part is not None:
                values.append(NumberValue(Decimal(part), None, len(str(part)), False))
    return values


def _numbers(
    a: Side, b: Side, facts_a: SideFacts, facts_b: SideFacts, block: int, same_language: bool
) -> list[FactChange]:
    extra_b = _date_parts_as_numbers(facts_b.dates)
    extra_a = _date_parts_as_numbers(facts_a.dates)
    values_b = [n.number for n in facts_b.numbers] + extra_b
    values_a = [n.number for n in facts_a.numbers] + extra_a
    lost_a = [n for n in facts_a.numbers if not any(same_number(n.number, v) for v in values_b)]
    lost_b = [n for n in facts_b.numbers if not any(same_number(n.number, v) for v in values_a)]
    # across languages only figures written in digits are reported: a translator spells
    # "上千" as "a thousand" and "万人" as "10,000 people"
    strong_a = [(n.start, n.end) for n in lost_a if _reportable(n.number, same_language)]
    strong_b = [(n.start, n.end) for n in lost_b if _reportable(n.number, same_language)]
    if not strong_a and not strong_b and same_language and len(lost_a) == len(lost_b) == 1:
        # "three" -> "four": two small spelled-out numbers facing each other
        strong_a = [(lost_a[0].start, lost_a[0].end)]
        strong_b = [(lost_b[0].start, lost_b[0].end)]
    return _pair_up(FactKind.NUMBER, a, b, strong_a, strong_b, block)


def _reportable(number: NumberValue, same_language: bool) -> bool:
    return not number.weak and (same_language or not number.spelled)


def _day_as_number(date: FoundDate, numbers: Sequence[FoundNumber]) -> bool:
    """A bare day ("于11日", "the 21st") matches the number it was written as."""
    value = date.date
    if value.day is None or value.month is not None or value.weekday is not None:
        return False
    return any(n.number.value == value.day and n.number.unit is None for n in numbers)


def _dates(
    a: Side, b: Side, facts_a: SideFacts, facts_b: SideFacts, block: int
) -> list[FactChange]:
    lost_a = [
        (d.start, d.end)
        for d in facts_a.dates
        if not any(same_date(d.date, o.date) for o in facts_b.dates)
        and not _day_as_number(d, facts_b.numbers)
    ]
    lost_b = [
        (d.start, d.end)
        for d in facts_b.dates
        if not any(same_date(d.date, o.date) for o in facts_a.dates)
        and not _day_as_number(d, facts_a.numbers)
    ]
    return _pair_up(FactKind.DATE, a, b, lost_a, lost_b, block)


def _names(
    a: Side, b: Side, facts_a: SideFacts, facts_b: SideFacts, block: int
) -> list[FactChange]:
    if not facts_a.names and not facts_b.names:
        return []
    keys_a = word_keys(a.text[a.start : a.end])
    keys_b = word_keys(b.text[b.start : b.end])
    lost_a = _lost_names(facts_a.names, keys_b)
    lost_b = _lost_names(facts_b.names, keys_a)
    changes: list[FactChange] = []
    used_b: set[int] = set()
    leftover_a: list[FoundName] = []
    # A near-miss spelling pairs two names first ("Smith" / "Smyth").
    for name in lost_a:
        partner = _misspelt_partner(name, facts_b.names, used_b)
        if partner is None:
            if name_lost(name.keys, keys_b):
                leftover_a.append(name)
            continue
        used_b.add(partner)
        other = facts_b.names[partner]
        changes.append(
            _change(FactKind.NAME, a, b, (name.start, name.end), (other.start, other.end), block)
        )
    leftover_a = [n for n in leftover_a if not _named_in_dateline(n, b.place_keys)]
    leftover_b = [
        n
        for n in lost_b
        if facts_b.names.index(n) not in used_b
        and name_lost(n.keys, keys_a)
        and not _named_in_dateline(n, a.place_keys)
    ]
    changes += _pair_up(
        FactKind.NAME,
        a,
        b,
        [(n.start, n.end) for n in leftover_a],
        [(n.start, n.end) for n in leftover_b],
        block,
    )
    return changes


def _named_in_dateline(name: FoundName, place_keys: frozenset[str]) -> bool:
    """Every word of the name is in the other document's capitals dateline or headline."""
    return bool(place_keys) and all(key in place_keys for key in name.keys)


def _lost_names(names: Sequence[FoundName], others: set[str]) -> list[FoundName]:
    return [n for n in names if not all(token_present(k, others) for k in n.keys)]


def _misspelt_partner(name: FoundName, others: Sequence[FoundName], used: set[int]) -> int | None:
    for key in name.keys:
        for index, other in enumerate(others):
            if index in used or key in other.keys:
                continue
            if near_miss(key, set(other.keys)) is not None:
                return index
    return None


def _quotes(
    a: Side, b: Side, facts_a: SideFacts, facts_b: SideFacts, block: int
) -> list[FactChange]:
    changes: list[FactChange] = []
    used_b: set[int] = set()
    lost_a: list[FoundQuote] = []
    for quote in facts_a.quotes:
        best, best_score = -1, 0.0
        keys = [w[2] for w in quote.words]
        for index, other in enumerate(facts_b.quotes):
            if index in used_b:
                continue
            score = _dice(keys, [w[2] for w in other.words])
            if score > best_score:
                best, best_score = index, score
        if best < 0 or best_score < QUOTE_PAIRING:
            lost_a.append(quote)
            continue
        used_b.add(best)
        other = facts_b.quotes[best]
        if keys != [w[2] for w in other.words]:
            changes.append(_quote_change(a, b, quote, other, block))
    lost_b = [q for i, q in enumerate(facts_b.quotes) if i not in used_b]
    for x, y in zip_longest(lost_a, lost_b, fillvalue=None):
        if x is not None and y is not None:
            changes.append(_quote_change(a, b, x, y, block))
        else:
            changes.append(
                _change(
                    FactKind.QUOTE,
                    a,
                    b,
                    (x.start, x.end) if x else None,
                    (y.start, y.end) if y else None,
                    block,
                )
            )
    return changes


def _dice(x: Sequence[str], y: Sequence[str]) -> float:
    if not x or not y:
        return 0.0
    remaining = list(y)
    shared = 0
    for word in x:
        if word in remaining:
            remaining.remove(word)
            shared += 1
    return 2 * shared / (len(x) + len(y))


def _quote_change(a: Side, b: Side, x: FoundQuote, y: FoundQuote, block: int) -> FactChange:
    return _change(
        FactKind.QUOTE, a, b, (x.start, x.end), (y.start, y.end), block, quote_diff(x, y)
    )


def quote_diff(x: FoundQuote, y: FoundQuote) -> tuple[WordOp, ...]:
    """Word ops between two quotations (ranges of words; EQUAL ops included)."""
    keys_x = [w[2] for w in x.words]
    keys_y = [w[2] for w in y.words]
    ops: list[WordOp] = []
    matcher = SequenceMatcher(None, keys_x, keys_y, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        a_start = x.words[i1][0] if i1 < i2 else (x.words[i1][0] if i1 < len(x.words) else x.end)
        a_end = x.words[i2 - 1][1] if i1 < i2 else a_start
        b_start = y.words[j1][0] if j1 < j2 else (y.words[j1][0] if j1 < len(y.words) else y.end)
        b_end = y.words[j2 - 1][1] if j1 < j2 else b_start
        kind = {
            "equal": OpKind.EQUAL,
            "delete": OpKind.DELETE,
            "insert": OpKind.INSERT,
            "replace": OpKind.REPLACE,
        }[tag]
        ops.append(WordOp(kind, a_start, a_end, b_start, b_end))
    return tuple(ops)


# --------------------------------------------------------------------------------------------


def block_sides(
    a: Document,
    b: Document,
    block: Block,
    places: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
) -> tuple[Side, Side]:
    """The two sides of a block; ``places`` are the documents' dateline keys."""
    return (
        Side(
            a.text,
            block.a_range.start,
            block.a_range.end,
            a.language.code,
            tuple(a.sentences[i].start for i in block.a_sentences),
            places[0],
        ),
        Side(
            b.text,
            block.b_range.start,
            block.b_range.end,
            b.language.code,
            tuple(b.sentences[i].start for i in block.b_sentences),
            places[1],
        ),
    )


# Letters of scripts without case: any edit in them may touch a Latin name in between.
_NON_LATIN_RE = re.compile("[\u0590-\u08ff\u0e00-\u0eff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_CURRENCY_OR_PERCENT = re.compile("[$€£¥₹₽₩%％‰]")


def _changed_text(a: Document, b: Document, block: Block) -> str:
    parts = []
    for op in block.ops:
        if op.kind is not OpKind.EQUAL:
            parts.append(a.text[op.a_start : op.a_end])
            parts.append(b.text[op.b_start : op.b_end])
    return " ".join(parts)


def kinds_to_check(changed: str, a_piece: str, b_piece: str) -> frozenset[FactKind]:
    """The kinds of fact an edit could have touched.

    A fact lying wholly in text the word diff found equal is on both sides, so only the edited
    words matter: a digit, a currency or percent sign, a number, scale, unit, month or weekday
    word, or a capital letter in them; quotations whenever a quotation mark is in the block.
    """
    words = words_of(changed)
    kinds = set()
    if (
        _DIGIT_RE.search(changed)
        or _CURRENCY_OR_PERCENT.search(changed)
        or not words.isdisjoint(NUMBER_HINT_WORDS)
    ):
        kinds.add(FactKind.NUMBER)
    if (
        not words.isdisjoint(DATE_HINT_WORDS)
        or _DATE_HINT_RE.search(changed)
        or (_DIGIT_RE.search(changed))
    ):
        kinds.add(FactKind.DATE)
    if _NON_LATIN_RE.search(changed) or any(
        w.casefold() not in COMMON_WORDS for w in _CAPITALISED_RE.findall(changed)
    ):
        kinds.add(FactKind.NAME)
    if _QUOTE_HINT_RE.search(a_piece) or _QUOTE_HINT_RE.search(b_piece):
        kinds.add(FactKind.QUOTE)
    return frozenset(kinds)


def find_fact_changes(
    a: Document,
    b: Document,
    blocks: Sequence[Block],
    check_cancelled: Callable[[], None] = lambda: None,
) -> tuple[FactChange, ...]:
    """Fact changes inside every aligned, reworded block of a comparison, in block order."""
    changes: list[FactChange] = []
    places: tuple[frozenset[str], frozenset[str]] | None = None
    for number, block in enumerate(blocks):
        if not block.a_sentences or not block.b_sentences:
            continue
        across = not _same_language(
            Side("", 0, 0, a.language.code), Side("", 0, 0, b.language.code)
        )
        # Within one language an equal block has the same facts; across languages (the
        # cross-language aligner's pairs carry no word ops) every pair is checked.
        if block.kind not in _CHECKED_BLOCKS and not across:
            continue
        if number % 200 == 0:
            check_cancelled()
        if places is None:
            places = (dateline_keys(a.text), dateline_keys(b.text))
        side_a, side_b = block_sides(a, b, block, places)
        kinds: frozenset[FactKind] | None = None
        if not across:
            kinds = kinds_to_check(
                _changed_text(a, b, block),
                a.text[side_a.start : side_a.end],
                b.text[side_b.start : side_b.end],
            )
            if not kinds:
                continue
        changes += compare_sides(side_a, side_b, block.index, kinds)
    return tuple(changes)
