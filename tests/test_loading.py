"""Loading files, dropped bytes and pasted text: encodings, formats and hostile input.

Every fixture is generated here, in tmp_path: sample sentences written for these tests, Word
documents built with python-docx and PDFs assembled by hand.
"""

from __future__ import annotations

import codecs
import io
import os
import random
import stat
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from hostile_inputs import pdf_of_objects, zipfile_bytes  # benchmarks/
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter

from core.config import CompareConfig
from core.errors import (
    BinaryInputError,
    CancelledError,
    EmptyInputError,
    LoadError,
    TooLargeError,
    UnreadableInputError,
    UnsupportedFormatError,
)
from core.load import extract
from core.load.decoding import decode_bytes
from core.load.loading import load_bytes, load_file, load_text
from core.model import Document

RUSSIAN = (
    "Городской совет во вторник одобрил строительство нового моста через реку.\n"
    "Работы начнутся весной и займут около трёх лет, сообщил мэр на пресс-конференции.\n"
    "Противники проекта считают, что деньги лучше потратить на общественный транспорт.\n"
)
GERMAN = (
    "Der Stadtrat hat am Dienstag den Bau einer neuen Brücke über den Fluss genehmigt.\n"
    "Die Arbeiten sollen im Frühjahr beginnen und etwa drei Jahre dauern, sagte der "
    "Bürgermeister.\n"
    "Gegner des Projekts meinen, das Geld wäre für Busse und Straßenbahnen besser ausgegeben.\n"
)
FRENCH = (
    "Le conseil municipal a approuvé mardi la construction d'un nouveau pont sur la rivière.\n"
    "Les travaux débuteront au printemps et dureront environ trois ans, a précisé le maire.\n"
    "À l'opposition, on estime que cet argent aurait été mieux dépensé pour les élèves.\n"
)
SAMPLES = {"ru": RUSSIAN, "de": GERMAN, "fr": FRENCH}

