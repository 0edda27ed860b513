"""One case's unit of work: its form, answers, profile and lock read together, once.

``check``, ``findings template``, the question list and the report all need the same few things;
each used to load the forms and open its own transactions for them. A ``CaseSnapshot`` is taken
in one short transaction and the use cases read from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reviewer_app.domain.case import Case
from reviewer_app.domain.forms import AnswerField, FormDefinition, Overlay, answer_fields
from reviewer_app.domain.profile import PhysicianProfile
from reviewer_app.domain.review import PageCounts
from reviewer_app.domain.signed_report import CaseLocked, SignedReport, locked_message
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.forms import forms_of_data_folder
from reviewer_app.storage.conflicts import ConflictAcknowledgementRepository
from reviewer_app.storage.findings import FindingRepository
from reviewer_app.storage.pages import ReviewRepository
from reviewer_app.storage.repositories import ProfileRepository
from reviewer_app.storage.signed_reports import SignedReportRepository


@dataclass(frozen=True)
class FindingsTemplate:
    """The fields the case's form asks for, in order, with the form they come from."""

    form: FormDefinition
    overlays: tuple[Overlay, ...]
    fields: tuple[AnswerField, ...]

    def field(self, field_id: str) -> AnswerField | None:
        return next((f for f in self.fields if f.id == field_id), None)


def findings_template(folder: DataFolder, case: Case) -> FindingsTemplate:
    """The case's form and overlays as answer fields (forms are parsed once per data folder)."""
    library = forms_of_data_folder(folder.path)
    form = library.form_for(case.details)
    overlays = tuple(library.overlays_for(case.details))
    return FindingsTemplate(form, overlays, tuple(answer_fields(form, case.details, overlays)))


@dataclass(frozen=True)
class CaseSnapshot:
    """A case as one transaction saw it: answers, profile, pages reviewed and the signed report locking it."""

    case: Case
    template: FindingsTemplate
    answers: dict[str, Any]
    profile: PhysicianProfile
    reviewed: dict[int, set[int]]
    locked_by: tuple[str, SignedReport] | None
    acknowledged_conflicts: frozenset[str] = frozenset()  # conflicts of interest the physician gave a reason for

    @property
    def page_counts(self) -> PageCounts:
        """Pages received and reviewed (duplicates are not counted here: that takes seconds)."""
        records = [r for r in self.case.records if r.id is not None]
        return PageCounts(
            received=sum(r.page_count or 0 for r in records),
            duplicates=0,
            reviewed=sum(len(self.reviewed.get(r.id, set())) for r in records if r.id is not None),
        )

    def refuse_if_locked(self) -> None:
        """Raise CaseLocked when the findings were signed and no new records have arrived since."""
        if self.locked_by is not None:
            reference, report = self.locked_by
            raise CaseLocked(locked_message(reference, report))


def take_snapshot(folder: DataFolder, case: Case) -> CaseSnapshot:
    """Read what the findings use cases need about the case, in one transaction."""
    template = findings_template(folder, case)  # before the transaction: a bad form file holds no lock
    with folder.database.transaction() as session:
        answers = FindingRepository(session).answers(case.id)
        profile = ProfileRepository(session).get()
        reviewed = ReviewRepository(session).reviewed_by_record(case.id)
        locked_by = SignedReportRepository(session).locking_report(case.id)
        acknowledged = frozenset(ConflictAcknowledgementRepository(session).for_case(case.id))
    return CaseSnapshot(case, template, answers, profile, reviewed, locked_by, acknowledged)
