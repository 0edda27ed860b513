"""The one seam for modal dialogs: tests pass their own Prompts and never block on a dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

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

    def show_error(self, parent: QWidget, title: str, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message.split("\n", 1)[0], parent=parent)
        if "\n" in message:
            box.setInformativeText(message.split("\n", 1)[1])
        box.exec()
