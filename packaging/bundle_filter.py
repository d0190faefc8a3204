"""What to leave out of the PyInstaller bundle (used by copydesk.spec).

PyInstaller's Qt hooks collect every plugin of every Qt module the app touches, plus every
shared library those plugins link, down to the build machine's GTK and glib.  That is twice the
size the app needs and, worse, ships the build distribution's copies of libraries that must
match the user's desktop (fontconfig reading the system's font configuration, glib loading the
system's GIO modules).  The rules here:

* keep only the Qt plugins a desktop widget app uses (:data:`KEEP_PLUGINS`);
* leave the desktop stack (X11/xcb, xkbcommon, fontconfig, freetype, dbus, glib, libstdc++)
  to the system: the .deb declares it in ``Depends`` (packaging/debian/depends.txt, checked
  against the bundle by check_deps.py) and packaging/README.md names the same packages;
* drop shared libraries nothing left in the bundle links to (Qt libraries of dropped plugins);
* drop the files of kept packages that nothing in the app reads (:func:`is_unused_file`):
  rapidfuzz's extensions other than the baseline Levenshtein one, python-docx's unpacked
  template, CA certificates without an ``ssl`` module to use them;
* strip debug info and symbol tables (:func:`strip_binaries`), except from auditwheel-repaired
  libraries, which ``strip`` breaks;
* ship Qt's translations not at all (the UI is English) and babel's locale data only for the
  languages langdetect can report (the engine shows their English names), and of those only
  English and root with their real contents (:func:`babel_locales_loaded`, :data:`BABEL_STUB`);
* on Linux, store a data file that is byte for byte the same as another only once, the second
  as a symbolic link (:func:`link_duplicate_datas`).

Entries are PyInstaller TOC tuples ``(dest_name, src_name, typecode)``.
"""

from __future__ import annotations

import hashlib
import pickle
import posixpath
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath

TocEntry = tuple[str, str, str]

# None: keep every plugin of that kind; a set: keep only plugins with these base names
# (file name without "lib" and extension, so one set serves .so, .dll and .dylib).
KEEP_PLUGINS: dict[str, set[str] | None] = {
    "platforms": {"qxcb", "qwayland", "qoffscreen", "qminimal", "qwindows", "qcocoa"},
    # SVG for the icon; PNG and BMP are built into QtGui.  The app draws text and never reads
    # JPEG, GIF or ICO images (qjpeg alone is 0.5 MB).
    "imageformats": {"qsvg"},
    "iconengines": None,  # SVG icons
    "platforminputcontexts": {
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    },
    # The portal theme gives native file dialogs on GNOME/KDE through D-Bus; the GTK3 theme
    # would drag the whole GTK stack of the build machine into the bundle.
    "platformthemes": {"qxdgdesktopportal"},
    "styles": None,  # native styles on macOS and Windows
    "xcbglintegrations": None,
    "wayland-shell-integration": {"xdg-shell"},
    "wayland-decoration-client": None,
    "wayland-graphics-integration-client": {"qt-plugin-wayland-egl", "shm-emulation-server"},
    # QPrinter's backend for real printers (CUPS on Linux, where libcups is the system's; the
    # Windows print system; macOS's is in qcocoa).  Without it the print dialog can only print
    # to a PDF file.
    "printsupport": {"cupsprintersupport", "windowsprintersupport"},
}

# Libraries every Linux desktop provides and that must match the running system (fontconfig
# reads the system's font configuration, glib loads the system's GIO modules, Mesa's drivers
# need the system's libstdc++, libcups talks to the system's print server).  Each one is
# covered by packaging/debian/depends.txt, which check_deps.py verifies against the bundle.
# Their own dependencies (libsystemd, libgcrypt, libpng, gnutls, ...) then have nothing left
# linking them and are pruned.
SYSTEM_LIBRARY_RE = re.compile(
    r"^lib("
    r"X11|X11-xcb|Xau|Xdmcp|Xext|Xrender|xcb(-[a-z0-9-]+)?|xkbcommon(-x11)?"
    r"|fontconfig|freetype|dbus-1|cups"
    r"|glib-2\.0|gio-2\.0|gobject-2\.0|gmodule-2\.0|gthread-2\.0"
    r"|stdc\+\+|gcc_s"
    r")\.so(\.\d+)*$"
)


def plugin_base_name(file_name: str) -> str:
    stem = PurePath(file_name).name.split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def _qt_parts(dest: str) -> tuple[str, ...]:
    return PurePath(dest.replace("\\", "/")).parts


