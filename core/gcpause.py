"""Pause Python's cyclic garbage collector around the engine's bulk work.

Loading and comparing a book create millions of small objects (tuples, sentences, word ops)
that are never part of a reference cycle; with the collector on, every few hundred
allocations it walks the young objects and, as they pile up, the whole heap again: about a
fifth of a 1M-word comparison (see benchmarks/speed.py).  Reference counting still frees
everything as usual; only cycles wait until the pause ends.  Nested and concurrent pauses
(the window compares in a worker thread while another loads) are counted, and the collector
is turned back on by the last one out, and only if it was on to begin with.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
