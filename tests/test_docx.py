"""The Word redline: tracked changes read back from word/document.xml.

Accept All (keep w:ins and w:moveTo, drop w:del and w:moveFrom, drop the paragraph marks that
are deleted or moved away) must give B's paragraphs; Reject All the reverse must give A's.
"""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from core import compare, load_text
from core.errors import CopydeskError
from core.model import Comparison, Document, ResultState, TokenKind
from core.report.docx import AUTHOR, HEADER_PARAGRAPHS, to_docx_bytes, write_docx, xml_safe
from core.report.redline import Mark, build_redline
from core.text.tokens import tokenize

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
KEPT = {
    "a": {f"{W}del", f"{W}moveFrom"},  # Reject All keeps deletions and moved-from text
    "b": {f"{W}ins", f"{W}moveTo"},  # Accept All keeps insertions and moved-to text
}
REVISIONS = {f"{W}ins", f"{W}del", f"{W}moveFrom", f"{W}moveTo"}


def compared(text_a: str, text_b: str) -> Comparison:
    return compare(load_text(text_a, "a.txt"), load_text(text_b, "b.txt"))


def document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def _run_text(run: etree._Element) -> str:
    parts = []
    for child in run:
        if child.tag in (f"{W}t", f"{W}delText"):
            parts.append(child.text or "")
        elif child.tag == f"{W}br":
            parts.append("\n")
        elif child.tag == f"{W}tab":
            parts.append("\t")
    return "".join(parts)


def _paragraph_text(paragraph: etree._Element, side: str) -> str:
    parts = []
    for child in paragraph:
        if child.tag == f"{W}r":
            parts.append(_run_text(child))
        elif child.tag in REVISIONS and child.tag in KEPT[side]:
            parts.extend(_run_text(run) for run in child.iter(f"{W}r"))
    return "".join(parts)


def _mark_kept(paragraph: etree._Element, side: str) -> bool:
    marks = paragraph.findall(f"{W}pPr/{W}rPr/*")
    revision = [mark.tag for mark in marks if mark.tag in REVISIONS]
    return not revision or revision[0] in KEPT[side]


def resolve(data: bytes, side: str) -> list[str]:
    """The body's paragraphs (header left out) after Reject All ("a") or Accept All ("b")."""
    body = document_xml(data).find(f"{W}body")
    assert body is not None
    paragraphs = body.findall(f"{W}p")[HEADER_PARAGRAPHS:]
    out: list[str] = []
    current: list[str] = []
    for number, paragraph in enumerate(paragraphs):
        current.append(_paragraph_text(paragraph, side))
        if number == len(paragraphs) - 1 or _mark_kept(paragraph, side):
            out.append("".join(current))
            current = []
    return out


_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")


def expected_paragraphs(document: Document) -> list[str]:
    """A document's paragraphs as Word holds them: XML-safe, line breaks as "\\n"."""
    if not document.paragraphs:
        return [""]
    return [
        _LINE_BREAKS.sub("\n", xml_safe(document.text[p.start : p.end]))
        for p in document.paragraphs
    ]


def words(text: str) -> list[str]:
    starts, kinds = tokenize(text)
    return [
        text[starts[i] : starts[i + 1]] for i, kind in enumerate(kinds) if kind == TokenKind.WORD
    ]


def check_round_trip(comparison: Comparison) -> bytes:
    data = to_docx_bytes(comparison)
    assert resolve(data, "b") == expected_paragraphs(comparison.b)
    assert resolve(data, "a") == expected_paragraphs(comparison.a)
    check_moves(data)
    return data


def check_moves(data: bytes) -> None:
    root = document_xml(data)
    ids = [element.get(f"{W}id") for element in root.iter() if element.get(f"{W}id") is not None]
    starts = {f"{W}moveFromRangeStart", f"{W}moveToRangeStart"}
    range_ids = [e.get(f"{W}id") for e in root.iter() if e.tag in starts]
    ends = [e.get(f"{W}id") for e in root.iter(f"{W}moveFromRangeEnd", f"{W}moveToRangeEnd")]
    # Revision ids are unique; each range end closes one range start.
    assert len(ids) - len(ends) == len(set(ids))
    assert sorted(range_ids) == sorted(ends)
    from_names = [e.get(f"{W}name") for e in root.iter(f"{W}moveFromRangeStart")]
    to_names = [e.get(f"{W}name") for e in root.iter(f"{W}moveToRangeStart")]
    assert sorted(from_names) == sorted(to_names)
    assert len(set(from_names)) == len(from_names)
    # Every w:moveFrom lies in a moveFrom range and has moved-to text under the same name.
    for tag, start_tag, end_tag in (
        ("moveFrom", "moveFromRangeStart", "moveFromRangeEnd"),
        ("moveTo", "moveToRangeStart", "moveToRangeEnd"),
    ):
        open_range: str | None = None
        seen: set[str] = set()
        for element in root.iter(f"{W}{start_tag}", f"{W}{end_tag}", f"{W}{tag}"):
            if element.tag == f"{W}{start_tag}":
                open_range = element.get(f"{W}name")
            elif element.tag == f"{W}{end_tag}":
                open_range = None
            else:
                assert open_range is not None, f"w:{tag} outside its range"
                seen.add(open_range)
        assert seen <= set(from_names)
    moved_from = len(list(root.iter(f"{W}moveFrom")))
    moved_to = len(list(root.iter(f"{W}moveTo")))
    assert (moved_from == 0) == (moved_to == 0)


