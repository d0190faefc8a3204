"""What the language says about a word: how common it is, whether it is a function word,
whether it is a month or weekday name that the language capitalises, whether it is an article.

Frequencies come from wordfreq's *small* lists (casefolded words; ~125 KB for English), month
and day names from CLDR through babel.  Both are loaded on first use and cached.  Articles are
a closed grammatical class, listed here for the languages whose newsrooms we expect.
"""

from __future__ import annotations

from functools import lru_cache

# Function words and which lists wordfreq can read are owned by core.text.wordlists (language
# detection needs them too); the traces use them through this module.
from core.text.wordlists import function_words as function_words
from core.text.wordlists import wordfreq_language as _wordfreq_language

# Definite and indefinite articles (closed class; the determiners a machine round trip drops).
ARTICLES: dict[str, frozenset[str]] = {
    "en": frozenset({"a", "an", "the"}),
    "de": frozenset(
        {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer"}
    ),
    "fr": frozenset({"le", "la", "les", "l", "un", "une", "des", "du"}),
    "es": frozenset({"el", "la", "los", "las", "un", "una", "unos", "unas"}),
    "it": frozenset({"il", "lo", "la", "i", "gli", "le", "un", "uno", "una"}),
    "pt": frozenset({"o", "a", "os", "as", "um", "uma"}),
    "nl": frozenset({"de", "het", "een"}),
}

# Languages that capitalise every noun: a capitalised common noun is normal there.
NOUN_CAPITALISING = frozenset({"de", "lb"})


@lru_cache(maxsize=16)
def supported(code: str) -> bool:
    return _wordfreq_language(code) is not None


@lru_cache(maxsize=65536)
def zipf(word: str, code: str) -> float:
    """Zipf frequency (0 = unknown, 3 = once per million words, 7 = "the") of a casefolded word."""
    language = _wordfreq_language(code)
    if language is None:
        return 0.0
    import wordfreq

    return float(wordfreq.zipf_frequency(word, language, wordlist="small"))


@lru_cache(maxsize=16)
def capitalised_calendar_names(code: str) -> frozenset[str]:
    """Casefolded month and weekday names that the language writes with a capital."""
    if not code or code == "unknown":
        return frozenset()
    from babel import Locale, UnknownLocaleError

    names: set[str] = set()
    try:
        locale = Locale.parse(code)
        for table in (locale.months, locale.days):
            for context in ("format", "stand-alone"):
                for name in table.get(context, {}).get("wide", {}).values():
                    if name[:1].isupper() and " " not in name:
                        names.add(name.casefold())
    except (UnknownLocaleError, ValueError, KeyError, TypeError, AttributeError):
        # The installer keeps babel's data for English only (stubs for the rest).
        return frozenset()
    return frozenset(names)


def articles(code: str) -> frozenset[str]:
    return ARTICLES.get(code, frozenset())
