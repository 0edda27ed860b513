"""The physician marks pages reviewed on purpose: the page on screen, a range, or a whole document.

Reading time marks pages as the physician reads (``services.review.mark_page_reviewed``); a
physician who has read a record on paper, or skimmed a 900-page chart of nursing flowsheets, says
so here instead. Each marking is an event in the case's history at once (the pages and when),
never folded silently into the next "pages reviewed" stretch.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewer_app.domain.case import Case, RecordDocument
from reviewer_app.domain.errors import InvalidInput, NotFound
from reviewer_app.domain.signed_report import CaseLocked, locked_message
from reviewer_app.services.audit import log_pages_reviewed
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.storage.audit import AuditRepository
from reviewer_app.storage.database import WriteSession
from reviewer_app.storage.pages import ReviewRepository
from reviewer_app.storage.signed_reports import SignedReportRepository


@dataclass(frozen=True)
class PagesMarked:
    """What a marking changed: the pages newly reviewed, and where the record and the case now stand."""

    record: RecordDocument
    newly_reviewed: tuple[int, ...]  # 1-based page numbers that were not reviewed before
    record_reviewed: int
    case_reviewed: int
    case_pages: int


def find_record(case: Case, name: str) -> RecordDocument:
    """The record the physician named by its path in the bundle or its id."""
    for record in case.records:
        if record.path == name or (name.isascii() and name.isdigit() and record.id == int(name)):
            return record
    raise NotFound(f"Case {case.reference} has no record {name!r}; `reviewer show {case.reference}` lists them.")


def mark_pages_reviewed(
    folder: DataFolder, case: Case, record: RecordDocument, pages: tuple[int, int] | None = None
) -> PagesMarked:
    """Mark pages ``first``-``last`` (1-based, inclusive) of ``record`` reviewed, or all of it without ``pages``."""
    if record.id is None or record.page_count is None or record.page_count == 0:
        raise InvalidInput(f"{record.path} has no pages to review ({record.state.label.lower()}).")
    if record.purged:
        raise InvalidInput(f"{record.path} was purged after signing; its pages can no longer be reviewed.")
    first, last = pages if pages is not None else (1, record.page_count)
    if not 1 <= first <= last <= record.page_count:
        raise InvalidInput(
            f"Pages {first}-{last} are not in {record.path}, which has {record.page_count} "
            f"page{'s' if record.page_count != 1 else ''}."
        )
    record_id = record.id
    now = folder.clock()

    def mark(session: WriteSession) -> tuple[list[int], dict[int, set[int]]]:
        reports = SignedReportRepository(session)
        locked = reports.locking_report(case.id)
        if locked is not None:
            raise CaseLocked(locked_message(*locked))
        reviews = ReviewRepository(session)
        new = reviews.mark_many(case.id, record_id, range(first - 1, last), now)
        if new:
            log_pages_reviewed(AuditRepository(session), case.id, now)
        return new, reviews.reviewed_by_record(case.id)

    new, reviewed = folder.database.write(mark)
    return PagesMarked(
        record=record,
        newly_reviewed=tuple(index + 1 for index in new),
        record_reviewed=len(reviewed.get(record_id, set())),
        case_reviewed=sum(len(pages) for pages in reviewed.values()),
        case_pages=case.page_count,
    )


def pages_reviewed_by_record(folder: DataFolder, case: Case) -> dict[int, int]:
    """How many pages of each record the physician has reviewed (records never opened are absent)."""
    with folder.database.transaction() as session:
        reviewed = ReviewRepository(session).reviewed_by_record(case.id)
    return {record_id: len(pages) for record_id, pages in reviewed.items()}
