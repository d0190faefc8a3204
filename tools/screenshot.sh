#!/usr/bin/env bash
# Screenshot of the real Copydesk window on the sample articles, under a virtual X server.
#
#   tools/screenshot.sh [OUT.png] [--dark]
#   SAMPLE_A=... SAMPLE_B=... tools/screenshot.sh OUT.png    (another pair)
#   SCREEN=1280x720 tools/screenshot.sh OUT.png      (screen size; default 1440x900)
#
# Needs xvfb-run (xvfb, xauth) and ImageMagick's `import`; writes build/screenshots/copydesk.png
# by default and prints the path.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-build/screenshots/copydesk.png}"
shift || true
python="${PYTHON:-.venv/bin/python}"
for tool in xvfb-run import; do
    command -v "$tool" >/dev/null || { echo "screenshot: $tool is missing (make system-deps)" >&2; exit 2; }
done
mkdir -p "$(dirname "$out")"
# No window manager under Xvfb: the window fills the screen without decorations.
QT_QPA_PLATFORM=xcb PYTHONPATH=. exec xvfb-run -a -s "-screen 0 ${SCREEN:-1440x900}x24 -dpi 96" \
    "$python" tools/screenshot.py "$out" \
    "${SAMPLE_A:-resources/samples/original.txt}" "${SAMPLE_B:-resources/samples/rewrite.txt}" "$@"