# (codec used to write, byte order mark written in front, encodings the loader may report).
# Latin-1 and cp1252 agree on every letter of the samples, so either name is a right answer.
UNICODE_ENCODINGS = [
    ("utf-8", b"", {"utf-8"}),
    ("utf-8", codecs.BOM_UTF8, {"utf-8"}),
    ("utf-16-le", codecs.BOM_UTF16_LE, {"utf-16-le"}),
    ("utf-16-be", codecs.BOM_UTF16_BE, {"utf-16-be"}),
    ("utf-16-le", b"", {"utf-16-le"}),
    ("utf-16-be", b"", {"utf-16-be"}),
    ("utf-32-le", codecs.BOM_UTF32_LE, {"utf-32-le"}),
]
LEGACY_ENCODINGS = [
    ("ru", "cp1251", {"cp1251"}),
    ("de", "latin-1", {"cp1252", "iso8859-1"}),
    ("de", "cp1252", {"cp1252", "iso8859-1"}),
    ("fr", "latin-1", {"cp1252", "iso8859-1"}),
    ("fr", "cp1252", {"cp1252", "iso8859-1"}),
]

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Bridge approved | Daily Example</title>
<style>body { font-family: serif } .promo { color: red }</style>
<script>window.trackingId = "SCRIPT-IN-HEAD-42";</script></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport section</a></li></ul></nav>
<header><div class="logo">Daily Example</div></header>
<main><article>
<h1>Council approves new bridge</h1>
<p>The city council voted on Tuesday to approve a new bridge across the river, ending years
of debate about the crossing.</p>
<p>Construction is expected to begin next spring and take about three years, the mayor told
reporters at a press conference.</p>
<script>document.write("SCRIPT-IN-ARTICLE-7");</script>
<p>Opponents argued that the money should have been spent on buses and trams instead.</p>
</article></main>
<aside class="promo">Subscribe now for unlimited access</aside>
<footer><p>Copyright 2024 Daily Example. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body></html>
"""
ARTICLE_PARAGRAPHS = (
    "The city council voted on Tuesday",
    "Construction is expected to begin next spring",
    "Opponents argued that the money",
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def expect_error(error: type[LoadError], load: Callable[[], Document], name: str) -> str:
    """Run ``load`` expecting ``error``; check the message starts with ``name`` on one line."""
    with pytest.raises(error) as caught:
        load()
    message = str(caught.value)
    assert message.startswith(f"{name}: "), message
    assert "\n" not in message
    return message


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- encodings ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", sorted(SAMPLES))
@pytest.mark.parametrize(("codec", "bom", "reported"), UNICODE_ENCODINGS)
def test_unicode_encodings_round_trip(
    tmp_path: Path, language: str, codec: str, bom: bytes, reported: set[str]
) -> None:
    sample = SAMPLES[language]
    path = write(tmp_path, "story.txt", bom + sample.encode(codec))
    document = load_file(path)
    assert document.text == sample
    assert document.info.encoding in reported
    assert document.info.format == "text"
    assert ("byte order mark" in " ".join(document.info.notes)) == bool(bom)
    assert document.language.code == language


@pytest.mark.parametrize(("language", "codec", "reported"), LEGACY_ENCODINGS)
def test_legacy_code_pages_are_detected(
    tmp_path: Path, language: str, codec: str, reported: set[str]
) -> None:
    sample = SAMPLES[language]
    document = load_file(write(tmp_path, "story.txt", sample.encode(codec)))
    assert document.text == sample
    assert document.info.encoding in reported
    assert any("(detected)" in note for note in document.info.notes)


def test_cp1252_punctuation_is_not_read_as_latin1_controls(tmp_path: Path) -> None:
    # “ ” € œ live in 0x80-0x9F, where Latin-1 has invisible control characters.
    sample = "Le prix du «bœuf» a augmenté de 3 € le kilo, selon “Le Monde” ce matin.\n" * 3
    document = load_file(write(tmp_path, "prix.txt", sample.encode("cp1252")))
    assert document.text == sample
    assert document.info.encoding == "cp1252"


def test_long_cp1251_is_not_read_as_mac_cyrillic(tmp_path: Path) -> None:
    # Capitals are the only letters where the two differ, so chaos barely separates them.
    # On this sentence charset-normalizer's coherence even prefers Mac Cyrillic.
    sample = RUSSIAN.splitlines()[0] + " "
    document = load_file(write(tmp_path, "long.txt", (sample * 2000).encode("cp1251")))
    assert document.text == sample * 2000
    assert document.info.encoding == "cp1251"


def test_mixed_scripts_in_utf8(tmp_path: Path) -> None:
    sample = (
        "Wire copy: Москва, Αθήνα and 北京 reported the same figures 😀.\n\n"
        "مرحبا بالعالم — the Arabic greeting stays as written, as does naïve café.\n"
    )
    document = load_file(write(tmp_path, "mixed.txt", sample.encode("utf-8")))
    assert document.text == sample
    assert document.info.encoding == "utf-8"


def test_newlines_are_normalised_and_nothing_else(tmp_path: Path) -> None:
    raw = "First line  \r\nsecond\tline\rthird line\u00a0end.\r\n\r\nNext paragraph.\n"
    document = load_file(write(tmp_path, "crlf.txt", raw.encode("utf-8")))
    assert document.text == (
        "First line  \nsecond\tline\nthird line\u00a0end.\n\nNext paragraph.\n"
    )
    assert "line endings normalised" in document.info.notes


def test_markdown_is_kept_as_written(tmp_path: Path) -> None:
    raw = "# Bridge approved\n\nThe council voted *on Tuesday* to build it.\n"
    document = load_file(write(tmp_path, "story.md", raw.encode("utf-8")))
    assert document.text == raw
    assert document.info.format == "markdown"


def test_a_few_damaged_bytes_in_utf8_are_replaced(tmp_path: Path) -> None:
    good = GERMAN.encode("utf-8")
    document = load_file(write(tmp_path, "damaged.txt", good + b"Ende \xff\xfe.\n"))
    assert document.text == GERMAN + "Ende \ufffd.\n"
    assert document.info.encoding == "utf-8"
    assert any("replaced" in note for note in document.info.notes)


def test_invalid_utf8_never_escapes_as_unicode_error(tmp_path: Path) -> None:
    # Stray lead bytes, overlong forms and lone continuation bytes among ASCII words.
    data = b"Council \xc3\x28 vote \xa0\xa1 bridge \xe2\x28\xa1 river \xf0\x28\x8c\xbc.\n" * 5
    try:
        document = load_file(write(tmp_path, "bad.txt", data))
    except BinaryInputError as exc:
        assert str(exc).startswith("bad.txt: ")
    else:
        for word in ("Council", "vote", "bridge", "river"):
            assert word in document.text


# --- HTML ---------------------------------------------------------------------------------


def test_html_article_is_extracted_without_boilerplate(tmp_path: Path) -> None:
    document = load_file(write(tmp_path, "story.html", ARTICLE_HTML.encode("utf-8")))
    assert document.info.format == "html"
    assert document.info.encoding == "utf-8"
    text = document.text
    for start in ARTICLE_PARAGRAPHS:
        assert start in text
    for boilerplate in ("SCRIPT-IN-HEAD", "SCRIPT-IN-ARTICLE", "font-family", "Sport section"):
        assert boilerplate not in text
    assert "Subscribe now" not in text
    assert "All rights reserved" not in text
    # One paragraph per <p>, separated by blank lines.
    paragraphs = [text[p.start : p.end] for p in document.paragraphs]
    for start in ARTICLE_PARAGRAPHS:
        assert sum(paragraph.startswith(start) for paragraph in paragraphs) == 1
    assert any("article text extracted" in note for note in document.info.notes)


def test_html_charset_declared_in_meta_is_used(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        f"</head><body><article><p>{RUSSIAN.splitlines()[0]}</p>"
        f"<p>{RUSSIAN.splitlines()[1]}</p></article></body></html>"
    )
    document = load_file(write(tmp_path, "page.htm", page.encode("cp1251")))
    assert document.info.encoding == "cp1251"
    assert RUSSIAN.splitlines()[0] in document.text
    assert RUSSIAN.splitlines()[1] in document.text


def test_html_fallback_keeps_visible_text_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extract, "_trafilatura_text", lambda markup: "")
    document = load_file(write(tmp_path, "story.html", ARTICLE_HTML.encode("utf-8")))
    text = document.text
    for start in ARTICLE_PARAGRAPHS:
        assert start in text
    assert "SCRIPT-IN" not in text
    assert "font-family" not in text
    assert "\n\n" in text
    assert any("visible text" in note for note in document.info.notes)


def test_html_without_text_is_empty(tmp_path: Path) -> None:
    page = b"<html><head><script>var x = 1;</script></head><body><img src=a.png></body></html>"
    path = write(tmp_path, "blank.html", page)
    expect_error(EmptyInputError, lambda: load_file(path), "blank.html")


def test_whole_web_page_saved_as_txt_is_read_as_html(tmp_path: Path) -> None:
    document = load_file(write(tmp_path, "saved.txt", ARTICLE_HTML.encode("utf-8")))
    assert document.info.format == "html"
    assert "SCRIPT-IN-HEAD" not in document.text
    assert any("web page" in note for note in document.info.notes)


def test_text_mentioning_tags_stays_text(tmp_path: Path) -> None:
    raw = "The reporter wrapped the quote in <b>bold</b> tags by mistake.\n"
    document = load_file(write(tmp_path, "note.txt", raw.encode("utf-8")))
    assert document.info.format == "text"
    assert document.text == raw
    assert any("HTML tags" in note for note in document.info.notes)


# --- DOCX ---------------------------------------------------------------------------------


def make_docx() -> bytes:
    document = docx.Document()
    document.add_heading("Council approves new bridge", level=1)
    document.add_paragraph(GERMAN.splitlines()[0])
    document.add_paragraph("")  # empty paragraphs must not produce extra blank lines
    paragraph = document.add_paragraph("Construction starts ")
    paragraph.add_run("next spring").bold = True
    paragraph.add_run(", the mayor said.")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "Cost"
    merged = table.cell(0, 1).merge(table.cell(0, 2))
    merged.text = "12 million euros"
    table.cell(1, 0).text = "Length"
    table.cell(1, 1).text = "340 metres"
    document.add_paragraph("Opponents wanted buses instead.")
    document.sections[0].footer.paragraphs[0].text = "FOOTER-PAGE-NUMBER"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    document = load_file(write(tmp_path, "story.docx", make_docx()))
    assert document.info.format == "docx"
    assert document.info.encoding is None
    assert document.text == (
        "Council approves new bridge\n\n"
        f"{GERMAN.splitlines()[0]}\n\n"
        "Construction starts next spring, the mayor said.\n\n"
        "Cost\t12 million euros\n\n"
        "Length\t340 metres\n\n"
        "Opponents wanted buses instead."
    )
    assert "FOOTER" not in document.text


def test_docx_content_with_other_name_is_read_as_docx(tmp_path: Path) -> None:
    document = load_file(write(tmp_path, "story.txt", make_docx()))
    assert document.info.format == "docx"
    assert any("Word document" in note for note in document.info.notes)
    dropped = load_bytes(make_docx(), "dropped data")
    assert dropped.info.format == "docx"
    assert dropped.text == document.text


def test_corrupt_docx_is_a_clear_error(tmp_path: Path) -> None:
    data = make_docx()
    truncated = write(tmp_path, "cut.docx", data[: len(data) // 2])
    expect_error(UnreadableInputError, lambda: load_file(truncated), "cut.docx")
    not_zip = write(tmp_path, "fake.docx", b"This was never a Word document.\n")
    message = expect_error(UnreadableInputError, lambda: load_file(not_zip), "fake.docx")
    assert "damaged" in message


def test_docx_with_broken_xml_is_a_clear_error(tmp_path: Path) -> None:
    source = zipfile.ZipFile(io.BytesIO(make_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as broken:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "word/document.xml":
                content = content[: len(content) // 2]
            broken.writestr(item, content)
    path = write(tmp_path, "broken.docx", buffer.getvalue())
    expect_error(UnreadableInputError, lambda: load_file(path), "broken.docx")


def test_docx_zip_bomb_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", " " * 2_000_000)
    path = write(tmp_path, "bomb.docx", buffer.getvalue())
    config = CompareConfig(max_bytes=100_000)
    assert path.stat().st_size < config.max_bytes
    expect_error(TooLargeError, lambda: load_file(path, config), "bomb.docx")


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ({"mimetype": b"application/vnd.oasis.opendocument.text"}, "OpenDocument text"),
        ({"notes.txt": b"hello"}, "ZIP archive"),
        ({"xl/workbook.xml": b"<x/>"}, "spreadsheet"),
    ],
)
def test_zip_based_files_that_are_not_docx(
    tmp_path: Path, members: dict[str, bytes], expected: str
) -> None:
    path = write(tmp_path, "upload.dat", zipfile_bytes(members))
    message = expect_error(UnsupportedFormatError, lambda: load_file(path), "upload.dat")
    assert expected in message


# --- PDF ----------------------------------------------------------------------------------


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF whose pages show ``pages`` as lines of Helvetica (WinAnsi) text."""

    def literal(line: str) -> bytes:
        raw = line.encode("cp1252")
        return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"

    page_count = len(pages)
    page_ids = [4 + 2 * i for i in range(page_count)]
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % i for i in page_ids)
        + b"] /Count %d >>" % page_count,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for page_id, lines in zip(page_ids, pages, strict=True):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (page_id + 1)
        )
        body = b"BT /F1 12 Tf 72 720 Td 16 TL " + b" ".join(literal(x) + b" Tj T*" for x in lines)
        stream = body + b" ET"
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    return pdf_of_objects(objects)


