"""The case's audit trail in the database: events are appended and read, never changed or deleted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.domain.audit import AuditEvent, AuditKind, next_event
from reviewer_app.storage.models import AuditEventRow, PageReviewRow


class AuditRepository:
    """Appends within the caller's transaction, so an event commits (or not) with what it records."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def append(self, case_id: int, kind: AuditKind, details: Mapping[str, Any], at: dt.datetime) -> AuditEvent:
        """Chain a new event to the case's newest one and add it."""
        event = next_event(self.head(case_id), case_id, at, kind, details)
        self.session.add(
            AuditEventRow(
                case_id=event.case_id,
                sequence=event.sequence,
                at=event.at,
                kind=event.kind.value,
                details=dict(event.details),
                previous_hash=event.previous_hash,
                hash=event.hash,
            )
        )
        self.session.flush()
        return event

    def head(self, case_id: int) -> AuditEvent | None:
        """The case's newest event (highest sequence number)."""
        row = self.session.scalars(
            select(AuditEventRow)
            .where(AuditEventRow.case_id == case_id)
            .order_by(AuditEventRow.sequence.desc())
            .limit(1)
        ).first()
        return _to_event(row) if row is not None else None

    def events(self, case_id: int, kind: AuditKind | None = None) -> list[AuditEvent]:
        """The case's events in sequence order (of one kind when asked)."""
        statement = select(AuditEventRow).where(AuditEventRow.case_id == case_id)
        if kind is not None:
            statement = statement.where(AuditEventRow.kind == kind.value)
        return [_to_event(row) for row in self.session.scalars(statement.order_by(AuditEventRow.sequence))]

    def page_reviews(self, case_id: int) -> list[tuple[int, int, dt.datetime]]:
        """(record id, page index, when) of every page of the case marked reviewed, in the order marked."""
        statement = (
            select(PageReviewRow.record_id, PageReviewRow.page_index, PageReviewRow.reviewed_at)
            .where(PageReviewRow.case_id == case_id)
            .order_by(PageReviewRow.id)
        )
        return [(record_id, page_index, when) for record_id, page_index, when in self.session.execute(statement)]

    def latest(self, case_id: int, kind: AuditKind) -> AuditEvent | None:
        """The case's newest event of one kind."""
        row = self.session.scalars(
            select(AuditEventRow)
            .where(AuditEventRow.case_id == case_id, AuditEventRow.kind == kind.value)
            .order_by(AuditEventRow.sequence.desc())
            .limit(1)
        ).first()
        return _to_event(row) if row is not None else None


def _to_event(row: AuditEventRow) -> AuditEvent:
    # A row changed by hand may hold anything: it is read as it is, and verification says it was altered.
    try:
        kind = AuditKind(row.kind)
    except ValueError:
        kind = AuditKind.UNRECOGNISED
    return AuditEvent(
        sequence=row.sequence,
        case_id=row.case_id,
        at=row.at,
        kind=kind,
        details=row.details if isinstance(row.details, dict) else {},
        previous_hash=row.previous_hash,
        hash=row.hash,
    )
