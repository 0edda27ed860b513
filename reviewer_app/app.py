"""Composition root: logging, QApplication, data folder, services and the main window."""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication

from reviewer_app.diagnostics import configure_logging
from reviewer_app.domain.errors import ReviewerError
from reviewer_app.services.data_folder import default_data_dir, open_data_folder, upgrade_notice
from reviewer_app.services.presenting import failure_in_words
from reviewer_app.services.writer_lock import DataFolderBusy, WriterLock
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
    notices = [notice for notice in (upgrade_notice(folder), *folder.recovery_notices) if notice]
    if notices:
        window.say(" ".join(notices))
    if folder.recovery_notices:  # a signing a crash interrupted was finished or undone: worth a dialog
        window.prompts.show_info(window, "An interrupted signing", "\n\n".join(folder.recovery_notices))
    return window


log = logging.getLogger(__name__)

WINDOW_HOLDER = "the Reviewer window"


def take_writer_lock(data_dir: Path, prompts: Prompts) -> WriterLock | None:
    """The data folder's writer lock for the window's life, or None after telling the physician why not.

    A second window on the same data folder quits with a message rather than opening read-only:
    almost always it was opened by mistake, and a window whose edits cannot be saved invites
    work that would be lost.
    """
    lock = WriterLock(data_dir)
    try:
        lock.acquire(WINDOW_HOLDER)
    except DataFolderBusy as exc:
        holder = exc.holder or "another copy of Reviewer"
        prompts.show_error(
            None,  # type: ignore[arg-type]
            "Reviewer is already open",
            f"Reviewer is already open on this data folder ({holder}).\n"
            f"Switch to that window; this one closes so that only one copy changes {exc.folder}. "
            "Nothing was changed.",
        )
        return None
    except ReviewerError as exc:
        prompts.show_error(None, "The data folder cannot be used", str(exc))  # type: ignore[arg-type]
        return None
    return lock


def install_excepthook(log_file: Path, prompts: Prompts) -> Callable[..., None]:
    """Log any exception no one caught (with its traceback) and say where the log is; return the hook.

    Exceptions raised in Qt slots reach ``sys.excepthook``; without this hook PySide prints them to
    a console the physician never sees.
    """
    data_dir = log_file.parent.parent  # configure_logging's data_dir/logs/reviewer.log

    def hook(kind: type[BaseException], exc: BaseException, traceback: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, traceback)
            return
        # An expected failure that reached no handler says its own words; anything else is logged
        # (traceback, no patient data) and said as what to do next.
        prompts.show_error(None, "Not done", failure_in_words(exc, data_dir, "no handler"))  # type: ignore[arg-type]

    sys.excepthook = hook
    return hook


def no_display_message() -> str | None:
    """Why no window can open here (Linux with no display and no Qt platform chosen), or None.

    Without this, Qt prints its list of platform plugins and aborts the process.
    """
    if not sys.platform.startswith("linux"):
        return None
    if any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        return None
    return (
        "there is no display to open the Reviewer window on (neither DISPLAY nor WAYLAND_DISPLAY is set). "
        "Start it from a desktop session, or use the command line: `reviewer --help` lists the commands."
    )


def run_gui(data_dir: Path | None, database_url: str | None = None, demo: bool = False) -> int:
    """Open the application; with ``demo``, import the demo cases first if absent."""
    problem = no_display_message()
    if problem is not None and QApplication.instance() is None:
        print(f"reviewer: {problem}", file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Reviewer")
    app.setOrganizationName("Reviewer")
    apply_style(app)
    data_dir = Path(data_dir or default_data_dir()).expanduser().absolute()
    prompts = DialogPrompts()
    lock = take_writer_lock(data_dir, prompts)
    if lock is None:
        return 1
    try:
        install_excepthook(configure_logging(data_dir), prompts)
        window = build_main_window(data_dir, prompts, database_url=database_url)
        window.show()
        if demo:
            window.open_demo_cases()
        else:
            window.reopen_last_case()
        window.ocr.start()  # pages left waiting by the last session resume
        return app.exec()
    except ReviewerError as exc:  # the database cannot be opened or upgraded: say why, and quit
        prompts.show_error(None, "Reviewer cannot open its data folder", str(exc))  # type: ignore[arg-type]
        return 1
    finally:
        lock.release()