def is_wanted_qt_file(dest: str) -> bool:
    """False for Qt translations and for plugins outside :data:`KEEP_PLUGINS`."""
    parts = _qt_parts(dest)
    if not parts or parts[0] not in ("PySide6", "shiboken6"):
        return True
    if "translations" in parts:
        return False
    if "plugins" in parts:
        i = parts.index("plugins")
        if i + 2 >= len(parts):  # the plugins folder itself
            return True
        keep = KEEP_PLUGINS.get(parts[i + 1], set())
        return keep is None or plugin_base_name(parts[-1]) in keep
    return True


def is_system_library(dest: str) -> bool:
    """True for a top-level desktop-stack library the user's system must provide (Linux)."""
    if not sys.platform.startswith("linux"):
        return False
    return bool(SYSTEM_LIBRARY_RE.match(PurePath(dest).name))


def babel_locales_used(language_codes: Iterable[str]) -> set[str]:
    """Babel locale-data files the engine reads to name these languages in English.

    core.report calls ``Locale.parse(code).get_display_name("en")``; babel checks that the
    locale's file exists and loads English (and root) for the names.  Recording what babel
    touches, rather than guessing its alias rules ("tl" is fil_PH, "no" is nb), keeps exactly
    those files.
    """
    import babel.localedata as localedata
    from babel import Locale

    used: set[str] = {"root", "en"}
    original_load, original_exists = localedata.load, localedata.exists

    def load(name: str, merge_inherited: bool = True) -> object:
        used.add(name)
        return original_load(name, merge_inherited)

    def exists(name: str) -> bool:
        found = original_exists(name)
        if found:
            used.add(name)
        return bool(found)

    localedata.load, localedata.exists = load, exists  # type: ignore[assignment]
    try:
        for code in language_codes:
            for candidate in (code, code.split("-")[0]):
                try:
                    Locale.parse(candidate.replace("-", "_")).get_display_name("en")
                except Exception:  # babel does not know it: the report shows the bare code
                    continue
    finally:
        localedata.load, localedata.exists = original_load, original_exists
    return used


def babel_locales_loaded(language_codes: Iterable[str]) -> set[str]:
    """The babel locales whose *contents* naming these languages in English reads.

    :func:`babel_locales_used` also counts the locales babel only checks exist (``Locale("fr")``
    asks ``localedata.exists("fr")`` and nothing more); naming them in English loads "en" and
    its parent "root".  Only these need their real data; the others can be :data:`BABEL_STUB`.
    """
    import babel.localedata as localedata
    from babel import Locale

    loaded: set[str] = {"root", "en"}
    original_load = localedata.load

    def load(name: str, merge_inherited: bool = True) -> object:
        loaded.add(name)
        return original_load(name, merge_inherited)

    localedata.load = load  # type: ignore[assignment]
    try:
        for code in language_codes:
            for candidate in (code, code.split("-")[0]):
                try:
                    Locale.parse(candidate.replace("-", "_")).get_display_name("en")
                except Exception:
                    continue
    finally:
        localedata.load = original_load
    return loaded


# A babel locale-data file with no data of its own: ``pickle.dumps({})``.  babel's load() merges
# a locale's file over its parent's data, so a locale stored as this stub still loads (it reads
# as its parent, root) and ``localedata.exists`` still finds it.  The bundle carries these
# stubs for the locales the app only needs to *exist* (see :func:`babel_locales_loaded`):
# core.report names a language with ``Locale.parse(code).get_display_name("en")``, which checks
# that ``code``'s file exists and reads English; courlan's URL filter only reads
# ``Locale.parse(segment).language``.  Real data for 55 locales would be 10 MB.
BABEL_STUB = pickle.dumps({}, protocol=2)


def babel_stub_datas(
    datas: list[TocEntry], stub_locales: set[str], work_dir: Path
) -> list[TocEntry]:
    """Point the locale-data files of ``stub_locales`` at one :data:`BABEL_STUB` file."""
    stub = work_dir / "babel-stub" / "stub.dat"
    stub.parent.mkdir(parents=True, exist_ok=True)
    if not stub.is_file() or stub.read_bytes() != BABEL_STUB:
        stub.write_bytes(BABEL_STUB)
    result = []
    for dest, src, kind in datas:
        parts = _qt_parts(dest)
        if (
            len(parts) >= 3
            and parts[0] == "babel"
            and parts[1] == "locale-data"
            and PurePath(parts[-1]).stem in stub_locales
        ):
            src = str(stub)
        result.append((dest, src, kind))
    return result


def langdetect_codes() -> list[str]:
    import langdetect

    profiles = Path(langdetect.__file__).parent / "profiles"
    return sorted(p.name for p in profiles.iterdir() if p.is_file())


