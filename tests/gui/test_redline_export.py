"""Export > Word document with tracked changes, and Export > PDF redline, from the window."""

from __future__ import annotations

import re
import zipfile

import pytest
from gui_helpers import TIMEOUT_MS, open_pair
from PySide6.QtGui import QImage

from core import compare, load_text
from core.report.redline import Mark, build_redline
from gui.views.redline_pdf import (
    DELETED_COLOR,
    INSERTED_COLOR,
    MOVED_COLOR,
    redline_html,
    save_redline_pdf,
)

A = (
    "The council approved the budget on Tuesday. It includes new money for schools.\n\n"
    "Critics said the plan was rushed. The mayor disagreed.\n\n"
    "The vote was 7 to 2. A second vote follows in May."
)
B = (
    "The council approved the budget on Tuesday.\n\n"
    "It includes new money for schools and roads. The vote was 7 to 2.\n\n"
    "A second vote follows in June. The mayor disagreed."
)


def _pdf_text(path) -> str:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in PdfReader(path).pages))


def test_export_docx_from_the_window(qtbot, window, samples, tmp_path):
    open_pair(qtbot, window, *samples)
    target = tmp_path / "redline.docx"
    with qtbot.waitSignal(window.tasks.finished, timeout=TIMEOUT_MS):
        assert window.export_docx(str(target)) is not None
    assert "Saved" in window.message_bar.text()
    with zipfile.ZipFile(target) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert "<w:ins " in xml and "<w:del " in xml
    assert not list(tmp_path.glob(".redline.docx.*"))  # no temporary file left


def test_export_docx_refuses_to_overwrite_an_input(qtbot, window, samples):
    open_pair(qtbot, window, *samples)
    before = samples[1].read_bytes()
    with qtbot.waitSignal(window.tasks.failed, timeout=TIMEOUT_MS):
        window.export_docx(str(samples[1]))
    assert samples[1].read_bytes() == before


def test_pdf_redline_from_the_window(qtbot, window, samples, tmp_path):
    open_pair(qtbot, window, *samples)
    target = tmp_path / "redline.pdf"
    handle = window.save_redline_pdf(str(target))
    assert handle is not None and window.tasks.is_busy  # off the GUI thread
    qtbot.waitUntil(lambda: not window.tasks.is_busy, timeout=TIMEOUT_MS)
    assert target.read_bytes().startswith(b"%PDF")
    assert "Saved" in window.message_bar.text()
    text = _pdf_text(target)
    assert "original.txt" in text and "rewrite.txt" in text  # the running header
    assert "Page 1 of" in text


def test_redline_html_marks_each_kind():
    comparison = compare(load_text(A, "a.txt"), load_text(B, "b.txt"))
    page = redline_html(comparison)
    marks = {event.mark for event in build_redline(comparison).events}
    assert Mark.DELETED in marks and Mark.INSERTED in marks
    assert f"color:{DELETED_COLOR}; text-decoration:line-through" in page
    assert f"color:{INSERTED_COLOR}; text-decoration:underline" in page
    assert f"color:{MOVED_COLOR}" in page  # at least the legend
    assert "and roads" in page and "June" in page and "May" in page


def test_pdf_redline_paginates_with_headers_and_colours(qtbot, tmp_path):
    # Long enough for several pages: the header repeats and the page count is right.
    paragraphs_a = [
        f"Paragraph {n} tells the story of item {n} in some detail." for n in range(150)
    ]
    paragraphs_b = list(paragraphs_a)
    paragraphs_b[3] = "Paragraph 3 tells a different story of item 3 in some detail."
    paragraphs_b.insert(80, paragraphs_b.pop(10))
    comparison = compare(
        load_text("\n\n".join(paragraphs_a), "alpha.txt"),
        load_text("\n\n".join(paragraphs_b), "bravo.txt"),
    )
    target = tmp_path / "redline.pdf"
    assert save_redline_pdf(comparison, target)
    from pypdf import PdfReader

    pages = PdfReader(target).pages
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        text = re.sub(r"\s+", " ", page.extract_text() or "")
        assert "alpha.txt" in text and "bravo.txt" in text
        assert f"Page {number} of {len(pages)}" in text
    # Render page 1 and look for the three redline colours among its pixels.
    if not _has_pdftoppm():
        pytest.skip("pdftoppm is not installed (Debian: poppler-utils)")
    image = _render(target, tmp_path)
    colours = {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 2)
        for y in range(image.height())
    }
    for wanted in (DELETED_COLOR, INSERTED_COLOR, MOVED_COLOR):
        assert any(_close(c, wanted) for c in colours), wanted


def test_a_cancelled_pdf_redline_is_not_written(qapp, tmp_path):
    comparison = compare(load_text(A, "a.txt"), load_text(B, "b.txt"))
    target = tmp_path / "redline.pdf"
    assert not save_redline_pdf(comparison, target, cancelled=lambda: True)
    assert not target.exists()
    assert not list(tmp_path.glob(".copydesk-*"))


def _has_pdftoppm() -> bool:
    import shutil

    return shutil.which("pdftoppm") is not None


def _render(pdf, directory) -> QImage:  # type: ignore[no-untyped-def]
    import subprocess

    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(pdf), str(directory / "page")],
        check=True,
        timeout=60,
    )
    (png,) = directory.glob("page*.png")
    return QImage(str(png))


def _close(colour: str, wanted: str) -> bool:
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(wanted[i : i + 2], 16) for i in (1, 3, 5)]
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) < 40


@pytest.mark.parametrize(
    "export",
    [
        lambda window, path: window.export("html", path),
        lambda window, path: window.export("json", path),
        lambda window, path: window.save_pdf(path),
        lambda window, path: window.export_docx(path),
        lambda window, path: window.save_redline_pdf(path),
    ],
    ids=["html", "json", "pdf", "docx", "redline-pdf"],
)
def test_an_export_aimed_at_a_folder_says_so_in_the_message_bar(
    qtbot, window, samples, tmp_path, export
):
    open_pair(qtbot, window, *samples)
    folder = tmp_path / "exports"
    folder.mkdir()
    with qtbot.waitSignal(window.tasks.failed, timeout=TIMEOUT_MS):
        assert export(window, str(folder)) is not None
    # The command line's words for the same failure (core.errors.write_error), not "Is a
    # directory"; and nothing left behind in the folder or beside it.
    assert window.message_bar.text() == f"cannot write {folder}: this is a folder, not a file."
    assert list(folder.iterdir()) == []
    assert not [p.name for p in tmp_path.iterdir() if ".copydesk-" in p.name]
