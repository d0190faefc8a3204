"""Installer figures for the README: sizes, build time and start-up time of the frozen app.

    python benchmarks/package_figures.py            # build with packaging/build.sh, then measure
    python benchmarks/package_figures.py --no-build # measure the existing dist/
    python benchmarks/package_figures.py --cold     # drop the page cache before each start (root)

Start-up is measured on the frozen window program: ``copydesk --self-test`` with the offscreen
platform starts the bundle, opens the real main window, loads and compares the two bundled
sample articles and prints its summary line once the comparison is on screen.  "To window" is
launch -> that line (so it includes comparing two 450-word articles, a few tens of ms);
"to exit" adds tearing down.  The first start after a build or with ``--cold`` reads every
library from disk; the others come from the page cache.  Wall-clock times grow with whatever
else runs on the machine: the process's CPU time and the load average are printed alongside.
Target (issue 5): under 2 s.

Prints a Markdown table to paste into README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
START_TARGET_S = 2.0
SIZE_TARGET_MB = 150.0
MIB = 1024 * 1024


@dataclass(frozen=True)
class Start:
    to_window_s: float
    to_exit_s: float
    cpu_s: float  # user + system time of the process: what load on a shared machine can't inflate


def version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def artefacts(dist: Path) -> tuple[Path, Path, Path]:
    machine = os.uname().machine
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    v = version()
    return (
        dist / "copydesk",
        dist / f"copydesk-{v}-linux-{machine}.tar.gz",
        dist / f"copydesk_{v}_{arch}.deb",
    )


def tree_bytes(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if not p.is_dir())


def build() -> float:
    started = time.perf_counter()
    subprocess.run(["bash", str(ROOT / "packaging" / "build.sh")], cwd=ROOT, check=True)
    return time.perf_counter() - started


def drop_page_cache() -> bool:
    """Forget cached file pages so the next start reads the bundle from disk (needs root)."""
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def start_once(program: Path) -> Start:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(program), "--self-test"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()  # printed once the comparison is on screen
    shown = time.perf_counter()
    process.stdout.read()
    _pid, wait_status, usage = os.wait4(process.pid, 0)
    ended = time.perf_counter()
    status = os.waitstatus_to_exitcode(wait_status)
    process.returncode = status  # reaped here, so Popen must not wait again
    if status != 0 or not line.startswith("copydesk self-test ok"):
        raise SystemExit(f"self-test failed (exit {status}): {line.strip()}")
    return Start(shown - started, ended - started, usage.ru_utime + usage.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="measure the existing dist/")
    parser.add_argument("--runs", type=int, default=7, help="starts to time (default 7)")
    parser.add_argument("--cold", action="store_true", help="drop the page cache before each")
    args = parser.parse_args(argv)

    build_s = None if args.no_build else build()
    bundle, tarball, deb = artefacts(DIST)
    for path in (bundle, tarball, deb):
        if not path.exists():
            raise SystemExit(f"{path} is missing: run `make package` (or drop --no-build)")

    if args.cold and not drop_page_cache():
        raise SystemExit("--cold needs root (writes /proc/sys/vm/drop_caches)")
    starts = []
    for _ in range(args.runs):
        if args.cold:
            drop_page_cache()
        starts.append(start_once(bundle / "copydesk"))
    first, rest = starts[0], starts[1:] or starts
    label = "cold (page cache dropped)" if args.cold else "warm (page cache)"
    window = statistics.median(s.to_window_s for s in rest)
    exit_ = statistics.median(s.to_exit_s for s in rest)
    cpu = statistics.median(s.cpu_s for s in rest)
    size_mb = tree_bytes(bundle) / MIB

    rows = [
        ("Bundle, unpacked (dist/copydesk)", f"{size_mb:.0f} MiB (target < {SIZE_TARGET_MB:.0f})"),
        (f"Tarball ({tarball.name})", f"{tarball.stat().st_size / MIB:.0f} MiB"),
        (f"Debian package ({deb.name})", f"{deb.stat().st_size / MIB:.0f} MiB"),
        ("Build time (`make package`, 2 cores)", "n/a" if build_s is None else f"{build_s:.0f} s"),
        ("First start to window", f"{first.to_window_s:.2f} s"),
        (
            f"Start to window, median of {len(rest)} ({label})",
            f"{window:.2f} s (target < {START_TARGET_S:.0f} s)",
        ),
        ("Start to exit, median", f"{exit_:.2f} s"),
        ("CPU time of one start (user + system), median", f"{cpu:.2f} s"),
        ("Load average during the runs (2 cores)", f"{os.getloadavg()[0]:.1f}"),
    ]
    print("| Figure | Value |")
    print("| --- | --- |")
    for name, value in rows:
        print(f"| {name} | {value} |")
    within = size_mb < SIZE_TARGET_MB and window < START_TARGET_S
    print(f"\nTargets {'met' if within else 'MISSED'}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
