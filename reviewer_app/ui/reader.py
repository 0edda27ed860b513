"""The reader: the search over the case's records, the page viewer with its thumbnails, the hits.

It opens the record it is asked for (through the case's session), tracks the pages read, shows
where a page is duplicated and what the search found; citing and unlocking it leaves to the
workspace (signals). It can live in the workspace or in its own window (`ReaderWindow`).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPointF, QRectF, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.case import RecordDocument, RecordState
from reviewer_app.domain.errors import ReviewerError
from reviewer_app.domain.highlights import HighlightColour
from reviewer_app.domain.review import SearchHit, later_copies
from reviewer_app.records.text_locate import TextSelection
from reviewer_app.ui.case_session import CaseSession
from reviewer_app.ui.page_viewer import PageViewer
from reviewer_app.ui.search_hits import SearchHitsModel
from reviewer_app.ui.thumbnails import ThumbnailStrip

DWELL_SETTING = "review/dwell_seconds"
DEFAULT_DWELL_SECONDS = 5.0
#: Height the hits pane opens to at the first search (it stays folded until then).
HITS_HEIGHT = 170
THUMBNAILS_WIDTH = 130


class Reader(QWidget):
    """Search field, record title, viewer toolbar, page viewer, cite buttons and the list of hits.

    Signals:
        record_shown(RecordDocument): a record is now in the viewer (or its reason for not showing).
        pages_reviewed(): a page was read for the first time (counts to refresh).
        cite_requested(str kind): "finding" or "key_page", for the page on screen.
        unlock_requested(): the physician wants to give the password of the locked record shown.
        highlights_changed(): a highlight was added on the page shown (the highlights list to refill).
    """

    record_shown = Signal(object)
    pages_reviewed = Signal()
    cite_requested = Signal(str)
    unlock_requested = Signal()
    highlights_changed = Signal()

    def __init__(self, session: CaseSession, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        self.session = session
        self.current_record: RecordDocument | None = None
        self.quote = ""
        self._selected_words: tuple[int, TextSelection] | None = None  # (page, the words dragged over)
        self._pen_marks: dict[int, list[tuple[QRectF, tuple[int, int, int]]]] = {}
        self._hits: list[SearchHit] = []
        self._query = ""
        self._hide_copies = False

        self.record_search = QLineEdit(objectName="recordSearch")
        self.record_search.setPlaceholderText('Search the records: words, "a phrase", prefix*  (Ctrl+F)')
        self.record_search.setClearButtonEnabled(True)
        self.record_search.setAccessibleName("Search the records")
        self.record_search.returnPressed.connect(self.run_search)
        self.search_order = QComboBox(objectName="searchOrder")
        self.search_order.addItems(["Page order", "Relevance"])
        self.search_order.setToolTip("Order of the hits")
        self.search_order.setAccessibleName("Order of the hits")
        self.search_order.currentIndexChanged.connect(lambda _i: self.run_search() if self._query else None)
        search_row = QHBoxLayout()
        search_row.addWidget(self.record_search, 1)
        search_row.addWidget(self.search_order)

        self.record_title = QLabel(objectName="recordTitle")
        # Wrapped, a long record title never sets the viewer column's minimum width.
        self.record_title.setWordWrap(True)
        self.duplicate_banner = QLabel(objectName="duplicateBanner")
        self.duplicate_banner.setTextFormat(Qt.TextFormat.RichText)
        self.duplicate_banner.linkActivated.connect(self._go_to_copy)
        self.duplicate_banner.hide()

        self.page_view = PageViewer()
        self.page_view.set_dwell_threshold(float(settings.value(DWELL_SETTING, DEFAULT_DWELL_SECONDS)))
        self.page_view.page_dwelled.connect(self._page_dwelled)
        self.page_view.current_page_changed.connect(lambda _page: self.update_duplicate_banner())
        self.page_view.words_dragged.connect(self._words_dragged)
        self.thumbnails = ThumbnailStrip(self.page_view)
        self.thumbnails.setMaximumWidth(150)

        viewer_area = QSplitter(Qt.Orientation.Horizontal, objectName="viewerSplitter")
        viewer_area.addWidget(self.thumbnails)
        viewer_area.addWidget(self.page_view)
        viewer_area.setStretchFactor(1, 1)
        viewer_area.setSizes([THUMBNAILS_WIDTH, 600])
        self.viewer_splitter = viewer_area

        self.viewer_message = QLabel(objectName="viewerMessage")
        self.viewer_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.viewer_message.setWordWrap(True)
        self.unlock_button = QPushButton("Unlock with the password…", objectName="unlockRecord")
        self.unlock_button.clicked.connect(self.unlock_requested)
        message_page = QWidget()
        message_layout = QVBoxLayout(message_page)
        message_layout.addStretch(1)
        message_layout.addWidget(self.viewer_message)
        message_layout.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignCenter)
        message_layout.addStretch(2)
        self.viewer = QStackedWidget(objectName="viewerStack")
        self.viewer.addWidget(viewer_area)
        self.viewer.addWidget(message_page)
        self._viewer_area = viewer_area
        self.message_page = message_page

        # The words selected, whole and in reading order; the physician may trim or correct them before
        # citing (the citation keeps its page whatever the quote says).
        self.quote_label = QLineEdit(objectName="selectedQuote")
        self.quote_label.setPlaceholderText("Drag over words on the page to quote them")
        self.quote_label.setAccessibleName("Quote to cite")
        self.quote_label.setClearButtonEnabled(True)
        self.quote_label.textEdited.connect(self._quote_edited)
        self.cite_button = QPushButton("Cite in finding", objectName="citeIntoFinding")
        self.cite_button.setToolTip(
            "Cite this page (and the selected words) in the current question's finding (Ctrl+K)"
        )
        self.cite_button.clicked.connect(lambda: self.cite_requested.emit("finding"))
        self.key_page_button = QPushButton("Add to key pages", objectName="addKeyPage")
        self.key_page_button.setToolTip("Keep this page (and the selected words) in the key pages list (Ctrl+B)")
        self.key_page_button.clicked.connect(lambda: self.cite_requested.emit("key_page"))
        self.highlight_colour = QComboBox(objectName="highlightColour")
        for colour in HighlightColour:
            self.highlight_colour.addItem(colour.label, colour)
        self.highlight_colour.setAccessibleName("Highlight colour")
        self.highlight_button = QPushButton("Highlight", objectName="highlightWords")
        self.highlight_button.setToolTip("Highlight the words selected on the page (kept with the case)")
        self.highlight_button.setEnabled(False)
        self.highlight_button.clicked.connect(self.highlight_selection)
        copy = QAction("Copy the selected words", self, objectName="actionCopySelection")
        copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        copy.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # a text field's own Ctrl+C wins
        copy.triggered.connect(self.copy_selection)
        self.page_view.addAction(copy)
        cite_row = QHBoxLayout()
        cite_row.addWidget(self.quote_label, 1)
        cite_row.addWidget(self.highlight_colour)
        cite_row.addWidget(self.highlight_button)
        cite_row.addWidget(self.cite_button)
        cite_row.addWidget(self.key_page_button)

        self.hit_count = QLabel(objectName="hitCount")
        # Every hit, grouped by document, loaded as the list is scrolled (ui.search_hits).
        self.search_results = QTreeView(objectName="searchResults")
        self.search_results.setAccessibleName("Search hits")
        self.search_results.setHeaderHidden(True)
        self.search_results.setWordWrap(True)
        self.search_results.setUniformRowHeights(True)
        self.search_results.setModel(SearchHitsModel([], lambda _offset, _limit: []))
        self.search_results.activated.connect(self._hit_activated)
        results = QWidget()
        results_layout = QVBoxLayout(results)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addWidget(self.hit_count)
        results_layout.addWidget(self.search_results)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(6, 6, 6, 0)
        top_layout.addLayout(search_row)
        top_layout.addWidget(self.record_title)
        top_layout.addWidget(self.page_view.toolbar())
        top_layout.addWidget(self.duplicate_banner)
        top_layout.addWidget(self.viewer, 1)
        top_layout.addLayout(cite_row)

        self.splitter = QSplitter(Qt.Orientation.Vertical, objectName="centreSplitter")
        self.splitter.addWidget(top)
        self.splitter.addWidget(results)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 1)
        # The hits pane stays folded until the first search: the page gets the height meanwhile.
        self.splitter.setSizes([790, 0])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    # -- the record on screen --

    def _numbers(self) -> dict[int | None, int]:
        return {r.id: n for n, r in enumerate(self.session.case.records, start=1)}

    def shows_pages(self) -> bool:
        """Whether the viewer shows a record's pages (not the message why it cannot)."""
        return self.viewer.currentWidget() is self._viewer_area

    def show_record(self, record: RecordDocument, page_index: int = 0) -> None:
        """Open a record in the viewer (or say why it cannot be shown), at ``page_index``."""
        if self.current_record is None or self.current_record.id != record.id or not self.shows_pages():
            self.current_record = record
            pages = f" · {record.page_count} pages" if record.page_count else ""
            number = self._numbers().get(record.id, "?")
            self.record_title.setText(f"<b>Rec. {number}: {escape(record.title)}</b>{pages}")
            self.clear_quote()
            if not self._open(record):
                self.record_shown.emit(record)
                return
            self.record_shown.emit(record)
            self.show_pen_marks()
            if record.id is not None:
                self.session.record_opened(record.id)
        if page_index:
            self.page_view.go_to_page(page_index)
        self.update_duplicate_banner()

    def _open(self, record: RecordDocument) -> bool:
        if record.state in (RecordState.LOCKED, RecordState.UNREADABLE):
            self.page_view.close_document()
            self._show_message(record)
            return False
        try:
            path = self.session.viewable_path(record)
        except ReviewerError as exc:
            self._show_message(record, str(exc))
            return False
        if not self.page_view.open_document(path):
            self._show_message(record, self.page_view.error_text())
            return False
        self.viewer.setCurrentWidget(self._viewer_area)
        return True

    def forget_record(self) -> None:
        """The next show_record opens its record afresh (after an unlock or a reload)."""
        self.current_record = None

    def _show_message(self, record: RecordDocument, text: str | None = None) -> None:
        self.viewer_message.setText(
            text or f"{record.state.label}: {record.state_detail or 'it cannot be shown'}\n\n{record.path}"
        )
        self.unlock_button.setVisible(record.state is RecordState.LOCKED)
        self.viewer.setCurrentWidget(self.message_page)

    def record_on_screen(self) -> tuple[str, Path, int, int] | None:
        """The record in the viewer as (title, PDF path, page count, current page index), for printing."""
        record = self.current_record
        if record is None or not self.shows_pages():
            return None
        try:
            path = self.session.viewable_path(record)
        except ReviewerError:
            return None
        return record.title, path, self.page_view.page_count(), self.page_view.current_page()

    def show_thumbnails(self, shown: bool) -> None:
        """Unfold or fold the page thumbnails (the page takes their width); they can be dragged back out."""
        width = max(self.viewer_splitter.width(), 600)
        self.viewer_splitter.setSizes([THUMBNAILS_WIDTH, width - THUMBNAILS_WIDTH] if shown else [0, width])

    def set_citing_allowed(self, allowed: bool, why_not: str = "") -> None:
        """Signed findings: the cite buttons are off, and say why."""
        for button in (self.cite_button, self.key_page_button):
            button.setEnabled(allowed)
            if not allowed:
                button.setToolTip(why_not)

    def close_document(self) -> None:
        self.page_view.close_document()

    # -- search --

    def focus_search(self) -> None:
        self.record_search.setFocus()
        self.record_search.selectAll()

    def set_hide_copies(self, hide: bool) -> None:
        """Leave out hits on later copies of a page (the records panel's "Hide duplicate pages")."""
        self._hide_copies = hide
        if self._query:
            self.run_search()

    def run_search(self) -> None:
        """Search the case's records for the query typed: every hit, grouped by document."""
        self._query = query = self.record_search.text().strip()
        if not query:
            self._set_hits(SearchHitsModel([], lambda _offset, _limit: []))
            self.hit_count.setText("")
            return
        by_relevance = self.search_order.currentIndex() == 1
        totals = self.session.search_totals(query)
        titles = {r.id: r.title for r in self.session.case.records if r.id is not None}
        numbers = self._numbers()
        if by_relevance:
            groups: list[tuple[int | None, str, int]] = (
                [(None, "Best matches first", totals.total)] if totals.total else []
            )
        else:
            groups = [
                (
                    r.record_id,
                    f"Rec. {numbers.get(r.record_id, '?')} · {titles.get(r.record_id, r.record_path)}",
                    r.hits,
                )
                for r in totals.per_record
            ]
        session = self.session

        def fetch(offset: int, limit: int) -> list[SearchHit]:
            return session.search(query, by_relevance, limit=limit, offset=offset)

        model = SearchHitsModel(groups, fetch)
        # A hit on a page repeating an earlier one is listed and said to be a copy (the counts stay whole).
        model.copies = later_copies(self.session.duplicates())
        self._set_hits(model)
        documents = len(totals.per_record)
        self.hit_count.setText(
            f"{totals.total:,} page{'s' if totals.total != 1 else ''} in {documents:,} "
            f"document{'s' if documents != 1 else ''} for <b>{escape(query)}</b> — F3 next, Shift+F3 previous"
            if totals.total
            else f"No page matches <b>{escape(query)}</b>."
        )
        # The hits pane opens first: the first hit is then revealed in the viewer's final height.
        sizes = self.splitter.sizes()
        if sizes[1] == 0:
            total = sum(sizes)
            self.splitter.setSizes([max(total - HITS_HEIGHT, 0), HITS_HEIGHT])
        if totals.total:
            self._choose_hit(0)

    def _set_hits(self, model: SearchHitsModel) -> None:
        old = self.search_results.model()
        self.search_results.setModel(model)
        self.search_results.selectionModel().currentChanged.connect(self._hit_current_changed)
        if old is not None:
            old.deleteLater()

    def hits_model(self) -> SearchHitsModel:
        model = self.search_results.model()
        assert isinstance(model, SearchHitsModel)
        return model

    def _choose_hit(self, ordinal: int) -> None:
        index = self.hits_model().index_of(ordinal)
        self.search_results.expand(index.parent())
        self.search_results.setCurrentIndex(index)
        self.search_results.scrollTo(index)

    def _hit_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._hit_activated(current)

    def _hit_activated(self, index: QModelIndex) -> None:
        hit = self.hits_model().hit_at(index)
        if hit is None:
            return
        record = self.session.record(hit.record_id)
        if record is None:
            return
        self.show_record(record)
        boxes = self.session.hit_boxes(hit.record_id, hit.page_index, self._query)
        rects = [QRectF(b.left, b.top, b.width, b.height) for b in boxes]
        if rects:
            self.page_view.set_highlights(hit.page_index, rects)
        else:
            self.page_view.clear_highlights()
            self.page_view.go_to_page(hit.page_index)

    def current_hit(self) -> int | None:
        """The place of the hit on screen in the whole list of hits, or None."""
        return self.hits_model().ordinal_of(self.search_results.currentIndex())

    def step_hit(self, step: int) -> None:
        """F3 and Shift+F3: the next or previous hit of all of them, wrapping at the ends."""
        total = self.hits_model().total
        if total:
            current = self.current_hit()
            self._choose_hit(((current if current is not None else -step) + step) % total)

    # -- pages read, duplicates, selected words --

    def _page_dwelled(self, page_index: int) -> None:
        record = self.current_record
        if record is not None and record.id is not None and self.session.mark_reviewed(record.id, page_index):
            self.pages_reviewed.emit()

    def _copies_of_current_page(self) -> list[tuple[int, int]]:
        record = self.current_record
        if record is None or record.id is None:
            return []
        key = (record.id, self.page_view.current_page())
        for group in self.session.duplicates():
            if key in group:
                return [k for k in group if k != key]
        return []

    def update_duplicate_banner(self) -> None:
        """Say where else the page on screen is (once the duplicates are counted)."""
        copies = self._copies_of_current_page()
        if not copies:
            self.duplicate_banner.hide()
            return
        numbers = self._numbers()
        links = ", ".join(
            f"<a href='{rid}:{page}'>Rec. {numbers.get(rid, '?')}, p. {page + 1}</a>" for rid, page in copies[:6]
        )
        self.duplicate_banner.setText(f"<b>Duplicate page:</b> the same page is also at {links}")
        self.duplicate_banner.show()

    def go_to(self, record_id: int, page_index: int) -> None:
        """Show a page of a record (a citation's, a copy's)."""
        record = self.session.record(record_id)
        if record is not None:
            self.show_record(record, page_index)
            self.page_view.go_to_page(page_index)

    def _go_to_copy(self, link: str) -> None:
        record_id, page = (int(part) for part in link.split(":"))
        self.go_to(record_id, page)

    def _words_dragged(self, page_index: int, start: QPointF, end: QPointF) -> None:
        record = self.current_record
        if record is None or record.id is None:
            return
        selected = self.session.select_words(record.id, page_index, (start.x(), start.y()), (end.x(), end.y()))
        self._selected_words = (page_index, selected) if selected.boxes else None
        self.highlight_button.setEnabled(self._selected_words is not None)
        self.quote = selected.text
        self.quote_label.setText(selected.text)
        self.quote_label.setCursorPosition(0)
        if selected.boxes:  # the words themselves are shown selected, not the rectangle dragged
            self.page_view.set_highlights(
                page_index, [QRectF(b.left, b.top, b.width, b.height) for b in selected.boxes]
            )

    def copy_selection(self) -> None:
        """Ctrl+C on the pages: the words selected (as the quote field shows them) go to the clipboard."""
        if self.quote:
            QGuiApplication.clipboard().setText(self.quote)

    def _quote_edited(self, text: str) -> None:
        self.quote = " ".join(text.split())

    def highlight_selection(self) -> None:
        """Keep the words selected as a highlight of the chosen colour (with the quote as shown)."""
        record = self.current_record
        if record is None or record.id is None or self._selected_words is None:
            return
        page, selected = self._selected_words
        colour = HighlightColour(self.highlight_colour.currentData())  # Qt hands the enum back as its text
        self.session.add_highlight(record.id, page, selected.boxes, colour, self.quote or selected.text)
        self._selected_words = None
        self.highlight_button.setEnabled(False)
        self.page_view.clear_highlights()
        self.show_pen_marks()
        self.highlights_changed.emit()

    def show_pen_marks(self) -> None:
        """Draw the physician's highlights of the record on screen."""
        record = self.current_record
        if record is None or record.id is None:
            self.page_view.set_pen_marks({})
            self._pen_marks = {}
            return
        marks: dict[int, list[tuple[QRectF, tuple[int, int, int]]]] = {}
        for highlight in self.session.highlights(record.id):
            marks.setdefault(highlight.page_index, []).extend(
                (QRectF(b.left, b.top, b.width, b.height), highlight.colour.rgb) for b in highlight.boxes
            )
        self.page_view.set_pen_marks(marks)
        self._pen_marks = marks

    def pen_marks_on_screen(self) -> dict[int, list[tuple[QRectF, tuple[int, int, int]]]]:
        """The highlights of the record on screen, by page (rect in points, RGB): for printing its pages."""
        return dict(self._pen_marks)

    def clear_quote(self) -> None:
        self._selected_words = None
        self.highlight_button.setEnabled(False)
        self.quote = ""
        self.quote_label.setText("")


class ReaderWindow(QWidget):
    """The reader on its own, a top-level window (a second monitor). Closing it brings the reader back.

    Signals:
        closed(): the physician closed the window; the workspace takes the reader back.
    """

    closed = Signal()

    def __init__(self, title: str) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("readerWindow")
        self.setWindowTitle(title)
        self.setAccessibleName("Record pages")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def hold(self, reader: Reader) -> None:
        self.layout().addWidget(reader)
        reader.show()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        self.closed.emit()
