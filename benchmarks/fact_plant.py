"""Fact-change benchmark on WMT22 zh-en: planted changes (recall) and unplanted pairs (alarms).

Pairs are WMT22's gold segment pairs (segment i of one column against segment i of another),
all 256 documents.  Nothing is copied into the repository; text is read from ../shared/data.

* **Recall.**  In the second human translation (ref_B) of a pair, a fact that the checker
  finds *unchanged* against ref_A is altered: a number by a factor or one digit or its scale
  word swapped, a month or weekday replaced by another, a name replaced by a name from
  another document.  Quotations are rarely worded alike by two translators, so a word inside
  a quotation is replaced in a copy of ref_A instead.  A plant is found when a change of its
  kind covers the planted text on the B side.
* **False alarms.**  The unplanted ref_A/ref_B pairs: every reported number or date change is
  a false alarm unless the two human translations really disagree (counted per 100 pairs and
  listed for inspection); names and quotations are counted and shown.
* **Cross-language.**  Chinese source against each human translation, numbers and dates only.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from wmt22 import WmtDocument

from core import compare_texts
from core.facts import Side, compare_sides, extract
from core.facts.check import ALL_KINDS
from core.facts.dates import _ENGLISH_MONTHS, _ENGLISH_WEEKDAYS
from core.facts.numbers import FoundNumber, find_numbers, same_number
from core.model import FactChange, FactKind
from core.traces import find_traces
from core.traces.reconcile import facts_beside_traces

_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_SCALE_SWAPS = {
    "million": "billion",
    "billion": "million",
    "thousand": "million",
    "trillion": "billion",
    "m": "bn",
    "bn": "m",
    "k": "m",
}
_SCALE_RE = re.compile(r"(million|billion|thousand|trillion|bn|m|k)\b", re.IGNORECASE)


@dataclass
class FactBenchmark:
    planted: Counter[FactKind] = field(default_factory=Counter)
    found: Counter[FactKind] = field(default_factory=Counter)
    # names found among the facts as the reports list them, beside the traces of the pair
    # (core/traces/reconcile.py: a name the traces explain as a capitalised word is left out)
    found_beside_traces: int = 0
    beside_traces: bool = False
    misses: dict[FactKind, list[str]] = field(default_factory=dict)
    pairs: int = 0
    alarms: Counter[FactKind] = field(default_factory=Counter)
    alarm_examples: dict[FactKind, list[str]] = field(default_factory=dict)
    cross_pairs: int = 0
    cross_alarms: Counter[FactKind] = field(default_factory=Counter)
    cross_examples: list[str] = field(default_factory=list)
    cross_facts: int = 0  # numbers and dates found on the Chinese side

    def recall(self, kind: FactKind) -> float:
        return self.found[kind] / self.planted[kind] if self.planted[kind] else float("nan")

    def per_hundred(self, kind: FactKind) -> float:
        return 100 * self.alarms[kind] / self.pairs if self.pairs else 0.0


def _side(text: str, language: str = "en") -> Side:
    return Side(text, 0, len(text), language, (0,))


def _describe(change: FactChange) -> str:
    return f"{change.change.value}: {change.a_text!r} -> {change.b_text!r}"


def _covers(change: FactChange, kind: FactKind, start: int, end: int) -> bool:
    r = change.b_range
    return change.kind is kind and r is not None and r.start < end and start < r.end


def _plant_number(text: str, start: int, end: int, rng: random.Random) -> str | None:
    piece = text[start:end]
    scale = _SCALE_RE.search(piece)
    how = rng.randrange(3)
    if how == 0 and scale:
        word = scale.group(1)
        swap = _SCALE_SWAPS[word.casefold()]
        new = piece[: scale.start(1)] + swap + piece[scale.end(1) :]
    else:
        digits = [i for i, c in enumerate(piece) if c.isdigit()]
        if not digits:
            return None
        if how == 1:
            i = rng.choice(digits)
            new_digit = rng.choice([d for d in "0123456789" if d != piece[i]])
            if i == digits[0] and new_digit == "0":
                new_digit = "9" if piece[i] != "9" else "8"
            new = piece[:i] + new_digit + piece[i + 1 :]
        else:  # by a factor of ten: one more digit before the decimal mark
            last = digits[0]
            while last + 1 < len(piece) and piece[last + 1].isdigit():
                last += 1
            new = piece[: last + 1] + "0" + piece[last + 1 :]
    return text[:start] + new + text[end:]


def _same_value(planted: str, number: FoundNumber) -> bool:
    """A plant that writes the same value ("0" -> "00") is no change."""
    found = [n for n in find_numbers(planted) if n.start == number.start]
    return bool(found) and same_number(found[0].number, number.number)


def _plant_date(text: str, start: int, end: int, rng: random.Random) -> str | None:
    piece = text[start:end]
    for names in (_MONTH_NAMES, _WEEKDAY_NAMES):
        for name in names:
            match = re.search(rf"\b{name}\b", piece)
            if match:
                other = rng.choice([n for n in names if n != name])
                new = piece[: match.start()] + other + piece[match.end() :]
                return text[:start] + new + text[end:]
    return None


def _corpus_names(documents: Sequence[WmtDocument]) -> list[str]:
    """Single- and multi-word names found in ref_A (for replacements), in corpus order."""
    seen: dict[str, None] = {}
    for document in documents:
        for segment in document.columns["ref_A"]:
            facts = extract(_side(segment), frozenset({FactKind.NAME}))
            for name in facts.names:
                text = segment[name.start : name.end]
                if len(text) > 3 and not any(
                    k in _ENGLISH_MONTHS or k in _ENGLISH_WEEKDAYS for k in name.keys
                ):
                    seen.setdefault(text, None)
    return list(seen)


def run(
    documents: Sequence[WmtDocument], seed: int = 14, *, beside_traces: bool = False
) -> FactBenchmark:
    """``beside_traces``: also count the names found among the facts as the reports list
    them (a full comparison and its traces per planted name: slower)."""
    rng = random.Random(seed)
    result = FactBenchmark(beside_traces=beside_traces)
    names = _corpus_names(documents)
    for kind in FactKind:
        result.misses[kind] = []
        result.alarm_examples[kind] = []
    for document in documents:
        a_segments = document.columns["ref_A"]
        b_segments = document.columns["ref_B"]
        for a_text, b_text in zip(a_segments, b_segments, strict=True):
            if not a_text.strip() or not b_text.strip():
                continue
            result.pairs += 1
            a_side, b_side = _side(a_text), _side(b_text)
            baseline = compare_sides(a_side, b_side)
            known = {_describe(c) for c in baseline}
            for change in baseline:
                result.alarms[change.kind] += 1
                result.alarm_examples[change.kind].append(_describe(change))
            facts_b = extract(b_side, ALL_KINDS)
            flagged = [c.b_range for c in baseline if c.b_range is not None]

            def unflagged(start: int, end: int) -> bool:
                return not any(r.start < end and start < r.end for r in flagged)  # noqa: B023

            # numbers
            for number in facts_b.numbers:
                if number.number.weak or not unflagged(number.start, number.end):
                    continue
                planted = _plant_number(b_text, number.start, number.end, rng)
                if planted is not None and not _same_value(planted, number):
                    delta = len(planted) - len(b_text)
                    end = number.end + delta
                    _score(result, FactKind.NUMBER, a_side, planted, number.start, end, known)
            for date in facts_b.dates:
                if not unflagged(date.start, date.end):
                    continue
                planted = _plant_date(b_text, date.start, date.end, rng)
                if planted is not None:
                    delta = len(planted) - len(b_text)
                    _score(
                        result, FactKind.DATE, a_side, planted, date.start, date.end + delta, known
                    )
            for name in facts_b.names:
                text = b_text[name.start : name.end]
                if not unflagged(name.start, name.end) or b_text.count(text) != 1:
                    continue
                if any(k in _ENGLISH_MONTHS or k in _ENGLISH_WEEKDAYS for k in name.keys):
                    continue
                a_keys = a_text.casefold()
                choices = [n for n in names if n.casefold() not in a_keys and n != text]
                other = choices[rng.randrange(len(choices))]
                planted = b_text[: name.start] + other + b_text[name.end :]
                end = name.start + len(other)
                _score(result, FactKind.NAME, a_side, planted, name.start, end, known)
            # quotations: a word inside a quotation of a copy of A replaced
            for quote in extract(a_side, frozenset({FactKind.QUOTE})).quotes:
                words = [w for w in quote.words if len(w[2]) > 1]
                if not words:
                    continue
                start, end, key = words[rng.randrange(len(words))]
                replacement = "banana" if key != "banana" else "orange"
                planted = a_text[:start] + replacement + a_text[end:]
                end = start + len(replacement)
                _score(result, FactKind.QUOTE, a_side, planted, start, end, set())
        # cross-language: the Chinese source against both translations
        source = document.columns.get("src_zh") or []
        for column in ("ref_A", "ref_B"):
            for zh, en in zip(source, document.columns[column], strict=False):
                if not zh.strip() or not en.strip():
                    continue
                result.cross_pairs += 1
                zh_side, en_side = _side(zh, "zh"), _side(en, "en")
                if column == "ref_A":
                    found = extract(zh_side, frozenset({FactKind.NUMBER, FactKind.DATE}))
                    result.cross_facts += len(found.numbers) + len(found.dates)
                for change in compare_sides(zh_side, en_side):
                    result.cross_alarms[change.kind] += 1
                    result.cross_examples.append(f"{column} {_describe(change)}")
    return result


def _score(
    result: FactBenchmark,
    kind: FactKind,
    a_side: Side,
    planted: str,
    start: int,
    end: int,
    known: set[str],
) -> None:
    """Found: a change of the kind covers the plant in B, or one of the kind is new (a name
    replaced at a sentence start is reported as missing from B, at its place in A)."""
    result.planted[kind] += 1
    changes = compare_sides(a_side, _side(planted))
    new = [c for c in changes if c.kind is kind and _describe(c) not in known]
    if kind is FactKind.NAME and result.beside_traces:
        traces = find_traces(compare_texts(a_side.text, planted))
        reported = facts_beside_traces(changes, traces)
        new_reported = [c for c in reported if c.kind is kind and _describe(c) not in known]
        if any(_covers(c, kind, start, end) for c in reported) or any(
            c.change.value == "missing" for c in new_reported
        ):
            result.found_beside_traces += 1
    if any(_covers(c, kind, start, end) for c in changes) or any(
        c.change.value == "missing" for c in new
    ):
        result.found[kind] += 1
    else:
        result.misses[kind].append(f"{planted[start:end]!r} in {planted[:160]!r}")
