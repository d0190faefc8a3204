"""Loading files, dropped bytes and pasted text into documents.

How a file is read:

* The path is checked with ``stat`` before anything is opened: missing files, folders, devices,
  pipes, sockets, link loops and web addresses are refused with a one-line message, and a file
  over ``config.max_bytes`` is refused without being read.  The file is then read once, in
  binary, never written, and never more than ``max_bytes + 1`` bytes.
* The content decides before the name does.  Images, archives, programs and the like are
  recognised by their first bytes and refused, as are names ending in such an extension
  (.png, .zip, .rtf, .odt, ...) whatever the content.  A PDF or a Word document with a
  misleading name (or no name, as with dropped data) is read as what it is, with a note.
* Text is decoded by :mod:`core.load.decoding` (byte order mark, UTF-8, then charset-normalizer's
  detection); line endings become ``\\n`` and nothing else is changed.
* ``.html``/``.htm`` files, and files without a telling extension whose content is HTML, go
  through trafilatura to keep the article only.  A ``.txt`` or ``.md`` file is only treated as
  HTML when it is a whole web page (it starts with ``<!DOCTYPE html>`` or ``<html>``): an editor
  who saved "page source" as .txt wants the article, while a text that merely mentions or
  contains a few tags is compared as written (with a note).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePath
from urllib.parse import urlsplit
from urllib.request import url2pathname

from core.config import DEFAULT_CONFIG, CompareConfig
from core.errors import (
    EmptyInputError,
    TooLargeError,
    UnreadableInputError,
    UnsupportedFormatError,
    os_error_reason,
    special_file_kind,
)
from core.load.decoding import decode_bytes
from core.load.extract import Extracted, extract_docx, extract_html, extract_pdf
from core.load.formats import (
    DOCX_SUFFIXES,
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    PDF_SUFFIX,
    PLAIN_SUFFIXES,
)
from core.model import Document, LoadInfo
from core.sizes import format_size
from core.text.document import make_document

__all__ = ["load_bytes", "load_file", "load_text"]


_SAVE_AS_ADVICE = "save it as .docx or plain text (.txt) and open that"
_TEXT_ONLY_ADVICE = "Copydesk compares text (.txt, .md, .html, .docx or .pdf files)"


@dataclass(frozen=True, slots=True)
class _Format:
    """A file format recognised from content: what to call it, and what to advise."""

    what: str
    is_document: bool = False  # a word-processor file the editor can re-save in a format we read

    @property
    def advice(self) -> str:
        if self.is_document:
            return f"Copydesk cannot read it; {_SAVE_AS_ADVICE}"
        return _TEXT_ONLY_ADVICE


_WORD_DOCUMENT = _Format("a Word document", is_document=True)


def _suffix_table(description: str, *suffixes: str) -> dict[str, str]:
    return dict.fromkeys(suffixes, description)


# Word-processor formats we cannot read: the editor can save them as something we can.
_UNSUPPORTED_DOCUMENT_SUFFIXES: dict[str, str] = {
    **_suffix_table("a Rich Text Format (RTF) document", ".rtf"),
    **_suffix_table("an old-style Word document (.doc)", ".doc", ".dot"),
    **_suffix_table("an OpenDocument text (.odt)", ".odt", ".ott", ".fodt"),
    **_suffix_table("an Apple Pages document", ".pages"),
    **_suffix_table("a WordPerfect document", ".wpd"),
    **_suffix_table("an e-book", ".epub", ".mobi", ".azw", ".azw3"),
}
# Things that are not documents at all.
_UNSUPPORTED_OTHER_SUFFIXES: dict[str, str] = {
    **_suffix_table("a spreadsheet", ".xls", ".xlsx", ".xlsm", ".ods", ".numbers"),
    **_suffix_table("a presentation", ".ppt", ".pptx", ".odp", ".key"),
    **_suffix_table(
        "an image",
        *(".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic", ".heif"),
        *(".svg", ".ico", ".psd", ".raw", ".cr2", ".nef"),
    ),
    **_suffix_table(
        "an archive", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar", ".zst"
    ),
    **_suffix_table(
        "a program or disk image",
        *(".exe", ".dll", ".so", ".dylib", ".msi", ".dmg", ".app", ".apk", ".jar"),
        ".iso",
    ),
    # .bin is used for any raw binary data (firmware, dumps, downloads with no better name).
    **_suffix_table("a binary data file", ".bin"),
    **_suffix_table(
        "an audio or video file",
        *(".mp3", ".wav", ".m4a", ".aac", ".ogg", ".flac", ".mp4", ".m4v", ".mov", ".avi"),
        *(".mkv", ".webm", ".wmv"),
    ),
}

# (first bytes, offset, what they mean).  PDF and ZIP are not here: those are opened (PDF, DOCX)
# or inspected further.
_SIGNATURES: tuple[tuple[bytes, int, _Format], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, _Format("a PNG image")),
    (b"\xff\xd8\xff", 0, _Format("a JPEG image")),
    (b"GIF87a", 0, _Format("a GIF image")),
    (b"GIF89a", 0, _Format("a GIF image")),
    (b"II*\x00", 0, _Format("a TIFF image")),
    (b"MM\x00*", 0, _Format("a TIFF image")),
    (b"WEBP", 8, _Format("a WebP image")),
    (b"8BPS", 0, _Format("a Photoshop image")),
    (b"\x1f\x8b", 0, _Format("a gzip archive")),
    (b"\xfd7zXZ\x00", 0, _Format("an xz archive")),
    (b"7z\xbc\xaf\x27\x1c", 0, _Format("a 7-Zip archive")),
    (b"Rar!\x1a\x07", 0, _Format("a RAR archive")),
    (b"(\xb5/\xfd", 0, _Format("a Zstandard archive")),
    (b"ustar\x00", 257, _Format("a tar archive")),
    (b"ustar  \x00", 257, _Format("a tar archive")),
    (b"\x7fELF", 0, _Format("a program (ELF executable)")),
    (b"\xcf\xfa\xed\xfe", 0, _Format("a macOS program")),
    (b"\xca\xfe\xba\xbe", 0, _Format("a program (Java class or macOS binary)")),
    (b"\x00asm", 0, _Format("a WebAssembly program")),
    (b"SQLite format 3\x00", 0, _Format("an SQLite database")),
    *((b"ID3" + bytes([version]), 0, _Format("an MP3 audio file")) for version in (2, 3, 4)),
    (b"OggS", 0, _Format("an Ogg audio file")),
    (b"fLaC", 0, _Format("a FLAC audio file")),
    (b"WAVE", 8, _Format("a WAV audio file")),
    (b"AVI ", 8, _Format("an AVI video")),
    (b"ftyp", 4, _Format("a video or audio file (MP4/MOV)")),
    (b"\x1aE\xdf\xa3", 0, _Format("a video file (Matroska/WebM)")),
    (b"{\\rtf", 0, _Format("a Rich Text Format (RTF) document", is_document=True)),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        0,
        _Format("an old-style Office file (.doc/.xls/.ppt)", is_document=True),
    ),
)

# A whole web page: optional XML declaration and comments, then a doctype or <html>.
_HTML_PAGE_RE = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])",
    re.IGNORECASE | re.DOTALL,
)
# Tags that only occur in HTML documents: enough to treat a file with no telling extension as
# a web page.
_HTML_DOCUMENT_TAG_RE = re.compile(r"<(?:head|body)[\s>]", re.IGNORECASE)
_HTML_TAG_RE = re.compile(r"</?(?:p|div|span|br|a|b|i|em|strong|h[1-6]|table|ul|li)\b[^<>]*>")
_SNIFF_CHARS = 4096
_DECLARED_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_URL_SCHEME_RE = re.compile(r"\A[a-z][a-z0-9+.-]+:/", re.IGNORECASE)
_NEWLINE_RE = re.compile(r"\r\n?")


# --- public API ---------------------------------------------------------------------------


def load_text(
    text: str, source: str = "pasted text", config: CompareConfig = DEFAULT_CONFIG
) -> Document:
    """A document from text the editor pasted or typed; only line endings are normalised.

    Lone surrogates (which Python strings can hold but no text file can) are replaced with
    U+FFFD, with a note; surrogate pairs become the character they encode.
    """
    if not isinstance(text, str):
        raise UnreadableInputError(
            f"{source}: expected text, got {type(text).__name__}.", str(source)
        )
    text, repair_notes = _repair_surrogates(text)
    size = len(text.encode("utf-8"))
    if size > config.max_bytes:
        raise TooLargeError(
            f"{source}: the text is {format_size(size)}, over the limit of "
            f"{format_size(config.max_bytes)}.",
            source,
        )
    normalised, notes = _normalise_newlines(text)
    info = LoadInfo(source, "pasted", None, size, (*repair_notes, *notes))
    return make_document(normalised, info, config)


def load_bytes(data: bytes, source: str, config: CompareConfig = DEFAULT_CONFIG) -> Document:
    """A document from the content of a file that is not on disk (dropped or pasted data).

    ``source`` names the data in messages; if it ends in an extension (``"story.docx"``) that
    is used as a hint just as for files.
    """
    if isinstance(data, bytearray | memoryview):
        data = bytes(data)
    if not isinstance(data, bytes):
        raise UnreadableInputError(
            f"{source}: expected the bytes of a file, got {type(data).__name__}.", str(source)
        )
    name = _display_name(source)
    if len(data) > config.max_bytes:
        raise _too_large(name, source, len(data), config)
    return _load_data(data, source, name, PurePath(source).suffix.lower(), config)


def load_file(
    path: str | bytes | os.PathLike[str] | os.PathLike[bytes],
    config: CompareConfig = DEFAULT_CONFIG,
) -> Document:
    """Read, decode or extract, and segment one file.

    Raises a :class:`~core.errors.LoadError` subclass with a message fit for the editor for
    anything that is not a readable text document, and
    :class:`~core.errors.CancelledError` if ``config.should_cancel`` asks to stop.
    """
    file_path = _local_path(path)
    name = _display_name(str(file_path))
    data = _read_file(file_path, name, config)
    config.check_cancelled()
    return _load_data(data, str(file_path), name, file_path.suffix.lower(), config)


# --- reading ------------------------------------------------------------------------------


def _local_path(path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> Path:
    try:
        raw = os.fsdecode(path)  # bytes paths are decoded as the operating system does
    except TypeError as exc:
        raise UnreadableInputError(
            f"{path!r}: this is not a file name ({type(path).__name__}).", repr(path)
        ) from exc
    if not raw.strip():
        raise UnreadableInputError("(no file name): no file was given.", raw)
    if _URL_SCHEME_RE.match(raw):
        parts = urlsplit(raw)
        if parts.scheme.lower() == "file" and parts.netloc in ("", "localhost"):
            return Path(url2pathname(parts.path))
        raise _web_address_error(raw)
    return Path(raw)


def _web_address_error(raw: str) -> UnreadableInputError:
    return UnreadableInputError(
        f"{raw}: this is a web address; Copydesk does not download pages. Save the page "
        "(or copy its text) and open that instead.",
        raw,
    )


def _read_file(path: Path, name: str, config: CompareConfig) -> bytes:
    try:
        status = os.stat(path)
    except OSError as exc:
        raise _access_error(path, name, exc) from exc
    except ValueError as exc:  # an embedded NUL character in the path
        raise UnreadableInputError(f"{name}: this is not a valid file name.", str(path)) from exc
    _check_regular(status.st_mode, path, name)
    if status.st_size > config.max_bytes:
        raise _too_large(name, str(path), status.st_size, config)
    config.check_cancelled()
    # O_NONBLOCK: should the path have become a FIFO since the stat, opening it must not hang
    # waiting for a writer.  O_BINARY: no newline translation on Windows.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise _access_error(path, name, exc) from exc
    try:
        with os.fdopen(descriptor, "rb") as stream:
            _check_regular(os.fstat(stream.fileno()).st_mode, path, name)
            # Sized by the stat (a 64 MB buffer for every small file is wasteful), then more
            # only if the file grew since.
            data = stream.read(min(status.st_size, config.max_bytes) + 1)
            if len(data) > status.st_size:
                data += stream.read(max(0, config.max_bytes + 1 - len(data)))
    except OSError as exc:
        reason = os_error_reason(exc, action="read")
        raise UnreadableInputError(f"{name}: {reason}.", str(path)) from exc
    if len(data) > config.max_bytes:  # it grew after the stat
        raise _too_large(name, str(path), len(data), config)
    return data


def _check_regular(mode: int, path: Path, name: str) -> None:
    what = special_file_kind(mode)
    if what is not None:
        raise UnreadableInputError(f"{name}: this is {what}, not a file.", str(path))


def _access_error(path: Path, name: str, exc: OSError) -> UnreadableInputError:
    source = str(path)
    if isinstance(exc, FileNotFoundError | NotADirectoryError) and source.lower().startswith(
        "www."
    ):
        return _web_address_error(source)
    reason = os_error_reason(exc, is_link=path.is_symlink())
    return UnreadableInputError(f"{name}: {reason}.", source)


# --- recognising and converting -----------------------------------------------------------


def _load_data(data: bytes, source: str, name: str, suffix: str, config: CompareConfig) -> Document:
    if not data:
        raise EmptyInputError(f"{name}: the file is empty.", source)
    _refuse_unsupported_suffix(suffix, name, source)
    _refuse_known_binary(data, name, source)
    if data.startswith(b"%PDF-") or suffix == PDF_SUFFIX:
        return _load_pdf(data, source, name, suffix, config)
    if data.startswith(b"PK\x03\x04") or suffix in DOCX_SUFFIXES:
        return _load_docx(data, source, name, suffix, config)
    return _load_text_format(data, source, name, suffix, config)


def _refuse_unsupported_suffix(suffix: str, name: str, source: str) -> None:
    if suffix in _UNSUPPORTED_DOCUMENT_SUFFIXES:
        what = _UNSUPPORTED_DOCUMENT_SUFFIXES[suffix]
        raise UnsupportedFormatError(
            f"{name}: Copydesk cannot read {what}; {_SAVE_AS_ADVICE}.", source
        )
    if suffix in _UNSUPPORTED_OTHER_SUFFIXES:
        what = _UNSUPPORTED_OTHER_SUFFIXES[suffix]
        raise UnsupportedFormatError(
            f"{name}: this is {what}, not a text document; {_TEXT_ONLY_ADVICE}.", source
        )


def _refuse_known_binary(data: bytes, name: str, source: str) -> None:
    for magic, offset, kind in _SIGNATURES:
        if data.startswith(magic, offset):
            raise UnsupportedFormatError(f"{name}: this is {kind.what}; {kind.advice}.", source)
    # "MZ" alone is too common a start for text; a Windows program also has NUL bytes early.
    if data.startswith(b"MZ") and b"\x00" in data[:64]:
        raise UnsupportedFormatError(
            f"{name}: this is a Windows program; {_TEXT_ONLY_ADVICE}.", source
        )


def _load_pdf(data: bytes, source: str, name: str, suffix: str, config: CompareConfig) -> Document:
    # pypdf tolerates a little junk before the header, as PDF readers do.
    if b"%PDF-" not in data[:1024]:
        raise UnreadableInputError(
            f"{name}: this is not a valid PDF file (it may be damaged or misnamed).", source
        )
    notes = _misnamed_note("a PDF", suffix, PDF_SUFFIX)
    extracted = extract_pdf(data, name, config)
    return _finish(extracted, LoadInfo(source, "pdf", None, len(data), notes), name, config)


def _load_docx(data: bytes, source: str, name: str, suffix: str, config: CompareConfig) -> Document:
    kind = _zip_content(data)
    if kind is None or (kind is not _WORD_DOCUMENT and suffix in DOCX_SUFFIXES):
        raise UnreadableInputError(
            f"{name}: this Word document is damaged or not really a .docx file.", source
        )
    if kind is not _WORD_DOCUMENT:
        raise UnsupportedFormatError(f"{name}: this is {kind.what}; {kind.advice}.", source)
    notes = _misnamed_note("a Word document", suffix, *DOCX_SUFFIXES)
    extracted = extract_docx(data, name, config)
    return _finish(extracted, LoadInfo(source, "docx", None, len(data), notes), name, config)


def _zip_content(data: bytes) -> _Format | None:
    """What a ZIP-based file is, or None if the bytes are not a readable ZIP archive."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = b""
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    mimetype = member.read(100)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None
    if "word/document.xml" in names:
        return _WORD_DOCUMENT
    if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        return _Format("an OpenDocument text (.odt)", is_document=True)
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        return _Format("an OpenDocument spreadsheet, presentation or drawing")
    if mimetype.startswith(b"application/epub+zip"):
        return _Format("an e-book (EPUB)", is_document=True)
    if "xl/workbook.xml" in names:
        return _Format("an Excel spreadsheet")
    if "ppt/presentation.xml" in names:
        return _Format("a PowerPoint presentation")
    return _Format("a ZIP archive")


