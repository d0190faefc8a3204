"""Turning text into a :class:`Document`: tokens, language, sentences, paragraphs."""

from __future__ import annotations

from core.config import DEFAULT_CONFIG, CompareConfig
from core.errors import EmptyInputError, TooLargeError, UnreadableInputError
from core.gcpause import paused_gc
from core.model import Document, LoadInfo, TokenKind
from core.text.language import detect_language
from core.text.segment import segment
from core.text.tokens import tokenize


def _has_surrogates(text: str) -> bool:
    # Encoding is a C loop at memory speed; a regex over a long text is ten times slower.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def make_document(
    text: str,
    info: LoadInfo | None = None,
    config: CompareConfig = DEFAULT_CONFIG,
) -> Document:
    """Build a document from already-decoded text.

    Raises :class:`EmptyInputError` when there is nothing but whitespace and
    :class:`TooLargeError` when the word count is over ``config.max_words``.
    """
    if not isinstance(text, str):
        source = "text" if info is None else info.source
        raise UnreadableInputError(f"{source}: expected text, got {type(text).__name__}.", source)
    if info is None:
        info = LoadInfo("text", "pasted", None, len(text.encode("utf-8", "surrogatepass")))
    if not text.isascii() and _has_surrogates(text):
        # No file holds these; the sentence splitter (Rust) cannot take them.  load_text
        # repairs them before they get here.
        raise UnreadableInputError(
            f"{info.source}: the text contains invalid characters (lone surrogates); "
            "load it with load_text, which replaces them.",
            info.source,
        )
    if not text.strip():
        raise EmptyInputError(f"{info.source}: there is no text to compare.", info.source)
    config.check_cancelled()
    starts, kinds = tokenize(text, config.check_cancelled)
    words = kinds.count(TokenKind.WORD)
    if words > config.max_words:
        raise TooLargeError(
            f"{info.source}: {words:,} words is over the limit of {config.max_words:,}.",
            info.source,
        )
    config.check_cancelled()
    language = detect_language(text)
    with paused_gc():  # a sentence object every ~20 words; see core.gcpause
        sentences, paragraphs = segment(text, starts, kinds, language.code)

    if not sentences:
        raise EmptyInputError(f"{info.source}: there is no text to compare.", info.source)
    return Document(
        text=text,
        info=info,
        token_starts=starts,
        token_kinds=kinds,
        sentences=sentences,
        paragraphs=paragraphs,
        language=language,
    )