PDF_PAGES = [
    ["Der Stadtrat hat die neue Brücke genehmigt.", "Die Arbeiten beginnen im Frühjahr."],
    ["Gegner wollten lieber Busse (und Straßenbahnen)."],
]


def test_pdf_text_per_page(tmp_path: Path) -> None:
    document = load_file(write(tmp_path, "story.pdf", make_pdf(PDF_PAGES)))
    assert document.info.format == "pdf"
    assert document.info.encoding is None
    first, second = document.text.split("\n\n")
    assert first.split("\n") == PDF_PAGES[0]
    assert second == PDF_PAGES[1][0]
    assert "text extracted from 2 PDF page(s)" in document.info.notes


def test_pdf_content_with_txt_name_is_read_as_pdf(tmp_path: Path) -> None:
    document = load_file(write(tmp_path, "story.txt", make_pdf(PDF_PAGES)))
    assert document.info.format == "pdf"
    assert "Brücke" in document.text
    assert any("is a PDF although" in note for note in document.info.notes)


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    path = write(tmp_path, "scan.pdf", buffer.getvalue())
    message = expect_error(EmptyInputError, lambda: load_file(path), "scan.pdf")
    assert "no text layer" in message


def test_pdf_skips_pages_without_text(tmp_path: Path) -> None:
    document = load_file(write(tmp_path, "mixed.pdf", make_pdf([[], *PDF_PAGES])))
    assert "1 page(s) without text were skipped" in document.info.notes
    assert document.text.startswith(PDF_PAGES[0][0])