STORY_A = (
    "The council approved the budget on Tuesday. It includes new money for schools.\n\n"
    "Critics said the plan was rushed. The mayor disagreed.\n\n"
    "The vote was 7 to 2. A second vote follows in May.\n\n"
    "Residents can comment until Friday."
)
STORY_B = (
    "The council approved the budget on Tuesday.\n\n"  # split: A's paragraph 1 in two
    "It includes new money for schools and roads.\n\n"
    "Residents can comment until Friday. The vote was 7 to 2.\n\n"  # moved, merged
    "A second vote follows in June. The mayor disagreed strongly."
)


def test_accept_all_gives_b_and_reject_all_gives_a():
    comparison = compared(STORY_A, STORY_B)
    data = check_round_trip(comparison)
    assert words("\n".join(resolve(data, "b"))) == words(comparison.b.text)
    assert words("\n".join(resolve(data, "a"))) == words(comparison.a.text)
    root = document_xml(data)
    inserted = "".join(t.text or "" for t in root.iterfind(f".//{W}ins//{W}t"))
    deleted = "".join(t.text or "" for t in root.iterfind(f".//{W}del//{W}delText"))
    assert "roads" in inserted and "June" in inserted
    assert "May" in deleted and "Critics said the plan was rushed." in deleted


def test_moved_sentence_is_a_move_pair():
    a = "First point here. Second point there.\n\nThird point follows. Fourth point ends it."
    b = "First point here. Fourth point ends it.\n\nThird point follows. Second point there."
    comparison = compared(a, b)
    data = check_round_trip(comparison)
    root = document_xml(data)
    assert list(root.iter(f"{W}moveFrom")) and list(root.iter(f"{W}moveTo"))
    moved_from, moved_to = moved_texts(root, "moveFrom"), moved_texts(root, "moveTo")
    assert moved_from and moved_from == moved_to
    assert set(moved_from.values()) & {"Second point there.", "Fourth point ends it."}


def moved_texts(root: etree._Element, tag: str) -> dict[str, str]:
    """Text of each moved passage, by the name of its range."""
    texts: dict[str, str] = {}
    name = ""
    for element in root.iter(f"{W}{tag}RangeStart", f"{W}{tag}"):
        if element.tag == f"{W}{tag}RangeStart":
            name = element.get(f"{W}name") or ""
        else:
            texts[name] = texts.get(name, "") + "".join(t.text or "" for t in element.iter(f"{W}t"))
    return texts


def test_paragraph_marks_carry_the_merge_and_the_split():
    a = "One sentence here. Two sentence there.\n\nThree comes next.\n\nFour is last."
    b = "One sentence here.\n\nTwo sentence there.\n\nThree comes next. Four is last."
    data = check_round_trip(compared(a, b))
    root = document_xml(data)
    marks = [m.tag for m in root.iterfind(f".//{W}pPr/{W}rPr/*")]
    assert f"{W}ins" in marks and f"{W}del" in marks


def test_revisions_have_author_and_the_comparisons_date():
    comparison = compared(STORY_A, STORY_B)
    assert comparison.compared_at is not None
    data = to_docx_bytes(comparison)
    root = document_xml(data)
    revisions = [e for e in root.iter() if e.tag in REVISIONS and e.getparent().tag != f"{W}rPr"]
    revisions += list(root.iterfind(f".//{W}pPr/{W}rPr/*"))
    assert revisions
    stamp = comparison.compared_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for element in revisions:
        assert element.get(f"{W}author") == AUTHOR
        assert element.get(f"{W}date") == stamp


def test_header_paragraph_is_not_a_revision_and_names_the_files():
    comparison = compared(STORY_A, STORY_B)
    body = document_xml(to_docx_bytes(comparison)).find(f"{W}body")
    assert body is not None
    header = body.findall(f"{W}p")[0]
    assert not [e for e in header.iter() if e.tag in REVISIONS]
    text = "".join(t.text or "" for t in header.iter(f"{W}t"))
    assert "a.txt" in text and "b.txt" in text
    assert comparison.verdict is not None and comparison.verdict.kind.label in text
    assert "word similarity" in text


