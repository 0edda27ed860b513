"""Personal review: which pages the physician has read, and the page counts they attest."""

from __future__ import annotations

from dataclasses import dataclass

from reviewer_app.domain.review import PageCounts, PageKey, RecordProgress
from reviewer_app.records.fingerprints import near_duplicate_groups
from reviewer_app.records.rasterize import hamming
from reviewer_app.services.audit import log_pages_reviewed_if_due
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.storage.audit import AuditRepository
from reviewer_app.storage.pages import PageFingerprint, PageRepository, ReviewRepository
from reviewer_app.storage.repositories import CaseRepository

_IMAGE_NEAR = 6  # of 64 bits: the same scan faxed twice differs by a few bits of noise


@dataclass(frozen=True)
class ReviewState:
    counts: PageCounts
    by_record: dict[int, RecordProgress]
    reviewed: dict[int, frozenset[int]]


def mark_page_reviewed(folder: DataFolder, case_id: int, record_id: int, page_index: int) -> bool:
    """The page was on screen long enough to read; True the first time."""
    now = folder.clock()
    with folder.database.transaction() as session:
        first = ReviewRepository(session).mark_reviewed(case_id, record_id, page_index, now)
        if first:
            log_pages_reviewed_if_due(AuditRepository(session), case_id, now)
        return first


def duplicate_groups(folder: DataFolder, case_id: int) -> list[list[PageKey]]:
    """Groups of identical or near-identical pages across the case's documents (first copy first)."""
    with folder.database.transaction() as session:
        fingerprints = PageRepository(session).fingerprints(case_id)
    return group_duplicates(fingerprints)


def group_duplicates(fingerprints: list[PageFingerprint]) -> list[list[PageKey]]:
    text_pages = [((f.record_id, f.page_index), f.text) for f in fingerprints if f.text.strip()]
    groups = [list(g) for g in near_duplicate_groups(text_pages) if len(g) > 1]
    # Scanned pages not yet OCR'd have no text: compare their rendered images instead.
    images = [((f.record_id, f.page_index), f.image_hash) for f in fingerprints if not f.text.strip() and f.image_hash]
    seen: set[PageKey] = set()
    for index, (key, digest) in enumerate(images):
        if key in seen:
            continue
        group = [key] + [k for k, d in images[index + 1 :] if k not in seen and hamming(digest, d) <= _IMAGE_NEAR]
        if len(group) > 1:
            seen.update(group)
            groups.append(group)
    order = {(f.record_id, f.page_index): i for i, f in enumerate(fingerprints)}
    return sorted((sorted(g, key=order.__getitem__) for g in groups), key=lambda g: order[g[0]])


def review_state(folder: DataFolder, case_id: int, duplicates: list[list[PageKey]] | None = None) -> ReviewState:
    """Pages received, duplicate, reviewed: for the case and per record."""
    with folder.database.transaction() as session:
        case = CaseRepository(session).get(case_id)
        reviewed = ReviewRepository(session).reviewed_by_record(case_id)
    if case is None:
        return ReviewState(PageCounts(0, 0, 0), {}, {})
    if duplicates is None:
        duplicates = duplicate_groups(folder, case_id)
    by_record = {
        r.id: RecordProgress(r.id, r.page_count or 0, len(reviewed.get(r.id, set())))
        for r in case.records
        if r.id is not None
    }
    counts = PageCounts(
        received=sum(p.pages for p in by_record.values()),
        duplicates=sum(len(g) - 1 for g in duplicates),
        reviewed=sum(p.reviewed for p in by_record.values()),
    )
    return ReviewState(counts, by_record, {k: frozenset(v) for k, v in reviewed.items()})