def babel_filter(keep_locales: set[str]) -> Callable[[str], bool]:
    def wanted(dest: str) -> bool:
        parts = _qt_parts(dest)
        if len(parts) >= 3 and parts[0] == "babel" and parts[1] == "locale-data":
            return PurePath(parts[-1]).stem in keep_locales
        return True

    return wanted


def needed_sonames(path: str) -> set[str]:
    """Direct link-time dependencies (ELF DT_NEEDED) of a Linux binary; empty for non-ELF.

    Not ldd: ldd lists the whole transitive closure, which would keep every library alive.
    objdump is already a PyInstaller requirement on Linux.
    """
    try:
        dump = subprocess.run(
            ["objdump", "-p", path], capture_output=True, text=True, check=False
        ).stdout
    except OSError:
        return set()
    return {line.split()[1] for line in dump.splitlines() if line.strip().startswith("NEEDED")}


def _is_prunable(dest: str, kind: str) -> bool:
    if kind == "EXTENSION":  # a Python extension module (top-level ones exist) is a root
        return False
    path = PurePath(dest)
    name = path.name
    if name.startswith(("libQt6", "libicu")):
        return True
    # Top-level libraries are there only as somebody's link-time dependency.
    return len(path.parts) == 1 and ".so" in name and not name.startswith("libpython")


def prune_unreferenced_libraries(binaries: list[TocEntry]) -> list[TocEntry]:
    """Drop shared libraries that nothing left in the bundle links to (Linux only).

    Roots are Python extension modules, Qt plugins and everything inside package folders; a
    top-level library, or a Qt/ICU library, survives only while something kept needs it.  Only
    run on Linux: on Windows Qt loads some DLLs (ANGLE, software OpenGL) without linking them.
    """
    if not sys.platform.startswith("linux"):
        return binaries
    kept = list(binaries)
    while True:
        needed: set[str] = set()
        for _dest, src, _kind in kept:
            needed |= needed_sonames(src)
        pruned = [e for e in kept if not _is_prunable(e[0], e[2]) or PurePath(e[0]).name in needed]
        if len(pruned) == len(kept):
            return pruned
        kept = pruned


# Extension modules of kept packages that the app never imports, by package and module name
# (the file name up to its first dot, so one rule serves .so and .pyd).
UNUSED_EXTENSIONS: dict[str, set[str]] = {
    # The engine uses rapidfuzz.distance.Levenshtein only.  Importing it imports rapidfuzz's
    # fuzz, process and utils too, and each of those modules (and Levenshtein itself) picks its
    # implementation at import time: the AVX2 build if the CPU has AVX2 and it imports, else the
    # baseline build, else the pure-Python one (rapidfuzz/fuzz.py, process.py, utils.py,
    # distance/Levenshtein.py; errors are ImportError, suppressed).  Kept: metrics_cpp, the
    # baseline (SSE2, every x86-64 CPU) build of the distances, with _initialize_cpp (its
    # result types) and _feature_detector_cpp.  Levenshtein runs as fast in it as in
    # metrics_cpp_avx2 (AVX2 pays off in process.cdist's batches, which the app does not use);
    # fuzz and process fall back to their pure-Python versions, which nothing calls.
    # 8.4 MB.  (Setting RAPIDFUZZ_IMPLEMENTATION=cpp, which demands the C++ fuzz, would fail.)
    "rapidfuzz": {
        "metrics_cpp_avx2",
        "fuzz_cpp",
        "fuzz_cpp_avx2",
        "process_cpp_impl",
        "utils_cpp",
    },
}

# Data folders that nothing reads at run time.
UNUSED_DATA_DIRS: tuple[tuple[str, ...], ...] = (
    # python-docx builds default.docx from this unpacked copy in its own repository; at run time
    # it reads templates/default*.docx and templates/default-*.xml only (docx/api.py,
    # docx/parts/*.py).  0.9 MB.
    ("docx", "templates", "default-docx-template"),
)


def is_unused_file(dest: str, excluded_modules: Iterable[str] = ()) -> bool:
    """True for a file of a kept package that nothing in the app reads (see the tables above).

    ``excluded_modules`` are the spec's ``excludes``: with ``ssl`` among them certifi's CA
    bundle (only ever handed to ``ssl``) has no reader either.
    """
    parts = _qt_parts(dest)
    if not parts:
        return False
    if len(parts) >= 2 and PurePath(parts[-1]).name.split(".")[0] in UNUSED_EXTENSIONS.get(
        parts[0], set()
    ):
        return True
    if any(parts[: len(folder)] == folder for folder in UNUSED_DATA_DIRS):
        return True
    return "ssl" in excluded_modules and parts == ("certifi", "cacert.pem")


