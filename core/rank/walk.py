"""Walking a folder for articles, defensively.

Hidden entries, other file types and symbolic links to a folder already visited (loops) are
skipped; broken links, named pipes, devices, unreadable folders, empty files and files over
``config.max_bytes`` are listed as failures with a reason and never stop the run.  Only
``os.scandir``/``os.stat`` here: nothing is ever opened, so a named pipe cannot hang the walk.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from core.config import DEFAULT_CONFIG, CompareConfig
from core.errors import UnreadableInputError, os_error_reason
from core.load.formats import READABLE_SUFFIXES, UNREADABLE_DOCUMENT_SUFFIXES
from core.rank.results import LoadFailure
from core.sizes import format_size

DEFAULT_MAX_FILES = 100_000

# What core.load_file reads, by name, and files without a suffix (their content decides);
# plus the word-processor files it cannot read, so that its advice ("save it as .docx")
# shows among the failures instead of a silent skip.  Every other suffix is skipped unopened.
_WALKED_SUFFIXES = READABLE_SUFFIXES | UNREADABLE_DOCUMENT_SUFFIXES | {""}


@dataclass
class Walk:
    files: list[tuple[str, os.stat_result]] = field(default_factory=list)
    failures: list[LoadFailure] = field(default_factory=list)
    skipped: int = 0


def _stat_failure(path: str, error: OSError, is_link: bool) -> LoadFailure:
    reason = os_error_reason(error, is_link=is_link)
    return LoadFailure(path, f"{reason[:1].upper()}{reason[1:]}.")


def _kind_of_special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "A named pipe"
    if stat.S_ISSOCK(mode):
        return "A socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "A device"
    return "A special file"


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
        reason = os_error_reason(error, what="folder", is_link=os.path.islink(root))
        raise UnreadableInputError(f"{root}: {reason}.", root) from error
    if not stat.S_ISDIR(root_stat.st_mode):
        what = "a file" if stat.S_ISREG(root_stat.st_mode) else _kind_of_special(root_stat.st_mode)
        raise UnreadableInputError(f"{root}: this is {what.lower()}, not a folder.", root)
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
            reason = os_error_reason(error, what="folder")
            walk.failures.append(LoadFailure(directory, f"{reason[:1].upper()}{reason[1:]}."))
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
                        f"Too large ({format_size(info.st_size)}; the limit is "
                        f"{format_size(config.max_bytes)}).",
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