HOSTILE = (
    "AT&T said <b>\"no\"</b> & 'maybe' ]]> <!-- x --> \x00nul\x01ctl\x1cfs\x0bvt\x0cff\x7fdel\ufffe"
)


def test_markup_quotes_and_control_characters_survive():
    a = f"The report was short. {HOSTILE} ended it.\n\nTabs\tstay here."
    b = f'The report was long. {HOSTILE} ended it.\n\nTabs\tstay here. <New> & "quoted" words.'
    comparison = compared(a, b)
    data = check_round_trip(comparison)
    accepted = "\n".join(resolve(data, "b"))
    for fragment in ("AT&T", '<b>"no"</b>', "'maybe'", "]]>", "<!-- x -->", '<New> & "quoted"'):
        assert fragment in accepted
    assert words(accepted) == words(comparison.b.text)
    assert words("\n".join(resolve(data, "a"))) == words(comparison.a.text)


def test_xml_safe_replaces_one_for_one_and_keeps_words():
    text = "a\x00b\x1fc\ud800d\ufffee\tf\ng"
    safe = xml_safe(text)
    assert len(safe) == len(text)
    assert safe == "a\ufffdb c\ufffdd\ufffde\tf\ng"
    assert words(safe) == words(text)


def test_opens_with_python_docx(tmp_path):
    import docx

    target = tmp_path / "redline.docx"
    comparison = compared(STORY_A, STORY_B)
    write_docx(comparison, target)
    document = docx.Document(str(target))
    assert len(document.paragraphs) >= HEADER_PARAGRAPHS + 1
    assert document.core_properties.author == AUTHOR
    assert "a.txt" in document.paragraphs[0].text


def test_written_atomically_and_never_half(tmp_path, monkeypatch):
    target = tmp_path / "redline.docx"
    target.write_bytes(b"old")
    comparison = compared(STORY_A, STORY_B)

    def broken(_comparison: Comparison) -> bytes:
        raise RuntimeError("boom")

    monkeypatch.setattr("core.report.docx.to_docx_bytes", broken)
    with pytest.raises(RuntimeError):
        write_docx(comparison, target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["redline.docx"]
    monkeypatch.undo()
    write_docx(comparison, target)
    assert zipfile.is_zipfile(target)


def test_a_cancelled_comparison_has_no_redline():
    comparison = compared(STORY_A, STORY_B)
    from dataclasses import replace

    cancelled = replace(comparison, state=ResultState.CANCELLED, blocks=(), message="Stopped.")
    with pytest.raises(CopydeskError):
        to_docx_bytes(cancelled)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Short.", "Only B has these words.\n\nTwo paragraphs."),
        ("Only A has these words.\n\nTwo paragraphs.", "Short."),
        ("Same text.", "Same text."),
        (
            "Line one\nline two of one paragraph.\n\nNext.",
            "Line one line two of one paragraph.\n\nNext.",
        ),
        (
            "One per line.\nSecond line.\nThird line.",
            "One per line.\n\nSecond line.\n\nThird line.",
        ),
        ("Café déjà vu. “Quoted” text.", 'CAFÉ déjà vu. "Quoted" text!'),
    ],
)
def test_edge_cases_round_trip(a, b):
    check_round_trip(compared(a, b))


SENTENCES = [
    "The minister resigned on Monday.",
    "Shares fell sharply in early trading.",
    "Police closed the road for hours.",
    "The company declined to comment.",
    "Rain is expected over the weekend.",
    "Officials counted the votes again.",
    "A spokesman confirmed the figures.",
    "The museum reopens next spring.",
    "Fans queued through the night.",
    "The court adjourned until Thursday.",
]


@st.composite
def story_pairs(draw: st.DrawFn) -> tuple[str, str]:
    picks = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=8))
    a_paragraphs = _group(picks, draw(st.lists(st.booleans(), min_size=8, max_size=8)))
    b_picks = list(picks)
    for _ in range(draw(st.integers(0, 3))):
        operation = draw(st.sampled_from(["drop", "add", "move", "reword", "case"]))
        if operation == "drop" and len(b_picks) > 1:
            b_picks.pop(draw(st.integers(0, len(b_picks) - 1)))
        elif operation == "add":
            b_picks.insert(draw(st.integers(0, len(b_picks))), draw(st.sampled_from(SENTENCES)))
        elif operation == "move" and len(b_picks) > 2:
            b_picks.insert(draw(st.integers(0, len(b_picks) - 1)), b_picks.pop(0))
        elif operation == "reword" and b_picks:
            k = draw(st.integers(0, len(b_picks) - 1))
            b_picks[k] = b_picks[k].replace("the", draw(st.sampled_from(["a", "this", "<&>"])))
        elif operation == "case" and b_picks:
            k = draw(st.integers(0, len(b_picks) - 1))
            b_picks[k] = b_picks[k].upper()
    b_paragraphs = _group(b_picks, draw(st.lists(st.booleans(), min_size=8, max_size=8)))
    return a_paragraphs, b_paragraphs


