"""What the user dropped or pasted: files to open, text to use, or a reason to refuse.

Decided on the GUI thread from the mime data alone (plus a stat of local paths), so a bad drop
is answered at once; reading the files happens later in a worker, and the loader's own errors
(binary, unsupported format, unreadable) come back as messages too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMimeData


@dataclass(frozen=True)
class DropRequest:
    paths: tuple[str, ...] = ()
    text: str | None = None
    error: str | None = None


def interpret_drop(mime: QMimeData) -> DropRequest:
    if mime.hasUrls():
        return _interpret_urls(mime)
    if mime.hasImage():
        return DropRequest(
            error="That is a picture. Copydesk compares text: drop a text, Word, HTML or PDF "
            "file instead."
        )
    if mime.hasText() and mime.text().strip():
        return DropRequest(text=mime.text())
    return DropRequest(error="Nothing to compare in what was dropped. Drop one or two files.")


def _interpret_urls(mime: QMimeData) -> DropRequest:
    urls = mime.urls()
    remote = [u for u in urls if not u.isLocalFile()]
    if remote:
        shown = remote[0].toString()
        return DropRequest(
            error=f"“{_shorten(shown)}” is a web address. Copydesk does not download pages: "
            "save the page (or copy its text) and drop the file here."
        )
    paths = [u.toLocalFile() for u in urls]
    if len(paths) > 2:
        return DropRequest(
            error=f"{len(paths)} files were dropped. Drop one file on a side, or two files to "
            "compare them with each other."
        )
    for path in paths:
        if Path(path).is_dir():
            return DropRequest(
                error=f"“{Path(path).name}” is a folder. Drop one or two files from it instead."
            )
    return DropRequest(paths=tuple(paths))


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
