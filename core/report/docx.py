"""The redline as a Word document with tracked changes (``w:ins``, ``w:del``, moves).

python-docx makes the package (styles, settings, core properties, relationships); the body is
built with lxml from :func:`core.report.redline.build_redline`: text common to both versions as
plain runs, B's additions in ``w:ins``, A's words in ``w:del`` (``w:delText``), moved passages
as ``w:moveFrom``/``w:moveTo`` runs inside ``w:moveFromRangeStart``/``w:moveToRangeStart``
ranges of the same ``w:name``, and paragraph marks that only one version has as inserted,
deleted or moved paragraph marks (``w:pPr/w:rPr/w:ins`` ...).  Every revision has the author
"Copydesk" and the comparison's date.  Accept All in Word or LibreOffice gives B's
paragraphs, Reject All A's.

Text goes into the XML through lxml, which escapes ``<``, ``&`` and quotes; characters XML 1.0
cannot hold are replaced one for one (separator controls by a space, other controls, lone
surrogates and non-characters by U+FFFD), so words stay words.  Line breaks inside a paragraph
become ``w:br`` and tabs ``w:tab``.
"""

from __future__ import annotations

import datetime
import io
import os
import re

import docx
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from core.errors import CopydeskError
from core.model import Comparison, ResultState
from core.report.files import atomic_write_bytes, check_not_an_input
from core.report.redline import Event, EventKind, Mark, Redline, build_redline

AUTHOR = "Copydesk"
HEADER_PARAGRAPHS = 1  # the first body paragraph is the header, not part of either text

_W = qn("w:id")
_AUTHOR = qn("w:author")
_DATE = qn("w:date")
_NAME = qn("w:name")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# What XML 1.0 cannot hold.  The tokenizer reads U+001C..U+001F as whitespace, the other
# controls as punctuation: replacing each by one character of the same class keeps the words.
_ILLEGAL_RE = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ILLEGAL_TABLE = {code: "\ufffd" for code in (*range(0x00, 0x09), *range(0x0E, 0x1C))}
_ILLEGAL_TABLE.update({code: " " for code in range(0x1C, 0x20)})
# Line breaks inside a paragraph (vertical tab and form feed are also not XML) and tabs.
_BREAK_RE = re.compile("(\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]|\t)")

_CONTAINERS = {
    Mark.INSERTED: qn("w:ins"),
    Mark.DELETED: qn("w:del"),
    Mark.MOVED_FROM: qn("w:moveFrom"),
    Mark.MOVED_TO: qn("w:moveTo"),
}
_RANGE_STARTS = {
    Mark.MOVED_FROM: qn("w:moveFromRangeStart"),
    Mark.MOVED_TO: qn("w:moveToRangeStart"),
}
_RANGE_ENDS = {
    Mark.MOVED_FROM: qn("w:moveFromRangeEnd"),
    Mark.MOVED_TO: qn("w:moveToRangeEnd"),
}
_P, _R, _T, _DEL_TEXT = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:delText")
_BR, _TAB, _PPR, _RPR = qn("w:br"), qn("w:tab"), qn("w:pPr"), qn("w:rPr")


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold replaced one for one."""
    if _ILLEGAL_RE.search(text) is None:
        return text
    text = text.translate(_ILLEGAL_TABLE)
    return _ILLEGAL_RE.sub("\ufffd", text)  # surrogates and non-characters


def revision_date(comparison: Comparison) -> str:
    """The comparison's date as W3C date-time in UTC (now, for a result without one)."""
    when = comparison.compared_at or datetime.datetime.now(datetime.UTC)
    if when.tzinfo is None:
        when = when.astimezone()
    return when.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class _BodyWriter:
    """Appends the redline's paragraphs to a list of ``w:p`` elements."""

    def __init__(self, date: str) -> None:
        self.date = date
        self.next_id = 1
        self.paragraphs: list[etree._Element] = []
        self.paragraph = self._new_paragraph()
        # The open revision container and its mark, so a paragraph's runs of one kind share it.
        self._container: etree._Element | None = None
        self._container_mark: Mark | None = None

    def _new_paragraph(self) -> etree._Element:
        paragraph = etree.Element(_P)
        self.paragraphs.append(paragraph)
        self._container = None
        self._container_mark = None
        return paragraph

    def _revision(self, parent: etree._Element, tag: str) -> etree._Element:
        element = etree.SubElement(parent, tag)
        element.set(_W, str(self.next_id))
        element.set(_AUTHOR, AUTHOR)
        element.set(_DATE, self.date)
        self.next_id += 1
        return element

    def text(self, mark: Mark, text: str) -> None:
        if mark is Mark.SAME:
            parent = self.paragraph
            self._container = None
            self._container_mark = None
        else:
            if self._container is None or self._container_mark is not mark:
                self._container = self._revision(self.paragraph, _CONTAINERS[mark])
                self._container_mark = mark
            parent = self._container
        run = etree.SubElement(parent, _R)
        text_tag = _DEL_TEXT if mark is Mark.DELETED else _T
        for piece in _BREAK_RE.split(xml_safe(text)):
            if not piece:
                continue
            if piece == "\t":
                etree.SubElement(run, _TAB)
            elif _BREAK_RE.fullmatch(piece):
                etree.SubElement(run, _BR)
            else:
                element = etree.SubElement(run, text_tag)
                element.text = piece
                if piece[0].isspace() or piece[-1].isspace():
                    element.set(_XML_SPACE, "preserve")

    def move_marker(self, event: Event) -> None:
        name = f"move{event.move}"
        if event.kind is EventKind.MOVE_START:
            element = self._revision(self.paragraph, _RANGE_STARTS[event.mark])
            element.set(_NAME, name)
            self._range_ids[(event.mark, event.move)] = element.get(_W, "")
        else:
            element = etree.SubElement(self.paragraph, _RANGE_ENDS[event.mark])
            element.set(_W, self._range_ids.pop((event.mark, event.move)))
        self._container = None
        self._container_mark = None

    _range_ids: dict[tuple[Mark, int], str]

    def paragraph_end(self, mark: Mark) -> None:
        if mark is not Mark.SAME:
            properties = self.paragraph.find(_PPR)
            if properties is None:
                properties = etree.Element(_PPR)
                self.paragraph.insert(0, properties)
            run_properties = etree.SubElement(properties, _RPR)
            self._revision(run_properties, _CONTAINERS[mark])
        self.paragraph = self._new_paragraph()

    def write(self, redline: Redline) -> list[etree._Element]:
        self._range_ids = {}
        for event in redline.events:
            kind = event.kind
            if kind is EventKind.TEXT:
                self.text(event.mark, event.text)
            elif kind is EventKind.BREAK:
                self.paragraph_end(event.mark)
            else:
                self.move_marker(event)
        return self.paragraphs


