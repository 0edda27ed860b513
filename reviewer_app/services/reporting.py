"""The report: drafts at any time, the signed final report (and addenda), and checking a signed file.

Signing is the one step that cannot be taken back: the case must pass ``check``, the certificate
must be the physician's and the signed bytes must verify before anything is written; then the
output, the copy kept with the case (apart from the record store), the signed-report row, the
lock and the history event become true together or not at all (``services.signing_journal``).
The findings stay locked until new records arrive and open an addendum.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reviewer_app.domain.audit import AuditKind
from reviewer_app.domain.case import Case, CaseStatus
from reviewer_app.domain.errors import InvalidInput, ReviewerError
from reviewer_app.domain.report import HistoryAnchor, OriginalReportRef, ReportContent
from reviewer_app.domain.review import PageCounts, attested_review
from reviewer_app.domain.signatures import CertificateNotYours, SignatureCheck
from reviewer_app.domain.signed_report import (
    CaseLocked,
    SignedReport,
    findings_locked,
    latest,
    locked_message,
)
from reviewer_app.records.output_files import ReportArchive, write_file_atomically
from reviewer_app.services.audit import case_history, log_event, record_event, record_pages_reviewed
from reviewer_app.services.backup import back_up
from reviewer_app.services.certificates import profile_certificate, trust_roots
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.findings import FindingsTemplate, check_case, findings_template, get_answers
from reviewer_app.services.practice import get_practice
from reviewer_app.services.profile import get_profile
from reviewer_app.services.report_content import build_report_content, describe_changes
from reviewer_app.services.review import review_state
from reviewer_app.services.signing_journal import commit_signature
from reviewer_app.storage.audit import AuditRepository
from reviewer_app.storage.backup import BackupFailed
from reviewer_app.storage.database import WriteSession
from reviewer_app.storage.repositories import CaseRepository
from reviewer_app.storage.signed_reports import SignedReportRepository


@dataclass(frozen=True)
class ReportStatus:
    """What the workspace shows about a case's report: signed reports and whether findings are locked."""

    signed: tuple[SignedReport, ...]
    locked: bool

    @property
    def addendum_open(self) -> bool:
        """Signed before, and new records have arrived since: the next signature is an addendum."""
        return bool(self.signed) and not self.locked


@dataclass(frozen=True)
class SignedOutcome:
    report: SignedReport
    path: Path
    check: SignatureCheck
    notes: tuple[str, ...] = ()  # what went wrong after the signature without undoing it (a backup not taken)


def report_archive(folder: DataFolder) -> ReportArchive:
    return ReportArchive(folder.path / "reports")


def signed_reports(folder: DataFolder, case: Case) -> list[SignedReport]:
    with folder.database.transaction() as session:
        return SignedReportRepository(session).for_case(case.id)


def report_status(folder: DataFolder, case: Case) -> ReportStatus:
    reports = signed_reports(folder, case)
    return ReportStatus(signed=tuple(reports), locked=findings_locked(reports, case.version))


def draft_content(folder: DataFolder, case: Case) -> ReportContent:
    """What the draft prints, on the practice's letterhead: the one source of the PDF and the Word copy."""
    template = findings_template(folder, case)
    answers = get_answers(folder, case)
    addendum_of = _addendum_reference(folder, case, signed_reports(folder, case), template, answers)
    content = build_report_content(
        folder, case, draft=True, addendum_of=addendum_of, template=template, answers=answers
    )
    return _on_letterhead(folder, content)


def _on_letterhead(folder: DataFolder, content: ReportContent) -> ReportContent:
    practice = get_practice(folder)
    return content if practice.is_empty else replace(content, practice=practice)


def draft_report(folder: DataFolder, case: Case) -> bytes:
    """The report as it stands, marked DRAFT on every page (never stored, never signed)."""
    content = draft_content(folder, case)
    from reviewer_app.reports import render_report  # ReportLab: loaded when a report is made, not at start

    pdf = render_report(content)
    record_event(folder, case, AuditKind.REPORT_DRAFTED, {"sha256": hashlib.sha256(pdf).hexdigest()})
    return pdf


