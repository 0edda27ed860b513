"""The profile dialog's "Practice letterhead" section: the practice's name, address, logo, colour and typeface.

It only gathers what the physician typed; ``services.practice`` checks it (a logo that is not a usable
PNG or JPEG is refused in words before the dialog closes) and keeps it in the data folder.
"""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLineEdit, QPlainTextEdit, QWidget

from reviewer_app.domain.practice import DEFAULT_ACCENT, FONTS, Practice


class LetterheadSection(QGroupBox):
    """The practice's letterhead as fields; :meth:`changes` gives them in the practice file's shape."""

    def __init__(self, practice: Practice, parent: QWidget | None = None) -> None:
        super().__init__("Practice letterhead", parent)
        self.setObjectName("letterheadSection")
        self.setToolTip("Printed at the top of the report's first page (PDF and Word copy)")
        self.name = QLineEdit(practice.name, objectName="practiceName")
        self.name.setPlaceholderText("e.g. Pasadena Spine & Rehabilitation Medical Group")
        self.address = QPlainTextEdit(practice.address, objectName="practiceAddress")
        self.address.setFixedHeight(48)
        self.phone = QLineEdit(practice.phone, objectName="practicePhone")
        self.fax = QLineEdit(practice.fax, objectName="practiceFax")
        self.email = QLineEdit(practice.email, objectName="practiceEmail")
        self.website = QLineEdit(practice.website, objectName="practiceWebsite")
        self.logo = QLineEdit(practice.logo_path, objectName="practiceLogo")
        self.logo.setPlaceholderText("Path to a PNG or JPEG of the practice's logo")
        self.accent = QLineEdit(practice.accent, objectName="practiceAccent")
        self.accent.setPlaceholderText(f"Headings' colour as #RRGGBB, e.g. {DEFAULT_ACCENT}")
        self.accent.textChanged.connect(self._show_accent)
        self.font = QComboBox(objectName="practiceFont")
        for key, family in FONTS.items():
            self.font.addItem(family, key)
        self.font.setCurrentIndex(max(self.font.findData(practice.font), 0))
        form = QFormLayout(self)
        form.addRow("Practice name", self.name)
        form.addRow("Address", self.address)
        form.addRow("Phone", self.phone)
        form.addRow("Fax", self.fax)
        form.addRow("E-mail", self.email)
        form.addRow("Website", self.website)
        form.addRow("Logo", self.logo)
        form.addRow("Accent colour", self.accent)
        form.addRow("Typeface", self.font)
        self._show_accent(self.accent.text())

    def _show_accent(self, text: str) -> None:
        """The colour field's edge in the colour typed, so a physician sees what the headings will be."""
        colour = QColor(text.strip())
        valid = colour.isValid() and len(text.strip()) == 7
        self.accent.setStyleSheet(f"border: 2px solid {colour.name()};" if valid else "")

    def changes(self) -> dict[str, str]:
        """The letterhead as entered, in the JSON shape of the practice file."""
        return {
            "name": self.name.text(),
            "address": self.address.toPlainText(),
            "phone": self.phone.text(),
            "fax": self.fax.text(),
            "email": self.email.text(),
            "website": self.website.text(),
            "logo": self.logo.text(),
            "accent": self.accent.text(),
            "font": str(self.font.currentData()),
        }
