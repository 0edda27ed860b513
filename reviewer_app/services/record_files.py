"""Turn received files into viewable, searchable PDFs: store, render, extract the text.

Every record is shown and searched as a PDF: the original when it is one, otherwise a
rendition (images and text files); the text of each page is extracted in worker processes
and indexed. Pages without a text layer wait for OCR.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from reviewer_app.bundles.reader import hash_only
from reviewer_app.domain.case import MediaType, RecordState
from reviewer_app.domain.progress import Progress, check_cancelled
from reviewer_app.records.media_types import sniff_media_type
from reviewer_app.records.renditions import (
    RepairFailed,
    WrongPassword,
    decrypt_pdf,
    image_to_pdf,
    repair_pdf,
    text_file_to_pdf,
    viewable_source,
)
from reviewer_app.records.store import PendingCopy, RecordStore, StoredCopy
from reviewer_app.records.text_extraction import REPAIRED_DETAIL, Extraction, ExtractionJob, PageText
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.storage.pages import OCR_NOT_NEEDED, OCR_PENDING, NewPage
from reviewer_app.storage.repositories import StoredFile


@dataclass(frozen=True)
class IncomingFile:
    """A received file about to be stored: its bytes on disk and the name it came under."""

    sha256: str
    path: Path
    name: str
    size: int


@dataclass(frozen=True)
class PreparedFile:
    stored: StoredFile
    pages: tuple[NewPage, ...]


class StoreWhileChecking:
    """The bundle check's reader that copies each new file into the record store as it hashes it.

    Checking a bundle needs every file's SHA-256 before anything is stored; this makes that read
    the copy too, so that :func:`prepare_files` only flushes and names the copy. A file already
    in the store is only hashed. Copies not taken (a refused, cancelled or failed import) are
    removed on exit, so a refused bundle leaves nothing behind.
    """

    def __init__(self, store: RecordStore) -> None:
        self.store = store
        self._pending: dict[str, PendingCopy] = {}

    def __call__(self, path: Path, expected_sha256: str | None, max_bytes: int) -> tuple[str, int]:
        if expected_sha256 is not None and (expected_sha256 in self._pending or self.store.contains(expected_sha256)):
            return hash_only(path, expected_sha256, max_bytes)
        copy = self.store.copy_pending(path, max_bytes)
        if copy.sha256 in self._pending or copy.size > max_bytes:
            # The same file twice in one bundle (one copy is enough), or one the bundle's cap refuses.
            self.store.discard(copy)
        else:
            self._pending[copy.sha256] = copy
        return copy.sha256, copy.size

    def take(self, sha256: str) -> PendingCopy | None:
        """The copy made of the file with this digest, now the caller's to adopt."""
        return self._pending.pop(sha256, None)

    def __enter__(self) -> StoreWhileChecking:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        for copy in self._pending.values():
            self.store.discard(copy)
        self._pending.clear()
        self.store.tidy_pending()


def prepare_files(
    folder: DataFolder,
    files: Sequence[IncomingFile],
    progress: Progress,
    added: list[str],
    on_prepared: Callable[[PreparedFile], None] | None = None,
    copies: StoreWhileChecking | None = None,
) -> dict[str, PreparedFile]:
    """Store each file (and its rendition), then extract every page's text; SHA-256 -> result.

    ``added`` collects the digests of files this call put in the store, so that a caller whose
    transaction fails can remove them again. ``on_prepared`` receives each file as soon as its
    text is read, so that saving overlaps with the reading of the others. ``copies`` holds the
    copies the bundle check made (the files are then not read again).
    """
    media_types: dict[str, MediaType] = {}
    viewables: dict[str, str] = {}  # file SHA-256 -> the SHA-256 of the PDF to read
    failures: dict[str, str] = {}
    by_sha = {incoming.sha256: incoming for incoming in files}
    check_cancelled(progress)
    adopted = _adopt_all(folder.store, copies, files, added)
    for index, incoming in enumerate(files):
        check_cancelled(progress)
        progress.report(index, len(files), f"Storing {incoming.name}")
        # The received file is read once, by the copy that hashes it (the bundle check's, or this
        # one); its type comes from the first bytes that copy kept, renditions and text from the copy.
        copy = adopted.get(incoming.sha256) or folder.store.store_file(incoming.path, incoming.sha256)
        if copy.created and incoming.sha256 not in adopted:
            added.append(incoming.sha256)
        media_type = sniff_media_type(copy.head, incoming.name)
        media_types[incoming.sha256] = media_type
        viewable, failure = _viewable_pdf(folder, incoming, media_type, added)
        if viewable:
            viewables[incoming.sha256] = viewable
        if failure:
            failures[incoming.sha256] = failure

    prepared: dict[str, PreparedFile] = {}

    def finish(sha: str, extraction: Extraction | None) -> None:
        incoming, media_type, viewable = by_sha[sha], media_types[sha], viewables.get(sha)
        if extraction is not None and extraction.needs_decrypted_copy and viewable is not None:
            # Encryption PDFium refuses but qpdf reads: the viewer (PDFium) must get a decrypted copy.
            try:
                viewable = _store_bytes(folder, decrypt_pdf(folder.store.path_for(viewable), ""), added)
            except WrongPassword:
                extraction = None
        if extraction is not None and extraction.needs_repaired_copy and viewable is not None:
            # A damaged PDF qpdf reconstructed: the viewer (PDFium) gets the repaired copy, the original stays.
            try:
                viewable = _store_bytes(folder, repair_pdf(folder.store.path_for(viewable)), added)
            except RepairFailed as exc:
                failures[sha] = f"damaged PDF ({exc})"
                extraction = None
        if extraction is None:
            detail = failures.get(sha, "not a PDF, PNG, JPEG, TIFF or text file")
            stored = StoredFile(sha, incoming.size, media_type, None, RecordState.UNREADABLE, detail)
            prepared[sha] = PreparedFile(stored, ())
        else:
            scanned = sum(1 for p in extraction.pages if not p.has_text_layer)
            stored = StoredFile(
                sha256=sha,
                size=incoming.size,
                media_type=media_type,
                page_count=len(extraction.pages) if extraction.pages else None,
                state=extraction.state,
                state_detail=_detail(extraction, scanned, media_type),
                scanned_pages=scanned,
                viewable_sha256=viewable if viewable != sha else None,
            )
            prepared[sha] = PreparedFile(stored, tuple(new_page(p) for p in extraction.pages))
        if on_prepared is not None:
            on_prepared(prepared[sha])

    names = {incoming.sha256: incoming.name for incoming in files}  # progress names the record, not its hash
    jobs = [
        ExtractionJob(key=sha, pdf_path=folder.store.path_for(viewable), name=names.get(sha))
        for sha, viewable in viewables.items()
    ]
    if jobs:
        for extraction in folder.text_extractor().extract(jobs, progress):
            finish(extraction.key, extraction)
    for incoming in files:
        if incoming.sha256 not in prepared:
            finish(incoming.sha256, None)
    return prepared


