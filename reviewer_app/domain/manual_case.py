"""A case entered by hand, for a bundle that came without a manifest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reviewer_app.domain.case import (
    CaseDetails,
    Claimant,
    LineOfBusiness,
    PersonName,
    QuestionTopic,
    ReferralQuestion,
    Service,
    Vendor,
)
from reviewer_app.domain.errors import InvalidInput


@dataclass(frozen=True)
class ManualCaseEntry:
    """What the physician types in for a bundle without case.json (the manifest's required keys)."""

    reference: str
    service: Service
    claimant_given: str
    claimant_family: str
    questions: tuple[str, ...]
    vendor: str = ""
    claim_number: str = ""
    line_of_business: LineOfBusiness | None = None
    jurisdiction: str = ""
    due_at: dt.datetime | None = None
    related_reference: str = ""


def details_from_entry(entry: ManualCaseEntry, received_at: dt.datetime) -> CaseDetails:
    """Turn the physician's entry into case details; raise naming every missing item."""
    problems: list[str] = []
    if not entry.reference.strip():
        problems.append("Reference: the vendor's referral id is required")
    if not entry.claimant_family.strip():
        problems.append("Claimant family name is required")
    if not entry.claimant_given.strip():
        problems.append("Claimant given name is required")
    questions = [q.strip() for q in entry.questions if q.strip()]
    if not questions:
        problems.append("Referral questions: enter at least one question, one per line")
    jurisdiction = entry.jurisdiction.strip().upper()
    if jurisdiction and not (2 <= len(jurisdiction) <= 6 and jurisdiction.replace("-", "").isalnum()):
        problems.append("Jurisdiction: a two-letter state such as CA")
    if problems:
        raise InvalidInput("The case details are not complete:", problems)
    return CaseDetails(
        reference=entry.reference.strip(),
        vendor=Vendor(name=entry.vendor.strip()),
        service=entry.service,
        claimant=Claimant(
            name=PersonName(entry.claimant_given.strip(), entry.claimant_family.strip()),
            claim_number=entry.claim_number.strip() or None,
        ),
        line_of_business=entry.line_of_business,
        jurisdiction=jurisdiction or None,
        received_at=received_at,
        due_at=entry.due_at,
        related_reference=entry.related_reference.strip() or None,
        questions=tuple(
            ReferralQuestion(key=f"q{index}", text=text, topic=QuestionTopic.OTHER)
            for index, text in enumerate(questions, start=1)
        ),
    )
