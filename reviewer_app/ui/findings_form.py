"""The form that lays out a question's answer fields, one editor per field type, and keeps what they hold."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import (
    QPalette,
)
from PySide6.QtWidgets import (
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.computed import computed_text
from reviewer_app.domain.forms import AnswerField, FieldType, is_empty_answer, visible
from reviewer_app.ui.compound_editors import CitationsEditor, GuidelineEditor, TableEditor
from reviewer_app.ui.exam_editors import exam_editor_for
from reviewer_app.ui.field_editor import (
    FieldEditor,
    LibrarySource,
)
from reviewer_app.ui.findings_editors import (
    ChoiceEditor,
    DateEditor,
    Icd10Editor,
    IntegerEditor,
    LongTextEditor,
    MultiChoiceEditor,
    NumberEditor,
    TextEditor,
    YesNoEditor,
)

#: The editor class for each field type.
EDITORS: dict[FieldType, type[FieldEditor]] = {
    FieldType.TEXT: TextEditor,
    FieldType.LONG_TEXT: LongTextEditor,
    FieldType.CHOICE: ChoiceEditor,
    FieldType.MULTI_CHOICE: MultiChoiceEditor,
    FieldType.NUMBER: NumberEditor,
    FieldType.INTEGER: IntegerEditor,
    FieldType.DATE: DateEditor,
    FieldType.YES_NO: YesNoEditor,
    FieldType.ICD10: Icd10Editor,
    FieldType.GUIDELINE: GuidelineEditor,
    FieldType.CITATIONS: CitationsEditor,
    FieldType.TABLE: TableEditor,
}


def create_editor(field: AnswerField, parent: QWidget | None = None) -> FieldEditor:
    """The editor for ``field``: by its type, or by side for the IME exam's tables (range of motion, strength)."""
    return (exam_editor_for(field) or EDITORS[field.type])(field, parent)


