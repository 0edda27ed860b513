"""Import a case bundle: all or nothing.

The bundle is checked in full first (bundles/); record files go into the content-addressed
store and are read outside any transaction. Each file's row and page text is then saved in a
short transaction of its own through the database's writer, and the case and its records in a
last one: until that commits no record refers to the files, and a refusal, a cancel or any
failure removes their rows and the store files this import added (a killed import's rows go at
the start of the next), leaving the data folder as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from reviewer_app import faults
from reviewer_app.bundles import BundleRecord, OpenedBundle, open_bundle
from reviewer_app.domain.case import CaseDetails, RecordState, state_warning
from reviewer_app.domain.errors import CaseAlreadyImported, ManifestMissing
from reviewer_app.domain.manual_case import ManualCaseEntry, details_from_entry
from reviewer_app.domain.matching import assignment_warnings
from reviewer_app.domain.progress import Progress, SilentProgress, check_cancelled
from reviewer_app.services.audit import bundle_fingerprint, log_import
from reviewer_app.services.conflicts import conflict_warnings, find_conflicts
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.record_files import IncomingFile, PreparedFile, StoreWhileChecking, prepare_files
from reviewer_app.storage.audit import AuditRepository
from reviewer_app.storage.chronology import record_page_texts
from reviewer_app.storage.database import WriteSession
from reviewer_app.storage.pages import PageRepository
from reviewer_app.storage.repositories import CaseRepository, NewRecord, ProfileRepository
from reviewer_app.storage.unfinished_imports import UnfinishedImports

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    case_id: int
    reference: str
    records_added: int
    version: int
    warnings: tuple[str, ...] = field(default=())

    @property
    def added_as_new_version(self) -> bool:
        return self.version > 1


def import_bundle(
    folder: DataFolder,
    source: Path,
    progress: Progress | None = None,
    *,
    as_new_version: bool = False,
    manual_entry: ManualCaseEntry | None = None,
) -> ImportResult:
    """Import the bundle at ``source`` (zip or folder).

    ``manual_entry`` supplies the details of a bundle without ``case.json``; without it such a
    bundle raises :class:`ManifestMissing`. Raises :class:`BundleRefused` or ``Cancelled``.
    """
    progress = progress or SilentProgress()
    # The bundle check's read of each file is also its copy into the record store.
    with (
        StoreWhileChecking(folder.store) as copies,
        open_bundle(Path(source), folder.staging_dir, folder.limits, progress, copies) as bundle,
    ):
        details = bundle.details
        if details is None:
            if manual_entry is None:
                raise ManifestMissing(bundle.name)
            details = details_from_entry(manual_entry, folder.clock())
        return _store_bundle(folder, bundle, details, progress, as_new_version, copies)


def _store_bundle(
    folder: DataFolder,
    bundle: OpenedBundle,
    details: CaseDetails,
    progress: Progress,
    as_new_version: bool,
    copies: StoreWhileChecking,
) -> ImportResult:
    forget_unfinished_imports(folder)  # a killed import's rows must not pass for stored files
    with folder.database.transaction() as session:
        repository = CaseRepository(session)
        existing_id = repository.find(details.vendor.name, details.reference)
        known_files = repository.record_files(existing_id) if existing_id is not None else set()
        profile = ProfileRepository(session).get()
    if existing_id is not None and not as_new_version:
        raise CaseAlreadyImported(bundle.name, details.reference, details.vendor.name)

    records = [r for r in bundle.records if (r.entry.path, r.entry.sha256) not in known_files]
    amended = sorted({r.entry.path for r in records} & {path for path, _ in known_files})
    if existing_id is not None and not records:
        with folder.database.transaction() as session:
            case = CaseRepository(session).get(existing_id)
        assert case is not None
        return ImportResult(
            case_id=existing_id,
            reference=details.reference,
            records_added=0,
            version=case.version,
            warnings=(f"{bundle.name} brings no new records: each one is already in the case; nothing changed",),
        )
    fingerprint = bundle_fingerprint(bundle)  # for the case history, read before the transaction
    warnings = list(bundle.warnings)
    if existing_id is None and not profile.is_empty:
        warnings += assignment_warnings(details, profile, folder.clock().date())

    added_files: list[str] = []
    saved_rows: list[str] = []  # stored files this import wrote rows for, before its case

    def save_file(file: PreparedFile) -> None:
        # Each file in its own short transaction as soon as its text is read: an answer saved
        # meanwhile waits for one file at most. No record refers to it until the case is saved.
        if folder.database.write(partial(_save_file, file=file)):
            saved_rows.append(file.stored.sha256)
        faults.reached(faults.IMPORT_FILE_SAVED)

    try:
        prepared = _prepare(folder, records, progress, added_files, save_file, copies)
        warnings += [
            state_warning(r.entry.path, p.stored.state, p.stored.state_detail)
            for r in records
            if (p := prepared.get(r.entry.sha256)) is not None and p.stored.state is not RecordState.READABLE
        ]
        check_cancelled(progress)
        if profile.conflicts:
            warnings += conflict_warnings(
                find_conflicts(profile.conflicts, details, _record_pages(folder, records, prepared))
            )
        progress.report(1, 1, "Saving the case")
        now = folder.clock()
        skipped = len(bundle.records) - len(records)

        def save_case(session: WriteSession) -> tuple[int, int]:
            """The case and its records in one short transaction: the import's rows count from here."""
            repository = CaseRepository(session)
            if existing_id is None:
                case_id, version = repository.add_case(details, now, bundle.manifest), 1
                case_warnings = warnings
            else:
                case_id, version = existing_id, repository.start_new_version(existing_id)
                case_warnings = [
                    f"Version {version} ({bundle.name}): {len(records)} record(s) added"
                    + (f", {skipped} already in the case" if skipped else ""),
                    *(
                        f"{path}: an amended copy arrived in version {version}; the earlier copy is kept"
                        for path in amended
                    ),
                    *warnings,
                ]
            repository.add_records(case_id, (_new_record(r) for r in records), version)
            repository.add_warnings(case_id, case_warnings, now)
            log_import(AuditRepository(session), case_id, fingerprint, len(records), version, now)
            warnings[:] = case_warnings
            faults.reached(faults.IMPORT_BEFORE_COMMIT)
            return case_id, version

        case_id, version = folder.database.write(save_case)
    except BaseException:
        _forget_rows(folder, saved_rows)
        for sha256 in added_files:
            folder.store.remove(sha256)
        raise
    faults.reached(faults.IMPORT_AFTER_COMMIT)
    return ImportResult(
        case_id=case_id,
        reference=details.reference,
        records_added=len(records),
        version=version,
        warnings=tuple(warnings),
    )


