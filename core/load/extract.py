"""Text out of web pages, Word documents and PDFs.

Each extractor returns paragraphs separated by blank lines, the convention the segmenter
(:mod:`core.text.segment`) reads as paragraph breaks.  Third-party parsers meet hostile input here,
so
anything they raise is turned into a one-line :class:`LoadError` naming the file; the heavy
imports are deferred so that loading a plain-text file never pays for them.
"""

from __future__ import annotations

import io
import logging
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from core.config import CompareConfig
from core.errors import CopydeskError, EmptyInputError, UnreadableInputError

_BLOCK_TAGS = (
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
    "table", "td", "th", "tr", "ul",
)  # fmt: skip
_INVISIBLE_TAGS = ("script", "style", "noscript", "template", "head", "svg", "object", "iframe")
_BLANK_LINES_RE = re.compile(r"\n\s*\n")
_XML_DECLARATION_RE = re.compile(r"\A\s*<\?xml[^>]*>")


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    notes: tuple[str, ...]


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """Non-blank paragraphs, one blank line between them."""
    return "\n\n".join(p for p in paragraphs if p.strip())


# --- HTML ---------------------------------------------------------------------------------


def extract_html(markup: str, name: str) -> Extracted:
    """The article of a web page (trafilatura), else all visible text, else EmptyInputError.

    libxml2 stops building the tree at 2048 levels of nesting (256 without its "huge" option,
    which is what trafilatura would use on its own), and whatever is deeper silently vanishes.
    The page is therefore parsed here with the huge option, and a page deeper even than that is
    read by a plain tag-stripping pass that has no depth limit, with a note saying so.
    """
    tree, too_deep = _parse_html(markup)
    if too_deep:
        plain = _plain_text(markup)
        if plain:
            return Extracted(
                plain,
                (
                    "the web page is nested too deeply for article extraction, so all its "
                    "text is used (menus and other page furniture included)",
                ),
            )
    article = _trafilatura_text(tree) if tree is not None else ""
    if article:
        return Extracted(
            article,
            ("article text extracted from the web page (menus, ads and scripts left out)",),
        )
    visible = _visible_text(markup)
    if visible:
        return Extracted(
            visible,
            ("no article found in the web page, so all its visible text is used",),
        )
    raise EmptyInputError(f"{name}: the web page contains no readable text.", name)


def _parse_html(markup: str) -> tuple[Any, bool]:
    """lxml's tree of the page (None if it cannot be parsed), and whether some was too deep."""
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(huge_tree=True)
    try:
        root = lxml_html.document_fromstring(
            _XML_DECLARATION_RE.sub("", markup, count=1), parser=parser
        )
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None, False
    too_deep = any("depth" in entry.message.lower() for entry in parser.error_log)
    return root, too_deep


def _trafilatura_text(tree: Any) -> str:
    import trafilatura

    try:
        extracted = trafilatura.extract(
            tree,
            output_format="txt",
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            include_formatting=False,
            deduplicate=False,
        )
    except (ValueError, TypeError, AttributeError, RecursionError):
        # Malformed markup that trips the extractor; the plain fallback still gets a chance.
        return ""
    if not extracted:
        return ""
    # trafilatura puts each paragraph, heading and list item on one line.
    return join_paragraphs(line.strip() for line in extracted.splitlines())


