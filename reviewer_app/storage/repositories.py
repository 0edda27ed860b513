"""Repositories: take and return domain objects; rows never leave this module."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from reviewer_app.domain.case import (
    Case,
    CaseDetails,
    CaseStatus,
    CaseSummary,
    CaseWarning,
    Claimant,
    LineOfBusiness,
    MediaType,
    PersonName,
    QuestionTopic,
    RecordDocument,
    RecordState,
    ReferralQuestion,
    RequestedService,
    Service,
    Vendor,
    current_warnings,
)
from reviewer_app.domain.profile import PhysicianProfile, profile_from_json
from reviewer_app.storage.models import (
    CaseRow,
    CaseWarningRow,
    ProfileRow,
    QuestionRow,
    RecordRow,
    RequestedServiceRow,
    StoredFileRow,
)


@dataclass(frozen=True)
class StoredFile:
    """What the store knows of a file's bytes, shared by every record with that digest."""

    sha256: str
    size: int
    media_type: MediaType
    page_count: int | None
    state: RecordState
    state_detail: str = ""
    scanned_pages: int = 0
    viewable_sha256: str | None = None


@dataclass(frozen=True)
class NewRecord:
    """A record to attach to a case: where it sat in the bundle and what the vendor said of it."""

    path: str
    sha256: str
    title: str
    kind: str | None = None
    provider: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


