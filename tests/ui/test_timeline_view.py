"""The Timeline tab: a click on a mark opens its page; gaps over the setting are listed and follow it; it prints."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget

from reviewer_app.app import build_main_window
from reviewer_app.cli import main as cli_main
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.page_viewer import PageViewer
from reviewer_app.ui.timeline_panel import TimelineTab
from reviewer_app.ui.timeline_view import TimelineView
from tests.bundle_builder import BundleSpec
from tests.pdf_corpus import text_pdf
from tests.ui.conftest import FakePrompts

# The injury is 06/14/2025 (the base manifest's). Care on 06/20, 07/01 (PT), then nothing until 10/15:
# a gap of 106 days; then 11/20 (36 days). A bill on 08/15 is not care and does not close the gap.
CLINIC = [
    ["PROGRESS NOTE", "Date of service: 06/20/2025", "Provider: Alan Chu, MD", "Low back pain after lifting a box."],
    ["PHYSICAL THERAPY EVALUATION", "Date of service: 07/01/2025", "Therapist: Dana Lee, PT", "Plan of care."],
    ["ITEMIZED STATEMENT", "Date of service: 08/15/2025", "Total charges: $240.00", "Balance due: $240.00"],
    ["PROGRESS NOTE", "Date of service: 10/15/2025", "Provider: Alan Chu, MD", "Pain persists; MRI ordered."],
    ["PROGRESS NOTE", "Date of service: 11/20/2025", "Provider: Alan Chu, MD", "Requesting L4-5 ESI."],
]


def import_case(data_dir: Path, tmp_path: Path) -> None:
    spec = BundleSpec(files={"records/001-clinic.pdf": text_pdf(CLINIC)})
    spec.manifest["requested_services"][0]["requested_on"] = "2025-11-21"
    spec.manifest["claimant"]["name"] = {"given": "Maria", "family": "Lopez"}
    bundle = spec.write_folder(tmp_path / "bundle")
    assert cli_main(["--data-dir", str(data_dir), "import", str(bundle)]) == 0


def open_timeline(qtbot: Any, window: MainWindow) -> TimelineTab:
    window.refresh_cases()
    window.open_case(window.case_list.model.cases()[0].id)
    workspace = window.workspace
    assert workspace is not None
    assert isinstance(workspace.records, QTabWidget)
    workspace.records.setCurrentWidget(workspace.timeline)
    view = window.findChild(TimelineView, "timelineView")
    assert view is workspace.timeline.view
    qtbot.waitUntil(lambda: len(view.timeline.marks) > 0, timeout=20_000)
    return workspace.timeline


def test_a_click_on_the_timeline_opens_the_page(qtbot: Any, window: MainWindow, tmp_path: Path, data_dir: Path) -> None:
    import_case(data_dir, tmp_path)
    window.resize(1600, 1000)
    window.show()
    tab = open_timeline(qtbot, window)
    view = tab.view
    october = next(i for i, m in enumerate(view.timeline.marks) if m.start == dt.date(2025, 10, 15))
    view.reveal(october)
    assert view.viewport().rect().contains(view.mark_rect(october).center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mark_rect(october).center())

    viewer = window.findChild(PageViewer, "pageView")
    workspace = window.workspace
    assert workspace is not None
    qtbot.waitUntil(lambda: viewer.current_page() == 3, timeout=5000)  # page 4 of the clinic's record
    assert workspace.current_record is not None and workspace.current_record.path == "records/001-clinic.pdf"
    assert "10/15/2025" in view.accessibleDescription()


def test_the_keyboard_moves_between_marks_and_enter_opens_one(
    qtbot: Any, window: MainWindow, tmp_path: Path, data_dir: Path
) -> None:
    import_case(data_dir, tmp_path)
    window.show()
    view = open_timeline(qtbot, window).view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    qtbot.keyClick(view, Qt.Key.Key_Right)  # the second mark in date order: the therapy evaluation
    assert view.timeline.marks[view.selected or 0].start == dt.date(2025, 7, 1)
    with qtbot.waitSignal(view.page_requested, timeout=2000) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened.args[1] == 1


def test_gaps_longer_than_the_setting_are_listed_and_follow_it(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path, data_dir: Path
) -> None:
    import_case(data_dir, tmp_path)
    window.show()
    tab = open_timeline(qtbot, window)
    assert [text.split(":")[0] for text in tab.gap_texts()] == ["106 days without care", "36 days without care"]
    assert "07/01/2025 to 10/15/2025" in tab.gap_texts()[0]

    tab.gap_days.setValue(60)
    assert [text.split(":")[0] for text in tab.gap_texts()] == ["106 days without care"]
    window.close()
    window.runner.wait()

    reopened = build_main_window(data_dir, prompts=prompts)  # the setting is remembered
    qtbot.addWidget(reopened)
    reopened.show()
    tab = open_timeline(qtbot, reopened)
    assert tab.gap_days.value() == 60
    assert len(tab.gap_texts()) == 1
    reopened.close()
    reopened.runner.wait()


def test_printing_gives_pages_with_the_title_and_the_gaps(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path, data_dir: Path
) -> None:
    import_case(data_dir, tmp_path)
    window.show()
    tab = open_timeline(qtbot, window)
    tab.view.choose(0)  # a mark chosen: the status line says it, the print's subtitle still sums the case up
    prompts.print_to = tmp_path / "timeline.pdf"
    tab.print_button.click()
    assert "print_document:Treatment timeline" in prompts.asked
    assert prompts.errors == []
    document = pdfium.PdfDocument(prompts.print_to)
    text = "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert len(document) >= 1
    assert "Treatment timeline" in text and "Maria Lopez" in text and "WC-00-000001" in text
    assert "106 days without care: 07/01/2025 to 10/15/2025" in " ".join(text.split())
    assert "Injury 06/14/2025" in text
    assert "5 dated documents (4 treatment encounters)" in " ".join(text.split())


def test_a_re_date_in_the_chronology_moves_the_mark_and_the_lanes_follow_the_choice(
    qtbot: Any, window: MainWindow, tmp_path: Path, data_dir: Path
) -> None:
    import_case(data_dir, tmp_path)
    window.show()
    tab = open_timeline(qtbot, window)
    workspace = window.workspace
    assert workspace is not None
    workspace.records.setCurrentWidget(workspace.chronology)
    chronology = workspace.chronology
    qtbot.waitUntil(lambda: chronology.model.rowCount() == len(CLINIC), timeout=20_000)
    october = next(r for r in range(chronology.model.rowCount()) if chronology.model.item(r, 0).text() == "10/15/2025")
    chronology.model.item(october, 0).setText("08/01/2025")  # what editing the date cell does

    def moved() -> bool:
        return any(m.start == dt.date(2025, 8, 1) for m in tab.timeline.marks)

    qtbot.waitUntil(moved, timeout=20_000)
    assert not any(m.start == dt.date(2025, 10, 15) for m in tab.timeline.marks)
    gaps = [text.split(":")[0] for text in tab.gap_texts()]
    assert gaps == ["31 days without care", "111 days without care"]  # 07/01 to 08/01, then to 11/20

    tab.lanes.setCurrentText("Lanes: type")
    assert [lane.label for lane in tab.timeline.lanes] == ["Office visit", "Therapy", "Bill"]