def _header_lines(comparison: Comparison, date: str) -> list[str]:
    lines = [
        f"Redline by {AUTHOR}: A {comparison.a.name} \u2192 B {comparison.b.name}",
    ]
    verdict, metrics = comparison.verdict, comparison.metrics
    facts = []
    if verdict is not None:
        facts.append(f"Verdict: {verdict.kind.label} (confidence {verdict.confidence:.0%})")
    if metrics is not None:
        facts.append(f"word similarity {metrics.word_similarity:.0%}")
    facts.append(f"compared {date.replace('T', ' ').replace('Z', ' UTC')}")
    lines.append(" \u00b7 ".join(facts))
    lines.append(
        "The tracked changes turn A into B: Accept All gives B's text, Reject All gives A's; "
        "moved passages are marked as moves."
    )
    return lines


def _header_paragraph(comparison: Comparison, date: str) -> etree._Element:
    """The header: three lines in one paragraph, not a revision, ruled off from the text."""
    paragraph = etree.Element(_P)
    properties = etree.SubElement(paragraph, _PPR)
    borders = etree.SubElement(properties, qn("w:pBdr"))
    bottom = etree.SubElement(borders, qn("w:bottom"))
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "4"), ("w:color", "999999")):
        bottom.set(qn(key), value)
    spacing = etree.SubElement(properties, qn("w:spacing"))
    spacing.set(qn("w:after"), "240")
    for number, line in enumerate(_header_lines(comparison, date)):
        run = etree.SubElement(paragraph, _R)
        run_properties = etree.SubElement(run, _RPR)
        if number == 0:
            etree.SubElement(run_properties, qn("w:b"))
        size = etree.SubElement(run_properties, qn("w:sz"))
        size.set(qn("w:val"), "20" if number == 0 else "18")
        if number:
            etree.SubElement(run, _BR)
        text = etree.SubElement(run, _T)
        text.text = xml_safe(line)
    return paragraph


def to_docx_bytes(comparison: Comparison) -> bytes:
    """The .docx file of a completed comparison."""
    if comparison.state is not ResultState.COMPLETED:
        raise CopydeskError(
            f"No redline: the comparison was {comparison.state.value}. "
            + (comparison.message or "")
        )
    date = revision_date(comparison)
    redline = build_redline(comparison)
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.size = Pt(11)
    properties = document.core_properties
    properties.author = AUTHOR
    properties.last_modified_by = AUTHOR
    properties.title = xml_safe(f"Redline: {comparison.a.name} vs {comparison.b.name}")
    properties.comments = ""
    when = datetime.datetime.strptime(date, "%Y-%m-%dT%H:%M:%SZ")
    properties.created = when
    properties.modified = when
    properties.revision = 1
    body = document.element.body
    for old in body.findall(_P):
        body.remove(old)
    section = body.find(qn("w:sectPr"))
    paragraphs = [_header_paragraph(comparison, date), *_BodyWriter(date).write(redline)]
    position = len(body) if section is None else body.index(section)
    body[position:position] = paragraphs
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_docx(comparison: Comparison, path: str | os.PathLike[str]) -> None:
    """Write the redline atomically (the old file or the complete new one, never half).

    Refuses to overwrite either compared file, like every other report.
    """
    check_not_an_input(comparison, path)
    atomic_write_bytes(path, to_docx_bytes(comparison))
