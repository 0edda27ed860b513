"""The case's records as an item model: one row per document, optionally under group rows.

A plain QAbstractItemModel over a list of rows computed once per fill (texts, sort keys, the
filter's words): nothing per cell is built up front, so a 300-document case fills at once, and
only the rows on screen are ever asked for. The records panel puts `RecordsFilter` (filter and
sort) between it and the view. Kept apart from the widgets so that it can be checked alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from reviewer_app.domain.case import RecordDocument, RecordState
from reviewer_app.domain.review import RecordProgress

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
#: The share of the record's pages reviewed (0..1), or None when it has no pages to count.
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 3

#: Column headings, in the order shown. Tests and the panel find a column by its heading.
COLUMNS = ("Document", "Dates", "Provider", "Type", "Pages", "Reviewed", "State")
DOCUMENT, DATES, PROVIDER, TYPE, PAGES, REVIEWED, STATE = range(len(COLUMNS))
_LAST = "\uffff"  # sorts after any text: documents without the fact go last

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


def dates_text(record: RecordDocument) -> str:
    """The record's dates, short: "2026-03-23 – 04-20" within one year (the column stays narrow)."""
    start, end = record.date_from, record.date_to
    if start and end and start != end:
        return f"{start.isoformat()} – {end:%m-%d}" if start.year == end.year else f"{start} – {end}"
    only = start or end
    return only.isoformat() if only else ""


def group_key(record: RecordDocument, grouping: Grouping) -> tuple[str, str]:
    """(sort key, heading) of the group the record falls in; records without the fact go last."""
    if grouping is Grouping.PROVIDER:
        return (record.provider.casefold(), record.provider) if record.provider else (_LAST, "No provider")
    if grouping is Grouping.TYPE:
        label = kind_label(record.kind)
        return (label.casefold(), label) if label else (_LAST, "No type")
    day = record.date_from or record.date_to
    if day is None:
        return (_LAST, "No date")
    return (f"{day:%Y-%m}", f"{day:%B %Y}")


@dataclass
class RecordRow:
    """One document as listed: its texts, sort keys (each ending in its number, so ties keep the
    case's order) and the words the filter looks in."""

    record: RecordDocument
    number: int
    texts: list[str]
    keys: list[str | float]
    tooltip: str
    new: bool
    share: float | None  # pages reviewed / pages, None when not counted
    haystack: str
    group: int = -1  # index of its group row, -1 when not grouped


@dataclass
class GroupRow:
    heading: str
    key: str
    rows: list[RecordRow] = field(default_factory=list)


