"""The physician's corrections of a case's chronology: a repository returning domain values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reviewer_app.domain.chronology import Correction
from reviewer_app.storage.models import ChronologyCorrectionRow, FilePageRow

_DATES = ("date", "date_to")


class ChronologyCorrectionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def for_case(self, case_id: int) -> list[Correction]:
        """The case's corrections, oldest first (the order they are laid over the chronology in)."""
        rows = self.session.scalars(
            select(ChronologyCorrectionRow)
            .where(ChronologyCorrectionRow.case_id == case_id)
            .order_by(ChronologyCorrectionRow.id)
        )
        return [Correction(r.record_id, r.first_page, r.last_page, _from_json(r.fields)) for r in rows]

    def replace_all(self, case_id: int, corrections: Sequence[Correction], at: dt.datetime) -> None:
        """Keep exactly ``corrections`` for the case (the result of laying new ones over the old)."""
        self.session.execute(delete(ChronologyCorrectionRow).where(ChronologyCorrectionRow.case_id == case_id))
        self.session.add_all(
            ChronologyCorrectionRow(
                case_id=case_id,
                record_id=c.record_id,
                first_page=c.first_page,
                last_page=c.last_page,
                fields=_to_json(c.fields),
                created_at=at,
            )
            for c in corrections
        )
        self.session.flush()


def _to_json(fields: Any) -> dict[str, Any]:
    return {k: (v.isoformat() if k in _DATES and isinstance(v, dt.date) else v) for k, v in dict(fields).items()}


def _from_json(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: (dt.date.fromisoformat(v) if k in _DATES and isinstance(v, str) else v) for k, v in fields.items()}


def record_page_texts(session: Session, sha256s: Sequence[str]) -> dict[str, dict[int, str]]:
    """The stored text of every page of the files named, by file and 0-based page."""
    texts: dict[str, dict[int, str]] = {sha: {} for sha in sha256s}
    for start in range(0, len(sha256s), 500):  # SQLite's bound on a statement's parameters
        statement = select(FilePageRow.sha256, FilePageRow.page_index, FilePageRow.text).where(
            FilePageRow.sha256.in_(list(sha256s[start : start + 500]))
        )
        for sha, index, text in session.execute(statement):
            texts[sha][index] = text or ""
    return texts
