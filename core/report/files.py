"""Writing reports safely: never over a compared file, and atomically (old file or complete new)."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from core.errors import CopydeskError, special_file_kind, write_error
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


# Temporary files are named ".<report name>.copydesk-<pid>-<random>.tmp": recognisable, so a
# run killed between creating and renaming one leaves a file the next run can clean up.
_TEMP_MARK = ".copydesk-"
_TEMP_SUFFIX = ".tmp"
_STALE_SECONDS = 3600.0  # where process ids cannot be checked, temps older than this are stale


def _refuse_special(target: Path) -> None:
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return  # a new file (or one we cannot stat, which writing will explain)
    what = special_file_kind(mode)
    if what is None:
        return
    if what == "a folder":  # in the words of every other file that cannot be written
        raise write_error(target, IsADirectoryError(errno.EISDIR, "Is a directory", str(target)))
    # Replacing it would turn, say, /dev/null into a regular file for everyone.
    raise CopydeskError(
        f"Refusing to write the report to {target}: it is {what}, not a regular file. "
        "Choose a file name."
    )


def _process_gone(pid: int) -> bool | None:
    """True if no process ``pid`` runs here, False if one does, None if we cannot tell."""
    if os.name != "posix":
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # exists, but belongs to someone else
    return False


def remove_stale_temps(directory: Path, name: str) -> int:
    """Delete temporary files a killed earlier run left for report ``name``; how many."""
    removed = 0
    prefix = f".{name}{_TEMP_MARK}"
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return 0
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(_TEMP_SUFFIX)):
            continue
        pid_text = entry.name[len(prefix) :].split("-", 1)[0]
        if not pid_text.isdigit() or int(pid_text) == os.getpid():
            continue
        gone = _process_gone(int(pid_text))
        if gone is None:
            try:
                gone = time.time() - entry.stat(follow_symlinks=False).st_mtime > _STALE_SECONDS
            except OSError:
                continue
        if gone and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed += 1
    return removed


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 so that ``path`` holds either the old or the complete new file."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` so that ``path`` holds either the old or the complete new file."""

    def write(temporary: Path) -> None:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    write_atomically(path, write)


def write_atomically(
    path: str | os.PathLike[str],
    write: Callable[[Path], None],
    cancelled: Callable[[], bool] = lambda: False,
) -> bool:
    """Have ``write`` fill a temporary file beside ``path``, then put it in place, so that
    ``path`` holds either the old or the complete new file; False (``path`` untouched) when
    ``cancelled`` says so once ``write`` is done.  Every report and export goes through here
    (the JSON, HTML and Word writers, and the window's PDFs, whose Qt printer wants a file name).

    The temporary file lives in the target's directory (``os.replace`` must not cross file
    systems), is named recognisably and is removed if anything goes wrong; temporary files of
    an earlier run that was killed are removed first.  An empty name, a device, a named pipe or
    a socket is refused with :class:`CopydeskError`; a folder, and any OSError, with a
    :class:`core.errors.WriteError` in the words of :func:`core.errors.write_error`.
    """
    if not os.fspath(path).strip():
        raise CopydeskError("No file name was given for the report.")
    target = Path(path)
    _refuse_special(target)
    try:
        return _write_through_temporary(target, write, cancelled)
    except OSError as error:
        raise write_error(target, error) from error


def _write_through_temporary(
    target: Path, write: Callable[[Path], None], cancelled: Callable[[], bool]
) -> bool:
    directory = target.parent
    remove_stale_temps(directory, target.name)
    try:
        fd, temp_name = tempfile.mkstemp(
            prefix=f".{target.name}{_TEMP_MARK}{os.getpid()}-", suffix=_TEMP_SUFFIX, dir=directory
        )
    except FileNotFoundError as error:
        if directory.is_dir():  # /proc, /sys: the folder exists but takes no new files
            raise CopydeskError(
                f"cannot write {target}: the folder {directory} does not accept new files."
            ) from error
        raise
    os.close(fd)
    temporary = Path(temp_name)
    try:
        write(temporary)
        if cancelled():
            temporary.unlink(missing_ok=True)
            return False
        os.chmod(temporary, _new_file_mode(target))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _fsync_directory(directory)
    return True


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