# Flushing files one after another waits for the disk each time; flushed together, the file
# system commits them at once (51 files: 150 ms one by one, 15 ms eight at a time, measured here).
_FLUSHING_AT_ONCE = 8


def _adopt_all(
    store: RecordStore, copies: StoreWhileChecking | None, files: Sequence[IncomingFile], added: list[str]
) -> dict[str, StoredCopy]:
    """Flush and name the copies the bundle check made, several at a time; each new one goes in ``added``."""
    pending = [p for f in files if copies is not None and (p := copies.take(f.sha256)) is not None]
    if not pending:
        return {}
    adopted: dict[str, StoredCopy] = {}
    failure: BaseException | None = None
    with ThreadPoolExecutor(max_workers=_FLUSHING_AT_ONCE, thread_name_prefix="store-flush") as pool:
        futures = [pool.submit(store.adopt, copy) for copy in pending]
        for copy, future in zip(pending, futures, strict=True):
            try:
                stored = future.result()
            except BaseException as exc:  # the others still finish, so that every new file is known
                store.discard(copy)
                failure = failure or exc
                continue
            adopted[stored.sha256] = stored
            if stored.created:
                added.append(stored.sha256)
    if failure is not None:
        raise failure
    return adopted


def _viewable_pdf(
    folder: DataFolder, incoming: IncomingFile, media_type: MediaType, added: list[str]
) -> tuple[str | None, str | None]:
    """The digest of the PDF to show for a file, or why there is none."""
    if media_type is MediaType.UNKNOWN:
        return None, "not a PDF, PNG, JPEG, TIFF or text file"
    source = viewable_source(media_type)
    if source == "original":
        return incoming.sha256, None
    stored = folder.store.path_for(incoming.sha256)
    try:
        # A text file is read and laid out in pieces, never whole: it may be of any size.
        rendition = image_to_pdf(stored) if source == "image" else text_file_to_pdf(stored)
    except Exception as exc:  # any damaged image: the file is kept, marked unreadable
        return None, f"damaged {'image' if source == 'image' else 'text file'} ({exc})"
    return _store_bytes(folder, rendition, added), None


def _store_bytes(folder: DataFolder, data: bytes, added: list[str]) -> str:
    sha, created = folder.store.put_bytes(data)
    if created:
        added.append(sha)
    return sha


def new_page(page: PageText) -> NewPage:
    """A page as stored, with the duplicate fingerprint its extraction worker computed."""
    has_text = page.has_text_layer
    return NewPage(
        page_index=page.index,
        text=page.text if has_text else "",
        text_source="pdf" if has_text else "none",
        ocr_state=OCR_NOT_NEEDED if has_text else OCR_PENDING,
        text_fingerprint=page.text_fingerprint or None,
    )


def _detail(extraction: Extraction, scanned: int, media_type: MediaType) -> str:
    if extraction.state is RecordState.NEEDS_OCR:
        if media_type in (MediaType.PNG, MediaType.JPEG, MediaType.TIFF):
            return "scanned image; its text needs OCR"
        detail = f"{scanned} of {len(extraction.pages)} pages are scanned images; their text needs OCR"
        return f"{detail}; {REPAIRED_DETAIL}" if extraction.needs_repaired_copy else detail
    if extraction.state is RecordState.LOCKED and not extraction.detail:
        return "password-protected; enter the password to read it"
    return extraction.detail