def test_password_protected_pdf(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    path = write(tmp_path, "locked.pdf", buffer.getvalue())
    message = expect_error(UnreadableInputError, lambda: load_file(path), "locked.pdf")
    assert "password" in message


def test_damaged_pdf(tmp_path: Path) -> None:
    garbage = write(tmp_path, "broken.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 4)
    expect_error(UnreadableInputError, lambda: load_file(garbage), "broken.pdf")
    not_pdf = write(tmp_path, "letter.pdf", b"Just a letter, not a PDF.\n")
    expect_error(UnreadableInputError, lambda: load_file(not_pdf), "letter.pdf")


# --- hostile input ------------------------------------------------------------------------


def test_random_bytes_are_binary(tmp_path: Path) -> None:
    noise = random.Random(20240607).randbytes(8192)
    path = write(tmp_path, "noise.txt", noise)
    expect_error(BinaryInputError, lambda: load_file(path), "noise.txt")
    # Without NUL bytes the detector itself has to reject the noise.
    without_nul = write(tmp_path, "noise2.txt", noise.replace(b"\x00", b""))
    expect_error(BinaryInputError, lambda: load_file(without_nul), "noise2.txt")


def test_nul_bytes_in_supposed_text(tmp_path: Path) -> None:
    data = b"Council approves bridge.\x00\x00\x00\x01\x02 more text \x00 here.\n" * 20
    path = write(tmp_path, "nul.txt", data)
    expect_error(BinaryInputError, lambda: load_file(path), "nul.txt")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG image"),
        (b"GIF89a\x01\x00\x01\x00", "GIF image"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip archive"),
        (b"\x7fELF\x02\x01\x01\x00", "ELF"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "Windows program"),
        (b"{\\rtf1\\ansi\\deff0 {\\fonttbl}", "Rich Text Format"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "old-style Office"),
    ],
)
def test_known_binary_formats_are_named(tmp_path: Path, header: bytes, expected: str) -> None:
    path = write(tmp_path, "attachment.txt", header + bytes(200))
    message = expect_error(UnsupportedFormatError, lambda: load_file(path), "attachment.txt")
    assert expected in message


@pytest.mark.parametrize("name", ["photo.png", "story.rtf", "story.odt", "story.doc", "a.zip"])
def test_unsupported_extensions(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, b"Plain words that still are not what the name promises.\n")
    expect_error(UnsupportedFormatError, lambda: load_file(path), name)


def test_empty_and_whitespace_only(tmp_path: Path) -> None:
    empty = write(tmp_path, "empty.txt", b"")
    assert "empty" in expect_error(EmptyInputError, lambda: load_file(empty), "empty.txt")
    blank = write(tmp_path, "blank.txt", b" \t\r\n\r\n   \n")
    expect_error(EmptyInputError, lambda: load_file(blank), "blank.txt")
    blank16 = write(tmp_path, "blank16.txt", codecs.BOM_UTF16_LE + " \n\n ".encode("utf-16-le"))
    expect_error(EmptyInputError, lambda: load_file(blank16), "blank16.txt")
    bom_only = write(tmp_path, "bom.txt", codecs.BOM_UTF8)
    expect_error(EmptyInputError, lambda: load_file(bom_only), "bom.txt")


def test_size_limit_is_checked_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "long.txt", b"x" * 20_000_000)

    def refuse_open(*args: object, **kwargs: object) -> int:
        raise AssertionError("the file was opened although it is over the limit")

    monkeypatch.setattr(os, "open", refuse_open)
    started = time.perf_counter()
    message = expect_error(
        TooLargeError, lambda: load_file(path, CompareConfig(max_bytes=1_000_000)), "long.txt"
    )
    assert time.perf_counter() - started < 1.0
    assert "19 MiB" in message  # 20,000,000 bytes, over the limit of 977 KiB
    assert "977 KiB" in message


