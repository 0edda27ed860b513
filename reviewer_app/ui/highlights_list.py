"""The case's highlights and bookmarks, listed: each with its record and page (and the words and note).

A tab beside the records and key pages. Activating a highlight or a bookmark shows its page;
"Note…" edits a highlight's note and "Remove" deletes it (the page and the records are untouched).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from reviewer_app.domain.highlights import Bookmark, Highlight

HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 3


class HighlightsList(QWidget):
    """Signals:
    page_requested(int record_id, int page_index): show this page.
    note_requested(object highlight): the physician wants to write or change the highlight's note.
    removal_requested(object highlight): the physician removes the highlight.
    bookmark_removal_requested(object bookmark): the physician removes the bookmark.
    """

    page_requested = Signal(int, int)
    note_requested = Signal(object)
    removal_requested = Signal(object)
    bookmark_removal_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(objectName="highlightsList")
        self.list.setAccessibleName("Highlights")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._activated)
        self.list.itemDoubleClicked.connect(self._activated)
        self.note_button = QPushButton("Note…", objectName="highlightNote")
        self.note_button.setToolTip("Write or change the note of the highlight chosen")
        self.note_button.clicked.connect(lambda: self._chosen(self.note_requested))
        self.remove_button = QPushButton("Remove", objectName="removeHighlight")
        self.remove_button.setToolTip("Remove the highlight chosen (the page stays as it is)")
        self.remove_button.clicked.connect(lambda: self._chosen(self.removal_requested))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.note_button)
        buttons.addWidget(self.remove_button)
        self.bookmarks = QListWidget(objectName="bookmarksList")
        self.bookmarks.setAccessibleName("Bookmarks")
        self.bookmarks.itemActivated.connect(self._activated)
        self.bookmarks.itemDoubleClicked.connect(self._activated)
        self.remove_bookmark = QPushButton("Remove bookmark", objectName="removeBookmark")
        self.remove_bookmark.clicked.connect(self._remove_bookmark)
        bookmark_buttons = QHBoxLayout()
        bookmark_buttons.addStretch(1)
        bookmark_buttons.addWidget(self.remove_bookmark)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 3)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("<b>Bookmarks</b> (Ctrl+D bookmarks the page on screen)"))
        layout.addWidget(self.bookmarks, 1)
        layout.addLayout(bookmark_buttons)

    def set_highlights(self, highlights: Sequence[Highlight], numbers: Mapping[int, int]) -> None:
        """List ``highlights`` (in page order); ``numbers`` gives each record's number in the case."""
        self.list.clear()
        for highlight in highlights:
            where = f"Rec. {numbers.get(highlight.record_id, '?')}, p. {highlight.page_number}"
            text = where + (f" — “{highlight.quote}”" if highlight.quote else "")
            if highlight.note:
                text += f"\nNote: {highlight.note}"
            item = QListWidgetItem(text)
            item.setData(HIGHLIGHT_ROLE, highlight)
            item.setToolTip(f"{highlight.colour.label} highlight; activate it to show its page")
            swatch = QColor(*highlight.colour.rgb)
            swatch.setAlpha(70)
            item.setBackground(swatch)
            self.list.addItem(item)
        if not highlights:
            self.list.addItem("No highlights yet: drag over words on a page, then Highlight.")
        has = bool(highlights)
        self.note_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    def set_bookmarks(self, bookmarks: Sequence[Bookmark], numbers: Mapping[int, int]) -> None:
        """List the case's bookmarks, each under its title with its record and page."""
        self.bookmarks.clear()
        for bookmark in bookmarks:
            item = QListWidgetItem(
                f"{bookmark.title} — Rec. {numbers.get(bookmark.record_id, '?')}, p. {bookmark.page_number}"
            )
            item.setData(HIGHLIGHT_ROLE, bookmark)
            self.bookmarks.addItem(item)
        self.remove_bookmark.setEnabled(bool(bookmarks))

    def _remove_bookmark(self) -> None:
        item = self.bookmarks.currentItem()
        bookmark = item.data(HIGHLIGHT_ROLE) if item is not None else None
        if isinstance(bookmark, Bookmark):
            self.bookmark_removal_requested.emit(bookmark)

    def count(self) -> int:
        return sum(1 for row in range(self.list.count()) if self.list.item(row).data(HIGHLIGHT_ROLE) is not None)

    def _activated(self, item: QListWidgetItem) -> None:
        mark = item.data(HIGHLIGHT_ROLE)
        if isinstance(mark, Highlight | Bookmark):
            self.page_requested.emit(mark.record_id, mark.page_index)

    def _chosen(self, signal: object) -> None:
        item = self.list.currentItem()
        highlight = item.data(HIGHLIGHT_ROLE) if item is not None else None
        if isinstance(highlight, Highlight):
            signal.emit(highlight)  # type: ignore[attr-defined]
