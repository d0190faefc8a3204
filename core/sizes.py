"""How Copydesk writes a quantity, everywhere: a size in binary units named as such ("812
bytes", "4.5 KiB", "64 MiB"), and a share as a whole percentage ("71%").  The 64 MiB limit
reads the same when opening a file, in folder ranking and in the window.  (Sizes are counted in
powers of 1024, so the units say so: KiB, MiB, GiB.)
"""

from __future__ import annotations

import math

_UNITS = ("KiB", "MiB", "GiB", "TiB")


def format_size(size: int) -> str:
    """One decimal below 10 of a unit ("4.5 KiB"), none above ("64 MiB", "1,536 TiB")."""
    if size < 1024:
        return "1 byte" if size == 1 else f"{size:,} bytes"
    value = size / 1024
    power = 0
    while value >= 1024 and power < len(_UNITS) - 1:
        value /= 1024
        power += 1
    text = f"{value:.1f}".removesuffix(".0") if value < 10 else f"{value:,.0f}"
    return f"{text} {_UNITS[power]}"


def percent(fraction: float) -> str:
    """A 0..1 share as a whole percentage ("71%"); "n/a" when it is not a number."""
    if not math.isfinite(fraction):
        return "n/a"
    return f"{fraction * 100:.0f}%"
