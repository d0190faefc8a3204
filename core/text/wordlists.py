"""wordfreq's word lists: which languages they cover and each language's function words.

One owner for reading wordfreq, below the rooms that use it: language detection asks which
language's function words a short text is made of (langdetect alone takes "Freeman said not
having a driver license has been a burden." for Dutch); the round-trip traces ask how common
a word is.  Only the *small* lists are read (~125 KB for English; the installer ships a few).
"""

from __future__ import annotations

from functools import lru_cache

# How many of the language's most frequent words count as function words.
FUNCTION_WORDS = 150

# wordfreq needs extra tokenisers (jieba, MeCab) for these; their words have no case anyway.
_NEEDS_TOKENISER = frozenset({"zh", "ja", "ko"})


@lru_cache(maxsize=64)
def wordfreq_language(code: str) -> str | None:
    """The code when wordfreq's small list for it can be read."""
    if not code or code == "unknown" or code in _NEEDS_TOKENISER:
        return None
    import wordfreq

    if code not in wordfreq.available_languages("small"):
        return None
    try:
        wordfreq.get_frequency_dict(code, wordlist="small")
    except (OSError, LookupError, ValueError):
        return None
    return code


@lru_cache(maxsize=16)
def function_words(code: str) -> frozenset[str]:
    """The language's most frequent words, casefolded (empty when wordfreq lacks it)."""
    language = wordfreq_language(code)
    if language is None:
        return frozenset()
    import wordfreq

    return frozenset(wordfreq.top_n_list(language, FUNCTION_WORDS, wordlist="small"))
