"""What still stands between a case and signing, as a checklist."""

from __future__ import annotations

from dataclasses import dataclass

from reviewer_app.domain.case import Case, RecordState
from reviewer_app.domain.review import PageCounts


@dataclass(frozen=True)
class ReadinessItem:
    text: str
    blocking: bool  # True: the report cannot be signed until this is resolved


def readiness_items(
    case: Case, answered_question_keys: frozenset[str] = frozenset(), pages: PageCounts | None = None
) -> list[ReadinessItem]:
    """The checklist for a case; empty blocking items mean it may be signed."""
    items: list[ReadinessItem] = []
    questions = case.details.questions
    open_questions = [q for q in questions if q.key not in answered_question_keys]
    if open_questions:
        items.append(ReadinessItem(f"{len(open_questions)} of {len(questions)} referral questions not answered", True))
    locked = sum(1 for r in case.records if r.state is RecordState.LOCKED)
    unreadable = sum(1 for r in case.records if r.state is RecordState.UNREADABLE)
    needs_ocr = sum(1 for r in case.records if r.state is RecordState.NEEDS_OCR)
    if locked:
        items.append(ReadinessItem(f"{locked} locked record(s): enter the password or note why not reviewed", True))
    if unreadable:
        items.append(ReadinessItem(f"{unreadable} unreadable record(s): ask the vendor for a new copy", False))
    if needs_ocr:
        items.append(ReadinessItem(f"{needs_ocr} scanned record(s) not yet searchable (OCR)", False))
    if pages is not None and pages.received and pages.reviewed < pages.received:
        items.append(
            ReadinessItem(f"{pages.received - pages.reviewed} of {pages.received} pages not yet reviewed", False)
        )
    if case.warnings:
        items.append(ReadinessItem(f"{len(case.warnings)} import warning(s) to review", False))
    return items