class _TextCollector(HTMLParser):
    """Visible text by tag stripping (the standard library's tokenizer keeps no tree)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INVISIBLE_TAGS:
            self._hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE_TAGS:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _plain_text(markup: str) -> str:
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    flat = "".join(collector.parts)
    return join_paragraphs(" ".join(block.split()) for block in _BLANK_LINES_RE.split(flat))


def _visible_text(markup: str) -> str:
    from lxml import etree
    from lxml import html as lxml_html

    try:
        # lxml refuses str input that still carries an XML encoding declaration.
        root = lxml_html.document_fromstring(
            _XML_DECLARATION_RE.sub("", markup, count=1),
            parser=lxml_html.HTMLParser(huge_tree=True),
        )
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return ""
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    etree.strip_elements(root, *_INVISIBLE_TAGS, with_tail=False)
    # Mark paragraph boundaries before flattening, since text_content() forgets structure.
    for element in root.iter(*_BLOCK_TAGS):
        element.text = "\n\n" + (element.text or "")
        element.tail = "\n\n" + (element.tail or "")
    # One <br> is a line wrap inside a paragraph; two in a row separate paragraphs, as they do
    # on pages written without <p>.
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    flat = str(root.text_content())
    # Markup whitespace is layout, not content: collapse it inside each paragraph.
    return join_paragraphs(" ".join(block.split()) for block in _BLANK_LINES_RE.split(flat))


# --- DOCX ---------------------------------------------------------------------------------


def extract_docx(data: bytes, name: str, config: CompareConfig) -> Extracted:
    """Body paragraphs and table rows of a Word document, in document order.

    The XML is streamed with a running cap on what is inflated, the word limit and
    cancellation checked as it goes (:mod:`core.load.wordml`).  Headers, footers, comments and
    text boxes are left out: they are page furniture, not the story.  Each table row becomes
    one paragraph with its cells separated by tabs.
    """
    from core.load.wordml import read_docx

    config.check_cancelled()
    content = read_docx(data, name, config)
    notes = ["text extracted from the Word document (headers and footers left out)"]
    if content.tables:
        notes.append(f"{content.tables} table(s) included, one paragraph per row")
    return Extracted(join_paragraphs(content.paragraphs), tuple(notes))


# --- PDF ----------------------------------------------------------------------------------


class _LibraryLog(logging.Handler):
    """Collects a library's log records per thread, so that they become load notes.

    pypdf reports what it had to repair (or could not) through :mod:`logging`; with no handler
    configured, Python prints those records on stderr, a second line next to Copydesk's own
    message.  Installed once on the library's logger, this handler keeps each record for the
    thread whose extraction produced it and drops the rest.
    """

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self._local = threading.local()

    @contextmanager
    def collecting(self) -> Iterator[list[str]]:
        messages: list[str] = []
        self._local.messages = messages
        try:
            yield messages
        finally:
            self._local.messages = None

    def emit(self, record: logging.LogRecord) -> None:
        messages = getattr(self._local, "messages", None)
        if messages is None:
            return
        try:
            text = " ".join(record.getMessage().split())
        except Exception:  # a library's malformed format arguments must not break loading
            text = str(record.msg)
        if text and text not in messages and len(messages) < _MAX_LIBRARY_NOTES:
            messages.append(text[:_MAX_NOTE_CHARS])


_PDF_LOG = _LibraryLog()
logging.getLogger("pypdf").addHandler(_PDF_LOG)
_MAX_LIBRARY_NOTES = 5
_MAX_NOTE_CHARS = 120


def extract_pdf(data: bytes, name: str, config: CompareConfig) -> Extracted:
    """The text layer of every page; pages are separated by blank lines.

    What pypdf logs while reading (repairs, objects it could not find) becomes a load note
    instead of lines on stderr; a PDF with no text whose reading was troubled is reported as
    damaged, not as a scan without a text layer.
    """
    with _PDF_LOG.collecting() as problems:
        pages = _pdf_pages(data, name, config, problems)
    with_text = [page for page in pages if page.strip()]
    if not with_text:
        if problems:
            raise UnreadableInputError(
                f"{name}: no text could be read from this PDF and it looks damaged "
                f"({problems[0].rstrip('.')}); save a fresh copy from the program that made "
                "it, or use the original document.",
                name,
            )
        raise EmptyInputError(
            f"{name}: this PDF has no text layer (it is probably scanned images); "
            "Copydesk needs the text, for example from the original document or after OCR.",
            name,
        )
    notes = [f"text extracted from {len(pages)} PDF page(s)"]
    if len(with_text) < len(pages):
        notes.append(f"{len(pages) - len(with_text)} page(s) without text were skipped")
    notes.extend(f"the PDF reader reported: {problem}" for problem in problems)
    return Extracted(join_paragraphs(page.strip() for page in pages), tuple(notes))


def _pdf_pages(data: bytes, name: str, config: CompareConfig, problems: list[str]) -> list[str]:
    from pypdf import PasswordType, PdfReader

    pages: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise UnreadableInputError(
                f"{name}: this PDF is protected by a password; open it in a PDF reader and "
                "save an unprotected copy.",
                name,
            )
        for page in reader.pages:
            config.check_cancelled()
            pages.append(page.extract_text() or "")
    except CopydeskError:
        raise
    except Exception as exc:  # pypdf raises many types on corrupt or exotic files
        detail = f" ({problems[0].rstrip('.')})" if problems else ""
        raise UnreadableInputError(
            f"{name}: this PDF is damaged or uses features Copydesk cannot read{detail}.", name
        ) from exc
    return pages
