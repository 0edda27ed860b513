"""Page thumbnails beside the page viewer: rendered lazily, a few at a time, never blocking.

The strip is a QListView over a model that knows only the page count. The view asks the model
for the icons of the items it paints; the model answers with a blank page at once and queues
the page, and a zero-timer renders the queue in small batches, skipping pages scrolled away in
the meantime. Rendered thumbnails are kept in a bounded LRU, so a 3,000-page record costs a
few megabytes, not hundreds.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QElapsedTimer,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    QSizeF,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionFocusRect,
    QStyleOptionViewItem,
    QWidget,
)

from reviewer_app.ui.page_viewer import PageViewer, render_page

THUMBNAIL_WIDTH = 100
THUMBNAIL_HEIGHT = 130
# At most this many renders, or this many milliseconds, per turn of the event loop.
BATCH_PAGES = 4
BATCH_MILLISECONDS = 30
CACHE_BUDGET_BYTES = 24 * 1024 * 1024
_BORDER = QColor(0, 0, 0, 70)
_SIDE = 14  # room left and right of a thumbnail, for the selection frame
_TOP = 8
_BOTTOM = 8

_Index = QModelIndex | QPersistentModelIndex


def _fit(size_pt: QSizeF, box: QSize) -> QSize:
    """The size of a page of ``size_pt`` scaled to fit ``box``, keeping its proportions."""
    if size_pt.isEmpty():
        return QSize(box.width(), round(box.width() * 11 / 8.5))
    return size_pt.scaled(QSizeF(box), Qt.AspectRatioMode.KeepAspectRatio).toSize().expandedTo(QSize(8, 8))


class _ThumbnailModel(QAbstractListModel):
    """One row per page: the page number as text, the thumbnail (or a blank page) as decoration."""

    def __init__(self, strip: ThumbnailStrip) -> None:
        super().__init__(strip)
        self._strip = strip
        self._count = 0

    def rowCount(self, parent: _Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else self._count

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._count:
            return None
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return str(row + 1)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._strip._thumbnail(row)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"Page {row + 1}"
        return None

    def set_count(self, count: int) -> None:
        self.beginResetModel()
        self._count = count
        self.endResetModel()

    def refresh(self, first: int, last: int) -> None:
        if self._count and first <= last:
            self.dataChanged.emit(self.index(first), self.index(last), [Qt.ItemDataRole.DecorationRole])


class _ThumbnailDelegate(QStyledItemDelegate):
    """A thumbnail centred in its row with the page number under it; the current page framed
    in the selection colour (as in Acrobat and Okular) rather than tinted."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return QSize(THUMBNAIL_WIDTH + 2 * _SIDE, _row_height(option.fontMetrics.height()))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        palette = option.palette
        rect = option.rect
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRect(rect.x(), rect.y() + _TOP, rect.width(), THUMBNAIL_HEIGHT)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            size = (QSizeF(pixmap.size()) / pixmap.devicePixelRatio()).toSize()
            # Sat on the label, so that a landscape page's number stays right under it.
            target = QRect(QPoint(box.center().x() - size.width() // 2, box.bottom() + 1 - size.height()), size)
            if selected or hovered:
                accent = QColor(palette.color(QPalette.ColorRole.Highlight))
                if not selected:
                    accent.setAlpha(90)
                painter.setPen(QPen(accent, 3))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(QRectF(target).adjusted(-2.5, -2.5, 2.5, 2.5), 2, 2)
            painter.drawPixmap(target, pixmap)
        label = QRect(rect.x(), box.bottom() + 5, rect.width(), option.fontMetrics.height() + 2)
        if selected:
            width = option.fontMetrics.horizontalAdvance(text) + 14
            pill = QRect(0, 0, width, label.height())
            pill.moveCenter(label.center())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
            painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
            painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
        else:
            painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(label, int(Qt.AlignmentFlag.AlignCenter), text)
        if option.state & QStyle.StateFlag.State_HasFocus and selected:
            focus = QStyleOptionFocusRect()
            focus.rect = rect.adjusted(1, 1, -1, -1)
            focus.palette = palette
            QApplication.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, focus, painter)
        painter.restore()


def _row_height(text_height: int) -> int:
    return _TOP + THUMBNAIL_HEIGHT + 5 + text_height + 2 + _BOTTOM


class ThumbnailStrip(QListView):
    """Thumbnails of the viewer's pages (objectName ``thumbnails``); clicking one goes to its page.

    Follows the viewer: its document, its current page and its rotation.
    """

    def __init__(self, viewer: PageViewer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("thumbnails")
        self.setAccessibleName("Page thumbnails")
        self._viewer: PageViewer | None = viewer
        self._model = _ThumbnailModel(self)
        self._cache: OrderedDict[int, QPixmap] = OrderedDict()
        self._cache_bytes = 0
        self._pending: dict[int, None] = {}  # an ordered set: pages in the order the view asked
        self._placeholders: dict[tuple[int, int], QPixmap] = {}
        self._following = False

        # Every row the same height: the view then lays out 3,000 pages without asking each one.
        self.setUniformItemSizes(True)
        self.setItemDelegate(_ThumbnailDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setIconSize(QSize(THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT))
        self.setMouseTracking(True)  # hover feedback
        self.verticalScrollBar().setSingleStep(THUMBNAIL_HEIGHT // 3)
        self.setModel(self._model)
        self.setFixedWidth(
            THUMBNAIL_WIDTH + 2 * _SIDE + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()
        )

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._render_batch)

        self.selectionModel().currentChanged.connect(self._current_changed)
        self.clicked.connect(self._clicked)
        viewer.document_opened.connect(self._document_opened)
        viewer.document_closed.connect(self._document_closed)
        viewer.current_page_changed.connect(self._follow)
        viewer.rotation_changed.connect(self._rotation_changed)
        viewer.destroyed.connect(self._viewer_gone)
        if viewer.is_open():
            self._document_opened(viewer.page_count())
            self._follow(viewer.current_page())

    def rendered_pages(self) -> frozenset[int]:
        """Pages whose thumbnails are rendered and cached (for diagnostics and tests)."""
        return frozenset(self._cache)

    def pending_pages(self) -> frozenset[int]:
        """Pages queued for rendering."""
        return frozenset(self._pending)

    # -- the viewer's side --

    def _document_opened(self, count: int) -> None:
        self._drop_thumbnails()
        self._model.set_count(count)
        self._follow(0)

    def _document_closed(self) -> None:
        self._drop_thumbnails()
        self._model.set_count(0)

    def _rotation_changed(self, _degrees: int) -> None:
        self._drop_thumbnails()
        self._model.refresh(0, self._model.rowCount() - 1)

    def _viewer_gone(self) -> None:
        # The viewer owns the document; once it is gone nothing may render from it.
        self._viewer = None
        self._timer.stop()
        self._drop_thumbnails()
        self._model.set_count(0)

    def _follow(self, page: int) -> None:
        if not 0 <= page < self._model.rowCount():
            return
        index = self._model.index(page)
        self._following = True
        try:
            self.setCurrentIndex(index)
            self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        finally:
            self._following = False

    # -- the reader's side --

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        # Keyboard moves in the strip turn the pages too; the viewer's own moves do not echo back.
        if not self._following and current.isValid() and self._viewer is not None:
            self._viewer.go_to_page(current.row())

    def _clicked(self, index: QModelIndex) -> None:
        # Also when the clicked page is already current but scrolled away in the viewer.
        if index.isValid() and self._viewer is not None:
            self._viewer.go_to_page(index.row())

    # -- rendering --

    def _thumbnail(self, page: int) -> QPixmap:
        cached = self._cache.get(page)
        if cached is not None:
            self._cache.move_to_end(page)
            return cached
        if page not in self._pending:
            self._pending[page] = None
            if not self._timer.isActive():
                self._timer.start()
        return self._placeholder(page)

    def _box_for(self, page: int) -> QSize:
        viewer = self._viewer
        size = viewer.page_size_pt(page) if viewer is not None else QSizeF()
        if viewer is not None and viewer.rotation() in (90, 270):
            size = size.transposed()
        return _fit(size, QSize(THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT))

    def _placeholder(self, page: int) -> QPixmap:
        box = self._box_for(page)
        key = (box.width(), box.height())
        pixmap = self._placeholders.get(key)
        if pixmap is None:
            pixmap = self._framed(QPixmap(box * self.devicePixelRatioF()), blank=True)
            self._placeholders[key] = pixmap
        return pixmap

    def _framed(self, pixmap: QPixmap, blank: bool = False) -> QPixmap:
        """The thumbnail with a hairline frame, at the screen's pixel ratio."""
        if blank:
            pixmap.fill(QColor(250, 250, 250))
        painter = QPainter(pixmap)
        painter.setPen(_BORDER)
        painter.drawRect(pixmap.rect().adjusted(0, 0, -1, -1))
        painter.end()
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        return pixmap

    def _render_batch(self) -> None:
        viewer = self._viewer
        if viewer is None or not viewer.is_open():
            self._pending.clear()
            return
        clock = QElapsedTimer()
        clock.start()
        visible = self.viewport().rect()
        rendered = 0
        while self._pending and rendered < BATCH_PAGES and clock.elapsed() < BATCH_MILLISECONDS:
            page = next(iter(self._pending))
            del self._pending[page]
            if page >= self._model.rowCount() or page in self._cache:
                continue
            # Only pages still on screen: a fast scroll past hundreds of pages queues them all.
            if not self.visualRect(self._model.index(page)).intersects(visible):
                continue
            size = self._box_for(page) * self.devicePixelRatioF()
            shown = viewer.rendered_image(page)
            if shown is not None and shown.width() >= size.width():
                # The page is on screen already: scaling it down costs ~1 ms, rendering a scan ~35.
                image = shown.scaled(
                    size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
            else:
                image = render_page(viewer.document(), page, size, viewer.rotation())
            if image.isNull():
                continue
            self._store(page, self._framed(QPixmap.fromImage(image)))
            self._model.refresh(page, page)
            rendered += 1
        if self._pending:
            self._timer.start()

    def _store(self, page: int, pixmap: QPixmap) -> None:
        self._cache[page] = pixmap
        self._cache_bytes += pixmap.width() * pixmap.height() * 4
        while self._cache_bytes > CACHE_BUDGET_BYTES and len(self._cache) > 1:
            old_page, old = self._cache.popitem(last=False)
            self._cache_bytes -= old.width() * old.height() * 4
            self._model.refresh(old_page, old_page)

    def _drop_thumbnails(self) -> None:
        self._pending.clear()
        self._cache.clear()
        self._cache_bytes = 0
        self._placeholders.clear()
