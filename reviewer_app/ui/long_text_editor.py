"""The long-text editor: a formatted narrative with a formatting bar, spell check and phrase insertion.

The value stays a string — the narrative's markup (domain/narrative.py), which a plain-text answer
from an older data folder already is — so saving, the CLI and the linters see what they always saw.
Typing is saved after a short pause, when the field loses the focus, and on ``commit`` (the
physician moved on), as before formatting existed.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QMenu, QTextEdit, QToolButton, QVBoxLayout

from reviewer_app.domain.phrases import Phrase
from reviewer_app.ui.field_editor import LONG_TEXT_IDLE_MS, PHRASE_SHORTCUT, FieldEditor, LibrarySource
from reviewer_app.ui.narrative_edit import FormattingBar, NarrativeEdit
from reviewer_app.ui.spell_highlighter import Checker


class LongTextEditor(FieldEditor):
    """Several lines of formatted text: about five lines high, growing with the text; saved after a pause."""

    MIN_LINES: ClassVar[int] = 5
    MAX_LINES: ClassVar[int] = 20

    def _build(self) -> None:
        self.edit = NarrativeEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(LONG_TEXT_IDLE_MS)
        self.idle.timeout.connect(self._changed)
        self.edit.textChanged.connect(self._typed)
        self.edit.focus_lost.connect(self._flush)
        self.edit.document().documentLayout().documentSizeChanged.connect(self._fit)
        self.formatting = FormattingBar(self.edit, self.field.label)
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
        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        tools.addWidget(self.formatting, 1)
        tools.addWidget(self.phrase_button, 0, Qt.AlignmentFlag.AlignRight)
        column.addLayout(tools)
        column.addWidget(self.edit)
        self.body.addLayout(column)
        self._focus(self.edit)
        self._fit()

    def set_libraries(self, libraries: LibrarySource | None) -> None:
        self.libraries = libraries
        self.phrase_button.setVisible(libraries is not None)
        # The case's spell checker comes with its libraries (a source without one: no spell check).
        spelling = getattr(libraries, "spelling", None)
        self.set_checker(spelling() if callable(spelling) else None)

    def set_checker(self, checker: Checker | None) -> None:
        """Underline misspellings with ``checker``; None turns spell check off for this field."""
        self.edit.set_checker(checker)

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
        # A QTextEdit's document size is in pixels.
        height = int(self.edit.document().size().height())
        line = self.edit.fontMetrics().lineSpacing()
        lines = max(self.MIN_LINES, min(self.MAX_LINES, height // max(1, line) + 1))
        margins = self.edit.contentsMargins()
        frame = 2 * self.edit.frameWidth() + margins.top() + margins.bottom() + 8
        self.edit.setFixedHeight(lines * line + frame)

    def value(self) -> str | None:
        text = self.edit.narrative()
        return text if text.strip() else None

    def _show(self, value: Any) -> None:
        self.idle.stop()
        self.edit.set_narrative("" if value is None else str(value))
