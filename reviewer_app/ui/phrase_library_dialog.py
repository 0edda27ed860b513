"""The physician's phrase and guideline-citation libraries: the source the editors insert from, and the
small dialog that adds, edits and deletes entries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.case import Case
from reviewer_app.domain.errors import ReviewerError
from reviewer_app.domain.forms import GUIDELINE_SOURCES
from reviewer_app.domain.phrases import PLACEHOLDERS, GuidelineCitation, Phrase
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.phrases import (
    fill_for_case,
    load_guidelines,
    load_phrases,
    save_guidelines,
    save_phrases,
)
from reviewer_app.services.spelling import Spelling, case_spelling

#: Whether this run has said that spell check is off (it is said once, not for every case).
_SAID_SPELLING_OFF = False


class Libraries:
    """The libraries for one open case: what the editors list, fill and edit. Every call goes to a service."""

    def __init__(self, folder: DataFolder, case: Case, show_error: Callable[[str], None] | None = None) -> None:
        self.folder = folder
        self.case = case
        self.show_error = show_error or (lambda _message: None)
        self._spelling: Spelling | None = None

    def spelling(self) -> Spelling:
        """The case's spell checker, shared by its long texts; says once a run when spell check is off."""
        global _SAID_SPELLING_OFF
        if self._spelling is None:
            self._spelling = case_spelling(self.folder, self.case)
            if self._spelling.unavailable and not _SAID_SPELLING_OFF:
                _SAID_SPELLING_OFF = True
                self.show_error(self._spelling.unavailable)
        return self._spelling

    def phrases(self) -> list[Phrase]:
        try:
            return load_phrases(self.folder)
        except ReviewerError as exc:
            self.show_error(str(exc))
            return []

    def guidelines(self) -> list[GuidelineCitation]:
        try:
            return load_guidelines(self.folder)
        except ReviewerError as exc:
            self.show_error(str(exc))
            return []

    def fill(self, text: str) -> str:
        """The phrase's text with the case's details in its placeholders."""
        return fill_for_case(self.folder, self.case, text)

    def edit_phrases(self, parent: QWidget | None) -> bool:
        """Open the phrase library dialog; True when the physician saved it."""
        dialog = PhraseLibraryDialog(self.phrases(), parent)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                save_phrases(self.folder, dialog.phrases())
                return True
            except ReviewerError as exc:
                dialog.show_problem(str(exc))
        return False

    def edit_guidelines(self, parent: QWidget | None) -> bool:
        """Open the guideline library dialog; True when the physician saved it."""
        dialog = GuidelineLibraryDialog(self.guidelines(), parent)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                save_guidelines(self.folder, dialog.citations())
                return True
            except ReviewerError as exc:
                dialog.show_problem(str(exc))
        return False


