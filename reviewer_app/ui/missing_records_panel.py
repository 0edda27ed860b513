"""Missing records in the window: the list, *Request missing records…*, and a conflict's acknowledgement.

A tab beside the chronology lists the studies and visits the records mention but do not contain,
worked out in the background the first time it is shown; activating one opens the page that
mentions it. *Request missing records…* (``actionRequestMissingRecords``) shows the list with a
tick for each (the physician unticks what not to ask for), asks where to save the letter, and
writes it in the background. Both dialogs go through the Prompts seam.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.missing_records import MissingRecord
from reviewer_app.services.conflicts import acknowledge_conflict
from reviewer_app.services.missing_records import case_missing_records, write_request_letter
from reviewer_app.services.presenting import failure_in_words
from reviewer_app.ui.case_session import CaseSession
from reviewer_app.ui.prompts import Prompts, show_failure
from reviewer_app.ui.workers import TaskGroup

ITEM_ROLE = Qt.ItemDataRole.UserRole + 7


def item_text(item: MissingRecord) -> str:
    """One line of the list: what, when, who, and where it is mentioned."""
    first = item.first
    more = f" (and {len(item.mentions) - 1} more)" if len(item.mentions) > 1 else ""
    return f"{item.description} — mentioned in {first.record}, page {first.page}{more}: {first.sentence}"


class MissingRecordsTab(QWidget):
    """Signals:
    page_requested(int record_id, int page_index): open the page that mentions the item activated.
    status_message(str): the letter written, for the status bar.
    """

    page_requested = Signal(int, int)
    status_message = Signal(str)

    def __init__(self, session: CaseSession, tasks: TaskGroup, prompts: Prompts, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="missingRecordsView")
        self.session, self.tasks, self.prompts = session, tasks, prompts
        self.items: list[MissingRecord] = []
        self._built = False
        self._request_when_built = False
        self.status = QLabel("Records mentioned but not received are listed when this tab is first shown.")
        self.status.setObjectName("missingRecordsStatus")
        self.status.setWordWrap(True)
        self.list = QListWidget(objectName="missingRecordsList")
        self.list.setWordWrap(True)
        self.list.setAccessibleName("Records mentioned but not received")
        self.list.setToolTip("Double-click or press Enter to open the page that mentions it")
        self.list.itemActivated.connect(self._activated)
        self.action_request = QAction("Request missing records…", self, objectName="actionRequestMissingRecords")
        self.action_request.setToolTip("Write the letter asking the vendor for these records, and only these")
        self.action_request.triggered.connect(self.request)
        button = QToolButton(objectName="requestMissingRecords")
        button.setDefaultAction(self.action_request)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)

    @property
    def built(self) -> bool:
        """Whether the list was asked for (shown once, or built for a letter)."""
        return self._built

    def build_once(self) -> None:
        """Find the missing records the first time the tab is shown."""
        if not self._built:
            self.build()

    def build(self) -> None:
        """Find them in the background (it reads every page's text); shown when done."""
        self._built = True
        self.status.setText("Looking for records the pages mention but the vendor did not send…")
        session = self.session
        self.tasks.start(
            lambda progress: case_missing_records(session.folder, session.case_id, progress),
            self.set_items,
            lambda exc: self.status.setText(failure_in_words(exc, session.folder.path, "The missing records")),
        )

    def set_items(self, items: Sequence[MissingRecord]) -> None:
        self.items = list(items)
        self.list.clear()
        for item in self.items:
            row = QListWidgetItem(item_text(item))
            row.setData(ITEM_ROLE, item)
            self.list.addItem(row)
        count = len(self.items)
        self.status.setText(
            f"{count} record{'s' if count != 1 else ''} mentioned but not received."
            if count
            else "Every study and visit the records mention is among them."
        )
        if self._request_when_built:
            self._request_when_built = False
            self.request()

    def _activated(self, row: QListWidgetItem) -> None:
        item: MissingRecord = row.data(ITEM_ROLE)
        self.page_requested.emit(item.first.record_id, item.first.page - 1)

    def request(self) -> None:
        """The physician's list to ask for (unticked items left out), then the letter saved where chosen."""
        if not self._built:
            self._request_when_built = True
            self.build()
            return
        if not self.items:
            self.prompts.show_info(self, "Request missing records", "Nothing to request: no record is missing.")
            return
        chosen = self.prompts.choose_missing_records(self, self.items)
        if not chosen:
            return
        suggested = Path.home() / f"{self.session.case.reference}-records-request.pdf"
        out = self.prompts.choose_save_path(self, "Save the request letter", suggested, "PDF files (*.pdf)")
        if out is None:
            return
        session = self.session
        self.tasks.start(
            lambda _progress: write_request_letter(session.folder, session.case_id, chosen, out),
            lambda path: self.status_message.emit(f"Request for {len(chosen)} record(s) written to {path}."),
            lambda exc: show_failure(self.prompts, self, "Letter not written", exc, session.folder.path),
        )


class MissingRecordsDialog(QDialog):
    """The missing records, each ticked; the physician unticks what not to ask for."""

    def __init__(self, items: Sequence[MissingRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Request missing records")
        self.items = list(items)
        self.list = QListWidget(objectName="missingRecordsChoice")
        self.list.setWordWrap(True)
        for item in self.items:
            row = QListWidgetItem(item_text(item))
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("The letter asks the vendor for the records ticked, and only for them."))
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(760, 420)

    def chosen(self) -> list[MissingRecord]:
        return [
            item for index, item in enumerate(self.items) if self.list.item(index).checkState() == Qt.CheckState.Checked
        ]


def acknowledge_conflict_in_window(parent: QWidget, prompts: Prompts, session: CaseSession, conflict: str) -> bool:
    """Ask the physician why the review may go ahead despite the conflict, and keep the reason; True when kept."""
    reason = prompts.ask_conflict_reason(parent, conflict)
    if reason is None:
        return False
    try:
        acknowledge_conflict(session.folder, session.case_id, conflict, reason)
    except Exception as exc:  # said in words; the item stays in the list
        show_failure(prompts, parent, "Conflict not acknowledged", exc, session.folder.path)
        return False
    return True
