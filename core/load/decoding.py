"""Bytes to text: byte order marks, UTF-8, then charset-normalizer's detection.

The order is deliberate.  A byte order mark is certain.  Bytes that are valid UTF-8 and contain
non-ASCII characters are almost never anything else, and checking that is exact and fast, so
UTF-8 is accepted before any statistics are run.  Everything else (cp1251, cp1252, UTF-16
without a mark, ...) is left to charset-normalizer.  When no decoding yields plausible text the
bytes are reported as binary instead of being turned into mojibake.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass

import charset_normalizer

from core.errors import BinaryInputError
from core.text.language import detect_language

# UTF-32 LE's mark starts with UTF-16 LE's, so it must be tried first.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0 controls other than tab, line feed, vertical tab, form feed and carriage return.  Text
# files hardly ever contain them; bytes decoded with the wrong codec (or not text at all) do.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.02

# ``surrogateescape`` turns each byte that is not valid UTF-8 into one lone surrogate.
_ESCAPED_RUN_RE = re.compile("[\udc80-\udcff]+")
_VALID_NON_ASCII_RE = re.compile("[^\x00-\x7f\udc80-\udcff]")
# A file is "UTF-8 with a few damaged bytes" (a truncated download, one stray cp1252 quote)
# when its valid multi-byte characters outnumber the damaged places by this much.  Text in a
# single-byte code page almost never forms valid UTF-8 sequences, so it stays far below.
_MOSTLY_UTF8_RATIO = 3

# charset-normalizer ranks candidates by "chaos" first, then by how well the most frequent
# letters fit a language.  Single-byte code pages often come out within a few hundredths of each
# other on chaos (French cp1252 scores slightly worse than Baltic cp1257; Russian cp1251 and
# Mac Cyrillic differ only in capitals), and its coherence only sees a language's commonest
# letters, so it cannot tell "œ" from "ś".  Candidates this close to the lowest chaos are
# therefore judged by whether their non-ASCII characters are letters of the text's language.
_CHAOS_WINDOW = 0.05
# Widespread code pages reported in preference to rarer ones that decode to the same text
# (a German cp1252 file is also valid cp1250 and may be detected as such).
_FAMILIAR_SINGLE_BYTE = ("cp1252", "cp1251")
# Judged on every detection besides charset-normalizer's close candidates.
_ALWAYS_CONSIDERED = ("cp1252", "cp1250", "iso8859-2", "cp1251")
# Punctuation and symbols common in real text (and the reason a file is in a Windows code page
# rather than ASCII); any other non-ASCII non-letter counts against a decoding.
_TYPOGRAPHIC = frozenset("\u00a0\u00ad‘’‚“”„«»‹›–—…€•·°§©®™£¿¡")
# HTML declaring Latin-1 means windows-1252 (as browsers read it).
_DECLARED_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252"}


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str  # Python's canonical codec name, e.g. "utf-8", "cp1251", "utf-16-le"
    notes: tuple[str, ...]


def canonical_encoding(name: str) -> str:
    """``codecs`` name for ``name`` ("utf_8" -> "utf-8", "latin_1" -> "iso8859-1")."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


