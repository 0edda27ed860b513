"""Opening a case finds each file's documents in the background, so the preview and the tab only assemble them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from reviewer_app.cli import main as cli_main
from reviewer_app.services.cases import find_case
from reviewer_app.storage.models import ChronologyDocumentsRow
from reviewer_app.ui.main_window import MainWindow
from tests.bundle_builder import BundleSpec
from tests.pdf_corpus import text_pdf


def kept_files(window: MainWindow) -> set[str]:
    with window.folder.database.transaction() as session:
        return set(session.scalars(select(ChronologyDocumentsRow.sha256)))


def test_opening_a_case_prepares_its_chronology_without_the_tab_shown(
    qtbot: Any, window: MainWindow, tmp_path: Path, data_dir: Path
) -> None:
    visits = [["PROGRESS NOTE", "Date of service: 03/16/2026", "Provider: Alan Chu, MD"], ["Plan: therapy."]]
    spec = BundleSpec(files={"records/001-clinic.pdf": text_pdf(visits)})
    spec.with_file("records/002-mri.pdf", text_pdf([["MRI LUMBAR SPINE", "Exam date: 04/24/2026"]]))
    assert cli_main(["--data-dir", str(data_dir), "import", str(spec.write_folder(tmp_path / "b"))]) == 0
    assert kept_files(window) == set()  # the import itself does not read the pages for the chronology
    window.refresh_cases()
    case = window.case_list.model.cases()[0]
    window.open_case(case.id)
    workspace = window.workspace
    assert workspace is not None and workspace.records.currentWidget() is not workspace.chronology
    qtbot.waitUntil(lambda: len(kept_files(window)) == 2, timeout=20_000)
    assert kept_files(window) == {r.sha256 for r in find_case(window.folder, case.reference).records}
