"""The case a vendor referred: claimant, referral questions, requested services and records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Service(StrEnum):
    """What the vendor asks the physician to do."""

    PEER_REVIEW = "peer_review"
    IME = "ime"
    ADDENDUM = "addendum"
    RECORDS_REVIEW = "records_review"

    @property
    def label(self) -> str:
        return _SERVICE_LABELS[self]


_SERVICE_LABELS = {
    Service.PEER_REVIEW: "Peer review",
    Service.IME: "IME",
    Service.ADDENDUM: "Addendum",
    Service.RECORDS_REVIEW: "Records review",
}


class LineOfBusiness(StrEnum):
    WORKERS_COMP = "workers_comp"
    AUTO = "auto"
    DISABILITY = "disability"
    GROUP_HEALTH = "group_health"
    LIABILITY = "liability"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _LOB_LABELS[self]


_LOB_LABELS = {
    LineOfBusiness.WORKERS_COMP: "Workers' comp",
    LineOfBusiness.AUTO: "Auto / no-fault",
    LineOfBusiness.DISABILITY: "Disability",
    LineOfBusiness.GROUP_HEALTH: "Group health",
    LineOfBusiness.LIABILITY: "Liability",
    LineOfBusiness.OTHER: "Other",
}


class QuestionTopic(StrEnum):
    """What a referral question asks; decides the answer block of the form."""

    NECESSITY = "necessity"
    CAUSATION = "causation"
    DOCUMENTATION = "documentation"
    BILLING = "billing"
    APPROPRIATENESS = "appropriateness"
    DIAGNOSIS = "diagnosis"
    MMI = "mmi"
    IMPAIRMENT = "impairment"
    WORK_STATUS = "work_status"
    FUTURE_CARE = "future_care"
    APPORTIONMENT = "apportionment"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The topic as the physician reads it ("Maximum medical improvement", never "Mmi")."""
        return _TOPIC_LABELS[self]


_TOPIC_LABELS = {
    QuestionTopic.NECESSITY: "Medical necessity",
    QuestionTopic.CAUSATION: "Causation",
    QuestionTopic.DOCUMENTATION: "Documentation",
    QuestionTopic.BILLING: "Billing",
    QuestionTopic.APPROPRIATENESS: "Appropriateness of care",
    QuestionTopic.DIAGNOSIS: "Diagnosis",
    QuestionTopic.MMI: "Maximum medical improvement",
    QuestionTopic.IMPAIRMENT: "Impairment",
    QuestionTopic.WORK_STATUS: "Work status",
    QuestionTopic.FUTURE_CARE: "Future medical care",
    QuestionTopic.APPORTIONMENT: "Apportionment",
    QuestionTopic.OTHER: "Other",
}