def decode_bytes(data: bytes, name: str, declared: str | None = None) -> DecodedText:
    """Decode ``data`` (the whole file) to text, or raise :class:`BinaryInputError`.

    ``declared`` is an encoding the content names itself (an HTML ``<meta charset>``); it is
    trusted after a byte order mark and valid UTF-8 but before statistical detection.  Line
    endings are left alone: that is the caller's business.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_after_bom(data[len(bom) :], encoding, name)
    if b"\x00" in data:
        # Either UTF-16/32 without a byte order mark or not text at all.
        return _decode_wide_without_bom(data, name)
    return _decode_narrow(data, name, declared, ())


def _decode_after_bom(body: bytes, encoding: str, name: str) -> DecodedText:
    note = f"decoded as {encoding} (byte order mark removed)"
    if encoding == "utf-8":
        # A UTF-8 mark in front of, say, cp1251 bytes happens (careless converters); the body
        # goes through the same checks as a file without a mark.
        return _decode_narrow(body, name, None, (note,))
    try:
        text = body.decode(encoding)
        notes: tuple[str, ...] = (note,)
    except UnicodeDecodeError:
        text = body.decode(encoding, errors="replace")
        notes = (note, f"some bytes were not valid {encoding} and were replaced with \ufffd")
    if not _is_plausible_text(text):
        raise _binary_error(name)
    return DecodedText(text, encoding, notes)


def _decode_wide_without_bom(data: bytes, name: str) -> DecodedText:
    match = charset_normalizer.from_bytes(data).best()
    if match is not None:
        encoding = canonical_encoding(match.encoding)
        if encoding.startswith(("utf-16", "utf-32")):
            text = str(match)
            if _is_plausible_text(text):
                return DecodedText(text, encoding, (f"decoded as {encoding} (detected)",))
    raise BinaryInputError(
        f"{name}: this is not a text file (it contains binary data).",
        name,
    )


def _decode_narrow(
    data: bytes, name: str, declared: str | None, notes: tuple[str, ...]
) -> DecodedText:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        # Implausible "UTF-8" (ASCII control characters) falls through: it may be UTF-16
        # without a mark and without any NUL byte, which detection can still place.
        if _is_plausible_text(text):
            return DecodedText(text, "utf-8", notes or ("decoded as utf-8",))

    mostly = _decode_mostly_utf8(data)
    if mostly is not None:
        text, damaged = mostly
        if _is_plausible_text(text):
            return DecodedText(
                text,
                "utf-8",
                (
                    *(notes or ("decoded as utf-8",)),
                    f"{damaged} damaged byte sequence(s) replaced with \ufffd",
                ),
            )

    if declared is not None:
        decoded = _decode_declared(data, declared)
        if decoded is not None and _is_plausible_text(decoded.text):
            return DecodedText(decoded.text, decoded.encoding, (*notes, *decoded.notes))

    detected = _detect(data)
    if detected is not None and _is_plausible_text(detected.text):
        return DecodedText(detected.text, detected.encoding, (*notes, *detected.notes))
    raise _binary_error(name)


def _decode_mostly_utf8(data: bytes) -> tuple[str, int] | None:
    escaped = data.decode("utf-8", errors="surrogateescape")
    damaged = sum(1 for _ in _ESCAPED_RUN_RE.finditer(escaped))
    valid_non_ascii = len(_VALID_NON_ASCII_RE.findall(escaped))
    if damaged == 0 or valid_non_ascii < _MOSTLY_UTF8_RATIO * damaged:
        return None
    return _ESCAPED_RUN_RE.sub("\ufffd", escaped), damaged


def _decode_declared(data: bytes, declared: str) -> DecodedText | None:
    encoding = canonical_encoding(declared)
    encoding = _DECLARED_ALIASES.get(encoding, encoding)
    try:
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        # Unknown name, a non-text codec such as "base64", or a declaration that lies.
        return None
    return DecodedText(text, encoding, (f"decoded as {encoding} (declared in the file)",))


def _detect(data: bytes) -> DecodedText | None:
    matches = list(charset_normalizer.from_bytes(data))  # best first
    if not matches:
        return None
    lowest_chaos = min(match.chaos for match in matches)
    close = [match for match in matches if match.chaos <= lowest_chaos + _CHAOS_WINDOW]
    texts = [str(match) for match in close]
    encodings = [canonical_encoding(match.encoding) for match in close]
    # On a short text charset-normalizer's chaos measure can prefer a DOS or Nordic code page
    # to the obvious one (English cp1252 with curly quotes read as cp852, Polish ISO-8859-2 as
    # ISO-8859-10): the widespread code pages are always judged too.
    for encoding in _ALWAYS_CONSIDERED:
        if encoding in encodings:
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        texts.append(text)
        encodings.append(encoding)
    chosen = _most_native(texts, encodings)
    text = texts[chosen]
    encoding = _familiar_equivalent(data, text, encodings[chosen])
    return DecodedText(text, encoding, (f"decoded as {encoding} (detected)",))


def _most_native(texts: list[str], encodings: list[str]) -> int:
    """Index of the decoding whose non-ASCII characters are most plausible for its language.

    The language is the same for every candidate (the ASCII letters and most others agree), and
    langdetect's letter profile for it says which letters are real: "œ" is French, "ś" is not.
    Typographic punctuation ("’", "“", "—", "€", "…") is what legacy Windows text is full of,
    so it counts for a candidate; other symbols, box drawing and C1 controls count against it.
    Equal scores go to a widespread code page (English with "café déjà vu": its profile knows
    "é" but neither "à" nor the Baltic "ą", so cp1252 and cp1257 tie), then keep
    charset-normalizer's order.
    """
    if len(set(texts)) == 1:
        return 0
    known = _letters_known_in_language(texts[0])
    best, best_score = 0, (-2.0, False)
    for index, text in enumerate(texts):
        score = (_plausibility(text, known), encodings[index] in _FAMILIAR_SINGLE_BYTE)
        if score > best_score:
            best, best_score = index, score
    return best


def _plausibility(text: str, known: Callable[[str], bool] | None) -> float:
    """From -1 (every distinct non-ASCII character implausible) to 1 (all plausible)."""
    foreign = {ch for ch in set(text) if ord(ch) > 0x7F}
    if not foreign:
        return 1.0
    total = 0
    for ch in foreign:
        if ch in _TYPOGRAPHIC:
            total += 1
        elif ch.isalpha():
            if known is not None:
                total += 1 if known(ch) else -1
        else:
            total -= 1
    return total / len(foreign)


def _letters_known_in_language(text: str) -> Callable[[str], bool] | None:
    """Whether langdetect's profile of ``text``'s language has seen a given letter."""
    language = detect_language(text)  # also loads langdetect's profiles, under its lock
    if not language.is_known:
        return None
    try:
        from langdetect import detector_factory

        # langdetect has no public accessor for its profiles; it has not changed since 2021.
        factory = detector_factory._factory
        column = factory.langlist.index(language.code)
        profile: dict[str, list[float]] = factory.word_lang_prob_map
    except (ImportError, AttributeError, ValueError):
        return None

    def known(letter: str) -> bool:
        probabilities = profile.get(letter)
        return probabilities is not None and probabilities[column] > 0

    return known


def _familiar_equivalent(data: bytes, text: str, encoding: str) -> str:
    for familiar in _FAMILIAR_SINGLE_BYTE:
        if familiar == encoding:
            return encoding
        try:
            if data.decode(familiar) == text:
                return familiar
        except UnicodeDecodeError:
            continue
    return encoding


def _is_plausible_text(text: str) -> bool:
    controls = sum(1 for _ in _CONTROL_RE.finditer(text))
    return controls <= _MAX_CONTROL_SHARE * len(text)


def _binary_error(name: str) -> BinaryInputError:
    return BinaryInputError(
        f"{name}: this does not look like text in any known character encoding "
        "(it may be a binary file).",
        name,
    )
