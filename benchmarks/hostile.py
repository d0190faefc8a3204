"""Hostile-corpus runner (issue 12): build many hostile inputs, feed them to the engine and the
reports, and count what happened.

    python benchmarks/hostile.py            # the whole corpus, prints the counts
    python benchmarks/hostile.py --list     # also one line per input

Every input is made here, in a temporary folder: bombs, liars, deep nesting, broken PDFs, legacy
code pages, control characters, special files, hostile names.  Each case runs in a child process
(one at a time, reused) with a time limit, so a hang is counted, not suffered:

* **clean error**: a :class:`~core.errors.CopydeskError` with a one-line message;
* **loaded**: the input was read, compared with a reference story, and the JSON, HTML and
  terminal summary were written (the summary checked free of terminal control characters);
* **traceback**: any other exception, or a multi-line error message;
* **hang**: no answer within the time limit (the child is killed and replaced);
* **modified**: an input file's bytes, size or modification time changed.

The last three must be 0; the exit status is 1 otherwise.
"""

from __future__ import annotations

import argparse
import base64
import codecs
import concurrent.futures
import hashlib
import os
import random
import re
import stat
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _folder in (ROOT, HERE):  # core, and the input builders beside this file
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from hostile_inputs import (  # noqa: E402 - beside this file
    W_NS,
    docx,
    docx_bomb,
    lie_about_size,
    one_page_pdf,
    zipfile_bytes,
)

REFERENCE = (
    "The city council approved the new bridge on Tuesday after a long debate. "
    "Construction is expected to begin next spring and take about three years.\n\n"
    "Opponents argued that the money should have been spent on buses and trams instead."
)
# Small limits keep every bomb cheap to build and quick to refuse; the refusals are the same
# code paths as with the default limits.
LIMIT_BYTES = 2_000_000
LIMIT_WORDS = 200_000
TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # "file" (a path), "text" (load_text) or "bytes" (load_bytes with a name)
    target: str  # path, or the name for bytes/text cases
    payload: bytes | str | None = None


# --- building the corpus ----------------------------------------------------------------


def _deep_html(depth: int, tag: str = "div") -> bytes:
    return (
        f"<html><body><p>Top of the page.</p>{f'<{tag}>' * depth}"
        f"<p>Deep text about the bridge.</p>{f'</{tag}>' * depth}</body></html>"
    ).encode()


