"""Numbers in running text, normalised so that different spellings of one value compare equal.

"5 million" = "5,000,000" = "5m" = "5 Millionen" = "500万"; "1 000" = "1,000" = "1.000" (German);
"$5" = "5 dollars" = "5 美元"; "12%" = "12 per cent" = "百分之十二".  A number is a value (exact
``Decimal``), an optional unit (a currency, "%", a measure) and how many significant digits it
was written with, so that "5.3 million" can match "5,312,000" as a rounding while "5,313,000"
does not match "5,312,000".

Separators depend on the language: in English "1,000" is a thousand and "1.5" one and a half;
in German, French, Spanish, Russian... "1.000" is a thousand and "1,5" one and a half.  A
number with both separators is read the same way in every language (the last one is the
decimal mark); a space, no-break space, thin space or apostrophe only ever groups thousands.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Languages that write a decimal comma ("1,5") and group thousands with a dot or a space.
DECIMAL_COMMA_LANGUAGES = frozenset(
    [
        "de",
        "fr",
        "es",
        "it",
        "pt",
        "ru",
        "uk",
        "pl",
        "cs",
        "sk",
        "nl",
        "sv",
        "da",
        "no",
        "nb",
        "fi",
        "tr",
        "ro",
        "hu",
        "bg",
        "hr",
        "sr",
        "sl",
        "el",
        "id",
        "vi",
    ]
)


@dataclass(frozen=True, slots=True)
class NumberValue:
    value: Decimal
    unit: str | None  # canonical unit: "%", "USD", "CNY", "km", ...; None when none written
    significant: int  # significant digits as written (for rounding matches)
    weak: bool  # a spelled-out small number ("three", "两"): matched, but never flagged alone
    spelled: bool = False  # written in words ("five million", "三千")
    scaled: bool = False  # written with a scale word ("5.3 million"): may be a rounding
    metres: bool = False  # "30m": 30 million, or 30 metres


@dataclass(frozen=True, slots=True)
class FoundNumber:
    start: int
    end: int
    number: NumberValue


# --------------------------------------------------------------------------------------------
# Scale words and units

_SCALE_WORDS: dict[str, int] = {
    # English
    "thousand": 3,
    "k": 3,
    "million": 6,
    "millions": 6,
    "mn": 6,
    "mln": 6,
    "m": 6,
    "billion": 9,
    "billions": 9,
    "bn": 9,
    "b": 9,
    "trillion": 12,
    "trillions": 12,
    "tn": 12,
    "trn": 12,
    # German
    "tausend": 3,
    "tsd": 3,
    "mio": 6,
    "millionen": 6,
    "milliarde": 9,
    "milliarden": 9,
    "mrd": 9,
    "billionen": 12,
    # French, Spanish, Italian, Portuguese
    "mille": 3,
    "mil": 3,
    "mil millones": 9,
    "milliard": 9,
    "milliards": 9,
    "md": 9,
    "mds": 9,
    "millón": 6,
    "millones": 6,
    "milione": 6,
    "milioni": 6,
    "miliardo": 9,
    "miliardi": 9,
    "milhão": 6,
    "milhões": 6,
    "bilhão": 9,
    "bilhões": 9,
    # Russian / Ukrainian
    "тыс": 3,
    "тысяча": 3,
    "тысячи": 3,
    "тысяч": 3,
    "млн": 6,
    "миллион": 6,
    "миллиона": 6,
    "миллионов": 6,
    "млрд": 9,
    "миллиард": 9,
    "миллиарда": 9,
    "миллиардов": 9,
    "трлн": 12,
    # Chinese, Japanese
    "千": 3,
    "万": 4,
    "萬": 4,
    "十万": 5,
    "百万": 6,
    "千万": 7,
    "亿": 8,
    "億": 8,
    "万亿": 12,
    "兆": 12,
}
# "billion" is 10^12 in the long-scale languages ("Billion", "billion" in French).
_LONG_SCALE = {"billion": 12, "billions": 12}
_LONG_SCALE_LANGUAGES = frozenset(
    ["de", "fr", "es", "it", "pt", "nl", "da", "sv", "no", "nb", "fi", "pl", "cs", "sk", "hu", "ro"]
)

# Unit aliases -> canonical unit.  Matched case-insensitively after the number.
_UNIT_ALIASES: dict[str, str] = {
    "%": "%",
    "％": "%",
    "percent": "%",
    "per cent": "%",
    "pct": "%",
    "percentage points": "pp",
    "percentage point": "pp",
    "prozent": "%",
    "prozentpunkte": "pp",
    "pour cent": "%",
    "por ciento": "%",
    "per cento": "%",
    "процента": "%",
    "процентов": "%",
    "процент": "%",
    "‰": "‰",
    "dollars": "USD",
    "dollar": "USD",
    "usd": "USD",
    "美元": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "eur": "EUR",
    "欧元": "EUR",
    "pounds": "GBP",
    "gbp": "GBP",
    "yuan": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "元": "CNY",
    "人民币": "CNY",
    "yen": "JPY",
    "jpy": "JPY",
    "円": "JPY",
    "日元": "JPY",
    "rubles": "RUB",
    "roubles": "RUB",
    "рублей": "RUB",
    "рубля": "RUB",
    "руб": "RUB",
    "km": "km",
    "kilometres": "km",
    "kilometers": "km",
    "kilometre": "km",
    "kilometer": "km",
    "公里": "km",
    "千米": "km",
    "км": "km",
    "miles": "mi",
    "mile": "mi",
    "kg": "kg",
    "kilograms": "kg",
    "kilogrammes": "kg",
    "公斤": "kg",
    "千克": "kg",
    "кг": "kg",
    "tonnes": "t",
    "tonne": "t",
    "tons": "t",
    "ton": "t",
    "吨": "t",
    "metres": "m",
    "meters": "m",
    "metre": "m",
    "meter": "m",
    "米": "m",
    "°c": "°C",
    "℃": "°C",
    "degrees celsius": "°C",
    "摄氏度": "°C",
}
_PREFIX_UNITS: dict[str, str] = {
    "us$": "USD",
    "$": "USD",
    "usd": "USD",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "rmb": "CNY",
    "cny": "CNY",
    "hk$": "HKD",
    "a$": "AUD",
    "c$": "CAD",
    "₹": "INR",
    "₽": "RUB",
    "₩": "KRW",
}


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_CJK_SCALES = [w for w in _SCALE_WORDS if not w.isascii() and "\u4e00" <= w[0] <= "\u9fff"]
_OTHER_SCALES = [w for w in _SCALE_WORDS if w not in _CJK_SCALES and len(w) > 1]
_UNIT_WORDS = [u for u in _UNIT_ALIASES if u[0].isalpha() and not ("\u4e00" <= u[0] <= "\u9fff")]
_UNIT_SYMBOLS = [u for u in _UNIT_ALIASES if u not in _UNIT_WORDS]

# The digits: grouped by , . ' or a (thin/no-break) space in threes, or plain, then an optional
# decimal part.  Not glued to a letter, a digit or a dot before it ("G20", "v1.2" stay out).
_DIGITS = (
    r"(?-i:(?<![0-9A-Z\u00c0-\u024f\u0370-\u04ff.,/])"
    r"(?<![^a-z][a-z])(?<!^[a-z]))"
    r"(?P<digits>\d{1,3}(?:(?P<sep>[,.'’\u00a0\u202f\u2009 ])\d{3})(?:(?P=sep)\d{3})*"
    r"(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?)"
)
_PREFIX = rf"(?P<prefix>{_alternation(list(_PREFIX_UNITS))})\s?"
_SCALE = (
    rf"(?:\s?[余多几]?(?P<cjkscale>{_alternation(_CJK_SCALES)})(?P<cjkrest>\d{{1,4}}(?!\d))?"
    rf"|[\s\u00a0]?(?P<scale>{_alternation(_OTHER_SCALES)})\.?(?![A-Za-z\u00c0-\u024f\u0370-\u04ff])"
    rf"|(?P<shortscale>[kmb]n?)(?![A-Za-z\u00c0-\u024f\u0370-\u04ff]))"
)
_UNIT = (
    rf"(?:\s?(?P<symbol>{_alternation(_UNIT_SYMBOLS)})"
    rf"|[\s\u00a0](?P<unit>{_alternation(_UNIT_WORDS)})(?![^\W\d_]))"
)
_NUMBER_RE = re.compile(rf"(?:{_PREFIX})?{_DIGITS}(?:{_SCALE})?(?:{_UNIT})?", re.IGNORECASE)

# --------------------------------------------------------------------------------------------
# Spelled-out numbers

_EN_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_EN_SCALES = {"hundred": 2, "thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_EN_WORD = _alternation([*_EN_UNITS, *_EN_SCALES])
_EN_NUMBER_RE = re.compile(
    rf"(?<![\w\-])(?:(?:a|an)\s+(?=(?:hundred|thousand|million|billion|trillion)\b))?"
    rf"(?:{_EN_WORD})(?:(?:[\s\-]+|\s+and\s+)(?:{_EN_WORD}))*(?!\w|-(?:{_EN_WORD})\b)",
    re.IGNORECASE,
)
_EN_SPLIT_RE = re.compile(r"[\s\-]+")
# Written-out quantities a translator may render as a figure: matched, never reported alone.
_EN_WEAK_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "dozen": 12,
    "century": 100,
    "centenary": 100,
    "centennial": 100,
}
_EN_WEAK_RE = re.compile(
    r"(?<![\w\-])(?:(?P<word>" + "|".join(_EN_WEAK_WORDS) + r")"
    r"|(?P<many>tens|hundreds|dozens) of (?P<scale>thousands|millions|billions))(?![\w])",
    re.IGNORECASE,
)
# "Part I", "Chapter IV", "Class II": Roman numerals after a word that numbers things.
_ROMAN_RE = re.compile(
    r"\b(?:Part|Chapter|Class|Article|Section|Volume|Book|Phase|Stage|Grade|Level|Type|No\.) "
    r"(?P<roman>X{0,3}(?:IX|IV|V?I{0,3}))(?![\w])"
)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def _roman_value(text: str) -> int:
    total = 0
    for i, char in enumerate(text):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[text[i + 1]] if i + 1 < len(text) else 0
        total += -value if value < following else value
    return total


_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL = {"十": 1, "百": 2, "千": 3}
_CN_LARGE = {"万": 4, "萬": 4, "亿": 8, "億": 8, "兆": 12}
_CN_NUMBER_RE = re.compile(
    r"[零〇一二两兩三四五六七八九十百千万萬亿億兆]{2,}|[二两兩三四五六七八九十]|一(?=[级等类])"
    r"|[百千](?=年)"
)
# "万名教师", "每万字": ten thousand without a digit before it.
_CN_BARE_WAN_RE = re.compile(
    r"(?<![零〇一二两兩三四五六七八九十百千余多几\d])[万萬](?=[名人个元字户家次件台辆吨])"
)
# Idioms that look like numerals: 十分 (very), 万一 (in case), 千万 (by all means), 一些, 一起...
_CN_FOLLOWING_NOT_NUMBER = set("分些起样般直切定下边面致同时再向道旦度")


def _cn_value(text: str) -> int | None:
    total = 0
    section = 0
    digit: int | None = None
    for char in text:
        if char in _CN_DIGITS:
            if digit is not None:  # "二〇二二" written digit by digit
                return int("".join(str(_CN_DIGITS[c]) for c in text if c in _CN_DIGITS) or 0)
            digit = _CN_DIGITS[char]
        elif char in _CN_SMALL:
            section += (1 if digit is None else digit) * 10 ** _CN_SMALL[char]
            digit = None
        elif char in _CN_LARGE:
            section += digit or 0
            total += (section or 1) * 10 ** _CN_LARGE[char]
            section = 0
            digit = None
        else:
            return None
    return total + section + (digit or 0)


def _en_value(words: list[str]) -> int | None:
    total = 0
    current = 0
    seen = False
    for word in words:
        if word in ("a", "an"):
            current = max(current, 1)
            continue
        if word == "and":
            continue
        if word in _EN_UNITS:
            current += _EN_UNITS[word]
            seen = True
        elif word == "hundred":
            current = max(current, 1) * 100
            seen = True
        elif word in _EN_SCALES:
            total += max(current, 1) * 10 ** _EN_SCALES[word]
            current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


# --------------------------------------------------------------------------------------------
# Parsing


def parse_digits(digits: str, language: str = "en") -> tuple[Decimal, int] | None:
    """Value and significant digits of a written number, by the language's separators."""
    digits = "".join(str(int(c)) if c.isdigit() else c for c in digits)  # full-width digits
    groupers = "'’\u00a0\u202f\u2009 "
    cleaned = "".join(c for c in digits if c not in groupers)
    has_comma = "," in cleaned
    has_dot = "." in cleaned
    if has_comma and has_dot:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
    elif has_comma or has_dot:
        mark = "," if has_comma else "."
        parts = cleaned.split(mark)
        if len(parts) > 2:
            decimal_mark = ""  # "1,000,000": only grouping
        elif len(parts[1]) == 3 and parts[0] != "0":
            # "1,000" / "1.000": grouping when the mark is the language's grouping mark
            comma_decimal = language in DECIMAL_COMMA_LANGUAGES
            grouping_mark = "." if comma_decimal else ","
            decimal_mark = "" if mark == grouping_mark else mark
        else:
            decimal_mark = mark
    else:
        decimal_mark = ""
    if decimal_mark:
        integer, _, fraction = cleaned.rpartition(decimal_mark)
        integer = integer.replace(",", "").replace(".", "")
        plain = f"{integer}.{fraction}"
    else:
        plain = cleaned.replace(",", "").replace(".", "")
    try:
        value = Decimal(plain)
    except InvalidOperation:
        return None
    return value, significant_digits(plain)


