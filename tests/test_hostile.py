"""Hostile inputs (issue 12): every file here is synthetic, built by the test itself.

The bounded cases assert through the engine's own limits and cancellation (how much was
inflated, how often ``should_cancel`` was polled, Python's allocation peak), not wall-clock
targets.
"""

from __future__ import annotations

import io
import os
import stat
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hostile_inputs import docx_bomb, lie_about_size, one_page_pdf  # benchmarks/

from core.config import CompareConfig
from core.errors import CancelledError, LoadError, TooLargeError, UnreadableInputError
from core.load import wordml
from core.load.loading import load_bytes, load_file

WORDS_UNIT = b"<w:p><w:r><w:t>The council approved the plan on Tuesday.</w:t></w:r></w:p>"
MARKUP_UNIT = b"<w:p><w:r><w:rPr><w:b/></w:rPr></w:r></w:p>"


class Polls:
    """A ``should_cancel`` that counts its calls and says yes from call ``cancel_at`` on."""

    def __init__(self, cancel_at: int | None = None) -> None:
        self.calls = 0
        self.cancel_at = cancel_at

    def __call__(self) -> bool:
        self.calls += 1
        return self.cancel_at is not None and self.calls >= self.cancel_at


# --- 1. a small .docx holding a huge amount of valid XML --------------------------------


def test_docx_xml_is_inflated_against_a_running_cap() -> None:
    config_bytes = 200_000
    data = docx_bomb(MARKUP_UNIT, 40_000_000)  # 200x the cap, ~1000:1 compression
    polls = Polls()
    config = CompareConfig(max_bytes=config_bytes, should_cancel=polls)
    assert len(data) < config.max_bytes
    with pytest.raises(TooLargeError, match=r"^bomb\.docx: .*over the limit"):
        load_bytes(data, "bomb.docx", config)
    # One poll per inflated chunk: the inflating stopped at the cap, not at 40 MB.
    chunks_to_cap = wordml.xml_limit(config) // wordml.CHUNK + 1
    assert polls.calls <= chunks_to_cap + 5


def test_docx_words_are_counted_while_streaming() -> None:
    data = docx_bomb(WORDS_UNIT, 20_000_000)  # ~2.8M words
    polls = Polls()
    config = CompareConfig(max_words=50_000, should_cancel=polls)
    with pytest.raises(TooLargeError, match="50,000 words"):
        load_bytes(data, "words.docx", config)
    # 50,000 words of this XML are ~0.4 MB: a handful of chunks, not the 20 MB.
    assert polls.calls * wordml.CHUNK < 2_000_000


def test_docx_made_of_markup_only_is_refused_early(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wordml, "TAG_ALLOWANCE", 50_000)
    data = docx_bomb(MARKUP_UNIT, 20_000_000)
    polls = Polls()
    with pytest.raises(TooLargeError, match="almost all markup"):
        load_bytes(data, "markup.docx", CompareConfig(should_cancel=polls))
    # ~8 tags per 44-byte unit: 50,000 tags are ~0.3 MB of XML.
    assert polls.calls * wordml.CHUNK < 1_000_000


def test_docx_extraction_honours_cancellation_while_parsing() -> None:
    data = docx_bomb(WORDS_UNIT, 30_000_000)
    # Let loading reach the XML, then cancel a few chunks in.
    polls = Polls(cancel_at=8)
    with pytest.raises(CancelledError):
        load_bytes(data, "slow.docx", CompareConfig(should_cancel=polls))
    assert polls.calls == 8


def test_streamed_docx_keeps_python_memory_small() -> None:
    data = docx_bomb(WORDS_UNIT, 8_000_000)
    tracemalloc.start()
    try:
        with pytest.raises(TooLargeError):
            load_bytes(data, "words.docx", CompareConfig(max_words=100_000))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000


# --- 2. a ZIP header that lies about a member's size ------------------------------------


