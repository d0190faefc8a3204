#!/usr/bin/env bash
# Build Copydesk for Linux: the one-dir bundle, a .tar.gz of it and a .deb.  `make package`
# runs this; so do tests/test_packaging.py and the release workflow's Linux job.
#
#   dist/copydesk/                               the bundle (copydesk, copydesk-cli, _internal/)
#   dist/copydesk-<version>-linux-<machine>.tar.gz
#   dist/copydesk_<version>_<arch>.deb           installs to /opt/copydesk
#
# Environment (all optional):
#   PYTHON         interpreter with the app and PyInstaller installed (default .venv/bin/python)
#   COPYDESK_DIST  output folder (default <repo>/dist)
#   COPYDESK_BUILD scratch folder: PyInstaller's work files, icons, .deb staging
#                  (default <repo>/build; reusing it makes rebuilds faster)
#   COPYDESK_DEB_COMPRESSION  dpkg-deb's compressor: xz (default, smallest download) or
#                  zstd/gzip (much faster to build; the tests use zstd)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [[ -z "${PYTHON:-}" ]]; then
    if [[ -x .venv/bin/python ]]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
DIST="$(mkdir -p "${COPYDESK_DIST:-$ROOT/dist}" && cd "${COPYDESK_DIST:-$ROOT/dist}" && pwd)"
BUILD="$(mkdir -p "${COPYDESK_BUILD:-$ROOT/build}" && cd "${COPYDESK_BUILD:-$ROOT/build}" && pwd)"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'packaging/build.sh: %s\n' "$*" >&2; exit 1; }

for tool in objdump readelf strip dpkg-deb tar; do
    command -v "$tool" >/dev/null || die "needs '$tool' (Debian/Ubuntu: apt-get install binutils dpkg tar)"
done
"$PYTHON" -c "import PyInstaller" 2>/dev/null \
    || die "PyInstaller is missing: $PYTHON -m pip install -e '.[gui,package]'"
SVG=resources/icons/copydesk.svg
[[ -f "$SVG" ]] || die "the app icon $SVG is missing"

VERSION="$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
ARCH="$(dpkg --print-architecture)"
MACHINE="$(uname -m)"
BUNDLE="$DIST/copydesk"
TARBALL="$DIST/copydesk-$VERSION-linux-$MACHINE.tar.gz"
DEB="$DIST/copydesk_${VERSION}_${ARCH}.deb"
started=$SECONDS

log "icons from $SVG"
rm -rf "$BUILD/icons"
"$PYTHON" packaging/render_icons.py "$SVG" "$BUILD/icons" >/dev/null

log "bundle $BUNDLE (PyInstaller)"
COPYDESK_ICON_DIR="$BUILD/icons" COPYDESK_VERSION="$VERSION" \
    "$PYTHON" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$DIST" --workpath "$BUILD/pyinstaller" packaging/copydesk.spec

log "smoke test of the bundle"
QT_QPA_PLATFORM=offscreen "$BUNDLE/copydesk" --self-test \
    || die "the bundle's self-test failed (see above)"
"$BUNDLE/copydesk-cli" compare resources/samples/original.txt resources/samples/rewrite.txt \
    >/dev/null || die "the bundle's copydesk-cli failed on the sample articles (see above)"
# The parts the spec slims most: HTML extraction (trafilatura, lxml, justext, courlan, babel)
# and folder ranking (rensa, worker processes' imports).
SMOKE="$BUILD/smoke"
rm -rf "$SMOKE"
mkdir -p "$SMOKE"
for side in original rewrite; do
    { printf '<!doctype html><html lang="en"><head><title>Sample</title></head><body>'
      printf '<nav>Home | News</nav><article><h1>Sample</h1>'
      sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/^..*$/<p>&<\/p>/' "resources/samples/$side.txt"
      printf '</article><footer>Copyright</footer></body></html>\n'; } > "$SMOKE/$side.html"
done
"$BUNDLE/copydesk-cli" compare "$SMOKE/original.html" "$SMOKE/rewrite.html" >/dev/null \
    || die "the bundle's copydesk-cli failed on HTML pages (see above)"
"$BUNDLE/copydesk-cli" rank resources/samples/original.txt resources/samples >/dev/null \
    || die "the bundle's copydesk-cli failed to rank the samples folder (see above)"

log "run-time dependencies"
DEPENDS="$("$PYTHON" packaging/check_deps.py "$BUNDLE" packaging/debian/depends.txt)" \
    || die "a library the bundle needs is missing from packaging/debian/depends.txt (see above)"

log "tarball $TARBALL"
rm -f "$TARBALL"
tar --owner=0 --group=0 --numeric-owner --sort=name -C "$DIST" -czf "$TARBALL" copydesk

log "Debian package $DEB"
STAGE="$BUILD/deb/copydesk_${VERSION}_${ARCH}"
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/icons" "$STAGE/usr/share/icons/hicolor/scalable/apps" \
    "$STAGE/usr/share/doc/copydesk"
cp -a "$BUNDLE" "$STAGE/opt/copydesk"
# Relative links work both installed and unpacked with `dpkg -x` (the tests do that); the
# PyInstaller bootloader resolves /proc/self/exe, so it finds _internal/ next to the target.
ln -s ../../opt/copydesk/copydesk "$STAGE/usr/bin/copydesk"
ln -s ../../opt/copydesk/copydesk-cli "$STAGE/usr/bin/copydesk-cli"
install -m 0644 resources/copydesk.desktop "$STAGE/usr/share/applications/copydesk.desktop"
cp -R "$BUILD/icons/hicolor" "$STAGE/usr/share/icons/"
install -m 0644 "$SVG" "$STAGE/usr/share/icons/hicolor/scalable/apps/copydesk.svg"
install -m 0644 packaging/debian/copyright "$STAGE/usr/share/doc/copydesk/copyright"
install -m 0755 packaging/debian/postinst packaging/debian/postrm "$STAGE/DEBIAN/"
# Whatever the umask: directories 0755, files readable by all, nothing group/world-writable.
chmod -R u+rwX,go+rX,go-w "$STAGE"
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -type f -print0 | sort -z \
    | xargs -0 md5sum | sed 's|  \./|  |') > "$STAGE/DEBIAN/md5sums"
chmod 0644 "$STAGE/DEBIAN/md5sums"
INSTALLED_SIZE="$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)"
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@INSTALLED_SIZE@/$INSTALLED_SIZE/" \
    -e "s/@DEPENDS@/$DEPENDS/" packaging/debian/control.in > "$STAGE/DEBIAN/control"
rm -f "$DEB"
dpkg-deb --root-owner-group -Z"${COPYDESK_DEB_COMPRESSION:-xz}" --build "$STAGE" "$DEB" >/dev/null

log "done in $((SECONDS - started)) s"
du -sh "$BUNDLE" "$TARBALL" "$DEB" >&2
