"""Run a snippet in a fresh interpreter in which some packages cannot be imported: how the tests
prove that core needs no Qt, the engine no numpy, and the window's navigation rules no Qt."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_PRELUDE = """
import sys
class Blocked:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {blocked!r}:
            raise ImportError(name + " is blocked in this test")
        return None
sys.meta_path.insert(0, Blocked())
"""


def run_without(blocked: set[str], snippet: str) -> None:
    """Run ``snippet`` with the top-level packages ``blocked``; it must print "ok" and exit 0."""
    script = _PRELUDE.format(blocked=sorted(blocked)) + textwrap.dedent(snippet)
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
