"""The record page viewer and its thumbnail strip, driven as a physician would: keys, mouse, resize."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shiboken6
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QGuiApplication, QImage, QKeySequence, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QMainWindow,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from reportlab.lib.pagesizes import A4, landscape, legal, letter
from reportlab.pdfgen import canvas

from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.ui import page_viewer
from reviewer_app.ui.page_geometry import SIDE_MARGIN
from reviewer_app.ui.page_viewer import MARGIN, MAX_RENDER_PIXELS, PageViewer, render_size
from reviewer_app.ui.thumbnails import ThumbnailStrip

# Distinct sizes, one landscape: letter, A4, landscape letter, legal, a 5 x 7 in card.
PAGE_SIZES = [letter, A4, landscape(letter), legal, (360.0, 504.0)]
TITLE_PT = QRectF(54, 52, 110, 36)  # where "Page N" is drawn, in points from the top left


def write_pdf(path: Path, sizes: list[tuple[float, float]]) -> Path:
    pdf = canvas.Canvas(str(path), invariant=1)
    for number, (width, height) in enumerate(sizes, start=1):
        pdf.setPageSize((width, height))
        pdf.setFont("Helvetica-Bold", 28)
        pdf.drawString(TITLE_PT.left(), height - TITLE_PT.bottom() + 8, f"Page {number}")
        pdf.setFont("Helvetica", 10)
        for line in range(12):
            pdf.drawString(54, height - 120 - 14 * line, f"Line {line + 1} of page {number}: lumbar strain, improving.")
        pdf.showPage()
    pdf.save()
    return path


@pytest.fixture
def five_pages(tmp_path: Path) -> Path:
    return write_pdf(tmp_path / "five.pdf", PAGE_SIZES)


@pytest.fixture
def viewer(qtbot: Any) -> Iterator[PageViewer]:
    widget = PageViewer()
    qtbot.addWidget(widget)
    widget.resize(600, 500)
    widget.show()
    qtbot.waitExposed(widget)
    # Review tracking counts only in the active window (on a real display, without a window
    # manager, a new window is not activated by itself).
    widget.activateWindow()
    qtbot.waitActive(widget)
    yield widget
    widget.close_document()


def dark_pixels(image: QImage, rect: QRect) -> int:
    """Pixels of text (dark) inside ``rect`` of ``image`` (device pixels = logical here)."""
    rect = rect.intersected(image.rect())
    count = 0
    for y in range(rect.top(), rect.bottom() + 1, 2):
        for x in range(rect.left(), rect.right() + 1, 2):
            if QColor(image.pixel(x, y)).lightness() < 100:
                count += 1
    return count


def grab(viewer: PageViewer) -> QImage:
    return viewer.viewport().grab().toImage()


def test_open_reports_the_pages_and_starts_on_the_first(viewer: PageViewer, qtbot: Any, five_pages: Path) -> None:
    assert viewer.objectName() == "pageView"
    with qtbot.waitSignal(viewer.document_opened) as opened:
        assert viewer.open_document(five_pages)
    assert opened.args == [5]
    assert viewer.page_count() == 5
    assert viewer.current_page() == 0
    assert viewer.error_text() == ""
    assert viewer.is_fit_width()


def test_page_keys_move_between_pages(viewer: PageViewer, qtbot: Any, five_pages: Path) -> None:
    viewer.open_document(five_pages)
    viewer.setFocus()
    seen: list[int] = []
    viewer.current_page_changed.connect(seen.append)
    for key, expected in [
        (Qt.Key.Key_PageDown, 1),
        (Qt.Key.Key_PageDown, 2),
        (Qt.Key.Key_PageUp, 1),
        (Qt.Key.Key_End, 4),
        (Qt.Key.Key_Home, 0),
    ]:
        qtbot.keyClick(viewer, key)
        assert viewer.current_page() == expected, key
    assert seen == [1, 2, 1, 4, 0]
    before = viewer.verticalScrollBar().value()
    qtbot.keyClick(viewer, Qt.Key.Key_Down)
    assert viewer.verticalScrollBar().value() > before


def test_go_to_page_shows_that_page(viewer: PageViewer, five_pages: Path) -> None:
    viewer.open_document(five_pages)
    viewer.go_to_page(3)
    assert viewer.current_page() == 3
    assert abs(viewer.page_rect(3).top()) <= MARGIN
    # The page is really painted: its title is on screen where the page says it is.
    title = viewer.map_from_page(3, TITLE_PT).toAlignedRect()
    assert dark_pixels(grab(viewer), title) > 20
    viewer.go_to_page(1, y_pt=400.0)
    assert viewer.map_from_page(1, QRectF(0, 400, 1, 1)).top() == pytest.approx(0, abs=1.5)


def test_fit_width_keeps_pages_within_the_viewport_on_resize(viewer: PageViewer, qtbot: Any, five_pages: Path) -> None:
    viewer.open_document(five_pages)
    bar = viewer.toolbar()
    qtbot.addWidget(bar)
    zoom_level = bar.findChild(QComboBox, "zoomLevel")
    for width in (900, 420, 640):
        viewer.resize(width, 500)
        qtbot.waitUntil(lambda w=width: viewer.viewport().width() == w - viewer.verticalScrollBar().width())
        available = viewer.viewport().width()
        for page in range(viewer.page_count()):
            rect = viewer.page_rect(page)
            assert rect.left() >= 0 and rect.right() < available
            assert rect.width() == available - 2 * SIDE_MARGIN  # the whole width, less the hairline margins
        # The zoom box follows the zoom that fitting gives at each width.
        assert zoom_level.currentText() == f"{round(viewer.zoom() * 100)} %"
    assert viewer.is_fit_width()


def test_fit_width_fills_a_viewer_of_1600_by_1000(viewer: PageViewer, qtbot: Any, five_pages: Path) -> None:
    """The issue saw pages at 56-62 % at 1600 x 1000: given that room, a letter page fills it."""
    viewer.resize(1600, 1000)
    qtbot.waitUntil(lambda: viewer.viewport().width() == 1600 - viewer.verticalScrollBar().width())
    viewer.open_document(five_pages)
    available = viewer.viewport().width()
    rect = viewer.page_rect(0)
    assert rect.width() == available - 2 * SIDE_MARGIN
    assert rect.left() == SIDE_MARGIN
    dpi = viewer.viewport().logicalDpiX()
    assert viewer.zoom() == pytest.approx(rect.width() / (612 * dpi / 72), abs=0.005)
    assert viewer.zoom() > 1.5
    bar = viewer.toolbar()
    qtbot.addWidget(bar)
    assert bar.findChild(QComboBox, "zoomLevel").currentText() == f"{round(viewer.zoom() * 100)} %"
    # Nothing of the page is off screen sideways: no horizontal scroll bar.
    assert viewer.horizontalScrollBar().maximum() == 0


def test_fit_page_shows_the_current_page_whole(viewer: PageViewer, qtbot: Any, five_pages: Path) -> None:
    viewer.open_document(five_pages)
    viewer.go_to_page(3)  # legal: the tallest
    viewer.fit_page()
    assert viewer.is_fit_page() and not viewer.is_fit_width()
    assert viewer.current_page() == 3
    page = viewer.page_rect(3)
    assert viewer.viewport().rect().contains(page)
    viewer.resize(600, 800)
    qtbot.waitUntil(lambda: viewer.viewport().height() == 800)
    assert viewer.current_page() == 3
    assert viewer.viewport().rect().contains(viewer.page_rect(3))  # still whole after the resize


def test_zoom_keys(viewer: PageViewer, qtbot: Any, five_pages: Path) -> None:
    viewer.open_document(five_pages)
    fitted = viewer.zoom()
    qtbot.keyClick(viewer, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom() > fitted
    assert not viewer.is_fit_width()
    assert viewer.page_rect(0).width() > viewer.viewport().width() - 2 * MARGIN
    zoomed = viewer.zoom()
    qtbot.keyClick(viewer, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom() < zoomed
    viewer.set_zoom(2.0)
    assert viewer.zoom() == pytest.approx(2.0)
    qtbot.keyClick(viewer, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert viewer.is_fit_width()
    assert viewer.zoom() == pytest.approx(fitted, rel=0.02)


def test_rotation_cycles_and_turns_the_page(viewer: PageViewer, qtbot: Any, five_pages: Path) -> None:
    viewer.open_document(five_pages)
    ctrl = Qt.KeyboardModifier.ControlModifier
    for expected in (90, 180, 270, 0):
        qtbot.keyClick(viewer, Qt.Key.Key_R, ctrl)
        assert viewer.rotation() == expected
        viewer.go_to_page(0)
        rect = viewer.page_rect(0)
        # Letter is portrait; turned a quarter it is landscape.
        assert (rect.width() > rect.height()) == (expected in (90, 270))
        # The title is drawn where the rotated mapping puts it, e.g. down the right edge at 90 degrees.
        title = viewer.map_from_page(0, TITLE_PT).toAlignedRect()
        if title.bottom() > viewer.viewport().height():  # upside down, it is at the bottom
            viewer.verticalScrollBar().setValue(viewer.verticalScrollBar().value() + title.top() - 40)
            title = viewer.map_from_page(0, TITLE_PT).toAlignedRect()
        assert dark_pixels(grab(viewer), title) > 20, expected
    qtbot.keyClick(viewer, Qt.Key.Key_R, ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert viewer.rotation() == 270


def test_highlight_scrolls_to_its_page_and_is_painted(viewer: PageViewer, qtbot: Any, five_pages: Path) -> None:
    viewer.open_document(five_pages)
    blank_area = QRectF(460, 150, 140, 40)  # right of the text on the landscape page 3
    viewer.set_highlights(2, [blank_area])
    assert viewer.current_page() == 2
    centre = viewer.map_from_page(2, blank_area).center().toPoint()
    assert viewer.viewport().rect().contains(centre)
    colour = QColor(grab(viewer).pixel(centre))
    assert colour.red() > 230 and colour.green() > 190 and colour.blue() < 200, colour.name()
    viewer.clear_highlights()
    assert QColor(grab(viewer).pixel(centre)).name() == "#ffffff"


def test_dwell_marks_shown_pages_once(viewer: PageViewer, qtbot: Any, five_pages: Path) -> None:
    viewer.set_dwell_threshold(0.2)
    dwelled: list[int] = []
    viewer.page_dwelled.connect(dwelled.append)
    with qtbot.waitSignal(viewer.page_dwelled, timeout=3000) as first:
        viewer.open_document(five_pages)
    assert first.args == [0]
    with qtbot.waitSignal(viewer.page_dwelled, timeout=3000) as second:
        viewer.go_to_page(2)
    assert second.args == [2]
    with qtbot.assertNotEmitted(viewer.page_dwelled, wait=400):
        viewer.go_to_page(0)  # already counted: not again
    assert dwelled == [0, 2]  # pages 1, 3 and 4 were never readable on screen
    assert viewer.dwelled_pages() == {0, 2}


def test_dwell_needs_the_whole_threshold(viewer: PageViewer, qtbot: Any, five_pages: Path) -> None:
    viewer.set_dwell_threshold(0.3)
    dwelled: list[int] = []
    viewer.page_dwelled.connect(dwelled.append)
    with qtbot.waitSignal(viewer.page_dwelled, timeout=3000) as shown:
        viewer.open_document(five_pages)
        viewer.go_to_page(3)  # page 1 leaves the screen before its time is up
    assert shown.args == [3]
    assert dwelled == [3]


def test_dwell_waits_while_the_window_is_inactive(viewer: PageViewer, qtbot: Any, five_pages: Path) -> None:
    viewer.set_dwell_threshold(0.2)
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: not viewer.isActiveWindow())
    with qtbot.assertNotEmitted(viewer.page_dwelled, wait=400):
        viewer.open_document(five_pages)
    with qtbot.waitSignal(viewer.page_dwelled, timeout=3000) as shown:
        viewer.activateWindow()
    assert shown.args == [0]


def test_dragging_a_rectangle_selects_that_area_in_points(viewer: PageViewer, qtbot: Any, five_pages: Path) -> None:
    viewer.open_document(five_pages)
    viewer.go_to_page(1)
    page = viewer.page_rect(1)
    scale = page.width() / A4[0]
    start = page.topLeft() + QPoint(100, 120)
    end = start + QPoint(150, 60)
    viewport = viewer.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, start + QPoint(60, 30))
    qtbot.mouseMove(viewport, end)
    with qtbot.waitSignal(viewer.area_selected) as selected:
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    number, rect = selected.args
    assert number == 1
    expected = QRectF(100 / scale, 120 / scale, 150 / scale, 60 / scale)
    for got, want in zip(
        (rect.left(), rect.top(), rect.width(), rect.height()),
        (expected.left(), expected.top(), expected.width(), expected.height()),
        strict=True,
    ):
        assert got == pytest.approx(want, abs=2.0)
    assert viewer.selection() == (1, rect)
    # The selection stays drawn, tinted, until cleared.
    inside = start + QPoint(75, 30)
    assert QColor(grab(viewer).pixel(inside)).name() != "#ffffff"
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)
    assert viewer.selection() is None
    assert QColor(grab(viewer).pixel(inside)).name() == "#ffffff"


def test_files_that_cannot_be_opened(viewer: PageViewer, tmp_path: Path, pdf_corpus: Path) -> None:
    text = tmp_path / "note.pdf"
    text.write_text("Progress note, not a PDF.", encoding="utf-8")
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R")
    for path in (text, damaged, tmp_path / "missing.pdf", pdf_corpus / "bad1.pdf"):
        assert not viewer.open_document(path), path
        assert viewer.error_text(), path
        assert not viewer.needs_password()
        assert viewer.page_count() == 0
        assert viewer.current_page() == -1


def test_encrypted_record_needs_its_password(viewer: PageViewer, tmp_path: Path, pdf_corpus: Path) -> None:
    locked = tmp_path / "locked.pdf"
    shutil.copyfile(pdf_corpus / "enc-XI-R6,V5,U=view,O=master.pdf", locked)
    assert not viewer.open_document(locked)
    assert viewer.needs_password()
    assert "password" in viewer.error_text()
    assert not viewer.open_document(locked, password="wrong")
    assert viewer.needs_password()
    assert viewer.open_document(locked, password="view")
    assert not viewer.needs_password()
    assert viewer.page_count() == 30


def test_long_record_with_late_odd_sized_pages(
    viewer: PageViewer, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes = [letter] * 400
    sizes[200] = A4
    sizes[350] = landscape(letter)
    record = write_pdf(tmp_path / "long.pdf", sizes)
    # One page size read per turn of the event loop: the sizes arrive long after the jump below.
    monkeypatch.setattr(page_viewer, "SIZE_SLICE_MS", 0)
    assert viewer.open_document(record)
    assert viewer._sizes.known < 10
    viewer.go_to_page(350)  # before the sizes read in the background got there
    assert viewer.current_page() == 350
    rect = viewer.page_rect(350)
    assert rect.width() > rect.height() and abs(rect.top()) <= MARGIN
    qtbot.waitUntil(lambda: viewer._sizes.known == 400)  # the sizes read in the background
    assert viewer.current_page() == 350
    assert abs(viewer.page_rect(350).top()) <= MARGIN  # the view did not move
    assert viewer.page_rect(351).top() == viewer.page_rect(350).bottom() + 1 + 12


def test_viewer_keys_win_over_window_shortcuts(qtbot: Any, five_pages: Path) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    viewer = PageViewer(window)
    QVBoxLayout(window).addWidget(viewer)
    fired: list[str] = []
    for sequence in ("Ctrl+G", "PgDown", "Ctrl+R"):
        action = QAction(sequence, window)
        action.setShortcut(QKeySequence(sequence))
        action.triggered.connect(lambda _=False, s=sequence: fired.append(s))
        window.addAction(action)
    window.resize(600, 500)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitActive(window)
    viewer.open_document(five_pages)
    viewer.set_page_prompt(lambda: 3)
    viewer.setFocus()
    qtbot.waitUntil(viewer.hasFocus)
    qtbot.keyClick(viewer, Qt.Key.Key_PageDown)
    qtbot.keyClick(viewer, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert viewer.rotation() == 90
    qtbot.keyClick(viewer, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert viewer.current_page() == 2
    assert fired == []


def test_ctrl_g_asks_for_a_page(viewer: PageViewer, qtbot: Any, five_pages: Path) -> None:
    viewer.open_document(five_pages)
    answers: list[int | None] = [4, None]
    viewer.set_page_prompt(lambda: answers.pop(0))
    qtbot.keyClick(viewer, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert viewer.current_page() == 3
    qtbot.keyClick(viewer, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)  # cancelled
    assert viewer.current_page() == 3
    assert answers == []


def test_toolbar_follows_and_drives_the_viewer(viewer: PageViewer, qtbot: Any, five_pages: Path) -> None:
    bar = viewer.toolbar()
    qtbot.addWidget(bar)
    assert bar.objectName() == "viewerToolbar"
    viewer.open_document(five_pages)
    number = bar.findChild(QSpinBox, "pageNumber")
    assert number is not None and number.value() == 1 and number.maximum() == 5
    assert number.text() == "1"
    viewer.next_page()
    assert number.value() == 2
    number.setValue(5)
    assert viewer.current_page() == 4
    buttons = bar.findChildren(QToolButton)
    named = {b.objectName(): b for b in buttons if b.objectName() and not b.objectName().startswith("qt_")}
    expected = {"previousPage", "nextPage", "zoomIn", "zoomOut", "fitWidth", "fitPage", "rotateLeft", "rotateRight"}
    assert expected <= set(named)
    for button in named.values():
        assert button.accessibleName(), button.objectName()
        assert "(" in button.toolTip(), button.objectName()  # the shortcut, in brackets
    named["rotateRight"].click()
    assert viewer.rotation() == 90
    named["zoomIn"].click()
    assert not viewer.is_fit_width()
    named["fitWidth"].click()
    assert viewer.is_fit_width() and named["fitWidth"].isChecked()
    named["fitPage"].click()
    assert viewer.is_fit_page() and named["fitPage"].isChecked() and not named["fitWidth"].isChecked()


def test_thumbnails_render_lazily_and_go_to_their_page(qtbot: Any, tmp_path: Path) -> None:
    many = write_pdf(tmp_path / "many.pdf", [letter] * 40)
    window = QWidget()
    qtbot.addWidget(window)
    viewer = PageViewer()
    strip = ThumbnailStrip(viewer)
    layout = QHBoxLayout(window)
    layout.addWidget(strip)
    layout.addWidget(viewer, 1)
    window.resize(800, 420)
    window.show()
    qtbot.waitExposed(window)
    assert strip.objectName() == "thumbnails"

    assert viewer.open_document(many)
    assert strip.rendered_pages() == frozenset()  # opening did not wait for thumbnails
    qtbot.waitUntil(lambda: {0, 1} <= strip.rendered_pages())
    qtbot.waitUntil(lambda: not strip.pending_pages())
    assert len(strip.rendered_pages()) < 8  # only the ones in view

    index = strip.model().index(1, 0)
    qtbot.mouseClick(strip.viewport(), Qt.MouseButton.LeftButton, pos=strip.visualRect(index).center())
    assert viewer.current_page() == 1

    viewer.go_to_page(30)
    assert strip.currentIndex().row() == 30  # the strip follows the viewer
    qtbot.waitUntil(lambda: 30 in strip.rendered_pages())
    viewer.close_document()
    assert strip.model().rowCount() == 0


def test_huge_page_is_rendered_downscaled(viewer: PageViewer, tmp_path: Path) -> None:
    huge = write_pdf(tmp_path / "drawing.pdf", [(35000.0, 35000.0)])
    assert viewer.open_document(huge)
    viewer.set_zoom(1.0)
    viewer.viewport().repaint()
    sizes = [(width, height) for _, width, height, _ in viewer._cache.entries()]
    assert sizes
    assert all(width * height <= MAX_RENDER_PIXELS for width, height in sizes)
    assert viewer._cache.bytes <= MAX_RENDER_PIXELS * 4
    assert render_size(viewer.page_rect(0).size()).width() < 5000


def test_closing_the_document_and_the_widgets_does_not_crash(qtbot: Any, five_pages: Path) -> None:
    window = QWidget()
    viewer = PageViewer()
    strip = ThumbnailStrip(viewer)
    column = QVBoxLayout(window)
    column.addWidget(viewer.toolbar())
    row = QHBoxLayout()
    row.addWidget(strip)
    row.addWidget(viewer, 1)
    column.addLayout(row)
    window.resize(700, 500)
    window.show()
    qtbot.waitExposed(window)
    assert viewer.open_document(five_pages)
    with qtbot.waitSignal(viewer.document_closed):
        viewer.close_document()
    assert viewer.page_count() == 0
    viewer.close_document()  # twice is harmless
    assert viewer.open_document(five_pages)
    qtbot.waitUntil(lambda: bool(strip.rendered_pages()))
    document = viewer.document()
    # Closing the window with the record open: the document goes with its owner, the viewer.
    window.close()
    window.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(viewer))
    assert not shiboken6.isValid(document)
    assert not shiboken6.isValid(strip)


def test_viewer_deleted_before_its_strip(qtbot: Any, five_pages: Path) -> None:
    viewer = PageViewer()
    strip = ThumbnailStrip(viewer)
    qtbot.addWidget(strip)
    strip.show()
    viewer.open_document(five_pages)
    viewer.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(viewer))
    assert strip.model().rowCount() == 0
    strip.viewport().repaint()  # nothing left to render from, and no crash


def test_the_viewer_goes_to_its_own_window_and_back_with_its_document_page_and_zoom(
    qtbot: Any, five_pages: Path
) -> None:
    """Detached to a second monitor (H4's actionDetachViewer moves the widget), and back."""
    home = QWidget()
    qtbot.addWidget(home)
    column = QVBoxLayout(home)
    viewer = PageViewer()
    toolbar = viewer.toolbar()
    column.addWidget(toolbar)
    column.addWidget(viewer, 1)
    home.resize(700, 600)
    home.show()
    qtbot.waitExposed(home)
    assert viewer.open_document(five_pages)
    viewer.set_zoom(1.5)
    viewer.go_to_page(3)
    document = viewer.document()

    def title_is_drawn() -> bool:
        title = viewer.map_from_page(3, TITLE_PT).toAlignedRect()
        return dark_pixels(grab(viewer), title) > 20

    assert title_is_drawn()

    detached = QMainWindow()
    qtbot.addWidget(detached)
    detached.setCentralWidget(viewer)
    detached.resize(1200, 900)
    detached.show()
    qtbot.waitExposed(detached)
    qtbot.waitUntil(lambda: viewer.viewport().width() > 1000)
    assert viewer.window() is detached
    assert viewer.document() is document and viewer.file_path() == five_pages and viewer.page_count() == 5
    assert viewer.current_page() == 3
    assert viewer.zoom() == pytest.approx(1.5)
    assert title_is_drawn()
    # The toolbar left in the main window still drives it, and reading counts in the new window.
    toolbar.findChild(QToolButton, "previousPage").click()
    assert viewer.current_page() == 2
    viewer.set_dwell_threshold(0.05)
    detached.activateWindow()
    qtbot.waitActive(detached)
    with qtbot.waitSignal(viewer.page_dwelled, timeout=5000) as dwelled:
        pass
    assert dwelled.args == [2]

    viewer.go_to_page(3)
    detached.takeCentralWidget()
    column.addWidget(viewer, 1)
    qtbot.waitUntil(lambda: viewer.isVisible() and viewer.viewport().width() < 700)
    assert viewer.window() is home
    assert viewer.is_open() and viewer.page_count() == 5
    assert viewer.current_page() == 3
    assert viewer.zoom() == pytest.approx(1.5)
    assert title_is_drawn()

    # In fit width the pages follow each window's width.
    viewer.fit_width()
    detached.setCentralWidget(viewer)
    qtbot.waitUntil(lambda: viewer.isVisible() and viewer.viewport().width() > 1000)
    assert viewer.is_fit_width() and viewer.current_page() == 3
    assert viewer.page_rect(3).width() == viewer.viewport().width() - 2 * SIDE_MARGIN


def test_in_the_case_window_at_1600_by_1000_fit_width_fills_the_viewer(qtbot: Any, window: Any) -> None:
    """In the workspace, whatever width its layout gives the viewer, the record's page takes all
    of it (the pane's width itself is the workspace layout's business)."""
    ensure_demo_cases(window.folder)
    window.refresh_cases()
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    window.open_case(window.case_list.model.cases()[0].id)
    records = window.findChild(QAbstractItemView, "recordTree")
    records.setCurrentIndex(records.model().index(1, 0))
    viewer = window.findChild(PageViewer, "pageView")
    qtbot.waitUntil(lambda: viewer.is_open() and viewer.isVisible())
    qtbot.waitUntil(lambda: viewer.page_rect(0).width() == viewer.viewport().width() - 2 * SIDE_MARGIN)
    assert viewer.is_fit_width()
    zoom_level = window.findChild(QComboBox, "zoomLevel")
    assert zoom_level.currentText() == f"{round(viewer.zoom() * 100)} %"


def test_a_detached_viewer_counts_reading_while_the_findings_window_is_active(qtbot: Any, five_pages: Path) -> None:
    """On a second monitor the physician reads the pages while typing in the main window."""
    main = QWidget()
    qtbot.addWidget(main)
    main.show()
    detached = QMainWindow()
    qtbot.addWidget(detached)
    viewer = PageViewer()
    detached.setCentralWidget(viewer)
    detached.resize(600, 500)
    detached.show()
    qtbot.waitExposed(detached)
    viewer.set_dwell_threshold(0.1)
    main.activateWindow()
    qtbot.waitActive(main)
    # Not said to be detached: another window being active means the pages are not being read.
    with qtbot.assertNotEmitted(viewer.page_dwelled, wait=400):
        viewer.open_document(five_pages)
    with qtbot.waitSignal(viewer.page_dwelled, timeout=3000) as shown:
        viewer.set_detached(True)
    assert shown.args == [0]
    assert main.isActiveWindow() and viewer.is_detached()
    # A viewer deleted while detached leaves nothing listening to the application's state.
    viewer.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(viewer))
    application = QGuiApplication.instance()
    application.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)
    application.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)


def test_ctrl_wheel_zooms_and_a_plain_wheel_scrolls(viewer: PageViewer, qtbot: Any, five_pages: Path) -> None:
    viewer.open_document(five_pages)
    before = viewer.zoom()

    def wheel(modifiers: Qt.KeyboardModifier) -> None:
        centre = QPointF(viewer.viewport().width() / 2, viewer.viewport().height() / 2)
        event = QWheelEvent(
            centre,
            QPointF(viewer.viewport().mapToGlobal(centre.toPoint())),
            QPoint(0, 0),
            QPoint(0, -120 if modifiers == Qt.KeyboardModifier.NoModifier else 120),
            Qt.MouseButton.NoButton,
            modifiers,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(viewer.viewport(), event)

    wheel(Qt.KeyboardModifier.ControlModifier)
    assert not viewer.is_fit_width()
    assert viewer.zoom() == pytest.approx(before * 1.15, rel=0.01)
    top = viewer.verticalScrollBar().value()
    wheel(Qt.KeyboardModifier.NoModifier)
    assert viewer.verticalScrollBar().value() > top
    assert viewer.zoom() == pytest.approx(before * 1.15, rel=0.01)
