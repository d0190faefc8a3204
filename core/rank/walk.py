"""Walking a folder for articles, defensively.

Hidden entries, other file types and symbolic links to a folder already visited (loops) are
skipped; broken links, named pipes, devices, unreadable folders, empty files and files over
``config.max_bytes`` are listed as failures with a reason and never stop the run.  Only
``os.scandir``/``os.stat`` here: nothing is ever opened, so a named pipe cannot hang the walk.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from core.config import DEFAULT_CONFIG, CompareConfig
from core.errors import UnreadableInputError
from core.rank.results import LoadFailure

DEFAULT_MAX_FILES = 100_000

# What core.load_file reads, by name.  A file without a suffix is tried too (its content
# decides); every other suffix is skipped without being opened...
ARTICLE_SUFFIXES = frozenset(
    {"", ".txt", ".text", ".md", ".markdown", ".mdown", ".mkd", ".mkdn"}
    | {".html", ".htm", ".xhtml", ".xht", ".shtml", ".docx", ".docm", ".dotx", ".pdf"}
)
# ...except word-processor files Copydesk cannot read: those are handed to the loader so that
# the editor sees its advice ("save it as .docx") in the failures instead of a silent skip.
LISTED_DOCUMENT_SUFFIXES = frozenset(
    {".doc", ".dot", ".rtf", ".odt", ".ott", ".fodt", ".pages", ".wpd"}
)
_WALKED_SUFFIXES = ARTICLE_SUFFIXES | LISTED_DOCUMENT_SUFFIXES


@dataclass
class Walk:
    files: list[tuple[str, os.stat_result]] = field(default_factory=list)
    failures: list[LoadFailure] = field(default_factory=list)
    skipped: int = 0


def _stat_failure(path: str, error: OSError, is_link: bool) -> LoadFailure:
    if error.errno == errno.ELOOP:
        return LoadFailure(path, "Symbolic link loop: the link points back to itself.")
    if error.errno == errno.ENOENT and is_link:
        return LoadFailure(path, "Broken link: the file it points to does not exist.")
    if error.errno in (errno.EACCES, errno.EPERM):
        return LoadFailure(path, "Permission denied.")
    return LoadFailure(path, f"Cannot be read: {error.strerror or error}.")


def _kind_of_special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "A named pipe"
    if stat.S_ISSOCK(mode):
        return "A socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "A device"
    return "A special file"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"


def walk_folder(
    folder: str | os.PathLike[str],
    config: CompareConfig = DEFAULT_CONFIG,
    max_files: int = DEFAULT_MAX_FILES,
) -> Walk:
    """Article files under ``folder`` (recursively, sorted), failures and the skipped count.

    Only ``os.scandir``/``os.stat`` here: nothing is opened, so special files cannot block.
    """
    root = str(folder)
    walk = Walk()
    try:
        root_stat = os.stat(root)
    except OSError as error:
        if error.errno == errno.ENOENT:
            reason = "the folder does not exist (it may have been moved or renamed)."
        else:
            reason = _stat_failure(root, error, os.path.islink(root)).reason
            reason = reason[:1].lower() + reason[1:]
        raise UnreadableInputError(f"{root}: {reason}", root) from error
    if not stat.S_ISDIR(root_stat.st_mode):
        raise UnreadableInputError(f"{root}: this is a file, not a folder.", root)
    visited_dirs = {(root_stat.st_dev, root_stat.st_ino)}
    seen_files: set[tuple[int, int]] = set()
    pending = [root]
    checked = 0
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as iterator:
                entries = sorted(iterator, key=lambda entry: entry.name)
        except OSError as error:
            reason = error.strerror or str(error)
            walk.failures.append(LoadFailure(directory, f"Folder cannot be opened: {reason}."))
            continue
        subfolders: list[str] = []
        for entry in entries:
            checked += 1
            if checked % 256 == 0:
                config.check_cancelled()
            if entry.name.startswith("."):
                walk.skipped += 1
                continue
            path = entry.path
            is_link = entry.is_symlink()
            try:
                info = os.stat(path)
            except OSError as error:
                walk.failures.append(_stat_failure(path, error, is_link))
                continue
            identity = (info.st_dev, info.st_ino)
            if stat.S_ISDIR(info.st_mode):
                if identity in visited_dirs:
                    walk.skipped += 1  # a link to a folder already walked: a loop or a repeat
                else:
                    visited_dirs.add(identity)
                    subfolders.append(path)
                continue
            if Path(entry.name).suffix.lower() not in _WALKED_SUFFIXES:
                walk.skipped += 1
                continue
            if not stat.S_ISREG(info.st_mode):
                kind = _kind_of_special(info.st_mode)
                walk.failures.append(LoadFailure(path, f"{kind}, not a file; not read."))
                continue
            if identity in seen_files:
                walk.skipped += 1
                continue
            seen_files.add(identity)
            if info.st_size == 0:
                walk.failures.append(LoadFailure(path, "The file is empty."))
                continue
            if info.st_size > config.max_bytes:
                walk.failures.append(
                    LoadFailure(
                        path,
                        f"Too large ({_megabytes(info.st_size)}; the limit is "
                        f"{_megabytes(config.max_bytes)}).",
                    )
                )
                continue
            if len(walk.files) >= max_files:
                walk.failures.append(
                    LoadFailure(
                        root,
                        f"More than {max_files:,} articles: only the first {max_files:,} "
                        "were indexed.",
                    )
                )
                return walk
            walk.files.append((path, info))
        # Depth first, in name order: the stack pops the first subfolder next.
        pending.extend(reversed(subfolders))
    return walk
