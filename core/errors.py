"""Errors the engine raises.  Every message is meant to be shown to an editor as it is."""

from __future__ import annotations


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


class CancelledError(CopydeskError):
    """The caller's ``should_cancel`` callback asked to stop."""
