"""The one seam for modal dialogs: tests pass their own Prompts and never block on a dialog."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from reviewer_app.domain.manual_case import ManualCaseEntry
from reviewer_app.domain.missing_records import MissingRecord
from reviewer_app.domain.practice import Practice
from reviewer_app.domain.profile import PhysicianProfile
from reviewer_app.services.presenting import failure_in_words

#: What would stop a letterhead being saved, in words (``services.practice.letterhead_problems``).
CheckLetterhead = Callable[[dict[str, str]], list[str]]


def show_failure(prompts: Prompts, parent: QWidget | None, title: str, exc: BaseException, data_dir: Path) -> str:
    """Every failure the window shows goes through here: words saying what to do next, never raw
    exception text (see ``services.presenting.failure_in_words``); returns the message shown."""
    message = failure_in_words(exc, data_dir, title)
    prompts.show_error(parent, title, message)  # type: ignore[arg-type]  # None: no window yet
    return message


class Prompts(Protocol):
    """Questions the application asks the physician."""

    def choose_bundle(self, parent: QWidget) -> Path | None:
        """A case bundle (zip) to import, or None."""

    def choose_bundle_folder(self, parent: QWidget) -> Path | None:
        """A bundle folder to import, or None."""

    def ask_case_details(self, parent: QWidget, bundle_name: str) -> ManualCaseEntry | None:
        """The details of a bundle without case.json, or None to cancel the import."""

    def edit_profile(
        self,
        parent: QWidget,
        profile: PhysicianProfile,
        practice: Practice | None = None,
        check_letterhead: CheckLetterhead | None = None,
    ) -> dict[str, object] | None:
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

    def show_info(self, parent: QWidget, title: str, message: str) -> None:
        """Tell the physician something went as asked (first line the gist)."""

    def choose_save_path(self, parent: QWidget, title: str, suggested: Path, file_filter: str) -> Path | None:
        """Where to write a file the application makes (a report, a package), or None."""

    def choose_open_path(self, parent: QWidget, title: str, file_filter: str) -> Path | None:
        """An existing file to open, or None."""

    def ask_certificate_password(self, parent: QWidget, purpose: str) -> str | None:
        """The signing certificate's password (asked each time, never stored), or None."""

    def ask_new_password(self, parent: QWidget, purpose: str) -> str | None:
        """A new password, typed twice, or None."""

    def show_pdf(self, parent: QWidget, title: str, pdf: Path) -> None:
        """Show a PDF the application made (the draft report) without blocking."""

    def ask_page_range(self, parent: QWidget, page_count: int, current: int) -> tuple[int, int] | None:
        """First and last page (1-based, inclusive) to print, or None."""

    def print_document(self, parent: QWidget, title: str, paint: Callable[[QPrinter], None]) -> bool:
        """The platform print dialog with preview; ``paint`` draws the pages. True when printed."""

    def choose_missing_records(self, parent: QWidget, items: Sequence[MissingRecord]) -> list[MissingRecord] | None:
        """The missing records to ask the vendor for (each ticked at first), or None."""

    def ask_conflict_reason(self, parent: QWidget, conflict: str) -> str | None:
        """Why the review may go ahead despite a conflict of interest (kept with the case), or None."""


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

    def edit_profile(
        self,
        parent: QWidget,
        profile: PhysicianProfile,
        practice: Practice | None = None,
        check_letterhead: CheckLetterhead | None = None,
    ) -> dict[str, object] | None:
        from reviewer_app.ui.profile_dialog import ProfileDialog

        dialog = ProfileDialog(profile, parent, practice=practice, check_letterhead=check_letterhead)
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

    def show_info(self, parent: QWidget, title: str, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, message.split("\n", 1)[0], parent=parent)
        if "\n" in message:
            box.setInformativeText(message.split("\n", 1)[1])
        box.exec()

    def choose_save_path(self, parent: QWidget, title: str, suggested: Path, file_filter: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), f"{file_filter};;All files (*)")
        return Path(name) if name else None

    def choose_open_path(self, parent: QWidget, title: str, file_filter: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), f"{file_filter};;All files (*)")
        return Path(name) if name else None

    def ask_certificate_password(self, parent: QWidget, purpose: str) -> str | None:
        password, ok = QInputDialog.getText(
            parent, "Certificate password", f"{purpose}.\nYour certificate's password:", QLineEdit.EchoMode.Password
        )
        return password if ok and password else None

    def ask_new_password(self, parent: QWidget, purpose: str) -> str | None:
        while True:
            first, ok = QInputDialog.getText(
                parent, "New password", f"{purpose} (at least 8 characters):", QLineEdit.EchoMode.Password
            )
            if not ok:
                return None
            second, ok = QInputDialog.getText(parent, "New password", "Type it again:", QLineEdit.EchoMode.Password)
            if not ok:
                return None
            if first == second and len(first) >= 8:
                return first
            self.show_error(parent, "Passwords", "The two passwords differ or are shorter than 8 characters.")

    def show_pdf(self, parent: QWidget, title: str, pdf: Path) -> None:
        from reviewer_app.ui.report_preview import ReportPreview

        ReportPreview.show_for(parent, title, pdf, print_document=self.print_document)

    def ask_page_range(self, parent: QWidget, page_count: int, current: int) -> tuple[int, int] | None:
        first, ok = QInputDialog.getInt(
            parent, "Print pages", f"First page (1 to {page_count}):", current, 1, page_count
        )
        if not ok:
            return None
        last, ok = QInputDialog.getInt(
            parent, "Print pages", f"Last page ({first} to {page_count}):", first, first, page_count
        )
        return (first, last) if ok else None

    def print_document(self, parent: QWidget, title: str, paint: Callable[[QPrinter], None]) -> bool:
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.setWindowTitle(f"Print — {title}")
        dialog.paintRequested.connect(paint)
        return bool(dialog.exec())

    def choose_missing_records(self, parent: QWidget, items: Sequence[MissingRecord]) -> list[MissingRecord] | None:
        from reviewer_app.ui.missing_records_panel import MissingRecordsDialog

        dialog = MissingRecordsDialog(items, parent)
        return dialog.chosen() if dialog.exec() else None

    def ask_conflict_reason(self, parent: QWidget, conflict: str) -> str | None:
        reason, ok = QInputDialog.getMultiLineText(
            parent,
            "Conflict of interest",
            f"Your profile lists \u201c{conflict}\u201d as a conflict, and this case names it.\n"
            "Why may you review the case? (Kept with the case; decline the case otherwise.)",
        )
        return reason.strip() if ok and reason.strip() else None

    def show_error(self, parent: QWidget, title: str, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message.split("\n", 1)[0], parent=parent)
        if "\n" in message:
            box.setInformativeText(message.split("\n", 1)[1])
        box.exec()
