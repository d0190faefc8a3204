"""Work out the .deb's ``Depends`` from what the bundle's binaries really link to.

    python packaging/check_deps.py dist/copydesk packaging/debian/depends.txt

Reads every ELF file of the bundle with ``objdump -p`` (direct DT_NEEDED entries and symbol
version references), drops the libraries the bundle carries itself, and maps the rest to the
Debian packages listed in depends.txt.  Prints the Depends value on stdout.  Exits 1 naming
every library that is neither bundled nor listed: a new Qt plugin or library needs a line in
depends.txt before it can ship.  libc6 and libstdc++6 get the minimum versions the binaries
ask for (highest GLIBC_x.y / GLIBCXX_3.4.n reference).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
_VERSION_RE = re.compile(r"\b(GLIBC|GLIBCXX)_(\d+(?:\.\d+)+)\b")

# libstdc++'s symbol version -> first GCC release that provides it (GCC's ABI policy table).
# Debian's libstdc++6 carries the GCC version, so "(>= 12)" accepts 12.2.0-14 and later.
GLIBCXX_TO_GCC = {
    (3, 4, 25): "8",
    (3, 4, 26): "9",
    (3, 4, 27): "9.2",
    (3, 4, 28): "10",
    (3, 4, 29): "11",
    (3, 4, 30): "12",
    (3, 4, 31): "13",
    (3, 4, 32): "13.2",
    (3, 4, 33): "14",
    (3, 4, 34): "15",
}


@dataclass
class BundleLinks:
    needed: dict[str, set[str]] = field(default_factory=dict)  # soname -> files needing it
    provided: set[str] = field(default_factory=set)  # file names present in the bundle
    glibc: tuple[int, ...] = (2, 17)
    glibcxx: tuple[int, ...] = (3, 4, 0)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def scan_bundle(bundle: Path) -> BundleLinks:
    links = BundleLinks()
    for path in sorted(bundle.rglob("*")):
        links.provided.add(path.name)
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as handle:
            if handle.read(4) != ELF_MAGIC:
                continue
        dump = subprocess.run(
            ["objdump", "-p", str(path)], capture_output=True, text=True, check=True
        ).stdout
        for line in dump.splitlines():
            words = line.split()
            if len(words) == 2 and words[0] == "NEEDED":
                links.needed.setdefault(words[1], set()).add(str(path.relative_to(bundle)))
        for kind, number in _VERSION_RE.findall(dump):
            version = _version(number)
            if kind == "GLIBC":
                links.glibc = max(links.glibc, version)
            else:
                links.glibcxx = max(links.glibcxx, version)
    return links


def read_depends(depends_txt: Path) -> list[tuple[str, list[str]]]:
    """(dependency expression, sonames) per line of depends.txt, in file order."""
    entries = []
    for raw in depends_txt.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        expression, _, sonames = line.rpartition(":")
        if not expression or not sonames.split():
            raise SystemExit(f"check_deps: bad line in {depends_txt}: {raw!r}")
        entries.append((expression.strip(), sonames.split()))
    return entries


def gcc_for(glibcxx: tuple[int, ...]) -> str:
    known = [gcc for version, gcc in sorted(GLIBCXX_TO_GCC.items()) if version <= glibcxx]
    return known[-1] if known else "5"


def depends_field(
    links: BundleLinks, entries: list[tuple[str, list[str]]]
) -> tuple[str, list[str]]:
    """The Depends value, and the sonames nothing covers (empty when all is well)."""
    external = {name for name in links.needed if name not in links.provided}
    covered: set[str] = set()
    chosen: list[str] = []
    for expression, sonames in entries:
        if external.intersection(sonames):
            covered.update(sonames)
            chosen.append(
                expression.format(glibc=".".join(map(str, links.glibc)), gcc=gcc_for(links.glibcxx))
            )
    missing = sorted(external - covered)
    return ", ".join(chosen), missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the .deb Depends of a bundle.")
    parser.add_argument("bundle", type=Path)
    parser.add_argument("depends_txt", type=Path)
    args = parser.parse_args(argv)
    links = scan_bundle(args.bundle)
    value, missing = depends_field(links, read_depends(args.depends_txt))
    if missing:
        for name in missing:
            users = ", ".join(sorted(links.needed[name])[:3])
            print(
                f"check_deps: {name} (needed by {users}) is not bundled and not in "
                f"{args.depends_txt}",
                file=sys.stderr,
            )
        return 1
    print(value)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
