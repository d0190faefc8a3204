"""copydesk-cli: output, options, and one clear line (never a traceback) for every error."""

from __future__ import annotations

import argparse
import html
import importlib
import io
import json
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from core import cli
from core.cli import common
from core.config import DEFAULT_CONFIG
from core.errors import BinaryInputError, EmptyInputError, TooLargeError
from core.model import Granularity

REPO = Path(__file__).resolve().parents[1]
# `core.compare` is the function (re-exported by core/__init__); the tests patch the module.
COMPARE_MODULE = importlib.import_module("core.engine.compare")

ORIGINAL = (
    "The city council approved the new budget on Tuesday after a long debate. "
    "The mayor said the plan would fund three new schools. "
    "Opposition members argued that taxes would rise.\n\n"
    "The vote was seven to four. Construction is expected to begin next spring."
)
REWRITE = (
    "The city council passed the new budget on Tuesday after a lengthy debate. "
    "Opposition members argued that taxes would rise. "
    "The mayor said the plan would pay for three new schools and a library.\n\n"
    "The vote was seven to four. A spokesman declined to comment."
)


def run_cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(
        [sys.executable, "-m", "core.cli", *args],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
    )
    return subprocess.CompletedProcess(
        completed.args,
        completed.returncode,
        completed.stdout.decode("utf-8"),
        completed.stderr.decode("utf-8"),
    )


def assert_one_error_line(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("copydesk-cli: error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert result.stdout == ""


@pytest.fixture
def texts(tmp_path: Path) -> tuple[Path, Path]:
    a = tmp_path / "original.txt"
    b = tmp_path / "rewrite.txt"
    a.write_text(ORIGINAL, encoding="utf-8")
    b.write_text(REWRITE, encoding="utf-8")
    return a, b


def test_summary(texts: tuple[Path, Path]) -> None:
    result = run_cli("compare", str(texts[0]), str(texts[1]))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    first = result.stdout.splitlines()[0]
    assert first.startswith("Verdict: ")
    assert "Word similarity" in result.stdout
    assert "A spokesman declined to comment." in result.stdout


def test_json_output_parses(texts: tuple[Path, Path]) -> None:
    result = run_cli("compare", "--json", str(texts[0]), str(texts[1]))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "copydesk.comparison/2"
    assert data["a"]["source"] == str(texts[0])
    assert data["state"] == "completed"
    assert data["verdict"]["kind"] != "identical"


def test_identical_inputs_give_identical_verdict(texts: tuple[Path, Path]) -> None:
    copy = texts[0].with_name("copy.txt")
    copy.write_text(ORIGINAL, encoding="utf-8")
    result = run_cli("compare", "--json", str(texts[0]), str(copy))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["verdict"]["kind"] == "identical"


def test_html_and_json_files_are_written(texts: tuple[Path, Path], tmp_path: Path) -> None:
    html_out = tmp_path / "report.html"
    json_out = tmp_path / "report.json"
    result = run_cli(
        "compare",
        str(texts[0]),
        str(texts[1]),
        "--html",
        str(html_out),
        "--json-out",
        str(json_out),
    )
    assert result.returncode == 0, result.stderr
    page = html_out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    visible = html.unescape(re.sub(r"<[^>]*>", "", page))
    assert "A spokesman declined to comment." in visible
    assert json.loads(json_out.read_text(encoding="utf-8"))["b"]["source"] == str(texts[1])
    assert result.stdout.startswith("Verdict: ")


def test_stdin_as_one_side(texts: tuple[Path, Path]) -> None:
    result = run_cli("compare", "--json", str(texts[0]), "-", stdin=ORIGINAL.encode("utf-8"))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["b"]["source"] == "standard input"
    assert data["verdict"]["kind"] == "identical"


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("copydesk-cli ")


@pytest.mark.parametrize("case", ["missing", "binary", "empty", "directory"])
def test_bad_input_gives_one_line_and_status_2(
    case: str, texts: tuple[Path, Path], tmp_path: Path
) -> None:
    bad = tmp_path / f"bad-{case}"
    if case == "binary":
        bad.write_bytes(bytes(range(256)) * 64)
    elif case == "empty":
        bad.write_bytes(b"")
    elif case == "directory":
        bad.mkdir()
    result = run_cli("compare", str(texts[0]), str(bad))
    assert_one_error_line(result, bad.name)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ((), "COMMAND"),
        (("compare", "only-one.txt"), "required"),
        (("compare", "a", "b", "--granularity", "sentence"), "--granularity"),
        (("compare", "a", "b", "--max-words", "0"), "--max-words"),
        (("compare", "a", "b", "--bogus"), "--bogus"),
        (("frobnicate",), "frobnicate"),
        (("compare", "-", "-"), "standard input"),
    ],
)
def test_bad_arguments_give_one_line_and_status_2(args: tuple[str, ...], fragment: str) -> None:
    assert_one_error_line(run_cli(*args), fragment)


def test_refuses_to_write_a_report_over_an_input(texts: tuple[Path, Path]) -> None:
    before = texts[1].read_bytes()
    result = run_cli("compare", str(texts[0]), str(texts[1]), "--html", str(texts[1]))
    assert_one_error_line(result, "compared file B")
    assert texts[1].read_bytes() == before