def test_zip_member_with_lying_size_is_inflated_with_a_cap(tmp_path: Path) -> None:
    honest = docx_bomb(b" " * 100, 30_000_000)
    member = "word/document.xml"
    lying = lie_about_size(honest, member, 1_000)
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:
        assert archive.getinfo(member).file_size == 1_000  # the header now says 1 KB
    path = tmp_path / "liar.docx"
    path.write_bytes(lying)
    tracemalloc.start()
    try:
        with pytest.raises((UnreadableInputError, TooLargeError)) as caught:
            load_file(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(caught.value).startswith("liar.docx: ")
    # Reading the member whole would allocate its real size (30 MB) at once.
    assert peak < 8_000_000


def test_zip_header_claiming_more_than_the_member_holds_is_not_trusted() -> None:
    honest = docx_bomb(WORDS_UNIT, 100_000)
    lying = lie_about_size(honest, "word/document.xml", 4_000_000_000)
    # What is inflated counts, not what the header claims: the real 100 KB read as usual.
    assert load_bytes(lying, "claims.docx").text == load_bytes(honest, "honest.docx").text


# --- 5. legacy code pages: cp1252 punctuation, Polish ISO-8859-2 -------------------------

CP1252_ENGLISH = "The council’s “bold” plan costs €5 million — critics say it’s too much…"
POLISH = (
    "Rada miasta zatwierdziła we wtorek budowę nowego mostu. "
    "Przeciwnicy uważają, że pieniądze lepiej wydać na autobusy."
)


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (CP1252_ENGLISH, "cp1252", "cp1252"),
        (POLISH, "iso8859-2", "iso8859-2"),
        (POLISH.replace("ą", "ę"), "cp1250", "cp1250"),
    ],
)
def test_short_legacy_text_is_decoded_in_its_code_page(
    tmp_path: Path, text: str, codec: str, expected: str
) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode(codec))
    document = load_file(path)
    assert document.text == text
    assert document.info.encoding == expected
    # The note says which encoding was assumed, in words the editor can act on.
    assert f"decoded as {expected} (detected)" in document.info.notes


# --- 6. deeply nested HTML ----------------------------------------------------------------


def deep_page(depth: int) -> str:
    return (
        "<html><body><p>The council approved the bridge on Tuesday after a long debate.</p>"
        + "<div>" * depth
        + "<p>Deep text: the mayor said construction starts next spring.</p>"
        + "</div>" * depth
        + "<p>Opponents wanted buses instead of a bridge.</p></body></html>"
    )


@pytest.mark.parametrize("depth", [254, 300, 1500, 3000])
def test_deeply_nested_html_keeps_its_deep_text(depth: int) -> None:
    document = load_bytes(deep_page(depth).encode(), "deep.html")
    assert "Deep text: the mayor said construction starts next spring." in document.text
    assert "Opponents wanted buses" in document.text
    if depth > 2048:  # beyond libxml2's limit even with its huge option: said in the notes
        assert any("nested too deeply" in note for note in document.info.notes)


def test_html_with_only_deep_text_is_not_called_empty() -> None:
    markup = "<html><body>" + "<div>" * 3000 + "<p>Only deep down.</p>" + "</div>" * 3000
    assert load_bytes(markup.encode(), "only-deep.html").text == "Only deep down."


# --- 7. pypdf's warnings become load notes ------------------------------------------------


