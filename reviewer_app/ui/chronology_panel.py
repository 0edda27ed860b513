"""The chronology: the case's documents in date order, with the physician's corrections.

A tab beside the records. Built in the background (``services.chronology``) the first time it is
shown; each row is a document found within a record (its pages, date, provider, facility, type,
the physician's one-line summary). Sort by any column, filter as you type, group by provider or
type; activating a row opens its first page. The date, provider, facility, type (a chooser of the
contract's types, in words) and summary are edited in place, *Split at page…* divides a document
in two and *Merge* joins adjacent documents of one record: each a correction kept across re-runs
and restarts, and an event in the case history.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.chronology import ChronologyEntry
from reviewer_app.domain.document_types import DOCUMENT_TYPES
from reviewer_app.domain.forms import date_text, parse_date
from reviewer_app.services.presenting import failure_in_words
from reviewer_app.ui.case_session import CaseSession
from reviewer_app.ui.prompts import Prompts, show_failure
from reviewer_app.ui.workers import TaskGroup

COPY_GREY = "#8a8a8a"
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 5
SORT_ROLE = Qt.ItemDataRole.UserRole + 6
COLUMNS = ("Date", "Provider", "Facility", "Type", "Pages", "Summary")
DATE_COLUMN, PROVIDER_COLUMN, FACILITY_COLUMN, TYPE_COLUMN, SUMMARY_COLUMN = 0, 1, 2, 3, 5
EDITABLE = (DATE_COLUMN, PROVIDER_COLUMN, FACILITY_COLUMN, TYPE_COLUMN, SUMMARY_COLUMN)
_FIELDS = {PROVIDER_COLUMN: "provider", FACILITY_COLUMN: "facility", SUMMARY_COLUMN: "summary"}


def type_in_words(kind: str) -> str:
    """The contract's type as the physician reads it ("office_visit" -> "Office visit")."""
    return kind.replace("_", " ").capitalize()


_TYPES_BY_WORDS = {type_in_words(kind).casefold(): kind for kind in DOCUMENT_TYPES}