def test_unwritable_output_gives_one_line(texts: tuple[Path, Path], tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "report.json"
    result = run_cli("compare", str(texts[0]), str(texts[1]), "--json-out", str(target))
    assert_one_error_line(result, "cannot write", "report.json")


@pytest.mark.parametrize("option", ["--html", "--json-out", "--docx"])
def test_a_report_aimed_at_a_folder_gives_the_file_error_wording(
    texts: tuple[Path, Path], tmp_path: Path, option: str
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    result = run_cli("compare", str(texts[0]), str(texts[1]), option, str(folder))
    # The same words as any file that cannot be written, never the system's "Is a directory".
    assert_one_error_line(result, f"cannot write {folder}: this is a folder, not a file.")
    assert "Is a directory" not in result.stderr
    assert list(folder.iterdir()) == []


def test_installed_entry_point(texts: tuple[Path, Path]) -> None:
    script = Path(sys.executable).with_name("copydesk-cli")
    if not script.exists():
        pytest.skip("copydesk-cli is not installed next to this interpreter (pip install -e .)")
    result = subprocess.run(
        [str(script), "compare", str(texts[0]), str(texts[0])],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Verdict: Same text")


# --------------------------------------------------------------------------------------------
# In-process: option mapping, dispatch and error handling


def _config(*flags: str) -> object:
    args = cli.build_parser().parse_args(["compare", "a", "b", *flags])
    return common.config_from_args(args)


def test_options_map_to_the_config() -> None:
    default = common.config_from_args(cli.build_parser().parse_args(["compare", "a", "b"]))
    assert default == DEFAULT_CONFIG
    config = common.config_from_args(
        cli.build_parser().parse_args(
            [
                "compare",
                "a",
                "b",
                "--match-case",
                "--ignore-punctuation",
                "--no-moves",
                "--granularity",
                "character",
                "--max-words",
                "1234",
            ]
        )
    )
    assert config.ignore_case is False
    assert config.ignore_punctuation is True
    assert config.detect_moves is False
    assert config.granularity is Granularity.CHARACTER
    assert config.max_words == 1234
    assert common.config_from_args(
        cli.build_parser().parse_args(["compare", "a", "b", "--ignore-case"])
    ).ignore_case
    with pytest.raises(common.UsageError):
        cli.build_parser().parse_args(["compare", "a", "b", "--ignore-case", "--match-case"])


def test_match_case_changes_the_result(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(ORIGINAL, encoding="utf-8")
    b.write_text(ORIGINAL.upper(), encoding="utf-8")
    assert cli.main(["compare", "--json", str(a), str(b)]) == 0
    ignoring = json.loads(capsys.readouterr().out)
    assert cli.main(["compare", "--json", "--match-case", str(a), str(b)]) == 0
    matching = json.loads(capsys.readouterr().out)
    assert ignoring["metrics"]["word_similarity"] == 1.0
    assert matching["metrics"]["word_similarity"] < 0.5


def test_keyboard_interrupt_exits_130_quietly(
    texts: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(COMPARE_MODULE, "compare", interrupted)
    assert cli.main(["compare", str(texts[0]), str(texts[1])]) == 130
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ""


def test_internal_error_is_one_line_not_a_traceback(
    texts: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("engine bug")

    monkeypatch.delenv(common.DEBUG_ENV, raising=False)
    monkeypatch.setattr(COMPARE_MODULE, "compare", broken)
    assert cli.main(["compare", str(texts[0]), str(texts[1])]) == common.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("copydesk-cli: error: internal error (RuntimeError: engine bug)")


def test_a_registered_subcommand_is_dispatched(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[argparse.Namespace] = []

    def run(args: argparse.Namespace) -> int:
        calls.append(args)
        return 0

    def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
        parser = subparsers.add_parser("rank", help="rank candidates")
        parser.add_argument("query")
        parser.set_defaults(handler=run)

    module = types.ModuleType("core.cli.rank")
    module.register = register  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "core.cli.rank", module)
    assert cli.main(["rank", "story.txt"]) == 0
    assert calls[0].query == "story.txt"
    assert cli.main(["rank"]) == 2
    assert capsys.readouterr().err.startswith("copydesk-cli: error: ")


def test_stdin_in_a_legacy_encoding_is_decoded() -> None:
    text = "Le café du village a rouvert ses portes après des mois de travaux. " * 3
    document = common.load_input("-", DEFAULT_CONFIG, stdin=io.BytesIO(text.encode("cp1252")))
    assert document.text == text
    assert document.info.source == common.STDIN_LABEL


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (b"\x00\x01\x02binary\xff" * 5, BinaryInputError),
        (b"  \n\t ", EmptyInputError),
        (b"x" * 101, TooLargeError),
    ],
)
def test_bad_stdin_raises_a_user_error(raw: bytes, error: type[Exception]) -> None:
    config = DEFAULT_CONFIG.with_options(max_bytes=100)
    with pytest.raises(error, match=common.STDIN_LABEL):
        common.load_input("-", config, stdin=io.BytesIO(raw))
