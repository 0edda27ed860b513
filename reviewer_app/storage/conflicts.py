"""The physician's acknowledgements of conflicts of interest: a repository returning plain values."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.storage.models import ConflictAcknowledgementRow


class ConflictAcknowledgementRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def for_case(self, case_id: int) -> dict[str, str]:
        """The case's acknowledged conflicts (the profile's entry) and the latest reason given for each."""
        rows = self.session.scalars(
            select(ConflictAcknowledgementRow)
            .where(ConflictAcknowledgementRow.case_id == case_id)
            .order_by(ConflictAcknowledgementRow.id)
        )
        return {row.conflict: row.reason for row in rows}

    def add(self, case_id: int, conflict: str, reason: str, at: dt.datetime) -> None:
        self.session.add(ConflictAcknowledgementRow(case_id=case_id, conflict=conflict, reason=reason, created_at=at))
        self.session.flush()
