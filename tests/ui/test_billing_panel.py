"""The billing tab shows a planted mismatch with its pages (activating them opens the page); a billing
question shows the lines in question beside its fields, and Cite adds a line's pages to its citations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QTableView, QTabWidget

from reviewer_app.cli import main as cli_main
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.page_viewer import PageViewer
from tests.bundle_builder import BundleSpec
from tests.pdf_corpus import text_pdf


def therapy_note(date: str, treatment: str) -> list[str]:
    return [
        "Coastline Physical Therapy",
        "PHYSICAL THERAPY DAILY NOTE",
        "Patient: Jane Roe   DOB: 03/14/1978",
        f"Date of service: {date}",
        "Therapist: Elena Vasquez, DPT",
        treatment,
        f"Electronically signed by Elena Vasquez, DPT on {date}",
    ]


STATEMENT = [
    "Coastline Physical Therapy",
    "ITEMIZED STATEMENT",
    "Date        Code   Description             Units   Charge",
    "03/16/2026  97110  Therapeutic exercise      2     $90.00",
    "03/18/2026  97110  Therapeutic exercise      4     $180.00",
]


def import_case(tmp_path: Path, data_dir: Path) -> None:
    spec = BundleSpec(files={})
    pages = [
        therapy_note("03/16/2026", "Therapeutic exercise 25 min"),
        therapy_note("03/18/2026", "Therapeutic exercise 97110 x2"),
    ]
    spec.with_file("records/001-therapy.pdf", text_pdf(pages))
    spec.with_file("records/002-bill.pdf", text_pdf([STATEMENT]))
    spec.manifest["questions"].append(
        {"id": "q3", "text": "Does the billed treatment align with what was documented?", "topic": "billing"}
    )
    assert cli_main(["--data-dir", str(data_dir), "import", str(spec.write_folder(tmp_path / "b"))]) == 0


def open_case(window: MainWindow) -> Any:
    window.refresh_cases()
    window.open_case(window.case_list.model.cases()[0].id)
    workspace = window.workspace
    assert workspace is not None
    return workspace


def cells(view: QTableView, row: int) -> list[str]:
    model = view.model()
    return [model.index(row, column).data() for column in range(model.columnCount())]


def test_the_billing_table_shows_a_planted_mismatch_with_its_pages(
    qtbot: Any, window: MainWindow, tmp_path: Path, data_dir: Path
) -> None:
    import_case(tmp_path, data_dir)
    window.show()
    workspace = open_case(window)
    tabs = workspace.records
    assert isinstance(tabs, QTabWidget)
    tabs.setCurrentWidget(workspace.billing)
    view = window.findChild(QTableView, "billingView")
    qtbot.waitUntil(lambda: view.model().rowCount() == 2, timeout=20_000)
    rows = [cells(view, row) for row in range(2)]
    assert rows[0][:5] == ["03/16/2026", "Documented", "97110", "2 / 2", "$90.00"]
    assert rows[0][5:] == ["Rec. 2 p. 1", "Rec. 1 p. 1", "Coastline Physical Therapy"]
    planted = rows[1]
    assert planted[:5] == ["03/18/2026", "Units differ", "97110", "4 / 2", "$180.00"]
    assert planted[5:] == ["Rec. 2 p. 1", "Rec. 1 p. 2", "Coastline Physical Therapy"]  # the bill's page and the note's
    assert view.model().index(1, 1).data(1) is not None  # an icon beside the words (never colour alone)
    assert "$180.00" in workspace.billing.totals.text()  # in question

    view.activated.emit(view.model().index(1, 6))  # the record's page opens in the reader
    viewer = window.findChild(PageViewer, "pageView")
    qtbot.waitUntil(
        lambda: workspace.current_record is not None and workspace.current_record.path.endswith("001-therapy.pdf"),
        timeout=5000,
    )
    qtbot.waitUntil(lambda: viewer.current_page() == 1, timeout=5000)

    workspace.billing.filter.setCurrentText("Units differ")
    assert view.model().rowCount() == 1


def test_a_billing_question_shows_the_lines_in_question_and_cite_adds_their_pages(
    qtbot: Any, window: MainWindow, tmp_path: Path, data_dir: Path
) -> None:
    import_case(tmp_path, data_dir)
    window.show()
    workspace = open_case(window)
    table = workspace.billing_question
    workspace.question_list.setCurrentRow(0)  # a necessity question: no billing table
    assert not table.isVisible()
    workspace.question_list.setCurrentRow(2)  # the billing question
    assert table.isVisible()
    view = window.findChild(QTableView, "billingQuestionTable")
    qtbot.waitUntil(lambda: view.model().rowCount() == 1, timeout=20_000)
    assert cells(view, 0) == ["Units differ", "03/18/2026", "97110", "Rec. 2 p. 1; Rec. 1 p. 2"]

    view.setCurrentIndex(view.model().index(0, 0))
    table.cite.click()
    cited = {(c.record_id, c.page_number) for c in workspace.session.citations() if c.question_key == "q3"}
    records = {r.path: r.id for r in workspace.case.records}
    assert cited == {(records["records/002-bill.pdf"], 1), (records["records/001-therapy.pdf"], 2)}
    table.cite.click()  # citing again adds nothing twice
    assert len([c for c in workspace.session.citations() if c.question_key == "q3"]) == 2


def test_a_visit_re_dated_in_the_chronology_is_checked_again(
    qtbot: Any, window: MainWindow, tmp_path: Path, data_dir: Path
) -> None:
    import_case(tmp_path, data_dir)
    window.show()
    workspace = open_case(window)
    workspace.records.setCurrentWidget(workspace.billing)
    view = window.findChild(QTableView, "billingView")
    qtbot.waitUntil(lambda: view.model().rowCount() == 2, timeout=20_000)
    workspace.records.setCurrentWidget(workspace.chronology)
    chronology = window.findChild(QTableView, "chronologyView")
    qtbot.waitUntil(lambda: chronology.model().rowCount() > 0, timeout=20_000)
    row = next(
        r
        for r in range(workspace.chronology.model.rowCount())
        if workspace.chronology.model.item(r, 0).text() == "03/18/2026"
    )
    workspace.chronology.model.item(row, 0).setText("03/19/2026")  # the physician's re-date
    qtbot.waitUntil(lambda: cells(view, 1)[1] == "Not documented", timeout=20_000)
