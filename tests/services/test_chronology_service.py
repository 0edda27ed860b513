"""services.chronology: reported progress, cancelling, and the corrections kept in the database."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer_app.domain.errors import Cancelled
from reviewer_app.services.chronology import case_chronology, correct_chronology
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.importing import import_bundle
from tests.bundle_builder import BundleSpec
from tests.pdf_corpus import text_pdf


class Recorded:
    def __init__(self, cancel_after: int | None = None) -> None:
        self.reports: list[tuple[int, int, str]] = []
        self.cancel_after = cancel_after

    def report(self, done: int, total: int, message: str) -> None:
        self.reports.append((done, total, message))

    def cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.reports) > self.cancel_after


def test_progress_is_reported_per_record_and_a_cancel_stops_the_work(tmp_path: Path) -> None:
    spec = BundleSpec(files={})
    for n in range(3):
        spec.with_file(f"records/{n}.pdf", text_pdf([["PROGRESS NOTE", f"Date of service: 0{n + 1}/10/2026"]]))
    folder = open_data_folder(tmp_path / "data", None)
    try:
        case_id = import_bundle(folder, spec.write_folder(tmp_path / "b")).case_id
        progress = Recorded()
        entries = case_chronology(folder, case_id, progress)
        assert [e.date.month for e in entries if e.date] == [1, 2, 3]
        assert progress.reports[-1][0] == progress.reports[-1][1] == 4
        with pytest.raises(Cancelled):
            case_chronology(folder, case_id, Recorded(cancel_after=1))
        # A summary kept survives a new folder opened over the same data (a restart).
        correct_chronology(folder, case_id, [{"record": "records/1.pdf", "first_page": 1, "summary": "Seen"}])
    finally:
        folder.close()
    reopened = open_data_folder(tmp_path / "data", None)
    try:
        summaries = [e.summary for e in case_chronology(reopened, case_id)]
    finally:
        reopened.close()
    assert summaries == [None, "Seen", None]
