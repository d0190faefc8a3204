"""The Qt binding itself must be sound: a known PySide6 release corrupts Python's memory."""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    happened = Signal(int)


def test_signal_emit_keeps_reference_counts():
    """PySide6 6.12.0 drops a reference to ``True`` on every ``Signal.emit()``.

    On Python 3.11 that crashes the window ("bool_dealloc: deallocating True or False") after a
    few thousand emits, i.e. minutes of scrolling.  Python 3.12+ hides it (True is immortal).
    The fix is to avoid that release: ``PySide6-Essentials>=6.6,!=6.12.0``.
    """
    emitter = _Emitter()
    emits = 10  # few enough that a leaking binding cannot take True's count to zero here
    before = sys.getrefcount(True)
    for value in range(emits):
        emitter.happened.emit(value)
    lost = before - sys.getrefcount(True)
    for _ in range(max(0, lost)):  # give the references back so the rest of the run survives
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    assert lost < emits // 2, f"Signal.emit lost {lost} references to True in {emits} emits"
