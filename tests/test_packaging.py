"""The Linux installers: the PyInstaller bundle, the tarball and the .deb.

The slow tests build everything once with packaging/build.sh (the script `make package` runs),
unpack the .deb with ``dpkg -x`` and run the *installed* launchers: the window's self-test
offscreen and the CLI on text, HTML and DOCX files, checking that the frozen engine gives
the same answer as the engine in this checkout.  The quick tests cover the rules that decide
what goes into the bundle and into ``Depends``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

# The bundle is built once per process: one process runs this whole module (make test spreads
# tests over two).
pytestmark = pytest.mark.xdist_group("bundle")

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
MIME_TYPES = {
    "text/plain",
    "text/html",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/markdown",
}
SELF_TEST_LINE = re.compile(
    r"^copydesk self-test ok: verdict=[a-z_]+ similarity=\d\.\d\d blocks=\d+ window=shown$"
)
BUILD_TIMEOUT_S = 1200
RUN_TIMEOUT_S = 120


def _load(name: str) -> ModuleType:
    """packaging/ is scripts, not a package: import one by path."""
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


check_deps = _load("check_deps")
bundle_filter = _load("bundle_filter")


def _version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


# ---------------------------------------------------------------------------------------------
# Quick: the rules


def test_depends_lists_only_needed_packages_and_fills_versions() -> None:
    entries = check_deps.read_depends(PACKAGING / "debian" / "depends.txt")
    links = check_deps.BundleLinks(
        needed={"libc.so.6": {"x"}, "libxcb-cursor.so.0": {"y"}, "libQt6Core.so.6": {"z"}},
        provided={"libQt6Core.so.6"},
        glibc=(2, 35),
        glibcxx=(3, 4, 30),
    )
    value, missing = check_deps.depends_field(links, entries)
    assert missing == []
    assert value == "libc6 (>= 2.35), libxcb-cursor0"


def test_depends_names_a_library_nobody_provides() -> None:
    entries = check_deps.read_depends(PACKAGING / "debian" / "depends.txt")
    links = check_deps.BundleLinks(needed={"libgtk-3.so.0": {"plugin.so"}, "libGL.so.1": {"q"}})
    value, missing = check_deps.depends_field(links, entries)
    assert missing == ["libgtk-3.so.0"]
    assert value == "libgl1"


def test_libstdcxx_version_maps_to_gcc_release() -> None:
    assert check_deps.gcc_for((3, 4, 30)) == "12"
    assert check_deps.gcc_for((3, 4, 31)) == "13"
    assert check_deps.gcc_for((3, 4, 29, 1)) == "11"


@pytest.mark.parametrize(
    ("dest", "wanted"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/platforms/qwindows.dll", True),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqtiff.so", False),
        ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/lib/libQt6Core.so.6", True),
        ("langdetect/profiles/en", True),
    ],
)
def test_qt_plugin_and_translation_filter(dest: str, wanted: bool) -> None:
    assert bundle_filter.is_wanted_qt_file(dest) is wanted


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux bundle rule")
@pytest.mark.parametrize(
    ("name", "system"),
    [
        ("libfontconfig.so.1", True),
        ("libxcb-cursor.so.0", True),
        ("libglib-2.0.so.0", True),
        ("libstdc++.so.6", True),
        ("libpython3.11.so.1.0", False),
        ("libssl.so.3", False),
        ("libicudata.so.73", False),
        ("libQt6Core.so.6", False),
    ],
)
def test_desktop_stack_is_left_to_the_system(name: str, system: bool) -> None:
    assert bundle_filter.is_system_library(name) is system


def test_babel_keeps_the_locales_the_engine_names() -> None:
    used = bundle_filter.babel_locales_used(["fr", "tl", "zh-cn"])
    assert {"root", "en", "fr"} <= used
    assert "fil_PH" in used  # babel's alias for Tagalog: guessing "tl" would miss it
    assert "de" not in used


def test_only_symlinks_to_removed_files_are_dropped() -> None:
    entries = [
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6Pdf.so.6", "PySide6/Qt/lib/libQt6Pdf.so.6", "SYMLINK"),
        # macOS framework layout: a link through another link, to a file that is kept.
        ("PySide6/Qt/lib/QtCore.framework/QtCore", "Versions/Current/QtCore", "SYMLINK"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/src/libQt6Core.so.6", "BINARY"),
    ]
    kept = bundle_filter.drop_symlinks_to_removed(entries, {"PySide6/Qt/lib/libQt6Pdf.so.6"})
    assert [e[0] for e in kept] == [
        "libQt6Core.so.6",
        "PySide6/Qt/lib/QtCore.framework/QtCore",
        "PySide6/Qt/lib/libQt6Core.so.6",
    ]


def test_desktop_file_is_valid() -> None:
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate is not installed (apt-get install desktop-file-utils)")
    desktop = ROOT / "resources" / "copydesk.desktop"
    result = subprocess.run([validator, str(desktop)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
    fields = dict(line.split("=", 1) for line in desktop.read_text().splitlines() if "=" in line)
    assert fields["Exec"] == "copydesk %F"
    assert fields["Icon"] == "copydesk"
    assert set(filter(None, fields["MimeType"].split(";"))) == MIME_TYPES


# ---------------------------------------------------------------------------------------------
# Slow: build, unpack, run


@dataclass(frozen=True)
class Built:
    bundle: Path
    tarball: Path
    deb: Path
    log: str


def _missing_build_tools() -> str | None:
    if importlib.util.find_spec("PyInstaller") is None:
        return "PyInstaller is not installed (pip install -e '.[package]')"
    for tool, package in (("dpkg-deb", "dpkg"), ("objdump", "binutils"), ("tar", "tar")):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install {package})"
    return None


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    reason = _missing_build_tools()
    if reason:
        pytest.skip(reason)
    work = tmp_path_factory.mktemp("package")
    env = dict(
        os.environ,
        PYTHON=sys.executable,
        COPYDESK_DIST=str(work / "dist"),
        COPYDESK_BUILD=str(work / "build"),
        COPYDESK_DEB_COMPRESSION="zstd",  # same contents, built in a second instead of a minute
    )
    result = subprocess.run(
        ["bash", str(PACKAGING / "build.sh")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"packaging/build.sh failed:\n{log[-6000:]}"
    version = _version()
    machine = os.uname().machine
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return Built(
        bundle=work / "dist" / "copydesk",
        tarball=work / "dist" / f"copydesk-{version}-linux-{machine}.tar.gz",
        deb=work / "dist" / f"copydesk_{version}_{arch}.deb",
        log=log,
    )


@pytest.fixture(scope="module")
def installed(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .deb's files unpacked as dpkg would install them, under a fake root."""
    root = tmp_path_factory.mktemp("root")
    subprocess.run(["dpkg-deb", "-x", str(built.deb), str(root)], check=True)
    return root


