"""View > Theme: follow the system, or force a light or a dark palette (``--theme``).

The change colours follow whatever palette is in force (:mod:`gui.formats` picks its light or
dark scheme from the Base colour), so a theme is only a palette for the application.
"""

from __future__ import annotations

import enum

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

SETTING = "view/theme"


class Theme(enum.Enum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"

    @property
    def label(self) -> str:
        return {"system": "System", "light": "Light", "dark": "Dark"}[self.value]

    @classmethod
    def parse(cls, value: object, default: Theme | None = None) -> Theme:
        try:
            return cls(str(value).lower())
        except ValueError:
            return default or cls.SYSTEM


_DARK = {
    QPalette.ColorRole.Window: "#2b2d30",
    QPalette.ColorRole.WindowText: "#dfe1e5",
    QPalette.ColorRole.Base: "#1e1f22",
    QPalette.ColorRole.AlternateBase: "#26282b",
    QPalette.ColorRole.Text: "#e3e3e3",
    QPalette.ColorRole.Button: "#2f3134",
    QPalette.ColorRole.ButtonText: "#dfe1e5",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Highlight: "#3d6fb6",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#7aa7e8",
    QPalette.ColorRole.PlaceholderText: "#8c9096",
    QPalette.ColorRole.Light: "#4a4d52",
    QPalette.ColorRole.Midlight: "#3a3d41",
    QPalette.ColorRole.Mid: "#45484d",
    QPalette.ColorRole.Dark: "#191a1c",
    QPalette.ColorRole.Shadow: "#0d0d0e",
    QPalette.ColorRole.ToolTipBase: "#2b2d30",
    QPalette.ColorRole.ToolTipText: "#dfe1e5",
}
_LIGHT = {
    QPalette.ColorRole.Window: "#efeff1",
    QPalette.ColorRole.WindowText: "#1d1f22",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f5f6f8",
    QPalette.ColorRole.Text: "#1d1f22",
    QPalette.ColorRole.Button: "#f4f4f6",
    QPalette.ColorRole.ButtonText: "#1d1f22",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Highlight: "#2f6fca",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#1f5fb8",
    QPalette.ColorRole.PlaceholderText: "#6b7078",
    QPalette.ColorRole.Light: "#ffffff",
    QPalette.ColorRole.Midlight: "#dcdde1",
    QPalette.ColorRole.Mid: "#b9bcc2",
    QPalette.ColorRole.Dark: "#8e9299",
    QPalette.ColorRole.Shadow: "#5a5d63",
    QPalette.ColorRole.ToolTipBase: "#ffffe8",
    QPalette.ColorRole.ToolTipText: "#1d1f22",
}
_DISABLED_TEXT = {"dark": "#6d7076", "light": "#9a9ea5"}


def palette_for(theme: Theme) -> QPalette | None:
    """The palette of a forced theme; None for the system's."""
    if theme is Theme.SYSTEM:
        return None
    colors = _DARK if theme is Theme.DARK else _LIGHT
    palette = QPalette()
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    disabled = QColor(_DISABLED_TEXT[theme.value])
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


_SYSTEM_PALETTE = "_copydeskSystemPalette"
_SYSTEM_STYLE = "_copydeskSystemStyle"


def apply_theme(theme: Theme, app: QApplication | None = None) -> None:
    """Put the theme's palette on the application (every window repaints with it).

    The system palette and style are kept the first time, so System gives them back.  A
    forced palette uses the Fusion style: native styles (GTK, macOS) may draw with their own
    colours and ignore it.
    """
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None:
        return
    if theme is Theme.SYSTEM and app.property(_SYSTEM_STYLE) is None:
        return  # nothing was forced yet: the system's palette is in force
    if app.property(_SYSTEM_STYLE) is None:
        app.setProperty(_SYSTEM_STYLE, app.style().name())
        app.setProperty(_SYSTEM_PALETTE, QPalette(app.palette()))
    palette = palette_for(theme)
    if palette is None:
        original = app.property(_SYSTEM_STYLE)
        if original and app.style().name().lower() != str(original).lower():
            app.setStyle(str(original))
        saved = app.property(_SYSTEM_PALETTE)
        app.setPalette(saved if isinstance(saved, QPalette) else app.style().standardPalette())
        return
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(palette)
