"""Signing all or nothing: the signed files, the signed-report row, the lock and the history event as one step.

The order, each step on disk (fsynced) before the next starts:

1. a journal in ``pending-signatures/`` names the case, the report's number and SHA-256 and the
   files about to be written;
2. the signed bytes go to temporary files beside their places: the archive in ``reports/`` and
   the physician's ``--out``;
3. one transaction records the signed report, locks the case and appends "report signed" to the
   case's history (so a locked case always has its signature event);
4. the temporary files are renamed into place, the archive first and ``--out`` last, and the
   journal is removed.

A failure before step 3 commits (a full disk, an unwritable folder, a database error) removes the
temporary files and the journal: nothing was signed and the case is as it was. Once step 3 has
committed the signature is true, and whatever of step 4 is left is finished by
:func:`finish_interrupted_signings` the next time a writer opens the folder, which also undoes a
journal whose transaction never committed (a kill between steps 1 and 3). So ``--out`` appears
only once the case is locked, and a kill at any moment leaves no signature or one whole signature.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from reviewer_app import faults
from reviewer_app.domain.errors import ReviewerError
from reviewer_app.domain.signed_report import SignedReport
from reviewer_app.records.output_files import (
    ReportArchive,
    output_target,
    publish_file,
    stage_file,
    staged_name,
    write_file_atomically,
)
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.storage.database import WriteSession
from reviewer_app.storage.signed_reports import SignedReportRepository

log = logging.getLogger(__name__)

PENDING_DIR = "pending-signatures"


@dataclass(frozen=True)
class PendingSignature:
    """What the journal of one signing in progress says: enough to finish it or to undo it."""

    case_id: int
    case_reference: str
    number: int
    sha256: str
    archive_staged: str
    archive_final: str
    out_staged: str
    out_final: str

    @property
    def files(self) -> tuple[tuple[Path, Path], ...]:
        """(temporary, final) pairs in the order they are put in place: the archive before ``--out``."""
        return (
            (Path(self.archive_staged), Path(self.archive_final)),
            (Path(self.out_staged), Path(self.out_final)),
        )


def commit_signature(
    folder: DataFolder,
    archive: ReportArchive,
    pending_report: tuple[int, str, int, str],
    signed_pdf: bytes,
    out: Path,
    record: Callable[[WriteSession], SignedReport],
) -> SignedReport:
    """Put ``signed_pdf`` at ``out`` and in the archive, and ``record`` it in the database, all or nothing.

    ``pending_report`` is (case id, case reference, report number, SHA-256 of ``signed_pdf``);
    ``record`` writes the signed-report row, the lock and the history event in the given session.
    Raises a ReviewerError in words; before the commit, nothing is left behind.
    """
    case_id, reference, number, sha256 = pending_report
    target = output_target(out)
    archive_final = archive.path_for(case_id, number, sha256)
    pending = PendingSignature(
        case_id=case_id,
        case_reference=reference,
        number=number,
        sha256=sha256,
        archive_staged=str(staged_name(archive_final, "signing")),
        archive_final=str(archive_final),
        out_staged=str(staged_name(target, f"signing-{sha256[:12]}")),
        out_final=str(target),
    )
    try:
        _write_journal(folder, pending)
        faults.reached(faults.SIGN_JOURNAL_WRITTEN)
        archive.stage(case_id, number, sha256, signed_pdf)
        faults.reached(faults.SIGN_ARCHIVE_STAGED)
        stage_file(target, signed_pdf, tag=f"signing-{sha256[:12]}")
        faults.reached(faults.SIGN_OUTPUT_STAGED)

        def in_transaction(session: WriteSession) -> SignedReport:
            report = record(session)
            faults.reached(faults.SIGN_BEFORE_COMMIT)
            return report

        report = folder.database.write(in_transaction)
    except BaseException as exc:
        _undo(folder, pending)
        if isinstance(exc, OSError):  # a write of our own (not one already put in words) failed
            raise ReviewerError(_nothing_signed(reference, exc)) from exc
        raise
    try:
        faults.reached(faults.SIGN_AFTER_COMMIT)
        _put_in_place(folder, pending)
    except (OSError, ReviewerError) as exc:
        log.warning("case %s was signed but its files could not all be put in place", reference)
        raise ReviewerError(
            f"Case {reference} is signed and its report is kept in the data folder, but it could not be saved "
            f"at {target} ({_reason(exc)}). Reviewer puts it there the next time it opens the data folder; "
            "free some space or make the folder writable first."
        ) from exc
    return report


def finish_interrupted_signings(folder: DataFolder) -> list[str]:
    """Finish each signing that committed, and undo each that did not; one sentence for each (for the physician).

    Only the holder of the writer lock may call this (opening the folder to write does).
    """
    pending_dir = folder.path / PENDING_DIR
    if not pending_dir.is_dir():
        return []
    notices = []
    for leftover in pending_dir.glob(".*.part"):  # a journal whose own write was cut short: nothing followed it
        leftover.unlink(missing_ok=True)
    for journal in sorted(pending_dir.glob("*.json")):
        pending = _read_journal(journal)
        if pending is None:
            log.warning("an unreadable signing journal %s was removed", journal.name)
            journal.unlink(missing_ok=True)
            continue
        with folder.database.transaction() as session:
            signed = any(
                report.number == pending.number and report.sha256 == pending.sha256
                for report in SignedReportRepository(session).for_case(pending.case_id)
            )
        if not signed:
            _undo(folder, pending)
            notices.append(
                f"A signing of case {pending.case_reference} was interrupted before it was recorded and has been "
                "undone: nothing was signed, and the case is as it was."
            )
            continue
        try:
            renamed = _put_in_place(folder, pending)
        except (OSError, ReviewerError) as exc:
            notices.append(
                f"Case {pending.case_reference} is signed, but its report could not yet be saved at "
                f"{pending.out_final} ({_reason(exc)}); Reviewer tries again the next time it opens the data folder."
            )
            continue
        if renamed:
            notices.append(
                f"A signing of case {pending.case_reference} that was interrupted has been finished: the signed "
                f"report is at {pending.out_final}."
            )
    return notices


def _journal_path(folder: DataFolder, pending: PendingSignature) -> Path:
    return folder.path / PENDING_DIR / f"case-{pending.case_id}-report-{pending.number}.json"


def _write_journal(folder: DataFolder, pending: PendingSignature) -> None:
    path = _journal_path(folder, pending)
    path.parent.mkdir(mode=0o700, exist_ok=True)
    write_file_atomically(path, json.dumps(asdict(pending)).encode("utf-8"), mode=0o600)


def _read_journal(path: Path) -> PendingSignature | None:
    try:
        return PendingSignature(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def _put_in_place(folder: DataFolder, pending: PendingSignature) -> bool:
    """Rename what is still staged into place, then drop the journal; False when nothing was left to rename.

    The signing is complete once both files are in place: a journal that then cannot be removed
    is only logged (the next writer finds nothing left to do and removes it).
    """
    (archive_staged, archive_final), (out_staged, out_final) = pending.files
    renamed = False
    if archive_staged.exists():
        publish_file(archive_staged, archive_final)
        renamed = True
    faults.reached(faults.SIGN_ARCHIVE_PUBLISHED)
    if out_staged.exists():
        publish_file(out_staged, out_final)
        renamed = True
    try:
        faults.reached(faults.SIGN_OUTPUT_PUBLISHED)
        _journal_path(folder, pending).unlink(missing_ok=True)
    except OSError:
        log.warning("the journal of a finished signing could not be removed; the next writer removes it")
    return renamed


def _undo(folder: DataFolder, pending: PendingSignature) -> None:
    """Remove the temporary files, then the journal (a kill half-way leaves the journal to undo again)."""
    for staged, _ in pending.files:
        with contextlib.suppress(OSError):
            staged.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        _journal_path(folder, pending).unlink(missing_ok=True)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
    return str(exc).rstrip(".")


def _nothing_signed(reference: str, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return (
            f"The disk is full: case {reference} was not signed and nothing was written. "
            "Free some space and sign again."
        )
    return f"Case {reference} was not signed and nothing was written ({exc.strerror or exc})."