@pytest.fixture
def run_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home))
    env.pop("PYTHONPATH", None)  # the frozen app must not lean on this checkout
    yield env


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(root)): (p.lstat().st_size, p.lstat().st_mtime_ns)
        for p in root.rglob("*")
    }


@pytest.mark.slow
def test_bundle_has_both_programs_and_data(built: Built) -> None:
    internal = built.bundle / "_internal"
    for program in ("copydesk", "copydesk-cli"):
        assert os.access(built.bundle / program, os.X_OK), program
    assert (internal / "langdetect" / "profiles" / "en").is_file()
    assert (internal / "trafilatura" / "settings.cfg").is_file()
    assert list((internal / "docx" / "templates").glob("default*.docx"))
    assert (internal / "resources" / "samples" / "original.txt").is_file()
    assert not list(internal.rglob("translations/*.qm")), "Qt translations should be dropped"
    bundled = {p.name for p in internal.rglob("*.so*")}
    assert not bundled & {"libgtk-3.so.0", "libfontconfig.so.1", "libglib-2.0.so.0"}
    assert "libqxcb.so" in bundled and "libqoffscreen.so" in bundled


@pytest.mark.slow
def test_tarball_holds_the_bundle_owned_by_root(built: Built) -> None:
    with tarfile.open(built.tarball) as archive:
        members = {m.name: m for m in archive.getmembers()}
    assert "copydesk/copydesk" in members and "copydesk/copydesk-cli" in members
    assert members["copydesk/copydesk"].mode & stat.S_IXOTH
    assert {m.uid for m in members.values()} == {0}


