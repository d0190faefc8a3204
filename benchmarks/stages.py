"""CPU time of each stage of one comparison, on the speed benchmark's pair (``speed.py``).

CPU time (``time.process_time``), not wall clock: the figure that stays meaningful while other
jobs share the cores.  Each stage function of ``core.engine.compare`` is wrapped with a timer;
a stage called inside another is counted in both (the indented rows are parts of "compare").
The traces and the JSON report, computed on demand after the comparison (the window's worker,
the CLI), are timed apart.

    python benchmarks/stages.py                    # 100k and 1M words a side
    python benchmarks/stages.py --sizes 100000 --profile 25   # plus cProfile's 25 top rows
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import json
import os
import pstats
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

# Stage functions as ``core.engine.compare`` sees them (it imports them by name).
COMPARE_STAGES = (
    "prepare",
    "align",
    "diff_group",
    "_make_blocks",
    "compute_metrics",
    "regroup",
    "find_passages",
    "paired_share",
    "decide_verdict",
    "find_fact_changes",
)


def _timed(totals: dict[str, float], name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            totals[name] += time.process_time() - started

    return wrapper


def measure(words: int, profile_rows: int) -> dict[str, float]:
    from speed import make_pair

    import core.engine.compare as engine
    from core import compare, load_text
    from core.report.json import json_text
    from core.traces import find_traces

    compare(load_text("Warm up the language profiles."), load_text("Warm up the profiles."))
    a_text, b_text = make_pair(words)
    gc.collect()
    totals: dict[str, float] = defaultdict(float)
    for name in COMPARE_STAGES:
        setattr(engine, name, _timed(totals, name, getattr(engine, name)))
    profiler = cProfile.Profile() if profile_rows else None
    if profiler is not None:
        profiler.enable()
    started = time.process_time()
    a = load_text(a_text, "A")
    b = load_text(b_text, "B")
    loaded = time.process_time()
    comparison = compare(a, b)
    compared = time.process_time()
    traces = find_traces(comparison)
    traced = time.process_time()
    exported = json_text(comparison)
    reported = time.process_time()
    if profiler is not None:
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(profile_rows)
        stats.sort_stats("tottime").print_stats(profile_rows)
    result = {
        "words": float(words),
        "load": loaded - started,
        "compare": compared - loaded,
        **{name: totals[name] for name in COMPARE_STAGES},
        "traces": traced - compared,
        "json (traces cached)": reported - traced,
        "load + compare": compared - started,
        "load + compare + traces": traced - started,
        "blocks": float(len(comparison.blocks)),
        "facts": float(len(comparison.facts)),
        "trace count": float(len(traces.traces)),
        "json bytes": float(len(exported)),
    }
    return result


def calibration_seconds() -> float:
    """CPU time of a fixed pure-Python loop: on a shared machine a CPU second is not a quiet
    core's, and this figure says by how much (compare it with a run on a quiet machine)."""
    started = time.process_time()
    total = 0
    for number in range(5_000_000):
        total += number & 7
    assert total
    return time.process_time() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--profile", type=int, default=0, help="print cProfile's top N rows")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.profile)))
        return 0
    rows: list[dict[str, float]] = []
    for size in args.sizes:
        command = [sys.executable, __file__, "--one", str(size), "--profile", str(args.profile)]
        out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
        if args.profile:
            print(out.stderr)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(
        f"CPU seconds (time.process_time); load average {os.getloadavg()[0]:.1f}; "
        f"a fixed 5M-step Python loop took {calibration_seconds():.2f} s CPU"
    )
    print(f"{'stage':<26}" + "".join(f"{int(r['words']):>12,}" for r in rows))
    for key in rows[0]:
        if key == "words":
            continue
        label = f"  {key}" if key in COMPARE_STAGES else key
        counts = key in ("blocks", "facts", "trace count", "json bytes")
        cells = "".join(f"{int(r[key]):>12,}" if counts else f"{r[key]:>12.3f}" for r in rows)
        print(f"{label:<26}{cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
