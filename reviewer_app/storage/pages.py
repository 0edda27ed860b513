"""Record pages, review marks and citations: repositories returning plain values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import case, delete, func, insert, select, update
from sqlalchemy.orm import Session

from reviewer_app.domain.case import RecordState
from reviewer_app.domain.review import Citation
from reviewer_app.storage.models import CitationRow, FilePageRow, PageReviewRow, RecordRow, StoredFileRow

OCR_NOT_NEEDED, OCR_PENDING, OCR_DONE, OCR_FAILED = "not_needed", "pending", "done", "failed"


@dataclass(frozen=True)
class NewPage:
    page_index: int
    text: str
    text_source: str  # "pdf" or "none" (no text layer yet)
    ocr_state: str
    text_fingerprint: bytes | None = None  # records.fingerprints.text_fingerprint of the text


@dataclass(frozen=True)
class PageFingerprint:
    """What duplicate detection needs of one page of a case."""

    record_id: int
    page_index: int
    text_fingerprint: bytes | None  # None for a page stored before fingerprints were
    image_hash: str | None
    page_id: int  # the stored page, to fill its fingerprint in
    text: str | None = None  # only for a page without a fingerprint: to compute it from


@dataclass(frozen=True)
class OcrTask:
    sha256: str  # the stored file
    viewable_sha256: str  # the PDF whose page is rendered
    page_index: int


class PageRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def has_pages(self, sha256: str) -> bool:
        return bool(self.session.scalar(select(func.count(FilePageRow.id)).where(FilePageRow.sha256 == sha256)))

    def add_pages(self, sha256: str, pages: Iterable[NewPage]) -> None:
        rows = [
            {
                "sha256": sha256,
                "page_index": p.page_index,
                "text": p.text,
                "text_source": p.text_source,
                "ocr_state": p.ocr_state,
                "ocr_error": "",
                "text_fingerprint": p.text_fingerprint,
            }
            for p in pages
        ]
        if rows:
            # One executemany, not an ORM object per page: thousands of pages arrive at once.
            self.session.execute(insert(FilePageRow), rows)

    def replace_pages(self, sha256: str, pages: Sequence[NewPage]) -> None:
        self.session.execute(delete(FilePageRow).where(FilePageRow.sha256 == sha256))
        self.add_pages(sha256, pages)

    def update_file(
        self,
        sha256: str,
        *,
        viewable_sha256: str | None,
        state: RecordState,
        detail: str,
        page_count: int | None,
        scanned_pages: int,
    ) -> None:
        self.session.execute(
            update(StoredFileRow)
            .where(StoredFileRow.sha256 == sha256)
            .values(
                viewable_sha256=viewable_sha256,
                state=state.value,
                state_detail=detail,
                page_count=page_count,
                scanned_pages=scanned_pages,
            )
        )

    # -- OCR --

    def pending_ocr(self, case_id: int | None = None) -> list[OcrTask]:
        statement = (
            select(FilePageRow.sha256, StoredFileRow.viewable_sha256, FilePageRow.page_index)
            .join(StoredFileRow, StoredFileRow.sha256 == FilePageRow.sha256)
            .where(FilePageRow.ocr_state == OCR_PENDING)
            .order_by(FilePageRow.sha256, FilePageRow.page_index)
        )
        if case_id is not None:
            statement = statement.where(
                FilePageRow.sha256.in_(select(RecordRow.sha256).where(RecordRow.case_id == case_id))
            )
        return [OcrTask(sha, viewable or sha, index) for sha, viewable, index in self.session.execute(statement)]

    def set_ocr_result(
        self,
        sha256: str,
        page_index: int,
        *,
        text: str,
        text_fingerprint: bytes,
        image_hash: str,
        ocr_pdf_sha256: str,
    ) -> None:
        self.session.execute(
            update(FilePageRow)
            .where(FilePageRow.sha256 == sha256, FilePageRow.page_index == page_index)
            .values(
                text=text,
                text_fingerprint=text_fingerprint,
                text_source="ocr",
                image_hash=image_hash,
                ocr_state=OCR_DONE,
                ocr_error="",
                ocr_pdf_sha256=ocr_pdf_sha256,
            )
        )

    def set_ocr_failed(self, sha256: str, page_index: int, error: str) -> None:
        self.session.execute(
            update(FilePageRow)
            .where(FilePageRow.sha256 == sha256, FilePageRow.page_index == page_index)
            .values(ocr_state=OCR_FAILED, ocr_error=error)
        )

    def ocr_pages(self, sha256: str) -> tuple[dict[int, str], int]:
        """The OCR'd pages' PDFs (page index -> stored SHA-256) and how many pages still wait."""
        rows = self.session.execute(
            select(FilePageRow.page_index, FilePageRow.ocr_state, FilePageRow.ocr_pdf_sha256).where(
                FilePageRow.sha256 == sha256
            )
        )
        done: dict[int, str] = {}
        waiting = 0
        for index, state, pdf_sha in rows:
            if state == OCR_DONE and pdf_sha:
                done[index] = pdf_sha
            elif state == OCR_PENDING:
                waiting += 1
        return done, waiting

    # -- per case --

    def fingerprints(self, case_id: int) -> list[PageFingerprint]:
        """The case's pages in reading order; the text only of pages without a fingerprint."""
        statement = (
            select(
                RecordRow.id,
                FilePageRow.page_index,
                FilePageRow.text_fingerprint,
                FilePageRow.image_hash,
                FilePageRow.id,
                case((FilePageRow.text_fingerprint.is_(None), FilePageRow.text), else_=None),
            )
            .join(FilePageRow, FilePageRow.sha256 == RecordRow.sha256)
            .where(RecordRow.case_id == case_id)
            .order_by(RecordRow.position, FilePageRow.page_index)
        )
        return [PageFingerprint(*row) for row in self.session.execute(statement)]

    def page_texts(self, page_ids: Iterable[int]) -> dict[int, str]:
        """The text of stored pages, by page id."""
        ids = list(page_ids)
        texts: dict[int, str] = {}
        for start in range(0, len(ids), 500):  # SQLite's bound on a statement's parameters
            statement = select(FilePageRow.id, FilePageRow.text).where(FilePageRow.id.in_(ids[start : start + 500]))
            texts.update((page_id, text) for page_id, text in self.session.execute(statement))
        return texts

    def set_text_fingerprints(self, fingerprints: dict[int, bytes]) -> None:
        """Store fingerprints computed for pages stored without one (by page id)."""
        if fingerprints:
            self.session.execute(
                update(FilePageRow),
                [{"id": page_id, "text_fingerprint": value} for page_id, value in fingerprints.items()],
            )


class ReviewRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def mark_reviewed(self, case_id: int, record_id: int, page_index: int, when: dt.datetime) -> bool:
        """Record that a page was reviewed; False when it already was (the first time counts)."""
        exists = self.session.scalar(
            select(PageReviewRow.id).where(PageReviewRow.record_id == record_id, PageReviewRow.page_index == page_index)
        )
        if exists is not None:
            return False
        self.session.add(PageReviewRow(case_id=case_id, record_id=record_id, page_index=page_index, reviewed_at=when))
        self.session.flush()
        return True

    def mark_many(self, case_id: int, record_id: int, page_indexes: Iterable[int], when: dt.datetime) -> list[int]:
        """Mark pages reviewed; returns the page indexes that were not reviewed before (in order)."""
        wanted = sorted(set(page_indexes))
        already = set(
            self.session.scalars(select(PageReviewRow.page_index).where(PageReviewRow.record_id == record_id))
        )
        new = [index for index in wanted if index not in already]
        self.session.add_all(
            PageReviewRow(case_id=case_id, record_id=record_id, page_index=index, reviewed_at=when) for index in new
        )
        self.session.flush()
        return new

    def reviewed_by_record(self, case_id: int) -> dict[int, set[int]]:
        reviewed: dict[int, set[int]] = {}
        statement = select(PageReviewRow.record_id, PageReviewRow.page_index).where(PageReviewRow.case_id == case_id)
        for record_id, page_index in self.session.execute(statement):
            reviewed.setdefault(record_id, set()).add(page_index)
        return reviewed


class CitationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self,
        case_id: int,
        record_id: int,
        page_index: int,
        quote: str,
        note: str,
        kind: str,
        question_key: str | None,
        when: dt.datetime,
    ) -> int:
        row = CitationRow(
            case_id=case_id,
            record_id=record_id,
            page_index=page_index,
            quote=quote,
            note=note,
            kind=kind,
            question_key=question_key,
            created_at=when,
        )
        self.session.add(row)
        self.session.flush()
        return row.id

    def for_case(self, case_id: int) -> list[Citation]:
        rows = self.session.scalars(
            select(CitationRow).where(CitationRow.case_id == case_id).order_by(CitationRow.created_at, CitationRow.id)
        )
        return [
            Citation(
                id=r.id,
                case_id=r.case_id,
                record_id=r.record_id,
                page_index=r.page_index,
                quote=r.quote,
                note=r.note,
                kind=r.kind,
                question_key=r.question_key,
            )
            for r in rows
        ]

    def remove(self, case_id: int, citation_id: int) -> bool:
        result = self.session.execute(
            delete(CitationRow).where(CitationRow.case_id == case_id, CitationRow.id == citation_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
