"""The IME exam screen: history and examination in tabs of their own, the computed values beside them.

The history (from the records and from the interview) and the examination are what the IME physician
writes during and after the exam; the referral questions are answered from them later. The screen
shows those case-level sections in two tabs, one :class:`FindingsForm` per section under its title (the
range of motion, strength and reflexes edited by side, see ``exam_editors``), and beside them what the answers
compute: the range-of-motion deficits, left against right, the combined whole-person impairment and
the DOT strength level (the last two come from the impairment and work-status questions' answers).

How a workspace hosts it: create it, ``set_fields`` with every field of the case and the answers,
``set_libraries``, connect ``answer_changed`` to the save (the same slot as the findings form's; or
connect each of ``forms()``, FindingsForms, so that ``show_problems`` goes to the one that sent it), call
``set_answers`` after every saved answer so the computed values follow the questions too, and
``commit`` before the case closes or the layout changes. ``takes(field)`` tells which fields it shows,
so the case-wide form can leave them out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.bilateral import differences
from reviewer_app.domain.computed import computed_text
from reviewer_app.domain.forms import AnswerField, is_empty_answer
from reviewer_app.domain.range_of_motion import deficit_lines
from reviewer_app.ui.exam_editors import RangeOfMotionEditor
from reviewer_app.ui.field_editor import FieldEditor, LibrarySource
from reviewer_app.ui.findings_form import FindingsForm

#: The case-level sections of each tab, by the form's section ids (forms/ime.toml).
HISTORY_SECTIONS = ("records_summary", "history")
EXAMINATION_SECTIONS = ("examination",)
_ROM, _STRENGTH, _REFLEXES = "range_of_motion", "strength", "reflexes_by_side"


def _scrolled(widget: QWidget, name: str) -> QScrollArea:
    area = QScrollArea(objectName=name)
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area


class ExamSummary(QWidget):
    """What the exam's answers compute, in headed groups of lines; a group with nothing to show is hidden."""

    GROUPS = (
        ("deficits", "Range of motion deficits"),
        ("sides", "Left against right"),
        ("impairment", "Impairment"),
        ("work", "Work capacity"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("examComputed")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(4)
        title = QLabel("<b>Computed from the answers</b>")
        title.setWordWrap(True)
        layout.addWidget(title)
        self.empty = QLabel("Nothing to compute yet: measure a range of motion, or rate an impairment.")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self._headings: dict[str, QLabel] = {}
        self._bodies: dict[str, QLabel] = {}
        for key, heading in self.GROUPS:
            head = QLabel(f"<b>{heading}</b>", objectName=f"examComputedHeading:{key}")
            body = QLabel(objectName=f"examComputed:{key}")
            body.setWordWrap(True)
            body.setTextFormat(Qt.TextFormat.PlainText)
            body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            body.setAccessibleName(heading)
            layout.addWidget(head)
            layout.addWidget(body)
            self._headings[key], self._bodies[key] = head, body
        layout.addStretch(1)
        self._lines: dict[str, list[str]] = {}

    def show_lines(self, lines: Mapping[str, Sequence[str]]) -> None:
        """Show each group's lines (keys of ``GROUPS``); groups not given are hidden."""
        self._lines = {key: list(lines.get(key, ())) for key, _ in self.GROUPS}
        for key, _ in self.GROUPS:
            shown = self._lines[key]
            self._bodies[key].setText("\n".join(f"• {line}" for line in shown))
            self._headings[key].setVisible(bool(shown))
            self._bodies[key].setVisible(bool(shown))
        self.empty.setVisible(not any(self._lines.values()))

    def lines(self, key: str) -> list[str]:
        """The lines shown in group ``key``."""
        return list(self._lines.get(key, ()))


class ExamScreen(QWidget):
    """History and examination in tabs, with the values they compute beside them (see the module's doc)."""

    answer_changed = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("examScreen")
        self.setAccessibleName("History and examination")
        # One form per section, under the section's title: the history from the records is kept apart
        # from the history taken at the interview (8 CCR 10682(b)).
        self._forms: dict[str, FindingsForm] = {}
        self._titles: dict[str, QLabel] = {}
        self.tabs = QTabWidget(objectName="examTabs")
        for name, sections, tip in (
            ("History", HISTORY_SECTIONS, "History from the records and from the interview, kept apart"),
            ("Examination", EXAMINATION_SECTIONS, "Vital signs, range of motion, strength, reflexes, special tests"),
        ):
            page = QWidget()
            column = QVBoxLayout(page)
            column.setContentsMargins(8, 8, 8, 8)
            for section in sections:
                title = QLabel(objectName=f"examSectionTitle:{section}")
                title.setTextFormat(Qt.TextFormat.PlainText)
                font = title.font()
                font.setBold(True)
                font.setPointSizeF(font.pointSizeF() * 1.15)
                title.setFont(font)
                form = FindingsForm()
                form.setObjectName(f"examForm:{section}")
                column.addWidget(title)
                column.addWidget(form)
                column.addSpacing(12)
                self._forms[section], self._titles[section] = form, title
            column.addStretch(1)
            self.tabs.addTab(_scrolled(page, f"exam{name}Scroll"), name)
            self.tabs.setTabToolTip(self.tabs.count() - 1, tip)
        self.summary = ExamSummary()
        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="examSplitter")
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(_scrolled(self.summary, "examComputedScroll"))
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([600, 400])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._fields: list[AnswerField] = []
        self._answers: dict[str, Any] = {}
        for form in self.forms():
            form.answer_changed.connect(self._edited)

    @staticmethod
    def takes(field: AnswerField) -> bool:
        """Whether the screen shows ``field``: the history and examination sections (not the questions)."""
        section = field.group.split(".", 1)[0]
        return field.question_key is None and section in (*HISTORY_SECTIONS, *EXAMINATION_SECTIONS)

    def forms(self) -> tuple[FindingsForm, ...]:
        """The forms of the sections, in order: history from the records, from the interview, examination."""
        return tuple(self._forms.values())

    def form(self, section: str) -> FindingsForm | None:
        """The form of ``section`` ("records_summary", "history", "examination")."""
        return self._forms.get(section)

    def set_fields(self, fields: Sequence[AnswerField], answers: Mapping[str, Any]) -> None:
        """Show the history and examination fields among ``fields`` (every field of the case may be given)."""
        self._fields = list(fields)
        self._answers = {k: v for k, v in answers.items() if not is_empty_answer(v)}
        for section, form in self._forms.items():
            own = [f for f in fields if self.takes(f) and self._section(f) == section]
            # A case field's label is "Section title · field label": the title heads the section.
            self._titles[section].setText(own[0].label.split(" · ", 1)[0] if own else "")
            self._titles[section].setVisible(bool(own) and section not in EXAMINATION_SECTIONS)
            form.set_fields([replace(f, label=f.spec.label) for f in own], self._answers)
            for field in own:
                editor = form.editor(field.id)
                if isinstance(editor, RangeOfMotionEditor):
                    editor.show_deficits_below(False)  # they are listed beside the tabs
        self._refresh()

    @staticmethod
    def _section(field: AnswerField) -> str:
        return field.group.split(".", 1)[0]

    def set_answers(self, answers: Mapping[str, Any]) -> None:
        """The case's answers as saved (the questions' too): the computed values follow them."""
        self._answers = {k: v for k, v in answers.items() if not is_empty_answer(v)}
        self._refresh()

    def set_libraries(self, libraries: LibrarySource | None) -> None:
        """Phrases and guidelines for the long texts of both tabs."""
        for form in self.forms():
            form.set_libraries(libraries)

    def commit(self) -> None:
        """Save what is typed in either tab now."""
        for form in self.forms():
            form.commit()

    def field_ids(self) -> list[str]:
        """The ids of the fields the screen shows, history first."""
        return [field_id for form in self.forms() for field_id in form.field_ids()]

    def editor(self, field_id: str) -> FieldEditor | None:
        """The editor of ``field_id`` in either tab, or None."""
        return next((e for e in (form.editor(field_id) for form in self.forms()) if e is not None), None)

    def focus_field(self, field_id: str) -> bool:
        """Bring the field's tab forward and put the focus in its editor; False if the screen lacks it."""
        for section, form in self._forms.items():
            if field_id in form.field_ids():
                self.tabs.setCurrentIndex(0 if section in HISTORY_SECTIONS else 1)
                focused = form.focus_field(field_id)
                title = self._titles[section]
                area = self.tabs.currentWidget()
                if focused and form.field_ids()[0] == field_id and isinstance(area, QScrollArea):
                    area.ensureWidgetVisible(title, 0, 8)  # the section's first field: its title shows above it
                return focused
        return False

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """Show each field's problem under its editor, in whichever tab it is."""
        for form in self.forms():
            form.show_problems({k: v for k, v in problems.items() if k in form.field_ids()})

    def _edited(self, field_id: str, value: Any) -> None:
        if is_empty_answer(value):
            self._answers.pop(field_id, None)
        else:
            self._answers[field_id] = value
        self._refresh()
        self.answer_changed.emit(field_id, value)

    # -- computed values ------------------------------------------------------------------------------

    def _value(self, group: str) -> Any:
        field = next((f for f in self._fields if f.group == group), None)
        return self._answers.get(field.id) if field is not None else None

    def _refresh(self) -> None:
        sides = [
            f"Strength, {line}"
            for line in differences(self._value(f"examination.{_STRENGTH}"), "muscle_group", "grade")
        ]
        sides += [f"Reflex, {line}" for line in differences(self._value(f"examination.{_REFLEXES}"), "reflex", "grade")]
        impairment: list[str] = []
        work: list[str] = []
        for field in self._fields:
            if field.spec.computed is None:
                continue
            text = computed_text(field.spec.computed, field.id, field.spec.id, self._answers)
            if text:
                (impairment if field.spec.computed == "combined_whole_person" else work).append(text)
        self.summary.show_lines(
            {
                "deficits": deficit_lines(self._value(f"examination.{_ROM}")),
                "sides": sides,
                "impairment": impairment,
                "work": work,
            }
        )

    def computed_lines(self, group: str) -> list[str]:
        """The computed lines on show in ``group`` ("deficits", "sides", "impairment", "work")."""
        return self.summary.lines(group)