def _group(sentences: list[str], breaks: list[bool]) -> str:
    out = []
    for number, sentence in enumerate(sentences):
        if number:
            out.append("\n\n" if breaks[number % len(breaks)] else " ")
        out.append(sentence)
    return "".join(out)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(story_pairs())
def test_round_trip_property(pair):
    check_round_trip(compared(*pair))


def test_redline_stream_matches_both_sides():
    comparison = compared(STORY_A, STORY_B)
    redline = build_redline(comparison)
    text = [comparison.a.text[p.start : p.end] for p in comparison.a.paragraphs]
    assert redline.text_of("a") == text
    text = [comparison.b.text[p.start : p.end] for p in comparison.b.paragraphs]
    assert redline.text_of("b") == text
    assert {e.mark for e in redline.events} >= {Mark.SAME, Mark.INSERTED, Mark.DELETED}


def _novel_pair(shared_data: Path, words_wanted: int) -> tuple[str, str]:
    import random

    text = (shared_data / "gutenberg" / "pg76.txt").read_text(encoding="utf-8-sig")
    text = text[5000:].split("\n", 1)[1].replace("\r\n", "\n")  # past the contents
    cut = [m.end() for m in re.finditer(r"\S+", text)][words_wanted - 1]
    a = text[:cut]
    rng = random.Random(3)
    pieces = re.split(r"(\s+)", a)
    for k in range(0, len(pieces), 2):
        if pieces[k] and rng.random() < 0.08:
            pieces[k] = rng.choice(["river", "raft", "<b>", "&", "Tom"])
    paragraphs = "".join(pieces).split("\n\n")
    for _ in range(len(paragraphs) // 40):
        paragraphs.insert(
            rng.randrange(len(paragraphs)), paragraphs.pop(rng.randrange(len(paragraphs)))
        )
    return a, "\n\n".join(paragraphs)


def test_real_novel_round_trip(shared_data):
    comparison = compared(*_novel_pair(shared_data, 12_000))
    data = check_round_trip(comparison)
    assert list(document_xml(data).iter(f"{W}moveTo"))


# --------------------------------------------------------------------------------------------
# LibreOffice renders it (slow: starts soffice)


def _soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("LibreOffice is not installed (Debian: libreoffice-writer-nogui)")


@pytest.mark.slow
def test_libreoffice_converts_the_redline_to_pdf(tmp_path):
    soffice = _soffice()
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed (Debian: poppler-utils)")
    comparison = compared(STORY_A, STORY_B)
    source = tmp_path / "redline.docx"
    write_docx(comparison, source)
    profile = tmp_path / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = tmp_path / "redline.pdf"
    assert pdf.is_file()
    from pypdf import PdfReader

    text = " ".join((page.extract_text() or "") for page in PdfReader(str(pdf)).pages)
    flat = re.sub(r"\s+", " ", text)
    # LibreOffice prints tracked changes as shown: both the deleted and the inserted words.
    assert "and roads" in flat
    assert "Critics said the plan was rushed" in flat
    assert "follows in May" in flat and "June" in flat  # deleted, then inserted
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    assert list(tmp_path.glob("page*.png"))


# --------------------------------------------------------------------------------------------
# copydesk-cli compare A B --docx OUT.docx


def test_cli_writes_the_redline(tmp_path):
    from test_cli import run_cli

    a, b, out = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "redline.docx"
    a.write_text(STORY_A, encoding="utf-8")
    b.write_text(STORY_B, encoding="utf-8")
    result = run_cli("compare", str(a), str(b), "--docx", str(out))
    assert result.returncode == 0, result.stderr
    assert "Verdict:" in result.stdout
    data = out.read_bytes()
    comparison = compare(load_text(STORY_A, "a"), load_text(STORY_B, "b"))
    assert resolve(data, "b") == expected_paragraphs(comparison.b)
    assert resolve(data, "a") == expected_paragraphs(comparison.a)
    assert not list(tmp_path.glob(".redline.docx.*"))


def test_cli_refuses_to_overwrite_an_input_with_the_redline(tmp_path):
    from test_cli import assert_one_error_line, run_cli

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(STORY_A, encoding="utf-8")
    b.write_text(STORY_B, encoding="utf-8")
    result = run_cli("compare", str(a), str(b), "--docx", str(b))
    assert_one_error_line(result, "compared file B")
    assert b.read_text(encoding="utf-8") == STORY_B