def test_twenty_megabytes_on_one_line_loads(tmp_path: Path) -> None:
    line = b"abcdefghij" * 2_000_000
    document = load_file(write(tmp_path, "line.txt", line))
    assert len(document.text) == len(line)
    assert len(document.paragraphs) == 1


def test_directory_missing_and_url(tmp_path: Path) -> None:
    expect_error(UnreadableInputError, lambda: load_file(tmp_path), tmp_path.name)
    missing = tmp_path / "gone.txt"
    assert "does not exist" in expect_error(
        UnreadableInputError, lambda: load_file(missing), "gone.txt"
    )
    for url in ("https://example.com/news/story.html", "ftp://example.com/story.txt"):
        message = expect_error(UnreadableInputError, lambda url=url: load_file(url), url)
        assert "web address" in message
    expect_error(UnreadableInputError, lambda: load_file(""), "(no file name)")


def test_file_url_is_a_local_path(tmp_path: Path) -> None:
    path = write(tmp_path, "story.txt", GERMAN.encode("utf-8"))
    assert load_file(path.as_uri()).text == GERMAN


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "pipe" in expect_error(UnreadableInputError, lambda: load_file(fifo), "pipe.txt")


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null on this platform")
def test_device_is_refused() -> None:
    assert "device" in expect_error(UnreadableInputError, lambda: load_file("/dev/null"), "null")


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_symlink_loop_and_dangling_link(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    assert "loop" in expect_error(UnreadableInputError, lambda: load_file(loop), "loop.txt")
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    message = expect_error(UnreadableInputError, lambda: load_file(dangling), "dangling.txt")
    assert "no longer exists" in message


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root reads files whatever their permissions",
)
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", b"Secret text.\n")
    path.chmod(0)
    try:
        message = expect_error(UnreadableInputError, lambda: load_file(path), "secret.txt")
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert "permission" in message


