"""Text out of web pages, Word documents and PDFs.

Each extractor returns paragraphs separated by blank lines, the convention the segmenter
(:mod:`core.text.segment`) reads as paragraph breaks.  Third-party parsers meet hostile input here,
so
anything they raise is turned into a one-line :class:`LoadError` naming the file; the heavy
imports are deferred so that loading a plain-text file never pays for them.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.config import CompareConfig
from core.errors import CopydeskError, EmptyInputError, TooLargeError, UnreadableInputError

if TYPE_CHECKING:
    from docx.table import Table, _Cell

# A .docx is a ZIP; python-docx inflates its XML into memory.  An archive that claims to unpack
# to more than this multiple of the byte limit is refused before it is opened (zip bombs).
_MAX_UNPACKED_RATIO = 4

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
    """The article of a web page (trafilatura), else all visible text, else EmptyInputError."""
    article = _trafilatura_text(markup)
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


def _trafilatura_text(markup: str) -> str:
    import trafilatura

    try:
        extracted = trafilatura.extract(
            markup,
            output_format="txt",
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            include_formatting=False,
            deduplicate=False,
        )
    except (ValueError, TypeError, AttributeError):
        # Malformed markup that trips the extractor; the plain fallback still gets a chance.
        return ""
    if not extracted:
        return ""
    # trafilatura puts each paragraph, heading and list item on one line.
    return join_paragraphs(line.strip() for line in extracted.splitlines())


def _visible_text(markup: str) -> str:
    from lxml import etree
    from lxml import html as lxml_html

    try:
        # lxml refuses str input that still carries an XML encoding declaration.
        root = lxml_html.document_fromstring(_XML_DECLARATION_RE.sub("", markup, count=1))
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

    Headers, footers, comments and text boxes are left out: they are page furniture, not the
    story.  Each table row becomes one paragraph with its cells separated by tabs.
    """
    _check_unpacked_size(data, name, config)
    config.check_cancelled()
    import docx
    from docx.table import Table

    damaged = UnreadableInputError(
        f"{name}: this Word document is damaged or not really a .docx file.", name
    )
    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs: list[str] = []
        tables = 0
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                tables += 1
                paragraphs.extend(_table_rows(block))
            else:
                paragraphs.append(block.text)
    except CopydeskError:
        raise
    except Exception as exc:  # python-docx and lxml raise many types on corrupt input
        raise damaged from exc
    notes = ["text extracted from the Word document (headers and footers left out)"]
    if tables:
        notes.append(f"{tables} table(s) included, one paragraph per row")
    return Extracted(join_paragraphs(paragraphs), tuple(notes))


def _check_unpacked_size(data: bytes, name: str, config: CompareConfig) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableInputError(
            f"{name}: this Word document is damaged or not really a .docx file.", name
        ) from exc
    if unpacked > _MAX_UNPACKED_RATIO * config.max_bytes:
        raise TooLargeError(
            f"{name}: this Word document unpacks to {unpacked:,} bytes, over the limit of "
            f"{_MAX_UNPACKED_RATIO * config.max_bytes:,}.",
            name,
        )


def _table_rows(table: Table) -> Iterator[str]:
    # python-docx repeats a merged cell once per grid column (and per row for vertical
    # merges); each underlying cell's text should appear once.
    seen: set[object] = set()
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            element = cell._tc
            if element in seen:
                continue
            seen.add(element)
            text = _cell_text(cell)
            if text:
                cells.append(text)
        if cells:
            yield "\t".join(cells)


def _cell_text(cell: _Cell) -> str:
    from docx.table import Table

    parts: list[str] = []
    for block in cell.iter_inner_content():
        if isinstance(block, Table):
            parts.extend(_table_rows(block))
        else:
            parts.append(block.text)
    return " ".join(" ".join(part.split()) for part in parts if part.strip())


# --- PDF ----------------------------------------------------------------------------------


def extract_pdf(data: bytes, name: str, config: CompareConfig) -> Extracted:
    """The text layer of every page; pages are separated by blank lines."""
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
        raise UnreadableInputError(
            f"{name}: this PDF is damaged or uses features Copydesk cannot read.", name
        ) from exc
    with_text = [page for page in pages if page.strip()]
    if not with_text:
        raise EmptyInputError(
            f"{name}: this PDF has no text layer (it is probably scanned images); "
            "Copydesk needs the text, for example from the original document or after OCR.",
            name,
        )
    notes = [f"text extracted from {len(pages)} PDF page(s)"]
    if len(with_text) < len(pages):
        notes.append(f"{len(pages) - len(with_text)} page(s) without text were skipped")
    return Extracted(join_paragraphs(page.strip() for page in pages), tuple(notes))
