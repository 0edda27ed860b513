"""Edit the physician's profile: identity, specialties, licences, conflicts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.errors import InvalidInput
from reviewer_app.domain.practice import Practice
from reviewer_app.domain.profile import PhysicianProfile, profile_from_json
from reviewer_app.ui.letterhead_section import LetterheadSection


class ProfileDialog(QDialog):
    """The profile's fields and, when ``practice`` is given, the practice's letterhead below them."""

    def __init__(
        self,
        profile: PhysicianProfile,
        parent: QWidget | None = None,
        *,
        practice: Practice | None = None,
        check_letterhead: Callable[[dict[str, str]], list[str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("profileDialog")
        self.setWindowTitle("Physician profile")
        self.setMinimumWidth(600)
        self.name = QLineEdit(profile.name, objectName="profileName")
        self.credentials = QLineEdit(profile.credentials, objectName="profileCredentials")
        self.credentials.setPlaceholderText("e.g. MD, MPH")
        self.specialties = _list_edit(profile.specialties, "profileSpecialties", "One specialty per line")
        self.boards = _list_edit(profile.board_certifications, "profileBoards", "One board certification per line")
        self.npi = QLineEdit(profile.npi, objectName="profileNpi")
        self.address = QPlainTextEdit(profile.address, objectName="profileAddress")
        self.address.setFixedHeight(60)
        self.phone = QLineEdit(profile.phone, objectName="profilePhone")
        self.email = QLineEdit(profile.email, objectName="profileEmail")
        self.signature_image = QLineEdit(profile.signature_image, objectName="profileSignatureImage")
        self.signature_image.setPlaceholderText("Path to a PNG of your handwritten signature")
        self.conflicts = _list_edit(
            profile.conflicts, "profileConflicts", "Organisations and people you must not review for"
        )

        self.licenses = QTableWidget(0, 3, objectName="profileLicenses")
        self.licenses.setHorizontalHeaderLabels(["State", "License number", "Expires (YYYY-MM-DD)"])
        self.licenses.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.licenses.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.licenses.setFixedHeight(120)
        for licence in profile.licenses:
            self._add_licence_row(licence.state, licence.number, licence.expires.isoformat() if licence.expires else "")
        add = QPushButton("Add license")
        add.clicked.connect(lambda: self._add_licence_row("", "", ""))
        remove = QPushButton("Remove license")
        remove.clicked.connect(self._remove_licence_row)
        licence_buttons = QHBoxLayout()
        licence_buttons.addWidget(add)
        licence_buttons.addWidget(remove)
        licence_buttons.addStretch(1)

        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Credentials", self.credentials)
        form.addRow("Specialties", self.specialties)
        form.addRow("Board certifications", self.boards)
        form.addRow("Licenses", self.licenses)
        form.addRow("", licence_buttons)
        form.addRow("NPI", self.npi)
        form.addRow("Address", self.address)
        form.addRow("Phone", self.phone)
        form.addRow("E-mail", self.email)
        form.addRow("Signature image", self.signature_image)
        form.addRow("Conflicts of interest", self.conflicts)

        self.problems = QLabel(objectName="profileProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: white; background: #b3261e; padding: 6px;")
        self.problems.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.letterhead = LetterheadSection(practice, self) if practice is not None else None
        self._check_letterhead = check_letterhead
        # The fields scroll (with the letterhead they are taller than a laptop's screen); the
        # problems and the buttons stay in sight below them.
        fields = QWidget(objectName="profileFields")
        fields_layout = QVBoxLayout(fields)
        fields_layout.addLayout(form)
        if self.letterhead is not None:
            fields_layout.addWidget(self.letterhead)
        scroll = QScrollArea(objectName="profileScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(fields)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.resize(680, min(fields.sizeHint().height() + 90, 720))  # fits a 1366 x 768 screen

    def _add_licence_row(self, state: str, number: str, expires: str) -> None:
        row = self.licenses.rowCount()
        self.licenses.insertRow(row)
        for column, value in enumerate((state, number, expires)):
            self.licenses.setItem(row, column, QTableWidgetItem(value))

    def _remove_licence_row(self) -> None:
        for index in sorted({i.row() for i in self.licenses.selectedIndexes()}, reverse=True):
            self.licenses.removeRow(index)

    def changes(self) -> dict[str, Any]:
        """The profile as entered, in the JSON shape of ``reviewer profile set``."""
        licences = []
        for row in range(self.licenses.rowCount()):
            cells = [
                (self.licenses.item(row, c).text() if self.licenses.item(row, c) else "").strip() for c in range(3)
            ]
            if any(cells):
                licences.append({"state": cells[0], "number": cells[1], "expires": cells[2] or None})
        changes: dict[str, Any] = {
            "name": self.name.text(),
            "credentials": self.credentials.text(),
            "specialties": _lines(self.specialties),
            "board_certifications": _lines(self.boards),
            "licenses": licences,
            "npi": self.npi.text(),
            "address": self.address.toPlainText(),
            "phone": self.phone.text(),
            "email": self.email.text(),
            "signature_image": self.signature_image.text(),
            "conflicts": _lines(self.conflicts),
        }
        if self.letterhead is not None:
            changes["practice"] = self.letterhead.changes()  # kept apart from the profile, in the practice file
        return changes

    def accept(self) -> None:
        changes = self.changes()
        letterhead = changes.pop("practice", None)
        problems: list[str] = []
        try:
            profile_from_json(changes)
        except InvalidInput as exc:
            problems += exc.problems
        if letterhead is not None and self._check_letterhead is not None:
            problems += [f"Letterhead: {problem}" for problem in self._check_letterhead(letterhead)]
        if problems:
            self.problems.setText("\n".join(problems))
            self.problems.show()
            return
        super().accept()


def _list_edit(values: tuple[str, ...], name: str, placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit("\n".join(values), objectName=name)
    edit.setPlaceholderText(placeholder)
    edit.setFixedHeight(56)
    return edit


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]
