"""How long the Word redline export takes (issue 16's target: a 100k-word pair in under 10 s).

The pair is the engine benchmark's (``benchmarks/speed.py``): Gutenberg novels from
../shared/data, 10% of B's words replaced and 2% of its paragraphs moved.  The comparison runs
first (timed separately: the export starts from a finished comparison, as in the window and
the CLI); then the redline stream alone, and the whole export (redline + XML + zip + atomic
write) to a temporary file, best of ``--repeat`` runs.

With ``--pdf`` it also times the window's PDF redline (Qt, offscreen: QTextDocument layout
and painting every page), once per size.

    python benchmarks/docx_speed.py [--words 100000 ...] [--repeat 3] [--pdf]
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


def _pdf_seconds(comparison: object, directory: Path) -> str:
    from pypdf import PdfReader

    from gui.views.redline_pdf import save_redline_pdf

    target = directory / "redline.pdf"
    started = time.perf_counter()
    save_redline_pdf(comparison, target)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    return f"{seconds:.1f} s ({len(PdfReader(target).pages):,})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf", action="store_true", help="also time the Qt PDF redline")
    args = parser.parse_args()
    pdf_column = " PDF redline (pages) |" if args.pdf else ""
    if args.pdf:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        application = QApplication([])  # noqa: F841  (fonts and the printer need one)
    print(
        "| words per side | compare | redline stream | .docx export | file size | revisions "
        f"| moves |{pdf_column} target |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|" + ("---:|" if args.pdf else "") + "---:|")
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
            size = target.stat().st_size / 1e6
            pdf_cell = ""
            if args.pdf:
                pdf_cell = f" {_pdf_seconds(comparison, Path(directory))} |"
            print(
                f"| {words:,} | {compare_seconds:.2f} s | {stream:.2f} s | {export:.2f} s "
                f"| {size:.2f} MB | {revisions:,} | {redline.moves:,} |{pdf_cell} {target_text} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
