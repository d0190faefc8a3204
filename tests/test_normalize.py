"""The match key (core.text.normalize): one definition, the bulk path equal to the per-token one,
and the bugs that came from having several definitions."""

from __future__ import annotations

import functools
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import core.engine.compare as compare_module
from core import compare_texts
from core.config import DEFAULT_CONFIG
from core.engine.prepare import FIRST_CODE_POINT, Vocabulary, prepare
from core.load.loading import load_text
from core.model import OpKind, TokenKind, VerdictKind
from core.text.normalize import (
    LOWER_SPECIAL,
    QUOTE_MAP,
    QUOTE_SPECIAL,
    KeyedText,
    folded_words,
    match_key,
    token_key,
)
from core.text.tokens import tokenize

OPTIONS = [(case, quotes) for case in (False, True) for quotes in (False, True)]

# Letters that behave oddly under case mapping, ligatures, combining marks, quotes and dashes,
# the soft hyphen, CJK, and whitespace of several kinds, mixed with arbitrary code points.
_TRICKY = (
    "İıIißẞﬁﬂﬀΣσςΟΔΟΣǅǄŉΐ\u0301\u0307\u0308\u093f\u094d"
    "‘’“”«»–—−\u00ad'\"-.,  \t\n\u3000日本語abcXYZ"
)
tricky_text = st.text(
    alphabet=st.one_of(st.sampled_from(_TRICKY), st.characters(codec="utf-8")),
    max_size=80,
)


def _tokens(text: str) -> list[str]:
    starts, _ = tokenize(text)
    return [text[starts[i] : starts[i + 1]] for i in range(len(starts) - 1)]


@settings(max_examples=300, deadline=None)
@given(text=tricky_text)
@example(text="Die Straße in İstanbul. ΟΔΟΣ ΣΑΣ ﬁne co\u00adop")
@example(text="İİİ\u00adİ Σ")
def test_bulk_keys_equal_per_token_keys(text: str) -> None:
    starts, kinds = tokenize(text)
    count = len(kinds)
    for ignore_case, normalize_quotes in OPTIONS:
        keyed = KeyedText(text, starts, ignore_case=ignore_case, normalize_quotes=normalize_quotes)
        expected = [
            match_key(token, ignore_case=ignore_case, normalize_quotes=normalize_quotes)
            for token in _tokens(text)
        ]
        assert keyed.keys(0, count) == expected
        # Any chunking gives the same keys (prepare asks chunk by chunk).
        middle = count // 2
        assert keyed.keys(0, middle) + keyed.keys(middle, count) == expected


def test_the_special_characters_are_all_there_are() -> None:
    # The bulk path relies on every other character lowering to exactly one character, the
    # same whatever its neighbours (CPython's only context rule is the final sigma).
    expanding = {chr(c) for c in range(sys.maxunicode + 1) if len(chr(c).lower()) != 1}
    assert expanding | {"Σ"} == set(LOWER_SPECIAL)
    removed = {chr(c) for c, v in QUOTE_MAP.items() if not isinstance(v, int) and len(v) != 1}
    assert removed == set(QUOTE_SPECIAL)


def test_key_definition() -> None:
    assert match_key("“Straße”", ignore_case=True, normalize_quotes=True) == '"straße"'
    assert match_key("İstanbul", ignore_case=True, normalize_quotes=False) == "i\u0307stanbul"
    assert match_key("Al—Rai", ignore_case=False, normalize_quotes=True) == "Al-Rai"
    assert token_key(" \n\t", TokenKind.SPACE, ignore_case=True, normalize_quotes=True) == " "
    assert folded_words("The ‘Mayor’ Spoke.", *tokenize("The ‘Mayor’ Spoke.")) == [
        "the",
        "mayor",
        "spoke",
    ]


@pytest.mark.parametrize("extra", ["", " Sie liegt in İstanbul.", " ΟΔΟΣ και co\u00adop."])
def test_strasse_and_strasse_with_sharp_s_differ_whatever_else_the_text_holds(extra: str) -> None:
    # Before: "İ" anywhere in the text made the bulk lower() change length, the whole text fell
    # back to casefold, and "Strasse" == "Straße" silently became identical.
    base = "Die Strasse zum Hafen wird im Oktober gesperrt, teilte die Stadt mit."
    alone = compare_texts(base, base.replace("Strasse", "Straße"))
    mixed = compare_texts(base + extra, base.replace("Strasse", "Straße") + extra)
    for result in (alone, mixed):
        assert result.verdict is not None
        assert result.verdict.kind is not VerdictKind.IDENTICAL
        changed = [op for block in result.blocks for op in block.ops if op.kind is not OpKind.EQUAL]
        assert [result.a.text[op.a_start : op.a_end] for op in changed] == ["Strasse"]


def test_a_lone_soft_hyphen_is_not_a_crash() -> None:
    result = compare_texts("a\u00adb c.", "a\u00adb c.")
    assert result.verdict is not None and result.verdict.kind is VerdictKind.IDENTICAL


def test_word_ids_are_handed_out_in_first_seen_order() -> None:
    vocabulary = Vocabulary()
    document = load_text("zeta alpha mu zeta beta alpha.", "A")
    prepared = prepare(document, vocabulary, DEFAULT_CONFIG)
    assert vocabulary.keys == [" ", "zeta", "alpha", "mu", "beta", "."]
    assert [ord(c) - FIRST_CODE_POINT for c in prepared.word_codes] == [1, 2, 3, 1, 4, 2]


def test_past_the_code_point_budget_different_words_never_show_as_equal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 6 codes: space + 3 keys, then the two overflow codes.
    small = functools.partial(Vocabulary, code_points=6)
    monkeypatch.setattr(compare_module, "Vocabulary", small)
    a = "Alpha beta gamma delta epsilon. Alpha beta gamma delta epsilon."
    b = "Alpha beta gamma omega kappa. Alpha beta gamma delta epsilon."
    result = compare_texts(a, b)
    for block in result.blocks:
        for op in block.ops:
            if op.kind is OpKind.EQUAL:
                a_words = result.a.text[op.a_start : op.a_end].split()
                b_words = result.b.text[op.b_start : op.b_end].split()
                assert a_words == b_words
    # The fallback is visible: the words past the budget show as changes, in both sentences.
    changed = [op for block in result.blocks for op in block.ops if op.kind is not OpKind.EQUAL]
    assert changed
    # And deterministic: the same pair, the same result.
    again = compare_texts(a, b)
    assert [block.ops for block in again.blocks] == [block.ops for block in result.blocks]
    # The reader is told, in every output: 3 keys fit, "epsilon" and "." in A, then B's
    # "omega", "kappa", "delta", "epsilon" and "." each past the budget.
    from core.report.html import to_html
    from core.report.json import to_json
    from core.report.text import summary_text

    assert result.notes == again.notes
    (note,) = result.notes
    assert note.startswith("These texts hold more distinct words than Copydesk can tell apart (4):")
    assert "are always shown as changed, even where both sides have them" in note
    assert f"Note: {note}" in summary_text(result).splitlines()
    assert f'<p class="notice">{note}</p>' in to_html(result)
    assert to_json(result)["notes"] == [note]
    assert compare_texts("Alpha beta.", "Beta alpha.").notes == ()  # within it: nothing said