@pytest.mark.slow
def test_deb_control_fields(built: Built) -> None:
    info = subprocess.run(
        ["dpkg-deb", "-I", str(built.deb)], capture_output=True, text=True, check=True
    ).stdout
    fields = dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition(":") for line in info.splitlines())
        if key.startswith(" ") and not key.startswith("  ") and value
    )
    assert fields["Package"] == "copydesk"
    assert fields["Version"] == _version()
    assert int(fields["Installed-Size"]) > 10_000  # KiB: the bundle, not an empty shell
    depends = {d.strip() for d in fields["Depends"].split(",")}
    for package in ("libegl1", "libgl1", "libfontconfig1", "libxkbcommon0", "libxcb-cursor0"):
        assert package in depends, f"{package} missing from Depends: {fields['Depends']}"
    assert any(d.startswith("libc6 (>= 2.") for d in depends)
    assert "postinst" in info and "postrm" in info


@pytest.mark.slow
def test_deb_installs_only_its_own_places(installed: Path) -> None:
    files = [p.relative_to(installed) for p in installed.rglob("*") if not p.is_dir()]
    allowed = ("opt/copydesk/", "usr/bin/", "usr/share/applications/", "usr/share/icons/hicolor/")
    stray = [str(f) for f in files if not str(f).startswith((*allowed, "usr/share/doc/copydesk/"))]
    assert stray == []
    for program in ("copydesk", "copydesk-cli"):
        link = installed / "usr" / "bin" / program
        assert link.is_symlink() and os.readlink(link) == f"../../opt/copydesk/{program}"
    for size in ICON_SIZES:
        icon = installed / f"usr/share/icons/hicolor/{size}x{size}/apps/copydesk.png"
        assert icon.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", icon
    assert (installed / "usr/share/icons/hicolor/scalable/apps/copydesk.svg").is_file()