class _TypeChooser(QStyledItemDelegate):
    """The type cell's editor: a list of the contract's types in words, never free text."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        chooser = QComboBox(parent, objectName="chronologyTypeChooser")
        chooser.addItems([type_in_words(kind) for kind in DOCUMENT_TYPES])
        return chooser

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.data() or ""))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText())


_GROUPS = {"No grouping": None, "Group by provider": 1, "Group by type": 3}


class ChronologyPanel(QWidget):
    """Signals:
    page_requested(int record_id, int page_index): open the first page of the row activated.
    corrections_made(list entries): entries in the chronology's JSON shape to keep as corrections.
    split_requested(object entry): the physician wants to split this document (the page is asked).
    entries_shown(list entries): the chronology shown (built or corrected), for the timeline to follow.
    """

    page_requested = Signal(int, int)
    corrections_made = Signal(list)
    split_requested = Signal(object)
    entries_shown = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QLabel("The chronology is built when this tab is first shown.", objectName="chronologyStatus")
        self.status.setWordWrap(True)
        self.filter = QLineEdit(objectName="chronologyFilter")
        self.filter.setPlaceholderText("Filter: provider, type, summary…")
        self.filter.setClearButtonEnabled(True)
        self.grouping = QComboBox(objectName="chronologyGrouping")
        self.grouping.addItems(list(_GROUPS))
        self.grouping.currentIndexChanged.connect(self._sort)
        self.split_button = QPushButton("Split at page…", objectName="chronologySplit")
        self.split_button.setToolTip("Divide the document chosen in two at a page")
        self.split_button.clicked.connect(self._split)
        self.merge_button = QPushButton("Merge", objectName="chronologyMerge")
        self.merge_button.setToolTip("Join the documents chosen (adjacent pages of one record) into one")
        self.merge_button.clicked.connect(self._merge)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.model.itemChanged.connect(self._edited)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortRole(SORT_ROLE)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QTableView(objectName="chronologyView")
        self.view.setAccessibleName("Chronology of the records")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setItemDelegateForColumn(TYPE_COLUMN, _TypeChooser(self.view))
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.verticalHeader().hide()
        self.view.setWordWrap(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SUMMARY_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(self._activated)
        self._filling = False
        row = QHBoxLayout()
        row.addWidget(self.filter, 1)
        row.addWidget(self.grouping)
        row.addWidget(self.split_button)
        row.addWidget(self.merge_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.status)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)

    def set_entries(self, entries: Sequence[ChronologyEntry], titles: dict[int, str]) -> None:
        """Show ``entries`` (date order); ``titles`` names each record for the tooltips."""
        self._filling = True
        try:
            self.model.removeRows(0, self.model.rowCount())
            numbers = {record_id: number for number, record_id in enumerate(titles, start=1)}
            for entry in entries:
                self.model.appendRow(_row(entry, titles.get(entry.record_id, entry.record), numbers))
        finally:
            self._filling = False
        low = sum(1 for e in entries if e.low_confidence)
        copies = sum(1 for e in entries if e.duplicate_of is not None)
        visits = len(entries) - copies
        self.status.setText(
            f"{_count(visits, 'document')} in date order"
            + (f", and {_count(copies, 'copy', 'copies')} of earlier ones (greyed, not counted)" if copies else "")
            + (f"; {low:,} found with low confidence (shown in italics: check them)" if low else "")
            + ". Double-click a date, provider, facility, type or summary to correct it."
        )
        self._sort()
        self.entries_shown.emit(list(entries))

    def entries(self) -> list[ChronologyEntry]:
        """The rows as shown (sorted, filtered)."""
        return [self.proxy.index(r, 0).data(ENTRY_ROLE) for r in range(self.proxy.rowCount())]

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def _sort(self) -> None:
        column = _GROUPS.get(self.grouping.currentText())
        self.view.sortByColumn(DATE_COLUMN, Qt.SortOrder.AscendingOrder)
        if column is not None:  # a stable sort by the group's column keeps each group in date order
            self.view.sortByColumn(column, Qt.SortOrder.AscendingOrder)

    def _activated(self, index: Any) -> None:
        entry = index.sibling(index.row(), 0).data(ENTRY_ROLE)
        if isinstance(entry, ChronologyEntry):
            self.page_requested.emit(entry.record_id, entry.first_page - 1)

    def _split(self) -> None:
        index = self.view.currentIndex()
        entry = index.sibling(index.row(), 0).data(ENTRY_ROLE) if index.isValid() else None
        if isinstance(entry, ChronologyEntry):
            self.split_requested.emit(entry)
        else:
            self.status.setText("Choose the document to split first.")

    def selected_entries(self) -> list[ChronologyEntry]:
        """The entries of the rows chosen, in page order."""
        rows = {index.row() for index in self.view.selectionModel().selectedRows()}
        chosen = [self.proxy.index(row, 0).data(ENTRY_ROLE) for row in rows]
        entries = [e for e in chosen if isinstance(e, ChronologyEntry)]
        return sorted(entries, key=lambda e: (e.record_id, e.first_page))

    def _merge(self) -> None:
        chosen = self.selected_entries()
        if len(chosen) < 2:
            self.status.setText("Choose two or more documents of one record to merge (Ctrl+click or Shift+click).")
            return
        if len({e.record_id for e in chosen}) > 1:
            self.status.setText("Only documents of one record can be merged: those chosen are in different records.")
            return
        for before, after in pairwise(chosen):
            if after.first_page != before.last_page + 1:
                self.status.setText(
                    f"Only adjacent documents can be merged: pages {before.last_page + 1}-{after.first_page - 1} "
                    "lie between those chosen."
                )
                return
        merged = chosen[0].to_json()  # the first document's date, type and clinician stand for the whole
        merged["last_page"] = chosen[-1].last_page
        last = max((e.date_to or e.date for e in chosen if e.date), default=None)
        first = chosen[0].date
        merged["date_to"] = last.isoformat() if last and first and last > first else None
        self.corrections_made.emit([merged])

    def _edited(self, item: QStandardItem) -> None:
        if self._filling or item.column() not in EDITABLE:
            return
        entry = self.model.item(item.row(), 0).data(ENTRY_ROLE)
        if not isinstance(entry, ChronologyEntry):
            return
        # Only the field edited: another correction still being kept is not undone by this row's older values.
        whole = entry.to_json()
        corrected = {key: whole[key] for key in ("record", "first_page", "last_page")}
        text = item.text().strip()
        if item.column() == DATE_COLUMN:
            day = parse_date(text) if text else None
            if text and day is None:
                self.status.setText(f"{text!r} is not a date (e.g. 04/20/2026): the date was not changed.")
                self._filling = True
                item.setText(date_text(entry.date.isoformat()) if entry.date else "")
                self._filling = False
                return
            corrected["date"] = day.isoformat() if day else None
        elif item.column() == TYPE_COLUMN:
            kind = _TYPES_BY_WORDS.get(text.casefold(), text if text in DOCUMENT_TYPES else None)
            if kind is None or kind == entry.type:
                self._filling = True
                item.setText(type_in_words(entry.type))
                self._filling = False
                if kind is None:
                    self.status.setText(f"{text!r} is not a type of document: the type was not changed.")
                return
            corrected["type"] = kind
        else:
            corrected[_FIELDS[item.column()]] = text or None
        self.corrections_made.emit([corrected])


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number:,} {one if number == 1 else many or one + 's'}"


def copy_words(entry: ChronologyEntry, numbers: dict[int, int]) -> str:
    """ "copy of 03/16/2026 Alan Chu (Rec. 1 p. 3-4)": where the original of a duplicate entry is."""
    original = entry.duplicate_of
    if original is None:
        return ""
    when = date_text(original.date.isoformat()) if original.date else "an undated document"
    who = f" {original.provider}" if original.provider else ""
    number = numbers.get(original.record_id, original.record_id)
    return f"copy of {when}{who} (Rec. {number} p. {original.pages_text})"


def _row(entry: ChronologyEntry, record_title: str, numbers: dict[int, int] | None = None) -> list[QStandardItem]:
    pages = entry.pages_text
    copy = copy_words(entry, numbers or {})
    cells = [
        (date_text(entry.date.isoformat()) if entry.date else "no date", entry.date.isoformat() if entry.date else ""),
        (entry.provider or "", (entry.provider or "").casefold()),
        (entry.facility or "", (entry.facility or "").casefold()),
        (type_in_words(entry.type), entry.type),
        (pages, f"{entry.record_id:09d}{entry.first_page:09d}"),
        (entry.summary or copy, (entry.summary or copy).casefold()),
    ]
    items = []
    for column, (text, key) in enumerate(cells):
        item = QStandardItem(text)
        item.setData(key, SORT_ROLE)
        item.setEditable(column in EDITABLE)
        item.setToolTip(f"{record_title}, pages {pages} · confidence {entry.confidence:.0%} · {entry.source}")
        if entry.low_confidence:
            font = item.font()
            font.setItalic(True)
            item.setFont(font)
        if copy:  # a copy of an earlier document: shown, greyed, never taken for another visit
            item.setForeground(QBrush(QColor(COPY_GREY)))
            item.setToolTip(f"{record_title}, pages {pages}: {copy}")
        items.append(item)
    items[0].setData(entry, ENTRY_ROLE)
    return items


class ChronologyTab(ChronologyPanel):
    """The panel with its work: built in the background through the case's session, corrections kept.

    Signals:
        status_message(str): what a correction changed, for the status bar.
        corrected(): a correction was kept (views built from the chronology look again).
    """

    status_message = Signal(str)
    corrected = Signal()

    def __init__(self, session: CaseSession, tasks: TaskGroup, prompts: Prompts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.tasks, self.prompts = session, tasks, prompts
        self._built = False
        self.corrections_made.connect(self._correct)
        self.split_requested.connect(self._split_entry)

    def build_once(self) -> None:
        """Build the chronology the first time the tab is shown."""
        if not self._built:
            self.build()

    def build(self) -> None:
        """Build the chronology in the background (with the physician's corrections); shown when done."""
        self._built = True
        self.set_status("Building the chronology of the records…")
        session = self.session
        titles = {r.id: r.title for r in session.case.records if r.id is not None}
        self.tasks.start(
            lambda progress: session.chronology(progress),
            lambda entries: self.set_entries(entries, titles),
            lambda exc: self.set_status(failure_in_words(exc, session.folder.path, "The chronology")),
        )

    def _correct(self, entries: list[dict[str, Any]]) -> None:
        # Keeping a correction works out the chronology as it stands (seconds on a long case): in the
        # background, as building it is, never while the window waits.
        session = self.session
        self.set_status("Keeping the correction…")
        self.tasks.start(lambda _progress: session.correct_chronology(entries), self._corrected, self._not_corrected)

    def _corrected(self, changes: list[list[str]]) -> None:
        if changes:
            self.status_message.emit("Chronology corrected: " + "; ".join(", ".join(c) for c in changes) + ".")
            self.corrected.emit()
        self.build()

    def _not_corrected(self, exc: BaseException) -> None:
        show_failure(self.prompts, self, "Chronology not corrected", exc, self.session.folder.path)
        self.build()

    def _split_entry(self, entry: ChronologyEntry) -> None:
        if entry.last_page <= entry.first_page:
            self.prompts.show_error(self, "Not split", "A document of one page cannot be split.")
            return
        page = self.prompts.ask_page(self, entry.last_page)
        if page is None:
            return
        if not entry.first_page < page <= entry.last_page:
            first_allowed = entry.first_page + 1
            self.prompts.show_error(
                self, "Not split", f"Choose a page from {first_allowed} to {entry.last_page} to begin the second part."
            )
            return
        first, second = entry.to_json(), entry.to_json()
        first["last_page"], second["first_page"] = page - 1, page
        self._correct([first, second])
