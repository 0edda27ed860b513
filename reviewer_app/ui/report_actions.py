"""The Report menu: preview the draft, sign, print, export the return package, verify a signed file.

Every step goes through the services (the same ones as ``reviewer report/sign/export/verify``);
slow work (rendering, signing) runs off the GUI thread through the window's task runner, and
every question (password, file name, print dialog) goes through the Prompts seam.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRectF, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMenu, QWidget

from reviewer_app.domain.case import Case
from reviewer_app.domain.errors import ReviewerError
from reviewer_app.domain.signatures import SignatureCheck
from reviewer_app.services.certificates import (
    authority_certificate_path,
    create_profile_certificate,
    has_profile_certificate,
)
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.reporting import (
    SignedOutcome,
    SigningReadiness,
    draft_preview_file,
    is_word_file,
    live_preview_file,
    report_status,
    sign_report,
    signed_report_file,
    signing_readiness,
    verify_report,
    write_draft,
)
from reviewer_app.services.return_package import export_return_package
from reviewer_app.ui.live_preview import LivePreview
from reviewer_app.ui.printing import paint_pdf
from reviewer_app.ui.prompts import Prompts
from reviewer_app.ui.report_preview import ReportPreview
from reviewer_app.ui.workers import TaskGroup, TaskProgress

_SIGN_TIP = "Sign the final report with your certificate"
_EXPORT_TIP = "The signed report, findings and records list, zipped for the vendor"


class RunInBackground(Protocol):
    """The window's way of running slow work with its own progress bar and Cancel, for ``owner``;
    ``cancel_tip`` None shows no Cancel (work that must not be abandoned half-way: signing, export)."""

    def __call__(
        self,
        work: Callable[[TaskProgress], Any],
        label: str,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        owner: TaskGroup | None = None,
        cancel_tip: str | None = ...,
    ) -> Any: ...


class ReportActions(QObject):
    """The report's actions for the case open in the workspace (disabled with no case open)."""

    case_changed = Signal(int)  # the case's report state changed (signed, exported): refresh it
    message = Signal(str)

    def __init__(
        self,
        window: QWidget,
        folder: DataFolder,
        prompts: Prompts,
        run: RunInBackground,
        report_failure: Callable[[str, BaseException], None],
        tasks: TaskGroup,
    ) -> None:
        super().__init__(window)
        # The open case's report work (draft, signing, printing, export): closing the case cancels
        # it and drops its late results.
        self.tasks = tasks
        self.window = window
        self.folder = folder
        self.prompts = prompts
        self._run = run
        self._report_failure = report_failure
        self.case: Case | None = None
        # The record on screen, as (title, PDF path, page count, current page index), when there is one.
        self.record_on_screen: Callable[[], tuple[str, Path, int, int] | None] = lambda: None
        # The highlights of the record on screen, by page, printed with its pages.
        self.marks_on_screen: Callable[[], dict[int, list[tuple[QRectF, tuple[int, int, int]]]]] = dict
        self.preview_path: Path | None = None  # the last draft written, for tests and the viewer
        self.word_path: Path | None = None  # the last Word copy written
        # The open draft preview follows the answers as they are saved (see ``draft_changed``).
        self.live_preview = LivePreview(self._open_preview, tasks, self)

        def action(text: str, name: str, tip: str, slot: Callable[[], None]) -> QAction:
            created = QAction(text, self, objectName=name)
            created.setToolTip(tip)
            created.triggered.connect(slot)
            return created

        self.action_preview = action(
            "Preview &draft report", "actionPreviewReport", "The report as it stands, marked DRAFT", self.preview
        )
        self.action_preview.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.action_export_word = action(
            "Export draft as &Word…",
            "actionExportWordDraft",
            "A Word copy of the draft for the vendor's QA to mark up (the signed PDF stays the report of record)",
            self.export_word_draft,
        )
        self.action_sign = action("&Sign report…", "actionSignReport", _SIGN_TIP, self.sign)
        self.action_print = action(
            "&Print report…", "actionPrint", "Print the report (signed, else the draft)", self.print_report
        )
        self.action_print.setShortcut(QKeySequence.StandardKey.Print)
        self.action_print_pages = action(
            "Print record &pages…",
            "actionPrintRecordPages",
            "Print a page range of the record on screen",
            self.print_record_pages,
        )
        self.action_export = action("&Export return package…", "actionExportReturn", _EXPORT_TIP, self.export_return)
        self.action_verify = action(
            "&Verify a signed report…", "actionVerifyReport", "Check a report's signature", self.verify_file
        )
        self.action_certificate = action(
            "Create signing &certificate…",
            "actionCreateCertificate",
            "Your certificate for signing reports",
            self.create_certificate,
        )
        self.action_export_authority = action(
            "Export &authority certificate…",
            "actionExportAuthority",
            "The certificate a vendor installs to trust your signature",
            self.export_authority,
        )
        self.action_view_signed = action(
            "View &signed report",
            "actionViewSignedReport",
            "The report as signed, with its signature checked",
            self.view_signed,
        )
        self.set_case(None)

    def build_menu(self, menu: QMenu) -> None:
        menu.addActions([self.action_preview, self.action_export_word, self.action_sign, self.action_view_signed])
        menu.addActions([self.action_print, self.action_print_pages, self.action_export])
        menu.addSeparator()
        menu.addActions([self.action_verify, self.action_certificate, self.action_export_authority])

    def set_case(self, case: Case | None) -> None:
        if self.case is not None and (case is None or case.id != self.case.id):
            self.tasks.close()
        self.case = case
        folder = self.folder
        self.live_preview.follow(None if case is None else lambda version: live_preview_file(folder, case, version))
        case_actions = (
            self.action_preview,
            self.action_export_word,
            self.action_sign,
            self.action_print,
            self.action_export,
            self.action_print_pages,
        )
        for case_action in case_actions:
            case_action.setEnabled(case is not None)
        self.action_view_signed.setEnabled(False)
        self.action_sign.setToolTip(_SIGN_TIP)
        self.action_export.setToolTip(_EXPORT_TIP)
        if case is None:
            return
        # What the case's state rules out is greyed, and the tooltip says why.
        status = report_status(self.folder, case)
        if status.locked:
            last = status.signed[-1]
            self.action_sign.setEnabled(False)
            self.action_sign.setToolTip(
                f"{last.title} signed on {last.signed_at:%Y-%m-%d %H:%M}; new records from the vendor open an addendum"
            )
        elif status.addendum_open:
            self.action_sign.setToolTip("Sign the addendum with your certificate")
        if not status.signed:
            self.action_export.setEnabled(False)
            self.action_export.setToolTip("The return package needs the signed report: sign it first")
        self.action_view_signed.setEnabled(bool(status.signed))

    # -- draft --

    def preview(self) -> None:
        case = self._require_case()
        if case is None:
            return
        folder = self.folder

        def work(_progress: TaskProgress) -> Path:
            return draft_preview_file(folder, case)

        def done(path: Path) -> None:
            self.preview_path = path
            self.prompts.show_pdf(self.window, f"Draft report — {case.reference}", path)
            self.message.emit(f"Draft report of {case.reference} shown (marked DRAFT; not signed).")

        self._run(
            work, "Preparing the draft report…", done, lambda exc: self._report_failure("Draft report", exc), self.tasks
        )

    def export_word_draft(self) -> None:
        """Write the draft as a Word document where the physician chooses (off the GUI thread)."""
        case = self._require_case()
        if case is None:
            return
        chosen = self._ask_save_path(
            "Export the draft as Word", Path.home() / f"{_safe(case.reference)}-draft.docx", "Word document (*.docx)"
        )
        if chosen is None:
            return
        out = chosen if is_word_file(chosen) else chosen.with_name(chosen.name + ".docx")
        folder = self.folder

        def work(_progress: TaskProgress) -> Path:
            return write_draft(folder, case, out)

        def done(path: Path) -> None:
            self.word_path = path
            self.message.emit(
                f"Word copy of the draft of {case.reference} saved to {path} "
                "(marked DRAFT; the signed PDF stays the report of record)."
            )

        self._run(
            work,
            "Writing the Word copy of the draft…",
            done,
            lambda exc: self._report_failure("Word copy", exc),
            self.tasks,
        )

    def draft_changed(self) -> None:
        """An answer was saved: the open draft preview re-renders once the physician pauses."""
        self.live_preview.changed()

    def _open_preview(self) -> ReportPreview | None:
        previews = [p for p in self.window.findChildren(ReportPreview) if p.isVisible()]
        return previews[-1] if previews else None

    def view_signed(self) -> None:
        """Show the last signed report as kept with the case, saying whether its signature still holds."""
        case = self._require_case()
        if case is None:
            return
        status = report_status(self.folder, case)
        if not status.signed:
            self.prompts.show_error(self.window, "Not signed yet", f"{case.reference} has no signed report.")
            return
        report = status.signed[-1]
        folder = self.folder

        def work(_progress: TaskProgress) -> tuple[Path, SignatureCheck]:
            path = signed_report_file(folder, report)
            return path, verify_report(folder, path.read_bytes())

        def done(result: tuple[Path, SignatureCheck]) -> None:
            path, check = result
            self.prompts.show_pdf(self.window, f"{report.title} — {case.reference} (signed)", path)
            self.message.emit(check.in_words(path.name).replace("\n", " "))

        self._run(
            work,
            "Checking the signed report…",
            done,
            lambda exc: self._report_failure("Signed report", exc),
            self.tasks,
        )

    # -- signing --

    def sign(self) -> None:
        case = self._require_case()
        if case is None:
            return
        status = report_status(self.folder, case)
        if status.locked:
            last = status.signed[-1]
            self.prompts.show_error(
                self.window,
                "Already signed",
                f"{last.title} for {case.reference} was signed on {last.signed_at:%Y-%m-%d %H:%M}.\n"
                "Its findings are locked; new records from the vendor open an addendum.",
            )
            return
        what = "addendum" if status.addendum_open else "report"
        if not has_profile_certificate(self.folder):
            self.prompts.show_error(
                self.window,
                "No signing certificate",
                "Create your signing certificate first (Report › Create signing certificate…).",
            )
            return
        folder = self.folder

        # Readiness first (it reads every record file, so off the GUI thread); only a case that may be
        # signed asks where to save and for the password.
        def check(_progress: TaskProgress) -> SigningReadiness:
            return signing_readiness(folder, case)

        self._run(
            check,
            f"Checking the {what} before signing…",
            lambda readiness: self._sign_when_ready(case, what, readiness),
            lambda exc: self._report_failure("Report not signed", exc),
            self.tasks,
        )

    def _sign_when_ready(self, case: Case, what: str, readiness: SigningReadiness) -> None:
        if readiness.blocking:
            self.prompts.show_error(
                self.window,
                "Not ready to sign",
                f"The {what} for {case.reference} cannot be signed yet:\n\n"
                + "\n".join(f"• {text}" for text in readiness.blocking)
                + "\n\nThe Before signing list beside the questions shows each; click one to go to it.",
            )
            return
        counts = readiness.pages
        if counts.unique_not_reviewed and not self.prompts.confirm(
            self.window,
            "Pages not reviewed",
            f"You have reviewed {counts.unique_reviewed:,} of the {counts.unique:,} unique pages of this case. "
            f"The attestation will say so: \u201c{readiness.attestation}\u201d\n\nSign all the same?",
        ):
            return
        out = self._ask_save_path(
            f"Save the signed {what}", Path.home() / f"{_safe(case.reference)}-{what}.pdf", "PDF (*.pdf)"
        )
        if out is None:
            return
        password = self.prompts.ask_certificate_password(self.window, f"Sign the {what} for {case.reference}")
        if password is None:
            return
        folder = self.folder

        def work(_progress: TaskProgress) -> SignedOutcome:
            return sign_report(folder, case, out, password=password)

        def done(outcome: SignedOutcome) -> None:
            self.case_changed.emit(case.id)
            self.message.emit(f"{outcome.report.title} signed and saved to {outcome.path}.")
            self.prompts.show_info(
                self.window,
                "Report signed",
                f"{outcome.report.title} for {case.reference} is signed by {outcome.report.signer}.\n"
                f"Saved to {outcome.path}.\nSHA-256 {outcome.report.sha256}\nThe findings are now locked."
                + "".join(f"\n\n{note}" for note in outcome.notes),
            )

        self._run(
            work,
            f"Signing the {what}…",
            done,
            lambda exc: self._report_failure("Report not signed", exc),
            self.tasks,
            None,
        )

    # -- printing --

    def print_report(self) -> None:
        case = self._require_case()
        if case is None:
            return
        status = report_status(self.folder, case)
        folder = self.folder

        def work(_progress: TaskProgress) -> Path:
            if status.signed:
                return signed_report_file(folder, status.signed[-1])
            return draft_preview_file(folder, case)

        def done(path: Path) -> None:
            self.print_pdf(f"Report — {case.reference}", path)

        self._run(
            work, "Preparing the report for printing…", done, lambda exc: self._report_failure("Print", exc), self.tasks
        )

    def print_pdf(
        self,
        title: str,
        path: Path,
        pages: list[int] | None = None,
        marks: dict[int, list[tuple[QRectF, tuple[int, int, int]]]] | None = None,
    ) -> bool:
        """The print dialog with preview, printing ``pages`` (0-based; all when None) of ``path``, with ``marks``."""
        printed = self.prompts.print_document(
            self.window, title, lambda printer: self._paint(printer, path, pages, marks)
        )
        if printed:
            self.message.emit(f"{title} sent to the printer.")
        return printed

    def print_record_pages(self) -> None:
        shown = self.record_on_screen()
        if shown is None:
            self.prompts.show_error(self.window, "No record on screen", "Open a record to print some of its pages.")
            return
        title, path, page_count, current = shown
        chosen = self.prompts.ask_page_range(self.window, page_count, current + 1)
        if chosen is None:
            return
        first, last = chosen
        self.print_pdf(f"{title}, pages {first}-{last}", path, list(range(first - 1, last)), self.marks_on_screen())

    def _paint(
        self,
        printer: QPrinter,
        path: Path,
        pages: list[int] | None,
        marks: dict[int, list[tuple[QRectF, tuple[int, int, int]]]] | None = None,
    ) -> None:
        try:
            paint_pdf(printer, path, pages, marks)
        except Exception as exc:  # in words; what was not expected is logged
            self._report_failure("Print", exc)

    # -- return package --

    def export_return(self) -> None:
        case = self._require_case()
        if case is None:
            return
        out = self._ask_save_path(
            "Save the return package", Path.home() / f"{_safe(case.reference)}-return.zip", "Zip (*.zip)"
        )
        if out is None:
            return
        folder = self.folder

        def work(_progress: TaskProgress) -> str:
            return export_return_package(folder, case, out)

        def done(sha256: str) -> None:
            self.case_changed.emit(case.id)
            self.message.emit(f"Return package saved to {out} (SHA-256 {sha256[:16]}…).")

        self._run(
            work,
            "Writing the return package…",
            done,
            lambda exc: self._report_failure("Return package", exc),
            self.tasks,
            None,
        )

    # -- verification and certificates --

    def verify_file(self) -> None:
        path = self._ask_open_path("Verify a signed report", "PDF (*.pdf)")
        if path is None:
            return
        folder = self.folder

        def work(_progress: TaskProgress) -> SignatureCheck:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise ReviewerError(f"{path} cannot be read: {exc.strerror or exc}") from exc
            return verify_report(folder, data)

        def done(check: SignatureCheck) -> None:
            self.prompts.show_info(self.window, "Signature check", check.in_words(path.name))

        self._run(
            work, "Checking the signature…", done, lambda exc: self._report_failure("Signature check", exc), self.tasks
        )

    def create_certificate(self) -> None:
        out = self._ask_save_path(
            "Save your signing certificate", Path.home() / "signing-certificate.p12", "PKCS#12 (*.p12)"
        )
        if out is None:
            return
        password = self.prompts.ask_new_password(self.window, "A password for your signing certificate")
        if password is None:
            return
        try:
            folder = self.folder
            folder.database.writer.call(lambda: create_profile_certificate(folder, out, password))
        except Exception as exc:  # in words; what was not expected is logged
            self._report_failure("Certificate not created", exc)
            return
        self.prompts.show_info(
            self.window,
            "Signing certificate created",
            f"Your certificate is saved to {out} and is now your profile's.\n"
            "Keep its password safe: it is asked each time you sign and is not stored. Give vendors the "
            "authority certificate (Report › Export authority certificate) so they can trust your signature.",
        )

    def export_authority(self) -> None:
        source = authority_certificate_path(self.folder)
        if source is None:
            self.prompts.show_error(
                self.window,
                "No certificate yet",
                "Create your signing certificate first (Report › Create signing certificate).",
            )
            return
        out = self._ask_save_path(
            "Export the authority certificate", Path.home() / "reviewer-authority.pem", "PEM (*.pem *.crt)"
        )
        if out is None:
            return
        try:
            out.write_bytes(source.read_bytes())
        except OSError as exc:
            self._report_failure("Export", ReviewerError(f"{out} cannot be written: {exc.strerror or exc}"))
            return
        self.message.emit(f"Authority certificate exported to {out}.")

    def _ask_save_path(self, title: str, suggested: Path, file_filter: str) -> Path | None:
        chosen = self.prompts.choose_save_path(self.window, title, suggested, file_filter)
        return Path(chosen) if chosen else None  # a seam may hand back a string

    def _ask_open_path(self, title: str, file_filter: str) -> Path | None:
        chosen = self.prompts.choose_open_path(self.window, title, file_filter)
        return Path(chosen) if chosen else None

    def _require_case(self) -> Case | None:
        if self.case is None:
            self.prompts.show_error(self.window, "No case open", "Open a case first.")
        return self.case


def _safe(reference: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in reference)
