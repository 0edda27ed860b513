"""The records panel: the case's documents (sortable, filterable, grouped), key pages, warnings.

It shows what it is given and says what the physician chose (signals); it never asks a service.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.case import CaseWarning, RecordDocument
from reviewer_app.domain.review import Citation, RecordProgress
from reviewer_app.ui.citation_list import CITATION_ROLE, chosen_citation, fill_citation_list
from reviewer_app.ui.records_model import (
    COLUMNS,
    DATES,
    DOCUMENT,
    PAGES,
    PROGRESS_ROLE,
    PROVIDER,
    RECORD_ROLE,
    REVIEWED,
    STATE,
    TYPE,
    Grouping,
    RecordsFilter,
    RecordsModel,
)
from reviewer_app.ui.tab_list_button import TabListButton

#: The other columns in the order they are given room when the pane is too narrow for all of them;
#: those left out are still in each row's tooltip and in what the filter searches.
COLUMN_PRIORITY = (REVIEWED, DATES, PROVIDER, STATE, TYPE, PAGES)
#: The title always keeps at least this much (about 30 characters); it takes whatever is left over.
DOCUMENT_MIN_WIDTH = 200
#: A provider's name beyond this is elided (in full in the tooltip): the title keeps its room.
MAX_PROVIDER_WIDTH = 140


class RecordsView(QTreeView):
    """The records list; it says when its width changed, so that the panel can choose the columns shown."""

    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()


class ReviewedDelegate(QStyledItemDelegate):
    """The Reviewed cell as a bar filled by the share of pages read, under its "3/5" text."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        share = index.data(PROGRESS_ROLE)
        if isinstance(share, float) and share >= 0:
            rect: QRect = option.rect.adjusted(2, 3, -2, -3)  # type: ignore[attr-defined]
            colour = QColor(option.palette.color(QPalette.ColorRole.Highlight))  # type: ignore[attr-defined]
            colour.setAlpha(60)
            painter.fillRect(QRect(rect.left(), rect.top(), int(rect.width() * min(share, 1.0)), rect.height()), colour)
        super().paint(painter, option, index)


