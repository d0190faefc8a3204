"""Names: capitalised word sequences that do not start a sentence, and Latin-script words
inside text of another script ("NBA", "iPhone" in Chinese or Russian text).

A name is kept as its display range and its keys: each word casefolded with dots and
possessive endings removed, so "U.S." = "US" and "China's" = "China".  German capitalises
every noun, so in German text only acronyms and Latin words in other scripts count.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein


@dataclass(frozen=True, slots=True)
class FoundName:
    start: int
    end: int
    keys: tuple[str, ...]


# Capitalised words that are not names when they stand alone (sentence openers, pronouns,
# titles, function words after a colon or inside headlines).
_COMMON = frozenset(
    [
        "i",
        "i'm",
        "i've",
        "i'd",
        "i'll",
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "he",
        "she",
        "it",
        "we",
        "they",
        "you",
        "his",
        "her",
        "its",
        "our",
        "their",
        "my",
        "your",
        "me",
        "him",
        "us",
        "them",
        "who",
        "what",
        "when",
        "where",
        "why",
        "how",
        "which",
        "whose",
        "whom",
        "if",
        "in",
        "on",
        "at",
        "as",
        "but",
        "and",
        "or",
        "nor",
        "for",
        "of",
        "to",
        "by",
        "with",
        "from",
        "after",
        "before",
        "while",
        "since",
        "until",
        "during",
        "about",
        "against",
        "among",
        "between",
        "into",
        "through",
        "over",
        "under",
        "above",
        "below",
        "up",
        "down",
        "out",
        "off",
        "again",
        "further",
        "then",
        "once",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "no",
        "not",
        "only",
        "own",
        "same",
        "so",
        "than",
        "too",
        "very",
        "can",
        "will",
        "just",
        "should",
        "now",
        "also",
        "yet",
        "however",
        "meanwhile",
        "although",
        "though",
        "because",
        "despite",
        "according",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sir",
        "madam",
        "mister",
        "miss",
        "said",
        "says",
        "say",
        "one",
        "two",
        "three",
        "new",
        "last",
        "next",
        "first",
        "second",
        "third",
        "chapter",
        "part",
        "section",
        "page",
        "figure",
        "table",
        "note",
    ]
)
_CONNECTORS = frozenset(
    [
        "of",
        "de",
        "du",
        "des",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "bin",
        "al",
        "da",
        "di",
        "del",
        "y",
    ]
)
_ACRONYM = r"(?:[^\W\d_]\.){2,}"
_WORD = r"[^\W\d_][\w]*(?:['’\-][\w]+)*"
_WORD_RE = re.compile(rf"{_ACRONYM}|{_WORD}")
_LATIN_RUN_RE = re.compile(
    r"[A-Za-z\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f&'’.\-]*"
    r"(?:[ \u00a0][A-Za-z0-9\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f&'’.\-]*)*"
)
_NON_LATIN_SCRIPT_LANGUAGES = frozenset(
    [
        "zh",
        "zh-cn",
        "zh-tw",
        "ja",
        "ko",
        "ru",
        "uk",
        "bg",
        "sr",
        "mk",
        "be",
        "el",
        "he",
        "ar",
        "fa",
        "hi",
        "bn",
        "th",
        "ka",
        "hy",
        "ur",
        "ta",
        "te",
    ]
)
_CASELESS_LANGUAGES = frozenset(
    ["zh", "zh-cn", "zh-tw", "ja", "ko", "ar", "fa", "he", "hi", "bn", "th", "ur", "ta", "te", "ka"]
)


def name_key(word: str) -> str:
    """The matching key of one name word: casefolded, no dots, no possessive ending."""
    key = word.casefold().replace(".", "").replace("’", "'")
    if key.endswith("'s") or key.endswith("s'"):
        key = key[:-2] if key.endswith("'s") else key[:-1]
    return key.strip("'-")


def word_keys(text: str) -> set[str]:
    """Keys of every word of a text (any case): what a name is looked up in."""
    words = set(_WORD_RE.findall(text.casefold()))
    return words | {name_key(w) for w in words if "." in w or "'" in w or "’" in w}


def find_names(
    text: str,
    language: str = "en",
    offset: int = 0,
    sentence_starts: Sequence[int] = (0,),
) -> Iterator[FoundName]:
    """Names in ``text``; ``sentence_starts`` are offsets (relative to ``text``) of sentences."""
    if language not in _CASELESS_LANGUAGES:
        yield from _capitalised_names(text, language, offset, list(sentence_starts))
    if language in _NON_LATIN_SCRIPT_LANGUAGES:
        for match in _LATIN_RUN_RE.finditer(text):
            keys = tuple(k for k in (name_key(w) for w in match.group().split()) if k)
            if keys and any(len(k) > 1 for k in keys):
                yield FoundName(offset + match.start(), offset + match.end(), keys)


def _upper_class() -> str:
    """Character class body of the BMP's upper- and titlecase letters (``re`` has no \\p{Lu})."""
    ranges: list[tuple[int, int]] = []
    for code_point in range(0x41, 0x10000):
        char = chr(code_point)
        if char.isupper() or char.istitle():
            if ranges and ranges[-1][1] == code_point - 1:
                ranges[-1] = (ranges[-1][0], code_point)
            else:
                ranges.append((code_point, code_point))
    return "".join(f"\\u{lo:04x}-\\u{hi:04x}" if hi > lo else f"\\u{lo:04x}" for lo, hi in ranges)


