"""The case workspace: header bar; records left, page viewer centre, questions and findings right."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
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

from reviewer_app.domain.case import Case, MediaType, RecordDocument, RecordState, ReferralQuestion
from reviewer_app.domain.deadlines import Urgency, due_status
from reviewer_app.domain.readiness import readiness_items
from reviewer_app.ui.case_list import URGENCY_COLOURS

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
_SHORT_STATES = {
    RecordState.READABLE: "Text",
    RecordState.NEEDS_OCR: "Scanned",
    RecordState.LOCKED: "Locked",
    RecordState.UNREADABLE: "Unreadable",
}
_STATE_MARKS = {
    RecordState.READABLE: "✓",
    RecordState.NEEDS_OCR: "◐",
    RecordState.LOCKED: "🔒",
    RecordState.UNREADABLE: "✗",
}


class RecordFiles:
    """How the workspace reaches record bytes: through services, never the store itself."""

    def __init__(self, path_of: Callable[[str], Path], text_of: Callable[[str], str]) -> None:
        self.path_of = path_of
        self.text_of = text_of


class CaseWorkspace(QWidget):
    """One open case. Built per case; the main window swaps it in and out."""

    related_case_requested = Signal(int)
    back_requested = Signal()

    def __init__(
        self,
        case: Case,
        related: Case | None,
        files: RecordFiles,
        now: dt.datetime,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("caseWorkspace")
        self.case = case
        self._files = files
        # Owned here, not by the view: a QPdfDocument parented to its QPdfView crashes on close.
        self._pdf = QPdfDocument(self)

        self.header = self._header(case, related, now)
        self.record_tree = self._record_tree(case)
        self.warning_list = QListWidget(objectName="caseWarnings")
        self.warning_list.setWordWrap(True)
        for warning in case.warnings:
            self.warning_list.addItem(QListWidgetItem("⚠ " + warning.message))
        if not case.warnings:
            self.warning_list.addItem("No warnings.")
        self.key_pages = QListWidget(objectName="keyPages")
        self.key_pages.addItem("No key pages yet.")
        left = QTabWidget(objectName="recordTabs")
        left.addTab(self.record_tree, f"Records ({len(case.records)})")
        left.addTab(self.key_pages, "Key pages")
        left.addTab(self.warning_list, f"Warnings ({len(case.warnings)})")

        centre = self._viewer()
        right = self._questions_side(case)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="workspaceSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([470, 640, 420])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.splitter, 1)

        if case.records:
            self.record_tree.setCurrentItem(self.record_tree.topLevelItem(0))
        if case.details.questions:
            self.question_list.setCurrentRow(0)

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

    # -- left: records --

    def _record_tree(self, case: Case) -> QTreeWidget:
        tree = QTreeWidget(objectName="recordTree")
        tree.setHeaderLabels(["Document", "Pages", "State", "Dates", "Provider"])
        tree.setRootIsDecorated(False)
        tree.setAlternatingRowColors(True)
        tree.setUniformRowHeights(True)
        tree.setAccessibleName("Records")
        for record in case.records:
            pages = str(record.page_count) if record.page_count is not None else "?"
            item = QTreeWidgetItem(
                [
                    record.title,
                    pages,
                    f"{_STATE_MARKS[record.state]} {_SHORT_STATES[record.state]}",
                    record.dates_label,
                    record.provider or "",
                ]
            )
            item.setData(0, RECORD_ROLE, record)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            tip = "\n".join(
                part
                for part in (
                    record.title,
                    record.provider or "",
                    record.dates_label,
                    f"{record.state.label}" + (f": {record.state_detail}" if record.state_detail else ""),
                    record.path,
                )
                if part
            )
            for column in range(5):
                item.setToolTip(column, tip)
            tree.addTopLevelItem(item)
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        tree.setColumnWidth(0, 260)
        tree.currentItemChanged.connect(self._show_record)
        return tree

    # -- centre: viewer --

    def _viewer(self) -> QWidget:
        self.record_search = QLineEdit(objectName="recordSearch")
        self.record_search.setPlaceholderText("Search this case's records")
        self.record_search.setClearButtonEnabled(True)
        # Enabled by the records workspace, once the records' text is extracted and indexed.
        self.record_search.setEnabled(False)
        self.record_search.setToolTip("Full-text search is not available in this version yet")
        self.record_search.setAccessibleName("Search the records")
        self.record_title = QLabel(objectName="recordTitle")
        self.page_view = QPdfView(objectName="pageView")
        self.page_view.setDocument(self._pdf)
        self.page_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.page_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.image_view = QLabel(objectName="imageView")
        self.image_view.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        image_scroll = QScrollArea()
        image_scroll.setWidget(self.image_view)
        image_scroll.setWidgetResizable(True)
        self.text_view = QPlainTextEdit(objectName="textView")
        self.text_view.setReadOnly(True)
        self.viewer_message = QLabel(objectName="viewerMessage")
        self.viewer_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.viewer_message.setWordWrap(True)
        self.viewer = QStackedWidget(objectName="viewerStack")
        for widget in (self.page_view, image_scroll, self.text_view, self.viewer_message):
            self.viewer.addWidget(widget)
        self._image_scroll = image_scroll

        self.search_results = QListWidget(objectName="searchResults")
        self.search_results.setAccessibleName("Search hits")
        self.search_results.setMaximumHeight(110)

        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.record_search)
        layout.addWidget(self.record_title)
        layout.addWidget(self.viewer, 1)
        layout.addWidget(self.search_results)
        return column

    def _show_record(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        if current is None:
            return
        record: RecordDocument = current.data(0, RECORD_ROLE)
        pages = f" · {record.page_count} pages" if record.page_count else ""
        self.record_title.setText(f"<b>{escape(record.title)}</b>{pages}")
        if record.state in (RecordState.LOCKED, RecordState.UNREADABLE):
            self._message(f"{record.state.label}: {record.state_detail}\n\n{record.path}")
            return
        try:
            if record.media_type is MediaType.PDF:
                self._pdf.load(str(self._files.path_of(record.sha256)))
                self.viewer.setCurrentWidget(self.page_view)
            elif record.media_type in (MediaType.PNG, MediaType.JPEG, MediaType.TIFF):
                pixmap = QPixmap(str(self._files.path_of(record.sha256)))
                self.image_view.setPixmap(pixmap.scaledToWidth(min(pixmap.width(), 900)))
                self.viewer.setCurrentWidget(self._image_scroll)
            elif record.media_type is MediaType.TEXT:
                self.text_view.setPlainText(self._files.text_of(record.sha256))
                self.viewer.setCurrentWidget(self.text_view)
            else:
                self._message("This file type cannot be shown.")
        except Exception as exc:  # a missing file must not take the workspace down
            self._message(str(exc))

    def _message(self, text: str) -> None:
        self.viewer_message.setText(text)
        self.viewer.setCurrentWidget(self.viewer_message)

    # -- right: questions, findings, readiness --

    def _questions_side(self, case: Case) -> QWidget:
        self.question_list = QListWidget(objectName="questionList")
        self.question_list.setWordWrap(True)
        self.question_list.setAccessibleName("Referral questions")
        self.question_list.setSpacing(2)
        self.question_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for number, question in enumerate(case.details.questions, start=1):
            item = QListWidgetItem(
                f"Q{number} · {question.topic.value.replace('_', ' ').capitalize()} · ○ Not started\n{question.text}"
            )
            item.setData(Qt.ItemDataRole.UserRole, question)
            item.setToolTip(question.text)
            self.question_list.addItem(item)
        self.question_list.currentItemChanged.connect(self._show_question)

        self.findings_panel = QWidget(objectName="findingsPanel")
        self.findings_text = QLabel()
        self.findings_text.setWordWrap(True)
        self.findings_text.setTextFormat(Qt.TextFormat.RichText)
        self.findings_text.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.findings_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        findings_layout = QVBoxLayout(self.findings_panel)
        findings_layout.setContentsMargins(8, 8, 8, 8)
        findings_layout.addWidget(self.findings_text)
        findings_layout.addStretch(1)
        findings_scroll = QScrollArea()
        findings_scroll.setWidget(self.findings_panel)
        findings_scroll.setWidgetResizable(True)

        self.readiness = QListWidget(objectName="readiness")
        self.readiness.setAccessibleName("Before signing")
        items = readiness_items(case)
        for entry in items:
            self.readiness.addItem(("✗ " if entry.blocking else "! ") + entry.text)
        self.readiness_title = QLabel(f"<b>Before signing</b> ({len(items)})", objectName="readinessTitle")

        readiness_box = QWidget()
        readiness_layout = QVBoxLayout(readiness_box)
        readiness_layout.setContentsMargins(0, 0, 0, 0)
        readiness_layout.addWidget(self.readiness_title)
        readiness_layout.addWidget(self.readiness)

        questions_box = QWidget()
        questions_layout = QVBoxLayout(questions_box)
        questions_layout.setContentsMargins(0, 0, 0, 0)
        questions_layout.addWidget(QLabel(f"<b>Referral questions</b> ({len(case.details.questions)})"))
        questions_layout.addWidget(self.question_list)

        side = QSplitter(Qt.Orientation.Vertical, objectName="questionsSplitter")
        side.addWidget(questions_box)
        side.addWidget(findings_scroll)
        side.addWidget(readiness_box)
        side.setSizes([300, 320, 160])
        return side

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
        if self.case.details.instructions:
            parts.append(f"<p><i>Referral instructions:</i> {escape(self.case.details.instructions)}</p>")
        self.findings_text.setText("".join(parts))

    # -- layout memory --

    def save_layout(self, settings: QSettings) -> None:
        settings.setValue("workspace/splitter", self.splitter.saveState())

    def restore_layout(self, settings: QSettings) -> None:
        state = settings.value("workspace/splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)

    def close_document(self) -> None:
        self._pdf.close()


def _badge(text: str, name: str, kind: str) -> QLabel:
    label = QLabel(text, objectName=name)
    label.setProperty("badge", kind)
    return label