class CaseStatus(StrEnum):
    """Where the case stands in the physician's work."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    READY_TO_SIGN = "ready_to_sign"
    SIGNED = "signed"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class RecordState(StrEnum):
    """Whether a received record file can be read as a document."""

    READABLE = "readable"
    NEEDS_OCR = "needs_ocr"  # some pages are images with no text layer (scans, faxes)
    LOCKED = "locked"  # password-protected PDF
    UNREADABLE = "unreadable"  # stored as received, but cannot be opened
    REPAIRED = "repaired"  # a damaged PDF, read and shown from the copy qpdf reconstructed

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    RecordState.READABLE: "Readable",
    RecordState.NEEDS_OCR: "Scanned, needs OCR",
    RecordState.LOCKED: "Locked (password)",
    RecordState.UNREADABLE: "Unreadable",
    RecordState.REPAIRED: "Repaired (damaged file, shown from a repaired copy)",
}


class MediaType(StrEnum):
    PDF = "application/pdf"
    PNG = "image/png"
    JPEG = "image/jpeg"
    TIFF = "image/tiff"
    TEXT = "text/plain"
    UNKNOWN = "application/octet-stream"


@dataclass(frozen=True)
class PersonName:
    given: str
    family: str

    @property
    def display(self) -> str:
        """Name as a physician reads it in a list: "Lopez, Maria"."""
        if self.given:
            return f"{self.family}, {self.given}"
        return self.family


@dataclass(frozen=True)
class Claimant:
    name: PersonName
    date_of_birth: dt.date | None = None
    sex: str | None = None
    claim_number: str | None = None
    date_of_injury: dt.date | None = None
    employer: str | None = None
    occupation: str | None = None
    mechanism_of_injury: str | None = None


@dataclass(frozen=True)
class Vendor:
    name: str
    contact: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class RequestedService:
    """A treatment or service the referral asks the physician to review."""

    key: str  # the manifest's id, e.g. "svc1"
    description: str
    code: str | None = None
    code_system: str | None = None
    quantity: float | None = None
    unit: str | None = None
    requested_by: str | None = None
    requested_on: dt.date | None = None


@dataclass(frozen=True)
class ReferralQuestion:
    """A question from the referral, kept verbatim."""

    key: str  # the manifest's id, e.g. "q1"
    text: str
    topic: QuestionTopic
    service_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecordDocument:
    """One record file received with the case (a PDF, image or text file)."""

    path: str  # as named in the bundle, relative with forward slashes
    sha256: str
    title: str
    media_type: MediaType
    size: int
    page_count: int | None
    state: RecordState
    state_detail: str = ""  # why a record is unreadable or what needs doing
    kind: str | None = None
    provider: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    scanned_pages: int = 0
    version: int = 1  # the case version that brought this record in
    id: int | None = None
    viewable_sha256: str | None = None  # the PDF shown for it, when not the original file
    purged: bool = False  # `reviewer purge` removed its file and text; it stays listed in the report

    @property
    def viewable(self) -> str:
        """SHA-256 of the PDF the viewer opens and the text comes from."""
        return self.viewable_sha256 or self.sha256

    @property
    def dates_label(self) -> str:
        if self.date_from and self.date_to and self.date_from != self.date_to:
            return f"{self.date_from.isoformat()} to {self.date_to.isoformat()}"
        only = self.date_from or self.date_to
        return only.isoformat() if only else ""


@dataclass(frozen=True)
class CaseDetails:
    """What the referral says about the case; everything in it comes from the vendor."""

    reference: str
    vendor: Vendor
    service: Service
    claimant: Claimant
    form: str | None = None
    line_of_business: LineOfBusiness | None = None
    jurisdiction: str | None = None
    specialty_requested: str | None = None
    received_at: dt.datetime | None = None
    due_at: dt.datetime | None = None
    related_reference: str | None = None
    instructions: str | None = None
    exam: dict[str, Any] = field(default_factory=dict)
    claim: dict[str, Any] = field(default_factory=dict)
    parties: dict[str, Any] = field(default_factory=dict)
    billing: tuple[dict[str, Any], ...] = ()
    requested_services: tuple[RequestedService, ...] = ()
    questions: tuple[ReferralQuestion, ...] = ()

    @property
    def form_id(self) -> str:
        """The report form to use: the manifest's, else the service's default."""
        return self.form or DEFAULT_FORMS[self.service]


DEFAULT_FORMS = {
    Service.PEER_REVIEW: "peer_review",
    Service.IME: "ime",
    Service.ADDENDUM: "addendum",
    Service.RECORDS_REVIEW: "peer_review",
}


@dataclass(frozen=True)
class CaseWarning:
    """Something the physician should know about the case, kept from import onwards."""

    message: str
    created_at: dt.datetime | None = None


def record_state_warning(record: RecordDocument) -> str | None:
    """The warning a record's state calls for ("…: scanned, needs ocr: 3 of 5 pages …"), None when it reads fine."""
    if record.state is RecordState.READABLE or record.purged:
        return None
    return state_warning(record.path, record.state, record.state_detail)


def state_warning(path: str, state: RecordState, detail: str) -> str:
    """ "records/x.pdf: Scanned, needs OCR: 3 of 5 pages are scanned images…": one wording at import and after."""
    return f"{path}: {state.label}" + (f": {detail}" if detail else "")


def current_warnings(kept: Sequence[CaseWarning], records: Sequence[RecordDocument]) -> tuple[CaseWarning, ...]:
    """The case's warnings as things stand: a record's warning follows its state, not the state it had at import.

    Import keeps a warning per record that was not readable then; OCR, a password or a repair may have
    changed that since. Those kept warnings are replaced by the record's current one (keeping when it
    was first raised), and a record that now reads fine has none.
    """
    by_path = {record.path: record for record in records}
    first_raised: dict[str, dt.datetime | None] = {}
    others: list[CaseWarning] = []
    labels = tuple(label.casefold() for label in _STATE_LABELS.values())  # earlier versions lower-cased them
    for warning in kept:
        path = next(
            (
                p
                for p in by_path
                if warning.message.startswith(f"{p}: ") and warning.message[len(p) + 2 :].casefold().startswith(labels)
            ),
            None,
        )
        if path is not None:
            first_raised.setdefault(path, warning.created_at)
        else:
            others.append(warning)
    for record in records:
        message = record_state_warning(record)
        if message is not None:
            others.append(CaseWarning(message, first_raised.get(record.path)))
    return tuple(others)


@dataclass(frozen=True)
class Case:
    """A stored case: the referral's details plus what the application keeps about it."""

    id: int
    details: CaseDetails
    status: CaseStatus
    imported_at: dt.datetime
    version: int = 1
    records: tuple[RecordDocument, ...] = ()
    warnings: tuple[CaseWarning, ...] = ()

    @property
    def reference(self) -> str:
        return self.details.reference

    @property
    def page_count(self) -> int:
        return sum(r.page_count or 0 for r in self.records)


@dataclass(frozen=True)
class CaseSummary:
    """One line of the case list."""

    id: int
    reference: str
    vendor: str
    service: Service
    claimant: PersonName
    claim_number: str | None
    line_of_business: LineOfBusiness | None
    jurisdiction: str | None
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    status: CaseStatus
    related_reference: str | None = None
    record_count: int = 0
    warning_count: int = 0
