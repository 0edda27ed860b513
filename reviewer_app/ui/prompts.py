"""The one seam for modal dialogs: tests pass their own Prompts and never block on a dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from reviewer_app.domain.manual_case import ManualCaseEntry
from reviewer_app.domain.profile import PhysicianProfile


class Prompts(Protocol):
    """Questions the application asks the physician."""

    def choose_bundle(self, parent: QWidget) -> Path | None:
        """A case bundle (zip) to import, or None."""

    def choose_bundle_folder(self, parent: QWidget) -> Path | None:
        """A bundle folder to import, or None."""

    def ask_case_details(self, parent: QWidget, bundle_name: str) -> ManualCaseEntry | None:
        """The details of a bundle without case.json, or None to cancel the import."""

    def edit_profile(self, parent: QWidget, profile: PhysicianProfile) -> dict[str, object] | None:
        """The profile as changed by the physician (profile JSON keys), or None."""

    def confirm(self, parent: QWidget, title: str, question: str) -> bool:
        """Yes or no."""

    def ask_password(self, parent: QWidget, record_title: str) -> str | None:
        """The password of a locked record, or None."""

    def ask_page(self, parent: QWidget, page_count: int) -> int | None:
        """A page number (1-based) to go to, or None."""

    def ask_seconds(self, parent: QWidget, current: float) -> float | None:
        """How long a page must be on screen to count as reviewed, or None."""

    def ask_note(self, parent: QWidget, what: str) -> str | None:
        """A short note (may be empty), or None to cancel."""

    def show_error(self, parent: QWidget, title: str, message: str) -> None:
        """Tell the physician why something could not be done."""


class DialogPrompts:
    """The real dialogs."""

    def choose_bundle(self, parent: QWidget) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            parent, "Import a case bundle", str(Path.home()), "Case bundles (*.zip);;All files (*)"
        )
        return Path(name) if name else None

    def choose_bundle_folder(self, parent: QWidget) -> Path | None:
        name = QFileDialog.getExistingDirectory(parent, "Import a case bundle folder", str(Path.home()))
        return Path(name) if name else None

    def ask_case_details(self, parent: QWidget, bundle_name: str) -> ManualCaseEntry | None:
        from reviewer_app.ui.manual_case_dialog import ManualCaseDialog

        dialog = ManualCaseDialog(bundle_name, parent)
        return dialog.entry() if dialog.exec() else None

    def edit_profile(self, parent: QWidget, profile: PhysicianProfile) -> dict[str, object] | None:
        from reviewer_app.ui.profile_dialog import ProfileDialog

        dialog = ProfileDialog(profile, parent)
        return dialog.changes() if dialog.exec() else None

    def confirm(self, parent: QWidget, title: str, question: str) -> bool:
        answer = QMessageBox.question(parent, title, question)
        return answer == QMessageBox.StandardButton.Yes

    def ask_password(self, parent: QWidget, record_title: str) -> str | None:
        password, ok = QInputDialog.getText(
            parent, "Locked record", f"Password for {record_title}:", QLineEdit.EchoMode.Password
        )
        return password if ok and password else None

    def ask_page(self, parent: QWidget, page_count: int) -> int | None:
        page, ok = QInputDialog.getInt(parent, "Go to page", f"Page (1 to {page_count}):", 1, 1, page_count)
        return page if ok else None

    def ask_note(self, parent: QWidget, what: str) -> str | None:
        note, ok = QInputDialog.getText(parent, "Key page", f"Note for {what} (optional):")
        return note if ok else None

    def ask_seconds(self, parent: QWidget, current: float) -> float | None:
        seconds, ok = QInputDialog.getDouble(
            parent,
            "Reading time",
            "Seconds a page must be on screen to count as reviewed:",
            current,
            0.5,
            120.0,
            1,
        )
        return seconds if ok else None

    def show_error(self, parent: QWidget, title: str, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message.split("\n", 1)[0], parent=parent)
        if "\n" in message:
            box.setInformativeText(message.split("\n", 1)[1])
        box.exec()