class RecordsModel(QAbstractItemModel):
    """Rows of records (numbered in the case's order), under group rows when grouped."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RecordRow] = []
        self._groups: list[GroupRow] | None = None
        self._by_id: dict[int, RecordRow] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    # -- filling --

    def fill(
        self,
        records: Iterable[RecordDocument],
        progress: Mapping[int, RecordProgress],
        new_ids: set[int],
        grouping: Grouping = Grouping.NONE,
    ) -> None:
        """Replace the rows: ``new_ids`` are records that arrived after the last signature (marked NEW)."""
        self.beginResetModel()
        self._rows = [_row(number, record, progress, new_ids) for number, record in enumerate(records, start=1)]
        self._by_id = {row.record.id: row for row in self._rows if row.record.id is not None}
        self._groups = None
        if grouping is not Grouping.NONE:
            groups: dict[tuple[str, str], list[RecordRow]] = {}
            for row in self._rows:
                groups.setdefault(group_key(row.record, grouping), []).append(row)
            self._groups = [GroupRow(heading, key, members) for (key, heading), members in sorted(groups.items())]
            for index, group in enumerate(self._groups):
                for row in group.rows:
                    row.group = index
        self.endResetModel()

    def set_progress(self, progress: Mapping[int, RecordProgress]) -> None:
        """Update the Reviewed column in place (pages are read one at a time; no rebuild)."""
        for record_id, row in self._by_id.items():
            done = progress.get(record_id)
            if done is None or not done.pages:
                continue
            row.texts[REVIEWED] = progress_text(done)
            row.share = done.reviewed / done.pages
            row.keys[REVIEWED] = row.share + row.number / 1_000_000
        if self._rows:
            self._changed_column(REVIEWED)

    def _changed_column(self, column: int) -> None:
        if self._groups is None:
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))
            return
        for g, group in enumerate(self._groups):
            parent = self.index(g, 0)
            self.dataChanged.emit(self.index(0, column, parent), self.index(len(group.rows) - 1, column, parent))

    def column_texts(self, column: int) -> list[str]:
        """Every document's text in that column (to size it)."""
        return [row.texts[column] for row in self._rows]

    def row_at(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> RecordRow | None:
        """The document at that place, None for a group row."""
        if self._groups is None:
            return self._rows[row] if not parent.isValid() and 0 <= row < len(self._rows) else None
        if not parent.isValid():
            return None
        members = self._groups[parent.row()].rows
        return members[row] if 0 <= row < len(members) else None

    def index_of(self, record_id: int) -> QModelIndex:
        """The Document cell of the record, or an invalid index."""
        row = self._by_id.get(record_id)
        if row is None:
            return QModelIndex()
        if self._groups is None:
            return self.index(self._rows.index(row), 0)
        return self.index(self._groups[row.group].rows.index(row), 0, self.index(row.group, 0))

    # -- QAbstractItemModel --

    def index(
        self,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008 - Qt's signature
    ) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        # A record under a group row carries that group's number + 1; top-level rows carry 0.
        return self.createIndex(row, column, parent.row() + 1 if parent.isValid() else 0)

    def parent(self, index: QModelIndex | QPersistentModelIndex | None = None) -> Any:  # type: ignore[override]
        if index is None:
            return super().parent()  # the QObject parent
        group = index.internalId() if index.isValid() else 0
        return self.createIndex(group - 1, 0, 0) if group else QModelIndex()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._rows) if self._groups is None else len(self._groups)
        if self._groups is not None and parent.internalId() == 0 and parent.column() == 0:
            return len(self._groups[parent.row()].rows)
        return 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.row_at(index.row(), index.parent()) is None:
            return Qt.ItemFlag.ItemIsEnabled  # a group heading: not a document to open
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = index.column()
        row = self.row_at(index.row(), index.parent())
        if row is None:
            return self._group_data(index.row(), column, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return row.texts[column]
        if role == SORT_ROLE:
            return row.keys[column]
        if role == RECORD_ROLE:
            return row.record
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip
        if role == PROGRESS_ROLE and column == REVIEWED:
            return row.share
        if role == Qt.ItemDataRole.FontRole and column == DOCUMENT and row.new:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and column == PAGES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _group_data(self, row: int, column: int, role: int) -> Any:
        assert self._groups is not None
        group = self._groups[row]
        if role == SORT_ROLE:
            return group.key
        if column != DOCUMENT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{group.heading} ({len(group.rows)})"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{group.heading}: {len(group.rows)} document(s)"
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        return None


def _row(number: int, record: RecordDocument, progress: Mapping[int, RecordProgress], new_ids: set[int]) -> RecordRow:
    done = progress.get(record.id) if record.id is not None else None
    new = record.id in new_ids
    title = f"{'NEW · ' if new else ''}{number}. {record.title}"
    day = record.date_from or record.date_to
    kind = kind_label(record.kind)
    share = done.reviewed / done.pages if done is not None and done.pages else None
    texts = [
        title,
        dates_text(record),
        record.provider or "",
        kind,
        str(record.page_count) if record.page_count is not None else "?",
        progress_text(done),
        SHORT_STATES[record.state],
    ]
    tail = f"\u0000{number:06d}"
    keys: list[str | float] = [
        record.title.casefold() + tail,
        (day.isoformat() if day else _LAST) + tail,
        (record.provider.casefold() if record.provider else _LAST) + tail,
        (kind.casefold() or _LAST) + tail,
        (record.page_count or 0) + number / 1_000_000,
        (share if share is not None else -1.0) + number / 1_000_000,
        record.state.label + tail,
    ]
    tooltip = "\n".join(
        part
        for part in (
            record.title,
            record.provider or "",
            record.dates_label,
            kind,
            record.state.label + (f": {record.state_detail}" if record.state_detail else ""),
            record.path,
        )
        if part
    )
    return RecordRow(record, number, texts, keys, tooltip, new, share, " ".join(texts).casefold())


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
        row = model.row_at(source_row, source_parent) if isinstance(model, RecordsModel) else None
        if row is None:
            return False  # a group row: shown (recursive filtering) when one of its records is
        if row.record.id in self._hidden:
            return False
        return all(word in row.haystack for word in self._words)
