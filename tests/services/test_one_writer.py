"""One writer: an answer saved while an import or OCR is in the middle of its slow work never waits for it."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from reviewer_app import faults
from reviewer_app.domain.errors import Cancelled, ReviewerError
from reviewer_app.domain.progress import SilentProgress
from reviewer_app.records.ocr import OcrOutcome, OcrPage, OcrRunner
from reviewer_app.services.cases import find_case, list_cases
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.findings import get_answers
from reviewer_app.services.importing import import_bundle
from reviewer_app.services.ocr import run_pending_ocr
from reviewer_app.storage.database import storage_failure_message
from reviewer_app.storage.models import StoredFileRow
from reviewer_app.storage.pages import PageRepository
from reviewer_app.storage.writer import WRITER_THREAD_NAME
from reviewer_app.ui.case_session import CaseSession
from tests.bundle_builder import MINIMAL_PDF, BundleSpec

SAVE_WITHIN_S = 5.0  # the busy timeout is 30 s: a save stuck behind the import would take that long


def open_case(data_folder: DataFolder, tmp_path: Path, spec: BundleSpec | None = None) -> CaseSession:
    import_bundle(data_folder, (spec or BundleSpec()).write_folder(tmp_path / "first"))
    return CaseSession(data_folder, find_case(data_folder, "PR-TEST-0001").id)


def save_in_background(session: CaseSession) -> tuple[threading.Event, list[BaseException]]:
    saved, errors = threading.Event(), []

    def save() -> None:
        try:
            session.save_answer("q1.svc1.determination", "certify")
        except BaseException as exc:
            errors.append(exc)
        saved.set()

    threading.Thread(target=save, daemon=True).start()
    return saved, errors


def test_an_answer_saved_while_an_import_reads_its_files_does_not_wait_for_it(
    data_folder: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = open_case(data_folder, tmp_path)
    second = BundleSpec()
    second.manifest["case"]["reference"] = "PR-TEST-0002"
    second.with_file("records/002-mri.pdf", MINIMAL_PDF).with_file("records/003-more.pdf", MINIMAL_PDF + b"\n% 2")
    bundle = second.write_folder(tmp_path / "second")

    # The import stops in the middle of its slow phase, its first file read, until the answer is saved.
    in_the_middle, go_on = threading.Event(), threading.Event()
    reached = faults.reached

    def hold(point: str) -> None:
        if point == faults.IMPORT_FILE_SAVED and not in_the_middle.is_set():
            in_the_middle.set()
            go_on.wait(60)
        reached(point)

    monkeypatch.setattr(faults, "reached", hold)
    importing = threading.Thread(target=lambda: import_bundle(data_folder, bundle), daemon=True)
    importing.start()
    try:
        assert in_the_middle.wait(60)
        saved, errors = save_in_background(session)
        assert saved.wait(SAVE_WITHIN_S), "the answer waited for the import"
        assert errors == []
    finally:
        go_on.set()
        importing.join(60)
    assert get_answers(data_folder, session.case)["q1.svc1.determination"] == "certify"
    assert {c.reference for c in list_cases(data_folder)} == {"PR-TEST-0001", "PR-TEST-0002"}


def test_ocr_saves_each_page_through_the_writer_and_an_answer_goes_between_pages(
    data_folder: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = open_case(data_folder, tmp_path, BundleSpec().with_file("records/fax.pdf", scanned_pdf(tmp_path, 3)))
    with data_folder.database.transaction() as db:
        assert len(PageRepository(db).pending_ocr(None)) == 3
    monkeypatch.setattr("reviewer_app.services.ocr.tesseract_status", lambda: _Available())
    between_pages, go_on = threading.Event(), threading.Event()

    def read_pages(_runner: OcrRunner, jobs: list[Any], _progress: Any) -> Any:
        for job in jobs:
            page = OcrPage(page_index=job.page_index, text="Read", pdf=MINIMAL_PDF, image_hash="0" * 16, seconds=0.0)
            yield OcrOutcome(job=job, page=page, error=None)
            between_pages.set()
            go_on.wait(60)

    writers: list[str] = []
    set_result = PageRepository.set_ocr_result

    def remember_thread(self: PageRepository, *args: Any, **kwargs: Any) -> None:
        writers.append(threading.current_thread().name)
        set_result(self, *args, **kwargs)

    monkeypatch.setattr(OcrRunner, "run", read_pages)
    monkeypatch.setattr(PageRepository, "set_ocr_result", remember_thread)
    ocr = threading.Thread(target=lambda: run_pending_ocr(data_folder, SilentProgress()), daemon=True)
    ocr.start()
    try:
        assert between_pages.wait(60)
        saved, errors = save_in_background(session)
        assert saved.wait(SAVE_WITHIN_S), "the answer waited for OCR"
        assert errors == []
    finally:
        go_on.set()
        ocr.join(60)
    assert writers and set(writers) == {WRITER_THREAD_NAME}


def scanned_pdf(tmp_path: Path, pages: int) -> bytes:
    """Image-only pages, as a fax arrives: their text waits for OCR."""
    images = [Image.new("1", (400, 500), 1) for _ in range(pages)]
    path = tmp_path / "fax.pdf"
    images[0].save(path, "PDF", resolution=50, save_all=True, append_images=images[1:])
    return path.read_bytes()


class _Available:
    available = True
    message = ""


def test_a_database_locked_by_another_program_is_said_in_words(tmp_path: Path) -> None:
    locked = OperationalError("INSERT", {}, Exception("database is locked"))
    message = storage_failure_message(locked, tmp_path)
    assert message is not None and "busy" in message and "nothing was changed" in message
    assert "database is locked" not in message


def test_a_failing_write_reaches_its_caller_and_the_writer_goes_on(data_folder: DataFolder) -> None:
    def refuse() -> None:
        raise ReviewerError("refused")

    with pytest.raises(ReviewerError, match="refused"):
        data_folder.database.writer.call(refuse)
    assert data_folder.database.writer.call(lambda: 42) == 42


def stored_files(data_folder: DataFolder) -> set[str]:
    with data_folder.database.transaction() as db:
        return set(db.scalars(select(StoredFileRow.sha256)))


def three_file_bundle(tmp_path: Path, reference: str) -> Path:
    spec = BundleSpec()
    spec.manifest["case"]["reference"] = reference
    spec.with_file("records/002-mri.pdf", MINIMAL_PDF).with_file("records/003-more.pdf", MINIMAL_PDF + b"\n% 2")
    return spec.write_folder(tmp_path / reference)


class _Stop(BaseException):
    """Stands for the process dying at the point: nothing after it runs."""


def test_an_import_cancelled_after_some_files_were_saved_leaves_no_rows(
    data_folder: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_case(data_folder, tmp_path)
    before = stored_files(data_folder)
    saved = threading.Event()
    reached = faults.reached

    def note(point: str) -> None:
        if point == faults.IMPORT_FILE_SAVED:
            saved.set()
        reached(point)

    class CancelOnceSaved:
        def report(self, done: int, total: int, message: str) -> None:
            pass

        def cancelled(self) -> bool:
            return saved.is_set()

    monkeypatch.setattr(faults, "reached", note)
    with pytest.raises(Cancelled):
        import_bundle(data_folder, three_file_bundle(tmp_path, "PR-TEST-0002"), CancelOnceSaved())
    assert saved.is_set()
    assert stored_files(data_folder) == before
    assert {c.reference for c in list_cases(data_folder)} == {"PR-TEST-0001"}


def test_the_rows_a_killed_import_left_are_gone_after_the_next_import(
    data_folder: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = stored_files(data_folder)
    reached = faults.reached

    def die(point: str) -> None:
        if point == faults.IMPORT_FILE_SAVED:
            raise _Stop
        reached(point)

    with monkeypatch.context() as patch:
        patch.setattr(faults, "reached", die)
        patch.setattr("reviewer_app.services.importing._forget_rows", lambda _folder, _rows: None)
        with pytest.raises(_Stop):
            import_bundle(data_folder, three_file_bundle(tmp_path, "PR-TEST-0002"))
    assert stored_files(data_folder) != before  # what the killed process left

    import_bundle(data_folder, BundleSpec().write_folder(tmp_path / "next"))
    case = find_case(data_folder, "PR-TEST-0001")
    assert stored_files(data_folder) == {r.sha256 for r in case.records}
