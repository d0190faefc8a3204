"""Persistent settings (QSettings, organisation "Copydesk") and the recent-comparisons list."""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANIZATION = "Copydesk"
APPLICATION = "Copydesk"
MAX_RECENT = 8
_RECENT_KEY = "recent/comparisons"
_SEPARATOR = "\n"


def open_settings() -> QSettings:
    """The app's settings store; tests redirect it with QSettings.setPath."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
    )


def read_bool(settings: QSettings, key: str, default: bool) -> bool:
    value = settings.value(key, default)
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)


def recent_comparisons(settings: QSettings) -> list[tuple[str, str]]:
    raw = settings.value(_RECENT_KEY, [])
    # An INI file gives back a lone string for a one-item list.
    items: list[object] = [raw] if isinstance(raw, str) else list(raw or [])  # type: ignore[call-overload]
    pairs = []
    for item in items:
        parts = str(item).split(_SEPARATOR)
        if len(parts) == 2 and all(parts):
            pairs.append((parts[0], parts[1]))
    return pairs


def remember_comparison(settings: QSettings, path_a: str, path_b: str) -> list[tuple[str, str]]:
    pairs = [p for p in recent_comparisons(settings) if p != (path_a, path_b)]
    pairs.insert(0, (path_a, path_b))
    pairs = pairs[:MAX_RECENT]
    settings.setValue(_RECENT_KEY, [_SEPARATOR.join(p) for p in pairs])
    return pairs


_ARCHIVE_KEY = "archive/database"


def remembered_archive() -> str:
    """The archive index the editor used last (File > Compare with Archive), or ""."""
    return str(open_settings().value(_ARCHIVE_KEY, "") or "")


def remember_archive(path: str) -> None:
    open_settings().setValue(_ARCHIVE_KEY, path)