class FindingsForm(QWidget):
    """Answer fields laid out as labelled editors, hiding those whose ``show_when`` does not hold.

    ``answer_changed(field_id, value)`` is emitted for every edit; the caller saves it and may report
    problems back with ``show_problems``. The form holds no scroll area: put it in one if it may be long.
    """

    answer_changed = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findingsForm")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(10)
        self._fields: list[AnswerField] = []
        self._editors: dict[str, FieldEditor] = {}
        self._rows: dict[str, QWidget] = {}
        self._answers: dict[str, Any] = {}
        self._computed: dict[str, QLabel] = {}
        self._typed: dict[str, Any] = {}  # typed but not yet saved (a number before Enter or leaving the field)
        self._libraries: LibrarySource | None = None

    def set_libraries(self, libraries: LibrarySource | None) -> None:
        """Let long texts insert phrases and guideline fields fill from the library (now and after ``set_fields``)."""
        self._libraries = libraries
        for editor in self._editors.values():
            editor.set_libraries(libraries)

    def commit(self) -> None:
        """Save what is typed in every editor now (see ``FieldEditor.commit``): called before the physician's
        next step, so nothing pending is thrown away with the editors."""
        for editor in list(self._editors.values()):
            editor.commit()

    def set_fields(self, fields: Sequence[AnswerField], answers: Mapping[str, Any]) -> None:
        """Show ``fields`` filled from ``answers`` (all answers of the case may be given), replacing any before.

        Whatever the editors on show still hold unsaved is saved first (``answer_changed``), and overrides
        the same field in ``answers``, which the caller may have read before that save.
        """
        before = dict(self._answers)
        self.commit()
        committed = {f: v for f, v in self._answers.items() if before.get(f) != v}
        committed.update({f: None for f in before if f not in self._answers})
        for row in self._rows.values():
            self._layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self._fields = list(fields)
        self._editors = {}
        self._rows = {}
        self._computed = {}
        self._typed = {}
        self._answers = dict(answers)
        for field_id, value in committed.items():
            if is_empty_answer(value):
                self._answers.pop(field_id, None)
            else:
                self._answers[field_id] = value
        for field in self._fields:
            row = self._make_row(field)
            self._layout.addWidget(row)
            self._rows[field.id] = row
        self._update_visibility()
        self._update_computed()

    def _make_row(self, field: AnswerField) -> QWidget:
        row = QWidget(objectName=f"row:{field.id}")
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        label = QLabel(objectName="fieldLabel")
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setText(field.label + (" (required)" if field.required else ""))
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        layout.addWidget(label)
        editor = create_editor(field, row)
        editor.set_libraries(self._libraries)
        editor.set_value(self._answers.get(field.id))
        editor.edited.connect(self._edited)
        label.setBuddy(editor)
        help_text = field.spec.help
        if help_text:
            label.setToolTip(help_text)
            editor.setToolTip(help_text)
            editor.setAccessibleDescription(help_text)
            hint = QLabel(help_text, objectName="fieldHelp")
            hint.setWordWrap(True)
            hint.setTextFormat(Qt.TextFormat.PlainText)
            hint_font = hint.font()
            hint_font.setPointSizeF(max(7.0, hint_font.pointSizeF() * 0.9))
            hint.setFont(hint_font)
            hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            layout.addWidget(hint)
        layout.addWidget(editor)
        self._editors[field.id] = editor
        editor.previewed.connect(self._previewed)
        if field.spec.computed:
            shown = QLabel(objectName=f"computed:{field.id}")
            shown.setWordWrap(True)
            shown.setTextFormat(Qt.TextFormat.PlainText)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setProperty("computedValue", True)
            shown.setStyleSheet("font-weight: 600; padding: 2px 0;")
            layout.addWidget(shown)
            self._computed[field.id] = shown
        return row

    def _edited(self, field_id: str, value: Any) -> None:
        self._typed.pop(field_id, None)
        if is_empty_answer(value):
            self._answers.pop(field_id, None)
        else:
            self._answers[field_id] = value
        self._update_visibility()
        self._update_computed()
        self.answer_changed.emit(field_id, value)

    def _previewed(self, field_id: str, value: Any) -> None:
        """Computed values follow the typing before the field is saved."""
        self._typed[field_id] = value
        self._update_computed()

    def _update_computed(self) -> None:
        answers = dict(self._answers)
        for typed_id, value in self._typed.items():
            if is_empty_answer(value):
                answers.pop(typed_id, None)
            else:
                answers[typed_id] = value
        for field_id, shown in self._computed.items():
            field = next(f for f in self._fields if f.id == field_id)
            text = computed_text(field.spec.computed or "", field.id, field.spec.id, answers)
            shown.setText(text or "")
            shown.setAccessibleName(text or "")
            shown.setVisible(bool(text))

    def computed_text(self, field_id: str) -> str | None:
        """The computed value shown with ``field_id`` (e.g. the combined impairment), or None."""
        shown = self._computed.get(field_id)
        return shown.text() or None if shown is not None and not shown.isHidden() else None

    def focus_field(self, field_id: str) -> bool:
        """Give ``field_id``'s editor the keyboard focus and scroll it into view; False if the form lacks it."""
        editor = self._editors.get(field_id)
        if editor is None or not self.is_shown(field_id):
            return False
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if isinstance(parent, QScrollArea) and parent.widget() is not None:
            # The field's label at the top of the view, so the whole editor (a table) shows below it.
            row = self._rows[field_id]
            parent.verticalScrollBar().setValue(row.mapTo(parent.widget(), QPoint(0, 0)).y() - 8)
            parent.horizontalScrollBar().setValue(0)
        return True

    def _update_visibility(self) -> None:
        for field in self._fields:
            self._rows[field.id].setHidden(not visible(field, self._answers))

    def field_ids(self) -> list[str]:
        """The ids of the fields on the form, in order (shown or not)."""
        return [field.id for field in self._fields]

    def editor(self, field_id: str) -> FieldEditor | None:
        """The editor of ``field_id``, or None if the form does not show that field."""
        return self._editors.get(field_id)

    def is_shown(self, field_id: str) -> bool:
        """Whether the field is on the form and its ``show_when`` holds (it may still be scrolled away)."""
        row = self._rows.get(field_id)
        return row is not None and not row.isHidden()

    def answers(self) -> dict[str, Any]:
        """The answers as the form knows them: those given to ``set_fields`` updated by every edit since."""
        return dict(self._answers)

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """Show each field's problem under its editor; fields not named have theirs cleared."""
        for field_id, editor in self._editors.items():
            editor.set_problem(problems.get(field_id))
