"""Composition root: logging, QApplication, data folder, services and the main window."""

from __future__ import annotations

import ctypes
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from reviewer_app.diagnostics import configure_logging
from reviewer_app.services.data_folder import default_data_dir, open_data_folder
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.prompts import DialogPrompts, Prompts
from reviewer_app.ui.style import apply_style


def _limit_malloc_arenas() -> None:
    """Keep glibc from giving each worker thread its own 64 MB heap arena.

    Imports, OCR and counting run on threads; with an arena each, memory freed by one stays
    reserved for it, and a 5,000-page case grew the process past 500 MB.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL("libc.so.6")
            libc.mallopt(_M_ARENA_MAX, 2)
        except (OSError, AttributeError):
            pass


_M_ARENA_MAX = -8


def build_main_window(data_dir: Path, prompts: Prompts | None = None, database_url: str | None = None) -> MainWindow:
    """The fully wired main window over ``data_dir`` (created if absent), not shown.

    A QApplication must exist. ``prompts`` replaces the dialogs (tests answer them instantly).
    """
    data_dir = Path(data_dir)
    _limit_malloc_arenas()
    log_file = configure_logging(data_dir)
    folder = open_data_folder(data_dir, database_url)
    window = MainWindow(folder, prompts or DialogPrompts(), log_file)
    window.destroyed.connect(lambda *_: folder.close())
    return window


def run_gui(data_dir: Path | None, database_url: str | None = None, demo: bool = False) -> int:
    """Open the application; with ``demo``, import the demo cases first if absent."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Reviewer")
    app.setOrganizationName("Reviewer")
    apply_style(app)
    window = build_main_window(data_dir or default_data_dir(), database_url=database_url)
    window.show()
    if demo:
        window.open_demo_cases()
    else:
        window.reopen_last_case()
    window.ocr.start()  # pages left waiting by the last session resume
    return app.exec()
