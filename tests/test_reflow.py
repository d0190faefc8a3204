"""Reflowing hard-wrapped text for display: which breaks are joined, and offsets stay exact."""

from __future__ import annotations

import textwrap

from hypothesis import given
from hypothesis import strategies as st

from core.text.reflow import is_hard_wrapped, reflow_breaks, reflowed, wrap_width

PARAGRAPHS = [
    "The council agreed on Tuesday to reopen the Victorian pier on Saturday after eight months "
    "of repairs that cost far more than the engineers had first expected, officials said.",
    "Engineers replaced forty-two of the iron piles and rebuilt the central deck, which "
    "collapsed into the sea when waves of more than six metres struck the coast in January.",
    "No one was hurt, but the lifeboat slipway was cut off for three weeks and fishermen "
    "had to land their catch at the harbour in the next town along the coast.",
]


def test_wire_copy_wrapped_at_68_is_detected_and_joined():
    text = "\n\n".join(textwrap.fill(p, 68) for p in PARAGRAPHS)
    assert wrap_width(text) is not None and wrap_width(text) <= 68
    out = reflowed(text)
    assert len(out) == len(text)
    assert out.split("\n\n") == [" ".join(textwrap.wrap(p, 68)) for p in PARAGRAPHS]


def test_crlf_breaks_become_two_spaces():
    text = "\r\n\r\n".join(textwrap.fill(p, 60).replace("\n", "\r\n") for p in PARAGRAPHS)
    out = reflowed(text)
    assert len(out) == len(text)
    assert out.count("\r\n") == 4  # the blank lines between paragraphs only
    assert all(length == 2 for _offset, length in reflow_breaks(text))


def test_one_paragraph_a_line_is_not_reflowed():
    text = "\n".join(PARAGRAPHS)  # newsroom export: long lines, no wrapping
    assert not is_hard_wrapped(text)
    assert reflowed(text) is text


def test_short_lines_lists_and_paragraph_ends_stay():
    poem = "Roses are red,\nviolets are blue,\nthe pier is reopening\nand so are you.\n"
    assert reflowed(poem) == poem
    wrapped = textwrap.fill(PARAGRAPHS[0], 64)
    items = "\n- first item on the list\n- second item on the list\n"
    text = wrapped + items + "\n" + textwrap.fill(PARAGRAPHS[1], 64)
    out = reflowed(text)
    assert "\n- first item on the list\n- second item on the list\n" in out
    # The last, short line of a paragraph is not joined to the next paragraph.
    short = textwrap.fill(PARAGRAPHS[2], 64) + "\nA new paragraph starts here without a blank line."
    assert "\nA new paragraph" in reflowed("\n\n".join([wrapped, short]))


@given(st.text(alphabet=st.sampled_from("ab c\n\r.-"), max_size=400))
def test_reflowed_has_the_same_length_and_only_turns_breaks_into_spaces(text):
    out = reflowed(text)
    assert len(out) == len(text)
    for before, after in zip(text, out, strict=True):
        assert before == after or (before in "\r\n" and after == " ")


@given(
    st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=5),
    st.integers(min_value=40, max_value=90),
)
def test_any_greedy_wrap_is_undone(paragraphs, width):
    text = "\n\n".join(textwrap.fill(p, width) for p in paragraphs)
    if text.count("\n") - 2 * (len(paragraphs) - 1) < 3:
        return  # too few wrapped lines to call it hard-wrapped
    assert reflowed(text).split("\n\n") == [" ".join(textwrap.wrap(p, width)) for p in paragraphs]
