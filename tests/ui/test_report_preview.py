"""The draft preview is a reader: the physician opens the draft, goes to page 2, zooms, finds a
word and prints it, as with the records."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QToolButton, QWidget

from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.reporting import draft_preview_file
from reviewer_app.ui.document_find import find_in_pages
from reviewer_app.ui.report_preview import ReportPreview
from tests.reports.demo_findings import PEER_REVIEW, fill_demo_findings


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo peer review's draft report, its findings filled in (several pages)."""
    data_dir = tmp_path_factory.mktemp("preview") / "data"
    folder = open_data_folder(data_dir)
    try:
        ensure_demo_cases(folder)
        fill_demo_findings(folder)
        path = draft_preview_file(folder, find_case(folder, PEER_REVIEW))
        copy = data_dir.parent / "draft.pdf"
        copy.write_bytes(path.read_bytes())
    finally:
        folder.close()
    return copy


def page_texts(pdf: Path) -> list[str]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return [document[index].get_textpage().get_text_range() for index in range(len(document))]
    finally:
        document.close()


@pytest.fixture
def preview(qtbot: Any, draft: Path) -> Any:
    parent = QWidget()
    qtbot.addWidget(parent)
    printed: list[Path] = []

    def print_to_pdf(_parent: QWidget, _title: str, paint: Callable[[QPrinter], None]) -> bool:
        target = draft.parent / f"printed-{len(printed)}.pdf"
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        paint(printer)
        printed.append(target)
        return True

    window = ReportPreview.show_for(parent, f"Draft report — {PEER_REVIEW}", draft, print_document=print_to_pdf)
    window.resize(900, 900)
    qtbot.waitExposed(window)
    window.printed = printed
    yield window
    window.close()


def test_the_draft_opens_in_the_reader_with_its_tools(preview: ReportPreview, draft: Path) -> None:
    view = preview.view
    assert view.is_open() and view.file_path() == draft
    assert view.page_count() >= 3
    assert view.is_fit_width()
    # The reader's own tools are there and named for a screen reader.
    for name, kind in (
        ("pageNumber", QSpinBox),
        ("zoomLevel", QComboBox),
        ("zoomIn", QToolButton),
        ("fitWidth", QToolButton),
        ("fitPage", QToolButton),
        ("findText", QLineEdit),
    ):
        widget = preview.findChild(kind, name)
        assert widget is not None, name
        assert widget.accessibleName(), name
    assert f"{view.page_count()} pages" in preview.note.text()
    # The zoom box says the zoom the page is shown at (it read "11 %" when the window opened).
    zoom_level = preview.findChild(QComboBox, "zoomLevel")
    assert zoom_level.currentText() == f"{round(view.zoom() * 100)} %"
    assert view.zoom() > 0.9
    # Fit width fills the window's width: the page is as wide as the viewer, less its hairline margins.
    assert view.page_rect(0).width() >= view.viewport().width() - 8


