"""Layouts of the workspace (reading, writing, compact) and the pages in their own window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QListWidget, QScrollArea, QTabWidget

from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.page_viewer import PageViewer
from tests.bundle_builder import BundleSpec
from tests.services.test_records_workspace import MRI, PT_NOTE
from tests.ui.conftest import FakePrompts
from tests.ui.test_records_workspace import import_and_open


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def test_the_pages_go_to_their_own_window_and_come_back_on_the_same_record_and_page(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    spec = BundleSpec(files={"records/001-mri.pdf": MRI, "records/002-pt.pdf": PT_NOTE})
    workspace = import_and_open(qtbot, window, spec, tmp_path)
    viewer = window.findChild(PageViewer, "pageView")
    viewer.go_to_page(1)
    qtbot.waitUntil(lambda: viewer.current_page() == 1, timeout=5000)
    title = window.findChild(QLabel, "recordTitle").text()
    detach = action(window, "actionDetachViewer")
    assert detach.isEnabled() and not detach.isChecked()

    detach.trigger()
    pages_window = viewer.window()
    assert pages_window is not window and pages_window.isVisible()
    assert workspace.viewer_detached and detach.isChecked()
    assert viewer.is_detached(), "on a second monitor its pages count as read while the main window is active"
    assert workspace.current_record is not None and workspace.current_record.path == "records/001-mri.pdf"
    qtbot.waitUntil(lambda: viewer.current_page() == 1, timeout=5000)
    assert pages_window.findChild(QLabel, "recordTitle").text() == title
    assert window.findChild(PageViewer, "pageView") is None, "the viewer is no longer in the main window"
    # The workspace's keys work in the pages' window: Ctrl+K cites the page on screen there.
    workspace.question_list.setCurrentRow(0)
    qtbot.keyClick(viewer, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    cited = window.findChild(QListWidget, "findingCitations")
    assert cited.count() == 1 and cited.item(0).text().startswith("Rec. 1, p. 2")

    pages_window.close()  # closing that window brings the pages back
    assert viewer.window() is window and not workspace.viewer_detached and not detach.isChecked()
    assert not viewer.is_detached()
    assert window.findChild(PageViewer, "pageView") is viewer and viewer.isVisible()
    assert workspace.current_record.path == "records/001-mri.pdf"
    qtbot.waitUntil(lambda: viewer.current_page() == 1, timeout=5000)
    assert window.findChild(QLabel, "recordTitle").text() == title

    detach.trigger()
    assert viewer.window() is not window
    detach.trigger()  # and the menu brings them back as well
    assert viewer.window() is window and viewer.current_page() == 1
    assert workspace.splitter.sizes()[1] > 0, "the pages' column has its width again"


def test_the_warnings_tab_reads_in_full_and_the_findings_get_the_height_at_1366x768(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    spec = BundleSpec(files={"records/001-mri.pdf": MRI, "records/002-pt.pdf": PT_NOTE})
    window.resize(1366, 768)
    workspace = import_and_open(qtbot, window, spec, tmp_path)
    action(window, "actionLayoutCompact").trigger()
    qtbot.waitUntil(lambda: workspace.splitter.sizes()[0] > 0, timeout=2000)

    tabs = window.findChild(QTabWidget, "recordTabs")
    bar = tabs.tabBar()
    warnings = next(i for i in range(bar.count()) if bar.tabText(i).startswith("Warnings"))
    text_width = bar.fontMetrics().horizontalAdvance(bar.tabText(warnings))
    assert bar.tabRect(warnings).width() > text_width, "the label is not elided"
    assert bar.tabRect(warnings).right() <= bar.width(), "the tab is on screen, not behind scroll buttons"

    findings = window.findChild(QScrollArea, "findingsScroll")
    questions = window.findChild(QListWidget, "questionList")
    assert findings.viewport().height() >= 380, "the findings get the height (about 250 px before the layouts)"
    first, second = (questions.visualItemRect(questions.item(i)) for i in range(2))
    assert second.bottom() <= questions.viewport().height(), "both questions are in sight"
    assert first.height() < 2 * questions.fontMetrics().height(), "one line each"


def test_each_layout_keeps_its_own_pane_sizes_across_cases(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    spec = BundleSpec(files={"records/001-mri.pdf": MRI})
    window.resize(1600, 1000)
    workspace = import_and_open(qtbot, window, spec, tmp_path)
    reading, writing = action(window, "actionLayoutReading"), action(window, "actionLayoutWriting")
    assert reading.isChecked(), "reading is the first layout"
    records, pages, findings = workspace.splitter.sizes()
    assert records + pages > 3 * findings, "reading: records and pages wide, findings narrow"

    writing.trigger()
    assert writing.isChecked() and not reading.isChecked()
    records, pages, findings = workspace.splitter.sizes()
    assert records == 0 and findings > pages, "writing: the records folded, the findings wide beside the pages"
    workspace.splitter.setSizes([300, 500, 800])  # the physician unfolds the records a little
    mine = workspace.splitter.sizes()

    reading.trigger()
    assert workspace.splitter.sizes()[0] > 300
    writing.trigger()
    assert workspace.splitter.sizes() == mine, "writing comes back as the physician left it"

    case_id = workspace.case.id
    window.show_case_list()
    window.open_case(case_id)
    assert window.workspace is not None
    assert action(window, "actionLayoutWriting").isChecked()
    assert window.workspace.splitter.sizes() == mine, "and so it is when the case opens again"
