"""Errors the engine raises.  Every message is meant to be shown to an editor as it is."""

from __future__ import annotations

import errno
import os
import stat


class CopydeskError(Exception):
    """Base class: anything the user can fix or should be told about, never a bug."""


class LoadError(CopydeskError):
    """A file or text could not be turned into a document."""

    def __init__(self, message: str, source: str = "") -> None:
        super().__init__(message)
        self.source = source


class UnreadableInputError(LoadError):
    """Missing file, no permission, a folder, a device, a URL..."""


class UnsupportedFormatError(LoadError):
    """A format Copydesk does not read (images, archives, ...)."""


class BinaryInputError(LoadError):
    """The bytes are not text in any encoding we can detect."""


class EmptyInputError(LoadError):
    """Nothing left to compare after extraction (empty file, HTML with no article, ...)."""


class TooLargeError(LoadError):
    """Over the configured size limit."""


class WriteError(CopydeskError):
    """A report or an export could not be written (see :func:`write_error`)."""


class CancelledError(CopydeskError):
    """The caller's ``should_cancel`` callback asked to stop."""


_DONE = {"open": "opened", "read": "read", "write": "written"}


def os_error_reason(
    error: OSError, *, what: str = "file", action: str = "open", is_link: bool = False
) -> str:
    """Why a file or folder could not be opened, read or written: the end of a sentence, in
    the one wording the loaders, folder ranking, the command line and the window share
    ("the file does not exist (it may have been moved or renamed)")."""
    code = error.errno
    if code == errno.ELOOP:
        return "this link points to itself in a loop"
    if isinstance(error, PermissionError) or code in (errno.EACCES, errno.EPERM):
        return f"you do not have permission to {action} this {what}"
    if isinstance(error, FileNotFoundError | NotADirectoryError) or code == errno.ENOENT:
        if is_link:
            return f"this link points to a {what} that no longer exists"
        return f"the {what} does not exist (it may have been moved or renamed)"
    if isinstance(error, IsADirectoryError):
        return "this is a folder, not a file"
    if code == errno.ENAMETOOLONG:
        return "the file name is too long"
    if code == errno.ENOSPC:
        return "the disk is full"
    if code == errno.EROFS:
        return "the disk is read-only"
    return f"the {what} could not be {_DONE.get(action, action)} ({error.strerror or error})"


def special_file_kind(mode: int) -> str | None:
    """What a path that is not a regular file is ("a folder", "a named pipe", "a socket", "a
    device"), from its ``st_mode``; None for a regular file.  Reading one and writing over one
    are refused in the same words."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def write_error(path: str | os.PathLike[str], error: OSError) -> WriteError:
    """The one wording for a report or export that could not be written, in the command line
    (one line, exit status 2) and the window (its message bar): "cannot write PATH: REASON."."""
    return WriteError(f"cannot write {os.fspath(path)}: {os_error_reason(error, action='write')}.")
