"""The look: Fusion, the system's light or dark palette, and a restrained stylesheet."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from reviewer_app.resources import resource_path


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    font = QFont(app.font())
    font.setPointSizeF(10.5)
    app.setFont(font)
    stylesheet = resource_path("style.qss")
    if stylesheet.is_file():
        app.setStyleSheet(stylesheet.read_text(encoding="utf-8"))
