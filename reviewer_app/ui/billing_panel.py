"""Billing against the records: each billed line with its status, the pages that show it, and the totals.

A tab beside the records (``billingView``), built in the background (``services.billing``) the
first time it is shown. Each row is a billed line (the manifest's, or one read from a bill in the
records) or an encounter never billed: its date, code, units billed and documented, charge,
provider, status (an icon and words, never a colour alone) and its pages. Activating the bill's
or the record's pages opens that page in the reader. A filter shows one status, or every line
in question. When the current referral question is about billing, :class:`BillingQuestionTable`
shows the lines in question beside its fields, and *Cite* adds a line's pages to its citations.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QIcon, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.billing import IN_QUESTION, STATUS_WORDS, STATUSES, BillingResult, PageRef
from reviewer_app.domain.case import QuestionTopic
from reviewer_app.domain.forms import date_text
from reviewer_app.services.billing import CaseBilling, case_billing
from reviewer_app.services.presenting import failure_in_words
from reviewer_app.ui.case_session import CaseSession
from reviewer_app.ui.prompts import show_failure
from reviewer_app.ui.workers import TaskGroup

if TYPE_CHECKING:
    from reviewer_app.ui.workspace import CaseWorkspace

RESULT_ROLE = Qt.ItemDataRole.UserRole + 7
SORT_ROLE = Qt.ItemDataRole.UserRole + 8
STATUS_ROLE = Qt.ItemDataRole.UserRole + 9
# The status beside the date, the pages before the provider: on a narrow panel the provider's name is what gets cut.
COLUMNS = ("Date", "Status", "Code", "Units", "Charge", "Bill pages", "Record pages", "Provider")
STATUS_COLUMN, BILL_PAGES_COLUMN, RECORD_PAGES_COLUMN = 1, 5, 6
UNITS_COLUMN = 3
_FILTERS = {
    "All lines": None,
    "In question": "in_question",
    **{STATUS_WORDS[s]: s for s in STATUSES},
}


def status_icon(widget: QWidget, status: str) -> QIcon:
    """The status's icon: a tick when documented, a warning when in question, a note when never billed."""
    style = widget.style()
    if status == "documented":
        return style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
    if status in IN_QUESTION:
        return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
    return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)


def pages_text(pages: Sequence[PageRef], numbers: dict[int, int]) -> str:
    """Pages as the physician cites them: "Rec. 2 p. 4-5"."""
    by_record: dict[int, list[int]] = {}
    for page in pages:
        by_record.setdefault(page.record_id, []).append(page.page)
    parts = []
    for record_id, found in by_record.items():
        ordered = sorted(set(found))
        span = str(ordered[0]) if len(ordered) == 1 else f"{ordered[0]}-{ordered[-1]}"
        parts.append(f"Rec. {numbers.get(record_id, '?')} p. {span}")
    return "; ".join(parts)


class _StatusFilter(QSortFilterProxyModel):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.wanted: str | None = None

    def filterAcceptsRow(self, source_row: int, source_parent: Any) -> bool:
        if self.wanted is None:
            return True
        status = self.sourceModel().index(source_row, 0, source_parent).data(STATUS_ROLE)
        return status in IN_QUESTION if self.wanted == "in_question" else status == self.wanted

    def show_only(self, wanted: str | None) -> None:
        self.beginFilterChange()
        self.wanted = wanted
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)


