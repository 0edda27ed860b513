"""Editors for the single-value answer fields: text, long text, choices, numbers, dates, yes/no, ICD-10-CM."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import (
    QDoubleValidator,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.codes import icd10cm
from reviewer_app.domain.forms import validate_value
from reviewer_app.ui.field_editor import (
    CHOOSE,
    INT_LIMIT,
    NOT_SET_DATE,
    RADIO_LIMIT,
    RADIO_ROW_CHARS,
    UNSET,
    FieldEditor,
    number_locale,
    parse_number,
)
from reviewer_app.ui.long_text_editor import LongTextEditor as LongTextEditor  # re-exported: the form's map


class TextEditor(FieldEditor):
    """One line of text, saved when the physician leaves the field or presses Enter."""

    def _build(self) -> None:
        self.line = QLineEdit()
        self.line.editingFinished.connect(self._changed)
        self.body.addWidget(self.line)
        self._focus(self.line)

    def value(self) -> str | None:
        text = self.line.text().strip()
        return text or None

    def _show(self, value: Any) -> None:
        self.line.setText("" if value is None else str(value))


class _RadioRow(QWidget):
    """Radio buttons in a row with a "Clear" button, so "not answered" stays reachable."""

    def __init__(self, options: Sequence[tuple[object, str]], on_change: Callable[[], None], name: str) -> None:
        super().__init__()
        # Long labels side by side would set the findings panel's minimum width: stack them instead.
        stacked = sum(len(label) for _, label in options) > RADIO_ROW_CHARS
        layout: QHBoxLayout | QVBoxLayout = QVBoxLayout(self) if stacked else QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2 if stacked else 6)
        self.group = QButtonGroup(self)
        self.buttons: list[tuple[object, QRadioButton]] = []
        for value, label in options:
            button = QRadioButton(label, objectName=f"option:{value}")
            button.setProperty("choiceValue", value)
            button.toggled.connect(lambda checked: checked and on_change())
            self.group.addButton(button)
            self.buttons.append((value, button))
            # Stacked buttons keep their own width: a click right of a short label is not on the button.
            if stacked:
                layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            else:
                layout.addWidget(button)
        self.clear_button = QToolButton(objectName="clearChoice", text="Clear")
        self.clear_button.setToolTip(f"Clear the answer to {name}")
        self.clear_button.setAccessibleName(f"Clear {name}")
        self.clear_button.clicked.connect(lambda: (self.select(None), on_change()))
        if stacked:
            layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            layout.addWidget(self.clear_button)
            layout.addStretch(1)

    def selected(self) -> object | None:
        button = self.group.checkedButton()
        return None if button is None else next(v for v, b in self.buttons if b is button)

    def select(self, value: object | None) -> None:
        self.group.setExclusive(False)
        for v, button in self.buttons:
            button.setChecked(value is not None and v == value and type(v) is type(value))
        self.group.setExclusive(True)

    def button(self, value: object) -> QAbstractButton | None:
        return next((b for v, b in self.buttons if v == value and type(v) is type(value)), None)


class ChoiceEditor(FieldEditor):
    """One of the field's choices: radio buttons for a few, a drop-down list starting "— choose —" for more."""

    def _build(self) -> None:
        self.radios: _RadioRow | None = None
        self.combo: QComboBox | None = None
        choices = self.field.choices
        if len(choices) <= RADIO_LIMIT:
            self.radios = _RadioRow([(c.value, c.label) for c in choices], self._changed, self.field.label)
            self.body.addWidget(self.radios)
            if self.radios.buttons:
                self._focus(self.radios.buttons[0][1])
        else:
            self.combo = QComboBox()
            self.combo.addItem(CHOOSE, None)
            for choice in choices:
                self.combo.addItem(choice.label, choice.value)
            self.combo.currentIndexChanged.connect(self._changed)
            self.body.addWidget(self.combo)
            self._focus(self.combo)

    def value(self) -> str | None:
        if self.radios is not None:
            selected = self.radios.selected()
            return None if selected is None else str(selected)
        assert self.combo is not None
        data = self.combo.currentData()
        return None if data is None else str(data)

    def _show(self, value: Any) -> None:
        if self.radios is not None:
            self.radios.select(value)
        elif self.combo is not None:
            index = self.combo.findData(value) if value is not None else 0
            self.combo.setCurrentIndex(max(0, index))

    def choose(self, value: str | None) -> None:
        """Choose ``value`` as the physician would (emits ``edited``); for shortcuts and tests."""
        if self.radios is not None:
            button = self.radios.button(value) if value is not None else None
            if button is None:
                self.radios.select(None)
                self._changed()
            else:
                button.click()
        elif self.combo is not None:
            index = self.combo.findData(value) if value is not None else 0
            self.combo.setCurrentIndex(max(0, index))