def test_pdf_library_warnings_are_notes_not_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    good = load_bytes(one_page_pdf(b"5 0 R"), "good.pdf")
    assert good.text == "Bridge approved on Tuesday."
    # Truncated: pypdf logs that the end-of-file marker is missing, then fails.
    data = one_page_pdf(b"5 0 R")
    with pytest.raises(UnreadableInputError) as caught:
        load_bytes(data[: len(data) * 2 // 3], "cut.pdf")
    assert "damaged" in str(caught.value) and "EOF marker" in str(caught.value)
    # A page whose content object does not exist: parsing failed, so it is not "no text layer".
    with pytest.raises(UnreadableInputError) as missing:
        load_bytes(one_page_pdf(b"99 0 R"), "missing.pdf")
    assert "no text layer" not in str(missing.value)
    assert "damaged" in str(missing.value) and "99 0" in str(missing.value)
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


# --- 8. only documented errors from public entry points -----------------------------------


def test_lone_surrogates_in_pasted_text_are_replaced_with_a_note() -> None:
    from core import load_text

    document = load_text("abc \ud800 def.")
    assert document.text == "abc \ufffd def."
    assert any("lone surrogates" in note for note in document.info.notes)
    # A proper pair (as some clipboards hand it over) is the character it encodes.
    assert load_text("smile \ud83d\ude00 here.").text == "smile \U0001f600 here."


def test_public_entry_points_raise_only_copydesk_errors(tmp_path: Path) -> None:
    import core

    story = tmp_path / "story.txt"
    story.write_text("The council approved the bridge.", encoding="utf-8")
    assert core.load_file(os.fsencode(story)).text == "The council approved the bridge."
    assert core.load_bytes(bytearray(b"Bridge approved."), "drop.txt").text == "Bridge approved."
    hostile_calls = [
        lambda: core.load_file(42),  # type: ignore[arg-type]
        lambda: core.load_file(None),  # type: ignore[arg-type]
        lambda: core.load_file(b"/no/such/\xff\xfe.txt"),
        lambda: core.load_file("nul\x00in-name.txt"),
        lambda: core.load_bytes("not bytes", "x.txt"),  # type: ignore[arg-type]
        lambda: core.load_text(None),  # type: ignore[arg-type]
        lambda: core.make_document("lone \udc80 surrogate"),
        lambda: core.make_document(None),  # type: ignore[arg-type]
        lambda: core.compare("not a document", None),  # type: ignore[arg-type]
    ]
    for call in hostile_calls:
        with pytest.raises(core.CopydeskError) as caught:
            call()
        message = str(caught.value)
        assert "\n" not in message
        assert not any("\ud800" <= ch <= "\udfff" for ch in message), message
    comparison = core.compare_texts("The plan \ud800 passed.", "The plan passed.")
    assert comparison.state is core.ResultState.COMPLETED


# --- 3, 4, 10. report targets -------------------------------------------------------------

STORY_A = (
    "The city council approved the new budget on Tuesday after a long debate. "
    "The mayor said the plan would fund three new schools."
)
STORY_B = (
    "The city council passed the new budget on Tuesday after a lengthy debate. "
    "The mayor said the plan would pay for three new schools and a library."
)


@pytest.fixture
def story_files(tmp_path: Path) -> tuple[str, str]:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(STORY_A, encoding="utf-8")
    b.write_text(STORY_B, encoding="utf-8")
    return str(a), str(b)


def cli_error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    from core import cli

    assert cli.main(list(args)) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("copydesk-cli: error: "), captured.err
    assert "Traceback" not in captured.err
    return lines[0]


@pytest.mark.parametrize("flag", ["--html", "--json-out"])
def test_report_onto_a_fifo_or_device_is_refused(
    story_files: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: str
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    line = cli_error(capsys, "compare", *story_files, flag, str(fifo))
    assert "named pipe, not a regular file" in line
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a pipe
    line = cli_error(capsys, "compare", *story_files, flag, os.devnull)
    assert "a device, not a regular file" in line
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]


@pytest.mark.parametrize("flag", ["--html", "--json-out", "--docx"])
def test_empty_report_name_is_an_error(
    story_files: tuple[str, str], capsys: pytest.CaptureFixture[str], flag: str
) -> None:
    line = cli_error(capsys, "compare", *story_files, flag, "")
    assert f"{flag} needs a file name" in line


def test_report_api_refuses_empty_and_special_targets(tmp_path: Path) -> None:
    from core.errors import CopydeskError
    from core.report.files import atomic_write_text

    for target in ("", "  ", os.devnull):
        with pytest.raises(CopydeskError):
            atomic_write_text(target, "x")
    with pytest.raises(CopydeskError, match="this is a folder, not a file"):
        atomic_write_text(tmp_path, "x")


def test_temp_files_of_a_killed_run_are_cleaned_up(tmp_path: Path) -> None:
    from core.report.files import atomic_write_text

    dead_pid = 2**22 + 12345  # above Linux's pid_max default: no such process
    stale = tmp_path / f".report.html.copydesk-{dead_pid}-abc123.tmp"
    stale.write_bytes(b"")
    mine = tmp_path / f".report.html.copydesk-{os.getpid()}-zzz.tmp"  # a live writer's
    mine.write_bytes(b"")
    unrelated = tmp_path / ".report.html.something-else.tmp"
    unrelated.write_bytes(b"")
    atomic_write_text(tmp_path / "report.html", "<p>ok</p>")
    assert (tmp_path / "report.html").read_text() == "<p>ok</p>"
    assert not stale.exists()
    assert mine.exists() and unrelated.exists()
    temps = [name for name in os.listdir(tmp_path) if ".copydesk-" in name]
    assert temps == [mine.name]  # the write itself left nothing behind


def test_report_into_a_folder_that_takes_no_files_is_explained(
    story_files: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    if not os.path.isfile("/proc/version"):
        pytest.skip("no /proc here")
    line = cli_error(capsys, "compare", *story_files, "--html", "/proc/version")
    assert "does not accept new files" in line
    assert "No such file or directory" not in line


def test_stdin_over_the_limit_does_not_contradict_itself() -> None:
    from core.cli import common

    config = CompareConfig(max_bytes=67_108_864)
    with pytest.raises(TooLargeError) as caught:
        common.load_input("-", config, stdin=io.BytesIO(b"\0" * (config.max_bytes + 1)))
    message = str(caught.value)
    assert "larger than the limit of" in message and "67,108,864 bytes" in message
    assert ", over the limit of" not in message


def test_rank_on_a_fifo_names_what_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = tmp_path / "q.txt"
    query.write_text(STORY_A, encoding="utf-8")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    line = cli_error(capsys, "rank", str(query), str(fifo))
    assert "named pipe, not a folder" in line


# --- 9. terminal and report spoofing ------------------------------------------------------

SPOOF = (
    "The council met on Tuesday.\x1b]0;pwned\x07 The mayor \x1b[31mresigned\x1b[0m today. "
    "Files: report\u202etxt.exe was attached.\x9b2J The vote was close."
)


def test_escape_sequences_never_reach_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from core import cli

    a = tmp_path / "a.txt"
    b = tmp_path / "b\x1b[2Jname.txt"
    a.write_text(STORY_A + " " + SPOOF, encoding="utf-8")
    b.write_text(STORY_B + " " + SPOOF.replace("close", "very close"), encoding="utf-8")
    assert cli.main(["compare", "--top", "20", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    for unsafe in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert unsafe not in out
    assert "␛" in out  # made visible, not silently dropped
    assert cli.main(["compare", "--json", str(a), str(b)]) == 0
    raw = capsys.readouterr().out
    assert "\x1b" not in raw and "\x9b" not in raw and "\u202e" not in raw
    data = json.loads(raw)
    # The JSON still carries the exact value (escaped, not altered).
    assert data["b"]["source"].endswith("b\x1b[2Jname.txt")
    assert cli.main(["compare", str(a), str(tmp_path / "missing\x1b]0;x\x07.txt")]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err


def test_bidi_overrides_are_isolated_in_the_html_report() -> None:
    import re

    from core import compare_texts
    from core.report.html import to_html

    comparison = compare_texts(STORY_A + " " + SPOOF, STORY_B + " " + SPOOF)
    page = to_html(comparison)
    # Every override sits inside a <bdi> that closes before any other markup.
    for match in re.finditer("\u202e", page):
        opening = page.rfind("<bdi>", 0, match.start())
        assert opening != -1
        between = page[opening + len("<bdi>") : match.start()]
        assert "<" not in between, between
    head = page[: page.index("</head>")]
    assert "\u202e" not in head  # <title> and attributes cannot isolate: dropped there
    # The compared text and its offsets are untouched.
    assert comparison.a.text.endswith(SPOOF)
    assert "\u202e" in comparison.a.text


# --- 11 (engine side). a long line without spaces is tokenised in bounded pieces ----------


def test_tokenizer_regex_calls_stay_bounded_on_a_line_without_spaces(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import base64
    import random

    from core.text import tokens

    text = base64.b64encode(random.Random(2).randbytes(3_000_000)).decode()
    assert " " not in text and "\n" not in text
    spans: list[int] = []
    real = tokens._TOKEN_RE

    class Recording:
        def findall(self, string: str, pos: int, endpos: int) -> list[str]:
            spans.append(endpos - pos)
            return real.findall(string, pos, endpos)

    monkeypatch.setattr(tokens, "_TOKEN_RE", Recording())
    starts, _kinds = tokens.tokenize(text)
    monkeypatch.undo()
    # Each call (each GIL hold) covers at most two chunks, however long the line.
    assert len(spans) > 5 and max(spans) <= 2 * tokens._TOKENIZE_CHUNK
    assert list(starts) == [m.start() for m in real.finditer(text)] + [len(text)]


def test_file_names_in_messages_cannot_spoof(tmp_path: Path) -> None:
    spoof = tmp_path / "invoice\u202etxt.exe"
    spoof.write_bytes(b"MZ\x00\x00" + b"\x00" * 60)
    with pytest.raises(LoadError) as caught:
        load_file(spoof)
    message = str(caught.value)
    assert message.startswith("invoice<U+202E>txt.exe: ")
    assert "\u202e" not in message


def test_a_docx_bomb_in_a_folder_does_not_stall_ranking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.rank.ranking import rank_folder

    monkeypatch.setattr(wordml, "TAG_ALLOWANCE", 50_000)
    folder = tmp_path / "folder"
    folder.mkdir()
    query = tmp_path / "query.txt"
    query.write_text(STORY_A, encoding="utf-8")
    (folder / "rewrite.txt").write_text(STORY_B, encoding="utf-8")
    (folder / "bomb.docx").write_bytes(docx_bomb(MARKUP_UNIT, 20_000_000))
    (folder / "words.docx").write_bytes(docx_bomb(WORDS_UNIT, 10_000_000))
    polls = Polls()
    config = CompareConfig(max_words=20_000, should_cancel=polls)
    result = rank_folder(str(query), str(folder), config, workers=1)
    assert [Path(c.path).name for c in result.candidates] == ["rewrite.txt"]
    failed = {Path(f.path).name: f.reason for f in result.failures}
    assert set(failed) == {"bomb.docx", "words.docx"}
    assert "almost all markup" in failed["bomb.docx"]
    assert "20,000 words" in failed["words.docx"]
    # Both bombs were given up within a few hundred chunks, not read to the end.
    assert polls.calls * wordml.CHUNK < 10_000_000


def test_tokenising_a_long_line_honours_cancellation() -> None:
    import base64
    import random

    from core import load_text

    text = base64.b64encode(random.Random(4).randbytes(3_000_000)).decode()
    polls = Polls(cancel_at=4)  # one poll before tokenising, then one per chunk
    with pytest.raises(CancelledError):
        load_text(text, "line", CompareConfig(should_cancel=polls))
    assert polls.calls == 4
