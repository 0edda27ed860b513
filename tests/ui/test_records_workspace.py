"""The records workspace driven as a physician would: search, unlock, OCR, review, cite."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFont
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QListWidget, QPushButton, QTreeView

from reviewer_app.app import build_main_window
from reviewer_app.cli import main as cli_main
from reviewer_app.records.ocr import tesseract_status
from reviewer_app.resources import resource_path
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.page_viewer import PageViewer
from reviewer_app.ui.workspace import CaseWorkspace
from tests.bundle_builder import BundleSpec
from tests.conftest import REAL_PDFS
from tests.services.test_records_workspace import MRI, PT_NOTE
from tests.ui.conftest import FakePrompts, record_rows, wait_saved


def import_and_open(qtbot: Any, window: MainWindow, spec: BundleSpec, tmp_path: Path) -> CaseWorkspace:
    assert cli_main(["--data-dir", str(window.folder.path), "import", str(spec.write_folder(tmp_path / "b"))]) == 0
    window.refresh_cases()
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # pages count as read only while the window is active
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.open_case(window.case_list.model.cases()[0].id)
    assert window.workspace is not None
    return window.workspace


def record_row(workspace: CaseWorkspace, title_part: str) -> dict[str, str]:
    """The row of the records list whose document title holds ``title_part``."""
    return next(row for row in record_rows(workspace) if title_part in row["Document"])


def test_search_finds_a_phrase_and_the_viewer_shows_it_highlighted(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    spec = BundleSpec(files={"records/001-mri.pdf": MRI, "records/002-pt.pdf": PT_NOTE})
    workspace = import_and_open(qtbot, window, spec, tmp_path)
    search = window.findChild(QLineEdit, "recordSearch")
    qtbot.keyClicks(search, '"foraminal narrowing"')
    qtbot.keyClick(search, Qt.Key.Key_Return)

    results = window.findChild(QTreeView, "searchResults")
    hits = results.model()
    assert hits.total == 1 and hits.data(hits.index(0, 0)) == "Rec. 1 · 001-mri — 1 hit"
    assert results.currentIndex().data().startswith("p. 2: ")
    viewer = window.findChild(PageViewer, "pageView")
    qtbot.waitUntil(lambda: viewer.current_page() == 1, timeout=5000)
    highlighted = viewer.highlights()
    assert highlighted is not None and highlighted[0] == 1 and highlighted[1]
    assert workspace.current_record is not None and workspace.current_record.path == "records/001-mri.pdf"


def test_a_locked_pdf_opens_after_the_password(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    locked = (REAL_PDFS / "enc-XI-R6,V5,U=view,O=master.pdf").read_bytes()
    workspace = import_and_open(qtbot, window, BundleSpec(files={"records/locked.pdf": locked}), tmp_path)
    unlock = window.findChild(QPushButton, "unlockRecord")
    assert unlock.isVisible()
    prompts.password = "wrong"
    qtbot.mouseClick(unlock, Qt.MouseButton.LeftButton)
    assert prompts.errors and "does not open" in prompts.errors[-1][1]

    prompts.password = "view"
    qtbot.mouseClick(unlock, Qt.MouseButton.LeftButton)
    viewer = window.findChild(PageViewer, "pageView")
    assert viewer.page_count() == 30
    assert workspace.viewer.currentWidget() is not workspace._message_page
    state = record_rows(window)[0]["State"]
    assert "Text" in state or "Scanned" in state


def test_reviewed_page_counts_move_as_pages_are_shown(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    window.settings.setValue("review/dwell_seconds", 0.2)
    spec = BundleSpec(files={"records/001-mri.pdf": MRI, "records/002-pt.pdf": PT_NOTE})
    workspace = import_and_open(qtbot, window, spec, tmp_path)
    summary = window.findChild(QLabel, "reviewSummary")
    assert record_rows(window)[0]["Reviewed"] == "0/2"
    qtbot.waitUntil(lambda: record_rows(window)[0]["Reviewed"] == "1/2", timeout=5000)
    assert workspace.page_view.dwelled_pages() == {0}, "only the page on screen was read"
    workspace.page_view.next_page()
    qtbot.waitUntil(lambda: record_rows(window)[0]["Reviewed"] == "✓ 2/2", timeout=5000)
    assert "<b>2</b> reviewed" in summary.text()
    assert record_rows(window)[1]["Reviewed"] == "0/2", "pages never shown are not counted"


def test_a_citation_survives_a_restart(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, data_dir: Path, tmp_path: Path
) -> None:
    spec = BundleSpec(files={"records/001-mri.pdf": MRI})
    workspace = import_and_open(qtbot, window, spec, tmp_path)
    workspace.page_view.go_to_page(1)
    qtbot.waitUntil(lambda: workspace.page_view.current_page() == 1, timeout=5000)
    prompts.note = "ESI criteria discussed"
    qtbot.mouseClick(window.findChild(QPushButton, "addKeyPage"), Qt.MouseButton.LeftButton)
    workspace.question_list.setCurrentRow(0)
    qtbot.keyClick(workspace.page_view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.findChild(QListWidget, "findingCitations").count() == 1
    window.close()

    again = build_main_window(data_dir, prompts=prompts)
    qtbot.addWidget(again)
    again.show()
    again.open_case(again.case_list.model.cases()[0].id)
    key_pages = again.findChild(QListWidget, "keyPages")
    assert key_pages.count() == 1 and key_pages.item(0).text().startswith("Rec. 1, p. 2")
    assert "Note: ESI criteria discussed" in key_pages.item(0).text()
    assert again.findChild(QListWidget, "findingCitations").item(0).text().startswith("Rec. 1, p. 2")
    key_pages.setCurrentRow(0)
    qtbot.keyClick(key_pages, Qt.Key.Key_Return)
    viewer = again.findChild(PageViewer, "pageView")
    qtbot.waitUntil(lambda: viewer.current_page() == 1, timeout=5000)
    again.close()


def scanned_page_pdf(text: str) -> bytes:
    font = ImageFont.truetype(str(resource_path("fonts", "DejaVuSans.ttf")), 40)
    image = Image.new("L", (1700, 2200), 255)
    ImageDraw.Draw(image).multiline_text((150, 200), text, font=font, fill=0, spacing=20)
    path = Path("/tmp") / "reviewer-scan-test.pdf"
    image.convert("1").save(path, "PDF", resolution=200)
    data = path.read_bytes()
    path.unlink()
    return data


@pytest.mark.skipif(not tesseract_status().available, reason="Tesseract is installed by the project's set-up")
def test_a_scanned_page_becomes_searchable_after_ocr(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    scan = scanned_page_pdf("WORK STATUS REPORT\nPatient may return to modified duty\nNo lifting over 20 pounds")
    workspace = import_and_open(qtbot, window, BundleSpec(files={"records/fax.pdf": scan}), tmp_path)
    search = window.findChild(QLineEdit, "recordSearch")
    search.setText("lifting")
    workspace.run_search()
    assert window.findChild(QTreeView, "searchResults").model().total == 0

    window.ocr.start()
    qtbot.waitUntil(lambda: not window.ocr.busy, timeout=90_000)
    workspace = window.workspace
    assert workspace is not None
    workspace.run_search()
    results = window.findChild(QTreeView, "searchResults")
    assert results.model().total == 1 and "OCR" in results.currentIndex().data()
    assert "Text" in record_rows(window)[0]["State"]
    qtbot.waitUntil(lambda: window.findChild(PageViewer, "pageView").highlights() is not None, timeout=5000)


def test_without_tesseract_the_application_says_so_and_works_on(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewer_app.records.ocr import MISSING_MESSAGE, TesseractStatus
    from reviewer_app.ui import ocr_control

    monkeypatch.setattr(ocr_control, "ocr_availability", lambda: TesseractStatus(False, None, MISSING_MESSAGE))
    scan = scanned_page_pdf("FAX COVER SHEET")
    workspace = import_and_open(qtbot, window, BundleSpec(files={"records/fax.pdf": scan}), tmp_path)
    window.ocr.start()
    qtbot.waitUntil(lambda: not window.ocr.busy, timeout=10_000)
    assert "Tesseract" in window.status_text.text()
    assert workspace.page_view.page_count() == 1, "the scanned page is still shown"


def test_duplicate_pages_are_counted_shown_and_can_be_hidden(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    spec = BundleSpec(files={"records/001-mri.pdf": MRI, "records/002-pt.pdf": PT_NOTE, "records/003-copy.pdf": MRI})
    workspace = import_and_open(qtbot, window, spec, tmp_path)
    qtbot.waitUntil(lambda: workspace.session.duplicates_known, timeout=10_000)
    summary = window.findChild(QLabel, "reviewSummary")
    assert "<b>6</b> pages received · <b>3</b> duplicate · <b>3</b> unique" in summary.text()
    banner = window.findChild(QLabel, "duplicateBanner")
    assert banner.isVisible() and "Rec. 3, p. 1" in banner.text()

    assert [row["Document"] for row in record_rows(window)] == ["1. 001-mri", "2. 002-pt", "3. 003-copy"]
    window.findChild(QCheckBox, "hideDuplicates").setChecked(True)
    shown = [row["Document"] for row in record_rows(window)]
    assert shown == ["1. 001-mri", "2. 002-pt"], "a document wholly made of copies is hidden; its pages stay counted"
    assert "<b>6</b> pages received" in summary.text()


def test_a_necessity_question_answered_in_the_panel_survives_a_restart(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, data_dir: Path, tmp_path: Path
) -> None:
    from reviewer_app.ui.field_editor import FieldEditor

    spec = BundleSpec(files={"records/001-mri.pdf": MRI})
    workspace = import_and_open(qtbot, window, spec, tmp_path)
    questions = window.findChild(QListWidget, "questionList")
    assert "○ Not started" in questions.item(0).text()

    determination = window.findChild(FieldEditor, "field:q1.svc1.determination")
    assert determination is not None
    determination.choose("non_certify")  # type: ignore[attr-defined]
    wait_saved(qtbot, workspace)
    assert "◐ In progress" in questions.item(0).text()
    rationale = window.findChild(FieldEditor, "field:q1.svc1.rationale")
    text = (
        "The MRI of 2026-04-24 shows an L4-5 protrusion but the examination on 2026-09-09 found a negative "
        "straight leg raise and symmetric reflexes, and six weeks of therapy were not completed before the request."
    )
    rationale.set_value(text)
    rationale.edited.emit("q1.svc1.rationale", text)  # as the idle timer does after typing stops
    workspace.page_view.go_to_page(1)
    qtbot.waitUntil(lambda: workspace.page_view.current_page() == 1, timeout=5000)
    workspace.question_list.setCurrentRow(0)
    qtbot.keyClick(workspace.page_view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    readiness = window.findChild(QListWidget, "readiness")
    texts = [readiness.item(i).text() for i in range(readiness.count())]
    assert any("guideline" in t.lower() for t in texts), texts
    window.close()

    again = build_main_window(data_dir, prompts=prompts)
    qtbot.addWidget(again)
    again.show()
    again.open_case(again.case_list.model.cases()[0].id)
    assert again.findChild(FieldEditor, "field:q1.svc1.determination").value() == "non_certify"
    assert again.findChild(FieldEditor, "field:q1.svc1.rationale").value() == text
    assert again.findChild(FieldEditor, "field:q1.svc1.citations").value() == [
        {"record": "records/001-mri.pdf", "page": 2}
    ]
    again.close()


def test_a_word_on_300_pages_gives_300_hits_grouped_by_document_and_f3_reaches_the_last(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    from tests.pdf_corpus import text_pdf

    def chart(pages: int) -> bytes:
        return text_pdf([[f"Nursing note {n + 1}", "Tramadol 50 mg given."] for n in range(pages)])

    spec = BundleSpec(files={"records/001-chart.pdf": chart(260), "records/002-clinic.pdf": chart(40)})
    workspace = import_and_open(qtbot, window, spec, tmp_path)
    search = window.findChild(QLineEdit, "recordSearch")
    qtbot.keyClicks(search, "tramadol")
    qtbot.keyClick(search, Qt.Key.Key_Return)

    results = window.findChild(QTreeView, "searchResults")
    hits = results.model()
    assert hits.total == 300
    assert [hits.data(hits.index(row, 0)) for row in range(hits.rowCount())] == [
        "Rec. 1 · 001-chart — 260 hits",
        "Rec. 2 · 002-clinic — 40 hits",
    ]
    assert "300 pages in 2 documents" in window.findChild(QLabel, "hitCount").text()
    assert hits.rowCount(hits.index(1, 0)) == 0, "the second document's hits are loaded only when reached"
    viewer = window.findChild(PageViewer, "pageView")
    workspace.reader.step_hit(-1)  # Shift+F3 from the first hit wraps to the very last
    assert workspace.reader.current_hit() == 299
    qtbot.waitUntil(lambda: viewer.current_page() == 39, timeout=5000)
    assert workspace.current_record is not None and workspace.current_record.path == "records/002-clinic.pdf"
    for _ in range(3):
        qtbot.keyClick(viewer, Qt.Key.Key_F3)
    assert workspace.reader.current_hit() == 2  # F3 wrapped past the last to the first


def test_marking_a_range_reviewed_moves_the_counts_and_the_report_and_show_agree(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from tests.pdf_corpus import text_pdf

    spec = BundleSpec(files={"records/001-chart.pdf": text_pdf([[f"Flowsheet {n + 1}"] for n in range(12)])})
    workspace = import_and_open(qtbot, window, spec, tmp_path)
    prompts.page_range = (3, 9)
    action = workspace.findChild(QAction, "actionMarkReviewed")
    assert action is not None
    action.trigger()
    reviewed_cell = record_rows(window)[0]["Reviewed"]
    assert "7" in reviewed_cell and "12" in reviewed_cell, reviewed_cell  # the records panel moved at once
    counts = workspace.session.review_state().counts
    assert (counts.reviewed, counts.unique_reviewed) == (7, 7)

    capsys.readouterr()
    assert cli_main(["--data-dir", str(window.folder.path), "show", "PR-TEST-0001", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["pages_reviewed"] == 7 and shown["records"][0]["pages_reviewed"] == 7
    from reviewer_app.services.report_content import build_report_content

    content = build_report_content(window.folder, "PR-TEST-0001", draft=True)
    assert content.attestation.statements[1] == (
        "I personally reviewed 7 of the 12 unique pages of the 1 document listed in this report "
        "(12 pages received); 5 pages were not reviewed."
    )


def test_a_drag_across_two_lines_quotes_whole_words_and_the_quote_can_be_edited(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from tests.pdf_corpus import text_pdf

    line_1, line_2 = "Straight leg raise positive on the left", "at 40 degrees with great toe extension weakness."
    spec = BundleSpec(files={"records/001-exam.pdf": text_pdf([[line_1, line_2]])})
    workspace = import_and_open(qtbot, window, spec, tmp_path)
    viewer = window.findChild(PageViewer, "pageView")
    qtbot.waitUntil(lambda: viewer.page_count() == 1, timeout=5000)

    def on_screen(line: str, word: str, fraction: float, baseline: float) -> QPoint:
        x = 72 + stringWidth(line[: line.index(word)], "Helvetica", 11) + fraction * stringWidth(word, "Helvetica", 11)
        point = viewer._page_transform(0).map(QPointF(x, baseline - 3)) - QPointF(viewer._origin())
        return point.toPoint()

    start, end = on_screen(line_1, "raise", 0.5, 72), on_screen(line_2, "extension", 0.4, 86)
    qtbot.mousePress(viewer.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewer.viewport(), pos=(start + end) / 2)
    qtbot.mouseMove(viewer.viewport(), pos=end)
    qtbot.mouseRelease(viewer.viewport(), Qt.MouseButton.LeftButton, pos=end)

    quote = window.findChild(QLineEdit, "selectedQuote")
    assert quote.text() == "raise positive on the left at 40 degrees with great toe extension"
    assert workspace.reader.quote == quote.text()
    quote.selectAll()
    qtbot.keyClicks(quote, "positive on the left")  # the physician trims the quote before citing
    assert workspace.reader.quote == "positive on the left"


def test_a_highlight_with_its_note_survives_a_restart(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path, data_dir: Path
) -> None:
    from PySide6.QtCore import QPointF

    from reviewer_app.app import build_main_window
    from tests.pdf_corpus import text_pdf

    spec = BundleSpec(
        files={"records/001-exam.pdf": text_pdf([["Intake"], ["Straight leg raise positive on the left"]])}
    )
    workspace = import_and_open(qtbot, window, spec, tmp_path)
    viewer = window.findChild(PageViewer, "pageView")
    qtbot.waitUntil(lambda: viewer.page_count() == 2, timeout=5000)
    viewer.words_dragged.emit(1, QPointF(72, 70), QPointF(180, 70))  # the drag the mouse makes, in points
    assert workspace.reader.quote.startswith("Straight leg")
    workspace.reader.highlight_colour.setCurrentText("Green")
    qtbot.mouseClick(window.findChild(QPushButton, "highlightWords"), Qt.MouseButton.LeftButton)
    assert viewer.pen_marks().get(1), "the highlight is drawn on its page"
    listed = window.findChild(QListWidget, "highlightsList")
    assert listed.count() == 1 and listed.item(0).text().startswith("Rec. 1, p. 2 — “Straight leg")
    listed.setCurrentRow(0)
    prompts.note = "Positive SLR, left"
    qtbot.mouseClick(window.findChild(QPushButton, "highlightNote"), Qt.MouseButton.LeftButton)
    window.close()
    window.runner.wait()

    reopened = build_main_window(data_dir, prompts=prompts)
    qtbot.addWidget(reopened)
    reopened.open_case(reopened.case_list.model.cases()[0].id)
    listed = reopened.findChild(QListWidget, "highlightsList")
    assert listed.count() == 1 and "Note: Positive SLR, left" in listed.item(0).text()
    listed.setCurrentRow(0)
    listed.itemActivated.emit(listed.item(0))  # the page of the highlight is shown, with the highlight
    viewer = reopened.findChild(PageViewer, "pageView")
    qtbot.waitUntil(lambda: viewer.current_page() == 1, timeout=5000)
    assert viewer.pen_marks().get(1)
    reopened.close()
    reopened.runner.wait()


def test_one_list_of_pages_relied_on_per_question_removed_in_one_place(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    from reviewer_app.services.citations import list_citations
    from reviewer_app.services.report_content import build_report_content
    from reviewer_app.ui.field_editor import FieldEditor

    spec = BundleSpec(files={"records/001-mri.pdf": MRI, "records/002-pt.pdf": PT_NOTE})
    workspace = import_and_open(qtbot, window, spec, tmp_path)
    workspace.question_list.setCurrentRow(0)  # q1: necessity, whose form lists the records relied on
    viewer = window.findChild(PageViewer, "pageView")
    viewer.go_to_page(1)
    qtbot.waitUntil(lambda: viewer.current_page() == 1, timeout=5000)
    qtbot.keyClick(viewer, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(viewer, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)  # cited twice: listed once
    wait_saved(qtbot, workspace)

    relied_on = window.findChild(FieldEditor, "field:q1.svc1.citations")
    assert relied_on.value() == [{"record": "records/001-mri.pdf", "page": 2}]
    assert not window.findChild(QListWidget, "findingCitations").isVisible(), "no second list beside it"
    assert len([c for c in list_citations(window.folder, workspace.case.id) if c.kind == "finding"]) == 1

    relied_on.list.setCurrentRow(0)
    relied_on.remove_selected()  # taken out of the one list...
    wait_saved(qtbot, workspace)
    qtbot.waitUntil(lambda: not [c for c in list_citations(window.folder, workspace.case.id) if c.kind == "finding"])
    content = build_report_content(window.folder, "PR-TEST-0001", draft=True)
    printed = [
        p.reference for q in content.questions for part in q.parts for i in part.items for p in getattr(i, "pages", ())
    ]
    assert printed == [], "...and the report no longer prints it anywhere"


def test_a_highlight_is_printed_with_its_page(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    import pypdfium2 as pdfium
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QAction

    from tests.pdf_corpus import text_pdf

    spec = BundleSpec(files={"records/001-exam.pdf": text_pdf([["Straight leg raise positive on the left"]])})
    workspace = import_and_open(qtbot, window, spec, tmp_path)
    viewer = window.findChild(PageViewer, "pageView")
    qtbot.waitUntil(lambda: viewer.page_count() == 1, timeout=5000)

    def green_pixels_printed(name: str) -> int:
        printed = tmp_path / name
        prompts.print_to, prompts.page_range = printed, (1, 1)
        window.findChild(QAction, "actionPrintRecordPages").trigger()
        qtbot.waitUntil(lambda: printed.is_file() and printed.stat().st_size > 0, timeout=10_000)
        document = pdfium.PdfDocument(str(printed))
        try:
            image = document[0].render(scale=1).to_pil().convert("RGB")
        finally:
            document.close()
        raw = image.tobytes()
        return sum(1 for i in range(0, len(raw), 3) if raw[i + 1] > raw[i] + 20 and raw[i + 1] > raw[i + 2] + 20)

    assert green_pixels_printed("before.pdf") == 0  # black text on white
    viewer.words_dragged.emit(0, QPointF(72, 70), QPointF(250, 70))
    workspace.reader.highlight_colour.setCurrentText("Green")
    workspace.reader.highlight_selection()
    assert green_pixels_printed("after.pdf") > 500, "the green highlight is printed over its words"


def test_a_page_bookmarked_is_listed_and_brings_its_page_back(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    from PySide6.QtGui import QAction

    from tests.pdf_corpus import text_pdf

    spec = BundleSpec(files={"records/001-chart.pdf": text_pdf([[f"Flowsheet {n + 1}"] for n in range(5)])})
    workspace = import_and_open(qtbot, window, spec, tmp_path)
    viewer = window.findChild(PageViewer, "pageView")
    viewer.go_to_page(3)
    qtbot.waitUntil(lambda: viewer.current_page() == 3, timeout=5000)
    prompts.note = "Work restrictions"
    workspace.findChild(QAction, "actionBookmarkPage").trigger()
    bookmarks = window.findChild(QListWidget, "bookmarksList")
    assert bookmarks.count() == 1 and bookmarks.item(0).text() == "Work restrictions — Rec. 1, p. 4"
    viewer.go_to_page(0)
    qtbot.waitUntil(lambda: viewer.current_page() == 0, timeout=5000)
    bookmarks.itemActivated.emit(bookmarks.item(0))
    qtbot.waitUntil(lambda: viewer.current_page() == 3, timeout=5000)


def test_ctrl_c_on_the_page_copies_the_words_selected(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QGuiApplication

    from tests.pdf_corpus import text_pdf

    spec = BundleSpec(files={"records/001-exam.pdf": text_pdf([["Straight leg raise positive on the left"]])})
    import_and_open(qtbot, window, spec, tmp_path)
    viewer = window.findChild(PageViewer, "pageView")
    qtbot.waitUntil(lambda: viewer.page_count() == 1, timeout=5000)
    viewer.words_dragged.emit(0, QPointF(72, 70), QPointF(150, 70))
    QGuiApplication.clipboard().clear()
    viewer.setFocus()
    qtbot.keyClick(viewer, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text().startswith("Straight leg")