def _prepare(
    folder: DataFolder,
    records: list[BundleRecord],
    progress: Progress,
    added_files: list[str],
    save_file: Callable[[PreparedFile], None],
    copies: StoreWhileChecking,
) -> dict[str, PreparedFile]:
    """Files new to the data folder are stored and read; those already there are reused as they are."""
    with folder.database.transaction() as session:
        repository = CaseRepository(session)
        known = {r.entry.sha256 for r in records if repository.stored_file(r.entry.sha256) is not None}
    incoming: dict[str, IncomingFile] = {}
    for record in records:
        sha = record.entry.sha256
        if sha not in known and sha not in incoming:
            incoming[sha] = IncomingFile(sha256=sha, path=record.file, name=record.entry.path, size=record.size)
    prepared = prepare_files(folder, list(incoming.values()), progress, added_files, save_file, copies)
    if known:
        with folder.database.transaction() as session:
            repository = CaseRepository(session)
            for sha in known:
                stored = repository.stored_file(sha)
                assert stored is not None
                prepared[sha] = PreparedFile(stored, ())
    return prepared


def _record_pages(
    folder: DataFolder, records: list[BundleRecord], prepared: dict[str, PreparedFile]
) -> list[tuple[str, list[str]]]:
    """Each new record's page texts, for the conflicts search: from the import's reading, else as stored."""
    pages: list[tuple[str, list[str]]] = []
    stored = [r.entry.sha256 for r in records if (p := prepared.get(r.entry.sha256)) is not None and not p.pages]
    with folder.database.transaction() as session:
        texts = record_page_texts(session, stored) if stored else {}
    for record in records:
        file = prepared.get(record.entry.sha256)
        if file is None:
            continue
        if file.pages:
            pages.append((record.entry.path, [page.text or "" for page in file.pages]))
        else:
            kept = texts.get(record.entry.sha256, {})
            pages.append((record.entry.path, [kept[i] for i in sorted(kept)]))
    return pages


def _save_file(session: WriteSession, *, file: PreparedFile) -> bool:
    """A file's row and pages; False when they were there already (another case has the file)."""
    repository = CaseRepository(session)
    if repository.stored_file(file.stored.sha256) is not None:
        return False
    repository.add_stored_file(file.stored)
    if file.pages:
        PageRepository(session).add_pages(file.stored.sha256, file.pages)
    return True


def _forget_rows(folder: DataFolder, sha256s: list[str]) -> None:
    """Remove the rows of an import that did not finish; what cannot be removed now goes at the next one."""
    try:
        folder.database.write(lambda session: UnfinishedImports(session).remove(sha256s))
    except Exception:  # the failure being handled matters more; the next import removes them
        log.warning("the rows of %d file(s) of an unfinished import stay until the next import", len(sha256s))


def forget_unfinished_imports(folder: DataFolder) -> int:
    """Remove the rows a killed import left (files no record refers to); return how many."""
    return len(folder.database.write(lambda session: UnfinishedImports(session).remove_all()))


def _new_record(record: BundleRecord) -> NewRecord:
    entry = record.entry
    return NewRecord(
        path=entry.path,
        sha256=entry.sha256,
        title=record.title,
        kind=entry.kind,
        provider=entry.provider,
        date_from=entry.date_from,
        date_to=entry.date_to,
    )