def build_corpus(folder: Path) -> list[Case]:
    """Write the hostile files into ``folder``; the cases that use them and a few in memory."""
    rnd = random.Random(12)
    cases: list[Case] = []

    def file(name: str, data: bytes) -> None:
        path = folder / name
        path.write_bytes(data)
        cases.append(Case(name, "file", str(path)))

    # Bytes that are not text, or barely.
    file("random.bin", rnd.randbytes(40_000))
    file("random-named.txt", rnd.randbytes(40_000))
    file("zeros.txt", b"\0" * 10_000)
    file("empty.txt", b"")
    file("blank.txt", b" \n\t\r\n  " * 100)
    file("controls.txt", bytes(range(32)) * 50 + b"Some words at the end.")
    file("bom-then-garbage.txt", codecs.BOM_UTF8 + rnd.randbytes(5_000))
    file("utf16-no-bom.txt", REFERENCE.encode("utf-16-le"))
    file("utf32-bom.txt", codecs.BOM_UTF32_LE + REFERENCE.encode("utf-32-le"))
    file("utf16-odd-length.txt", codecs.BOM_UTF16_LE + REFERENCE.encode("utf-16-le")[:-1])
    file("over-limit.txt", b"word " * (LIMIT_BYTES // 5 + 10))
    file("words-limit.txt", b"a " * (LIMIT_WORDS + 10))
    # Legacy code pages the detector used to get wrong.
    english = "The council’s “bold” plan costs €5 million — critics say it’s too much…"
    file("cp1252-short.txt", english.encode("cp1252"))
    polish = "Rada miasta zatwierdziła budowę mostu. Przeciwnicy uważają, że to za drogo."
    file("latin2-polish.txt", polish.encode("iso8859-2"))
    file("cp852-dos.txt", "Příliš žluťoučký kůň úpěl ďábelské ódy.".encode("cp852"))
    file("mixed-utf8-cp1252.txt", "Café ".encode() + "déjà".encode("cp1252") + b" vu")
    # Terminal and report spoofing.
    file(
        "ansi.txt",
        b"Council\x1b]0;pwned\x07 approved \x1b[2J\x1b[31mthe bridge\x1b[0m.\x9b2J Done.",
    )
    file("bidi.txt", "Invoice for report\u202etxt.exe and \u2066isolated\u2069 text.".encode())
    file("one-long-line.txt", base64.b64encode(rnd.randbytes(1_200_000)))
    file("no-spaces.txt", b"a" * 500_000)
    file("many-lines.txt", b"\n" * 200_000 + b"finally a word")
    # HTML.
    for depth in (255, 300, 3000, 20_000):
        file(f"deep-{depth}.html", _deep_html(depth))
    file("deep-spans.html", _deep_html(5000, "span"))
    file("unclosed.html", b"<html><body>" + b"<p><b><i>Bridge approved" * 2000)
    file("script-only.html", b"<html><head><script>var x;</script></head><body></body></html>")
    file("comments-only.html", b"<html><body><!-- nothing -->" * 100 + b"</body></html>")
    file(
        "entity-bomb.html",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(b'<!ENTITY %c "&%c;&%c;&%c;&%c;">' % (c, c - 1, c - 1, c - 1, c - 1)
                   for c in range(ord("b"), ord("k")))
        + b"]><html><body><p>&j;</p></body></html>",
    )  # fmt: skip
    file("charset-lie.html", b'<meta charset="base64"><p>Caf\xe9 au lait.</p>')
    file("huge-attribute.html", b'<p title="' + b"x" * 1_000_000 + b'">Short text.</p>')
    # Word documents.
    words_unit = b"<w:p><w:r><w:t>one two three</w:t></w:r></w:p>"
    file("docx-words-bomb.docx", docx_bomb(words_unit, 8_000_000, 500_000))
    markup_unit = b"<w:p><w:r><w:rPr><w:b/></w:rPr></w:r></w:p>"
    file("docx-markup-bomb.docx", docx_bomb(markup_unit, 30_000_000, 500_000))
    part = "word/document.xml"
    file(
        "docx-lying-small.docx",
        lie_about_size(docx_bomb(b" " * 100, 20_000_000, 500_000), part, 1000),
    )
    fine = docx(b"<w:p><w:r><w:t>Fine.</w:t></w:r></w:p>")
    file("docx-lying-huge.docx", lie_about_size(fine, part, 4_000_000_000))
    file("docx-truncated.docx", docx(b"<w:p><w:r><w:t>Cut</w:t></w:r></w:p>")[:200])
    file("docx-no-document.docx", zipfile_bytes({"word/other.xml": b"<x/>"}))
    file("docx-broken-xml.docx", docx(b"<w:p><w:r><w:t>Broken"))
    nested = b"<w:tbl><w:tr><w:tc>" * 300 + b"<w:p/>" + b"</w:tc></w:tr></w:tbl>" * 300
    file("docx-deep.docx", docx(nested))
    entities = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "' + b"x" * 1000 + b'">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        + f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&b;&b;&b;</w:t></w:r>'.encode()
        + b"</w:p></w:body></w:document>"
    )
    file("docx-entities.docx", zipfile_bytes({"word/document.xml": entities}))
    file("docx-as-txt.txt", docx(b"<w:p><w:r><w:t>Misnamed but fine.</w:t></w:r></w:p>"))
    file("zip-odt.docx", zipfile_bytes({"mimetype": b"application/vnd.oasis.opendocument.text"}))
    file("zip-plain.zip", zipfile_bytes({"notes.txt": b"hello"}))
    # PDFs.
    good = one_page_pdf()
    file("pdf-good.pdf", good)
    file("pdf-truncated.pdf", good[: len(good) * 2 // 3])
    file("pdf-missing-object.pdf", one_page_pdf(b"99 0 R"))
    nested_pdf = b"%PDF-1.4\n1 0 obj\n" + b"[" * 20_000 + b"]" * 20_000 + b"\nendobj\n%%EOF\n"
    file("pdf-nested.pdf", nested_pdf)
    file("pdf-garbage.pdf", b"%PDF-1.7\n" + rnd.randbytes(30_000))
    file("pdf-bad-stream.pdf", one_page_pdf(stream=rnd.randbytes(300)))
    file("pdf-header-only.pdf", b"%PDF-1.4\n")
    # Known binaries behind text names.
    file("png-as.txt", b"\x89PNG\r\n\x1a\n" + rnd.randbytes(1000))
    file("elf-as.md", b"\x7fELF" + rnd.randbytes(1000))
    file("gzip-as.html", b"\x1f\x8b" + rnd.randbytes(1000))
    # Hostile names (the content is fine).
    for name in ("new\nline.txt", "esc\x1b[31mred.txt", "bidi\u202etxt.exe", " leading space.txt"):
        file(name, REFERENCE.encode())
    # Special files and paths.
    special = folder / "special"
    special.mkdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(special / "fifo.txt")
        cases.append(Case("fifo", "file", str(special / "fifo.txt")))
    (special / "loop.txt").symlink_to(special / "loop.txt")
    cases.append(Case("symlink loop", "file", str(special / "loop.txt")))
    (special / "dangling.txt").symlink_to(special / "gone.txt")
    cases.append(Case("dangling symlink", "file", str(special / "dangling.txt")))
    for name, target in (
        ("folder", str(special)),
        ("missing", str(special / "missing.txt")),
        ("device", os.devnull),
        ("web address", "https://example.com/story.html"),
        ("empty path", ""),
        ("nul in path", "a\x00b.txt"),
    ):
        cases.append(Case(name, "file", target))
    # In memory: pasted text and dropped bytes.
    cases.append(Case("lone surrogate", "text", "pasted", "abc \ud800 def. More text here."))
    cases.append(Case("pasted controls", "text", "pasted", "A\x1b[2Jb\x00c\u202ed. End."))
    cases.append(Case("pasted blank", "text", "pasted", " \n\t "))
    bomb = docx_bomb(b"<w:p/>", 10_000_000, 500_000)
    cases.append(Case("dropped docx bomb", "bytes", "drop.docx", bomb))
    cases.append(Case("dropped random", "bytes", "dropped data", rnd.randbytes(3000)))
    return cases


# --- running one case (in the child process) ----------------------------------------------


def run_case(case: Case, out_dir: str) -> tuple[str, str]:
    """("loaded" | "clean" | "traceback", detail).  Runs in the child process."""
    import traceback

    from core import CompareConfig, CopydeskError, compare, load_bytes, load_file, load_text
    from core.cli.common import terminal_safe
    from core.report.files import write_html, write_json
    from core.report.text import summary_text

    config = CompareConfig(max_bytes=LIMIT_BYTES, max_words=LIMIT_WORDS)
    try:
        if case.kind == "file":
            document = load_file(case.target, config)
        elif case.kind == "text":
            assert isinstance(case.payload, str)
            document = load_text(case.payload, case.target, config)
        else:
            assert isinstance(case.payload, bytes)
            document = load_bytes(case.payload, case.target, config)
        reference = load_text(REFERENCE, "reference", config)
        comparison = compare(document, reference, config)
        stem = hashlib.sha1(case.name.encode("utf-8", "replace")).hexdigest()[:12]
        write_json(comparison, os.path.join(out_dir, f"{stem}.json"))
        write_html(comparison, os.path.join(out_dir, f"{stem}.html"))
        shown = terminal_safe(summary_text(comparison))
        if TERMINAL_UNSAFE.search(shown):
            return "traceback", "terminal control characters in the summary"
    except CopydeskError as error:
        message = str(error)
        if "\n" in message or not message.strip():
            return "traceback", f"error message is not one line: {message!r}"
        return "clean", message
    except Exception:
        return "traceback", traceback.format_exc(limit=6)
    return "loaded", f"{document.word_count} words, {comparison.state.value}"


# --- the runner -----------------------------------------------------------------------


def _fingerprint(path: str) -> tuple[int, int, str] | None:
    try:
        status = os.lstat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(status.st_mode):
        return (status.st_mode, 0, "")
    with open(path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    return (status.st_size, status.st_mtime_ns, digest)


@dataclass
class Counts:
    tried: int = 0
    clean: int = 0
    loaded: int = 0
    tracebacks: int = 0
    hangs: int = 0
    modified: int = 0


def run_corpus(
    cases: list[Case],
    out_dir: str,
    timeout: float = 60.0,
    report: Callable[[str], None] | None = None,
) -> Counts:
    counts = Counts()
    before = {case.name: _fingerprint(case.target) for case in cases if case.kind == "file"}
    pool = concurrent.futures.ProcessPoolExecutor(max_workers=1)
    try:
        for case in cases:
            counts.tried += 1
            future = pool.submit(run_case, case, out_dir)
            try:
                outcome, detail = future.result(timeout=timeout)
            except concurrent.futures.TimeoutError:
                outcome, detail = "hang", f"no answer in {timeout:.0f} s"
                _kill(pool)
                pool = concurrent.futures.ProcessPoolExecutor(max_workers=1)
            except concurrent.futures.process.BrokenProcessPool:
                outcome, detail = "traceback", "the process died (crash or out of memory)"
                pool = concurrent.futures.ProcessPoolExecutor(max_workers=1)
            if outcome == "clean":
                counts.clean += 1
            elif outcome == "loaded":
                counts.loaded += 1
            elif outcome == "hang":
                counts.hangs += 1
            else:
                counts.tracebacks += 1
            if case.kind == "file" and _fingerprint(case.target) != before[case.name]:
                counts.modified += 1
                outcome, detail = "modified", detail
            if report is not None:
                flat = " ".join(detail.split())
                report(f"{outcome:9} {case.name!r}: {flat[:160]}")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return counts


def _kill(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="one line per input")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per input")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="copydesk-hostile-") as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        out_dir = Path(folder) / "reports"
        out_dir.mkdir()
        cases = build_corpus(corpus)
        counts = run_corpus(cases, str(out_dir), args.timeout, report=print if args.list else None)
    print(f"inputs tried:     {counts.tried}")
    print(f"clean errors:     {counts.clean}")
    print(f"loaded:           {counts.loaded}")
    print(f"tracebacks:       {counts.tracebacks}")
    print(f"hangs:            {counts.hangs}")
    print(f"inputs modified:  {counts.modified}")
    return 1 if counts.tracebacks or counts.hangs or counts.modified else 0


if __name__ == "__main__":
    sys.exit(main())