def significant_digits(plain: str) -> int:
    if "." in plain:
        body = plain.replace(".", "").lstrip("0")
        return max(1, len(body))
    body = plain.lstrip("0").rstrip("0")
    return max(1, len(body))


def scale_exponent(word: str, language: str = "en") -> int | None:
    key = word.casefold().rstrip(".")
    if language in _LONG_SCALE_LANGUAGES and key in _LONG_SCALE:
        return _LONG_SCALE[key]
    return _SCALE_WORDS.get(key)


_DIGIT_RE = re.compile(r"\d")
_SPELLED_HINT = frozenset(
    [
        *_EN_UNITS,
        *_EN_SCALES,
        *_EN_WEAK_WORDS,
        "tens",
        "hundreds",
        "dozens",
        "part",
        "chapter",
        "class",
        "article",
        "section",
        "volume",
        "book",
        "phase",
        "stage",
        "grade",
        "level",
        "type",
        "no",
    ]
)
_LETTERS_RE = re.compile(r"[^\W\d_]+")
# Words whose edit may change a number: number, scale and unit words.
NUMBER_HINT_WORDS = frozenset(
    [
        *_SPELLED_HINT,
        *(part for w in (*_SCALE_WORDS, *_UNIT_ALIASES) for part in _LETTERS_RE.findall(w)),
    ]
)