class MultiChoiceEditor(FieldEditor):
    """Any number of the field's choices, one check box each; the value keeps the form's order."""

    def _build(self) -> None:
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[tuple[str, QCheckBox]] = []
        for choice in self.field.choices:
            box = QCheckBox(choice.label, objectName=f"option:{choice.value}")
            box.toggled.connect(self._changed)
            self.boxes.append((choice.value, box))
            column.addWidget(box)
        self.body.addLayout(column)
        if self.boxes:
            self._focus(self.boxes[0][1])

    def value(self) -> list[str] | None:
        chosen = [v for v, box in self.boxes if box.isChecked()]
        return chosen or None

    def _show(self, value: Any) -> None:
        chosen = set(value) if isinstance(value, list | tuple) else set()
        for v, box in self.boxes:
            box.setChecked(v in chosen)


class NumberEditor(FieldEditor):
    """A decimal number typed into a line, with the unit beside it; below minimum or above maximum is shown."""

    def _build(self) -> None:
        self.line = QLineEdit()
        validator = QDoubleValidator(self.line)
        validator.setLocale(number_locale())
        validator.setNotation(QDoubleValidator.Notation.StandardNotation)
        if self.spec.minimum is not None and self.spec.minimum >= 0:
            validator.setBottom(0.0)  # no minus sign where no negative number can be right
        self.line.setValidator(validator)
        hints = []
        if self.spec.minimum is not None:
            hints.append(f"from {self.spec.minimum:g}")
        if self.spec.maximum is not None:
            hints.append(f"up to {self.spec.maximum:g}")
        if hints:
            self.line.setPlaceholderText(" ".join(hints))
        self.line.editingFinished.connect(self._changed)
        self.line.textChanged.connect(lambda text: self.previewed.emit(self.field.id, parse_number(text)))
        self.body.addWidget(self.line, 1)
        self.unit = QLabel(self.spec.unit or "", objectName="fieldUnit")
        self.unit.setVisible(bool(self.spec.unit))
        self.body.addWidget(self.unit)
        self._focus(self.line)
        if self.spec.unit:
            self.line.setAccessibleName(f"{self.field.label} ({self.spec.unit})")

    def value(self) -> float | None:
        return parse_number(self.line.text())

    def _show(self, value: Any) -> None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            self.line.setText(f"{value:g}" if float(value).is_integer() else repr(float(value)))
        else:
            self.line.setText("")


class IntegerEditor(FieldEditor):
    """A whole number in a spin box within the field's bounds; "—" (below the minimum) is no answer."""

    def _build(self) -> None:
        self.spin = QSpinBox()
        low = math.ceil(self.spec.minimum) if self.spec.minimum is not None else -INT_LIMIT
        high = math.floor(self.spec.maximum) if self.spec.maximum is not None else INT_LIMIT
        self.spin.setRange(max(-INT_LIMIT, low) - 1, min(INT_LIMIT, max(high, low)))
        self.spin.setSpecialValueText(UNSET)
        self.spin.setValue(self.spin.minimum())
        self.spin.setKeyboardTracking(False)
        if self.spec.unit:
            self.spin.setSuffix(f" {self.spec.unit}")
        self.spin.valueChanged.connect(self._changed)
        self.body.addWidget(self.spin)
        self.body.addStretch(1)
        self._focus(self.spin)

    def value(self) -> int | None:
        number = self.spin.value()
        return None if number == self.spin.minimum() else number

    def _show(self, value: Any) -> None:
        if isinstance(value, int) and not isinstance(value, bool):
            self.spin.setValue(value)
        else:
            self.spin.setValue(self.spin.minimum())


