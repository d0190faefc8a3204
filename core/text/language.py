"""Language of a text, deterministic (langdetect with a fixed seed)."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence

from core.model import UNKNOWN_LANGUAGE, Document, LanguageGuess

# Fewer letters than this and langdetect's answer is a coin toss; say "unknown" instead.
MIN_LETTERS = 20
# langdetect's cost grows with the text; a few samples spread over the document are enough.
_SAMPLE_CHARS = 700  # three samples of ~100 words: plenty for langdetect, 4x faster
_lock = threading.Lock()  # langdetect's factory is global state, loaded lazily


def _sample(text: str) -> str:
    if len(text) <= 3 * _SAMPLE_CHARS:
        return text
    middle = len(text) // 2
    return " ".join(
        (
            text[:_SAMPLE_CHARS],
            text[middle : middle + _SAMPLE_CHARS],
            text[-_SAMPLE_CHARS:],
        )
    )


def detect_language(text: str) -> LanguageGuess:
    sample = _sample(text)
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return UNKNOWN_LANGUAGE
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    with _lock:
        DetectorFactory.seed = 0
        try:
            guesses = detect_langs(sample)
        except LangDetectException:
            return UNKNOWN_LANGUAGE
    if not guesses:
        return UNKNOWN_LANGUAGE
    # langdetect distinguishes zh-cn / zh-tw; for the editor (and sentencex) "zh" is the point.
    candidates = [
        ("zh" if str(guess.lang).startswith("zh") else str(guess.lang), round(float(guess.prob), 4))
        for guess in guesses
    ]
    return _settled_by_function_words(sample, candidates)


# Paragraphs sampled when looking for passages in a second language, and how sure langdetect
# must be: a stray quotation should not make an article look like a translation.
SECONDARY_SAMPLE = 16
SECONDARY_CHARS = 200  # of each sampled paragraph: enough for a confident guess, and cheap
SECONDARY_MIN_PROBABILITY = 0.95


def detect_secondary_language(
    text: str, paragraph_ranges: Sequence[tuple[int, int]], main: LanguageGuess
) -> LanguageGuess:
    """A language other than ``main`` that whole paragraphs are written in, if any.

    Machine translation and hurried human translation leave untranslated passages behind; a
    paragraph confidently in another language is the sign.  At most ``SECONDARY_SAMPLE``
    evenly spaced paragraphs are checked, so this stays cheap on a book.
    """
    if not main.is_known:
        return UNKNOWN_LANGUAGE
    # Length is a cheap stand-in for the letter count here; sampled paragraphs too short in
    # letters come back "unknown" from detect_language anyway.
    candidates = [(start, end) for start, end in paragraph_ranges if end - start >= 80]
    if len(candidates) < 2:
        return UNKNOWN_LANGUAGE
    if len(candidates) > SECONDARY_SAMPLE:
        last = len(candidates) - 1
        picks = sorted({round(k * last / (SECONDARY_SAMPLE - 1)) for k in range(SECONDARY_SAMPLE)})
        candidates = [candidates[k] for k in picks]
    found: dict[str, float] = {}
    for start, end in candidates:
        guess = detect_language(text[start : min(end, start + SECONDARY_CHARS)])
        if (
            guess.code not in {main.code, "unknown"}
            and guess.probability >= SECONDARY_MIN_PROBABILITY
        ):
            found[guess.code] = max(found.get(guess.code, 0.0), guess.probability)
    if not found:
        return UNKNOWN_LANGUAGE
    code = max(found, key=found.__getitem__)
    return LanguageGuess(code, found[code])


def secondary_language(document: Document) -> LanguageGuess:
    """:func:`detect_secondary_language` of a document's paragraphs; the answer is kept on it.

    An explicit call because it costs a few dozen langdetect runs: loading, comparing and
    folder indexing never pay for it; the window asks on its worker thread, the JSON export
    when it writes the field.
    """
    cached = document._cache.get("secondary_language")
    if isinstance(cached, LanguageGuess):
        return cached
    ranges = [(paragraph.start, paragraph.end) for paragraph in document.paragraphs]
    found = detect_secondary_language(document.text, ranges, document.language)
    document._cache["secondary_language"] = found
    return found


# langdetect's guess on a sentence or two is shaky ("Freeman said not having a driver license
# has been a burden." is Dutch to it, 81% against 19% English).  Function words settle it: in
# running text a third to a half of the words are the language's 150 most frequent ones, and
# a text is hardly ever made of another language's.
_WORD_RE = re.compile(r"[^\W\d_]+")
_FUNCTION_SAMPLE_WORDS = 400
FUNCTION_SHARE_FLOOR = 0.25  # of a text's words, for "these are that language's function words"


def function_word_share(text: str, code: str) -> float:
    """Share of the text's first words that are function words of language ``code``
    (0.0 when wordfreq has no list for it)."""
    from core.text.wordlists import function_words

    vocabulary = function_words(code)
    if not vocabulary:
        return 0.0
    head = text[: 20 * _FUNCTION_SAMPLE_WORDS].casefold()
    words = _WORD_RE.findall(head)[:_FUNCTION_SAMPLE_WORDS]
    if not words:
        return 0.0
    return sum(word in vocabulary for word in words) / len(words)


def _settled_by_function_words(text: str, guesses: list[tuple[str, float]]) -> LanguageGuess:
    """langdetect's best guess, unless another of its candidates' function words make up the
    text and the best's do not; the probability is then the function words' verdict."""
    code, probability = guesses[0]
    if len(guesses) == 1:
        return LanguageGuess(code, probability)
    top_share = function_word_share(text, code)
    best_code, best_share = code, top_share
    for other, _ in guesses[1:]:
        share = function_word_share(text, other)
        if share > best_share:
            best_code, best_share = other, share
    if best_code == code or best_share < FUNCTION_SHARE_FLOOR:
        return LanguageGuess(code, probability)
    return LanguageGuess(best_code, round(best_share / (best_share + top_share), 4))