class CaseRepository:
    """Cases and their parts, within one session (one unit of work)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- reading --

    def summaries(self) -> list[CaseSummary]:
        record_counts = (
            select(RecordRow.case_id, func.count(RecordRow.id).label("n")).group_by(RecordRow.case_id).subquery()
        )
        warning_counts = (
            select(CaseWarningRow.case_id, func.count(CaseWarningRow.id).label("n"))
            .group_by(CaseWarningRow.case_id)
            .subquery()
        )
        statement = (
            select(CaseRow, record_counts.c.n, warning_counts.c.n)
            .outerjoin(record_counts, record_counts.c.case_id == CaseRow.id)
            .outerjoin(warning_counts, warning_counts.c.case_id == CaseRow.id)
            .order_by(CaseRow.id)
        )
        return [
            CaseSummary(
                id=row.id,
                reference=row.reference,
                vendor=row.vendor_name,
                service=Service(row.service),
                claimant=PersonName(row.claimant_given, row.claimant_family),
                claim_number=row.claim_number,
                line_of_business=LineOfBusiness(row.line_of_business) if row.line_of_business else None,
                jurisdiction=row.jurisdiction,
                received_at=row.received_at,
                due_at=row.due_at,
                status=CaseStatus(row.status),
                related_reference=row.related_reference,
                record_count=records or 0,
                warning_count=warnings or 0,
            )
            for row, records, warnings in self.session.execute(statement)
        ]

    def get(self, case_id: int) -> Case | None:
        row = self.session.get(
            CaseRow,
            case_id,
            options=[
                selectinload(CaseRow.records),
                selectinload(CaseRow.questions),
                selectinload(CaseRow.requested_services),
                selectinload(CaseRow.warnings),
            ],
        )
        return _to_case(row) if row is not None else None

    def find_ids(self, reference: str) -> list[int]:
        """Ids of the cases with this reference (a reference is unique per vendor, not overall)."""
        statement = select(CaseRow.id).where(CaseRow.reference == reference).order_by(CaseRow.id)
        return list(self.session.scalars(statement))

    def find(self, vendor_name: str, reference: str) -> int | None:
        statement = select(CaseRow.id).where(CaseRow.vendor_name == vendor_name, CaseRow.reference == reference)
        return self.session.scalar(statement)

    def stored_file(self, sha256: str) -> StoredFile | None:
        row = self.session.get(StoredFileRow, sha256)
        return _to_stored_file(row) if row is not None else None

    def add_stored_file(self, stored: StoredFile) -> None:
        if self.session.get(StoredFileRow, stored.sha256) is None:
            self.session.add(
                StoredFileRow(
                    sha256=stored.sha256,
                    size=stored.size,
                    media_type=stored.media_type.value,
                    page_count=stored.page_count,
                    state=stored.state.value,
                    state_detail=stored.state_detail,
                    scanned_pages=stored.scanned_pages,
                    viewable_sha256=stored.viewable_sha256,
                )
            )
            self.session.flush()

    def add_case(self, details: CaseDetails, imported_at: dt.datetime, manifest: dict[str, Any] | None = None) -> int:
        claimant = details.claimant
        row = CaseRow(
            reference=details.reference,
            vendor_name=details.vendor.name,
            vendor={"name": details.vendor.name, "contact": details.vendor.contact, "phone": details.vendor.phone},
            service=details.service.value,
            form=details.form,
            line_of_business=details.line_of_business.value if details.line_of_business else None,
            jurisdiction=details.jurisdiction,
            specialty_requested=details.specialty_requested,
            received_at=details.received_at,
            due_at=details.due_at,
            related_reference=details.related_reference,
            instructions=details.instructions,
            exam=details.exam,
            claim=details.claim,
            parties=details.parties,
            billing=list(details.billing),
            manifest=manifest or {},
            claimant_given=claimant.name.given,
            claimant_family=claimant.name.family,
            claimant_date_of_birth=claimant.date_of_birth,
            claimant_sex=claimant.sex,
            claim_number=claimant.claim_number,
            date_of_injury=claimant.date_of_injury,
            employer=claimant.employer,
            occupation=claimant.occupation,
            mechanism_of_injury=claimant.mechanism_of_injury,
            status=CaseStatus.NEW.value,
            imported_at=imported_at,
            version=1,
        )
        row.requested_services = [
            RequestedServiceRow(
                position=index,
                key=s.key,
                description=s.description,
                code=s.code,
                code_system=s.code_system,
                quantity=s.quantity,
                unit=s.unit,
                requested_by=s.requested_by,
                requested_on=s.requested_on,
            )
            for index, s in enumerate(details.requested_services)
        ]
        row.questions = [
            QuestionRow(position=index, key=q.key, text=q.text, topic=q.topic.value, service_keys=list(q.service_keys))
            for index, q in enumerate(details.questions)
        ]
        self.session.add(row)
        self.session.flush()
        return row.id

    def start_new_version(self, case_id: int) -> int:
        """Open the next version of a case (new records arriving); returns its number."""
        row = self.session.get(CaseRow, case_id)
        assert row is not None
        row.version += 1
        if row.status in (CaseStatus.SIGNED.value, CaseStatus.RETURNED.value):
            # New records for a signed case open an addendum: the findings may change again.
            row.status = CaseStatus.IN_PROGRESS.value
        self.session.flush()
        return row.version

    def add_records(self, case_id: int, records: Iterable[NewRecord], version: int) -> None:
        start = self.session.scalar(select(func.count(RecordRow.id)).where(RecordRow.case_id == case_id)) or 0
        for offset, record in enumerate(records):
            self.session.add(
                RecordRow(
                    case_id=case_id,
                    position=start + offset,
                    path=record.path,
                    sha256=record.sha256,
                    title=record.title,
                    kind=record.kind,
                    provider=record.provider,
                    date_from=record.date_from,
                    date_to=record.date_to,
                    version=version,
                )
            )
        self.session.flush()

    def record(self, case_id: int, record_id: int) -> RecordDocument | None:
        row = self.session.get(RecordRow, record_id)
        if row is None or row.case_id != case_id:
            return None
        return _to_record(row)

    def record_files(self, case_id: int) -> set[tuple[str, str]]:
        """The (path, SHA-256) pairs the case holds already."""
        rows = self.session.execute(select(RecordRow.path, RecordRow.sha256).where(RecordRow.case_id == case_id))
        return {(path, sha256) for path, sha256 in rows}

    def set_status(self, case_id: int, status: CaseStatus) -> None:
        self.session.execute(update(CaseRow).where(CaseRow.id == case_id).values(status=status.value))

    def add_warnings(self, case_id: int, messages: Sequence[str], when: dt.datetime) -> None:
        for message in messages:
            self.session.add(CaseWarningRow(case_id=case_id, message=message, created_at=when))
        self.session.flush()


class ProfileRepository:
    """The physician's profile (a single row)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self) -> PhysicianProfile:
        row = self.session.get(ProfileRow, 1)
        if row is None:
            return PhysicianProfile()
        return profile_from_json(row.document)

    def save(self, profile: PhysicianProfile, when: dt.datetime) -> None:
        row = self.session.get(ProfileRow, 1)
        if row is None:
            self.session.add(ProfileRow(id=1, document=profile.to_json(), updated_at=when))
        else:
            row.document = profile.to_json()
            row.updated_at = when
        self.session.flush()