@pytest.mark.slow
def test_installed_desktop_entry_validates(installed: Path) -> None:
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate is not installed (apt-get install desktop-file-utils)")
    desktop = installed / "usr/share/applications/copydesk.desktop"
    result = subprocess.run([validator, str(desktop)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_maintainer_scripts_refresh_caches_only_when_tools_exist(
    built: Built, tmp_path: Path
) -> None:
    control = tmp_path / "control"
    subprocess.run(["dpkg-deb", "-e", str(built.deb), str(control)], check=True)
    bare = tmp_path / "bare-bin"  # a PATH with a shell and nothing else
    bare.mkdir()
    (bare / "sh").symlink_to(shutil.which("sh") or "/bin/sh")
    stubbed = tmp_path / "stub-bin"  # the same plus stubs that log their arguments
    shutil.copytree(bare, stubbed, symlinks=True)
    calls = tmp_path / "calls.log"
    for tool in ("update-desktop-database", "gtk-update-icon-cache"):
        stub = stubbed / tool
        stub.write_text(f'#!/bin/sh\necho "{tool} $*" >> "{calls}"\n')
        stub.chmod(0o755)
    for script, argument in (("postinst", "configure"), ("postrm", "remove")):
        path = control / script
        assert path.stat().st_mode & stat.S_IXUSR, f"{script} is not executable"
        for bin_dir in (bare, stubbed):
            result = subprocess.run(
                ["/bin/sh", str(path), argument],
                env={"PATH": str(bin_dir)},
                capture_output=True,
                text=True,
            )
            assert result.returncode == 0, f"{script} {argument}: {result.stderr}"
    logged = calls.read_text().splitlines()
    assert sum(line.startswith("update-desktop-database") for line in logged) == 2


@pytest.mark.slow
def test_installed_app_self_test_and_cli_write_nothing(
    installed: Path, run_env: dict[str, str], tmp_path: Path
) -> None:
    before = _tree(installed)
    result = subprocess.run(
        [str(installed / "usr/bin/copydesk"), "--self-test"],
        env=run_env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
    )
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert lines and SELF_TEST_LINE.match(lines[-1]), result.stdout

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("The council approved the budget on Monday. Schools get more money.\n")
    b.write_text("On Monday the council approved its budget. Schools will get more money.\n")
    cli = subprocess.run(
        [str(installed / "usr/bin/copydesk-cli"), "compare", str(a), str(b)],
        env=run_env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
    )
    assert cli.returncode == 0, cli.stdout + cli.stderr
    assert "council" in cli.stdout
    assert _tree(installed) == before, "running the installed app changed files under the root"


def _frozen_json(installed: Path, env: dict[str, str], a: Path, b: Path) -> dict[str, object]:
    result = subprocess.run(
        [str(installed / "usr/bin/copydesk-cli"), "compare", "--json", str(a), str(b)],
        env=env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def _write_docx(path: Path, paragraphs: list[str]) -> None:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(path))


STORY_A = [
    "Port officials said on Tuesday that the ferry service would resume next week.",
    "The crossing was suspended in March after a collision damaged the main ramp.",
    "Repairs cost about two million euros, according to the regional government.",
]
STORY_B = [
    "The ferry service will resume next week, port officials said on Tuesday.",
    "The crossing was suspended in March after a collision damaged the main ramp.",
    "Local traders welcomed the news after months of lost business.",
]


def _html(paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!doctype html><html><head><title>Ferry</title></head><body><nav>Home | News</nav>"
        f"<article><h1>Ferry service to resume</h1>{body}</article>"
        "<footer>Copyright</footer></body></html>"
    )


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["txt", "html", "docx"])
def test_frozen_engine_matches_the_source_engine(
    installed: Path, run_env: dict[str, str], tmp_path: Path, kind: str
) -> None:
    from core import compare, load_file

    a, b = tmp_path / f"a.{kind}", tmp_path / f"b.{kind}"
    for path, story in ((a, STORY_A), (b, STORY_B)):
        if kind == "txt":
            path.write_text("\n\n".join(story) + "\n", encoding="utf-8")
        elif kind == "html":
            path.write_text(_html(story), encoding="utf-8")
        else:
            _write_docx(path, story)

    frozen = _frozen_json(installed, run_env, a, b)
    source = compare(load_file(a), load_file(b))
    assert source.verdict is not None and source.metrics is not None
    verdict, metrics = frozen["verdict"], frozen["metrics"]
    assert isinstance(verdict, dict) and isinstance(metrics, dict)
    assert verdict["kind"] == source.verdict.kind.value
    assert metrics["word_similarity"] == pytest.approx(source.metrics.word_similarity, abs=1e-4)
    assert metrics["chrf"] == pytest.approx(source.metrics.chrf, abs=0.01)
    assert isinstance(frozen["blocks"], list) and len(frozen["blocks"]) == len(source.blocks)
    frozen_a = frozen["a"]
    assert isinstance(frozen_a, dict)
    assert frozen_a["format"] == {"txt": "text"}.get(kind, kind)
    # langdetect's profiles made it into the bundle, and give the same answer.
    assert frozen_a["language"]["code"] == source.metrics.language_a.code == "en"