def test_permission_denied_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Runs as root too: the operating system's refusal is simulated.
    path = write(tmp_path, "secret.txt", b"Secret text.\n")

    def deny(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", deny)
    message = expect_error(UnreadableInputError, lambda: load_file(path), "secret.txt")
    assert "permission" in message


def test_input_file_is_not_modified(tmp_path: Path) -> None:
    data = ("\ufeff" + FRENCH.replace("\n", "\r\n")).encode("utf-8")
    path = write(tmp_path, "story.txt", data)
    before = path.stat()
    load_file(path)
    after = path.stat()
    assert path.read_bytes() == data
    assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)


def test_cancellation_is_honoured(tmp_path: Path) -> None:
    path = write(tmp_path, "story.txt", GERMAN.encode("utf-8"))
    with pytest.raises(CancelledError):
        load_file(path, CompareConfig(should_cancel=lambda: True))
    with pytest.raises(CancelledError):
        load_file(
            write(tmp_path, "story.pdf", make_pdf(PDF_PAGES)),
            CompareConfig(should_cancel=lambda: True),
        )


# --- load_bytes and load_text -------------------------------------------------------------


def test_load_bytes_uses_name_as_hint_and_limit() -> None:
    document = load_bytes(ARTICLE_HTML.encode("utf-8"), "clipboard.html")
    assert document.info.format == "html"
    assert document.info.source == "clipboard.html"
    sniffed = load_bytes(ARTICLE_HTML.encode("utf-8"), "dropped data")
    assert sniffed.info.format == "html"
    assert sniffed.text == document.text
    expect_error(
        TooLargeError,
        lambda: load_bytes(b"x" * 2000, "drop.txt", CompareConfig(max_bytes=1000)),
        "drop.txt",
    )


