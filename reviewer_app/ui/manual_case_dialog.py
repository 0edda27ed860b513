"""Asks for a case's required details when a bundle arrives without case.json."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.case import LineOfBusiness, Service
from reviewer_app.domain.errors import InvalidInput
from reviewer_app.domain.manual_case import ManualCaseEntry, details_from_entry


class ManualCaseDialog(QDialog):
    def __init__(self, bundle_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("manualCaseDialog")
        self.setWindowTitle("Case details")
        self.setMinimumWidth(520)
        intro = QLabel(
            f"<b>{_escape(bundle_name)}</b> came without a case.json manifest. Enter the referral's details; "
            "record titles default to the file names."
        )
        intro.setWordWrap(True)

        self.reference = QLineEdit(objectName="manualReference")
        self.vendor = QLineEdit(objectName="manualVendor")
        # Choices are read back by position: Qt hands a StrEnum stored as item data back as a plain str.
        self._services = list(Service)
        self.service = QComboBox(objectName="manualService")
        self.service.addItems([service.label for service in self._services])
        self.given = QLineEdit(objectName="manualGiven")
        self.family = QLineEdit(objectName="manualFamily")
        self.claim_number = QLineEdit(objectName="manualClaimNumber")
        self._lines_of_business: list[LineOfBusiness | None] = [None, *LineOfBusiness]
        self.line_of_business = QComboBox(objectName="manualLineOfBusiness")
        self.line_of_business.addItems(["Not stated" if lob is None else lob.label for lob in self._lines_of_business])
        self.jurisdiction = QLineEdit(objectName="manualJurisdiction")
        self.jurisdiction.setMaxLength(6)
        self.jurisdiction.setPlaceholderText("e.g. CA")
        self.has_due = QCheckBox("Due")
        self.due = QDateTimeEdit(QDateTime.currentDateTime().addDays(3), objectName="manualDue")
        self.due.setCalendarPopup(True)
        self.due.setEnabled(False)
        self.has_due.toggled.connect(self.due.setEnabled)
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due, 1)
        self.questions = QPlainTextEdit(objectName="manualQuestions")
        self.questions.setPlaceholderText("One referral question per line, as the referral letter words it")
        self.problems = QLabel(objectName="manualProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: palette(highlighted-text); background: #b3261e; padding: 6px;")
        self.problems.hide()

        form = QFormLayout()
        form.addRow("Reference *", self.reference)
        form.addRow("Vendor", self.vendor)
        form.addRow("Service *", self.service)
        form.addRow("Claimant given name *", self.given)
        form.addRow("Claimant family name *", self.family)
        form.addRow("Claim number", self.claim_number)
        form.addRow("Line of business", self.line_of_business)
        form.addRow("Jurisdiction", self.jurisdiction)
        form.addRow("", due_row)
        form.addRow("Referral questions *", self.questions)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)

    def entry(self) -> ManualCaseEntry:
        due: dt.datetime | None = None
        if self.has_due.isChecked():
            due = self.due.dateTime().toPython().astimezone()
        return ManualCaseEntry(
            reference=self.reference.text(),
            service=self._services[self.service.currentIndex()],
            claimant_given=self.given.text(),
            claimant_family=self.family.text(),
            questions=tuple(self.questions.toPlainText().splitlines()),
            vendor=self.vendor.text(),
            claim_number=self.claim_number.text(),
            line_of_business=self._lines_of_business[self.line_of_business.currentIndex()],
            jurisdiction=self.jurisdiction.text(),
            due_at=due,
        )

    def accept(self) -> None:
        try:
            details_from_entry(self.entry(), dt.datetime.now().astimezone())
        except InvalidInput as exc:
            self.problems.setText("\n".join(exc.problems))
            self.problems.show()
            return
        super().accept()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