_UPPER = _upper_class()
_CAP_WORD = rf"(?:(?:[{_UPPER}]\.){{2,}}|[{_UPPER}]\w*(?:['’\-]\w+)*)"
_CONNECTOR = "|".join(sorted(_CONNECTORS, key=len, reverse=True))
# A run of capitalised words joined by single spaces, with connectors ("Bank of China").
_RUN_RE = re.compile(
    rf"(?<![\w.'’\-]){_CAP_WORD}(?:[ \u00a0](?:(?:{_CONNECTOR})[ \u00a0])*{_CAP_WORD})*"
)
CAPITALISED_RE = re.compile(rf"[{_UPPER}][\w.]*")
COMMON_WORDS = _COMMON
_RUN_WORD_RE = re.compile(rf"{_CAP_WORD}|\w+")
_WORD_CHAR_RE = re.compile(r"\w")


def _capitalised_names(
    text: str, language: str, offset: int, sentence_starts: list[int]
) -> Iterator[FoundName]:
    german = language == "de"
    latin = language not in _NON_LATIN_SCRIPT_LANGUAGES
    starts = sorted(sentence_starts)
    for run in _RUN_RE.finditer(text):
        group = run.group()
        if " " not in group and "\u00a0" not in group and group.casefold() in _COMMON:
            continue  # "The", "He": most runs, settled without further work
        if not latin and group.isascii():
            continue  # Latin words in Cyrillic or Greek text: found as Latin runs
        # Initial: nothing but punctuation between the sentence's start and the run.
        k = bisect_right(starts, run.start()) - 1
        sentence_start = starts[k] if k >= 0 else 0
        initial = _WORD_CHAR_RE.search(text, sentence_start, run.start()) is None
        words = list(_RUN_WORD_RE.finditer(text, run.start(), run.end()))
        lowered = [w.group().casefold() for w in words]
        while lowered and lowered[-1] in _CONNECTORS:
            words.pop()
            lowered.pop()
        if initial and words and (len(words) == 1 or lowered[0] in _COMMON):
            words, lowered = words[1:], lowered[1:]
        while lowered and (lowered[0] in _COMMON or lowered[0] in _CONNECTORS):
            words, lowered = words[1:], lowered[1:]
        if not words:
            continue
        if german and not all(_is_acronym(w.group()) for w in words):
            continue
        keys = tuple(
            k for k in (name_key(w.group()) for w in words) if len(k) > 1 and k not in _CONNECTORS
        )
        if keys:
            yield FoundName(offset + words[0].start(), offset + words[-1].end(), keys)


def _is_acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return len(letters) > 1 and letters.isupper()


# A dateline: the capitalised place that opens a news story's first paragraph, before a dash
# ("PORT ELLERY —", "LONDON (Reuters) -"); or a headline line set wholly in capitals.
_DATELINE_RE = re.compile(
    r"^[ \t]*(?P<place>[^\W\d_a-z][^\na-z]{1,60}?)[ \t]*(?:\([^)\n]{1,40}\)[ \t]*)?[—–-]",
    re.MULTILINE,
)
_CAPITALS_LINE_RE = re.compile(r"^[ \t]*([^\na-z]{3,120})[ \t]*$", re.MULTILINE)


def dateline_keys(text: str) -> frozenset[str]:
    """Name keys of the places a story names in capitals: its datelines and all-capital
    headline lines.  A story filed from "PORT ELLERY —" names Port Ellery, whatever the case:
    a B sentence that says "in Port Ellery" adds no name to it."""
    keys: set[str] = set()
    pieces = [m.group("place") for m in _DATELINE_RE.finditer(text)]
    pieces += [m.group(1) for m in _CAPITALS_LINE_RE.finditer(text)]
    for piece in pieces:
        words = _WORD_RE.findall(piece)
        letters = [w for w in words if any(c.isalpha() for c in w)]
        if not letters or not all(w.replace(".", "").isupper() for w in letters):
            continue  # a sentence that happens to open with a capital and a dash
        keys.update(k for k in (name_key(w) for w in letters) if len(k) > 1)
    return frozenset(keys)


def token_present(key: str, others: set[str]) -> bool:
    """Whether a name word occurs on the other side, allowing derived forms ("China",
    "Chinese"; "Russia", "Russian") but not a one-letter misspelling ("Johnson", "Johnston")."""
    if key in others:
        return True
    if len(key) < 4:
        return False
    stem = key[:4]
    for other in others:
        if other.startswith(stem) and (
            other.startswith(key) or key.startswith(other) or abs(len(other) - len(key)) >= 2
        ):
            return True
    return False


# Titles and generic words a translator may drop or add around a name.
TITLES = frozenset(
    [
        "president",
        "minister",
        "secretary",
        "general",
        "chairman",
        "chairwoman",
        "premier",
        "prime",
        "vice",
        "deputy",
        "director",
        "chief",
        "head",
        "governor",
        "mayor",
        "senator",
        "ambassador",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "professor",
        "dr",
        "mr",
        "mrs",
        "ms",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "saint",
        "st",
        "mount",
        "lake",
        "river",
    ]
)


def name_lost(keys: tuple[str, ...], others: set[str]) -> bool:
    """A name is lost when more than half of its words (titles aside) are not on the other side:
    "Xi Jinping" survives as "President Xi"; "Chinese Foreign Ministry" is lost next to "China"."""
    significant = [k for k in keys if k not in TITLES] or list(keys)
    absent = sum(not token_present(k, others) for k in significant)
    return 2 * absent > len(significant)


def near_miss(key: str, others: set[str]) -> str | None:
    """A word of the other side that looks like a misspelling of ``key`` ("Smith"/"Smyth")."""
    if len(key) < 4:
        return None
    best: str | None = None
    best_score = 0.0
    for other in others:
        if len(other) < 4 or other == key:
            continue
        score = Levenshtein.normalized_similarity(key, other)
        if score >= 0.75 and score > best_score:
            best, best_score = other, score
    return best