def test_load_text_normalises_newlines_only() -> None:
    document = load_text("Zeile eins\r\nZeile zwei\rEnde  ")
    assert document.text == "Zeile eins\nZeile zwei\nEnde  "
    assert document.info.format == "pasted"
    assert document.info.source == "pasted text"
    expect_error(EmptyInputError, lambda: load_text("  \n "), "pasted text")
    expect_error(
        TooLargeError,
        lambda: load_text("ü" * 600, config=CompareConfig(max_bytes=1000)),
        "pasted text",
    )


# --- properties ---------------------------------------------------------------------------

# Text an editor could save: anything but lone surrogates and control characters other than
# tab and line breaks (those make a file binary, by design).
EDITOR_TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\n\r"),
    min_size=1,
    max_size=200,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=EDITOR_TEXT)
def test_utf8_text_round_trips(tmp_path: Path, text: str) -> None:
    # A leading U+FEFF written as UTF-8 is byte-for-byte a byte order mark.
    expected = normalise_newlines(text.removeprefix("\ufeff"))
    path = write(tmp_path, "any.txt", text.encode("utf-8"))
    if not expected.strip():
        with pytest.raises(EmptyInputError):
            load_file(path)
        return
    assert load_file(path).text == expected


@settings(max_examples=40, deadline=None)
@given(
    data=st.binary(max_size=600),
    name=st.sampled_from(["x.txt", "x.html", "x.docx", "x.pdf", "x.md", "dropped"]),
    prefix=st.sampled_from([b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xff\xfe", b"<html>"]),
)
def test_arbitrary_bytes_load_or_raise_a_load_error(data: bytes, name: str, prefix: bytes) -> None:
    try:
        document = load_bytes(prefix + data, name)
    except LoadError as exc:
        assert str(exc).startswith(f"{name}: ")
        assert "\n" not in str(exc)
    else:
        assert document.text.strip()
        assert "\r" not in document.text


def test_english_with_a_few_accents_in_cp1252_is_not_read_as_a_baltic_code_page() -> None:
    # English's letter profile knows "é" but not "à" or "ï", so cp1252, cp1250 and cp1257 tie
    # on native letters; the widespread code page must win ("déjà", not "déjŕ" or "déją").
    sentences = [
        "The council met on Monday to discuss the budget, café déjà vu.",
        "Residents said the plan was naïve and the mayor agreed to revisit it.",
    ]
    data = "\n\n".join(sentences * 30).encode("cp1252")
    decoded = decode_bytes(data, "story.txt")
    assert decoded.encoding == "cp1252"
    assert "déjà" in decoded.text and "naïve" in decoded.text
