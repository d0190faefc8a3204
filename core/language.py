"""Language of a text, deterministic (langdetect with a fixed seed)."""

from __future__ import annotations

import threading

from core.model import UNKNOWN_LANGUAGE, LanguageGuess

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
    best = guesses[0]
    code = str(best.lang)
    # langdetect distinguishes zh-cn / zh-tw; for the editor (and sentencex) "zh" is the point.
    if code.startswith("zh"):
        code = "zh"
    return LanguageGuess(code, round(float(best.prob), 4))
