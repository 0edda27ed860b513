"""The physician's answers, one row per field: what findings set, export and check read and write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.storage.models import FindingAnswerRow


class FindingRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def answers(self, case_id: int) -> dict[str, Any]:
        rows = self.session.execute(
            select(FindingAnswerRow.field_id, FindingAnswerRow.value).where(FindingAnswerRow.case_id == case_id)
        )
        return {field_id: value for field_id, value in rows}

    def save(self, case_id: int, answers: Mapping[str, Any], form_key: str, when: dt.datetime) -> None:
        """Write the given answers (None clears one); the others stay as they were."""
        existing = {
            row.field_id: row
            for row in self.session.scalars(
                select(FindingAnswerRow).where(
                    FindingAnswerRow.case_id == case_id, FindingAnswerRow.field_id.in_(list(answers))
                )
            )
        }
        for field_id, value in answers.items():
            row = existing.get(field_id)
            if value is None:
                if row is not None:
                    self.session.delete(row)
                continue
            if row is None:
                self.session.add(
                    FindingAnswerRow(
                        case_id=case_id, field_id=field_id, value=value, form_key=form_key, updated_at=when
                    )
                )
            else:
                row.value = value
                row.form_key = form_key
                row.updated_at = when
        self.session.flush()
