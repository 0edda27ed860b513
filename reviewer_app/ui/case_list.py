"""Home: the case list, like an inbox, with quick filters and a search field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.case import CaseStatus, CaseSummary
from reviewer_app.domain.deadlines import Urgency, due_status

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
URGENCY_ROLE = Qt.ItemDataRole.UserRole + 3

_COLUMNS = ("Reference", "Service", "Claimant", "Line of business", "Jurisdiction", "Received", "Due", "Status")
DUE_COLUMN = 6
# Colour is never the only signal: the due text says "overdue" too.
URGENCY_COLOURS = {
    Urgency.OVERDUE: ("#b3261e", "#ffffff"),
    Urgency.DUE_TODAY: ("#f9dedc", "#410e0b"),
    Urgency.SOON: ("#fff4d6", "#4a3800"),
}
_AnyIndex = QModelIndex | QPersistentModelIndex


class CaseTableModel(QAbstractTableModel):
    """The cases as table rows (immutable CaseSummary objects, never ORM rows)."""

    def __init__(self, clock: Callable[[], dt.datetime], parent: Any = None) -> None:
        super().__init__(parent)
        self._cases: list[CaseSummary] = []
        self._clock = clock
        self._now = clock()

    def set_cases(self, cases: list[CaseSummary]) -> None:
        self.beginResetModel()
        self._cases = list(cases)
        self._now = self._clock()
        self.endResetModel()

    def refresh_times(self) -> None:
        """Recompute "due in …" as time passes."""
        self._now = self._clock()
        if self._cases:
            self.dataChanged.emit(self.index(0, DUE_COLUMN), self.index(len(self._cases) - 1, DUE_COLUMN))

    def cases(self) -> list[CaseSummary]:
        return list(self._cases)

    def case_at(self, row: int) -> CaseSummary:
        return self._cases[row]

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._cases)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _COLUMNS[section]
        return None

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        case = self._cases[index.row()]
        column = index.column()
        if role == CASE_ID_ROLE:
            return case.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display(case, column, role == Qt.ItemDataRole.ToolTipRole)
        if role == SORT_ROLE:
            return self._sort_key(case, column)
        if column == DUE_COLUMN:
            urgency = due_status(case.due_at, self._now).urgency
            if role == URGENCY_ROLE:
                return urgency.value
            if urgency in URGENCY_COLOURS and case.status not in (CaseStatus.SIGNED, CaseStatus.RETURNED):
                background, foreground = URGENCY_COLOURS[urgency]
                if role == Qt.ItemDataRole.BackgroundRole:
                    return QBrush(QColor(background))
                if role == Qt.ItemDataRole.ForegroundRole:
                    return QBrush(QColor(foreground))
                if role == Qt.ItemDataRole.FontRole and urgency is Urgency.OVERDUE:
                    font = QFont()
                    font.setBold(True)
                    return font
        if role == Qt.ItemDataRole.FontRole and column == 0:
            font = QFont()
            font.setBold(case.status is CaseStatus.NEW)
            return font
        return None

    def _display(self, case: CaseSummary, column: int, tooltip: bool) -> str:
        if column == 0:
            return case.reference + (f"\nVendor: {case.vendor}" if tooltip and case.vendor else "")
        if column == 1:
            return case.service.label
        if column == 2:
            return case.claimant.display + (f"\nClaim {case.claim_number}" if tooltip and case.claim_number else "")
        if column == 3:
            return case.line_of_business.label if case.line_of_business else ""
        if column == 4:
            return case.jurisdiction or ""
        if column == 5:
            return case.received_at.strftime("%Y-%m-%d") if case.received_at else ""
        if column == DUE_COLUMN:
            text = due_status(case.due_at, self._now).text
            if tooltip and case.due_at:
                return f"{text}\nDue {case.due_at.strftime('%a %Y-%m-%d %H:%M %z')}"
            return text
        return case.status.label

    def _sort_key(self, case: CaseSummary, column: int) -> Any:
        if column == 5:
            return case.received_at.timestamp() if case.received_at else 0.0
        if column == DUE_COLUMN:
            return case.due_at.timestamp() if case.due_at else float("inf")
        return self._display(case, column, False).lower()


class QuickFilter(StrEnum):
    ALL = "All"
    DUE_TODAY = "Due today"
    OVERDUE = "Overdue"
    IN_PROGRESS = "In progress"
    READY_TO_SIGN = "Ready to sign"
    SIGNED = "Signed"


class CaseFilterProxy(QSortFilterProxyModel):
    """Text search over every column plus one quick filter."""

    def __init__(self, clock: Callable[[], dt.datetime], parent: Any = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self.quick = QuickFilter.ALL
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_quick_filter(self, quick: QuickFilter) -> None:
        self.beginFilterChange()
        self.quick = quick
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _AnyIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, CaseTableModel)
        case = model.case_at(source_row)
        if not self._passes_quick(case):
            return False
        needle = self.filterRegularExpression().pattern().lower()
        if not needle:
            return True
        haystack = " ".join(
            [
                case.reference,
                case.vendor,
                case.claimant.display,
                case.claim_number or "",
                case.jurisdiction or "",
                case.service.label,
                case.status.label,
                case.line_of_business.label if case.line_of_business else "",
            ]
        ).lower()
        return all(word in haystack for word in needle.split())

    def _passes_quick(self, case: CaseSummary) -> bool:
        open_case = case.status not in (CaseStatus.SIGNED, CaseStatus.RETURNED)
        urgency = due_status(case.due_at, self._clock()).urgency
        return {
            QuickFilter.ALL: True,
            QuickFilter.DUE_TODAY: open_case and urgency is Urgency.DUE_TODAY,
            QuickFilter.OVERDUE: open_case and urgency is Urgency.OVERDUE,
            QuickFilter.IN_PROGRESS: case.status in (CaseStatus.NEW, CaseStatus.IN_PROGRESS),
            QuickFilter.READY_TO_SIGN: case.status is CaseStatus.READY_TO_SIGN,
            QuickFilter.SIGNED: case.status in (CaseStatus.SIGNED, CaseStatus.RETURNED),
        }[self.quick]


class CaseListPage(QWidget):
    """The inbox: filters on top, the case table, and an explanation when it is empty."""

    case_opened = Signal(int)
    import_requested = Signal()
    demo_requested = Signal()

    def __init__(self, clock: Callable[[], dt.datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CaseTableModel(clock, self)
        self.proxy = CaseFilterProxy(clock, self)
        self.proxy.setSourceModel(self.model)

        self.table = QTableView(objectName="caseList")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(DUE_COLUMN, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((170, 110, 210, 130, 90, 100, 140, 110)):
            self.table.setColumnWidth(column, width)
        self.table.setAccessibleName("Cases")
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)

        self.search = QLineEdit(objectName="caseFilter")
        self.search.setPlaceholderText("Filter by reference, claimant, claim number, vendor…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Filter cases")
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.search.textChanged.connect(lambda _text: self._update_empty_state())

        filters = QHBoxLayout()
        self.quick_buttons = QButtonGroup(self)
        self.quick_buttons.setExclusive(True)
        for quick in QuickFilter:
            button = QPushButton(quick.value, objectName=f"quickFilter{quick.name.title().replace('_', '')}")
            button.setCheckable(True)
            button.setProperty("chip", True)
            button.setChecked(quick is QuickFilter.ALL)
            button.setToolTip(
                f"Show {quick.value.lower()} cases" if quick is not QuickFilter.ALL else "Show every case"
            )
            button.clicked.connect(lambda _checked, q=quick: self._choose_quick(q))
            self.quick_buttons.addButton(button)
            filters.addWidget(button)
        filters.addStretch(1)
        filters.addWidget(self.search, 2)

        self.count_label = QLabel(objectName="caseCount")
        self.empty = self._empty_state()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        title = QLabel("Cases", objectName="pageTitle")
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addStretch(1)
        heading.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(heading)
        layout.addLayout(filters)
        layout.addWidget(self.stack, 1)

    def _empty_state(self) -> QWidget:
        page = QWidget(objectName="caseListEmpty")
        self.empty_text = QLabel(objectName="emptyText")
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_import = QPushButton("Import a case bundle…")
        self.empty_import.clicked.connect(self.import_requested)
        self.empty_demo = QPushButton("Open the demo cases")
        self.empty_demo.clicked.connect(self.demo_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.empty_import)
        buttons.addWidget(self.empty_demo)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.empty_text)
        layout.addLayout(buttons)
        layout.addStretch(2)
        return page

    def set_cases(self, cases: list[CaseSummary]) -> None:
        self.model.set_cases(cases)
        self._update_empty_state()

    def _choose_quick(self, quick: QuickFilter) -> None:
        self.proxy.set_quick_filter(quick)
        self._update_empty_state()

    def _update_empty_state(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        self.count_label.setText(f"{shown} of {total} cases" if shown != total else f"{total} cases")
        if total == 0:
            self.empty_text.setText(
                "<h3>No cases yet</h3><p>Import the case bundle a vendor sent you: press Ctrl+O, "
                "or drop the bundle (a .zip or a folder) anywhere on this window.</p>"
                "<p>To look around first, open the demo cases.</p>"
            )
            self.empty_import.show()
            self.empty_demo.show()
            self.stack.setCurrentWidget(self.empty)
        elif shown == 0:
            self.empty_text.setText("<h3>No case matches</h3><p>Clear the filter to see every case.</p>")
            self.empty_import.hide()
            self.empty_demo.hide()
            self.stack.setCurrentWidget(self.empty)
        else:
            self.stack.setCurrentWidget(self.table)

    def select_case(self, case_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(CASE_ID_ROLE) == case_id:
                self.table.selectRow(row)
                self.table.scrollTo(index)
                return

    def selected_case_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(CASE_ID_ROLE) if rows else None

    def _open_index(self, index: QModelIndex) -> None:
        case_id = index.data(CASE_ID_ROLE)
        if case_id is not None:
            self.case_opened.emit(case_id)
