"""Every search hit, grouped by document and loaded as the list is scrolled.

A word on 3,000 pages is 3,000 hits: the model knows each document's count from the start
(``services.search.search_totals``) and asks for a document's hits a page at a time, only when
the view shows them (``canFetchMore``/``fetchMore``) or F3 steps onto them. The hits of every
document come in page order, so a hit's place in the whole list (its ordinal) is the count of
hits in the documents before it plus its place in its own: one query with an offset reaches it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from reviewer_app.domain.review import SearchHit
from reviewer_app.services.search import plain_snippet

# Hits fetched at a time: enough to fill a screen twice, few enough to come back in milliseconds.
FETCH_SIZE = 100

#: ``fetch(offset, limit)``: hits ``offset`` .. ``offset + limit - 1`` of the whole search, in page order.
HitFetcher = Callable[[int, int], list[SearchHit]]

_NO_PARENT = 0xFFFFFFFF  # internalId of a document row (its children carry their document's row)
ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass
class _DocumentHits:
    record_id: int | None  # None: a group of hits from any record (best matches first)
    title: str
    count: int
    first_ordinal: int  # the place of its first hit in the whole list
    loaded: list[SearchHit]


class SearchHitsModel(QAbstractItemModel):
    """Documents with their hit counts at the top level, each document's hits (page, snippet) under it."""

    def __init__(
        self,
        per_record: Sequence[tuple[int | None, str, int]],
        fetch: HitFetcher,
        parent: QObject | None = None,
    ) -> None:
        """``per_record``: (record id, title, hits) of each document with hits, in page order; a group
        whose record id is None takes the hits of any record (one group of the best matches first)."""
        super().__init__(parent)
        self._fetch = fetch
        self.copies: set[tuple[int, int]] = set()  # (record id, page index) of pages repeating earlier ones
        self._documents: list[_DocumentHits] = []
        ordinal = 0
        for record_id, title, count in per_record:
            self._documents.append(_DocumentHits(record_id, title, count, ordinal, []))
            ordinal += count
        self.total = ordinal

    # -- the whole list, by ordinal (F3 and Shift+F3) --

    def hit(self, ordinal: int) -> SearchHit:
        """The hit at ``ordinal`` (0 .. total - 1), fetched if it is not loaded yet."""
        row, child = self.position(ordinal)
        self._load_to(row, child + 1)
        return self._documents[row].loaded[child]

    def position(self, ordinal: int) -> tuple[int, int]:
        """(document row, hit row within it) of the hit at ``ordinal``."""
        if not 0 <= ordinal < self.total:
            raise IndexError(f"hit {ordinal} of {self.total}")
        for row, document in enumerate(self._documents):
            if ordinal < document.first_ordinal + document.count:
                return row, ordinal - document.first_ordinal
        raise IndexError(ordinal)  # unreachable: the counts add up to total

    def index_of(self, ordinal: int) -> QModelIndex:
        """The view's index of the hit at ``ordinal`` (loading it, and the hits before it, first)."""
        row, child = self.position(ordinal)
        self._load_to(row, child + 1)
        return self.index(child, 0, self.index(row, 0))

    def ordinal_of(self, index: ModelIndex) -> int | None:
        """The place in the whole list of the hit at ``index``; None for a document row."""
        if not index.isValid() or index.internalId() == _NO_PARENT:
            return None
        return self._documents[index.internalId()].first_ordinal + index.row()

    def hit_at(self, index: ModelIndex) -> SearchHit | None:
        ordinal = self.ordinal_of(index)
        return None if ordinal is None else self.hit(ordinal)

    def document_count(self) -> int:
        return len(self._documents)

    # -- QAbstractItemModel --

    def index(self, row: int, column: int = 0, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _NO_PARENT) if row < len(self._documents) else QModelIndex()
        if parent.internalId() != _NO_PARENT:
            return QModelIndex()
        document_row = parent.row()
        if row >= len(self._documents[document_row].loaded):
            return QModelIndex()
        return self.createIndex(row, 0, document_row)

    def parent(self, child: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == _NO_PARENT:
            return QModelIndex()
        return self.createIndex(int(child.internalId()), 0, _NO_PARENT)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._documents)
        if parent.internalId() == _NO_PARENT:
            return len(self._documents[parent.row()].loaded)
        return 0

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def hasChildren(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if not parent.isValid():
            return bool(self._documents)
        return parent.internalId() == _NO_PARENT and self._documents[parent.row()].count > 0

    def canFetchMore(self, parent: ModelIndex) -> bool:
        if not parent.isValid() or parent.internalId() != _NO_PARENT:
            return False
        document = self._documents[parent.row()]
        return len(document.loaded) < document.count

    def fetchMore(self, parent: ModelIndex) -> None:
        if self.canFetchMore(parent):
            document = self._documents[parent.row()]
            self._load_to(parent.row(), min(document.count, len(document.loaded) + FETCH_SIZE))

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if index.internalId() == _NO_PARENT:
            document = self._documents[index.row()]
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return f"{document.title} — {document.count:,} hit{'s' if document.count != 1 else ''}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return document.title
            return None
        group = self._documents[index.internalId()]
        hit = group.loaded[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            source = " · OCR" if hit.from_ocr else ""
            copy = " · copy of an earlier page" if (hit.record_id, hit.page_index) in self.copies else ""
            # A group of one record's hits names the page only; the best-matches group names the record too.
            where = (
                f"p. {hit.page_number}" if group.record_id is not None else f"{hit.record_title}, p. {hit.page_number}"
            )
            return f"{where}{source}{copy}: {plain_snippet(hit.snippet, emphasis=True)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.record_title}, page {hit.page_number}"
        return None

    # -- loading --

    def _load_to(self, row: int, wanted: int) -> None:
        """Make the document's first ``wanted`` hits loaded, in blocks of FETCH_SIZE from its ordinal."""
        document = self._documents[row]
        wanted = min(wanted, document.count)
        while len(document.loaded) < wanted:
            have = len(document.loaded)
            size = max(FETCH_SIZE, wanted - have)
            size = min(size, document.count - have)
            block = self._fetch(document.first_ordinal + have, size)
            if document.record_id is not None:
                block = [hit for hit in block if hit.record_id == document.record_id]
            block = block[:size]
            if not block:  # the records changed under the search (new text from OCR): stop, never loop
                document.count = have
                top = self.index(row, 0)
                self.dataChanged.emit(top, top)
                return
            self.beginInsertRows(self.index(row, 0), have, have + len(block) - 1)
            document.loaded.extend(block)
            self.endInsertRows()