def _misnamed_note(what: str, suffix: str, *expected: str) -> tuple[str, ...]:
    if suffix in expected:
        return ()
    if suffix:
        return (f"the file is {what} although its name ends in {suffix}",)
    return (f"the content is {what}",)


def _load_text_format(
    data: bytes, source: str, name: str, suffix: str, config: CompareConfig
) -> Document:
    if suffix in HTML_SUFFIXES:
        file_format = "html"
    elif suffix in MARKDOWN_SUFFIXES:
        file_format = "markdown"
    else:
        file_format = "text"
    decoded = decode_bytes(data, name, _declared_charset(data))
    config.check_cancelled()
    text, newline_notes = _normalise_newlines(decoded.text)
    notes = [*decoded.notes, *newline_notes]

    if file_format != "html":
        head = text[:_SNIFF_CHARS]
        is_page = _HTML_PAGE_RE.match(head) is not None
        named_as_text = suffix in PLAIN_SUFFIXES or suffix in MARKDOWN_SUFFIXES
        if is_page or (not named_as_text and _HTML_DOCUMENT_TAG_RE.search(head)):
            file_format = "html"
            notes.append(
                f"the file is a web page (HTML) although its name ends in {suffix}"
                if suffix
                else "the content is a web page (HTML)"
            )
        elif file_format == "text" and _HTML_TAG_RE.search(head):
            notes.append("the text contains HTML tags; they are compared as written")

    if file_format == "html":
        extracted = extract_html(text, name)
        config.check_cancelled()
        text, notes = extracted.text, [*notes, *extracted.notes]
    elif not text.strip():
        raise EmptyInputError(f"{name}: the file contains only blank space.", source)
    info = LoadInfo(source, file_format, decoded.encoding, len(data), tuple(notes))
    return make_document(text, info, config)


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED_CHARSET_RE.search(data, 0, _SNIFF_CHARS)
    if match is None:
        return None
    return (match.group(1) or match.group(2)).decode("ascii")


