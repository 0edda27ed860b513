"""The page viewer's toolbar: page n of N, previous and next, zoom, fit width or page, rotation.

Bound to one PageViewer through its public methods and signals only; the caller places it (above
the viewer in the workspace, in the draft preview's window).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLabel, QSpinBox, QToolBar, QToolButton

if TYPE_CHECKING:
    from reviewer_app.ui.page_viewer import PageViewer


def shortcut_text(sequence: str) -> str:
    """A shortcut as the platform writes it (Ctrl+R here, ⌘R on a Mac)."""
    return QKeySequence(sequence).toString(QKeySequence.SequenceFormat.NativeText)


def _arrow_head(painter: QPainter, tip: QPointF, direction: QPointF, length: float = 3.6) -> None:
    """Two strokes back from ``tip`` against ``direction`` (a unit vector), 40 degrees apart."""
    for sign in (1, -1):
        angle = math.atan2(direction.y(), direction.x()) + math.pi + sign * math.radians(40)
        painter.drawLine(tip, tip + QPointF(math.cos(angle) * length, math.sin(angle) * length))


def _draw_rotate(painter: QPainter) -> None:
    # A clockwise arc open at the top right, its arrow head at the top pointing on round (16-unit box).
    centre, radius = QPointF(8, 8.6), 5.4
    start, sweep = 40.0, -290.0
    path = QPainterPath()
    box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
    path.arcMoveTo(box, start)
    path.arcTo(box, start, sweep)
    painter.drawPath(path)
    end = math.radians(start + sweep)
    tip = QPointF(centre.x() + radius * math.cos(end), centre.y() - radius * math.sin(end))
    _arrow_head(painter, tip, QPointF(math.sin(end), math.cos(end)), 4.0)


def _draw_icon(painter: QPainter, kind: str) -> None:
    """Vector drawings of the toolbar icons in a 16 x 16 box: crisp at any scale, in the palette's
    text colour (so they follow a dark theme), with no icon files to ship."""
    if kind == "previous":
        painter.drawPolyline([QPointF(3.5, 10.5), QPointF(8, 6), QPointF(12.5, 10.5)])
    elif kind == "next":
        painter.drawPolyline([QPointF(3.5, 5.5), QPointF(8, 10), QPointF(12.5, 5.5)])
    elif kind in ("zoom_in", "zoom_out"):
        painter.drawEllipse(QPointF(6.8, 6.8), 4.6, 4.6)
        painter.drawLine(QPointF(10.2, 10.2), QPointF(14, 14))
        painter.drawLine(QPointF(4.6, 6.8), QPointF(9.0, 6.8))
        if kind == "zoom_in":
            painter.drawLine(QPointF(6.8, 4.6), QPointF(6.8, 9.0))
    elif kind == "fit_width":
        painter.drawLine(QPointF(1.8, 3.5), QPointF(1.8, 12.5))
        painter.drawLine(QPointF(14.2, 3.5), QPointF(14.2, 12.5))
        painter.drawLine(QPointF(4.5, 8), QPointF(11.5, 8))
        _arrow_head(painter, QPointF(4.5, 8), QPointF(-1, 0), 2.8)
        _arrow_head(painter, QPointF(11.5, 8), QPointF(1, 0), 2.8)
    elif kind == "fit_page":
        painter.drawRoundedRect(QRectF(3.5, 1.8, 9, 12.4), 1.2, 1.2)
        painter.drawLine(QPointF(8, 4.6), QPointF(8, 11.4))
        _arrow_head(painter, QPointF(8, 4.6), QPointF(0, -1), 2.4)
        _arrow_head(painter, QPointF(8, 11.4), QPointF(0, 1), 2.4)
    elif kind == "rotate_right":
        _draw_rotate(painter)
    elif kind == "rotate_left":
        painter.translate(16, 0)
        painter.scale(-1, 1)
        _draw_rotate(painter)


def toolbar_icon(kind: str, colour: QColor) -> QIcon:
    """One of the viewer's icons (previous, next, zoom_in, zoom_out, fit_width, fit_page,
    rotate_left,
    rotate_right) drawn in ``colour`` at the usual sizes and at 1x and 2x."""
    icon = QIcon()
    for logical in (16, 20, 24):
        for ratio in (1.0, 2.0):
            pixmap = QPixmap(round(logical * ratio), round(logical * ratio))
            pixmap.fill(Qt.GlobalColor.transparent)
            pixmap.setDevicePixelRatio(ratio)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.scale(logical / 16, logical / 16)
            pen = QPen(colour, 1.5)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            _draw_icon(painter, kind)
            painter.end()
            icon.addPixmap(pixmap)
    return icon


class ViewerToolbar(QToolBar):
    """Page n of N, previous/next, zoom, fit width and rotation, bound to one PageViewer."""

    _ZOOM_PRESETS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)

    def __init__(self, viewer: PageViewer) -> None:
        """Build the tools for ``viewer``; they follow it until it is deleted."""
        super().__init__()
        self.setObjectName("viewerToolbar")
        self.setAccessibleName("Page viewer tools")
        self.setMovable(False)
        self.setFloatable(False)
        self.setIconSize(QSize(18, 18))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self._viewer = viewer
        self._icons: dict[QToolButton, str] = {}

        self.previous = self._button("previousPage", "previous", "Previous page", "PgUp", viewer.previous_page)
        self.next = self._button("nextPage", "next", "Next page", "PgDown", viewer.next_page)
        self.page_number = QSpinBox(objectName="pageNumber")
        self.page_number.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.page_number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.page_number.setKeyboardTracking(False)  # go on Enter, not at every digit typed
        self.page_number.setAccessibleName("Page number")
        self.page_number.setToolTip(f"Page number: type a page and press Enter ({shortcut_text('Ctrl+G')})")
        self.page_number.valueChanged.connect(self._page_entered)
        self.page_number.editingFinished.connect(self._page_edit_finished)
        self.page_total = QLabel(objectName="pageTotal")
        self.page_total.setAccessibleName("Number of pages")
        self.page_total.setContentsMargins(4, 0, 6, 0)
        self.zoom_out = self._button("zoomOut", "zoom_out", "Zoom out", "Ctrl+-", viewer.zoom_out)
        self.zoom_level = QComboBox(objectName="zoomLevel")
        self.zoom_level.setEditable(True)
        self.zoom_level.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zoom_level.setAccessibleName("Zoom level")
        self.zoom_level.setToolTip("Zoom level: pick one or type a percentage")
        self.zoom_level.addItem("Fit width", "fit_width")
        self.zoom_level.addItem("Fit page", "fit_page")
        for preset in self._ZOOM_PRESETS:
            self.zoom_level.addItem(f"{round(preset * 100)} %", preset)
        self.zoom_level.setMinimumContentsLength(6)
        self.zoom_level.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.zoom_level.activated.connect(self._zoom_picked)
        line_edit = self.zoom_level.lineEdit()
        if line_edit is not None:
            line_edit.returnPressed.connect(self._zoom_typed)
        self.zoom_in = self._button("zoomIn", "zoom_in", "Zoom in", "Ctrl++", viewer.zoom_in)
        self.fit_width = self._button("fitWidth", "fit_width", "Fit width", "Ctrl+0", viewer.fit_width)
        self.fit_width.setCheckable(True)
        self.fit_page = self._button("fitPage", "fit_page", "Fit page", "Ctrl+9", viewer.fit_page)
        self.fit_page.setCheckable(True)
        self.rotate_left = self._button(
            "rotateLeft", "rotate_left", "Rotate left", "Ctrl+Shift+R", viewer.rotate_counterclockwise
        )
        self.rotate_right = self._button(
            "rotateRight", "rotate_right", "Rotate right", "Ctrl+R", viewer.rotate_clockwise
        )

        for widget in (self.previous, self.next, self.page_number, self.page_total):
            self.addWidget(widget)
        self.addSeparator()
        for widget in (self.zoom_out, self.zoom_level, self.zoom_in, self.fit_width, self.fit_page):
            self.addWidget(widget)
        self.addSeparator()
        for widget in (self.rotate_left, self.rotate_right):
            self.addWidget(widget)
        self._paint_icons()
        # Qt's own overflow button, shown when the toolbar is too narrow: it needs a name too.
        extension = self.findChild(QToolButton, "qt_toolbar_ext_button")
        if extension is not None:
            extension.setAccessibleName("More viewer tools")
            extension.setToolTip("More viewer tools")

        viewer.document_opened.connect(self._document_opened)
        viewer.document_closed.connect(self._document_closed)
        viewer.current_page_changed.connect(self._page_changed)
        viewer.zoom_changed.connect(self._zoom_changed)
        viewer.destroyed.connect(self._viewer_gone)
        if viewer.is_open():
            self._document_opened(viewer.page_count())
            self._page_changed(viewer.current_page())
            self._zoom_changed(viewer.zoom())
        else:
            self._document_closed()

    def _button(self, name: str, icon: str, text: str, shortcut: str, slot: Callable[[], None]) -> QToolButton:
        button = QToolButton(objectName=name)
        button.setText(text)
        button.setAccessibleName(text)
        button.setToolTip(f"{text} ({shortcut_text(shortcut)})")
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(slot)
        self._icons[button] = icon
        return button

    def _paint_icons(self) -> None:
        colour = self.palette().color(QPalette.ColorRole.ButtonText)
        for button, kind in self._icons.items():
            button.setIcon(toolbar_icon(kind, colour))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._paint_icons()  # the icons follow a switch between light and dark

    def _document_opened(self, count: int) -> None:
        self.page_number.blockSignals(True)
        self.page_number.setSpecialValueText("")
        self.page_number.setRange(1, max(1, count))
        self.page_number.setValue(1)
        self.page_number.blockSignals(False)
        digits = self.page_number.fontMetrics().horizontalAdvance("0" * max(2, len(str(count))))
        self.page_number.setFixedWidth(digits + 16)
        self.page_total.setText(f"of {count}")
        for widget in self._icons:
            widget.setEnabled(True)
        self.page_number.setEnabled(True)
        self.zoom_level.setEnabled(True)

    def _document_closed(self) -> None:
        self.page_number.blockSignals(True)
        self.page_number.setRange(0, 0)
        self.page_number.setSpecialValueText(" ")
        self.page_number.blockSignals(False)
        self.page_number.setFixedWidth(self.page_number.fontMetrics().horizontalAdvance("000") + 16)
        self.page_total.setText("of 0")
        for widget in self._icons:
            widget.setEnabled(False)
        self.page_number.setEnabled(False)
        self.zoom_level.setEnabled(False)

    def _page_changed(self, page: int) -> None:
        if page < 0:
            return
        self.page_number.blockSignals(True)
        self.page_number.setValue(page + 1)
        self.page_number.blockSignals(False)
        count = self._viewer.page_count()
        self.previous.setEnabled(page > 0)
        self.next.setEnabled(page < count - 1)

    def _page_entered(self, number: int) -> None:
        self._viewer.go_to_page(number - 1)

    def _page_edit_finished(self) -> None:
        # After Enter, back to reading with the keyboard; after a click elsewhere, leave the focus there.
        if self.page_number.hasFocus():
            self._viewer.setFocus(Qt.FocusReason.OtherFocusReason)

    def _zoom_changed(self, zoom: float) -> None:
        self.zoom_level.setEditText(f"{round(zoom * 100)} %")
        self.fit_width.setChecked(self._viewer.is_fit_width())
        self.fit_page.setChecked(self._viewer.is_fit_page())

    def _zoom_picked(self, index: int) -> None:
        preset = self.zoom_level.itemData(index)
        if preset == "fit_width":
            self._viewer.fit_width()
        elif preset == "fit_page":
            self._viewer.fit_page()
        else:
            self._viewer.set_zoom(float(preset))
        self._zoom_changed(self._viewer.zoom())

    def _zoom_typed(self) -> None:
        text = self.zoom_level.currentText().replace("%", "").strip()
        try:
            percent = float(text.replace(",", "."))
        except ValueError:
            percent = 0.0
        if percent > 0:
            self._viewer.set_zoom(percent / 100)
        self._zoom_changed(self._viewer.zoom())

    def _viewer_gone(self) -> None:
        self.setEnabled(False)
