"""Personal review: which pages the physician has read, and the page counts they attest.

Duplicate pages are grouped from each page's stored text fingerprint, computed where the text
was read (records.fingerprints.text_fingerprint: about 0.3 ms a page, in the extraction workers
and in OCR); a page stored before fingerprints were is fingerprinted from its text here, once,
and the fingerprint kept. Grouping a long case is then a fraction of a second, and the open
case, the draft, the readiness check and the signature all ask for it: the groups are counted
once per state of the case's pages and kept, in memory and in the data folder's
``duplicates/`` (so that ``reviewer report`` in a new process finds them too): a later call reads
the pages, finds them unchanged (a digest of what grouping looks at) and reuses the groups
instead of comparing again. The kept file holds page numbers only, never text.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reviewer_app.domain.errors import ReviewerError
from reviewer_app.domain.review import PageCounts, PageKey, RecordProgress, unique_pages_reviewed
from reviewer_app.records.fingerprints import HEADER_SIZE, TextFingerprint, group_fingerprints, text_fingerprint
from reviewer_app.records.rasterize import hamming
from reviewer_app.services.audit import log_pages_reviewed_if_due
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.storage.audit import AuditRepository
from reviewer_app.storage.database import Database
from reviewer_app.storage.pages import PageFingerprint, PageRepository, ReviewRepository
from reviewer_app.storage.repositories import CaseRepository

log = logging.getLogger(__name__)

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


# Per database, per case: the digest of the pages last grouped and the groups found.
_counted: weakref.WeakKeyDictionary[Database, dict[int, tuple[bytes, list[list[PageKey]]]]] = (
    weakref.WeakKeyDictionary()
)
_counted_lock = threading.Lock()  # the open case's counter and the task runner are two threads
# Held while counting: a draft asked for while the open case's counter runs waits for its
# groups rather than comparing the same pages a second time beside it.
_counting_lock = threading.Lock()


def duplicate_groups(folder: DataFolder, case_id: int) -> list[list[PageKey]]:
    """Groups of identical or near-identical pages across the case's documents (first copy first).

    Counted once for each state of the case's pages (records added, OCR'd text arriving, image
    fingerprints computed change it) and reused while the pages stay as they were.
    """
    with folder.database.transaction() as session:
        fingerprints = PageRepository(session).fingerprints(case_id)
    fingerprints = _fill_in_fingerprints(folder, fingerprints)
    digest = pages_digest(fingerprints)
    kept = _kept_groups(folder, case_id, digest)
    if kept is not None:
        return kept
    with _counting_lock:
        kept = _kept_groups(folder, case_id, digest)  # counted meanwhile by the other thread
        if kept is not None:
            return kept
        groups = group_duplicates(fingerprints, stored_texts(folder))
        _keep_groups(folder, case_id, digest, groups)
    return groups


def _counts_file(folder: DataFolder, case_id: int) -> Path:
    return folder.path / "duplicates" / f"case-{case_id}.json"


def _kept_groups(folder: DataFolder, case_id: int, digest: bytes) -> list[list[PageKey]] | None:
    """The groups counted before for exactly these pages, or None."""
    with _counted_lock:
        known = _counted.get(folder.database, {}).get(case_id)
    if known is not None and known[0] == digest:
        return [list(group) for group in known[1]]
    try:
        stored = json.loads(_counts_file(folder, case_id).read_text(encoding="utf-8"))
        if stored["pages"] != digest.hex():
            return None
        groups: list[list[PageKey]] = [[(int(r), int(p)) for r, p in group] for group in stored["groups"]]
    except (OSError, ValueError, TypeError, KeyError):
        return None  # none kept, or unreadable: counted again
    with _counted_lock:
        _counted.setdefault(folder.database, {})[case_id] = (digest, [list(group) for group in groups])
    return groups


def _keep_groups(folder: DataFolder, case_id: int, digest: bytes, groups: list[list[PageKey]]) -> None:
    with _counted_lock:
        _counted.setdefault(folder.database, {})[case_id] = (digest, [list(group) for group in groups])
    path = _counts_file(folder, case_id)
    partial = path.with_name(f"{path.name}.{threading.get_ident()}.partial")
    try:
        path.parent.mkdir(exist_ok=True)
        # Renamed into place so that a reader never meets half a file; not synced to disk, which
        # would make the open case's counter wait on the disk: a file lost in a crash is counted again.
        partial.write_text(json.dumps({"pages": digest.hex(), "groups": groups}), encoding="utf-8")
        os.replace(partial, path)
    except OSError as exc:  # only a cache: the next call counts again
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        log.warning("duplicate page counts of case %s could not be kept (%s)", case_id, exc)


def _fill_in_fingerprints(folder: DataFolder, fingerprints: list[PageFingerprint]) -> list[PageFingerprint]:
    """The pages, each with a current text fingerprint: those stored without one (an older data
    folder, or an older version of the fingerprint) are fingerprinted from their text and kept."""
    missing = [f for f in fingerprints if _readable(f) is None]
    if not missing:
        return fingerprints
    unloaded = [f.page_id for f in missing if f.text is None]  # a fingerprint of another version
    texts: dict[int, str] = {}
    if unloaded:
        with folder.database.transaction() as session:
            texts = PageRepository(session).page_texts(unloaded)
    computed = {
        f.page_id: text_fingerprint(f.text if f.text is not None else texts.get(f.page_id, "")) for f in missing
    }
    try:
        folder.database.write(lambda session: PageRepository(session).set_text_fingerprints(computed))
    except ReviewerError as exc:  # a folder opened to read: computed again next time
        log.info("page fingerprints could not be kept (%s)", exc)
    return [
        f
        if f.page_id not in computed
        else dataclasses.replace(f, text_fingerprint=computed[f.page_id], text=texts.get(f.page_id, f.text))
        for f in fingerprints
    ]


def _readable(f: PageFingerprint) -> TextFingerprint | None:
    return TextFingerprint.from_bytes(f.text_fingerprint) if f.text_fingerprint is not None else None


def pages_digest(fingerprints: list[PageFingerprint]) -> bytes:
    """A digest of everything duplicate grouping looks at: which pages, their text and image hashes.

    The text enters through its fingerprint's header (whether the page has text, and a digest of
    its normalized text), which determines the rest of the fingerprint.
    """
    digest = hashlib.blake2b(digest_size=20)
    for f in fingerprints:
        header = (f.text_fingerprint or b"")[:HEADER_SIZE]
        digest.update(f"{f.record_id}:{f.page_index}:{f.image_hash or ''}:{len(header)}:".encode())
        digest.update(header)
    return digest.digest()


def stored_texts(folder: DataFolder) -> Callable[[list[int]], dict[int, str]]:
    """The texts of stored pages by page id, read from the folder's database when asked for."""

    def texts(page_ids: list[int]) -> dict[int, str]:
        with folder.database.transaction() as session:
            return PageRepository(session).page_texts(page_ids)

    return texts


