"""Typed table models. Rows never leave this package: repositories turn them into domain objects."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from reviewer_app.storage.types import AwareDateTime

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class CaseRow(Base):
    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("vendor_name", "reference", name="uq_cases_vendor_reference"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(200), index=True)
    vendor_name: Mapped[str] = mapped_column(String(300), default="")
    vendor: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    service: Mapped[str] = mapped_column(String(40))
    form: Mapped[str | None] = mapped_column(String(100))
    line_of_business: Mapped[str | None] = mapped_column(String(40))
    jurisdiction: Mapped[str | None] = mapped_column(String(20))
    specialty_requested: Mapped[str | None] = mapped_column(String(200))
    received_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)
    due_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)
    related_reference: Mapped[str | None] = mapped_column(String(200))
    instructions: Mapped[str | None] = mapped_column(Text)
    exam: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    claim: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    parties: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    billing: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # case.json as received, unknown keys included (bundle-format.md: kept and ignored)
    manifest: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    claimant_given: Mapped[str] = mapped_column(String(200), default="")
    claimant_family: Mapped[str] = mapped_column(String(200), default="")
    claimant_date_of_birth: Mapped[dt.date | None] = mapped_column(Date)
    claimant_sex: Mapped[str | None] = mapped_column(String(40))
    claim_number: Mapped[str | None] = mapped_column(String(100))
    date_of_injury: Mapped[dt.date | None] = mapped_column(Date)
    employer: Mapped[str | None] = mapped_column(String(300))
    occupation: Mapped[str | None] = mapped_column(String(300))
    mechanism_of_injury: Mapped[str | None] = mapped_column(Text)

    status: Mapped[str] = mapped_column(String(40))
    imported_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    requested_services: Mapped[list[RequestedServiceRow]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="RequestedServiceRow.position"
    )
    questions: Mapped[list[QuestionRow]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="QuestionRow.position"
    )
    records: Mapped[list[RecordRow]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="RecordRow.position"
    )
    warnings: Mapped[list[CaseWarningRow]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseWarningRow.id"
    )


class RequestedServiceRow(Base):
    __tablename__ = "requested_services"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text)
    code: Mapped[str | None] = mapped_column(String(40))
    code_system: Mapped[str | None] = mapped_column(String(40))
    quantity: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(100))
    requested_by: Mapped[str | None] = mapped_column(String(300))
    requested_on: Mapped[dt.date | None] = mapped_column(Date)

    case: Mapped[CaseRow] = relationship(back_populates="requested_services")


class QuestionRow(Base):
    __tablename__ = "referral_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    topic: Mapped[str] = mapped_column(String(40))
    service_keys: Mapped[list[str]] = mapped_column(JSON, default=list)

    case: Mapped[CaseRow] = relationship(back_populates="questions")


class StoredFileRow(Base):
    """A file in the content-addressed record store, shared by every record with its digest."""

    __tablename__ = "stored_files"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(100))
    page_count: Mapped[int | None] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(40))
    state_detail: Mapped[str] = mapped_column(Text, default="")
    scanned_pages: Mapped[int] = mapped_column(Integer, default=0)
    # The PDF the viewer shows and the text comes from, when it is not the original: an image or
    # text file rendered as PDF, a decrypted copy, or the copy with OCR'd text laid over its scans.
    viewable_sha256: Mapped[str | None] = mapped_column(String(64))


class FilePageRow(Base):
    """One page of a stored file: its text (from the PDF or from OCR) and its fingerprints."""

    __tablename__ = "file_pages"
    __table_args__ = (UniqueConstraint("sha256", "page_index", name="uq_file_pages_sha256_page"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("stored_files.sha256", ondelete="CASCADE"), index=True)
    page_index: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    text_source: Mapped[str] = mapped_column(String(10))  # "pdf", "ocr" or "none"
    image_hash: Mapped[str | None] = mapped_column(String(16))
    ocr_state: Mapped[str] = mapped_column(String(12), default="not_needed", index=True)
    ocr_error: Mapped[str] = mapped_column(Text, default="")
    ocr_pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    # records.fingerprints.text_fingerprint of the text, computed where the text is read; None
    # for a page stored before fingerprints were (filled in when duplicates are next counted).
    text_fingerprint: Mapped[bytes | None] = mapped_column(LargeBinary)


class PageReviewRow(Base):
    """How long the physician had a page on screen: the proof of personal review."""

    __tablename__ = "page_reviews"
    __table_args__ = (UniqueConstraint("record_id", "page_index", name="uq_page_reviews_record_page"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"))
    page_index: Mapped[int] = mapped_column(Integer)
    reviewed_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)


class CitationRow(Base):
    """A record page cited into a finding or kept as a key page, with the words quoted."""

    __tablename__ = "citations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"))
    page_index: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(20))
    question_key: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)


class HighlightRow(Base):
    """Words the physician highlighted on a record page, with a note (``domain.highlights``)."""

    __tablename__ = "highlights"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"))
    page_index: Mapped[int] = mapped_column(Integer)
    boxes: Mapped[list[list[float]]] = mapped_column(JSON)  # [[left, top, width, height], ...] in PDF points
    colour: Mapped[str] = mapped_column(String(20))
    quote: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)


class BookmarkRow(Base):
    """A page of a record the physician bookmarked, under their own title."""

    __tablename__ = "bookmarks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"))
    page_index: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)


class ChronologyCorrectionRow(Base):
    """The physician's correction of the chronology over a span of a record's pages (``domain.chronology``)."""

    __tablename__ = "chronology_corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"))
    first_page: Mapped[int] = mapped_column(Integer)  # 1-based, inclusive
    last_page: Mapped[int] = mapped_column(Integer)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)  # only the values the physician gave; dates ISO
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)


class ConflictAcknowledgementRow(Base):
    """The physician's word on a conflict of interest found in a case: why the review may go ahead."""

    __tablename__ = "conflict_acknowledgements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    conflict: Mapped[str] = mapped_column(Text)  # the profile's entry, as written
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)


