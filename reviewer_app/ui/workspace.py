"""The case workspace: it builds the parts of one open case and wires them.

    CaseHeader        who and what the case is              back_requested, related_case_requested
    RecordsPanel      documents, key pages, warnings        record_requested, citation_requested, ...
    Reader            search, pages, hits (detachable)      record_shown, pages_reviewed, cite_requested
    FindingsPanel     questions, findings, before signing   question_changed, answers_changed, readiness_chosen

The parts never talk to each other: their signals come here, and this coordinator calls the
others' methods. Everything they show or change goes through the case's CaseSession (services);
long work (OCR) is run by the main window.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.case import Case, RecordDocument, ReferralQuestion
from reviewer_app.domain.errors import ReviewerError
from reviewer_app.domain.highlights import Bookmark, Highlight
from reviewer_app.domain.readiness import ReadinessItem, Target
from reviewer_app.domain.review import Citation, PageCounts, records_wholly_copied
from reviewer_app.services.findings import load_code_set
from reviewer_app.services.presenting import failure_in_words
from reviewer_app.ui.case_header import CaseHeader
from reviewer_app.ui.case_session import CaseSession
from reviewer_app.ui.citation_list import citation_label
from reviewer_app.ui.findings_form import FindingsForm
from reviewer_app.ui.findings_panel import FindingsPanel
from reviewer_app.ui.highlights_list import HighlightsList
from reviewer_app.ui.missing_records_panel import acknowledge_conflict_in_window
from reviewer_app.ui.page_viewer import PageViewer
from reviewer_app.ui.prompts import Prompts, show_failure
from reviewer_app.ui.reader import DEFAULT_DWELL_SECONDS, DWELL_SETTING, Reader, ReaderWindow
from reviewer_app.ui.record_views import attach_record_views
from reviewer_app.ui.records_panel import RecordsPanel
from reviewer_app.ui.workers import TaskGroup, TaskRunner
from reviewer_app.ui.workspace_layouts import Layout
from reviewer_app.ui.workspace_panes import WorkspacePanes

__all__ = ["DEFAULT_DWELL_SECONDS", "DWELL_SETTING", "CaseWorkspace"]


class CaseWorkspace(QWidget):
    """One open case. Built per case; the main window swaps it in and out.

    Signals:
        related_case_requested(int case_id), profile_requested(), back_requested(): for the main window.
        status_message(str): a short message for the status bar.
        viewer_detached_changed(bool): the reader went to its own window (True) or came back.
    """

    related_case_requested = Signal(int)
    profile_requested = Signal()
    back_requested = Signal()
    status_message = Signal(str)
    viewer_detached_changed = Signal(bool)

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
        self.settings = settings
        self.background = background
        self.tasks = TaskGroup(background, self)  # closing the case cancels them, drops late results
        self._closed = False  # set by close_document: late results from the background then change nothing

        self.header = CaseHeader(session.case, session.related, now)
        self.records = RecordsPanel(session.case.warnings)
        self.reader = Reader(session, settings)
        self.findings = FindingsPanel(session)
        self.splitter = WorkspacePanes(self.header, self.records, self.reader, self.findings, settings)
        self.splitter.detached_changed.connect(self.viewer_detached_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.splitter, 1)
        self._wire()
        self._build_actions()
        self._lock_if_signed()

        self.fill_records()
        self.count_duplicates()
        # Each file's documents found once, in the background: the preview and the Chronology tab assemble them.
        prepared = partial(self._background_failed, "The chronology could not be prepared")
        self.tasks.start(lambda progress: session.chronology(progress), lambda _entries: None, prepared)
        self.tasks.start(lambda _p: load_code_set(), lambda _r: None, partial(self._background_failed, "ICD-10 codes"))
        if session.case.records and session.case.records[0].id is not None:
            self.records.choose_record(session.case.records[0].id)
        if session.case.details.questions:
            self.question_list.setCurrentRow(0)

    def _wire(self) -> None:
        self.header.back_requested.connect(self.back_requested)
        self.header.related_case_requested.connect(self.related_case_requested)
        self.records.record_requested.connect(self.show_record)
        self.records.citation_requested.connect(self._show_citation)
        self.records.citation_removal_requested.connect(self._remove_citation)
        self.records.hide_duplicates_changed.connect(self._duplicates_toggled)
        self.highlights = HighlightsList()
        self.records.addTab(self.highlights, "Highlights")
        self.highlights.page_requested.connect(self.reader.go_to)
        self.highlights.note_requested.connect(self._edit_highlight_note)
        self.highlights.removal_requested.connect(self._remove_highlight)
        self.highlights.bookmark_removal_requested.connect(self._remove_bookmark)
        self.reader.highlights_changed.connect(self._fill_highlights)
        self._fill_highlights()
        views = attach_record_views(self)
        self.chronology, self.timeline, self.missing_records = views.chronology, views.timeline, views.missing_records
        self.billing, self.billing_question = views.billing, views.billing_question
        self.reader.record_shown.connect(lambda record: self.records.select_record(record.id))
        self.reader.pages_reviewed.connect(self._refresh_review_counts)
        self.reader.cite_requested.connect(self.cite_current_page)
        self.reader.unlock_requested.connect(self.unlock_current_record)
        self.reader.page_view.set_page_prompt(self._ask_page)
        self.findings.question_changed.connect(self._fill_citations)
        self.findings.citation_requested.connect(self._show_citation)
        self.findings.citation_removal_requested.connect(self._remove_citation)
        self.findings.readiness_chosen.connect(self.go_to_readiness_item)
        self.findings.citations_changed.connect(self._fill_citations)
        self.findings.status_message.connect(self.status_message)

    # -- what the parts hold, under the names the main window, scripts and tests use --

    @property
    def case(self) -> Case:
        return self.session.case

    @property
    def current_record(self) -> RecordDocument | None:
        return self.reader.current_record

    @property
    def page_view(self) -> PageViewer:
        return self.reader.page_view

    @property
    def viewer(self) -> QStackedWidget:
        return self.reader.viewer

    @property
    def _message_page(self) -> QWidget:
        return self.reader.message_page

    @property
    def question_list(self) -> QListWidget:
        return self.findings.question_list

    @property
    def findings_form(self) -> FindingsForm:
        return self.findings.findings_form

    @property
    def case_sections_form(self) -> FindingsForm:
        return self.findings.case_sections_form

    @property
    def readiness(self) -> QListWidget:
        return self.findings.readiness

    @property
    def saving(self) -> bool:
        """Whether an answer handed to the writer has not yet come back (saved or refused)."""
        return self.findings.saving

    @property
    def record_tree(self) -> QTreeView:
        return self.records.view

    @property
    def record_search(self) -> QLineEdit:
        return self.reader.record_search

    @property
    def search_results(self) -> QTreeView:
        return self.reader.search_results

    @property
    def cite_button(self) -> QPushButton:
        return self.reader.cite_button

    @property
    def key_page_button(self) -> QPushButton:
        return self.reader.key_page_button

    @property
    def signed_banner(self) -> QLabel:
        return self.findings.signed_banner

    # -- records --

    def fill_records(self) -> None:
        """(Re)build the records list, its counts, the citations and readiness from the session's case."""
        state = self.session.review_state()
        hidden = self._wholly_duplicate_records() if self.records.hide_duplicates.isChecked() else set()
        status = self.report_status
        signed_version = status.signed[-1].case_version if status.signed else None
        new_ids = (
            {r.id for r in self.case.records if r.id is not None and r.version > signed_version}
            if signed_version is not None
            else set()
        )
        current = self.current_record
        self.records.set_records(self.case.records, state.by_record, new_ids, hidden, current.id if current else None)
        self.records.set_summary(self._summary_text(state.counts))
        self._fill_citations()
        self.findings.fill_readiness()

    def warnings_added(self, messages: list[str]) -> None:
        """New warnings for this case (kept by a service already): listed, and the checklist looked at again."""
        self.records.add_warnings(messages)
        self.session.reload(records_changed=False)  # the checklist reads the case's warnings
        self.findings.fill_readiness()

    def show_record(self, record: RecordDocument, page_index: int = 0) -> None:
        """Open a record in the reader (or say why it cannot be shown)."""
        self.reader.show_record(record, page_index)

    def record_on_screen(self) -> tuple[str, Path, int, int] | None:
        """The record in the viewer as (title, PDF path, page count, current page index), for printing."""
        return self.reader.record_on_screen()

    def run_search(self) -> None:
        self.reader.run_search()

    def step_hit(self, step: int) -> None:
        self.reader.step_hit(step)

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
        if self.records.hide_duplicates.isChecked():
            self.records.set_hidden(self._wholly_duplicate_records())
        self._refresh_review_counts()
        self.reader.update_duplicate_banner()

    def _background_failed(self, what: str, exc: BaseException) -> None:  # said in words, never swallowed
        self.status_message.emit(f"{what}: {failure_in_words(exc, self.session.folder.path, what)}")

    def _summary_text(self, counts: PageCounts) -> str:
        known = self.session.duplicates_known
        duplicates = f"<b>{counts.duplicates}</b>" if known else "counting"
        unique = f"<b>{counts.unique}</b>" if known else "…"
        return (
            f"<b>{counts.received}</b> pages received · {duplicates} duplicate · {unique} unique · "
            f"<b>{counts.reviewed}</b> reviewed"
        )

    def _duplicates_toggled(self, checked: bool) -> None:
        self.records.set_hidden(self._wholly_duplicate_records() if checked else set())
        self.reader.set_hide_copies(checked)

    # -- highlights --

    def _fill_highlights(self) -> None:
        numbers = {r.id: n for n, r in enumerate(self.case.records, 1) if r.id is not None}
        self.highlights.set_highlights(self.session.highlights(), numbers)
        self.highlights.set_bookmarks(self.session.bookmarks(), numbers)
        index = self.records.indexOf(self.highlights)
        self.records.setTabText(index, f"Highlights ({self.highlights.count()})")

    def _edit_highlight_note(self, highlight: Highlight) -> None:
        note = self.prompts.ask_note(self, f"the highlight on p. {highlight.page_number}")
        if note is None:
            return
        try:
            self.session.change_highlight_note(highlight.id, note)
        except ReviewerError as exc:
            show_failure(self.prompts, self, "Note not saved", exc, self.session.folder.path)
        self._fill_highlights()

    def bookmark_page(self) -> None:
        """Bookmark the page on screen under a title the physician gives (the record's title by default)."""
        record = self.current_record
        if record is None or record.id is None or not self.reader.shows_pages():
            self.status_message.emit("Open a record page to bookmark it.")
            return
        page = max(self.page_view.current_page(), 0)
        title = self.prompts.ask_note(
            self, f"a title for the bookmark of Rec. {self._numbers().get(record.id)}, p. {page + 1}"
        )
        if title is None:
            return
        try:
            self.session.add_bookmark(record.id, page, title)
        except ReviewerError as exc:
            show_failure(self.prompts, self, "Not bookmarked", exc, self.session.folder.path)
            return
        self._fill_highlights()
        self.status_message.emit(f"Page {page + 1} of {record.title} bookmarked.")

    def _remove_bookmark(self, bookmark: Bookmark) -> None:
        try:
            self.session.remove_bookmark(bookmark.id)
        except ReviewerError as exc:
            show_failure(self.prompts, self, "Not removed", exc, self.session.folder.path)
        self._fill_highlights()

    def _remove_highlight(self, highlight: Highlight) -> None:
        try:
            self.session.remove_highlight(highlight.id)
        except ReviewerError as exc:
            show_failure(self.prompts, self, "Not removed", exc, self.session.folder.path)
        self._fill_highlights()
        self.reader.show_pen_marks()

    def _refresh_review_counts(self) -> None:
        state = self.session.review_state()
        self.records.set_progress(state.by_record, self._summary_text(state.counts))
        self.findings.fill_readiness()

    def open_first_unreviewed_page(self) -> bool:
        """Show the first page, in record order, not yet reviewed; False when every page is."""
        reviewed = self.session.review_state().reviewed
        for record in self.case.records:
            if record.id is None or not record.page_count:
                continue
            done = reviewed.get(record.id, frozenset())
            page = next((i for i in range(record.page_count) if i not in done), None)
            if page is None:
                continue
            self.records.show_records()
            self.show_record(record, page)
            self.page_view.go_to_page(page)
            return True
        return False

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
        self.reader.forget_record()
        self.fill_records()
        self.show_record(unlocked)
        self.status_message.emit(f"{unlocked.title} unlocked: {unlocked.page_count or 0} pages.")

    def refresh_records(self) -> None:
        """Reload the case (after OCR or an unlock) and keep the reader where they were."""
        record_id = self.current_record.id if self.current_record else None
        page = self.page_view.current_page()
        self.session.reload()
        self.reader.forget_record()
        self.fill_records()
        self.count_duplicates()
        record = self.session.record(record_id) if record_id is not None else None
        if record is not None:
            self.show_record(record, page)

    # -- citations --

    def _numbers(self) -> dict[int | None, int]:
        return {r.id: n for n, r in enumerate(self.case.records, start=1)}

    def citation_label(self, citation: Citation) -> str:
        return citation_label(citation, self._numbers())

    def current_question(self) -> ReferralQuestion | None:
        return self.findings.current_question()

    def cite_current_page(self, kind: str) -> Citation | None:
        """Cite the page on screen (and the selected words) as a key page or in the current finding."""
        self.commit_findings()
        record = self.current_record
        if record is None or record.id is None or not self.reader.shows_pages():
            self.status_message.emit("Open a record page to cite it.")
            return None
        question = self.current_question() if kind == "finding" else None
        if kind == "finding" and question is None:
            self.status_message.emit("Choose the question whose finding the page supports.")
            return None
        page = self.page_view.current_page()
        note = ""
        if kind == "key_page":
            asked = self.prompts.ask_note(self, f"Rec. {self._numbers().get(record.id)}, p. {page + 1}")
            if asked is None:
                return None
            note = asked
        try:
            citation = self.session.cite(
                record.id, page, self.reader.quote, kind, question.key if question else None, note
            )
        except Exception as exc:  # in words; what was not expected is logged
            show_failure(self.prompts, self, "Not cited", exc, self.session.folder.path)
            return None
        self.reader.clear_quote()
        self._fill_citations()
        if question is not None:
            self.findings.add_to_citations_field(question.key, record.path, citation.page_number)
        where = f"the finding for {question.key}" if question else "the key pages"
        self.status_message.emit(f"{self.citation_label(citation)} cited in {where}.")
        return citation

    def _fill_citations(self) -> None:
        citations = self.session.citations()
        numbers = self._numbers()
        titles: dict[int | None, str] = {r.id: r.title for r in self.case.records}
        self.records.set_key_pages([c for c in citations if c.kind == "key_page"], numbers, titles)
        self.findings.set_citations([c for c in citations if c.kind == "finding"], numbers, titles)

    def _show_citation(self, citation: Citation) -> None:
        self.reader.go_to(citation.record_id, citation.page_index)

    def _remove_citation(self, citation: Citation) -> None:
        self.session.remove_citation(citation.id)
        self._fill_citations()

    def _lock_if_signed(self) -> None:
        status = self.report_status
        self.findings.show_report_status(status)
        if status.locked:
            self.records.set_locked(True)
            self.reader.set_citing_allowed(
                False, "The findings were signed; new records from the vendor open an addendum."
            )

    # -- findings --

    def go_to_readiness_item(self, entry: ReadinessItem) -> None:
        """Take the physician where ``entry`` is fixed: its field, the first open question, the first page
        not reviewed, the warnings, or the profile dialog."""
        if entry.target is Target.FIELD and entry.field_id:
            self.focus_field(entry.field_id)
        elif entry.target is Target.QUESTION:
            self.findings.go_to_first_open_question()
        elif entry.target is Target.RECORDS:
            self.open_first_unreviewed_page()
        elif entry.target is Target.WARNINGS:
            self.records.show_warnings()
        elif entry.target is Target.PROFILE:
            self.profile_requested.emit()
        elif (
            entry.target is Target.CONFLICT
            and entry.field_id
            and acknowledge_conflict_in_window(self, self.prompts, self.session, entry.field_id)
        ):
            self.findings.fill_readiness()

    def focus_field(self, field_id: str) -> bool:
        """Select the field's question (if it has one) and put the keyboard focus in its editor."""
        return self.findings.focus_field(field_id)

    def step_question(self, step: int) -> None:
        self.findings.step_question(step)

    def commit_findings(self) -> None:
        """Save whatever the physician has typed and not yet saved, in both findings forms."""
        self.findings.commit()

    # -- keyboard --

    def _build_actions(self) -> None:
        def action(name: str, text: str, keys: str, slot: object) -> QAction:
            created = QAction(text, self, objectName=name)
            created.setShortcut(QKeySequence(keys))
            created.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            created.triggered.connect(slot)
            self.addAction(created)
            return created

        action("actionFindInRecords", "Search the records", "Ctrl+F", self.reader.focus_search)
        action("actionNextHit", "Next hit", "F3", lambda: self.step_hit(1))
        action("actionPreviousHit", "Previous hit", "Shift+F3", lambda: self.step_hit(-1))
        action("actionCiteInFinding", "Cite page in finding", "Ctrl+K", lambda: self.cite_current_page("finding"))
        action("actionAddKeyPage", "Add to key pages", "Ctrl+B", lambda: self.cite_current_page("key_page"))
        action("actionPreviousQuestion", "Previous question", "Alt+Up", lambda: self.step_question(-1))
        action("actionNextQuestion", "Next question", "Alt+Down", lambda: self.step_question(1))
        action("actionBookmarkPage", "Bookmark this page…", "Ctrl+D", self.bookmark_page)
        marking = action("actionMarkReviewed", "Mark pages reviewed…", "Ctrl+Shift+R", self.mark_pages_reviewed)
        marking.setToolTip("Mark the page on screen, or a range of the record's pages, as reviewed by you")

    def mark_pages_reviewed(self) -> None:
        """Ask which pages of the record on screen (the page shown, by default) the physician reviewed."""
        record = self.current_record
        count = self.page_view.page_count()
        if record is None or not count:
            self.prompts.show_error(self, "Nothing to mark", "Open a record first.")
            return
        chosen = self.prompts.ask_page_range(self, count, max(self.page_view.current_page(), 0) + 1)
        if chosen is None:
            return
        try:
            marked = self.session.mark_pages_reviewed(record, *chosen)
        except ReviewerError as exc:
            show_failure(self.prompts, self, "Not marked", exc, self.session.folder.path)
            return
        self._refresh_review_counts()
        first, last = chosen
        span = f"Page {first}" if first == last else f"Pages {first}-{last}"
        self.status_message.emit(
            f"{span} of {record.title} marked reviewed ({len(marked.newly_reviewed)} not reviewed before)."
        )

    def _ask_page(self) -> int | None:
        count = self.page_view.page_count()
        if not count:
            return None
        return self.prompts.ask_page(self, count)

    # -- layouts and the reader's window (WorkspacePanes does both) --

    @property
    def layout_in_use(self) -> Layout:
        return self.splitter.layout_in_use

    def use_layout(self, layout: Layout) -> None:
        """Switch to a layout: this one's sizes are kept, that one's come back (or its defaults)."""
        self.splitter.use_layout(layout)

    def save_layout(self, settings: QSettings) -> None:
        """Keep the current layout's pane sizes (when the case closes)."""
        self.splitter.save(settings)

    def restore_layout(self, settings: QSettings) -> None:
        """The layout's shape, then the pane sizes the physician left it with (once shown)."""
        self.splitter.restore(settings)

    @property
    def reader_window(self) -> ReaderWindow | None:
        return self.splitter.reader_window

    @property
    def viewer_detached(self) -> bool:
        return self.splitter.detached

    def set_viewer_detached(self, detached: bool) -> None:
        """Move the reader to its own top-level window (a second monitor), or bring it back.

        The record and the page on screen stay; the workspace's shortcuts work in that window too.
        """
        self.splitter.set_detached(detached, f"{self.case.reference} · records — Reviewer", self.actions())

    def close_document(self) -> None:
        self.commit_findings()
        self.tasks.close()  # the case's background work: cancelled, and its late results dropped
        self._closed = True
        self.set_viewer_detached(False)
        self.page_view.close_document()
        self.session.flush_pages_reviewed()