def _finish(extracted: Extracted, info: LoadInfo, name: str, config: CompareConfig) -> Document:
    config.check_cancelled()
    text, _ = _normalise_newlines(extracted.text)
    if not text.strip():
        raise EmptyInputError(f"{name}: the file contains no text.", info.source)
    full_info = LoadInfo(
        info.source,
        info.format,
        info.encoding,
        info.size_bytes,
        (*info.notes, *extracted.notes),
    )
    return make_document(text, full_info, config)


# --- small helpers ------------------------------------------------------------------------


_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_NAME_UNSAFE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _repair_surrogates(text: str) -> tuple[str, tuple[str, ...]]:
    if text.isascii():
        return text, ()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        return text, ()
    repaired = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    lone = repaired.count("\ufffd") - text.count("\ufffd")
    if lone == 0:
        return repaired, ()
    return repaired, (f"{lone} invalid character(s) (lone surrogates) replaced with \ufffd",)


def _normalise_newlines(text: str) -> tuple[str, tuple[str, ...]]:
    if "\r" not in text:
        return text, ()
    return _NEWLINE_RE.sub("\n", text), ("line endings normalised",)


def _display_name(source: str) -> str:
    # A file name that is not valid UTF-8 reaches us with lone surrogates (os.fsdecode): they
    # must not travel into messages, which are printed and shown.  Nor may control or bidi
    # characters ("report\u202etxt.exe" shows as "reportexe.txt"): they are made visible.
    name = _SURROGATE_RE.sub("\ufffd", PurePath(source).name or source)
    return _NAME_UNSAFE_RE.sub(lambda match: f"<U+{ord(match.group()):04X}>", name)


def _too_large(name: str, source: str, size: int, config: CompareConfig) -> TooLargeError:
    size_text, limit_text = format_size(size), format_size(config.max_bytes)
    if size_text == limit_text:
        # Just over, or a stream read only up to the limit (standard input from /dev/zero):
        # "67 MB, over the limit of 67 MB" would read as a contradiction.
        return TooLargeError(
            f"{name}: the file is larger than the limit of {limit_text} "
            f"({config.max_bytes:,} bytes).",
            source,
        )
    return TooLargeError(
        f"{name}: the file is {size_text}, over the limit of {limit_text}.", source
    )
