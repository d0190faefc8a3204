"""Shared fixtures.  ``shared_data`` points at ../shared/data (real third-party text)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real text not available: {SHARED_DATA} is absent")
    return SHARED_DATA
