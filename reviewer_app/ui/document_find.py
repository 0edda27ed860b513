"""Find a word or phrase in the text of the PDF a PageViewer shows, hit after hit (Enter, F3).

For documents the application made (the draft report): their text is in the PDF, so QtPdf reads
it directly, page by page, the first time the physician searches. The records of a case are
searched through the case's index instead (the workspace's record search), which also covers
their OCR text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from reviewer_app.ui.page_viewer import PageViewer
from reviewer_app.ui.viewer_toolbar import shortcut_text, toolbar_icon


@dataclass(frozen=True)
class TextHit:
    """One occurrence: on ``page`` (0-based), ``length`` characters from ``start`` of its text."""

    page: int
    start: int
    length: int


def find_in_pages(texts: Sequence[str], query: str) -> list[TextHit]:
    """Every occurrence of ``query`` in the pages' texts, in reading order, ignoring case; a space
    in the query matches any run of spaces and line breaks (a phrase wrapped onto the next line)."""
    words = query.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)
    return [
        TextHit(page, match.start(), match.end() - match.start())
        for page, text in enumerate(texts)
        for match in pattern.finditer(text)
    ]


class DocumentFindBar(QWidget):
    """A find field with previous/next and "hit n of N", highlighting each hit in the viewer.

    Signals:
        hit_shown(int page): a hit was highlighted and scrolled into view.
    """

    hit_shown = Signal(int)

    def __init__(self, viewer: PageViewer, what: str = "the document", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentFind")
        self._viewer = viewer
        self._texts: list[str] | None = None
        self._hits: list[TextHit] = []
        self._position = -1
        self._searched = ""

        self.field = QLineEdit(objectName="findText")
        self.field.setPlaceholderText(f"Find in {what}  ({shortcut_text('Ctrl+F')})")
        self.field.setAccessibleName(f"Find in {what}")
        self.field.setClearButtonEnabled(True)
        # Wide enough for its placeholder, so that the shortcut it teaches is not cut.
        self.field.setMinimumWidth(self.field.fontMetrics().horizontalAdvance(self.field.placeholderText()) + 40)
        self.field.returnPressed.connect(self.find_next)
        self.field.textChanged.connect(self._query_edited)
        self.previous = self._button("findPrevious", "Previous hit", "Shift+F3", self.find_previous)
        self.next = self._button("findNext", "Next hit", "F3", self.find_next)
        self._paint_icons()
        self.count = QLabel(objectName="findCount")
        self.count.setAccessibleName("Hits found")
        self.count.setMinimumWidth(self.count.fontMetrics().horizontalAdvance("999 of 999"))

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.previous)
        layout.addWidget(self.next)
        layout.addWidget(self.count)

        for sequence, slot in (("F3", self.find_next), ("Shift+F3", self.find_previous), ("Ctrl+F", self.focus_field)):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        viewer.document_opened.connect(self._document_changed)
        viewer.document_closed.connect(self._document_changed)
        self._show_count()

    def _button(self, name: str, text: str, shortcut: str, slot: Callable[[], None]) -> QToolButton:
        button = QToolButton(objectName=name)
        button.setText(text)
        button.setAccessibleName(text)
        button.setToolTip(f"{text} ({shortcut_text(shortcut)})")
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    def _paint_icons(self) -> None:
        colour = self.palette().color(QPalette.ColorRole.ButtonText)
        self.previous.setIcon(toolbar_icon("previous", colour))
        self.next.setIcon(toolbar_icon("next", colour))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._paint_icons()  # the icons follow a switch between light and dark

    # -- the physician's commands

    def focus_field(self) -> None:
        """Put the cursor in the find field with its text selected (Ctrl+F)."""
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def find(self, query: str) -> int:
        """Look for ``query`` and show its first hit at or after the current page; the number of hits."""
        self.field.blockSignals(True)
        self.field.setText(query)
        self.field.blockSignals(False)
        self._search(query)
        if self._hits:
            current = max(0, self._viewer.current_page())
            self._show(next((i for i, hit in enumerate(self._hits) if hit.page >= current), 0))
        return len(self._hits)

    def find_next(self) -> None:
        """The next hit (Enter, F3), round to the first after the last."""
        if self._searched != self.field.text().strip():
            self.find(self.field.text())
        elif self._hits:
            self._show((self._position + 1) % len(self._hits))

    def find_previous(self) -> None:
        """The previous hit (Shift+F3), round to the last before the first."""
        if self._searched != self.field.text().strip():
            self.find(self.field.text())
        elif self._hits:
            self._show((self._position - 1) % len(self._hits))

    def hits(self) -> list[TextHit]:
        """The hits of the last search."""
        return list(self._hits)

    def current_hit(self) -> TextHit | None:
        """The hit highlighted now, or None."""
        return self._hits[self._position] if 0 <= self._position < len(self._hits) else None

    # -- internals

    def _page_texts(self) -> list[str]:
        if self._texts is None:
            document = self._viewer.document()
            self._texts = [document.getAllText(page).text() for page in range(self._viewer.page_count())]
        return self._texts

    def _search(self, query: str) -> None:
        self._searched = query.strip()
        self._hits = find_in_pages(self._page_texts(), query) if self._viewer.is_open() else []
        self._position = -1
        if not self._hits:
            self._viewer.clear_highlights()
        self._show_count()

    def _show(self, position: int) -> None:
        self._position = position
        hit = self._hits[position]
        selection = self._viewer.document().getSelectionAtIndex(hit.page, hit.start, hit.length)
        rects = [QRectF(polygon.boundingRect()) for polygon in selection.bounds()]
        self._viewer.set_highlights(hit.page, rects)
        self._show_count()
        self.hit_shown.emit(hit.page)

    def _show_count(self) -> None:
        if not self._searched:
            self.count.setText("")
        elif not self._hits:
            self.count.setText("No hits")
        else:
            shown = self._position + 1 if self._position >= 0 else 0
            self.count.setText(f"{shown} of {len(self._hits)}")
        found = bool(self._hits)
        self.previous.setEnabled(found)
        self.next.setEnabled(found)

    def _query_edited(self, text: str) -> None:
        if not text.strip():
            self._searched = ""
            self._hits = []
            self._position = -1
            self._viewer.clear_highlights()
            self._show_count()

    def _document_changed(self, *_args: object) -> None:
        self._texts = None
        self._hits = []
        self._position = -1
        self._searched = ""
        self._show_count()
