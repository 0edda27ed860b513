"""Signed reports of a case, and the purge of its record files: repositories returning domain values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from reviewer_app.domain.signed_report import SignedReport, findings_locked, latest
from reviewer_app.storage.models import CaseRow, FilePageRow, RecordRow, SignedReportRow, StoredFileRow


class SignedReportRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def for_case(self, case_id: int) -> list[SignedReport]:
        rows = self.session.scalars(
            select(SignedReportRow).where(SignedReportRow.case_id == case_id).order_by(SignedReportRow.number)
        )
        return [_to_signed_report(row) for row in rows]

    def add(
        self,
        case_id: int,
        *,
        sha256: str,
        signed_at: dt.datetime,
        signer: str,
        case_version: int,
        form_key: str,
        answers: Mapping[str, Any],
        history_events: int | None = None,
        history_head: str | None = None,
    ) -> SignedReport:
        """Record a new signed report; it is numbered after the case's earlier ones."""
        last = self.session.scalar(select(func.max(SignedReportRow.number)).where(SignedReportRow.case_id == case_id))
        row = SignedReportRow(
            case_id=case_id,
            number=(last or 0) + 1,
            sha256=sha256,
            signed_at=signed_at,
            signer=signer,
            case_version=case_version,
            form_key=form_key,
            answers=dict(answers),
            history_events=history_events,
            history_head=history_head,
        )
        self.session.add(row)
        self.session.flush()
        return _to_signed_report(row)

    def locking_report(self, case_id: int) -> tuple[str, SignedReport] | None:
        """(case reference, last signed report) when the case's findings are locked, else None."""
        reports = self.for_case(case_id)
        last = latest(reports)
        if last is None:
            return None
        row = self.session.get(CaseRow, case_id)
        if row is None or not findings_locked(reports, row.version):
            return None
        return row.reference, last


class PurgeRepository:
    """What `reviewer purge` removes: a case's record files and their text, where no other case needs them."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def purge_records(self, case_id: int) -> set[str]:
        """Mark the case's records purged; return the stored files no other unpurged record uses.

        The rows of those files (and their page text) are deleted; the caller removes the files
        from the record store after the transaction commits.
        """
        mine = set(self.session.scalars(select(RecordRow.sha256).where(RecordRow.case_id == case_id)))
        self.session.execute(update(RecordRow).where(RecordRow.case_id == case_id).values(purged=True))
        still_used = set(
            self.session.scalars(
                select(RecordRow.sha256).where(RecordRow.sha256.in_(mine), RecordRow.purged.is_(False))
            )
        )
        unused = mine - still_used
        files = list(self.session.scalars(select(StoredFileRow).where(StoredFileRow.sha256.in_(unused))))
        removable = set(unused)
        for stored in files:
            if stored.viewable_sha256:
                removable.add(stored.viewable_sha256)
        ocr_copies = set(
            self.session.scalars(
                select(FilePageRow.ocr_pdf_sha256).where(
                    FilePageRow.sha256.in_(unused), FilePageRow.ocr_pdf_sha256.is_not(None)
                )
            )
        )
        removable |= {sha for sha in ocr_copies if sha}
        self.session.execute(delete(FilePageRow).where(FilePageRow.sha256.in_(unused)))
        # Keep the stored-file rows (the records list still shows media type and page count),
        # but say their bytes are gone.
        self.session.execute(update(StoredFileRow).where(StoredFileRow.sha256.in_(unused)).values(viewable_sha256=None))
        self.session.flush()
        return removable

    def purged(self, case_id: int) -> bool:
        flags = set(self.session.scalars(select(RecordRow.purged).where(RecordRow.case_id == case_id)))
        return flags == {True}


def _to_signed_report(row: SignedReportRow) -> SignedReport:
    return SignedReport(
        id=row.id,
        case_id=row.case_id,
        number=row.number,
        sha256=row.sha256,
        signed_at=row.signed_at,
        signer=row.signer,
        case_version=row.case_version,
        form_key=row.form_key,
        answers=dict(row.answers),
        history_events=row.history_events,
        history_head=row.history_head,
    )