class RecordsPanel(QTabWidget):
    """Tabs: Records (the list with its filter and grouping), Key pages, Warnings.

    Signals:
        record_requested(RecordDocument record, int page): open this record (at this page index).
        citation_requested(Citation): show the page a key page cites.
        citation_removal_requested(Citation): the physician removed a key page.
        hide_duplicates_changed(bool): the "Hide duplicate pages" box was ticked or cleared.
    """

    record_requested = Signal(object, int)
    citation_requested = Signal(object)
    citation_removal_requested = Signal(object)
    hide_duplicates_changed = Signal(bool)

    def __init__(self, warnings: Iterable[CaseWarning], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordTabs")
        # "Warnings (3)" must never read "Warnin…": tabs scroll rather than elide.
        self.tabBar().setElideMode(Qt.TextElideMode.ElideNone)
        self.setUsesScrollButtons(True)
        self.tab_list = TabListButton(self)
        self._grouping = Grouping.NONE
        self._records: list[RecordDocument] = []
        self._progress: Mapping[int, RecordProgress] = {}
        self._new_ids: set[int] = set()
        self._quiet = False  # set while the panel selects a record itself: no record_requested then

        self.review_summary = QLabel(objectName="reviewSummary")
        self.review_summary.setWordWrap(True)
        self.hide_duplicates = QCheckBox("Hide duplicate pages", objectName="hideDuplicates")
        self.hide_duplicates.setToolTip(
            "Hide search hits on later copies of a page and documents that are wholly copies of others. "
            "Duplicates stay counted."
        )
        self.hide_duplicates.toggled.connect(self.hide_duplicates_changed)

        self.filter = QLineEdit(objectName="recordFilter")
        self.filter.setPlaceholderText("Filter…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter the records")
        self.filter.setToolTip("Only the documents whose title, dates, provider, type or state hold these words")
        self.grouping = QComboBox(objectName="recordGrouping")
        self.grouping.addItems([g.value for g in Grouping])
        self.grouping.setAccessibleName("Group the records")
        self.grouping.setToolTip("Group the documents by provider, type or month")
        self.record_order = QPushButton("Case order", objectName="recordOrder")
        self.record_order.setToolTip("Undo any sorting: the documents in the order the case lists them")

        self.model = RecordsModel(self)
        self.proxy = RecordsFilter(self)
        self.proxy.setSourceModel(self.model)
        self._widths: dict[int, int] = {}
        self._chosen: dict[int, bool] = {}  # columns the physician showed or hid from the heading's menu
        self.view = RecordsView(objectName="recordTree")
        self.view.resized.connect(self._choose_columns)
        self.view.setModel(self.proxy)
        self.view.setAccessibleName("Records")
        self.view.setAlternatingRowColors(True)
        self.view.setUniformRowHeights(True)
        self.view.setRootIsDecorated(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setItemDelegateForColumn(REVIEWED, ReviewedDelegate(self.view))
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionsMovable(False)
        # The title takes what the other columns leave; those are measured once per fill (fit_columns),
        # not by Qt's ResizeToContents, which asks every row again after each change.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(DOCUMENT, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(36)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._heading_menu)
        header.setToolTip("Click a heading to sort; right-click to choose the columns shown")
        # Unsorted until the physician clicks a heading: the case's own order first.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.activated.connect(self._activated)

        self.filter.textChanged.connect(self._filter_changed)
        self.grouping.currentIndexChanged.connect(self._grouping_changed)
        self.record_order.clicked.connect(self.sort_in_case_order)

        tools = QHBoxLayout()
        tools.setSpacing(4)
        tools.addWidget(self.filter, 1)
        tools.addWidget(self.grouping)
        tools.addWidget(self.record_order)
        records_tab = QWidget()
        records_layout = QVBoxLayout(records_tab)
        records_layout.setContentsMargins(4, 4, 4, 4)
        records_layout.addWidget(self.review_summary)
        records_layout.addWidget(self.hide_duplicates)
        records_layout.addLayout(tools)
        records_layout.addWidget(self.view, 1)
        self.setTabOrder(self.filter, self.grouping)
        self.setTabOrder(self.grouping, self.record_order)
        self.setTabOrder(self.record_order, self.view)

        self.key_pages = QListWidget(objectName="keyPages")
        self.key_pages.setWordWrap(True)
        self.key_pages.setAccessibleName("Key pages")
        self.key_pages.itemActivated.connect(self._citation_activated)
        self.key_pages.itemDoubleClicked.connect(self._citation_activated)
        remove = QPushButton("Remove key page", objectName="removeKeyPage")
        remove.clicked.connect(self._remove_key_page)
        self.remove_key_page = remove
        key_tab = QWidget()
        key_layout = QVBoxLayout(key_tab)
        key_layout.setContentsMargins(4, 4, 4, 4)
        key_layout.addWidget(self.key_pages, 1)
        key_layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignRight)

        warnings = list(warnings)
        self.warning_list = QListWidget(objectName="caseWarnings")
        self.warning_list.setWordWrap(True)
        self.warning_list.setAccessibleName("Warnings")
        for warning in warnings:
            self.warning_list.addItem(QListWidgetItem("⚠ " + warning.message))
        if not warnings:
            self.warning_list.addItem("No warnings.")

        self.addTab(records_tab, "Records")
        self.addTab(key_tab, "Key pages")
        self.addTab(self.warning_list, f"Warnings ({len(warnings)})")
        self._warning_count = len(warnings)

    def add_warnings(self, messages: Iterable[str]) -> None:
        """Warnings found after the case was opened (a conflict added to the profile), at the end of the list."""
        messages = list(messages)
        if not messages:
            return
        if self._warning_count == 0:
            self.warning_list.clear()  # "No warnings."
        for message in messages:
            self.warning_list.addItem(QListWidgetItem("⚠ " + message))
        self._warning_count += len(messages)
        self.setTabText(self.indexOf(self.warning_list), f"Warnings ({self._warning_count})")

    # -- the records list --

    def set_records(
        self,
        records: list[RecordDocument],
        progress: Mapping[int, RecordProgress],
        new_ids: set[int],
        hidden_ids: set[int],
        current_id: int | None,
    ) -> None:
        """Show the case's records (``new_ids`` marked NEW, ``hidden_ids`` left out) and keep the current one."""
        self._records, self._progress, self._new_ids = list(records), progress, set(new_ids)
        self.proxy.set_hidden(hidden_ids)
        self._rebuild(current_id)
        self.setTabText(0, f"Records ({len(records)})")

    def set_hidden(self, hidden_ids: set[int]) -> None:
        self.proxy.set_hidden(hidden_ids)

    def set_progress(self, progress: Mapping[int, RecordProgress], summary_html: str) -> None:
        """Pages reviewed per record, and the counts above the list."""
        self._progress = progress
        self.model.set_progress(progress)
        self.review_summary.setText(summary_html)

    def set_summary(self, summary_html: str) -> None:
        self.review_summary.setText(summary_html)

    def set_grouping(self, grouping: Grouping) -> None:
        self.grouping.setCurrentIndex(list(Grouping).index(grouping))

    def set_filter_text(self, text: str) -> None:
        self.filter.setText(text)

    def sort_by(self, column_heading: str, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort as a click on the column's heading does."""
        self.view.sortByColumn(COLUMNS.index(column_heading), order)

    def sort_in_case_order(self) -> None:
        self.view.header().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)

    def shown_columns(self) -> list[str]:
        """Headings of the columns on screen, left to right."""
        return [heading for column, heading in enumerate(COLUMNS) if not self.view.isColumnHidden(column)]

    def set_column_shown(self, heading: str, shown: bool) -> None:
        """The physician's own choice for a column (the heading's context menu), whatever the width."""
        self._chosen[COLUMNS.index(heading)] = shown
        self._choose_columns()

    def _heading_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        for column in COLUMN_PRIORITY:
            toggle = menu.addAction(COLUMNS[column])
            toggle.setCheckable(True)
            toggle.setChecked(not self.view.isColumnHidden(column))
            toggle.toggled.connect(lambda on, heading=COLUMNS[column]: self.set_column_shown(heading, on))
        menu.exec(self.view.header().mapToGlobal(position))

    def _choose_columns(self) -> None:
        """Show the columns that fit beside the title at its minimum width, most useful first (unless
        the physician chose to show or hide one)."""
        if not self._widths:
            return
        room = self.view.viewport().width() - DOCUMENT_MIN_WIDTH
        room -= sum(self._widths[c] for c, on in self._chosen.items() if on)
        shown = {c for c, on in self._chosen.items() if on}
        for column in COLUMN_PRIORITY:
            if column not in self._chosen and self._widths[column] <= room:
                shown.add(column)
                room -= self._widths[column]
        for column in COLUMN_PRIORITY:
            if self.view.isColumnHidden(column) == (column in shown):
                self.view.setColumnHidden(column, column not in shown)

    def select_record(self, record_id: int | None) -> None:
        """Make the record current in the list, without asking for it to be opened again."""
        if record_id is None:
            return
        index = self.proxy.mapFromSource(self.model.index_of(record_id))
        if not index.isValid() or self.view.currentIndex().siblingAtColumn(0) == index:
            return
        self._quiet = True
        try:
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self.view.scrollTo(index)
        finally:
            self._quiet = False

    def choose_record(self, record_id: int) -> None:
        """Make the record current as a click would: it is opened (record_requested)."""
        index = self.proxy.mapFromSource(self.model.index_of(record_id))
        if index.isValid():
            self.view.setCurrentIndex(index)

    def shown_records(self) -> list[RecordDocument]:
        """The records as listed, top to bottom (sorted, filtered, grouped as on screen)."""
        shown: list[RecordDocument] = []

        def walk(parent: QModelIndex) -> None:
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, 0, parent)
                record = index.data(RECORD_ROLE)
                if isinstance(record, RecordDocument):
                    shown.append(record)
                walk(index)

        walk(QModelIndex())
        return shown

    def _rebuild(self, current_id: int | None) -> None:
        self._quiet = True
        try:
            self.model.fill(self._records, self._progress, self._new_ids, self._grouping)
            self._expand_groups()
        finally:
            self._quiet = False
        self.fit_columns()
        self.select_record(current_id)

    def _expand_groups(self) -> None:
        """Open every group row (QTreeView.expandAll would also ask each of the 300 documents for children)."""
        if self._grouping is Grouping.NONE:
            return
        for row in range(self.proxy.rowCount()):
            self.view.expand(self.proxy.index(row, 0))

    def fit_columns(self) -> None:
        """Size each column but the title to its widest text (the provider at most MAX_PROVIDER_WIDTH):
        dates and providers are never cut off; a long title is elided, in full in its tooltip."""
        metrics = self.view.fontMetrics()
        header = self.view.header()
        padding = 2 * self.view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 14
        heading = header.fontMetrics()
        for column in range(1, len(COLUMNS)):
            texts = self.model.column_texts(column)
            widest = max((metrics.horizontalAdvance(t) for t in set(texts)), default=0)
            width = max(widest, heading.horizontalAdvance(COLUMNS[column]) + 12) + padding
            if column == PROVIDER:
                width = min(width, MAX_PROVIDER_WIDTH)
            header.resizeSection(column, width)
            self._widths[column] = width
        self._choose_columns()

    def _current_record_id(self) -> int | None:
        record = self.view.currentIndex().data(RECORD_ROLE)
        return record.id if isinstance(record, RecordDocument) else None

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._expand_groups()

    def _grouping_changed(self, index: int) -> None:
        self._grouping = list(Grouping)[index]
        self.view.setRootIsDecorated(self._grouping is not Grouping.NONE)
        self._rebuild(self._current_record_id())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        record = current.data(RECORD_ROLE)
        if not self._quiet and isinstance(record, RecordDocument):
            self.record_requested.emit(record, 0)

    def _activated(self, index: QModelIndex) -> None:
        record = index.data(RECORD_ROLE)
        if isinstance(record, RecordDocument):
            self.record_requested.emit(record, 0)
        elif self.view.model().hasChildren(index.siblingAtColumn(0)):
            first = index.siblingAtColumn(0)
            self.view.setExpanded(first, not self.view.isExpanded(first))

    # -- key pages and warnings --

    def set_key_pages(
        self, citations: list[Citation], numbers: Mapping[int | None, int], titles: Mapping[int | None, str]
    ) -> None:
        fill_citation_list(self.key_pages, citations, numbers, titles)
        self.setTabText(1, f"Key pages ({self.key_pages.count()})")

    def set_locked(self, locked: bool) -> None:
        """Signed findings: key pages can no longer be removed."""
        self.remove_key_page.setEnabled(not locked)

    def show_warnings(self) -> None:
        self.setCurrentWidget(self.warning_list)
        self.warning_list.setFocus()

    def show_records(self) -> None:
        self.setCurrentIndex(0)

    def _citation_activated(self, item: QListWidgetItem) -> None:
        citation = item.data(CITATION_ROLE)
        if isinstance(citation, Citation):
            self.citation_requested.emit(citation)

    def _remove_key_page(self) -> None:
        citation = chosen_citation(self.key_pages)
        if citation is not None:
            self.citation_removal_requested.emit(citation)
