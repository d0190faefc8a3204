"""Hostile inputs built in memory, for the hostile-corpus runner (``benchmarks/hostile.py``) and
the tests that pin each defence (``tests/test_hostile.py``, ``tests/test_loading.py``): one
builder for each kind of file, so the corpus and the tests attack with the same bytes.
"""

from __future__ import annotations

import io
import struct
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOC_HEAD = f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>'.encode()
DOC_TAIL = b"</w:body></w:document>"


def zipfile_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx(body: bytes, members: dict[str, bytes] | None = None) -> bytes:
    """A .docx whose document body is ``body`` (any bytes: broken XML is the point)."""
    return zipfile_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": DOC_HEAD + body + DOC_TAIL,
            **(members or {}),
        }
    )


def docx_bomb(unit: bytes, xml_bytes: int, block_bytes: int = 1_000_000) -> bytes:
    """A small .docx whose document.xml inflates to about ``xml_bytes`` of repeated ``unit``
    (written ``block_bytes`` at a time, so building it needs no more memory than that)."""
    buffer = io.BytesIO()
    block = unit * max(1, block_bytes // len(unit))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            member.write(DOC_HEAD)
            for _ in range(max(1, xml_bytes // len(block))):
                member.write(block)
            member.write(DOC_TAIL)
    return buffer.getvalue()


def lie_about_size(data: bytes, member: str, claimed: int) -> bytes:
    """``data`` with the local and central headers of ``member`` claiming ``claimed`` bytes."""
    out = bytearray(data)
    name = member.encode()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        local = archive.getinfo(member).header_offset
    assert out[local : local + 4] == b"PK\x03\x04"
    struct.pack_into("<I", out, local + 22, claimed)
    central = out.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", out, central + 28)[0]
        if out[central + 46 : central + 46 + name_length] == name:
            struct.pack_into("<I", out, central + 24, claimed)
            break
        central = out.find(b"PK\x01\x02", central + 4)
    assert central != -1
    return bytes(out)


def pdf_of_objects(objects: list[bytes]) -> bytes:
    """A PDF file of ``objects`` (object 1 the catalog) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def one_page_pdf(content_ref: bytes = b"5 0 R", stream: bytes | None = None) -> bytes:
    """A one-page PDF whose /Contents is ``content_ref`` (``b"99 0 R"``: a missing object) and
    whose content stream is ``stream`` (random bytes: a broken one)."""
    if stream is None:
        stream = b"BT /F1 12 Tf 72 720 Td (Bridge approved on Tuesday.) Tj ET"
    return pdf_of_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents " + content_ref + b" >>",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        ]
    )
