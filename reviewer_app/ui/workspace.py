"""The case workspace: records left, the page viewer centre, questions and findings right.

Everything the workspace shows or changes goes through its CaseSession (services); long work
(OCR) is run by the main window. Review tracking, search hits, citations and duplicates meet here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import partial
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QRectF, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.case import Case, RecordDocument, RecordState, ReferralQuestion, RequestedService
from reviewer_app.domain.deadlines import Urgency, due_status
from reviewer_app.domain.errors import InvalidInput, ReviewerError
from reviewer_app.domain.forms import AnswerField
from reviewer_app.domain.geometry import Box
from reviewer_app.domain.readiness import ReadinessItem, Target
from reviewer_app.domain.review import Citation, PageCounts, SearchHit, later_copies, records_wholly_copied
from reviewer_app.services.findings import load_code_set
from reviewer_app.services.presenting import failure_in_words, snippet_as_plain_text
from reviewer_app.ui.case_list import URGENCY_COLOURS
from reviewer_app.ui.case_session import CaseSession
from reviewer_app.ui.findings_form import FindingsForm
from reviewer_app.ui.handoff_panel import HandoffPanel
from reviewer_app.ui.page_viewer import PageViewer
from reviewer_app.ui.phrase_library_dialog import Libraries
from reviewer_app.ui.prompts import Prompts, show_failure
from reviewer_app.ui.thumbnails import ThumbnailStrip
from reviewer_app.ui.workers import TaskGroup, TaskRunner, on_gui_thread

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
HIT_ROLE = Qt.ItemDataRole.UserRole + 2
CITATION_ROLE = Qt.ItemDataRole.UserRole + 3
DWELL_SETTING = "review/dwell_seconds"
DEFAULT_DWELL_SECONDS = 5.0
_SHORT_STATES = {
    RecordState.READABLE: "✓ Text",
    RecordState.NEEDS_OCR: "◐ Scanned",
    RecordState.LOCKED: "🔒 Locked",
    RecordState.UNREADABLE: "✗ Unreadable",
    RecordState.REPAIRED: "⚠ Repaired",
}


class CaseWorkspace(QWidget):
    """One open case. Built per case; the main window swaps it in and out."""

    related_case_requested = Signal(int)
    profile_requested = Signal()
    back_requested = Signal()
    status_message = Signal(str)

    def __init__(
        self,
        session: CaseSession,
        prompts: Prompts,
        settings: QSettings,
        now: dt.datetime,
        background: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("caseWorkspace")
        self.session = session
        self.report_status = session.report_status()
        self.prompts = prompts
        self.background = background
        self.tasks = TaskGroup(background, self)  # closing the case cancels them, drops late results
        self._saves_pending = 0  # answers handed to the writer whose outcome has not come back yet
        self._closed = False  # set by close_document: late answers from the background then change nothing
        self.settings = settings
        self.current_record: RecordDocument | None = None
        self._hits: list[SearchHit] = []
        self._query = ""

        self.header = self._header(session.case, session.related, now)
        left = self._records_side()
        centre = self._viewer_side()
        right = self._questions_side(session.case)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="workspaceSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        # The findings column is where the physician writes (and IME tables need room): give it more
        # than the records list; the viewer takes what is left.
        self.splitter.setSizes([300, 640, 500])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.splitter, 1)
        self._build_actions()

        self.fill_records()
        self.count_duplicates()
        self.tasks.start(lambda _p: load_code_set(), lambda _r: None, partial(self._background_failed, "ICD-10 codes"))
        if session.case.records:
            self.record_tree.setCurrentItem(self.record_tree.topLevelItem(0))
        if session.case.details.questions:
            self.question_list.setCurrentRow(0)

    @property
    def case(self) -> Case:
        return self.session.case

    # -- header --

    def _header(self, case: Case, related: Case | None, now: dt.datetime) -> QWidget:
        d = case.details
        c = d.claimant
        bar = QFrame(objectName="caseHeader")
        back = QPushButton("‹ Cases", objectName="backToCases")
        back.setToolTip("Back to the case list (Alt+Left)")
        back.setFlat(True)
        back.clicked.connect(self.back_requested)

        name = QLabel(escape(c.name.given + " " + c.name.family), objectName="claimantName")
        facts = [
            f"Claim {c.claim_number}" if c.claim_number else "",
            f"DOB {c.date_of_birth.isoformat()}" if c.date_of_birth else "",
            f"Injured {c.date_of_injury.isoformat()}" if c.date_of_injury else "",
            c.employer or "",
            d.reference + (f" · {d.vendor.name}" if d.vendor.name else ""),
        ]
        detail = QLabel(" · ".join(escape(f) for f in facts if f), objectName="caseFacts")
        detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        badges = QHBoxLayout()
        badges.setSpacing(6)
        badges.addWidget(_badge(d.service.label.upper(), "serviceBadge", "service"))
        if d.line_of_business:
            badges.addWidget(_badge(d.line_of_business.label, "lineOfBusinessBadge", "neutral"))
        if d.jurisdiction:
            badges.addWidget(_badge(d.jurisdiction, "jurisdictionBadge", "neutral"))
        status = due_status(d.due_at, now)
        due = _badge(status.text, "dueChip", "neutral")
        if status.urgency in URGENCY_COLOURS:
            background, foreground = URGENCY_COLOURS[status.urgency]
            due.setStyleSheet(f"background: {background}; color: {foreground};")
        if d.due_at:
            due.setToolTip(f"Due {d.due_at.strftime('%a %Y-%m-%d %H:%M %z')}")
        if status.urgency is Urgency.OVERDUE:
            due.setText("⚠ " + status.text)
        badges.addWidget(due)
        if d.specialty_requested:
            badges.addWidget(_badge(f"Specialty: {d.specialty_requested}", "specialtyBadge", "neutral"))
        badges.addStretch(1)
        self.related_link: QPushButton | None = None
        if d.related_reference:
            if related is not None:
                link = QPushButton(
                    f"Follows {related.details.service.label.lower()} {related.reference} ›",
                    objectName="relatedCaseLink",
                )
                link.setToolTip(f"Open {related.reference}, the case this one follows")
                link.setCursor(Qt.CursorShape.PointingHandCursor)
                link.clicked.connect(lambda: self.related_case_requested.emit(related.id))
            else:
                link = QPushButton(f"Follows {d.related_reference} (not imported)", objectName="relatedCaseLink")
                link.setEnabled(False)
                link.setToolTip("The earlier case is not in this data folder")
            link.setFlat(True)
            self.related_link = link
            badges.addWidget(link)

        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(name)
        text.addWidget(detail)
        text.addLayout(badges)
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(8, 8, 16, 8)
        layout.addWidget(back, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)
        return bar

    # -- left: records, key pages, warnings --

    def _records_side(self) -> QWidget:
        self.review_summary = QLabel(objectName="reviewSummary")
        self.review_summary.setWordWrap(True)
        self.hide_duplicates = QCheckBox("Hide duplicate pages", objectName="hideDuplicates")
        self.hide_duplicates.setToolTip(
            "Hide search hits on later copies of a page and documents that are wholly copies of others. "
            "Duplicates stay counted."
        )
        self.hide_duplicates.toggled.connect(self._duplicates_toggled)

        self.record_tree = QTreeWidget(objectName="recordTree")
        self.record_tree.setHeaderLabels(["Document", "Pages", "Reviewed", "State", "Dates", "Provider"])
        self.record_tree.setRootIsDecorated(False)
        self.record_tree.setAlternatingRowColors(True)
        self.record_tree.setUniformRowHeights(True)
        self.record_tree.setAccessibleName("Records")
        header = self.record_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        for column in range(1, 6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.record_tree.setColumnWidth(0, 230)
        self.record_tree.currentItemChanged.connect(self._record_chosen)

        records_tab = QWidget()
        records_layout = QVBoxLayout(records_tab)
        records_layout.setContentsMargins(4, 4, 4, 4)
        records_layout.addWidget(self.review_summary)
        records_layout.addWidget(self.hide_duplicates)
        records_layout.addWidget(self.record_tree, 1)

        self.key_pages = QListWidget(objectName="keyPages")
        self.key_pages.setWordWrap(True)
        self.key_pages.setAccessibleName("Key pages")
        self.key_pages.itemActivated.connect(self._citation_activated)
        self.key_pages.itemDoubleClicked.connect(self._citation_activated)
        remove = QPushButton("Remove key page", objectName="removeKeyPage")
        remove.clicked.connect(lambda: self._remove_selected_citation(self.key_pages))
        key_tab = QWidget()
        key_layout = QVBoxLayout(key_tab)
        key_layout.setContentsMargins(4, 4, 4, 4)
        key_layout.addWidget(self.key_pages, 1)
        key_layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignRight)

        self.warning_list = QListWidget(objectName="caseWarnings")
        self.warning_list.setWordWrap(True)
        for warning in self.case.warnings:
            self.warning_list.addItem(QListWidgetItem("⚠ " + warning.message))
        if not self.case.warnings:
            self.warning_list.addItem("No warnings.")

        self.left_tabs = QTabWidget(objectName="recordTabs")
        self.left_tabs.addTab(records_tab, f"Records ({len(self.case.records)})")
        self.left_tabs.addTab(key_tab, "Key pages")
        self.left_tabs.addTab(self.warning_list, f"Warnings ({len(self.case.warnings)})")
        return self.left_tabs

    def _show_report_status(self, remove_citation: QPushButton) -> None:
        """A signed case shows its findings read-only; an addendum says what reopened them."""
        status = self.report_status
        if not status.signed:
            return
        last = status.signed[-1]
        when = f"{last.signed_at:%Y-%m-%d %H:%M}"
        if status.locked:
            self.signed_banner.setText(
                f"<b>{last.title} signed on {when}</b> by {escape(last.signer)}. The findings are locked; "
                "new records from the vendor open an addendum."
            )
            for editor in (self.findings_form, self.case_sections_form, remove_citation):
                editor.setEnabled(False)
            for button in (self.cite_button, self.key_page_button):
                button.setEnabled(False)
                button.setToolTip("The findings were signed; new records from the vendor open an addendum.")
        else:
            new = sum(1 for r in self.case.records if r.version > last.case_version)
            self.signed_banner.setText(
                f"<b>Addendum open:</b> {new} new record(s) arrived after the report signed on {when} "
                "(marked NEW in the records list). Review them, update the findings and sign the addendum."
            )
        self.signed_banner.show()

    def fill_records(self) -> None:
        """(Re)build the record tree and counts from the session's case."""
        state = self.session.review_state()
        hidden = self._wholly_duplicate_records() if self.hide_duplicates.isChecked() else set()
        current_id = self.current_record.id if self.current_record else None
        self.record_tree.blockSignals(True)
        self.record_tree.clear()
        status = self.report_status
        signed_version = status.signed[-1].case_version if status.signed else None
        for number, record in enumerate(self.case.records, start=1):
            is_new = signed_version is not None and record.version > signed_version
            progress = state.by_record.get(record.id or -1)
            pages = str(record.page_count) if record.page_count is not None else "?"
            reviewed = f"{progress.reviewed}/{progress.pages}" if progress and progress.pages else "–"
            if progress and progress.complete:
                reviewed = "✓ " + reviewed
            item = QTreeWidgetItem(
                [
                    f"{number}. {record.title}",
                    pages,
                    reviewed,
                    _SHORT_STATES[record.state],
                    record.dates_label,
                    record.provider or "",
                ]
            )
            item.setData(0, RECORD_ROLE, record)
            if is_new:
                item.setText(0, f"NEW · {item.text(0)}")
                font = item.font(0)
                font.setBold(True)
                item.setFont(0, font)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            tip = "\n".join(
                part
                for part in (
                    record.title,
                    record.provider or "",
                    record.dates_label,
                    record.state.label + (f": {record.state_detail}" if record.state_detail else ""),
                    record.path,
                )
                if part
            )
            for column in range(6):
                item.setToolTip(column, tip)
            self.record_tree.addTopLevelItem(item)
            item.setHidden(record.id in hidden)  # only an item in a tree can be hidden
            if record.id == current_id:
                self.record_tree.setCurrentItem(item)
        self.record_tree.blockSignals(False)
        self.review_summary.setText(self._summary_text(state.counts))
        self._fill_citations()
        self._fill_readiness()

    def _wholly_duplicate_records(self) -> set[int]:
        pages = {r.id: r.page_count or 0 for r in self.case.records if r.id is not None}
        return records_wholly_copied(pages, self.session.duplicates())

    def count_duplicates(self) -> None:
        """Group duplicate pages in the background; counts and banners follow when it is done."""
        session = self.session
        failed = partial(self._background_failed, "Duplicate pages could not be counted")
        self.tasks.start(lambda _progress: session.count_duplicates(), self._duplicates_counted, failed)

    def _duplicates_counted(self, groups: list[list[tuple[int, int]]]) -> None:
        if self._closed:
            return  # counted for a case closed meanwhile: its widgets are gone (or going)
        self.session.set_duplicates(groups)
        self.fill_records() if self.hide_duplicates.isChecked() else self._refresh_review_counts()
        self._update_duplicate_banner()

    def _background_failed(self, what: str, exc: BaseException) -> None:  # said in words, never swallowed
        self.status_message.emit(f"{what}: {failure_in_words(exc, self.session.folder.path, what)}")

    def _summary_text(self, counts: PageCounts) -> str:
        duplicates = f"<b>{counts.duplicates}</b>" if self.session.duplicates_known else "counting"
        unique = f"<b>{counts.unique}</b>" if self.session.duplicates_known else "…"
        return (
            f"<b>{counts.received}</b> pages received · {duplicates} duplicate · {unique} unique · "
            f"<b>{counts.reviewed}</b> reviewed"
        )

    def _duplicates_toggled(self, _checked: bool) -> None:
        self.fill_records()
        if self._query:
            self.run_search()

    # -- centre: search, viewer, hits --

    def _viewer_side(self) -> QWidget:
        self.record_search = QLineEdit(objectName="recordSearch")
        self.record_search.setPlaceholderText('Search the records: words, "a phrase", prefix*  (Ctrl+F)')
        self.record_search.setClearButtonEnabled(True)
        self.record_search.setAccessibleName("Search the records")
        self.record_search.returnPressed.connect(self.run_search)
        self.search_order = QComboBox(objectName="searchOrder")
        self.search_order.addItems(["Page order", "Relevance"])
        self.search_order.setToolTip("Order of the hits")
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
        self.page_view.set_dwell_threshold(float(self.settings.value(DWELL_SETTING, DEFAULT_DWELL_SECONDS)))
        self.page_view.page_dwelled.connect(self._page_dwelled)
        self.page_view.current_page_changed.connect(self._page_changed)
        self.page_view.area_selected.connect(self._area_selected)
        self.page_view.set_page_prompt(self._ask_page)
        self.thumbnails = ThumbnailStrip(self.page_view)
        self.thumbnails.setMaximumWidth(150)

        viewer_area = QSplitter(Qt.Orientation.Horizontal, objectName="viewerSplitter")
        viewer_area.addWidget(self.thumbnails)
        viewer_area.addWidget(self.page_view)
        viewer_area.setStretchFactor(1, 1)
        viewer_area.setSizes([130, 600])

        self.viewer_message = QLabel(objectName="viewerMessage")
        self.viewer_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.viewer_message.setWordWrap(True)
        self.unlock_button = QPushButton("Unlock with the password…", objectName="unlockRecord")
        self.unlock_button.clicked.connect(self.unlock_current_record)
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
        self._message_page = message_page

        self.quote = ""
        self.quote_label = QLabel(objectName="selectedQuote")
        self.quote_label.setWordWrap(True)
        self.cite_button = QPushButton("Cite in finding", objectName="citeIntoFinding")
        self.cite_button.setToolTip(
            "Cite this page (and the selected words) in the current question's finding (Ctrl+K)"
        )
        self.cite_button.clicked.connect(lambda: self.cite_current_page("finding"))
        self.key_page_button = QPushButton("Add to key pages", objectName="addKeyPage")
        self.key_page_button.setToolTip("Keep this page (and the selected words) in the key pages list (Ctrl+B)")
        self.key_page_button.clicked.connect(lambda: self.cite_current_page("key_page"))
        cite_row = QHBoxLayout()
        cite_row.addWidget(self.quote_label, 1)
        cite_row.addWidget(self.cite_button)
        cite_row.addWidget(self.key_page_button)

        self.hit_count = QLabel(objectName="hitCount")
        self.search_results = QListWidget(objectName="searchResults")
        self.search_results.setAccessibleName("Search hits")
        self.search_results.setWordWrap(True)
        self.search_results.currentItemChanged.connect(self._hit_chosen)
        self.search_results.itemActivated.connect(lambda item: self._hit_chosen(item, None))
        results = _stacked(self.hit_count, self.search_results)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(6, 6, 6, 0)
        top_layout.addLayout(search_row)
        top_layout.addWidget(self.record_title)
        top_layout.addWidget(self.page_view.toolbar())
        top_layout.addWidget(self.duplicate_banner)
        top_layout.addWidget(self.viewer, 1)
        top_layout.addLayout(cite_row)

        column = QSplitter(Qt.Orientation.Vertical, objectName="centreSplitter")
        column.addWidget(top)
        column.addWidget(results)
        column.setStretchFactor(0, 5)
        column.setStretchFactor(1, 1)
        # The hits pane stays folded until the first search: the page gets the height meanwhile.
        column.setSizes([790, 0])
        self.centre_splitter = column
        return column

    def record_on_screen(self) -> tuple[str, Path, int, int] | None:
        """The record in the viewer as (title, PDF path, page count, current page index), for printing."""
        record = self.current_record
        if record is None or self.viewer.currentWidget() is not self._viewer_area:
            return None
        try:
            path = self.session.viewable_path(record)
        except ReviewerError:
            return None
        return record.title, path, self.page_view.page_count(), self.page_view.current_page()

    def _record_chosen(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        if current is not None:
            record: RecordDocument = current.data(0, RECORD_ROLE)
            self.show_record(record)

    def show_record(self, record: RecordDocument, page_index: int = 0) -> None:
        """Open a record in the viewer (or say why it cannot be shown)."""
        if (
            self.current_record is None
            or self.current_record.id != record.id
            or self.viewer.currentWidget() is not self._viewer_area
        ):
            self.current_record = record
            pages = f" · {record.page_count} pages" if record.page_count else ""
            number = self.case.records.index(record) + 1 if record in self.case.records else "?"
            self.record_title.setText(f"<b>Rec. {number}: {escape(record.title)}</b>{pages}")
            self._clear_quote()
            if record.state in (RecordState.LOCKED, RecordState.UNREADABLE):
                self.page_view.close_document()
                self._show_message(record)
                return
            try:
                path = self.session.viewable_path(record)
            except ReviewerError as exc:
                self._show_message(record, str(exc))
                return
            if not self.page_view.open_document(path):
                self._show_message(record, self.page_view.error_text())
                return
            self.viewer.setCurrentWidget(self._viewer_area)
            self._select_in_tree(record)
            if record.id is not None:
                self.session.record_opened(record.id)
        if page_index:
            self.page_view.go_to_page(page_index)
        self._update_duplicate_banner()

    def _show_message(self, record: RecordDocument, text: str | None = None) -> None:
        locked = record.state is RecordState.LOCKED
        self.viewer_message.setText(
            text or f"{record.state.label}: {record.state_detail or 'it cannot be shown'}\n\n{record.path}"
        )
        self.unlock_button.setVisible(locked)
        self.viewer.setCurrentWidget(self._message_page)

    def _select_in_tree(self, record: RecordDocument) -> None:
        for index in range(self.record_tree.topLevelItemCount()):
            item = self.record_tree.topLevelItem(index)
            if item.data(0, RECORD_ROLE).id == record.id and self.record_tree.currentItem() is not item:
                self.record_tree.blockSignals(True)
                self.record_tree.setCurrentItem(item)
                self.record_tree.blockSignals(False)

    def run_search(self) -> None:
        """Search the case's records for the query typed; list the hits."""
        self._query = self.record_search.text().strip()
        self.search_results.clear()
        if not self._query:
            self.hit_count.setText("")
            self._hits = []
            return
        hits = self.session.search(self._query, by_relevance=self.search_order.currentIndex() == 1)
        if self.hide_duplicates.isChecked():
            copies = later_copies(self.session.duplicates())
            hits = [h for h in hits if (h.record_id, h.page_index) not in copies]
        self._hits = hits
        numbers = {r.id: n for n, r in enumerate(self.case.records, start=1)}
        for hit in hits:
            snippet = escape(hit.snippet).replace("[[", "<b>").replace("]]", "</b>")
            label = f"Rec. {numbers.get(hit.record_id, '?')}, p. {hit.page_number}" + (" · OCR" if hit.from_ocr else "")
            item = QListWidgetItem(f"{label} — {hit.record_title}\n{snippet_as_plain_text(snippet)}")
            item.setData(HIT_ROLE, hit)
            item.setToolTip(f"{hit.record_title}, page {hit.page_number}")
            self.search_results.addItem(item)
        more = " (first 50)" if len(hits) >= 50 else ""
        self.hit_count.setText(
            f"{len(hits)} hit(s){more} for <b>{escape(self._query)}</b> — F3 next, Shift+F3 previous"
            if hits
            else f"No page matches <b>{escape(self._query)}</b>."
        )
        if hits:
            self.search_results.setCurrentRow(0)
        sizes = self.centre_splitter.sizes()
        if sizes[1] == 0:
            total = sum(sizes)
            self.centre_splitter.setSizes([max(total - 170, 0), 170])

    def _hit_chosen(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is None:
            return
        hit: SearchHit = current.data(HIT_ROLE)
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

    def step_hit(self, step: int) -> None:
        count = self.search_results.count()
        if count:
            self.search_results.setCurrentRow((self.search_results.currentRow() + step) % count)

    # -- review tracking and duplicates --

    def _page_dwelled(self, page_index: int) -> None:
        record = self.current_record
        if record is None or record.id is None:
            return
        if self.session.mark_reviewed(record.id, page_index):
            self._refresh_review_counts()

    def _refresh_review_counts(self) -> None:
        state = self.session.review_state()
        for index in range(self.record_tree.topLevelItemCount()):
            item = self.record_tree.topLevelItem(index)
            record: RecordDocument = item.data(0, RECORD_ROLE)
            progress = state.by_record.get(record.id or -1)
            if progress and progress.pages:
                text = f"{progress.reviewed}/{progress.pages}"
                item.setText(2, ("✓ " if progress.complete else "") + text)
        self.review_summary.setText(self._summary_text(state.counts))
        self._fill_readiness()

    def _page_changed(self, _page: int) -> None:
        self._update_duplicate_banner()

    def _copies_of_current_page(self) -> list[tuple[int, int]]:
        record = self.current_record
        if record is None or record.id is None:
            return []
        key = (record.id, self.page_view.current_page())
        for group in self.session.duplicates():
            if key in group:
                return [k for k in group if k != key]
        return []

    def _update_duplicate_banner(self) -> None:
        copies = self._copies_of_current_page()
        if not copies:
            self.duplicate_banner.hide()
            return
        numbers = {r.id: n for n, r in enumerate(self.case.records, start=1)}
        links = ", ".join(
            f"<a href='{rid}:{page}'>Rec. {numbers.get(rid, '?')}, p. {page + 1}</a>" for rid, page in copies[:6]
        )
        self.duplicate_banner.setText(f"⧉ This page is also at {links}")
        self.duplicate_banner.show()

    def _go_to_copy(self, link: str) -> None:
        record_id, page = (int(part) for part in link.split(":"))
        record = self.session.record(record_id)
        if record is not None:
            self.show_record(record, page)
            self.page_view.go_to_page(page)

    # -- citations --

    def _area_selected(self, page_index: int, rect: QRectF) -> None:
        record = self.current_record
        if record is None or record.id is None:
            return
        area = Box(rect.left(), rect.top(), rect.width(), rect.height())
        self.quote = self.session.quote(record.id, page_index, area)
        self.quote_label.setText(f"Selected: “{escape(self.quote[:160])}”" if self.quote else "")

    def _clear_quote(self) -> None:
        self.quote = ""
        self.quote_label.setText("")

    def current_question(self) -> ReferralQuestion | None:
        item = self.question_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def cite_current_page(self, kind: str) -> Citation | None:
        """Cite the page on screen (and the selected words) as a key page or in the current finding."""
        self.commit_findings()
        record = self.current_record
        if record is None or record.id is None or self.viewer.currentWidget() is not self._viewer_area:
            self.status_message.emit("Open a record page to cite it.")
            return None
        question = self.current_question() if kind == "finding" else None
        if kind == "finding" and question is None:
            self.status_message.emit("Choose the question whose finding the page supports.")
            return None
        note = ""
        if kind == "key_page":
            numbers = {r.id: n for n, r in enumerate(self.case.records, start=1)}
            asked = self.prompts.ask_note(
                self, f"Rec. {numbers.get(record.id)}, p. {self.page_view.current_page() + 1}"
            )
            if asked is None:
                return None
            note = asked
        try:
            citation = self.session.cite(
                record.id, self.page_view.current_page(), self.quote, kind, question.key if question else None, note
            )
        except Exception as exc:  # in words; what was not expected is logged
            show_failure(self.prompts, self, "Not cited", exc, self.session.folder.path)
            return None
        self._clear_quote()
        self._fill_citations()
        if question is not None:
            self._add_to_citations_field(question.key, record.path, citation.page_number)
        where = f"the finding for {question.key}" if question else "the key pages"
        self.status_message.emit(f"{self.citation_label(citation)} cited in {where}.")
        return citation

    def _add_to_citations_field(self, question_key: str, record_path: str, page_number: int) -> None:
        fields = [f for f in self.session.findings().fields if f.question_key == question_key]
        target = next((f for f in fields if f.type.value == "citations"), None)
        editor = self.findings_form.editor(target.id) if target is not None else None
        if editor is not None and hasattr(editor, "add_citation"):
            editor.add_citation(record_path, page_number)

    def citation_label(self, citation: Citation) -> str:
        numbers = {r.id: n for n, r in enumerate(self.case.records, start=1)}
        return f"Rec. {numbers.get(citation.record_id, '?')}, p. {citation.page_number}"

    def _fill_citations(self) -> None:
        citations = self.session.citations()
        titles = {r.id: r.title for r in self.case.records}
        question = self.current_question() if hasattr(self, "question_list") else None
        for widget, wanted in ((self.key_pages, "key_page"), (getattr(self, "finding_citations", None), "finding")):
            if widget is None:
                continue
            widget.clear()
            for citation in citations:
                if citation.kind != wanted:
                    continue
                if wanted == "finding" and (question is None or citation.question_key != question.key):
                    continue
                quote = f"\n“{citation.quote}”" if citation.quote else ""
                quote += f"\nNote: {citation.note}" if citation.note else ""
                item = QListWidgetItem(f"{self.citation_label(citation)} — {titles.get(citation.record_id, '')}{quote}")
                item.setData(CITATION_ROLE, citation)
                widget.addItem(item)
        self.left_tabs.setTabText(1, f"Key pages ({self.key_pages.count()})")

    def _citation_activated(self, item: QListWidgetItem) -> None:
        citation: Citation | None = item.data(CITATION_ROLE)
        if citation is None:
            return
        record = self.session.record(citation.record_id)
        if record is not None:
            self.show_record(record, citation.page_index)
            self.page_view.go_to_page(citation.page_index)

    def _remove_selected_citation(self, widget: QListWidget) -> None:
        item = widget.currentItem()
        citation: Citation | None = item.data(CITATION_ROLE) if item else None
        if citation is not None:
            self.session.remove_citation(citation.id)
            self._fill_citations()

    # -- locked records --

    def unlock_current_record(self) -> None:
        record = self.current_record
        if record is None or record.id is None:
            return
        password = self.prompts.ask_password(self, record.title)
        if password is None:
            return
        try:
            unlocked = self.session.unlock(record.id, password)
        except Exception as exc:  # any failure in words (a damaged file too); what was not expected is logged
            show_failure(self.prompts, self, "Not unlocked", exc, self.session.folder.path)
            return
        self.current_record = None
        self.fill_records()
        self.show_record(unlocked)
        self.status_message.emit(f"{unlocked.title} unlocked: {unlocked.page_count or 0} pages.")

    def refresh_records(self) -> None:
        """Reload the case (after OCR or an unlock) and keep the reader where they were."""
        record_id = self.current_record.id if self.current_record else None
        page = self.page_view.current_page()
        self.session.reload()
        self.current_record = None
        self.fill_records()
        self.count_duplicates()
        record = self.session.record(record_id) if record_id is not None else None
        if record is not None:
            self.show_record(record, page)

    # -- right: questions, findings, readiness --

    def _questions_side(self, case: Case) -> QWidget:
        self.question_list = QListWidget(objectName="questionList")
        self.question_list.setWordWrap(True)
        self.question_list.setAccessibleName("Referral questions")
        self.question_list.setSpacing(2)
        self.question_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        answers = self.session.answers()
        for question in case.details.questions:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, question)
            item.setToolTip(question.text)
            self.question_list.addItem(item)
        self._label_questions(answers)
        self.question_list.currentItemChanged.connect(self._show_question)

        self.findings_panel = QWidget(objectName="findingsPanel")
        self.findings_text = QLabel()
        self.findings_text.setWordWrap(True)
        self.findings_text.setTextFormat(Qt.TextFormat.RichText)
        self.findings_text.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.findings_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.finding_citations = QListWidget(objectName="findingCitations")
        self.finding_citations.setWordWrap(True)
        self.finding_citations.setMaximumHeight(130)
        self.finding_citations.itemActivated.connect(self._citation_activated)
        self.finding_citations.itemDoubleClicked.connect(self._citation_activated)
        remove = QPushButton("Remove citation", objectName="removeFindingCitation")
        remove.clicked.connect(lambda: self._remove_selected_citation(self.finding_citations))
        self.findings_form = FindingsForm()
        self.findings_form.answer_changed.connect(self._answer_changed)
        self.case_sections_form = FindingsForm()
        self.case_sections_form.answer_changed.connect(self._answer_changed)
        case_fields = [replace(f, label=f.spec.label) for f in self.session.findings().fields if f.question_key is None]
        self.case_sections_form.set_fields(case_fields, answers)
        self.libraries = Libraries(self.session.folder, self.case, self.status_message.emit)
        self.findings_form.set_libraries(self.libraries)
        self.case_sections_form.set_libraries(self.libraries)
        self.findings_form_title = QLabel(objectName="findingsFormTitle")
        findings_layout = QVBoxLayout(self.findings_panel)
        findings_layout.setContentsMargins(8, 8, 8, 8)
        handoff = self.session.handoff()
        self.handoff_panel = HandoffPanel(handoff) if handoff is not None else None
        if self.handoff_panel is not None:
            findings_layout.addWidget(self.handoff_panel)
        self.signed_banner = QLabel(objectName="signedBanner")
        self.signed_banner.setWordWrap(True)
        self.signed_banner.hide()
        findings_layout.addWidget(self.signed_banner)
        findings_layout.addWidget(self.findings_text)
        findings_layout.addWidget(self.findings_form)
        cited_label = QLabel("<b>Pages cited for this question</b> (Ctrl+K cites the page on screen)")
        cited_label.setWordWrap(True)
        findings_layout.addWidget(cited_label)
        findings_layout.addWidget(self.finding_citations)
        findings_layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignRight)
        if case_fields:
            sections_title = QLabel(
                "<b>For the whole case</b> (peer-to-peer contacts, opinions considered, recommendation, declarations)"
            )
            sections_title.setWordWrap(True)
            findings_layout.addWidget(sections_title)
            findings_layout.addWidget(self.case_sections_form)
        findings_layout.addStretch(1)
        findings_scroll = QScrollArea()
        findings_scroll.setWidget(self.findings_panel)
        findings_scroll.setWidgetResizable(True)
        # Sideways scrolling only if an editor cannot be narrower than the column (nothing silently cut off).
        findings_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

        self._show_report_status(remove)

        self.readiness = QListWidget(objectName="readiness")
        self.readiness.setAccessibleName("Before signing")
        self.readiness.setWordWrap(True)
        self.readiness.setToolTip("Double-click or press Enter on an item to go where it is fixed")
        self.readiness.itemActivated.connect(self._readiness_activated)
        self.readiness_title = QLabel(objectName="readinessTitle")
        readiness_box = _stacked(self.readiness_title, self.readiness)
        questions_box = _stacked(
            QLabel(f"<b>Referral questions</b> ({len(case.details.questions)})"), self.question_list
        )

        side = QSplitter(Qt.Orientation.Vertical, objectName="questionsSplitter")
        side.addWidget(questions_box)
        side.addWidget(findings_scroll)
        side.addWidget(readiness_box)
        side.setSizes([200, 480, 120])  # the findings get the most room: they are where the physician writes
        # The findings editors need about this much; below it the splitter takes width from the viewer instead.
        side.setMinimumWidth(280)
        return side

    def _fill_readiness(self) -> None:
        items = self.session.readiness()
        self.readiness.clear()
        for entry in items:
            item = QListWidgetItem(("✗ " if entry.blocking else "! ") + entry.text)
            item.setData(Qt.ItemDataRole.UserRole, entry)
            self.readiness.addItem(item)
        self.readiness_title.setText(f"<b>Before signing</b> ({len(items)})")

    def _show_question(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        if current is None:
            return
        question: ReferralQuestion = current.data(Qt.ItemDataRole.UserRole)
        services = {s.key: s for s in self.case.details.requested_services}
        parts = [
            f"<p style='font-size: 11pt'><b>{escape(question.text)}</b></p>",
            f"<p>Topic: {escape(question.topic.value.replace('_', ' '))} · question {escape(question.key)}</p>",
        ]
        for key in question.service_keys:
            service = services.get(key)
            if service is None:
                continue
            facts = [service.description]
            if service.code:
                facts.append(f"{service.code_system or ''} {service.code}".strip())
            if service.quantity is not None:
                facts.append(f"{service.quantity:g} {service.unit or ''}".strip())
            if service.requested_by:
                facts.append(f"requested by {service.requested_by}")
            if service.requested_on:
                facts.append(f"on {service.requested_on.isoformat()}")
            parts.append(f"<p>Request under review: {escape(' · '.join(facts))}</p>")
        self.findings_text.setText("".join(parts))
        if self.case.details.instructions:
            self.findings_text.setToolTip(f"Referral instructions: {self.case.details.instructions}")
        fields = [
            _short_label(f, services, several=len(question.service_keys) > 1)
            for f in self.session.findings().fields
            if f.question_key == question.key
        ]
        self.findings_form.set_fields(fields, self.session.answers())
        self._fill_citations()

    def _label_questions(self, answers: dict[str, Any]) -> None:
        marks = {
            "not_started": "○ Not started",
            "in_progress": "◐ In progress",
            "complete": "● Complete",
            "needs_attention": "⚠ Needs attention",
        }
        for row in range(self.question_list.count()):
            item = self.question_list.item(row)
            question: ReferralQuestion = item.data(Qt.ItemDataRole.UserRole)
            topic = question.topic.value.replace("_", " ").capitalize()
            state = marks[self.session.question_state(question.key, answers)]
            item.setText(f"Q{row + 1} · {topic} · {state}\n{question.text}")

    def _answer_changed(self, field_id: str, value: Any) -> None:
        """Every edit is saved as it is made, by the database's writer: the window never waits for it.

        The outcome comes back on the GUI thread (dropped if the case has closed by then): a value the
        form refuses is shown under its field, not saved.
        """
        sender = self.sender()
        form = sender if isinstance(sender, FindingsForm) else self.findings_form
        self._saves_pending += 1
        on_gui_thread(
            self.session.submit_answer(field_id, value),
            lambda _saved: self._answer_saved(form),
            partial(self._answer_not_saved, form, field_id),
            owner=self,
        )

    @property
    def saving(self) -> bool:
        """Whether an answer handed to the writer has not yet come back (saved or refused)."""
        return self._saves_pending > 0

    def _answer_saved(self, form: FindingsForm) -> None:
        self._saves_pending -= 1
        form.show_problems({})
        self._label_questions(self.session.answers())
        self._fill_readiness()
        self.status_message.emit("Saved")

    def _answer_not_saved(self, form: FindingsForm, field_id: str, exc: BaseException) -> None:
        self._saves_pending -= 1
        if isinstance(exc, InvalidInput) and exc.problems:
            problem = exc.problems[0].split(": ", 1)[-1]
        else:
            problem = failure_in_words(exc, self.session.folder.path, "Saving an answer")
        form.show_problems({field_id: problem})
        self.status_message.emit(f"Not saved: {problem.splitlines()[0]}")

    def _readiness_activated(self, item: QListWidgetItem) -> None:
        entry = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(entry, ReadinessItem):
            self.go_to_readiness_item(entry)

    def go_to_readiness_item(self, entry: ReadinessItem) -> None:
        """Take the physician where ``entry`` is fixed: its field, the first open question, the first page
        not reviewed, the warnings, or the profile dialog."""
        if entry.target is Target.FIELD and entry.field_id:
            self.focus_field(entry.field_id)
        elif entry.target is Target.QUESTION:
            for row in range(self.question_list.count()):
                question: ReferralQuestion = self.question_list.item(row).data(Qt.ItemDataRole.UserRole)
                if self.session.question_state(question.key, self.session.answers()) != "complete":
                    self.question_list.setCurrentRow(row)
                    self.question_list.setFocus()
                    break
        elif entry.target is Target.RECORDS:
            self.open_first_unreviewed_page()
        elif entry.target is Target.WARNINGS:
            self.left_tabs.setCurrentWidget(self.warning_list)
            self.warning_list.setFocus()
        elif entry.target is Target.PROFILE:
            self.profile_requested.emit()

    def focus_field(self, field_id: str) -> bool:
        """Select the field's question (if it has one) and put the keyboard focus in its editor."""
        field = next((f for f in self.session.findings().fields if f.id == field_id), None)
        if field is None:
            return False
        if field.question_key is None:
            return self.case_sections_form.focus_field(field_id)
        for row in range(self.question_list.count()):
            question: ReferralQuestion = self.question_list.item(row).data(Qt.ItemDataRole.UserRole)
            if question.key == field.question_key:
                self.question_list.setCurrentRow(row)
                break
        return self.findings_form.focus_field(field_id)

    def open_first_unreviewed_page(self) -> bool:
        """Show the first page, in record order, not yet reviewed; False when every page is."""
        reviewed = self.session.review_state().reviewed
        for row, record in enumerate(self.case.records):
            if record.id is None or not record.page_count:
                continue
            done = reviewed.get(record.id, frozenset())
            page = next((i for i in range(record.page_count) if i not in done), None)
            if page is None:
                continue
            self.left_tabs.setCurrentIndex(0)
            self.record_tree.setCurrentItem(self.record_tree.topLevelItem(row))
            self.show_record(record, page)
            self.page_view.go_to_page(page)
            return True
        return False

    def step_question(self, step: int) -> None:
        count = self.question_list.count()
        if count:
            self.question_list.setCurrentRow(max(0, min(count - 1, self.question_list.currentRow() + step)))

    # -- keyboard --

    def _build_actions(self) -> None:
        def action(name: str, text: str, keys: str, slot: object) -> QAction:
            created = QAction(text, self, objectName=name)
            created.setShortcut(QKeySequence(keys))
            created.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            created.triggered.connect(slot)
            self.addAction(created)
            return created

        action("actionFindInRecords", "Search the records", "Ctrl+F", self._focus_search)
        action("actionNextHit", "Next hit", "F3", lambda: self.step_hit(1))
        action("actionPreviousHit", "Previous hit", "Shift+F3", lambda: self.step_hit(-1))
        action("actionCiteInFinding", "Cite page in finding", "Ctrl+K", lambda: self.cite_current_page("finding"))
        action("actionAddKeyPage", "Add to key pages", "Ctrl+B", lambda: self.cite_current_page("key_page"))
        action("actionPreviousQuestion", "Previous question", "Alt+Up", lambda: self.step_question(-1))
        action("actionNextQuestion", "Next question", "Alt+Down", lambda: self.step_question(1))

    def _focus_search(self) -> None:
        self.record_search.setFocus()
        self.record_search.selectAll()

    def _ask_page(self) -> int | None:
        count = self.page_view.page_count()
        if not count:
            return None
        return self.prompts.ask_page(self, count)

    # -- layout memory --

    def save_layout(self, settings: QSettings) -> None:
        settings.setValue("workspace/splitter", self.splitter.saveState())

    def restore_layout(self, settings: QSettings) -> None:
        state = settings.value("workspace/splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)

    def commit_findings(self) -> None:
        """Save whatever the physician has typed and not yet saved, in both findings forms."""
        self.case_sections_form.commit()
        self.findings_form.commit()

    def close_document(self) -> None:
        self.commit_findings()
        self.tasks.close()  # the case's background work: cancelled, and its late results dropped
        self._closed = True
        self.page_view.close_document()
        self.session.flush_pages_reviewed()


def _short_label(field: AnswerField, services: dict[str, RequestedService], several: bool) -> AnswerField:
    """The field as the panel labels it: the question stands above, so only the field's own name
    (with the service's name when the question covers several)."""
    label = field.spec.label
    service = services.get(field.service_key or "")
    if several and service is not None:
        label = f"{service.code or service.description[:40]}: {label}"
    return replace(field, label=label)


def _stacked(*widgets: QWidget) -> QWidget:
    """Widgets one above the other, without margins (a heading over its list)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return box


def _badge(text: str, name: str, kind: str) -> QLabel:
    label = QLabel(text, objectName=name)
    label.setProperty("badge", kind)
    return label
