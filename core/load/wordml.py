"""The text of a Word document, read as a stream with its size, words and cancellation checked.

A .docx is a ZIP archive; its story is the XML part ``word/document.xml``.  A hostile file can
be small and still hold hundreds of megabytes of valid, repetitive XML (deflate compresses
repetition about a thousand to one), and a ZIP header can lie about a member's size.  So
nothing here trusts the header or builds the whole tree:

* the member is inflated in chunks of :data:`CHUNK` bytes through ``zipfile``'s streaming
  reader, and the bytes actually inflated are counted against a running cap
  (:func:`xml_limit`), whatever the archive claims;
* the chunks are fed to lxml's pull parser (no DTD, no entity expansion, no network), and each
  top-level paragraph or table is turned into text and then freed as soon as it is complete;
* words are counted as paragraphs arrive, against ``config.max_words``;
* ``config.should_cancel`` is polled before every chunk.

The text is what python-docx's ``Paragraph.text`` and table cells give (runs and hyperlinks;
tabs, line breaks and non-breaking hyphens as characters), paragraphs and tables in document
order, one paragraph per table row with its cells separated by tabs.  Headers, footers,
comments and text boxes are left out: they are page furniture, not the story.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from lxml import etree

from core.config import CompareConfig
from core.errors import CopydeskError, TooLargeError, UnreadableInputError

__all__ = ["CHUNK", "DOCUMENT_PART", "DocxText", "read_docx", "xml_limit"]

DOCUMENT_PART = "word/document.xml"
CHUNK = 64 * 1024  # inflated bytes handed to the parser at a time
# The document XML may inflate to at most this multiple of the file size limit.  Word's XML is
# verbose (ten to thirty bytes of markup per word), so a real 2M-word book stays well below it,
# while the parse stays a few seconds and a few megabytes however the file was made.
XML_RATIO = 2
# Parsing costs about a microsecond per element, whatever the element holds, so XML made of
# nothing but markup (empty runs, formatting) would take half a minute to reach the byte cap.
# Real documents carry words: the markup ("<" counted in the raw bytes, in C) may exceed
# TAGS_PER_WORD per word read so far only by TAG_ALLOWANCE (drawings, section settings...).
TAGS_PER_WORD = 16
TAG_ALLOWANCE = 2_000_000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY, _P, _TBL, _TR, _TC = f"{_W}body", f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_R, _HYPERLINK, _T = f"{_W}r", f"{_W}hyperlink", f"{_W}t"
_TAB, _PTAB, _CR, _BR = f"{_W}tab", f"{_W}ptab", f"{_W}cr", f"{_W}br"
_NB_HYPHEN = f"{_W}noBreakHyphen"
_TCPR, _VMERGE, _VAL, _TYPE = f"{_W}tcPr", f"{_W}vMerge", f"{_W}val", f"{_W}type"
_RUN_CHARACTERS = {_TAB: "\t", _PTAB: "\t", _CR: "\n", _NB_HYPHEN: "-"}


class DocxText:
    """Paragraph texts of a document, and how many tables they came from."""

    __slots__ = ("paragraphs", "tables")

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.tables = 0


def xml_limit(config: CompareConfig) -> int:
    """How many bytes of document XML may be inflated before the file is refused."""
    return XML_RATIO * config.max_bytes


def read_docx(data: bytes, name: str, config: CompareConfig) -> DocxText:
    """Stream ``word/document.xml`` out of ``data``; LoadError for anything wrong with it.

    Raises :class:`TooLargeError` as soon as the inflated XML passes :func:`xml_limit` or the
    words pass ``config.max_words``, and :class:`~core.errors.CancelledError` at the next chunk
    after ``config.should_cancel`` says so.
    """
    damaged = UnreadableInputError(
        f"{name}: this Word document is damaged or not really a .docx file.", name
    )
    limit = xml_limit(config)
    result = DocxText()
    words = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(DOCUMENT_PART) as member:
            parser = _parser()
            inflated = tags = 0
            while True:
                config.check_cancelled()
                # read(n) inflates at most about n bytes, whatever the header says.
                chunk = member.read(CHUNK)
                if not chunk:
                    break
                inflated += len(chunk)
                tags += chunk.count(b"<")
                if inflated > limit:
                    raise TooLargeError(
                        f"{name}: this Word document unpacks to more than {limit:,} bytes of "
                        "text markup, over the limit.",
                        name,
                    )
                parser.feed(chunk)
                words += _collect(parser.read_events(), result)
                if words > config.max_words:
                    raise TooLargeError(
                        f"{name}: more than {config.max_words:,} words is over the limit.",
                        name,
                    )
                if tags > TAG_ALLOWANCE + TAGS_PER_WORD * words:
                    raise TooLargeError(
                        f"{name}: this Word document is almost all markup ({tags:,} tags for "
                        f"{words:,} words) and is refused as too large.",
                        name,
                    )
            parser.close()
            words += _collect(parser.read_events(), result)
    except CopydeskError:
        raise
    except Exception as exc:  # zipfile, zlib and lxml raise many types on corrupt input
        raise damaged from exc
    if words > config.max_words:
        raise TooLargeError(
            f"{name}: more than {config.max_words:,} words is over the limit.", name
        )
    return result


def _parser() -> Any:
    return etree.XMLPullParser(
        events=("end",),
        tag=(_P, _TBL),
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _collect(events: Iterator[tuple[str, Any]], result: DocxText) -> int:
    """Turn each completed top-level paragraph or table into text; free it.  Words added."""
    words = 0
    for _event, element in events:
        parent = element.getparent()
        top_level = parent is not None and parent.tag == _BODY
        if element.tag == _P:
            # Every paragraph is counted as it ends, also in a table still being read.
            text = _paragraph_text(element)
            words += len(text.split())
            if not top_level:
                continue  # its table takes the text when it ends
            result.paragraphs.append(text)
        elif top_level:
            result.tables += 1
            result.paragraphs.extend(_table_rows(element))
        else:
            continue
        # Free what has been read: this element's content and everything before it.
        element.clear(keep_tail=False)
        while element.getprevious() is not None:
            del parent[0]
    return words


def _paragraph_text(paragraph: Any) -> str:
    parts: list[str] = []
    for child in paragraph:
        if child.tag == _R:
            _run_text(child, parts)
        elif child.tag == _HYPERLINK:
            for run in child.iterchildren(_R):
                _run_text(run, parts)
    return "".join(parts)


def _run_text(run: Any, parts: list[str]) -> None:
    for item in run:
        tag = item.tag
        if tag == _T:
            parts.append(item.text or "")
        elif tag == _BR:
            # A page or column break is not a character; a line break (the default) is.
            if item.get(_TYPE, "textWrapping") == "textWrapping":
                parts.append("\n")
        elif tag in _RUN_CHARACTERS:
            parts.append(_RUN_CHARACTERS[tag])


def _table_rows(table: Any) -> Iterator[str]:
    for row in table.iterchildren(_TR):
        cells: list[str] = []
        for cell in row.iterchildren(_TC):
            if _continues_vertical_merge(cell):
                continue  # shows the text of the cell above, already counted
            text = _cell_text(cell)
            if text:
                cells.append(text)
        if cells:
            yield "\t".join(cells)


def _continues_vertical_merge(cell: Any) -> bool:
    properties = cell.find(_TCPR)
    if properties is None:
        return False
    merge = properties.find(_VMERGE)
    return merge is not None and merge.get(_VAL, "continue") == "continue"


def _cell_text(cell: Any) -> str:
    parts: list[str] = []
    for block in cell:
        if block.tag == _TBL:
            parts.extend(_table_rows(block))
        elif block.tag == _P:
            parts.append(_paragraph_text(block))
    return " ".join(" ".join(part.split()) for part in parts if part.strip())
