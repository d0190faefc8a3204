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
* strip debug info from the few binaries that carry it (:func:`strip_debug_info`);
* ship Qt's translations not at all (the UI is English) and babel's locale data only for the
  languages langdetect can report (the engine shows their English names).

Entries are PyInstaller TOC tuples ``(dest_name, src_name, typecode)``.
"""

from __future__ import annotations

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
    "imageformats": {"qsvg", "qico", "qjpeg", "qgif"},
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
}

# Libraries every Linux desktop provides and that must match the running system (fontconfig
# reads the system's font configuration, glib loads the system's GIO modules, Mesa's drivers
# need the system's libstdc++).  Each one is covered by packaging/debian/depends.txt, which
# check_deps.py verifies against the bundle.  Their own dependencies (libsystemd, libgcrypt,
# libpng, ...) then have nothing left linking them and are pruned.
SYSTEM_LIBRARY_RE = re.compile(
    r"^lib("
    r"X11|X11-xcb|Xau|Xdmcp|Xext|Xrender|xcb(-[a-z0-9-]+)?|xkbcommon(-x11)?"
    r"|fontconfig|freetype|dbus-1"
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


def has_debug_info(path: str) -> bool:
    try:
        headers = subprocess.run(
            ["objdump", "-h", path], capture_output=True, text=True, check=False
        ).stdout
    except OSError:
        return False
    return ".debug_info" in headers


def strip_debug_info(binaries: list[TocEntry], work_dir: Path) -> list[TocEntry]:
    """Point entries that carry DWARF debug info at ``strip --strip-debug``-ed copies (Linux).

    A pyenv/python-build interpreter ships libpython (23 MB -> 6 MB) and its extension modules
    with debug info.  PyInstaller's own ``strip=True`` would strip *everything*, including the
    auditwheel-patched libraries in ``numpy.libs``/``scipy.libs``, which it breaks ("ELF load
    command address/offset not page-aligned").  Only files with a .debug_info section are
    touched, and only their debug sections go; the copies live in PyInstaller's work folder.
    """
    if not sys.platform.startswith("linux"):
        return binaries
    result = []
    for dest, src, kind in binaries:
        if kind != "SYMLINK" and Path(src).is_file() and has_debug_info(src):
            stripped = work_dir / "stripped" / dest
            source = Path(src)
            if not stripped.exists() or stripped.stat().st_mtime < source.stat().st_mtime:
                stripped.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, stripped)
                subprocess.run(["strip", "--strip-debug", str(stripped)], check=True)
            src = str(stripped)
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
