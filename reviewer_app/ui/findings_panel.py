"""The findings side of the workspace: referral questions, the current question's findings and
citations, the findings for the whole case, and what still stands before signing.

Every edit is saved as it is made, through the case's session (the database's writer); the
panel says when answers were saved and what the physician chose, and leaves the rest to the
workspace (signals).
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.case import ReferralQuestion, RequestedService
from reviewer_app.domain.errors import InvalidInput
from reviewer_app.domain.forms import AnswerField
from reviewer_app.domain.readiness import ReadinessItem
from reviewer_app.domain.review import Citation
from reviewer_app.services.presenting import failure_in_words
from reviewer_app.services.reporting import ReportStatus
from reviewer_app.ui.case_session import CaseSession
from reviewer_app.ui.citation_list import CITATION_ROLE, chosen_citation, fill_citation_list
from reviewer_app.ui.exam_screen import ExamScreen
from reviewer_app.ui.findings_form import FindingsForm
from reviewer_app.ui.handoff_panel import HandoffPanel
from reviewer_app.ui.phrase_library_dialog import Libraries
from reviewer_app.ui.workers import on_gui_thread

_QUESTION_MARKS = {
    "not_started": "○ Not started",
    "in_progress": "◐ In progress",
    "complete": "● Complete",
    "needs_attention": "⚠ Needs attention",
}


class FindingsPanel(QSplitter):
    """Questions above, the findings in the middle (scrolling), "Before signing" below.

    Signals:
        question_changed(): another referral question became current (its citations to show).
        answers_changed(): an answer was saved (question states and readiness are refreshed already).
        citation_requested(Citation): show the page a finding cites.
        citation_removal_requested(Citation): the physician removed a finding's citation.
        readiness_chosen(ReadinessItem): go where this item is fixed.
        citations_changed(): pages taken out of a question's records relied on left its citations too.
        status_message(str): a short message for the status bar.
    """

    question_changed = Signal()
    answers_changed = Signal()
    citation_requested = Signal(object)
    citation_removal_requested = Signal(object)
    readiness_chosen = Signal(object)
    citations_changed = Signal()
    status_message = Signal(str)

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setObjectName("questionsSplitter")
        self.session = session
        self._saves_pending = 0  # answers handed to the writer whose outcome has not come back yet
        self._one_line_questions = False
        case = session.case

        self.question_list = QListWidget(objectName="questionList")
        self.question_list.setWordWrap(True)
        self.question_list.setAccessibleName("Referral questions")
        self.question_list.setSpacing(2)
        self.question_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        answers = session.answers()
        for question in case.details.questions:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, question)
            item.setToolTip(question.text)
            self.question_list.addItem(item)
        self._label_questions(answers)
        self.question_list.currentItemChanged.connect(self._show_question)

        self.findings_panel = QWidget(objectName="findingsPanel")
        self.findings_text = QLabel(objectName="questionText")
        self.findings_text.setWordWrap(True)
        self.findings_text.setTextFormat(Qt.TextFormat.RichText)
        self.findings_text.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.findings_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.finding_citations = QListWidget(objectName="findingCitations")
        self.finding_citations.setWordWrap(True)
        self.finding_citations.setMaximumHeight(130)
        self.finding_citations.setAccessibleName("Pages cited for this question")
        self.finding_citations.itemActivated.connect(self._citation_activated)
        self.finding_citations.itemDoubleClicked.connect(self._citation_activated)
        self.remove_citation = QPushButton("Remove citation", objectName="removeFindingCitation")
        self.remove_citation.clicked.connect(self._remove_citation)
        self.findings_form = FindingsForm()
        self.findings_form.answer_changed.connect(self._answer_changed)
        self.case_sections_form = FindingsForm()
        self.case_sections_form.answer_changed.connect(self._answer_changed)
        all_fields = session.findings().fields
        # An IME's history and examination have a screen of their own (a tab beside the question).
        case_fields = [
            replace(f, label=f.spec.label) for f in all_fields if f.question_key is None and not ExamScreen.takes(f)
        ]
        self.case_sections_form.set_fields(case_fields, answers)
        self.libraries = Libraries(session.folder, case, self.status_message.emit)
        self.findings_form.set_libraries(self.libraries)
        self.case_sections_form.set_libraries(self.libraries)
        self.exam_screen: ExamScreen | None = None
        if any(ExamScreen.takes(f) for f in all_fields):
            self.exam_screen = ExamScreen()
            self.exam_screen.set_fields(all_fields, answers)
            self.exam_screen.set_libraries(self.libraries)
            for form in self.exam_screen.forms():
                form.answer_changed.connect(self._answer_changed)
        findings_layout = QVBoxLayout(self.findings_panel)
        self._findings_layout = findings_layout
        findings_layout.setContentsMargins(8, 8, 8, 8)
        handoff = session.handoff()
        self.handoff_panel = HandoffPanel(handoff) if handoff is not None else None
        if self.handoff_panel is not None:
            findings_layout.addWidget(self.handoff_panel)
        self.signed_banner = QLabel(objectName="signedBanner")
        self.signed_banner.setWordWrap(True)
        self.signed_banner.hide()
        findings_layout.addWidget(self.signed_banner)
        findings_layout.addWidget(self.findings_text)
        findings_layout.addWidget(self.findings_form)
        self.cited_label = QLabel("<b>Pages cited for this question</b> (Ctrl+K cites the page on screen)")
        self.cited_label.setWordWrap(True)
        findings_layout.addWidget(self.cited_label)
        findings_layout.addWidget(self.finding_citations)
        findings_layout.addWidget(self.remove_citation, 0, Qt.AlignmentFlag.AlignRight)
        if case_fields:
            sections_title = QLabel(
                "<b>For the whole case</b> (peer-to-peer contacts, opinions considered, recommendation, declarations)"
            )
            sections_title.setWordWrap(True)
            findings_layout.addWidget(sections_title)
            findings_layout.addWidget(self.case_sections_form)
        findings_layout.addStretch(1)
        self.findings_scroll = QScrollArea(objectName="findingsScroll")
        self.findings_scroll.setWidget(self.findings_panel)
        self.findings_scroll.setWidgetResizable(True)
        # Sideways scrolling only if an editor cannot be narrower than the column (nothing silently cut off).
        self.findings_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

        self.readiness = QListWidget(objectName="readiness")
        self.readiness.setAccessibleName("Before signing")
        self.readiness.setWordWrap(True)
        self.readiness.setToolTip("Double-click or press Enter on an item to go where it is fixed")
        self.readiness.itemActivated.connect(self._readiness_activated)
        self.readiness_title = QLabel(objectName="readinessTitle")
        questions_title = QLabel(f"<b>Referral questions</b> ({len(case.details.questions)})")

        self.addWidget(_stacked(questions_title, self.question_list))
        if self.exam_screen is None:
            self.addWidget(self.findings_scroll)
        else:
            self.findings_tabs = QTabWidget(objectName="findingsTabs")
            self.findings_tabs.addTab(self.findings_scroll, "Question")
            self.findings_tabs.addTab(self.exam_screen, "History and examination")
            self.findings_tabs.setTabToolTip(1, "The history and the examination, with the deficits they compute")
            self.addWidget(self.findings_tabs)
        self.addWidget(_stacked(self.readiness_title, self.readiness))
        self.setSizes([200, 480, 120])  # the findings get the most room: they are where the physician writes
        # The findings editors need about this much; below it the splitter takes width from the viewer instead.
        self.setMinimumWidth(280)

    # -- questions --

    def add_beside_fields(self, widget: QWidget) -> None:
        """Put ``widget`` under the current question's fields (the billing table beside a billing question)."""
        self._findings_layout.insertWidget(self._findings_layout.indexOf(self.findings_form) + 1, widget)

    def current_question(self) -> ReferralQuestion | None:
        item = self.question_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _questions(self) -> list[ReferralQuestion]:
        return [self.question_list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.question_list.count())]

    def step_question(self, step: int) -> None:
        count = self.question_list.count()
        if count:
            self.question_list.setCurrentRow(max(0, min(count - 1, self.question_list.currentRow() + step)))

    def go_to_first_open_question(self) -> None:
        """Select the first question not yet complete and put the focus in the list."""
        answers = self.session.answers()
        for row, question in enumerate(self._questions()):
            if self.session.question_state(question.key, answers) != "complete":
                self.question_list.setCurrentRow(row)
                self.question_list.setFocus()
                return

    def _show_question(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        if current is None:
            return
        question: ReferralQuestion = current.data(Qt.ItemDataRole.UserRole)
        case = self.session.case
        services = {s.key: s for s in case.details.requested_services}
        parts = [
            f"<p style='font-size: 11pt'><b>{escape(question.text)}</b></p>",
            f"<p>Question {self.question_list.currentRow() + 1} · {escape(question.topic.label)}</p>",
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
        if case.details.instructions:
            self.findings_text.setToolTip(f"Referral instructions: {case.details.instructions}")
        fields = [
            _short_label(f, services, several=len(question.service_keys) > 1)
            for f in self.session.findings().fields
            if f.question_key == question.key
        ]
        answers = self.session.answers()
        self.findings_form.set_fields(fields, answers)
        self.findings_form.show_problems(self.session.language_notes(answers))
        # One list of the pages relied on: a question whose form lists records shows only that list
        # (Ctrl+K adds to it); the separate list is for a question whose form has none.
        separate = not self._citations_fields(question.key)
        for widget in (self.cited_label, self.finding_citations, self.remove_citation):
            widget.setVisible(separate)
        self.question_changed.emit()

    def _label_questions(self, answers: dict[str, Any]) -> None:
        # One line each when the panel is short of height (compact layout): the question is in full below.
        between = " — " if self._one_line_questions else "\n"
        for row, question in enumerate(self._questions()):
            topic = question.topic.label
            state = _QUESTION_MARKS[self.session.question_state(question.key, answers)]
            self.question_list.item(row).setText(f"Q{row + 1} · {topic} · {state}{between}{question.text}")

    def set_one_line_questions(self, one_line: bool) -> None:
        """Each question on one line, elided (its tooltip and the text above its findings say it all)."""
        if one_line == self._one_line_questions:
            return
        self._one_line_questions = one_line
        self.question_list.setWordWrap(not one_line)
        self.question_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._label_questions(self.session.answers())

    def focus_field(self, field_id: str) -> bool:
        """Select the field's question (if it has one) and put the keyboard focus in its editor."""
        field = next((f for f in self.session.findings().fields if f.id == field_id), None)
        if field is None:
            return False
        if self.exam_screen is not None and ExamScreen.takes(field):
            self.findings_tabs.setCurrentWidget(self.exam_screen)
            return self.exam_screen.focus_field(field_id)
        if field.question_key is None:
            self._show_question_tab()
            return self.case_sections_form.focus_field(field_id)
        for row, question in enumerate(self._questions()):
            if question.key == field.question_key:
                self.question_list.setCurrentRow(row)
                break
        self._show_question_tab()
        return self.findings_form.focus_field(field_id)

    def _show_question_tab(self) -> None:
        if self.exam_screen is not None:
            self.findings_tabs.setCurrentWidget(self.findings_scroll)

    # -- answers --

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
            lambda _saved: (self._answer_saved(form), self._keep_cited(field_id)),
            partial(self._answer_not_saved, form, field_id),
            owner=self,
        )

    @property
    def saving(self) -> bool:
        """Whether an answer handed to the writer has not yet come back (saved or refused)."""
        return self._saves_pending > 0

    def _answer_saved(self, form: FindingsForm) -> None:
        self._saves_pending -= 1
        answers = self.session.answers()
        # The language checks' findings under the field they concern, as soon as the words are saved.
        form.show_problems(self.session.language_notes(answers))
        if self.exam_screen is not None:
            self.exam_screen.set_answers(answers)  # the impairment and DOT level follow the questions too
        self._label_questions(answers)
        self.fill_readiness()
        self.status_message.emit("Saved")
        self.answers_changed.emit()

    def _answer_not_saved(self, form: FindingsForm, field_id: str, exc: BaseException) -> None:
        self._saves_pending -= 1
        if isinstance(exc, InvalidInput) and exc.problems:
            problem = exc.problems[0].split(": ", 1)[-1]
        else:
            problem = failure_in_words(exc, self.session.folder.path, "Saving an answer")
        form.show_problems({field_id: problem})
        self.status_message.emit(f"Not saved: {problem.splitlines()[0]}")

    def commit(self) -> None:
        """Save whatever the physician has typed and not yet saved, in every findings form."""
        if self.exam_screen is not None:
            self.exam_screen.commit()
        self.case_sections_form.commit()
        self.findings_form.commit()

    def show_report_status(self, status: ReportStatus) -> None:
        """A signed case shows its findings read-only; an addendum says what reopened them."""
        if not status.signed:
            return
        last = status.signed[-1]
        when = f"{last.signed_at:%Y-%m-%d %H:%M}"
        if status.locked:
            self.signed_banner.setText(
                f"<b>{last.title} signed on {when}</b> by {escape(last.signer)}. The findings are locked; "
                "new records from the vendor open an addendum."
            )
            for editor in (self.findings_form, self.case_sections_form, self.remove_citation, self.exam_screen):
                if editor is not None:
                    editor.setEnabled(False)
        else:
            new = sum(1 for r in self.session.case.records if r.version > last.case_version)
            self.signed_banner.setText(
                f"<b>Addendum open:</b> {new} new record(s) arrived after the report signed on {when} "
                "(marked NEW in the records list). Review them, update the findings and sign the addendum."
            )
        self.signed_banner.show()

    # -- citations --

    def set_citations(
        self, citations: list[Citation], numbers: dict[int | None, int], titles: dict[int | None, str]
    ) -> None:
        """The finding citations of the current question (``citations`` are all the case's)."""
        question = self.current_question()
        mine = [c for c in citations if question is not None and c.question_key == question.key]
        fill_citation_list(self.finding_citations, mine, numbers, titles)

    def _citations_fields(self, question_key: str) -> list[AnswerField]:
        return [
            f for f in self.session.findings().fields if f.question_key == question_key and f.type.value == "citations"
        ]

    def _keep_cited(self, field_id: str) -> None:
        """After a citations field is saved: the pages it no longer lists go from the question's citations too."""
        field = next((f for f in self.session.findings().fields if f.id == field_id), None)
        if field is None or field.question_key is None or field.type.value != "citations":
            return
        answers = self.session.answers()
        pages = {
            (str(entry.get("record")), int(entry.get("page", 0)))
            for citations_field in self._citations_fields(field.question_key)
            for entry in answers.get(citations_field.id) or []
            if isinstance(entry, dict)
        }
        if self.session.keep_question_citations(field.question_key, pages):
            self.citations_changed.emit()

    def add_to_citations_field(self, question_key: str, record_path: str, page_number: int) -> None:
        """A page cited for a question also goes into its citations field (what the report lists)."""
        fields = [f for f in self.session.findings().fields if f.question_key == question_key]
        target = next((f for f in fields if f.type.value == "citations"), None)
        editor = self.findings_form.editor(target.id) if target is not None else None
        if editor is not None and hasattr(editor, "add_citation"):
            editor.add_citation(record_path, page_number)

    def _citation_activated(self, item: QListWidgetItem) -> None:
        citation = item.data(CITATION_ROLE)
        if isinstance(citation, Citation):
            self.citation_requested.emit(citation)

    def _remove_citation(self) -> None:
        citation = chosen_citation(self.finding_citations)
        if citation is not None:
            self.citation_removal_requested.emit(citation)

    # -- before signing --

    def fill_readiness(self) -> None:
        items = self.session.readiness()
        self.readiness.clear()
        for entry in items:
            item = QListWidgetItem(("✗ " if entry.blocking else "! ") + entry.text)
            item.setData(Qt.ItemDataRole.UserRole, entry)
            self.readiness.addItem(item)
        self.readiness_title.setText(f"<b>Before signing</b> ({len(items)})")

    def _readiness_activated(self, item: QListWidgetItem) -> None:
        entry = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(entry, ReadinessItem):
            self.readiness_chosen.emit(entry)


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