def find_numbers(
    text: str, language: str = "en", offset: int = 0, words: set[str] | None = None
) -> Iterator[FoundNumber]:
    """Every number in ``text`` (offsets shifted by ``offset``), in order, not overlapping.

    ``words``: the casefolded letter runs of ``text`` if known (a quick check skips the
    spelled-number pattern when none is a number word).
    """
    taken: list[tuple[int, int]] = []
    digits = _DIGIT_RE.search(text) is not None
    for match in _NUMBER_RE.finditer(text) if digits else ():
        parsed = parse_digits(match.group("digits"), language)
        if parsed is None:
            continue
        value, significant = parsed
        unit = None
        prefix = match.group("prefix")
        if prefix:
            unit = _PREFIX_UNITS.get(prefix.casefold())
        scale_word = match.group("cjkscale") or match.group("scale") or match.group("shortscale")
        start, end = match.span()
        if value == 0 and start and text[start - 1] == ":":
            continue  # the minutes of "8:00"
        if (
            start >= 2
            and text[start - 1] == "-"
            and text[start - 2].isalpha()
            and text[start - 2].isascii()
            and len(match.group("digits")) < 4
        ):
            continue  # "COVID-19", "LP700-4": part of a name; "Rescue-2021" is a year
        following = text[end : end + 2]
        if following in ("世纪", "年代") or following[:1] in ("后", "後"):
            # "20世纪80年代" (the 1980s), "95后" (born after 1995): years, loosely
            decade = int(value) if value == int(value) else -1
            is_decade = following == "年代" and 10 <= decade <= 90 and decade % 10 == 0
            is_cohort = following[:1] in ("后", "後") and 0 <= decade <= 99
            if is_decade or is_cohort:
                number = NumberValue(Decimal(1900 + decade), None, 4, True, True)
                yield FoundNumber(offset + start, offset + end, number)
            taken.append((start, end))
            continue
        metres = False
        if scale_word:
            metres = scale_word.casefold() == "m" and not prefix
            exponent = scale_exponent(scale_word, language)
            if exponent is None:
                continue
            value = value.scaleb(exponent)
            rest = match.group("cjkrest")
            if rest:  # "2万4801" = 24,801
                value += Decimal(rest)
        symbol = match.group("symbol") or match.group("unit")
        if symbol:
            unit = _UNIT_ALIASES.get(symbol.casefold(), unit)
        if start >= 3 and text[start - 3 : start] == "百分之":
            start -= 3
            unit = "%"
        taken.append((start, end))
        number = NumberValue(value, unit, significant, False, False, bool(scale_word), metres)
        yield FoundNumber(offset + start, offset + end, number)
    if language in ("zh", "ja", "zh-cn", "zh-tw"):
        yield from _spelled_numbers(text, language, offset, taken)
        return
    if words is None:
        words = set(_LETTERS_RE.findall(text.casefold()))
    if not words.isdisjoint(_SPELLED_HINT):
        yield from _spelled_numbers(text, language, offset, taken)


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in taken)


