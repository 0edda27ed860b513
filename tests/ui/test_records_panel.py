"""The records panel of a 300-document case: sorted by any column, filtered, grouped, walked by keyboard."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QTreeView, QWidget

from reviewer_app.app import build_main_window
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.importing import import_bundle
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.records_model import COLUMNS
from tests.ui.big_case import PROVIDERS, write_big_case
from tests.ui.conftest import FakePrompts, record_rows


@pytest.fixture(scope="module")
def big_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the 300-document case, imported once for the module (about 3 s)."""
    scratch = tmp_path_factory.mktemp("big-case")
    folder = open_data_folder(scratch / "data")
    try:
        import_bundle(folder, write_big_case(scratch / "bundle"))
    finally:
        folder.close()
    return scratch / "data"


@pytest.fixture
def big_window(qtbot: Any, big_data_dir: Path, tmp_path: Path) -> Iterator[MainWindow]:
    """The main window over a copy of that folder, the case open, at a desktop size."""
    data_dir = tmp_path / "data"
    shutil.copytree(big_data_dir, data_dir)
    window = build_main_window(data_dir, prompts=FakePrompts())
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    window.open_case(window.case_list.model.cases()[0].id)
    yield window
    window.runner.wait()


def column(rows: list[dict[str, str]], heading: str) -> list[str]:
    return [row[heading] for row in rows]


def numbers(rows: list[dict[str, str]]) -> list[int]:
    """The documents' numbers in the case ("12. MRI report 012" -> 12)."""
    return [int(row["Document"].split(".", 1)[0]) for row in rows]


def click_heading(qtbot: Any, view: QTreeView, heading: str) -> None:
    header = view.header()
    section = COLUMNS.index(heading)
    view.scrollTo(view.model().index(0, section))
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_the_300_documents_sort_by_any_column_and_back_to_the_case_order(qtbot: Any, big_window: MainWindow) -> None:
    rows = record_rows(big_window)
    assert len(rows) == 300
    assert numbers(rows) == list(range(1, 301)), "unsorted, the list keeps the case's order"
    view = big_window.findChild(QTreeView, "recordTree")
    workspace = big_window.workspace
    assert workspace is not None
    workspace.splitter.setSizes([1150, 450, 320])  # the physician widens the records pane: every column fits
    assert workspace.records.shown_columns() == list(COLUMNS)

    click_heading(qtbot, view, "Dates")
    dates = column(record_rows(big_window), "Dates")
    assert dates == sorted(dates) and dates[0] == "2025-01-01"
    click_heading(qtbot, view, "Dates")
    assert column(record_rows(big_window), "Dates") == sorted(dates, reverse=True), "a second click reverses"

    click_heading(qtbot, view, "Provider")
    rows = record_rows(big_window)
    assert column(rows, "Provider") == sorted(column(rows, "Provider"))
    first = rows[0]["Provider"]
    same_provider = [n for n, row in zip(numbers(rows), rows, strict=True) if row["Provider"] == first]
    assert same_provider == sorted(same_provider), "documents of one provider stay in the case's order"

    click_heading(qtbot, view, "Type")
    kinds = column(record_rows(big_window), "Type")
    assert kinds == sorted(kinds) and kinds[0] == "Bill"
    click_heading(qtbot, view, "Document")
    titles = [row["Document"].split(". ", 1)[1] for row in record_rows(big_window)]
    assert titles == sorted(titles, key=str.casefold), "the Document column sorts by title, not by number"
    for heading in ("Pages", "State"):
        click_heading(qtbot, view, heading)
        assert len(record_rows(big_window)) == 300, heading

    for record in (workspace.case.records[4], workspace.case.records[250]):
        assert record.id is not None
        workspace.session.mark_reviewed(record.id, 0)
    workspace.reader.pages_reviewed.emit()  # as when a page has been on screen long enough
    click_heading(qtbot, view, "Reviewed")
    if view.header().sortIndicatorOrder() is Qt.SortOrder.AscendingOrder:
        click_heading(qtbot, view, "Reviewed")
    rows = record_rows(big_window)
    assert set(numbers(rows)[:2]) == {5, 251} and column(rows, "Reviewed")[:3] == ["✓ 1/1", "✓ 1/1", "0/1"]

    qtbot.mouseClick(big_window.findChild(QPushButton, "recordOrder"), Qt.MouseButton.LeftButton)
    assert numbers(record_rows(big_window)) == list(range(1, 301))