class BillingPanel(QWidget):
    """Signals:
    page_requested(int record_id, int page_index): open a page of the line activated.
    """

    page_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QLabel("Billing is checked against the records when this tab is first shown.")
        self.status.setObjectName("billingStatus")
        self.status.setWordWrap(True)
        self.totals = QLabel(objectName="billingTotals")
        self.totals.setWordWrap(True)
        self.filter = QComboBox(objectName="billingFilter")
        self.filter.addItems(list(_FILTERS))
        self.filter.setAccessibleName("Show lines of this status")
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        header_item = self.model.horizontalHeaderItem(UNITS_COLUMN)
        if header_item is not None:
            header_item.setToolTip("Units billed / units the note documents (? when the note does not say)")
        self.proxy = _StatusFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.filter.currentTextChanged.connect(lambda text: self.proxy.show_only(_FILTERS.get(text)))
        self.view = QTableView(objectName="billingView")
        self.view.setAccessibleName("Billing against the records")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.view.activated.connect(self._activated)
        self.numbers: dict[int, int] = {}
        row = QHBoxLayout()
        row.addWidget(self.totals, 1)
        row.addWidget(QLabel("Show:"))
        row.addWidget(self.filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.status)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)

    def set_billing(self, billing: CaseBilling, numbers: dict[int, int]) -> None:
        """Show the reconciliation; ``numbers`` are the records' numbers as the physician cites them."""
        self.numbers = numbers
        self.model.removeRows(0, self.model.rowCount())
        for result in billing.results:
            self.model.appendRow(self._row(result))
        t = billing.totals
        lines = sum(1 for r in billing.results if r.line is not None)
        in_question = sum(n for s, n in t.counts.items() if s in IN_QUESTION)
        self.totals.setText(
            f"<b>Billed</b> ${t.billed:,.2f} · <b>documented</b> ${t.documented:,.2f} · "
            f"<b>in question</b> ${t.in_question:,.2f}"
        )
        if not billing.results:
            self.status.setText("No billed lines: none in the case file and no bills found in the records.")
        else:
            unbilled = t.counts.get("not_billed", 0)
            self.status.setText(
                f"{lines:,} billed line(s), {in_question:,} in question"
                + (f"; {unbilled:,} encounter(s) never billed" if unbilled else "")
                + ". Activate a line's pages to open them."
            )
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)

    def results(self) -> list[BillingResult]:
        """The rows as shown (sorted, filtered)."""
        return [self.proxy.index(r, 0).data(RESULT_ROLE) for r in range(self.proxy.rowCount())]

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def _activated(self, index: Any) -> None:
        result = index.sibling(index.row(), 0).data(RESULT_ROLE)
        if not isinstance(result, BillingResult):
            return
        if index.column() == RECORD_PAGES_COLUMN:
            pages = result.record_pages or result.bill_pages
        else:
            pages = result.bill_pages or result.record_pages
        if pages:
            self.page_requested.emit(pages[0].record_id, pages[0].page - 1)

    def _row(self, result: BillingResult) -> list[QStandardItem]:
        line = result.line
        documented = "?" if result.units_documented is None else str(result.units_documented)
        billed = "—" if line is None else ("?" if line.units is None else f"{line.units:g}")
        code = "—" if line is None else line.code + "".join(f"-{m}" for m in line.modifiers)
        if line is None and result.code_documented:
            code = f"({result.code_documented})"
        elif result.status == "code_differs" and result.code_documented:
            code += f" (note: {result.code_documented})"
        charge = line.charge if line is not None else None
        date = result.date
        cells = [
            (date_text(date.isoformat()) if date else "no date", date.isoformat() if date else "9999"),
            (STATUS_WORDS[result.status], STATUSES.index(result.status)),
            (code, code),
            (f"{billed} / {documented}", billed),
            (f"${charge:,.2f}" if charge is not None else "", float(charge) if charge is not None else -1.0),
            (pages_text(result.bill_pages, self.numbers), ""),
            (pages_text(result.record_pages, self.numbers), ""),
            (result.provider or "", (result.provider or "").casefold()),
        ]
        tip = result.reason or STATUS_WORDS[result.status]
        items = []
        for column, (text, key) in enumerate(cells):
            item = QStandardItem(text)
            item.setData(key, SORT_ROLE)
            item.setToolTip(tip)
            item.setEditable(False)
            if column in (BILL_PAGES_COLUMN, RECORD_PAGES_COLUMN) and text:
                font = item.font()
                font.setUnderline(True)  # a link: activating it opens the page
                item.setFont(font)
                item.setToolTip(f"Open {text} · {tip}")
            items.append(item)
        items[STATUS_COLUMN].setIcon(status_icon(self, result.status))
        items[0].setData(result, RESULT_ROLE)
        items[0].setData(result.status, STATUS_ROLE)
        return items


