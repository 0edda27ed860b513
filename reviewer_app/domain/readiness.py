"""What still stands between a case and signing, as a checklist."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from reviewer_app.domain.case import Case, RecordState
from reviewer_app.domain.review import PageCounts


class Target(StrEnum):
    """Where activating a readiness item takes the physician."""

    FIELD = "field"  # the answer field ``field_id`` (its question selected first)
    QUESTION = "question"  # the first question not answered
    RECORDS = "records"  # the first page not yet reviewed
    WARNINGS = "warnings"  # the case's import warnings
    PROFILE = "profile"  # the physician profile dialog
    CONFLICT = "conflict"  # a conflict of interest to acknowledge with a reason (``field_id``: the profile's entry)


@dataclass(frozen=True)
class ReadinessItem:
    """One thing between the case and signing, and where it is fixed."""

    text: str
    blocking: bool  # True: the report cannot be signed until this is resolved
    target: Target | None = None
    field_id: str | None = None  # for Target.FIELD: e.g. "q1.svc1.guideline"


def readiness_items(
    case: Case, answered_question_keys: frozenset[str] = frozenset(), pages: PageCounts | None = None
) -> list[ReadinessItem]:
    """The checklist for a case; empty blocking items mean it may be signed."""
    items: list[ReadinessItem] = []
    questions = case.details.questions
    open_questions = [q for q in questions if q.key not in answered_question_keys]
    if open_questions:
        items.append(
            ReadinessItem(
                f"{len(open_questions)} of {len(questions)} referral questions not answered", True, Target.QUESTION
            )
        )
    locked = sum(1 for r in case.records if r.state is RecordState.LOCKED)
    unreadable = sum(1 for r in case.records if r.state is RecordState.UNREADABLE)
    needs_ocr = sum(1 for r in case.records if r.state is RecordState.NEEDS_OCR)
    if locked:
        items.append(
            ReadinessItem(
                f"{_records(locked)} locked by a password: enter the password, or note why not reviewed",
                True,
                Target.RECORDS,
            )
        )
    if unreadable:
        items.append(
            ReadinessItem(
                f"{_records(unreadable)} cannot be read: ask the vendor for a new copy", False, Target.RECORDS
            )
        )
    if needs_ocr:
        items.append(
            ReadinessItem(
                f"{_records(needs_ocr, 'scanned record')} not yet searchable (text recognition)", False, Target.RECORDS
            )
        )
    if pages is not None and pages.received and pages.reviewed < pages.received:
        items.append(
            ReadinessItem(
                f"{pages.received - pages.reviewed} of {pages.received} pages not yet reviewed", False, Target.RECORDS
            )
        )
    if case.warnings:
        count = len(case.warnings)
        items.append(
            ReadinessItem(f"{count} import warning{'s' if count != 1 else ''} to review", False, Target.WARNINGS)
        )
    return items


def _records(count: int, noun: str = "record") -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"