def _spelled_numbers(
    text: str, language: str, offset: int, taken: list[tuple[int, int]]
) -> Iterator[FoundNumber]:
    if language in ("en", "unknown", ""):
        for match in _EN_NUMBER_RE.finditer(text):
            words = [w.casefold() for w in _EN_SPLIT_RE.split(match.group())]
            value = _en_value(words)
            if value is None or _overlaps(*match.span(), taken):
                continue
            # a bare "million" or "thousand" is a vague quantity, not a figure
            has_unit_word = any(w in _EN_UNITS or w in ("a", "an") for w in words)
            strong = has_unit_word and (value >= 100 or any(w in _EN_SCALES for w in words))
            number = NumberValue(
                Decimal(value), None, significant_digits(str(value)), not strong, True, False
            )
            yield FoundNumber(offset + match.start(), offset + match.end(), number)
        for match in _EN_WEAK_RE.finditer(text):
            if _overlaps(*match.span(), taken):
                continue
            if match.group("word"):
                value = _EN_WEAK_WORDS[match.group("word").casefold()]
            else:
                many = {"tens": 10, "hundreds": 100, "dozens": 12}[match.group("many").casefold()]
                value = many * 10 ** _EN_SCALES[match.group("scale").casefold()[:-1]]
            number = NumberValue(Decimal(value), None, significant_digits(str(value)), True, True)
            yield FoundNumber(offset + match.start(), offset + match.end(), number)
    if language not in ("zh", "ja", "zh-cn", "zh-tw"):
        for match in _ROMAN_RE.finditer(text):
            roman = match.group("roman")
            start, end = match.span("roman")
            if roman and not _overlaps(start, end, taken):
                value = _roman_value(roman)
                number = NumberValue(Decimal(value), None, len(str(value)), True, True)
                yield FoundNumber(offset + start, offset + end, number)
    if language in ("zh", "ja", "zh-cn", "zh-tw"):
        for match in _CN_NUMBER_RE.finditer(text):
            start, end = match.span()
            if _overlaps(start, end, taken):
                continue
            if end < len(text) and text[end] in _CN_FOLLOWING_NOT_NUMBER:
                continue
            for piece_start, piece_end, value in _cn_pieces(match.group()):
                unit = None
                first, last = start + piece_start, start + piece_end
                if first >= 3 and text[first - 3 : first] == "百分之":
                    first -= 3
                    unit = "%"
                elif text[last : last + 2] == "年代" and 10 <= value <= 90:
                    value += 1900  # "八十年代": the 1980s
                elif last < len(text) and text[last] == "成" and value <= 10:
                    value *= 10  # "四成": four tenths
                    unit = "%"
                    last += 1
                number = NumberValue(
                    Decimal(value), unit, significant_digits(str(value)), True, True
                )
                yield FoundNumber(offset + first, offset + last, number)
        for match in _CN_BARE_WAN_RE.finditer(text):
            number = NumberValue(Decimal(10_000), None, 1, True, True)
            yield FoundNumber(offset + match.start(), offset + match.end(), number)