class ChronologyDocumentsRow(Base):
    """A file's documents as the chronology's rules found them in its text, kept to be assembled again.

    ``key`` is a digest of everything they were found from (the rules' version, the file's page
    text, the patient's known dates of birth): any other key means they are found again.
    """

    __tablename__ = "chronology_documents"

    sha256: Mapped[str] = mapped_column(ForeignKey("stored_files.sha256", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    documents: Mapped[list[Any]] = mapped_column(JSON)


class FindingAnswerRow(Base):
    """One answer of the physician's findings, with the form (id@version) it was given under."""

    __tablename__ = "finding_answers"
    __table_args__ = (UniqueConstraint("case_id", "field_id", name="uq_finding_answers_case_field"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    field_id: Mapped[str] = mapped_column(String(300))
    value: Mapped[Any] = mapped_column(JSON)
    form_key: Mapped[str] = mapped_column(String(120))
    updated_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)


class AuditEventRow(Base):
    """One event of a case's hash-chained audit trail (domain/audit.py); rows are only ever added.

    On SQLite, triggers (migration 0004) refuse UPDATE, and DELETE while the case exists.
    """

    __tablename__ = "audit_events"
    __table_args__ = (UniqueConstraint("case_id", "sequence", name="uq_audit_events_case_sequence"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(AwareDateTime)
    kind: Mapped[str] = mapped_column(String(40))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class RecordRow(Base):
    __tablename__ = "records"
    # An amended file may arrive under the same path in a later version; both are kept.
    __table_args__ = (UniqueConstraint("case_id", "path", "version", name="uq_records_case_path_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(String(1000))
    sha256: Mapped[str] = mapped_column(ForeignKey("stored_files.sha256"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str | None] = mapped_column(String(100))
    provider: Mapped[str | None] = mapped_column(String(300))
    date_from: Mapped[dt.date | None] = mapped_column(Date)
    date_to: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    purged: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    case: Mapped[CaseRow] = relationship(back_populates="records")
    stored_file: Mapped[StoredFileRow] = relationship(lazy="joined")


class CaseWarningRow(Base):
    __tablename__ = "case_warnings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)

    case: Mapped[CaseRow] = relationship(back_populates="warnings")


class ProfileRow(Base):
    """The physician's profile: one row, the JSON object of cli-and-hooks.md."""

    __tablename__ = "physician_profile"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)


class SignedReportRow(Base):
    """A report the physician signed, kept with the findings as they were signed."""

    __tablename__ = "signed_reports"
    __table_args__ = (UniqueConstraint("case_id", "number", name="uq_signed_reports_case_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1 the report, 2 and on its addenda
    sha256: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)
    signer: Mapped[str] = mapped_column(String(300))
    case_version: Mapped[int] = mapped_column(Integer)
    form_key: Mapped[str] = mapped_column(String(120))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The case history as it stood when the report was signed (printed in the report too).
    history_events: Mapped[int | None] = mapped_column(Integer)
    history_head: Mapped[str | None] = mapped_column(String(64))