def draft_word(folder: DataFolder, case: Case) -> bytes:
    """The draft as a Word document (same content as the PDF draft, marked DRAFT, no author metadata)."""
    content = draft_content(folder, case)
    from reviewer_app.reports.word_report import render_word_draft  # python-docx: loaded when asked for

    docx = render_word_draft(content)
    record_event(folder, case, AuditKind.REPORT_DRAFTED, {"sha256": hashlib.sha256(docx).hexdigest()})
    return docx


def is_word_file(out: Path) -> bool:
    """Whether ``out`` names a Word document (the draft is then written as .docx, else as PDF)."""
    return out.suffix.lower() == ".docx"


def write_draft(folder: DataFolder, case: Case, out: Path) -> Path:
    """Write the draft to ``out``: a Word copy when it ends in .docx, else the PDF."""
    write_file_atomically(out, draft_word(folder, case) if is_word_file(out) else draft_report(folder, case))
    return out


@dataclass(frozen=True)
class SigningReadiness:
    """What signing would meet: the items that block it (in words), and the pages the attestation will state."""

    blocking: tuple[str, ...]
    pages: PageCounts
    attestation: str  # the attestation's sentence on what was reviewed, as the report will print it


def signing_readiness(folder: DataFolder, case: Case) -> SigningReadiness:
    """Check a case before asking the physician where to save and for the password (record files are hashed)."""
    blocking = tuple(item.text for item in check_case(folder, case) if item.blocking)
    counts = review_state(folder, case.id).counts
    return SigningReadiness(blocking, counts, attested_review(counts, len(case.records)))


def sign_report(folder: DataFolder, case: Case, out: Path, *, password: str, p12: bytes | None = None) -> SignedOutcome:
    """Sign the final report (or the addendum, when new records reopened a signed case) and write it to ``out``."""
    reports = signed_reports(folder, case)
    last = latest(reports)
    if last is not None and findings_locked(reports, case.version):
        raise CaseLocked(locked_message(case.reference, last))
    blocking = [item.text for item in check_case(folder, case) if item.blocking]
    if blocking:
        raise InvalidInput(f"Case {case.reference} is not ready to sign:", blocking)
    certificate = p12 if p12 is not None else profile_certificate(folder)
    # Whose certificate it is, before anything is written (the reading below goes into the history).
    check_signing_certificate(folder, certificate, password)
    # One snapshot for the whole signature: the report, the addendum's changes and the stored
    # answers come from the same form and answers (the forms are parsed once here, not per step).
    template = findings_template(folder, case)
    answers = get_answers(folder, case)
    # The reading done so far goes into the history first; the report then carries the history's head,
    # so the events up to the signature can be checked against the signed PDF the vendor holds.
    record_pages_reviewed(folder, case)
    events = case_history(folder, case)
    anchor = HistoryAnchor(events=len(events), head_sha256=events[-1].hash) if events else None
    content = build_report_content(
        folder,
        case,
        draft=False,
        addendum_of=_addendum_reference(folder, case, reports, template, answers),
        template=template,
        answers=answers,
    )
    from reviewer_app.reports import render_report
    from reviewer_app.signing import sign_pdf, verify_pdf  # pyHanko: loaded when signing, not at start

    pdf = render_report(replace(_on_letterhead(folder, content), history=anchor))
    reason = "Addendum to the physician's report" if reports else "Physician's report"
    signed_pdf = sign_pdf(pdf, certificate, password, reason=reason, location=case.details.jurisdiction or "")
    check = verify_pdf(signed_pdf, trust_roots=trust_roots(folder))
    if not check.valid:
        raise ReviewerError("The signed report did not verify; nothing was saved: " + "; ".join(check.problems))
    sha256 = hashlib.sha256(signed_pdf).hexdigest()
    number = (last.number if last is not None else 0) + 1

    def record(session: WriteSession) -> SignedReport:
        # The row, the lock and the history event commit together (a locked case always has its event).
        report = SignedReportRepository(session).add(
            case.id,
            sha256=sha256,
            signed_at=folder.clock(),
            signer=check.signer,
            case_version=case.version,
            form_key=template.form.key,
            answers=answers,
            history_events=anchor.events if anchor else None,
            history_head=anchor.head_sha256 if anchor else None,
        )
        CaseRepository(session).set_status(case.id, CaseStatus.SIGNED)
        details = {"sha256": sha256, "report": report.title}
        log_event(AuditRepository(session), case.id, AuditKind.REPORT_SIGNED, details, folder.clock())
        return report

    report = commit_signature(
        folder, report_archive(folder), (case.id, case.reference, number, sha256), signed_pdf, out, record
    )
    try:
        back_up(folder)  # a signature is the work a damaged database must never take with it
    except BackupFailed as exc:
        return SignedOutcome(report=report, path=out, check=check, notes=(f"{exc} The report is signed all the same.",))
    return SignedOutcome(report=report, path=out, check=check)


