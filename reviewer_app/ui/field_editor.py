"""The base of every answer-field editor: the value it holds, the problems it shows, when it saves.

Every editor shows one :class:`~reviewer_app.domain.forms.AnswerField`, holds the JSON value that
:func:`~reviewer_app.domain.forms.validate_value` checks (``None`` when empty) and emits ``edited`` when the
physician changes it, so every edit is saved as it is made (no Save button). ``set_value`` never emits;
``commit`` saves what is still pending (the physician moved on).

Problems are shown under the editor with an icon and text, never colour alone. An editor has two kinds of
problem: the one the caller gives with ``set_problem`` (e.g. "not saved: ...") and its own, found while
editing (a number below the minimum, an ICD-10-CM code that is not billable). The caller's wins while it is
set; clearing it shows the editor's own again.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import (
    QPalette,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.forms import AnswerField, FieldSpec, validate_value
from reviewer_app.domain.forms import parse_number as domain_parse_number
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

INT_LIMIT = 999_999_999


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


class LibrarySource(Protocol):
    """The physician's phrase and guideline libraries as the editors use them (ui/phrase_library_dialog.py)."""

    def phrases(self) -> list[Phrase]: ...

    def guidelines(self) -> list[GuidelineCitation]: ...

    def fill(self, text: str) -> str: ...

    def edit_phrases(self, parent: QWidget | None) -> bool: ...

    def edit_guidelines(self, parent: QWidget | None) -> bool: ...


def number_locale() -> QLocale:
    """The C locale without group separators: numbers are typed as the form stores them (2.5, not 2,5)."""
    locale = QLocale(QLocale.Language.C)
    locale.setNumberOptions(QLocale.NumberOption.RejectGroupSeparator)
    return locale


def parse_number(text: str) -> float | None:
    """The finite number ``text`` spells, or None (the domain's reading, without a unit)."""
    return domain_parse_number(text)
