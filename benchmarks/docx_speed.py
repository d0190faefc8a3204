"""How long the Word redline export takes (issue 16's target: a 100k-word pair in under 10 s).

The pair is the engine benchmark's (``benchmarks/speed.py``): Gutenberg novels from
../shared/data, 10% of B's words replaced and 2% of its paragraphs moved.  The comparison runs
first (timed separately: the export starts from a finished comparison, as in the window and
the CLI); then the redline stream alone, and the whole export (redline + XML + zip + atomic
write) to a temporary file, best of ``--repeat`` runs.

    python benchmarks/docx_speed.py [--words 100000 ...] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from speed import make_pair  # noqa: E402

from core import compare, load_text  # noqa: E402
from core.report.docx import write_docx  # noqa: E402
from core.report.redline import EventKind, Mark, build_redline  # noqa: E402

TARGET_SECONDS = {100_000: 10.0}
SAME = Mark.SAME


def _best(function: object, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        "| words per side | compare | redline stream | .docx export | file size | revisions "
        "| moves | target |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as directory:
        target = Path(directory) / "redline.docx"
        for words in args.words:
            text_a, text_b = make_pair(words)
            started = time.perf_counter()
            comparison = compare(load_text(text_a, "A"), load_text(text_b, "B"))
            compare_seconds = time.perf_counter() - started
            redline = build_redline(comparison)
            stream = _best(lambda c=comparison: build_redline(c), args.repeat)
            export = _best(lambda c=comparison: write_docx(c, target), args.repeat)
            revisions = sum(
                1
                for e in redline.events
                if e.kind is not EventKind.MOVE_END and e.mark.value != "same"
            )
            target_text = f"{TARGET_SECONDS[words]:.0f} s" if words in TARGET_SECONDS else "–"
            print(
                f"| {words:,} | {compare_seconds:.2f} s | {stream:.2f} s | {export:.2f} s "
                f"| {target.stat().st_size / 1e6:.2f} MB | {revisions:,} | {redline.moves:,} "
                f"| {target_text} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
