"""Each record's documents kept in the data folder, so that the chronology is assembled, not read again.

Reading every page is the chronology's cost (seconds on a 5,000-page case); matching names
across records, applying the manifest and the physician's corrections, sorting, takes
milliseconds. So what the rules find in a file is kept (``chronology_documents``) under a key
that is a digest of exactly what it was found from: the rules' own source (a newer rule set
finds everything again, lazily, file by file), the file's page text as stored now (OCR of a
page, a repaired copy's text change it) and the patient's known dates of birth. A record the
physician corrected is read again from its text each time: its corrections shape its documents.
Nothing kept is ever served for text, rules or dates other than those it came from.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import struct
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import reviewer_app
from reviewer_app import domain
from reviewer_app.domain import unitization
from reviewer_app.domain.chronology import Correction, RecordDocuments, RecordPages, record_documents
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.storage.chronology import ChronologyDocumentsRepository
from reviewer_app.storage.database import WriteSession

log = logging.getLogger(__name__)


@functools.cache
def rules_version() -> bytes:
    """A digest of the domain's source, where the rules live: any change to them (another release,
    another rule, a module the rules come to use) changes it, and every file is read again, lazily."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(domain.__file__ or "").parent
    sources = sorted(package.rglob("*.py"))
    for source in sources:
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    if not sources:  # no source beside the code (a frozen build): its release names its rules
        digest.update(f"reviewer {reviewer_app.__version__}".encode())
    return digest.digest()


def documents_key(texts: Sequence[str], births: frozenset[dt.date]) -> str:
    """The key of a file's documents: the rules' version, its pages' text and the dates of birth known."""
    digest = hashlib.blake2b(rules_version(), digest_size=32)
    digest.update(repr(sorted(map(str, births))).encode())
    for text in texts:  # each page's length first: no two page splits of one text give one key
        encoded = text.encode("utf-8", "surrogatepass")
        digest.update(struct.pack("<Q", len(encoded)))
        digest.update(encoded)
    return digest.hexdigest()


def kept_record_documents(
    folder: DataFolder,
    records: Sequence[tuple[str, RecordPages]],
    corrections: Sequence[Correction],
    births: frozenset[dt.date],
    on_record: Callable[[int], None] | None = None,
) -> list[RecordDocuments]:
    """Each record's documents (``records`` as (sha256, pages)): kept ones reused, the others found and kept."""
    keys = {sha: documents_key(record.texts, births) for sha, record in records}
    corrected = {c.record_id for c in corrections}
    kept = _kept(folder, keys)
    if any(sha not in kept and record.record_id not in corrected for sha, record in records):
        with _reading:  # the one reading the same files finishes first: what it kept is read, not found again
            return _found(folder, records, corrections, births, keys, _kept(folder, keys), on_record)
    return _found(folder, records, corrections, births, keys, kept, on_record)


# Held while files are read: the open case's preparation, the chronology tab and a draft ask at once.
_reading = threading.Lock()


def _kept(folder: DataFolder, keys: dict[str, str]) -> dict[str, list[unitization.FoundDocument]]:
    with folder.database.transaction() as session:
        return ChronologyDocumentsRepository(session).kept(keys)


def _found(
    folder: DataFolder,
    records: Sequence[tuple[str, RecordPages]],
    corrections: Sequence[Correction],
    births: frozenset[dt.date],
    keys: dict[str, str],
    kept: dict[str, list[unitization.FoundDocument]],
    on_record: Callable[[int], None] | None,
) -> list[RecordDocuments]:
    corrected = {c.record_id for c in corrections}
    out: list[RecordDocuments] = []
    found: dict[str, tuple[str, list[unitization.FoundDocument]]] = {}
    try:
        for number, (sha, record) in enumerate(records):
            mine = [c for c in corrections if c.record_id == record.record_id]
            if record.record_id not in corrected and sha in kept:
                out.append([(document, None) for document in kept[sha]])
            elif not mine and sha in found:  # the same file received twice in the case: read once
                out.append([(document, None) for document in found[sha][1]])
            else:
                documents = record_documents(record, mine, births)
                out.append(documents)
                if not mine:
                    found[sha] = (keys[sha], [document for document, _ in documents])
            if on_record is not None:
                on_record(number)
    finally:  # a cancelled run keeps the files it read: the next one goes on from there
        if found:
            _keep(folder, found)
    return out


def _keep(folder: DataFolder, found: Mapping[str, tuple[str, list[unitization.FoundDocument]]]) -> None:
    def write(session: WriteSession) -> None:
        ChronologyDocumentsRepository(session).keep(dict(found))

    try:
        folder.database.write(write)
    except Exception as exc:  # only kept to be faster (a file purged meanwhile): the next run finds them again
        log.warning("the chronology's documents could not be kept (%s)", exc)
