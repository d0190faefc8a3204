"""Writing reports safely: never over a compared file, and atomically (old file or complete new)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from core.errors import CopydeskError
from core.model import Comparison


def _same_file(target: Path, source: str) -> bool:
    # samefile sees through relative names, symlinks and hard links; a source that is not an
    # existing file (a label such as "pasted text", a deleted file) cannot be overwritten.
    try:
        return os.path.samefile(target, source)
    except (OSError, ValueError):
        return False


def check_not_an_input(comparison: Comparison, path: str | os.PathLike[str]) -> None:
    """Raise :class:`CopydeskError` if ``path`` is one of the two compared files."""
    target = Path(path)
    for side, document in (("A", comparison.a), ("B", comparison.b)):
        if document.info.format == "pasted":
            continue  # its source is a label, even if a file of that name happens to exist
        if _same_file(target, document.info.source):
            raise CopydeskError(
                f"Refusing to write the report to {target}: it is the compared file {side} "
                f"({document.info.source}). Choose another file name."
            )


def _new_file_mode(target: Path) -> int:
    try:
        return os.stat(target).st_mode & 0o777
    except OSError:
        # mkstemp creates 0600; a report is not a secret, so give it the usual 0644.
        return 0o644


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 so that ``path`` holds either the old or the complete new file."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` so that ``path`` holds either the old or the complete new file.

    The temporary file lives in the target's directory (``os.replace`` must not cross file
    systems) and is removed if anything goes wrong.  OSError propagates to the caller.
    """
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(21, "Is a directory", str(target))
    directory = target.parent
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, _new_file_mode(target))
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_directory(directory)


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open directories, and a failure
    # here does not make the already-replaced file any less complete.
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_json(comparison: Comparison, path: str | os.PathLike[str]) -> None:
    from core.report.json import json_text

    check_not_an_input(comparison, path)
    atomic_write_text(path, json_text(comparison))


def write_html(comparison: Comparison, path: str | os.PathLike[str]) -> None:
    from core.report.html import to_html

    check_not_an_input(comparison, path)
    atomic_write_text(path, to_html(comparison))