class _LibraryDialog(QDialog):
    """A list of entries on the left, the selected one's details on the right; Add, Delete, OK, Cancel."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 420)
        self.list = QListWidget(objectName="libraryEntries")
        self.list.setAccessibleName(title)
        self.list.currentRowChanged.connect(self._selected)
        self.add_button = QPushButton("Add", objectName="addEntry")
        self.delete_button = QPushButton("Delete", objectName="deleteEntry")
        self.add_button.clicked.connect(self.add_entry)
        self.delete_button.clicked.connect(self.delete_entry)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        left.addLayout(row)
        self.details = QWidget()
        self.problem = QLabel(objectName="libraryProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addWidget(self.details, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self._loading = False

    def show_problem(self, text: str) -> None:
        self.problem.setText("⚠ " + text)
        self.problem.show()

    def _refresh_buttons(self) -> None:
        has = self.list.currentRow() >= 0
        self.delete_button.setEnabled(has)
        self.details.setEnabled(has)

    # subclasses
    def _selected(self, row: int) -> None:
        raise NotImplementedError

    def add_entry(self) -> None:
        raise NotImplementedError

    def delete_entry(self) -> None:
        raise NotImplementedError


class PhraseLibraryDialog(_LibraryDialog):
    """Add, edit and delete phrases; the placeholders a phrase may use are listed under its text."""

    def __init__(self, phrases: Sequence[Phrase], parent: QWidget | None = None) -> None:
        super().__init__("Phrase library", parent)
        self._phrases = list(phrases)
        self.title = QLineEdit(objectName="phraseTitle")
        self.title.setAccessibleName("Phrase title")
        self.text = QPlainTextEdit(objectName="phraseText")
        self.text.setAccessibleName("Phrase text")
        self.text.setTabChangesFocus(True)
        names = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        hint = QLabel(f"Placeholders filled from the case: {names}. One the case cannot fill stays as written.")
        hint.setWordWrap(True)
        hint.setToolTip("\n".join("{" + n + "}: " + d for n, d in PLACEHOLDERS.items()))
        form = QFormLayout(self.details)
        form.addRow("Title", self.title)
        form.addRow("Text", self.text)
        form.addRow(hint)
        self.title.textEdited.connect(self._store)
        self.text.textChanged.connect(self._store)
        for phrase in self._phrases:
            self.list.addItem(phrase.title)
        self.list.setCurrentRow(0 if self._phrases else -1)
        self._refresh_buttons()

    def _selected(self, row: int) -> None:
        self._loading = True
        phrase = self._phrases[row] if 0 <= row < len(self._phrases) else Phrase("", "")
        self.title.setText(phrase.title)
        self.text.setPlainText(phrase.text)
        self._loading = False
        self._refresh_buttons()

    def _store(self, *_: object) -> None:
        row = self.list.currentRow()
        if self._loading or not 0 <= row < len(self._phrases):
            return
        self._phrases[row] = Phrase(self.title.text().strip(), self.text.toPlainText())
        self.list.item(row).setText(self._phrases[row].title or "(no title)")

    def add_entry(self) -> None:
        self._phrases.append(Phrase("New phrase", ""))
        self.list.addItem("New phrase")
        self.list.setCurrentRow(len(self._phrases) - 1)
        self.title.setFocus()
        self.title.selectAll()

    def delete_entry(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._phrases):
            del self._phrases[row]
            self.list.takeItem(row)
        self._refresh_buttons()

    def phrases(self) -> list[Phrase]:
        """The phrases as edited."""
        return list(self._phrases)


class GuidelineLibraryDialog(_LibraryDialog):
    """Add, edit and delete guideline citations: source, name (plan policy, other), edition, section."""

    def __init__(self, citations: Sequence[GuidelineCitation], parent: QWidget | None = None) -> None:
        super().__init__("Guideline library", parent)
        self._citations = list(citations)
        self.source = QComboBox(objectName="librarySource")
        self.source.addItems(list(GUIDELINE_SOURCES))
        self.name = QLineEdit(objectName="libraryName")
        self.name.setPlaceholderText("needed for plan policy or other")
        self.edition = QLineEdit(objectName="libraryEdition")
        self.section = QLineEdit(objectName="librarySection")
        form = QFormLayout(self.details)
        form.addRow("Source", self.source)
        form.addRow("Name", self.name)
        form.addRow("Edition", self.edition)
        form.addRow("Section", self.section)
        self.source.currentIndexChanged.connect(self._store)
        for line in (self.name, self.edition, self.section):
            line.textEdited.connect(self._store)
        for citation in self._citations:
            self.list.addItem(citation.title)
        self.list.setCurrentRow(0 if self._citations else -1)
        self._refresh_buttons()

    def _selected(self, row: int) -> None:
        self._loading = True
        citation = self._citations[row] if 0 <= row < len(self._citations) else GuidelineCitation("MTUS/ACOEM", "")
        self.source.setCurrentIndex(max(0, self.source.findText(citation.source)))
        self.name.setText(citation.name)
        self.edition.setText(citation.edition)
        self.section.setText(citation.section)
        self._loading = False
        self._refresh_buttons()

    def _store(self, *_: object) -> None:
        row = self.list.currentRow()
        if self._loading or not 0 <= row < len(self._citations):
            return
        self._citations[row] = replace(
            self._citations[row],
            source=self.source.currentText(),
            name=self.name.text().strip(),
            edition=self.edition.text().strip(),
            section=self.section.text().strip(),
        )
        self.list.item(row).setText(self._citations[row].title)

    def add_entry(self) -> None:
        self._citations.append(GuidelineCitation("MTUS/ACOEM", ""))
        self.list.addItem(self._citations[-1].title)
        self.list.setCurrentRow(len(self._citations) - 1)
        self.section.setFocus()

    def delete_entry(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._citations):
            del self._citations[row]
            self.list.takeItem(row)
        self._refresh_buttons()

    def citations(self) -> list[GuidelineCitation]:
        """The citations as edited."""
        return list(self._citations)
