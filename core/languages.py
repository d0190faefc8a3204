"""How Copydesk names a language and says that the two sides are in different languages.

One owner for that wording, at the base of core beside :mod:`core.model` and :mod:`core.sizes`,
because rooms on different floors say it: the verdict (:mod:`core.verdict.metrics`) gives it
as the explanation of a word-by-word comparison of two languages; the report, the command
line's summary and the JSON (:mod:`core.report`) print it as a notice; the window shows it as
its banner.  Imports run text <- verdict <- engine <- report, so the verdict may not import
:mod:`core.report.labels` (which re-exports these) and the rule lives here, below all of them.
"""

from __future__ import annotations

from core.model import LanguageGuess, Metrics
from core.sizes import percent

# langdetect's codes for Chinese carry no script; CLDR names the script ("Chinese (Simplified)").
_CLDR_LOCALES = {"zh": "zh_Hans", "zh-cn": "zh_Hans", "zh-tw": "zh_Hant"}


def plain_language_name(code: str) -> str:
    """ "German" for "de": CLDR's English name of a language code, or the code itself."""
    try:
        from babel import Locale  # installed with trafilatura; names only, so optional

        locale = _CLDR_LOCALES.get(code.lower(), code.replace("-", "_"))
        return Locale.parse(locale).get_display_name("en") or code
    except Exception:  # any babel failure just means "show the code"
        return code


def language_name(language: LanguageGuess) -> str:
    """ "French (fr, 99%)", or "unknown" when langdetect had no opinion."""
    if not language.is_known:
        return "unknown"
    name = plain_language_name(language.code)
    share = percent(language.probability)
    if name == language.code:
        return f"{language.code} ({share})"
    return f"{name} ({language.code}, {share})"


def different_languages_message(metrics: Metrics) -> str:
    """The one notice shown wherever the two sides are in different languages.

    Across two languages of the sentence encoder (``metrics.translation`` is set) sentences
    were matched by meaning; otherwise the words were compared, which says little.
    """
    languages = (
        f"The texts are in different languages: A is {language_name(metrics.language_a)}, "
        f"B is {language_name(metrics.language_b)}."
    )
    if metrics.translation is not None:
        return (
            f"{languages} Sentences were matched by meaning and words are not compared; weak "
            "pairs (possible mistranslation or rewrite) are marked."
        )
    return (
        f"{languages} One is probably a translation of the other; word-by-word similarity "
        "means little across languages."
    )


def secondary_language_message(side: str, language: LanguageGuess, secondary: LanguageGuess) -> str:
    """Whole paragraphs of one side in a second language: text a translation left behind."""
    return (
        f"Side {side} is in {language_name(language)} but whole paragraphs are in "
        f"{language_name(secondary)}: it looks like a translation with text left untranslated, "
        "as machine translation often leaves it."
    )