def group_duplicates(
    fingerprints: list[PageFingerprint], texts: Callable[[list[int]], dict[int, str]]
) -> list[list[PageKey]]:
    """Groups of duplicate pages: by text fingerprint, and scanned pages without text by image.

    ``texts`` reads pages' texts by page id: only those of near-copy candidates are asked for.
    """
    with_text = [(f, fp) for f in fingerprints if (fp := _fingerprint(f)).has_text]

    def texts_at(positions: list[int]) -> list[str]:
        pages = [with_text[position][0] for position in positions]
        found = texts([page.page_id for page in pages if page.text is None])
        return [page.text if page.text is not None else found.get(page.page_id, "") for page in pages]

    keyed = [((f.record_id, f.page_index), fp) for f, fp in with_text]
    groups = [list(g) for g in group_fingerprints(keyed, texts_at) if len(g) > 1]
    has_text = {key for key, _ in keyed}
    # Scanned pages not yet OCR'd have no text: compare their rendered images instead.
    images = [
        ((f.record_id, f.page_index), f.image_hash)
        for f in fingerprints
        if (f.record_id, f.page_index) not in has_text and f.image_hash
    ]
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


def _fingerprint(f: PageFingerprint) -> TextFingerprint:
    """The page's stored fingerprint, or one computed from its text (a page not filled in yet)."""
    found = _readable(f)
    if found is None:
        found = TextFingerprint.from_bytes(text_fingerprint(f.text or ""))
        assert found is not None
    return found


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
        unique_reviewed=unique_pages_reviewed({k: v for k, v in reviewed.items() if k in by_record}, duplicates),
    )
    return ReviewState(counts, by_record, {k: frozenset(v) for k, v in reviewed.items()})
