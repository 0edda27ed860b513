"""The case's records as an item model: one row per document, optionally under group rows.

The model holds display text and sort keys only; the records panel puts a filter and sort proxy
(`RecordsFilter`) between it and the view. Kept apart from the widgets so that the columns, the
groups and the filter can be checked without a window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import Enum

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from reviewer_app.domain.case import RecordDocument, RecordState
from reviewer_app.domain.review import RecordProgress

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
#: The share of the record's pages reviewed (0..1), or None when it has no pages to count.
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 3

#: Column headings, in the order shown. Tests and the panel find a column by its heading.
COLUMNS = ("Document", "Dates", "Provider", "Type", "Pages", "Reviewed", "State")
DOCUMENT, DATES, PROVIDER, TYPE, PAGES, REVIEWED, STATE = range(len(COLUMNS))

SHORT_STATES = {
    RecordState.READABLE: "✓ Text",
    RecordState.NEEDS_OCR: "◐ Scanned",
    RecordState.LOCKED: "🔒 Locked",
    RecordState.UNREADABLE: "✗ Unreadable",
    RecordState.REPAIRED: "⚠ Repaired",
}


class Grouping(Enum):
    """How the records list is grouped (the panel's combo)."""

    NONE = "No grouping"
    PROVIDER = "By provider"
    TYPE = "By type"
    MONTH = "By month"


def kind_label(kind: str | None) -> str:
    """A document type in words: ``work_status`` -> "Work status"."""
    return kind.replace("_", " ").capitalize() if kind else ""


def progress_text(progress: RecordProgress | None) -> str:
    """Pages reviewed of pages, with a tick when the record is read through ("✓ 2/2")."""
    if progress is None or not progress.pages:
        return "–"
    text = f"{progress.reviewed}/{progress.pages}"
    return "✓ " + text if progress.complete else text


def group_key(record: RecordDocument, grouping: Grouping) -> tuple[str, str]:
    """(sort key, heading) of the group the record falls in; records without the fact go last."""
    if grouping is Grouping.PROVIDER:
        return (record.provider.casefold(), record.provider) if record.provider else ("\uffff", "No provider")
    if grouping is Grouping.TYPE:
        label = kind_label(record.kind)
        return (label.casefold(), label) if label else ("\uffff", "No type")
    day = record.date_from or record.date_to
    if day is None:
        return ("\uffff", "No date")
    return (f"{day:%Y-%m}", f"{day:%B %Y}")


class RecordsModel(QStandardItemModel):
    """Rows of records (numbered in the case's order), under group rows when grouped."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self._reviewed_items: dict[int, QStandardItem] = {}
        self._document_items: dict[int, QStandardItem] = {}

    def fill(
        self,
        records: Iterable[RecordDocument],
        progress: Mapping[int, RecordProgress],
        new_ids: set[int],
        grouping: Grouping = Grouping.NONE,
    ) -> None:
        """Replace the rows: ``new_ids`` are records that arrived after the last signature (marked NEW)."""
        self.removeRows(0, self.rowCount())
        self._reviewed_items.clear()
        self._document_items.clear()
        rows = [self._row(number, record, progress, new_ids) for number, record in enumerate(records, start=1)]
        if grouping is Grouping.NONE:
            for _record, row in rows:
                self.appendRow(row)
            return
        groups: dict[tuple[str, str], list[list[QStandardItem]]] = {}
        for record, row in rows:
            groups.setdefault(group_key(record, grouping), []).append(row)
        for (key, heading), members in sorted(groups.items()):
            head = QStandardItem(f"{heading} ({len(members)})")
            font = QFont(head.font())
            font.setBold(True)
            head.setFont(font)
            head.setData(key, SORT_ROLE)
            head.setToolTip(f"{heading}: {len(members)} document(s)")
            spacers = [QStandardItem() for _ in COLUMNS[1:]]
            for spacer in spacers:
                spacer.setData(key, SORT_ROLE)
            for item in (head, *spacers):
                item.setEditable(False)
                item.setSelectable(False)
            for row in members:
                head.appendRow(row)
            self.appendRow([head, *spacers])

    def _row(
        self, number: int, record: RecordDocument, progress: Mapping[int, RecordProgress], new_ids: set[int]
    ) -> tuple[RecordDocument, list[QStandardItem]]:
        record_id = record.id if record.id is not None else -number
        done = progress.get(record_id)
        title = f"{number}. {record.title}"
        if record_id in new_ids:
            title = f"NEW · {title}"
        day = record.date_from or record.date_to
        cells: list[tuple[str, object]] = [
            (title, (record.title.casefold(), number)),
            (record.dates_label, (day or dt.date.max, number)),
            (record.provider or "", ((record.provider or "\uffff").casefold(), number)),
            (kind_label(record.kind), (kind_label(record.kind).casefold() or "\uffff", number)),
            (str(record.page_count) if record.page_count is not None else "?", (record.page_count or 0, number)),
            (progress_text(done), (_share(done), number)),
            (SHORT_STATES[record.state], (record.state.label, number)),
        ]
        tip = "\n".join(
            part
            for part in (
                record.title,
                record.provider or "",
                record.dates_label,
                kind_label(record.kind),
                record.state.label + (f": {record.state_detail}" if record.state_detail else ""),
                record.path,
            )
            if part
        )
        row = []
        for text, _key in cells:
            item = QStandardItem(text)
            item.setEditable(False)
            item.setData(record, RECORD_ROLE)
            item.setToolTip(tip)
            row.append(item)
        # Sort keys pair the value with the record's number, so that ties keep the case's order.
        for column, (_text, key) in enumerate(cells):
            row[column].setData(_sortable(key), SORT_ROLE)
        row[PAGES].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row[REVIEWED].setData(_share(done) if done and done.pages else None, PROGRESS_ROLE)
        if record_id in new_ids:
            font = QFont(row[DOCUMENT].font())
            font.setBold(True)
            row[DOCUMENT].setFont(font)
        self._reviewed_items[record_id] = row[REVIEWED]
        self._document_items[record_id] = row[DOCUMENT]
        return record, row

    def set_progress(self, progress: Mapping[int, RecordProgress]) -> None:
        """Update the Reviewed column in place (pages are read one at a time; no rebuild)."""
        for record_id, item in self._reviewed_items.items():
            done = progress.get(record_id)
            if done is None or not done.pages:
                continue
            item.setText(progress_text(done))
            item.setData(_share(done), PROGRESS_ROLE)
            item.setData(_sortable((_share(done), self._number(record_id))), SORT_ROLE)

    def _number(self, record_id: int) -> int:
        item = self._document_items.get(record_id)
        text = item.text() if item is not None else ""
        digits = text.removeprefix("NEW · ").split(".", 1)[0]
        return int(digits) if digits.isdigit() else 0

    def index_of(self, record_id: int) -> QModelIndex:
        """The Document cell of the record, or an invalid index."""
        item = self._document_items.get(record_id)
        return item.index() if item is not None else QModelIndex()


class RecordsFilter(QSortFilterProxyModel):
    """Filters rows by the words typed (any column) and hides records wholly copied from others.

    A group row is shown while any of its records is: it never matches on its own heading.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setRecursiveFilteringEnabled(True)
        self._words: list[str] = []
        self._hidden: frozenset[int] = frozenset()

    def set_text(self, text: str) -> None:
        """Every word must appear in one of the row's columns (case ignored)."""
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_hidden(self, record_ids: Iterable[int]) -> None:
        self.beginFilterChange()
        self._hidden = frozenset(record_ids)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        first = model.index(source_row, 0, source_parent)
        record = first.data(RECORD_ROLE)
        if not isinstance(record, RecordDocument):
            return False  # a group row: shown (recursive filtering) when one of its records is
        if record.id in self._hidden:
            return False
        if not self._words:
            return True
        text = " ".join(
            str(model.index(source_row, column, source_parent).data() or "") for column in range(len(COLUMNS))
        ).casefold()
        return all(word in text for word in self._words)


def _share(progress: RecordProgress | None) -> float:
    if progress is None or not progress.pages:
        return -1.0
    return progress.reviewed / progress.pages


def _sortable(key: tuple[object, int]) -> str | float:
    """One value Qt can compare: text keys as text (then the record's number), numbers as numbers."""
    first, number = key
    if isinstance(first, str):
        return f"{first}\u0000{number:06d}"
    if isinstance(first, dt.date):
        return f"{first.isoformat()}\u0000{number:06d}"
    return float(first) + number / 1_000_000  # type: ignore[arg-type]