def test_the_filter_keeps_the_documents_holding_every_word(qtbot: Any, big_window: MainWindow) -> None:
    search = big_window.findChild(QLineEdit, "recordFilter")
    qtbot.keyClicks(search, "bayside")
    rows = record_rows(big_window)
    assert len(rows) == 60 and set(column(rows, "Provider")) == {"Bayside Physical Therapy"}

    search.clear()
    qtbot.keyClicks(search, "mri 2025-0")
    rows = record_rows(big_window)
    assert rows and all("MRI" in r["Document"] and r["Dates"].startswith("2025-0") for r in rows)
    assert len(rows) < 50

    search.clear()
    qtbot.keyClicks(search, "no such provider")
    assert record_rows(big_window) == []
    search.clear()
    assert len(record_rows(big_window)) == 300


def test_grouped_by_provider_type_or_month_every_document_is_under_one_heading(
    qtbot: Any, big_window: MainWindow
) -> None:
    grouping = big_window.findChild(QComboBox, "recordGrouping")
    view = big_window.findChild(QTreeView, "recordTree")
    grouping.setCurrentText("By provider")
    model = view.model()
    headings = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert headings == [f"{p} (60)" for p in sorted(PROVIDERS)]
    assert len(record_rows(big_window)) == 300

    grouping.setCurrentText("By month")
    headings = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert headings[0].startswith("January 2025 (")
    assert sum(int(h.rsplit("(", 1)[1].rstrip(")")) for h in headings) == 300

    search = big_window.findChild(QLineEdit, "recordFilter")
    qtbot.keyClicks(search, "work status")
    rows = record_rows(big_window)
    assert len(rows) == 50 and all("Work status" in r["Document"] for r in rows)
    assert all(int(model.index(r, 0).data().rsplit("(", 1)[1].rstrip(")")) > 0 for r in range(model.rowCount()))

    grouping.setCurrentText("By type")
    headings = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert headings == ["Work status (50)"], "a heading stays only while one of its documents is shown"


def test_a_narrow_pane_shows_the_columns_that_fit_and_those_the_physician_asks_for(big_window: MainWindow) -> None:
    workspace = big_window.workspace
    assert workspace is not None
    workspace.splitter.setSizes([330, 900, 690])
    shown = workspace.records.shown_columns()
    assert shown[0] == "Document" and "Reviewed" in shown and "Pages" not in shown
    view = big_window.findChild(QTreeView, "recordTree")
    assert view.horizontalScrollBar().maximum() == 0, "no column is off to the side"
    title = view.header().sectionSize(0)
    assert title >= 200, "the title keeps room for about 30 characters (the whole title is in its tooltip)"

    workspace.records.set_column_shown("Pages", True)  # from the heading's context menu
    assert "Pages" in workspace.records.shown_columns()
    workspace.records.sort_by("Pages")
    assert len(record_rows(big_window)) == 300


def test_the_arrow_keys_walk_the_sorted_list_and_open_each_document(qtbot: Any, big_window: MainWindow) -> None:
    workspace = big_window.workspace
    assert workspace is not None
    workspace.records.sort_by("Dates")
    view = big_window.findChild(QTreeView, "recordTree")
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    rows = record_rows(big_window)
    assert workspace.current_record is not None and rows[0]["Document"].endswith(workspace.current_record.title)
    for row in rows[1:4]:
        qtbot.keyClick(view, Qt.Key.Key_Down)
        assert workspace.current_record is not None
        assert row["Document"].endswith(workspace.current_record.title)
        assert workspace.page_view.page_count() == 1


def test_every_tab_of_the_records_panel_is_in_reach_from_its_list_when_the_bar_scrolls(qtbot: Any) -> None:
    from reviewer_app.ui.records_panel import RecordsPanel

    panel = RecordsPanel([])
    qtbot.addWidget(panel)
    for title in ("Highlights (0)", "Chronology", "Timeline", "Billing", "Missing records"):
        panel.addTab(QWidget(), title)
    panel.resize(360, 400)
    panel.show()
    panel.tab_list.fill()
    listed = [action.text().split("\t")[0] for action in panel.tab_list.list_menu.actions()]
    assert listed == [panel.tabText(i) for i in range(panel.count())]
    assert listed[-1] == "Missing records"
    panel.tab_list.list_menu.actions()[-1].trigger()
    assert panel.currentIndex() == panel.count() - 1
    panel.tab_list.fill()
    assert [a.isChecked() for a in panel.tab_list.list_menu.actions()][-1] is True
