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

Sizes are in MB (10^6 bytes).  The bundle's size is its *apparent* size: the sum of the byte
lengths of its files and symbolic links (a link counts as its own few bytes, not its target's;
folders count nothing), i.e. what the tarball holds before compression and what ``du -sb``
reports less the folders' own entries.  Its disk usage (allocated blocks, ``du -s``, each file
rounded up to the file system's block) is printed beside it; on ext4 it is about 1% more.
Target (issue 5): under 150 MB apparent.  ``--breakdown`` adds the largest parts of the bundle.

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
SIZE_TARGET_BYTES = 150_000_000
MB = 1_000_000
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
    """Apparent size: byte lengths of the files and symbolic links (not followed) under folder."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if not p.is_dir())


def disk_bytes(folder: Path) -> int:
    """Disk usage: allocated blocks of everything under folder, folders included (``du -s``)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for p in [folder, *folder.rglob("*")]:
        st = p.lstat()
        if (st.st_dev, st.st_ino) not in seen:  # hard links count once, as du does
            seen.add((st.st_dev, st.st_ino))
            total += st.st_blocks * 512
    return total


def breakdown(bundle: Path, limit: int) -> list[tuple[str, int]]:
    """The largest top-level entries of the bundle and of its _internal/ folder, apparent bytes."""
    parts: list[tuple[str, int]] = []
    for parent in (bundle, bundle / "_internal"):
        for entry in parent.iterdir():
            if entry.name == "_internal" and parent == bundle:
                continue
            size = tree_bytes(entry) if entry.is_dir() and not entry.is_symlink() else 0
            size += entry.lstat().st_size if not entry.is_dir() or entry.is_symlink() else 0
            parts.append((str(entry.relative_to(bundle)), size))
    parts.sort(key=lambda part: -part[1])
    return parts[:limit]


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
    parser.add_argument(
        "--breakdown", type=int, default=0, metavar="N", help="also list the N largest parts"
    )
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
    size = tree_bytes(bundle)

    rows = [
        (
            "Bundle, unpacked (dist/copydesk), apparent size",
            f"{size / MB:.1f} MB = {size / MIB:.1f} MiB (target < {SIZE_TARGET_BYTES / MB:.0f} MB)",
        ),
        ("Bundle, disk usage (`du -s`)", f"{disk_bytes(bundle) / MB:.1f} MB"),
        (f"Tarball ({tarball.name})", f"{tarball.stat().st_size / MB:.1f} MB"),
        (f"Debian package ({deb.name})", f"{deb.stat().st_size / MB:.1f} MB"),
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
    if args.breakdown:
        print("\n| Part of the bundle | MB |")
        print("| --- | --- |")
        for name, part_size in breakdown(bundle, args.breakdown):
            print(f"| {name} | {part_size / MB:.1f} |")
    within = size < SIZE_TARGET_BYTES and window < START_TARGET_S
    print(f"\nTargets {'met' if within else 'MISSED'}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
