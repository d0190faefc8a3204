"""Moving between changes, passages, facts and Find matches: the rules, without Qt.

The window (:mod:`gui.window.main_window`), the Find bar's controller
(:mod:`gui.window.find_controller`) and the list of changes (:mod:`gui.views.changes`) ask
here which item comes next, which changes the list's filter lets through and what the
position label says; they only draw the answer.  Kept free of Qt (a test imports it with
PySide6 blocked) so the rules are unit-tested without a display.

- Changes (F7 / Shift+F7) do not wrap: past the last one the editor is told there are no more
  changes below, since wrapping would jump across the whole text without saying so.  They
  step from the current change while it is on screen, otherwise from the spot the editor is
  reading.
- Find matches wrap at either end, as find bars do (the count "3 of 3" says where one is).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from core.model import BlockKind


def wrap_step(current: int, count: int, forward: bool) -> int:
    """The next (or previous) of ``count`` items after ``current``, wrapping around."""
    if count <= 0:
        raise ValueError("nothing to step through")
    return (current + (1 if forward else -1)) % count


def wrapped(number: int, count: int) -> int | None:
    """``number`` brought into ``range(count)`` by wrapping (an index just past either end of
    a sorted list, as bisect gives it); None when there is nothing."""
    return number % count if count > 0 else None


def change_candidates(
    count: int,
    forward: bool,
    current: int | None,
    current_on_screen: bool,
    first_after_spot: Callable[[], int | None],
    last_before_spot: Callable[[], int | None],
) -> range:
    """The change numbers to try, nearest first, for F7 (``forward``) or Shift+F7.

    From the current change while it is on screen; otherwise from the reading spot, whose
    first change after (or last change before) the callbacks give, looked up only then.  An
    editor who scrolls past the current change and presses F7 wants the change below, not
    the one after the change left behind further up.
    """
    if current is not None and current_on_screen:
        return range(current + 1, count) if forward else range(current - 1, -1, -1)
    if forward:
        first = first_after_spot()
        return range(count if first is None else first, count)
    last = last_before_spot()
    return range(-1 if last is None else last, -1, -1)


def first_allowed(candidates: Iterable[int], allowed: Callable[[int], bool]) -> int | None:
    """The first candidate the filter lets through, or None (no more in that direction)."""
    return next((number for number in candidates if allowed(number)), None)


def no_more_message(forward: bool) -> str:
    return f"No more changes {'below' if forward else 'above'}."


def change_shown(
    kind: BlockKind, in_copied_passage: bool, kinds: Collection[BlockKind], copied_only: bool
) -> bool:
    """Whether the list of changes (and F7) shows a change: its kind is switched on and, when
    only copied passages are asked for, it lies in one."""
    if copied_only and not in_copied_passage:
        return False
    return kind in kinds


def changes_text(count: int) -> str:
    return f"{count} changes"


def change_position_text(number: int, count: int, description: str) -> str:
    return f"Change {number + 1} of {count} · {description}"


def passage_position_text(number: int, count: int, kind_label: str) -> str:
    return f"Passage {number + 1} of {count} · {kind_label}"


def fact_position_text(number: int, count: int, kind_label: str, change: str) -> str:
    return f"Fact {number + 1} of {count} · {kind_label} {change}"
