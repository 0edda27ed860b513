"""Editors for the answer fields of a report form, one per field type, and the form that lays them out.

Every editor shows one :class:`~reviewer_app.domain.forms.AnswerField`, holds the JSON value that
:func:`~reviewer_app.domain.forms.validate_value` checks (``None`` when empty) and emits ``edited`` when the
physician changes it, so every edit is saved as it is made (no Save button). ``set_value`` never emits.

Problems are shown under the editor with an icon and text, never colour alone. An editor has two kinds of
problem: the one the caller gives with ``set_problem`` (e.g. "not saved: ...") and its own, found while
editing (a number below the minimum, an ICD-10-CM code that is not billable). The caller's wins while it is
set; clearing it shows the editor's own again.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, Protocol

from PySide6.QtCore import QDate, QLocale, QModelIndex, QObject, QPersistentModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDoubleValidator,
    QFocusEvent,
    QIntValidator,
    QKeySequence,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.codes import icd10cm
from reviewer_app.domain.computed import computed_text
from reviewer_app.domain.forms import GUIDELINE_SOURCES, AnswerField, FieldSpec, FieldType, validate_value, visible
from reviewer_app.domain.phrases import GuidelineCitation, Phrase

CHOOSE = "— choose —"
UNSET = "—"
NOT_SET_DATE = "not set"
#: Choice fields with this many choices or fewer are radio buttons; more make a drop-down list.
RADIO_LIMIT = 4
#: Radio buttons whose labels are longer than this in all are stacked, not put in one row.
RADIO_ROW_CHARS = 20
#: How long a long text waits after the last keystroke before it is saved.
LONG_TEXT_IDLE_MS = 600
#: Pops up the phrase library in a long text.
PHRASE_SHORTCUT = "Ctrl+Shift+P"

_INT_LIMIT = 999_999_999


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | dict | tuple) and not value


class ProblemLabel(QWidget):
    """A warning icon and a message under an editor; hidden when there is no problem."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldProblem")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(4)
        self.icon = QLabel()
        size = self.fontMetrics().height()
        self.icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel(objectName="fieldProblemText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        self.text.setStyleSheet(f"color: {'#ff8a80' if dark else '#b3261e'};")
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        self.hide()

    def show_problem(self, text: str | None) -> None:
        """Show ``text`` (prefixed "Problem:" for screen readers) or hide when None or empty."""
        if text:
            self.text.setText(text)
            self.setAccessibleName(f"Problem: {text}")
            self.setToolTip(text)
            self.show()
        else:
            self.text.clear()
            self.hide()


class FieldEditor(QWidget):
    """Base of the editors: one answer field, its JSON value, the ``edited`` signal and an inline problem.

    Subclasses build their controls in ``_build`` (adding them to ``self.body``), read them in ``value`` and
    fill them in ``_show``; they call ``_changed`` when the physician changed something.
    """

    edited = Signal(str, object)
    #: The value as typed so far, not yet saved (computed values follow it); only some editors emit it.
    previewed = Signal(str, object)

    def __init__(self, field: AnswerField, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName(f"field:{field.id}")
        self.setAccessibleName(field.label)
        self._setting = False
        self._given_problem: str | None = None
        self._own_problem: str | None = None
        self._last: Any = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.body = QHBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.body)
        self.problem = ProblemLabel(self)
        layout.addWidget(self.problem)
        self._build()
        self._last: Any = self.value()

    @property
    def spec(self) -> FieldSpec:
        return self.field.spec

    # -- for subclasses --

    def _build(self) -> None:
        raise NotImplementedError

    def _show(self, value: Any) -> None:
        raise NotImplementedError

    def _check(self, value: Any) -> str | None:
        """The editor's own problem with ``value``, shown until the value changes."""
        return validate_value(self.field, value)

    def _changed(self) -> None:
        """The physician changed the controls: re-check and emit ``edited`` if the value is new."""
        if self._setting:
            return
        value = self.value()
        if value == self._last and type(value) is type(self._last):
            return
        self._last = value
        self._set_own_problem(self._check(value) if value is not None else None)
        self.edited.emit(self.field.id, value)

    def _focus(self, widget: QWidget) -> None:
        """Make ``widget`` the control that takes the focus (and the label's buddy) and name it for readers."""
        self.setFocusProxy(widget)
        widget.setAccessibleName(self.field.label)
        if self.spec.help:
            widget.setToolTip(self.spec.help)

    # -- public --

    def value(self) -> Any:
        """The answer as a JSON value, or None when the field is empty."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show ``value`` (None clears the editor) without emitting ``edited``."""
        self._setting = True
        try:
            self._show(value)
        finally:
            self._setting = False
        self._last = self.value()
        self._set_own_problem(self._check(self._last) if self._last is not None else None)

    def commit(self) -> None:
        """The physician moved on (another question, a citation, closing the case): save what is typed now.

        Emits ``edited`` when the value on screen differs from the last one saved; nothing typed waits for a
        timer or a focus change that may never come once the editor is torn down.
        """
        self._changed()

    def set_libraries(self, libraries: LibrarySource | None) -> None:
        """The phrase and guideline libraries, for editors that insert from them; others ignore them."""

    def set_problem(self, text: str | None) -> None:
        """Show ``text`` under the editor (icon and text); None shows the editor's own problem, if any."""
        self._given_problem = text or None
        self.problem.show_problem(self._given_problem or self._own_problem)

    def problem_text(self) -> str | None:
        """The problem on show, or None."""
        return self._given_problem or self._own_problem

    def _set_own_problem(self, text: str | None) -> None:
        self._own_problem = text or None
        self.problem.show_problem(self._given_problem or self._own_problem)


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


class LibrarySource(Protocol):
    """The physician's phrase and guideline libraries as the editors use them (ui/phrase_library_dialog.py)."""

    def phrases(self) -> list[Phrase]: ...

    def guidelines(self) -> list[GuidelineCitation]: ...

    def fill(self, text: str) -> str: ...

    def edit_phrases(self, parent: QWidget | None) -> bool: ...

    def edit_guidelines(self, parent: QWidget | None) -> bool: ...


class _PlainTextEdit(QPlainTextEdit):
    """A plain text edit that tells when it loses the focus and can add menu entries to its context menu."""

    focus_lost = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.extra_menu: Callable[[QMenu], None] | None = None

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu()
        if self.extra_menu is not None:
            menu.addSeparator()
            self.extra_menu(menu)
        menu.exec(event.globalPos())
        menu.deleteLater()


class LongTextEditor(FieldEditor):
    """Several lines of text: about five lines high, growing with the text; saved after a short pause."""

    MIN_LINES: ClassVar[int] = 5
    MAX_LINES: ClassVar[int] = 20

    def _build(self) -> None:
        self.edit = _PlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(LONG_TEXT_IDLE_MS)
        self.idle.timeout.connect(self._changed)
        self.edit.textChanged.connect(self._typed)
        self.edit.focus_lost.connect(self._flush)
        self.edit.document().documentLayout().documentSizeChanged.connect(self._fit)
        self.libraries: LibrarySource | None = None
        self.phrase_button = QToolButton(objectName="insertPhrase", text="Insert phrase")
        self.phrase_button.setToolTip(f"Insert a phrase from your library ({PHRASE_SHORTCUT})")
        self.phrase_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.phrase_menu = QMenu(self.phrase_button)
        self.phrase_menu.aboutToShow.connect(lambda: self._fill_phrase_menu(self.phrase_menu))
        self.phrase_button.setMenu(self.phrase_menu)
        self.phrase_button.hide()
        self.edit.extra_menu = self._context_phrases
        shortcut = QShortcut(QKeySequence(PHRASE_SHORTCUT), self.edit)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self._pop_phrases)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.edit)
        column.addWidget(self.phrase_button, 0, Qt.AlignmentFlag.AlignRight)
        self.body.addLayout(column)
        self._focus(self.edit)
        self._fit()

    def set_libraries(self, libraries: LibrarySource | None) -> None:
        self.libraries = libraries
        self.phrase_button.setVisible(libraries is not None)

    def _fill_phrase_menu(self, menu: QMenu) -> None:
        menu.clear()
        phrases = self.libraries.phrases() if self.libraries is not None else []
        for phrase in phrases:
            action = menu.addAction(phrase.title)
            action.setToolTip(phrase.text)
            action.triggered.connect(lambda _checked=False, p=phrase: self.insert_phrase(p))
        if not phrases:
            menu.addAction("No phrases yet").setEnabled(False)
        menu.addSeparator()
        menu.addAction("Edit phrase library…", self._edit_library).setObjectName("editPhraseLibrary")

    def _context_phrases(self, menu: QMenu) -> None:
        if self.libraries is not None:
            self._fill_phrase_menu(menu.addMenu("Insert phrase"))

    def _pop_phrases(self) -> None:
        if self.libraries is None:
            return
        self._fill_phrase_menu(self.phrase_menu)
        where = self.edit.viewport().mapToGlobal(self.edit.cursorRect().bottomLeft())
        self.phrase_menu.popup(where)

    def _edit_library(self) -> None:
        if self.libraries is not None:
            self.libraries.edit_phrases(self)

    def insert_phrase(self, phrase: Phrase) -> None:
        """Insert ``phrase`` at the cursor with its placeholders filled from the case; saved like typing."""
        text = self.libraries.fill(phrase.text) if self.libraries is not None else phrase.text
        self.edit.insertPlainText(text)
        self.edit.setFocus()

    def _typed(self) -> None:
        if not self._setting:
            self.idle.start()

    def _flush(self) -> None:
        if self.idle.isActive():
            self.idle.stop()
            self._changed()

    def commit(self) -> None:
        self.idle.stop()
        self._changed()

    def _fit(self, *_: object) -> None:
        # QPlainTextEdit's document size is in lines.
        lines = int(self.edit.document().documentLayout().documentSize().height())
        lines = max(self.MIN_LINES, min(self.MAX_LINES, lines + 1))
        margins = self.edit.contentsMargins()
        frame = 2 * self.edit.frameWidth() + margins.top() + margins.bottom() + 8
        self.edit.setFixedHeight(lines * self.edit.fontMetrics().lineSpacing() + frame)

    def value(self) -> str | None:
        text = self.edit.toPlainText()
        return text if text.strip() else None

    def _show(self, value: Any) -> None:
        self.idle.stop()
        self.edit.setPlainText("" if value is None else str(value))


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