def _to_stored_file(row: StoredFileRow) -> StoredFile:
    return StoredFile(
        sha256=row.sha256,
        size=row.size,
        media_type=MediaType(row.media_type),
        page_count=row.page_count,
        state=RecordState(row.state),
        state_detail=row.state_detail,
        scanned_pages=row.scanned_pages,
        viewable_sha256=row.viewable_sha256,
    )


def _to_record(row: RecordRow) -> RecordDocument:
    stored = row.stored_file
    return RecordDocument(
        id=row.id,
        path=row.path,
        sha256=row.sha256,
        title=row.title,
        media_type=MediaType(stored.media_type),
        size=stored.size,
        page_count=stored.page_count,
        state=RecordState(stored.state),
        state_detail=stored.state_detail,
        kind=row.kind,
        provider=row.provider,
        date_from=row.date_from,
        date_to=row.date_to,
        scanned_pages=stored.scanned_pages,
        version=row.version,
        viewable_sha256=stored.viewable_sha256,
        purged=row.purged,
    )


def _to_case(row: CaseRow) -> Case:
    vendor = row.vendor or {}
    details = CaseDetails(
        reference=row.reference,
        vendor=Vendor(name=row.vendor_name, contact=vendor.get("contact"), phone=vendor.get("phone")),
        service=Service(row.service),
        claimant=Claimant(
            name=PersonName(row.claimant_given, row.claimant_family),
            date_of_birth=row.claimant_date_of_birth,
            sex=row.claimant_sex,
            claim_number=row.claim_number,
            date_of_injury=row.date_of_injury,
            employer=row.employer,
            occupation=row.occupation,
            mechanism_of_injury=row.mechanism_of_injury,
        ),
        form=row.form,
        line_of_business=LineOfBusiness(row.line_of_business) if row.line_of_business else None,
        jurisdiction=row.jurisdiction,
        specialty_requested=row.specialty_requested,
        received_at=row.received_at,
        due_at=row.due_at,
        related_reference=row.related_reference,
        instructions=row.instructions,
        exam=dict(row.exam or {}),
        claim=dict(row.claim or {}),
        parties=dict(row.parties or {}),
        billing=tuple(row.billing or ()),
        requested_services=tuple(
            RequestedService(
                key=s.key,
                description=s.description,
                code=s.code,
                code_system=s.code_system,
                quantity=s.quantity,
                unit=s.unit,
                requested_by=s.requested_by,
                requested_on=s.requested_on,
            )
            for s in row.requested_services
        ),
        questions=tuple(
            ReferralQuestion(key=q.key, text=q.text, topic=QuestionTopic(q.topic), service_keys=tuple(q.service_keys))
            for q in row.questions
        ),
    )
    records = tuple(_to_record(r) for r in row.records)
    return Case(
        id=row.id,
        details=details,
        status=CaseStatus(row.status),
        imported_at=row.imported_at,
        version=row.version,
        records=records,
        warnings=current_warnings(
            [CaseWarning(message=w.message, created_at=w.created_at) for w in row.warnings], records
        ),
    )
