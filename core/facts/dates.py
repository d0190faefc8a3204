"""Dates, months and weekdays, as (year, month, day, weekday) with the parts that were written.

English, German, French, Spanish, Italian, Portuguese, Russian, Chinese and Japanese month and
weekday names; day-month-year in any order those languages use ("5 March 2022", "March 5,
2022", "le 5 mars", "5. März", "5 марта", "2022年3月5日"), ISO dates and dotted dates.  Two dates
are the same when no part written on both sides differs ("March 5" = "Tuesday, March 5, 2022").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DateValue:
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # 0 = Monday

    def parts(self) -> tuple[int | None, ...]:
        return (self.year, self.month, self.day, self.weekday)


@dataclass(frozen=True, slots=True)
class FoundDate:
    start: int
    end: int
    date: DateValue


def same_date(a: DateValue, b: DateValue) -> bool:
    """No part differs where both sides wrote it, and at least one part is shared."""
    shared = False
    for x, y in zip(a.parts(), b.parts(), strict=True):
        if x is not None and y is not None:
            if x != y:
                return False
            shared = True
    return shared


_MONTHS: dict[str, int] = {}
_MONTH_LISTS = [
    # English (capitalised only: "may", "march" are verbs)
    "January February March April May June July August September October November December",
    "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    # German
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    # French
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    # Spanish
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    # Italian
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    # Portuguese
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    # Russian, nominative and genitive ("5 марта")
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
]
for _line in _MONTH_LISTS:
    for _number, _name in enumerate(_line.split(), start=1):
        _MONTHS.setdefault(_name.casefold(), _number)
_MONTHS.update({"sept": 9, "jänner": 1})
_ENGLISH_MONTHS = {name.casefold() for name in " ".join(_MONTH_LISTS[:2]).split()} | {"sept"}
_CAPITALISED_ONLY = _ENGLISH_MONTHS | {"mai", *(w.casefold() for w in _MONTH_LISTS[2].split())}
# Abbreviations and names that are also words or first names count only with a day or a year.
_NEEDS_DAY_OR_YEAR = {"may", "jan", "mar", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_NEEDS_DAY_OR_YEAR |= {"feb", "apr", "mai"}

_WEEKDAYS: dict[str, int] = {}
_WEEKDAY_LISTS = [
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag",
    "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "lunes martes miércoles jueves viernes sábado domingo",
    "lunedì martedì mercoledì giovedì venerdì sabato domenica",
    "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo",
    "понедельник вторник среда четверг пятница суббота воскресенье",
    "понедельник вторник среду четверг пятницу субботу воскресенье",
]
for _line in _WEEKDAY_LISTS:
    for _number, _name in enumerate(_line.split()):
        _WEEKDAYS.setdefault(_name.casefold(), _number)
_WEEKDAYS["sonnabend"] = 5
_ENGLISH_WEEKDAYS = {name.casefold() for name in _WEEKDAY_LISTS[0].split()}
_CAPITALISED_WEEKDAYS = _ENGLISH_WEEKDAYS | {w.casefold() for w in _WEEKDAY_LISTS[1].split()}
_CN_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_JA_WEEKDAY = {"月": 0, "火": 1, "水": 2, "木": 3, "金": 4, "土": 5, "日": 6}
_CN_NUMERAL = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_CN_NUMERAL["零"] = 0


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MONTH_NAME = rf"(?P<month>{_alternation(list(_MONTHS))})"
_WEEKDAY_NAME = rf"(?P<weekday>{_alternation(list(_WEEKDAYS))})"
_DAY = r"(?P<day{n}>[0-3]?\d)(?:st|nd|rd|th|er|\.|-?го)?(?!\d)"
_YEAR = r"(?P<year>(?:1[6-9]|20|21)\d\d)(?!\d)"
_WORD_DATE_RE = re.compile(
    rf"(?<![\w])(?:{_WEEKDAY_NAME}(?:,\s*|\s+)(?:(?:the|le|el|den|am)\s+)?)?"
    rf"(?:{_DAY.format(n=1)}\s*(?:of\s+|de\s+)?)?"
    rf"{_MONTH_NAME}\.?(?![\w])"
    rf"(?:\s+{_DAY.format(n=2)}(?![\w]))?"
    rf"(?:,?\s+(?:de\s+)?{_YEAR}(?:\s*(?:года|г\.))?)?",
    re.IGNORECASE,
)
_WEEKDAY_RE = re.compile(rf"(?<![\w\-]){_WEEKDAY_NAME}(?![\w\-])", re.IGNORECASE)
_ISO_RE = re.compile(r"(?<![\d\-])(?P<y>(?:1[6-9]|20|21)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)")
_DOTTED_RE = re.compile(
    r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:1[6-9]|20|21)\d\d)(?!\d)"
)
_SLASH_RE = re.compile(
    r"(?<![\d/])(?P<x>[0-3]?\d)/(?P<z>[0-3]?\d)/(?P<y>(?:1[6-9]|20|21)\d\d)(?!\d)"
)
_CN_NUM = r"[0-9０-９]{1,4}|[〇零一二三四五六七八九十]{1,4}"
_CJK_MONTH_DAY_RE = re.compile(
    rf"(?:(?P<year>{_CN_NUM})\s?年\s?)?(?P<month>{_CN_NUM})\s?月(?:\s?(?P<day>{_CN_NUM})\s?[日号號])?"
)
# "于11日" (on the 11th, the month being the current one): a day alone.
_CJK_DAY_RE = re.compile(r"(?<![\d０-９])(?P<day>[0-9０-９]{1,2})\s?[日号號](?![本元])")
_YMD_DOTTED_RE = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d\d)\.(?P<m>1[0-2]|0?[1-9])\.(?P<d>[0-3]?\d)(?![\d.])"
)
# "3至6月", "3-7月": March to June / July
_CJK_MONTH_RANGE_RE = re.compile(
    rf"(?P<first>{_CN_NUM})(?:月)?\s*[至到\-~～—－]\s*(?=(?:{_CN_NUM})月)"
)
_CN_WEEKDAY_RE = re.compile(r"(?:星期|礼拜|禮拜|周|週)(?P<w>[一二三四五六日天])")
_JA_WEEKDAY_RE = re.compile(r"(?P<w>[月火水木金土日])曜日?")


def _cn_int(text: str) -> int | None:
    text = "".join(str(int(c)) if c.isdigit() else c for c in text)
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        high = _CN_NUMERAL.get(tens) if tens else 1
        low = _CN_NUMERAL.get(units) if units else 0
        if high is None or low is None:
            return None
        return high * 10 + low
    if all(c in _CN_NUMERAL for c in text):
        return int("".join(str(_CN_NUMERAL[c]) for c in text))
    return None


_LETTERS_RE = re.compile(r"[^\W\d_]+")
# Any of these words, CJK date characters or digits joined by - . / may start a date: a text
# with none of them is skipped without running the date patterns (most sentences).
HINT_WORDS = frozenset(
    part for name in (*_MONTHS, *_WEEKDAYS) for part in _LETTERS_RE.findall(name)
)
_HINT_RE = re.compile(r"[月周週星礼禮曜日号號]|\d[\-./]\d")


def words_of(text: str) -> set[str]:
    """The casefolded letter runs of a text (shared by the quick checks of the extractors)."""
    return set(_LETTERS_RE.findall(text.casefold()))


def find_dates(
    text: str, language: str = "en", offset: int = 0, words: set[str] | None = None
) -> Iterator[FoundDate]:
    """Every date, month or weekday mention in ``text`` (offsets shifted by ``offset``).

    ``words`` (from :func:`words_of`) saves recomputing the quick check's word set.
    """
    if words is None:
        words = words_of(text)
    if words.isdisjoint(HINT_WORDS) and _HINT_RE.search(text) is None:
        return
    english = language == "en"  # English text: English names only ("Mars", "Domingo")
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    found: list[FoundDate] = []
    for match in _WORD_DATE_RE.finditer(text):
        month_text = match.group("month")
        key = month_text.casefold()
        if key in _CAPITALISED_ONLY and not month_text[0].isupper():
            continue
        if english and key not in _ENGLISH_MONTHS:
            continue
        has_day_or_year = bool(match.group("day1") or match.group("day2") or match.group("year"))
        if key in _NEEDS_DAY_OR_YEAR and not has_day_or_year:
            # "May" alone is the month inside a sentence, the verb only at its start
            before = text[max(0, match.start() - 2) : match.start()].strip()
            if key != "may" or not before or before[-1] in '.!?"“:':
                continue
        weekday = match.group("weekday")
        if weekday and english and weekday.casefold() not in _ENGLISH_WEEKDAYS:
            weekday = None
        day_text = match.group("day1") or match.group("day2")
        year = match.group("year")
        day = int(day_text) if day_text else None
        if day is not None and not 1 <= day <= 31:
            day = None
        value = DateValue(
            int(year) if year else None,
            _MONTHS[key],
            day,
            _WEEKDAYS[weekday.casefold()] if weekday else None,
        )
        start, end = match.span()
        taken.append((start, end))
        found.append(FoundDate(start, end, value))
    for pattern in (_ISO_RE, _DOTTED_RE):
        for match in pattern.finditer(text):
            month, day = int(match.group("m")), int(match.group("d"))
            if 1 <= month <= 12 and 1 <= day <= 31 and free(*match.span()):
                taken.append(match.span())
                found.append(FoundDate(*match.span(), DateValue(int(match.group("y")), month, day)))
    for match in _YMD_DOTTED_RE.finditer(text):
        month, day = int(match.group("m")), int(match.group("d"))
        if 1 <= day <= 31 and free(*match.span()):
            taken.append(match.span())
            found.append(FoundDate(*match.span(), DateValue(int(match.group("y")), month, day)))
    for match in _SLASH_RE.finditer(text):
        x, z = int(match.group("x")), int(match.group("z"))
        month, day = (x, z) if x <= 12 else (z, x)
        if 1 <= month <= 12 and 1 <= day <= 31 and free(*match.span()):
            taken.append(match.span())
            found.append(FoundDate(*match.span(), DateValue(int(match.group("y")), month, day)))
    for match in _CJK_MONTH_RANGE_RE.finditer(text):
        first = _cn_int(match.group("first"))
        if first is not None and 1 <= first <= 12 and free(*match.span("first")):
            taken.append(match.span("first"))
            found.append(FoundDate(*match.span("first"), DateValue(month=first)))
    for match in _CJK_MONTH_DAY_RE.finditer(text):
        cjk_month = _cn_int(match.group("month"))
        if cjk_month is None or not 1 <= cjk_month <= 12 or not free(*match.span()):
            continue
        # "3个月" (three months) never reaches here; "每月" has no number.
        cjk_day = _cn_int(match.group("day")) if match.group("day") else None
        cjk_year = _cn_int(match.group("year")) if match.group("year") else None
        taken.append(match.span())
        found.append(FoundDate(*match.span(), DateValue(cjk_year, cjk_month, cjk_day)))
    for match in _CJK_DAY_RE.finditer(text):
        day_only = _cn_int(match.group("day"))
        if day_only is not None and 1 <= day_only <= 31 and free(*match.span()):
            taken.append(match.span())
            found.append(FoundDate(*match.span(), DateValue(day=day_only)))
    for pattern, table in ((_CN_WEEKDAY_RE, _CN_WEEKDAY), (_JA_WEEKDAY_RE, _JA_WEEKDAY)):
        for match in pattern.finditer(text):
            if free(*match.span()):
                taken.append(match.span())
                found.append(FoundDate(*match.span(), DateValue(weekday=table[match.group("w")])))
    for match in _WEEKDAY_RE.finditer(text):
        name = match.group("weekday")
        key = name.casefold()
        if english and key not in _ENGLISH_WEEKDAYS:
            continue
        if free(*match.span()) and (name[0].isupper() or key not in _CAPITALISED_WEEKDAYS):
            taken.append(match.span())
            found.append(FoundDate(*match.span(), DateValue(weekday=_WEEKDAYS[name.casefold()])))
    found.sort(key=lambda d: d.start)
    for date in found:
        yield FoundDate(offset + date.start, offset + date.end, date.date)