#: Qt's spelling of ``domain.forms.short_date``: month, day, year.
DATE_DISPLAY = "MM/dd/yyyy"


class DateEditor(FieldEditor):
    """A date with a calendar pop-up and a "not set" state; the value is an ISO date (YYYY-MM-DD)."""

    NOT_SET: ClassVar[QDate] = QDate(1900, 1, 1)

    def _build(self) -> None:
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        # Shown as the report prints dates and US claims files write them (04/20/2026); stored as 2026-04-20.
        self.date.setDisplayFormat(DATE_DISPLAY)
        self.date.setMinimumDate(self.NOT_SET)
        self.date.setSpecialValueText(NOT_SET_DATE)
        self.date.setDate(self.NOT_SET)
        self.date.setKeyboardTracking(False)
        self.date.dateChanged.connect(self._changed)
        self.clear_button = QToolButton(objectName="clearDate", text="Clear")
        self.clear_button.setToolTip(f"Clear the date {self.field.label}")
        self.clear_button.clicked.connect(lambda: self.date.setDate(self.NOT_SET))
        self.body.addWidget(self.date)
        self.body.addWidget(self.clear_button)
        self.body.addStretch(1)
        self._focus(self.date)

    def value(self) -> str | None:
        date = self.date.date()
        return None if date == self.NOT_SET else date.toString(Qt.DateFormat.ISODate)

    def _show(self, value: Any) -> None:
        date = QDate.fromString(str(value), Qt.DateFormat.ISODate) if value else QDate()
        self.date.setDate(date if date.isValid() and date > self.NOT_SET else self.NOT_SET)


class YesNoEditor(FieldEditor):
    """Yes or No radio buttons; neither (the Clear button) is no answer."""

    def _build(self) -> None:
        self.radios = _RadioRow([(True, "Yes"), (False, "No")], self._changed, self.field.label)
        self.body.addWidget(self.radios)
        self._focus(self.radios.buttons[0][1])

    def value(self) -> bool | None:
        selected = self.radios.selected()
        return None if selected is None else bool(selected)

    def _show(self, value: Any) -> None:
        self.radios.select(value if isinstance(value, bool) else None)


class Icd10Editor(FieldEditor):
    """An ICD-10-CM code: written as the classification prints it, described beside it, flagged if not billable.

    The first look-up loads the code set (about two seconds); later ones are immediate.
    """

    def _build(self) -> None:
        self.line = QLineEdit()
        self.line.setPlaceholderText("e.g. M51.16")
        self.line.setMaximumWidth(self.line.fontMetrics().horizontalAdvance("M") * 10)
        self.line.editingFinished.connect(self._finished)
        self.description = QLabel(objectName="icd10Description")
        self.description.setWordWrap(True)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.line)
        self.body.addWidget(self.description, 1)
        self._focus(self.line)

    def _finished(self) -> None:
        text = self.line.text().strip()
        try:
            normalized = icd10cm.normalize(text) if text else ""
        except ValueError:
            normalized = text
        if normalized != self.line.text():
            self.line.setText(normalized)
        self._changed()

    def commit(self) -> None:
        self._finished()

    def value(self) -> str | None:
        text = self.line.text().strip()
        return text.upper() or None

    def _show(self, value: Any) -> None:
        text = str(value).strip() if value else ""
        with contextlib.suppress(ValueError):
            text = icd10cm.normalize(text) if text else ""
        self.line.setText(text)

    def _check(self, value: Any) -> str | None:
        self.description.clear()
        if not isinstance(value, str):
            return validate_value(self.field, value)
        try:
            code = icd10cm.normalize(value)
        except ValueError as exc:
            return str(exc)
        description = icd10cm.describe(code)
        if description is None:
            return f"{code} is not in the ICD-10-CM code set."
        self.description.setText(description)
        self.line.setToolTip(f"{code}: {description}")
        if not icd10cm.is_billable(code):
            return f"{code} is not billable: it has more specific codes below it; give the complete code."
        return None