def _c_locale() -> QLocale:
    locale = QLocale(QLocale.Language.C)
    locale.setNumberOptions(QLocale.NumberOption.RejectGroupSeparator)
    return locale


def _parse_number(text: str) -> float | None:
    try:
        number = float(text.strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


class NumberEditor(FieldEditor):
    """A decimal number typed into a line, with the unit beside it; below minimum or above maximum is shown."""

    def _build(self) -> None:
        self.line = QLineEdit()
        validator = QDoubleValidator(self.line)
        validator.setLocale(_c_locale())
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
        self.line.textChanged.connect(lambda text: self.previewed.emit(self.field.id, _parse_number(text)))
        self.body.addWidget(self.line, 1)
        self.unit = QLabel(self.spec.unit or "", objectName="fieldUnit")
        self.unit.setVisible(bool(self.spec.unit))
        self.body.addWidget(self.unit)
        self._focus(self.line)
        if self.spec.unit:
            self.line.setAccessibleName(f"{self.field.label} ({self.spec.unit})")

    def value(self) -> float | None:
        return _parse_number(self.line.text())

    def _show(self, value: Any) -> None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            self.line.setText(f"{value:g}" if float(value).is_integer() else repr(float(value)))
        else:
            self.line.setText("")


class IntegerEditor(FieldEditor):
    """A whole number in a spin box within the field's bounds; "—" (below the minimum) is no answer."""

    def _build(self) -> None:
        self.spin = QSpinBox()
        low = math.ceil(self.spec.minimum) if self.spec.minimum is not None else -_INT_LIMIT
        high = math.floor(self.spec.maximum) if self.spec.maximum is not None else _INT_LIMIT
        self.spin.setRange(max(-_INT_LIMIT, low) - 1, min(_INT_LIMIT, max(high, low)))
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


class DateEditor(FieldEditor):
    """A date with a calendar pop-up and a "not set" state; the value is an ISO date (YYYY-MM-DD)."""

    NOT_SET: ClassVar[QDate] = QDate(1900, 1, 1)

    def _build(self) -> None:
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
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


class GuidelineEditor(FieldEditor):
    """A guideline citation: source (MTUS/ACOEM, ODG, …), name, edition and section applied."""

    def _build(self) -> None:
        box = QWidget()
        form = QFormLayout(box)
        form.setContentsMargins(0, 0, 0, 0)
        self.source = QComboBox(objectName="guidelineSource")
        self.source.addItem(CHOOSE, None)
        for source in GUIDELINE_SOURCES:
            self.source.addItem(source, source)
        self.source.currentIndexChanged.connect(self._changed)
        self.source.setAccessibleName(f"{self.field.label}: source")
        self.name = QLineEdit(objectName="guidelineName")
        self.name.setPlaceholderText("needed for plan policy or other")
        self.edition = QLineEdit(objectName="guidelineEdition")
        self.edition.setPlaceholderText("e.g. 2026")
        self.section = QLineEdit(objectName="guidelineSection")
        self.section.setPlaceholderText("e.g. Low Back: Epidural steroid injections")
        for label, line in (("Name", self.name), ("Edition", self.edition), ("Section", self.section)):
            line.setAccessibleName(f"{self.field.label}: {label.lower()}")
            line.editingFinished.connect(self._changed)
        self.libraries: LibrarySource | None = None
        self.library_button = QToolButton(objectName="guidelineFromLibrary", text="From library")
        self.library_button.setToolTip("Fill this guideline from your guideline library")
        self.library_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.library_menu = QMenu(self.library_button)
        self.library_menu.aboutToShow.connect(self._fill_library_menu)
        self.library_button.setMenu(self.library_menu)
        self.library_button.hide()
        source_row = QHBoxLayout()
        source_row.setContentsMargins(0, 0, 0, 0)
        source_row.addWidget(self.source, 1)
        source_row.addWidget(self.library_button)
        form.addRow("Source", source_row)
        form.addRow("Name", self.name)
        form.addRow("Edition", self.edition)
        form.addRow("Section", self.section)
        self.body.addWidget(box)
        self.setFocusProxy(self.source)

    def set_libraries(self, libraries: LibrarySource | None) -> None:
        self.libraries = libraries
        self.library_button.setVisible(libraries is not None)

    def _fill_library_menu(self) -> None:
        menu = self.library_menu
        menu.clear()
        citations = self.libraries.guidelines() if self.libraries is not None else []
        for citation in citations:
            action = menu.addAction(citation.title)
            action.triggered.connect(lambda _checked=False, c=citation: self.use_citation(c))
        if not citations:
            menu.addAction("No guidelines yet").setEnabled(False)
        menu.addSeparator()
        menu.addAction("Edit guideline library…", self._edit_library).setObjectName("editGuidelineLibrary")

    def _edit_library(self) -> None:
        if self.libraries is not None:
            self.libraries.edit_guidelines(self)

    def use_citation(self, citation: GuidelineCitation) -> None:
        """Fill source, name, edition and section from ``citation`` and save (emits ``edited`` once)."""
        self.set_value(citation.answer())
        self._last = None  # so that _changed sees a new value and emits
        self._changed()

    def value(self) -> dict[str, str | None] | None:
        value: dict[str, str | None] = {"source": self.source.currentData()}
        for key, line in (("name", self.name), ("edition", self.edition), ("section", self.section)):
            text = line.text().strip()
            if text:
                value[key] = text
        return None if len(value) == 1 and value["source"] is None else value

    def _show(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        index = self.source.findData(value.get("source")) if value.get("source") else 0
        self.source.setCurrentIndex(max(0, index))
        self.name.setText(str(value.get("name") or ""))
        self.edition.setText(str(value.get("edition") or ""))
        self.section.setText(str(value.get("section") or ""))


class CitationsEditor(FieldEditor):
    """The record pages cited for the answer ("records/x.pdf, p. 3"), added by citing; removable."""

    def _build(self) -> None:
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget(objectName="citationList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setMaximumHeight(120)
        self.list.setWordWrap(True)
        self.empty = QLabel("No pages cited yet: cite the page on screen (Ctrl+K).", objectName="citationsEmpty")
        self.empty.setWordWrap(True)
        self.remove_button = QPushButton("Remove", objectName="removeCitation")
        self.remove_button.setToolTip("Remove the selected citations from this answer")
        self.remove_button.clicked.connect(self.remove_selected)
        column.addWidget(self.empty)
        column.addWidget(self.list)
        column.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignRight)
        self.body.addLayout(column)
        self._focus(self.list)
        self._refresh()

    def _refresh(self) -> None:
        has = self.list.count() > 0
        self.list.setVisible(has)
        self.empty.setVisible(not has)
        self.remove_button.setEnabled(has)

    def _append(self, citation: dict[str, Any]) -> None:
        text = f"{citation.get('record')}, p. {citation.get('page')}"
        if citation.get("note"):
            text += f" — {citation['note']}"
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, dict(citation))
        self.list.addItem(item)

    def add_citation(self, record: str, page: int) -> None:
        """Cite ``page`` of ``record`` (emits ``edited``); a page already cited is not added twice."""
        current = self.value() or []
        if any(c.get("record") == record and c.get("page") == page for c in current):
            return
        self._append({"record": record, "page": page})
        self._refresh()
        self._changed()

    def remove_selected(self) -> None:
        """Remove the selected citations (emits ``edited``)."""
        rows = sorted((self.list.row(item) for item in self.list.selectedItems()), reverse=True)
        if not rows and self.list.currentRow() >= 0:
            rows = [self.list.currentRow()]
        for row in rows:
            self.list.takeItem(row)
        self._refresh()
        self._changed()

    def value(self) -> list[dict[str, Any]] | None:
        cited = [dict(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())]
        return cited or None

    def _show(self, value: Any) -> None:
        self.list.clear()
        for citation in value if isinstance(value, list) else []:
            if isinstance(citation, dict):
                self._append(citation)
        self._refresh()


def _cell_text(column: FieldSpec, value: Any) -> str:
    """How a table cell shows a stored value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    labels = {c.value: c.label for c in column.choices}
    if isinstance(value, list):
        return ", ".join(labels.get(str(v), str(v)) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return labels.get(str(value), str(value))


def _cell_value(column: FieldSpec, text: str) -> Any:
    """The JSON value of a table cell's text, by the column's type; text that does not convert stays text."""
    text = text.strip()
    if not text:
        return None
    kind = column.type
    if kind is FieldType.INTEGER:
        try:
            return int(text)
        except ValueError:
            number = _parse_number(text)
            return int(number) if number is not None and number.is_integer() else text
    if kind is FieldType.NUMBER:
        number = _parse_number(text)
        return text if number is None else number
    if kind is FieldType.YES_NO:
        answer = {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}
        return answer.get(text.lower(), text)
    by_label = {c.label.lower(): c.value for c in column.choices} | {c.value.lower(): c.value for c in column.choices}
    if kind is FieldType.CHOICE:
        return by_label.get(text.lower(), text)
    if kind is FieldType.MULTI_CHOICE:
        return [by_label.get(part.strip().lower(), part.strip()) for part in text.split(",") if part.strip()]
    if kind is FieldType.ICD10:
        try:
            return icd10cm.normalize(text)
        except ValueError:
            return text
    return text


class _CellDelegate(QStyledItemDelegate):
    """Drop-down lists for choice and yes/no columns, number checks for number columns, text otherwise."""

    def __init__(self, columns: Sequence[FieldSpec], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)

    def _options(self, column: FieldSpec) -> list[str] | None:
        if column.type is FieldType.YES_NO:
            return ["", "Yes", "No"]
        if column.type is FieldType.CHOICE:
            return ["", *(c.label for c in column.choices)]
        return None

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        column = self.columns[index.column()]
        options = self._options(column)
        if options is not None:
            combo = QComboBox(parent)
            combo.addItems(options)
            return combo
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            if column.type is FieldType.INTEGER:
                editor.setValidator(QIntValidator(editor))
            elif column.type is FieldType.NUMBER:
                validator = QDoubleValidator(editor)
                validator.setLocale(_c_locale())
                validator.setNotation(QDoubleValidator.Notation.StandardNotation)
                editor.setValidator(validator)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findText(str(index.data() or ""))))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class TableEditor(FieldEditor):
    """Rows of the field's columns (e.g. medications) with Add row and Remove row; the value is a list of dicts."""

    def _build(self) -> None:
        self.columns = list(self.spec.columns)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(self.columns), objectName="fieldTable")
        self.table.setHorizontalHeaderLabels([c.label + (" *" if c.required else "") for c in self.columns])
        for i, spec in enumerate(self.columns):
            header = self.table.horizontalHeaderItem(i)
            if header is not None:
                tip = spec.help or spec.label
                if spec.unit:
                    tip += f" ({spec.unit})"
                header.setToolTip(tip)
        # Columns as wide as their headings and cells, the last taking what is left: in a narrow panel the
        # table scrolls sideways rather than cutting "Joint or region" to "Joi…".
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setItemDelegate(_CellDelegate(self.columns, self.table))
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setMinimumHeight(110)
        self.table.itemChanged.connect(self._changed)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add row", objectName="addRow")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton("Remove row", objectName="removeRow")
        self.remove_button.clicked.connect(self.remove_row)
        self.add_button.setToolTip(f"Add a row to {self.field.label}")
        self.remove_button.setToolTip("Remove the selected row")
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        column.addWidget(self.table)
        column.addLayout(buttons)
        self.body.addLayout(column)
        self._focus(self.table)

    def _insert(self, row_value: Mapping[str, Any]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for i, spec in enumerate(self.columns):
            self.table.setItem(row, i, QTableWidgetItem(_cell_text(spec, row_value.get(spec.id))))

    def add_row(self) -> None:
        """Add an empty row, select its first cell and emit ``edited``."""
        was = self._setting
        self._setting = True
        try:
            self._insert({})
        finally:
            self._setting = was
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self._changed()

    def remove_row(self) -> None:
        """Remove the current row (the last when none is current) and emit ``edited``."""
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)
            self._changed()

    def commit(self) -> None:
        # A cell still being edited holds its text in the delegate's editor: moving the current cell makes the
        # view commit it (itemChanged then saves), as leaving the cell would.
        if self.table.state() == QAbstractItemView.State.EditingState:
            current = self.table.currentIndex()
            self.table.setCurrentIndex(QModelIndex())
            self.table.setCurrentIndex(current)
        self._changed()

    def value(self) -> list[dict[str, Any]] | None:
        rows = []
        for row in range(self.table.rowCount()):
            values = {}
            for i, spec in enumerate(self.columns):
                item = self.table.item(row, i)
                values[spec.id] = _cell_value(spec, item.text() if item is not None else "")
            rows.append(values)
        return rows or None

    def _show(self, value: Any) -> None:
        self.table.setRowCount(0)
        for row in value if isinstance(value, list) else []:
            if isinstance(row, Mapping):
                self._insert(row)


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
    """The editor for ``field``'s type."""
    return EDITORS[field.type](field, parent)


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
            if _is_empty(value):
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
        if _is_empty(value):
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
            if _is_empty(value):
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


__all__ = [
    "EDITORS",
    "ChoiceEditor",
    "CitationsEditor",
    "DateEditor",
    "FieldEditor",
    "FindingsForm",
    "GuidelineEditor",
    "Icd10Editor",
    "IntegerEditor",
    "LibrarySource",
    "LongTextEditor",
    "MultiChoiceEditor",
    "NumberEditor",
    "ProblemLabel",
    "TableEditor",
    "TextEditor",
    "YesNoEditor",
    "create_editor",
]