def elf_sections(path: str) -> set[str]:
    """Section names of an ELF file (empty for anything else), from ``readelf -S``.

    Not ``objdump -h``: it leaves out the symbol table (.symtab, .strtab).
    """
    try:
        table = subprocess.run(
            ["readelf", "-S", "-W", path], capture_output=True, text=True, check=False
        ).stdout
    except OSError:
        return set()
    return set(re.findall(r"^\s*\[\s*\d+\]\s+(\S+)", table, re.MULTILINE))


def auditwheel_packages(entries: Iterable[TocEntry]) -> set[str]:
    """Top-level folders of wheels repaired by auditwheel: ``numpy`` when ``numpy.libs`` exists.

    auditwheel rewrites the ELF headers of those wheels' libraries and extension modules
    (patchelf), and ``strip`` turns such files into ones the loader refuses ("ELF load command
    address/offset not page-aligned"): checked with numpy.libs' OpenBLAS and libgfortran.
    """
    tops = {_qt_parts(dest)[0] for dest, _src, _kind in entries if _qt_parts(dest)}
    vendored = {top for top in tops if top.endswith(".libs")}
    return vendored | {top.removesuffix(".libs") for top in vendored}


def strip_binaries(binaries: list[TocEntry], work_dir: Path) -> list[TocEntry]:
    """Point binaries with debug info or a symbol table at ``strip --strip-unneeded``-ed copies.

    Linux only.  Shared libraries and extension modules are linked and loaded through their
    dynamic symbol table, which ``--strip-unneeded`` keeps (Debian's dh_strip does the same);
    what goes is DWARF debug info (a pyenv/python-build libpython: 23 MB -> 6 MB) and the full
    symbol table (sentencex 1.0 MB, ICU 1.4 MB, libpython 0.7 MB, ...), which only debuggers and
    profilers read.  Qt's own libraries come stripped already.  Not PyInstaller's
    ``strip=True``: it would strip auditwheel-repaired libraries too, and break them (see
    :func:`auditwheel_packages`); those are left as they are.  The copies live in PyInstaller's
    work folder and are redone only when their source is newer.
    """
    if not sys.platform.startswith("linux"):
        return binaries
    skip = auditwheel_packages(binaries)
    result = []
    for dest, src, kind in binaries:
        parts = _qt_parts(dest)
        if (
            kind != "SYMLINK"
            and not (parts and parts[0] in skip)
            and Path(src).is_file()
            and elf_sections(src) & {".debug_info", ".symtab"}
        ):
            stripped = work_dir / "strip-unneeded" / dest
            source = Path(src)
            if not stripped.exists() or stripped.stat().st_mtime < source.stat().st_mtime:
                stripped.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, stripped)
                subprocess.run(["strip", "--strip-unneeded", str(stripped)], check=True)
            src = str(stripped)
        result.append((dest, src, kind))
    return result


def link_duplicate_datas(datas: list[TocEntry]) -> list[TocEntry]:
    """Turn a data file identical to an earlier one into a relative symbolic link to it (Linux).

    tld ships its public-suffix list twice (effective_tld_names.dat.txt and the "public only"
    variant, the same 330 kB); both names are kept, the bytes once.  Only data files: a shared
    library reached through two names could be loaded twice.  Not on Windows, where links need
    privileges, nor macOS, whose signing treats them specially.
    """
    if not sys.platform.startswith("linux"):
        return datas
    first: dict[tuple[int, str], str] = {}
    result = []
    for dest, src, kind in datas:
        source = Path(src)
        if kind == "DATA" and source.is_file() and not source.is_symlink():
            data = source.read_bytes()
            key = (len(data), hashlib.sha256(data).hexdigest())
            if len(data) >= 4096 and key in first:
                here = posixpath.dirname(normal_dest(dest)) or "."
                result.append((dest, posixpath.relpath(first[key], here), "SYMLINK"))
                continue
            first.setdefault(key, normal_dest(dest))
        result.append((dest, src, kind))
    return result


def drop_symlinks_to_removed(entries: list[TocEntry], removed: set[str]) -> list[TocEntry]:
    """Drop PyInstaller 6's SYMLINK entries that point at a file this module removed.

    A SYMLINK entry is ``(dest, target relative to dest's folder, "SYMLINK")``.  Only links to
    ``removed`` files go: links into macOS frameworks (``Versions/Current/...``) point through
    other links and must stay untouched.
    """
    result = []
    for dest, target, kind in entries:
        if kind == "SYMLINK" and normal_dest(str(PurePath(dest).parent / target)) in removed:
            continue
        result.append((dest, target, kind))
    return result


def normal_dest(dest: str) -> str:
    """A TOC destination as a '/'-separated path with '.' and '..' resolved."""
    parts: list[str] = []
    for part in PurePath(dest.replace("\\", "/")).parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)