def test_go_to_page_two_zoom_and_find_a_word(preview: ReportPreview, qtbot: Any, draft: Path) -> None:
    view = preview.view
    toolbar = preview.toolbar
    page_number = toolbar.findChild(QSpinBox, "pageNumber")
    # Page 2, typed in the page field and confirmed with Enter, as the physician does.
    page_number.setFocus()
    page_number.selectAll()
    qtbot.keyClicks(page_number, "2")
    qtbot.keyClick(page_number, Qt.Key.Key_Return)
    assert view.current_page() == 1
    assert abs(view.page_rect(1).top()) <= 12

    # Zoom in twice from fit width: the page grows and the zoom box says so.
    before = view.zoom()
    zoom_in = toolbar.findChild(QToolButton, "zoomIn")
    qtbot.mouseClick(zoom_in, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(zoom_in, Qt.MouseButton.LeftButton)
    assert not view.is_fit_width()
    assert view.zoom() > before
    assert toolbar.findChild(QComboBox, "zoomLevel").currentText() == f"{round(view.zoom() * 100)} %"
    assert view.current_page() == 1  # zooming keeps the page being read

    # Find a word of the report that is on a later page: each hit is highlighted on its page.
    texts = page_texts(draft)
    word = "lumbar"
    expected = [page for page, text in enumerate(texts) for _ in range(text.lower().count(word))]
    assert expected, "the draft mentions the lumbar spine"
    field = preview.find_bar.field
    field.setFocus()
    qtbot.keyClicks(field, word)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    hits = preview.find_bar.hits()
    assert [hit.page for hit in hits] == expected
    shown = preview.find_bar.current_hit()
    assert shown is not None and shown.page >= 1  # the first hit from page 2 on
    highlighted = view.highlights()
    assert highlighted is not None and highlighted[0] == shown.page and highlighted[1]
    # The highlight is on screen, over the word.
    box = view.map_from_page(shown.page, highlighted[1][0])
    assert view.viewport().rect().intersects(box.toAlignedRect())
    count = preview.find_bar.count.text()
    assert count == f"{hits.index(shown) + 1} of {len(hits)}"
    # F3 goes on to the next hit, round to the first after the last.
    qtbot.keyClick(field, Qt.Key.Key_F3)
    assert preview.find_bar.current_hit() == hits[(hits.index(shown) + 1) % len(hits)]


def test_a_word_not_in_the_draft_says_so(preview: ReportPreview, qtbot: Any) -> None:
    assert preview.find_bar.find("xylophone") == 0
    assert preview.find_bar.count.text() == "No hits"
    assert preview.view.highlights() is None
    assert not preview.find_bar.next.isEnabled()


def test_print_sends_every_page_of_the_draft(preview: ReportPreview, qtbot: Any, draft: Path) -> None:
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    assert len(preview.printed) == 1
    printed = pdfium.PdfDocument(str(preview.printed[0]))
    try:
        assert len(printed) == preview.view.page_count()
    finally:
        printed.close()
    assert "sent to the printer" in preview.note.text()


def test_enter_in_the_find_field_does_not_print(preview: ReportPreview, qtbot: Any) -> None:
    field = preview.find_bar.field
    field.setFocus()
    qtbot.keyClicks(field, "necessity")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert preview.printed == []
    assert preview.isVisible()


def test_find_ignores_case_and_line_breaks() -> None:
    texts = ["Lumbar strain,\r\nimproving", "no mention", "LUMBAR  strain again; lumbar"]
    hits = find_in_pages(texts, "lumbar strain")
    assert [(h.page, h.start, h.length) for h in hits] == [(0, 0, 13), (2, 0, 14)]
    assert [(h.page, h.start) for h in find_in_pages(texts, "strain, improving")] == [(0, 7)]
    assert [h.page for h in find_in_pages(texts, "lumbar")] == [0, 2, 2]
    assert find_in_pages(texts, "   ") == []


def test_a_narrow_window_puts_find_and_print_on_a_second_row(preview: ReportPreview, qtbot: Any) -> None:
    assert not preview.tools_in_two_rows()
    toolbar = preview.toolbar
    preview.resize(560, 700)
    qtbot.waitUntil(preview.tools_in_two_rows)
    # Every page tool stays on screen (none folded into the overflow menu), the find field below.
    qtbot.waitUntil(lambda: toolbar.findChild(QToolButton, "rotateRight").isVisible())
    for name in ("previousPage", "nextPage", "zoomOut", "zoomIn", "fitWidth", "fitPage", "rotateLeft", "rotateRight"):
        button = toolbar.findChild(QToolButton, name)
        assert button.isVisible(), name
    assert preview.find_bar.geometry().top() > toolbar.geometry().bottom()
    assert preview.find_bar.field.width() >= preview.find_bar.field.minimumWidth()
    preview.resize(1000, 700)
    qtbot.waitUntil(lambda: not preview.tools_in_two_rows())


def test_ctrl_f_from_the_pages_goes_to_the_find_field(preview: ReportPreview, qtbot: Any) -> None:
    preview.activateWindow()
    qtbot.waitActive(preview)
    preview.view.setFocus()
    qtbot.waitUntil(preview.view.hasFocus)
    qtbot.keyClick(preview.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert preview.find_bar.field.hasFocus()
    # Page keys still turn the draft's pages while the pages have the focus.
    preview.view.setFocus()
    qtbot.keyClick(preview.view, Qt.Key.Key_PageDown)
    assert preview.view.current_page() == 1
