"""Signed reports of a case: a repository returning domain values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reviewer_app.domain.signed_report import SignedReport, findings_locked, latest
from reviewer_app.storage.models import CaseRow, SignedReportRow


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