class BillingTab(BillingPanel):
    """The panel with its work: the reconciliation built in the background through the case's session.

    Signals:
        billing_ready(object CaseBilling): the reconciliation, for the billing question's table too.
    """

    billing_ready = Signal(object)

    def __init__(self, session: CaseSession, tasks: TaskGroup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.tasks = session, tasks
        self.billing: CaseBilling | None = None
        self._built = False

    def build_once(self) -> None:
        """Check the billing the first time it is asked for (the tab shown, or a billing question chosen)."""
        if not self._built:
            self.build()

    def build(self) -> None:
        """Reconcile in the background; shown when done."""
        self._built = True
        self.set_status("Checking the billing against the records…")
        session = self.session
        numbers = {r.id: n for n, r in enumerate(session.case.records, start=1) if r.id is not None}
        folder, case_id = session.folder, session.case_id
        self.tasks.start(
            lambda progress: case_billing(folder, case_id, progress),
            lambda billing: self._ready(billing, numbers),
            lambda exc: self.set_status(failure_in_words(exc, folder.path, "The billing check")),
        )

    def _ready(self, billing: CaseBilling, numbers: dict[int, int]) -> None:
        self.billing = billing
        self.set_billing(billing, numbers)
        self.billing_ready.emit(billing)


class BillingQuestionTable(QWidget):
    """The lines in question, compact, beside a billing question's fields; *Cite* adds a line's pages.

    Signals:
        cite_requested(list[PageRef]): the pages of the line chosen, to cite in the question's finding.
        page_requested(int record_id, int page_index): open the line's first page.
    """

    cite_requested = Signal(list)
    page_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("billingQuestion")
        self.title = QLabel("<b>Billing against the records</b>: the lines in question")
        self.title.setWordWrap(True)
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels(["Status", "Date", "Code", "Pages"])  # the status first: it is the point
        self.view = QTableView(objectName="billingQuestionTable")
        self.view.setAccessibleName("Billed lines in question")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setMinimumHeight(120)
        self.view.activated.connect(self._activated)
        self.cite = QPushButton("Cite", objectName="billingCite")
        self.cite.setToolTip("Add the chosen line's pages (the bill's and the record's) to this question's citations")
        self.cite.clicked.connect(self._cite)
        self.note = QLabel("Checking the billing against the records…")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addWidget(self.view)
        layout.addWidget(self.cite, 0, Qt.AlignmentFlag.AlignRight)

    def set_billing(self, billing: CaseBilling, numbers: dict[int, int]) -> None:
        """Show the billed lines in question (every line that is not plainly documented)."""
        self.model.removeRows(0, self.model.rowCount())
        lines = billing.in_question()
        for result in lines:
            line = result.line
            assert line is not None
            code = line.code + (f" (note: {result.code_documented})" if result.status == "code_differs" else "")
            cells = [
                STATUS_WORDS[result.status],
                date_text(result.date.isoformat()) if result.date else "no date",
                code,
                pages_text(result.pages, numbers),
            ]
            items = [QStandardItem(text) for text in cells]
            for item in items:
                item.setToolTip(result.reason or STATUS_WORDS[result.status])
            items[0].setIcon(status_icon(self, result.status))
            items[0].setData(result, RESULT_ROLE)
            self.model.appendRow(items)
        self.view.resizeColumnsToContents()
        documented = sum(1 for r in billing.results if r.status == "documented")
        self.note.setText(
            f"{len(lines)} line(s) in question, {documented} documented. Choose a line and Cite to add its pages."
            if lines
            else f"Every billed line is documented ({documented}). The Billing tab lists them all."
        )

    def chosen(self) -> BillingResult | None:
        index = self.view.currentIndex()
        result = index.sibling(index.row(), 0).data(RESULT_ROLE) if index.isValid() else None
        return result if isinstance(result, BillingResult) else None

    def _cite(self) -> None:
        result = self.chosen()
        if result is None:
            self.note.setText("Choose the line whose pages to cite first.")
            return
        if not result.pages:
            self.note.setText("That line has no pages in the records to cite (nothing documents it).")
            return
        self.cite_requested.emit(list(result.pages))

    def _activated(self, index: Any) -> None:
        result = index.sibling(index.row(), 0).data(RESULT_ROLE)
        if isinstance(result, BillingResult) and result.pages:
            self.page_requested.emit(result.pages[0].record_id, result.pages[0].page - 1)


def attach_billing(workspace: CaseWorkspace) -> tuple[BillingTab, BillingQuestionTable]:
    """The Billing tab beside the records, and the billing question's table beside its fields.

    The table is shown while the current question's topic is billing (the reconciliation is built
    then if the tab has not been shown); *Cite* cites the line's pages in that question's finding.
    """
    tab = BillingTab(workspace.session, workspace.tasks)
    workspace.records.addTab(tab, "Billing")
    workspace.records.currentChanged.connect(
        lambda _index: tab.build_once() if workspace.records.currentWidget() is tab else None
    )
    tab.page_requested.connect(workspace.reader.go_to)
    # A chronology corrected (a visit re-dated, a document split) changes what documents each line: check again.
    workspace.chronology.corrected.connect(lambda: tab.build() if tab.billing is not None else None)
    table = BillingQuestionTable()
    workspace.findings.add_beside_fields(table)
    table.page_requested.connect(workspace.reader.go_to)
    tab.billing_ready.connect(lambda billing: table.set_billing(billing, tab.numbers))
    table.cite_requested.connect(lambda pages: cite_pages(workspace, pages))

    def question_changed() -> None:
        question = workspace.current_question()
        about_billing = question is not None and question.topic is QuestionTopic.BILLING
        table.setVisible(about_billing)
        if about_billing:
            tab.build_once()

    workspace.findings.question_changed.connect(question_changed)
    question_changed()
    return tab, table


def cite_pages(workspace: CaseWorkspace, pages: Sequence[PageRef]) -> int:
    """Cite ``pages`` in the current question's finding (those not cited there yet); how many were cited."""
    question = workspace.current_question()
    if question is None:
        workspace.status_message.emit("Choose the question whose finding the pages support.")
        return 0
    workspace.commit_findings()
    session = workspace.session
    cited = {(c.record_id, c.page_index) for c in session.citations() if c.question_key == question.key}
    added = 0
    for page in pages:
        if (page.record_id, page.page - 1) in cited:
            continue
        try:
            session.cite(page.record_id, page.page - 1, "", "finding", question.key)
        except Exception as exc:  # in words; what was not expected is logged
            show_failure(workspace.prompts, workspace, "Not cited", exc, session.folder.path)
            break
        cited.add((page.record_id, page.page - 1))
        workspace.findings.add_to_citations_field(question.key, page.record, page.page)
        added += 1
    workspace.findings.citations_changed.emit()
    workspace.status_message.emit(f"{added} page(s) of the billed line cited in the finding for {question.key}.")
    return added
