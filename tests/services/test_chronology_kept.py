"""The chronology assembled from each file's kept documents is the one built from the text, and never stale."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer_app.domain.chronology import RecordPages, build_chronology
from reviewer_app.domain.providers import ProviderDirectory
from reviewer_app.services import chronology_kept
from reviewer_app.services.cases import find_case
from reviewer_app.services.chronology import case_chronology, correct_chronology, readable_records
from reviewer_app.services.data_folder import DataFolder, open_data_folder
from reviewer_app.services.importing import import_bundle
from reviewer_app.storage.chronology import ChronologyDocumentsRepository, record_page_texts
from reviewer_app.storage.database import WriteSession
from reviewer_app.storage.pages import PageRepository
from tests.bundle_builder import BundleSpec
from tests.chronology_corpus import make_corpus, make_ehr_corpus
from tests.pdf_corpus import text_pdf


def from_scratch(folder: DataFolder, case_id: int) -> list[object]:
    """The chronology built from the stored text alone, nothing kept (as before keeping existed)."""
    from reviewer_app.services.chronology import same_text_pages

    with folder.database.transaction() as session:
        from reviewer_app.storage.chronology import ChronologyCorrectionRepository
        from reviewer_app.storage.repositories import CaseRepository

        case = CaseRepository(session).get(case_id)
        assert case is not None
        records = readable_records(case)
        texts = record_page_texts(session, [r.sha256 for r in records])
        corrections = ChronologyCorrectionRepository(session).for_case(case_id)
    pages = [
        RecordPages(
            r.id or 0,
            r.path,
            [texts[r.sha256].get(i, "") for i in range(r.page_count or 0)],
            r.kind,
            r.provider,
            r.date_from,
            r.date_to,
        )
        for r in records
    ]
    birth = case.details.claimant.date_of_birth
    births = frozenset({birth} if birth else ())
    copies = same_text_pages(pages)  # the copies the service marks without the workspace's count
    return list(build_chronology(pages, corrections, ProviderDirectory(), births=births, duplicate_pages=copies))


def kept_files(folder: DataFolder) -> int:
    with folder.database.transaction() as session:
        from sqlalchemy import func, select

        from reviewer_app.storage.models import ChronologyDocumentsRow

        return int(session.scalar(select(func.count()).select_from(ChronologyDocumentsRow)) or 0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_kept_chronology_equals_the_one_built_from_the_text(tmp_path: Path, seed: int) -> None:
    """Over the labelled corpus's shapes (faxes, bills, many visits a file, an EHR's export)."""
    records = make_corpus(seed, records=6) + make_ehr_corpus(seed + 100, records=3)
    spec = BundleSpec(files={})
    for n, record in enumerate(records):
        spec.with_file(f"records/{n:03d}.pdf", text_pdf([page.split("\n") for page in record.pages]))
    folder = open_data_folder(tmp_path / "data", None)
    try:
        case_id = import_bundle(folder, spec.write_folder(tmp_path / "bundle")).case_id
        first = case_chronology(folder, case_id)  # every page read, each file's documents kept
        assert kept_files(folder) == len(records)
        again = case_chronology(folder, case_id)  # assembled from what was kept
        assert first == again == from_scratch(folder, case_id)
    finally:
        folder.close()


@pytest.fixture
def case(tmp_path: Path) -> Iterator[tuple[DataFolder, int]]:
    spec = BundleSpec(files={})
    chart = [
        ["PROGRESS NOTE", "Date of service: 03/16/2026", "Provider: Alan Chu, MD", "Low back pain."],
        ["PHYSICAL THERAPY DAILY NOTE", "Date of service: 04/20/2026", "Therapist: Maria Lopez, DPT"],
    ]
    spec.with_file("records/001-chart.pdf", text_pdf(chart))
    spec.with_file("records/002-note.pdf", text_pdf([["OFFICE VISIT", "Visit date: 05/01/2026"]]))
    folder = open_data_folder(tmp_path / "data", None)
    case_id = import_bundle(folder, spec.write_folder(tmp_path / "bundle")).case_id
    yield folder, case_id
    folder.close()


def test_a_correction_shows_at_once_though_the_documents_were_kept(case: tuple[DataFolder, int]) -> None:
    folder, case_id = case
    before = case_chronology(folder, case_id)
    assert [e.date.isoformat() if e.date else None for e in before] == ["2026-03-16", "2026-04-20", "2026-05-01"]
    correct_chronology(folder, case_id, [{"record": "records/001-chart.pdf", "first_page": 2, "date": "2026-06-02"}])
    after = case_chronology(folder, case_id)
    assert [(e.first_page, e.date.isoformat() if e.date else None) for e in after][-1] == (2, "2026-06-02")
    assert after == from_scratch(folder, case_id)


def test_text_read_by_ocr_is_read_again_not_served_from_what_was_kept(case: tuple[DataFolder, int]) -> None:
    folder, case_id = case
    case_chronology(folder, case_id)
    record = next(r for r in find_case(folder, "PR-TEST-0001").records if r.path == "records/002-note.pdf")
    ocr_text = "OPERATIVE REPORT\nDate of surgery: 07/09/2026\nSurgeon: Alan Chu, MD"

    def ocr(session: WriteSession) -> None:
        PageRepository(session).set_ocr_result(
            record.sha256, 0, text=ocr_text, text_fingerprint=b"", image_hash="0" * 16, ocr_pdf_sha256=""
        )

    folder.database.write(ocr)
    entries = case_chronology(folder, case_id)
    note = next(e for e in entries if e.record == "records/002-note.pdf")
    assert note.date is not None and note.date.isoformat() == "2026-07-09"
    assert entries == from_scratch(folder, case_id)


def test_newer_rules_find_the_documents_again(case: tuple[DataFolder, int], monkeypatch: pytest.MonkeyPatch) -> None:
    folder, case_id = case
    case_chronology(folder, case_id)
    found: list[str] = []
    real = chronology_kept.record_documents

    def counting(record: RecordPages, *args: object) -> object:
        found.append(record.path)
        return real(record, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(chronology_kept, "record_documents", counting)
    case_chronology(folder, case_id)
    assert found == []  # nothing read again: the same text under the same rules
    monkeypatch.setattr(chronology_kept, "rules_version", lambda: b"another rule set")
    case_chronology(folder, case_id)
    assert sorted(found) == ["records/001-chart.pdf", "records/002-note.pdf"]
    with folder.database.transaction() as session:
        keys = {r.sha256: "" for r in find_case(folder, "PR-TEST-0001").records}
        assert len(ChronologyDocumentsRepository(session).kept(keys)) == 0  # kept under other keys, ignored


def test_a_cancelled_run_keeps_the_files_it_read(case: tuple[DataFolder, int]) -> None:
    from reviewer_app.domain.errors import Cancelled
    from tests.services.test_chronology_service import Recorded

    folder, case_id = case
    with pytest.raises(Cancelled):
        case_chronology(folder, case_id, Recorded(cancel_after=0))  # stopped once the first record is read
    assert kept_files(folder) == 1
    assert case_chronology(folder, case_id) == from_scratch(folder, case_id)
    assert kept_files(folder) == 2


def test_documents_that_would_not_read_back_the_same_are_not_kept(case: tuple[DataFolder, int]) -> None:
    """A value the rules come to give that JSON cannot hold: found again each time, never served changed."""
    import dataclasses

    from reviewer_app.domain.unitization import FoundDocument

    folder, _ = case
    odd = dataclasses.replace(FoundDocument(0, 0), title=("a", "tuple"))  # type: ignore[arg-type]
    with folder.database.transaction() as session:
        assert ChronologyDocumentsRepository(session).keep({"0" * 64: ("key", [odd])}) == 0


def test_a_file_received_twice_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = text_pdf([["PROGRESS NOTE", "Date of service: 03/16/2026", "Provider: Alan Chu, MD"]])
    spec = BundleSpec(files={"records/001-clinic.pdf": pdf, "records/002-attorney-copy.pdf": pdf})
    folder = open_data_folder(tmp_path / "data", None)
    try:
        case_id = import_bundle(folder, spec.write_folder(tmp_path / "bundle")).case_id
        read: list[str] = []
        real = chronology_kept.record_documents

        def counting(record: RecordPages, *args: object) -> object:
            read.append(record.path)
            return real(record, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(chronology_kept, "record_documents", counting)
        entries = case_chronology(folder, case_id)
        assert read == ["records/001-clinic.pdf"]
        assert [e.record for e in entries] == ["records/001-clinic.pdf", "records/002-attorney-copy.pdf"]
        assert entries == from_scratch(folder, case_id)
    finally:
        folder.close()
