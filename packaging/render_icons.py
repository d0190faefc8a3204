"""Render the app icon SVG to the PNG sizes desktops and installers want.

Qt's own SVG renderer does the work (PySide6 is already a build dependency), so the build needs
no ImageMagick/librsvg and renders the same on Linux, Windows and macOS runners.  The PNGs are
build products (``build/icons``), not committed files: they can never drift from the SVG.

    python packaging/render_icons.py resources/icons/copydesk.svg build/icons

writes ``build/icons/hicolor/<N>x<N>/apps/copydesk.png`` for every size in :data:`SIZES` (the
freedesktop icon-theme layout, copied as-is into the .deb) and ``build/icons/copydesk.png``
(512 px: PyInstaller turns it into the Windows .ico / macOS .icns when Pillow is installed).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICON_NAME = "copydesk"


def render(svg: Path, out_dir: Path, sizes: tuple[int, ...] = SIZES) -> list[Path]:
    # Rendering needs a QGuiApplication (fonts, image plugins) but never a display.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg} is not a valid SVG")

    written: list[Path] = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        target = out_dir / "hicolor" / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target)):  # format from the .png suffix
            raise SystemExit(f"render_icons: could not write {target}")
        written.append(target)

    largest = out_dir / "hicolor" / f"{max(sizes)}x{max(sizes)}" / "apps" / f"{ICON_NAME}.png"
    flat = out_dir / f"{ICON_NAME}.png"
    flat.write_bytes(largest.read_bytes())
    written.append(flat)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("svg", type=Path)
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args(argv)
    for path in render(args.svg, args.out_dir):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
