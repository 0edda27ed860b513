"""The physician's corrections of a case's chronology: a repository returning domain values."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reviewer_app.domain.chronology import Correction
from reviewer_app.domain.providers import PersonName
from reviewer_app.domain.unitization import FoundDocument
from reviewer_app.storage.models import ChronologyCorrectionRow, ChronologyDocumentsRow, FilePageRow

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


class ChronologyDocumentsRepository:
    """Each file's documents as the chronology's rules found them, under the key of what they came from."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def kept(self, keys: dict[str, str]) -> dict[str, list[FoundDocument]]:
        """The documents kept for each file (sha256 -> key wanted) whose kept key is the one wanted.

        A file kept under another key (other text, rules or birth dates), or whose kept documents
        no longer read back (another shape of the rules' values), is left out: found again.
        """
        shas = list(keys)
        kept: dict[str, list[FoundDocument]] = {}
        for start in range(0, len(shas), 500):  # SQLite's bound on a statement's parameters
            statement = select(ChronologyDocumentsRow).where(
                ChronologyDocumentsRow.sha256.in_(shas[start : start + 500])
            )
            for row in self.session.scalars(statement):
                if row.key != keys[row.sha256]:
                    continue
                try:
                    kept[row.sha256] = [_document_from_json(item) for item in row.documents]
                except (TypeError, ValueError, KeyError, AttributeError):
                    continue
        return kept

    def keep(self, found: dict[str, tuple[str, list[FoundDocument]]]) -> int:
        """Keep each file's documents (sha256 -> (key, documents)), replacing what was kept before.

        Only documents that read back exactly as they are are kept (a value the rules come to give
        that JSON cannot hold is found again each time instead): how many files were kept.
        """
        kept = 0
        for sha256, (key, documents) in found.items():
            stored = [_document_to_json(d) for d in documents]
            try:
                same = [_document_from_json(item) for item in json.loads(json.dumps(stored))] == documents
            except (TypeError, ValueError, KeyError, AttributeError):
                same = False
            if same:
                self.session.merge(ChronologyDocumentsRow(sha256=sha256, key=key, documents=stored))
                kept += 1
        self.session.flush()
        return kept


def _document_to_json(document: FoundDocument) -> dict[str, Any]:
    values = dict(vars(document))
    for name in ("date", "date_to"):
        values[name] = values[name].isoformat() if values[name] is not None else None
    person = values["person"]
    values["person"] = None if person is None else dict(vars(person))
    return values


def _document_from_json(values: dict[str, Any]) -> FoundDocument:
    values = dict(values)
    for name in ("date", "date_to"):
        values[name] = dt.date.fromisoformat(values[name]) if values[name] is not None else None
    if values["person"] is not None:
        values["person"] = PersonName(**values["person"])
    return FoundDocument(**values)