def check_signing_certificate(folder: DataFolder, p12: bytes, password: str) -> None:
    """Refuse a certificate that is not the physician's (see ``signing.identity``), naming why."""
    from reviewer_app.signing import certificate_problems

    profile = get_profile(folder)
    problems = certificate_problems(p12, password, trust_roots=trust_roots(folder), name=profile.name, npi=profile.npi)
    if problems:
        raise CertificateNotYours(problems)


def signed_report_bytes(folder: DataFolder, report: SignedReport) -> bytes:
    return report_archive(folder).read(report.case_id, report.number, report.sha256)


def verify_report(folder: DataFolder | None, data: bytes, *, also_trust: Sequence[bytes] = ()) -> SignatureCheck:
    """Check a report's signatures, trusting this data folder's certificate authority and ``also_trust``.

    ``also_trust`` are certificates (PEM or DER) the user named, such as another data folder's
    authority; a report is valid only when its signer chains to one of these or to the folder's.
    """
    from reviewer_app.signing import verify_pdf

    roots = [*(trust_roots(folder) if folder is not None else ()), *also_trust]
    return verify_pdf(data, trust_roots=roots)


def _addendum_reference(
    folder: DataFolder,
    case: Case,
    reports: list[SignedReport],
    template: FindingsTemplate,
    answers: Mapping[str, Any],
) -> OriginalReportRef | None:
    last = latest(reports)
    if last is None:
        return None
    first = reports[0]
    new_records = tuple(record.path for record in case.records if record.version > last.case_version)
    return OriginalReportRef(
        signed_on=first.signed_at.date(),
        sha256=first.sha256,
        new_records=new_records,
        changes=describe_changes(case, template, last.answers, answers),
    )


def draft_preview_path(folder: DataFolder, case: Case, version: int = 0) -> Path:
    """Where the case's last draft preview is kept (one per case, replaced each time).

    ``version`` 1 is a second file: the live preview writes the next draft there while the first
    is still on screen (and then back), so it never rewrites the file the reader has open.
    """
    suffix = f"-{version}" if version else ""
    return folder.path / "previews" / f"case-{case.id}-draft{suffix}.pdf"


def draft_preview_file(folder: DataFolder, case: Case, version: int = 0) -> Path:
    """Write the current draft where the application can show or print it; returns its path."""
    path = draft_preview_path(folder, case, version)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReviewerError(f"The data folder cannot be written to ({exc.strerror or exc}).") from exc
    return write_draft(folder, case, path)


def live_preview_file(folder: DataFolder, case: Case, version: int) -> Path:
    """Re-render the draft preview as the physician writes (``version`` 0 or 1: see ``draft_preview_path``).

    Not recorded in the case history: these renders follow the typing and go to no one; the draft
    the physician opens, prints or exports is recorded as before.
    """
    path = draft_preview_path(folder, case, version)
    content = draft_content(folder, case)
    from reviewer_app.reports import render_report

    pdf = render_report(content)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReviewerError(f"The data folder cannot be written to ({exc.strerror or exc}).") from exc
    write_file_atomically(path, pdf)
    return path


def signed_report_file(folder: DataFolder, report: SignedReport) -> Path:
    """Where a signed report is kept in the data folder (for viewing and printing)."""
    path = report_archive(folder).path_for(report.case_id, report.number, report.sha256)
    if not path.is_file():
        raise ReviewerError(f"The signed report {path.name} is missing from the data folder.")
    return path