def _cn_pieces(text: str) -> list[tuple[int, int, int]]:
    """(start, end, value) of the numbers in a run of Chinese numerals.

    "三千五百" is one number; "二〇二二" is a year written digit by digit; "三四五六" lists four
    numbers; "七八十" is "seventy or eighty"; "十四五" is 14 and 5 (the 14th Five-Year Plan).
    """
    if all(c in _CN_DIGITS for c in text):
        if len(text) == 4 and any(c in "〇零" for c in text):
            return [(0, 4, int("".join(str(_CN_DIGITS[c]) for c in text)))]
        return [(i, i + 1, _CN_DIGITS[c]) for i, c in enumerate(text)]
    if (
        len(text) >= 3
        and text[0] in _CN_DIGITS
        and text[1] in _CN_DIGITS
        and text[2] in _CN_SMALL
        and _CN_DIGITS[text[1]] == _CN_DIGITS[text[0]] + 1
    ):
        scale = _cn_value("一" + text[2:])
        if scale is not None:
            return [
                (0, len(text), _CN_DIGITS[text[0]] * scale),
                (0, len(text), _CN_DIGITS[text[1]] * scale),
            ]
    pieces: list[tuple[int, int, int]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or (text[i] in _CN_DIGITS and text[i - 1] in _CN_DIGITS):
            value = _cn_value(text[start:i])
            if value is not None:
                pieces.append((start, i, value))
            start = i
    return pieces


def _readings(number: NumberValue) -> list[tuple[Decimal, str | None]]:
    readings = [(number.value, number.unit)]
    if number.metres:
        readings.append((number.value.scaleb(-6), "m"))
    return readings


def same_number(a: NumberValue, b: NumberValue) -> bool:
    """Equal values (allowing a rounding written with fewer digits) in compatible units."""
    return any(_same_reading(x, a, y, b) for x in _readings(a) for y in _readings(b))


def _same_reading(
    x: tuple[Decimal, str | None], a: NumberValue, y: tuple[Decimal, str | None], b: NumberValue
) -> bool:
    if x[1] is not None and y[1] is not None and x[1] != y[1]:
        return False
    if x[0] == y[0]:
        return True
    coarse, fine = (a, b) if a.significant < b.significant else (b, a)
    # "5.3 million" may round "5,312,000"; "$200" does not round "$204", nor "300 thousand"
    # "302 thousand"
    if not coarse.scaled or fine.scaled or coarse.significant >= fine.significant:
        return False
    return _round_significant(fine.value, coarse.significant) == coarse.value


def _round_significant(value: Decimal, digits: int) -> Decimal:
    if value == 0:
        return value
    exponent = value.adjusted() - digits + 1
    return value.scaleb(-exponent).quantize(Decimal(1)).scaleb(exponent)
