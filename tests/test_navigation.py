"""The window's moving rules (gui/window/navigation.py), without Qt and without a display."""

from __future__ import annotations

from pathlib import Path

import pytest
from blocked_imports import run_without

from core.model import BlockKind
from gui.window import navigation

ROOT = Path(__file__).resolve().parents[1]
ALL_KINDS = frozenset({BlockKind.CHANGED, BlockKind.INSERTED, BlockKind.DELETED, BlockKind.MOVED})


def test_imports_with_qt_blocked() -> None:
    run_without(
        {"PySide6", "shiboken6"},
        """
        from gui.window import navigation
        assert navigation.wrap_step(2, 3, True) == 0
        assert not any(m.startswith(("PySide6", "shiboken6")) for m in sys.modules)
        print("ok")
        """,
    )


@pytest.mark.parametrize(
    ("current", "forward", "expected"),
    [(0, True, 1), (2, True, 0), (0, False, 2), (1, False, 0)],
)
def test_find_matches_wrap_at_either_end(current: int, forward: bool, expected: int) -> None:
    assert navigation.wrap_step(current, 3, forward) == expected


def test_wrap_step_needs_something_to_step_through() -> None:
    with pytest.raises(ValueError):
        navigation.wrap_step(0, 0, True)


def test_wrapped_brings_a_bisect_index_into_range() -> None:
    assert navigation.wrapped(3, 3) == 0  # past the last match: the first
    assert navigation.wrapped(-1, 3) == 2  # before the first: the last
    assert navigation.wrapped(1, 3) == 1
    assert navigation.wrapped(0, 0) is None


def _never() -> int | None:
    raise AssertionError("the reading spot is not asked while the current change is on screen")


def test_changes_step_from_the_current_change_on_screen_without_wrapping() -> None:
    assert list(navigation.change_candidates(5, True, 2, True, _never, _never)) == [3, 4]
    assert list(navigation.change_candidates(5, False, 2, True, _never, _never)) == [1, 0]
    assert list(navigation.change_candidates(5, True, 4, True, _never, _never)) == []
    assert list(navigation.change_candidates(5, False, 0, True, _never, _never)) == []


def test_changes_step_from_the_reading_spot_when_the_current_one_scrolled_away() -> None:
    # Change 1 is current but off screen; the editor reads near change 3.
    forward = navigation.change_candidates(5, True, 1, False, lambda: 3, _never)
    assert list(forward) == [3, 4]
    backward = navigation.change_candidates(5, False, 1, False, _never, lambda: 2)
    assert list(backward) == [2, 1, 0]
    # No change after (or before) the spot: nothing to go to, not a wrap.
    assert list(navigation.change_candidates(5, True, None, False, lambda: None, _never)) == []
    assert list(navigation.change_candidates(5, False, None, False, _never, lambda: None)) == []


def test_first_allowed_skips_filtered_changes() -> None:
    assert navigation.first_allowed(range(0, 6), lambda n: n % 3 == 2) == 2
    assert navigation.first_allowed(range(4, -1, -1), lambda n: n < 2) == 1
    assert navigation.first_allowed(range(3), lambda n: False) is None
    assert navigation.no_more_message(True) == "No more changes below."
    assert navigation.no_more_message(False) == "No more changes above."


def test_filter_by_kind_and_copied_passages() -> None:
    shown = navigation.change_shown
    assert shown(BlockKind.MOVED, False, ALL_KINDS, False)
    assert not shown(BlockKind.MOVED, False, ALL_KINDS - {BlockKind.MOVED}, False)
    assert not shown(BlockKind.CHANGED, False, ALL_KINDS, True)  # not in a copied passage
    assert shown(BlockKind.CHANGED, True, ALL_KINDS, True)
    assert not shown(BlockKind.CHANGED, True, frozenset(), True)


def test_position_texts() -> None:
    assert navigation.changes_text(7) == "7 changes"
    assert navigation.change_position_text(0, 7, "Reworded") == "Change 1 of 7 · Reworded"
    assert navigation.passage_position_text(1, 3, "verbatim") == "Passage 2 of 3 · verbatim"
    assert (
        navigation.fact_position_text(4, 5, "number", "changed") == "Fact 5 of 5 · number changed"
    )
