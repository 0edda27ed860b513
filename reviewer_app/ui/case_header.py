"""The workspace's header bar: who the case is about, what is asked, when it is due.

It shows the case and offers two ways out (back to the cases, to the related case); it changes nothing.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from reviewer_app.domain.case import Case
from reviewer_app.domain.deadlines import Urgency, due_status
from reviewer_app.ui.case_list import URGENCY_COLOURS


class CaseHeader(QFrame):
    """Claimant, claim facts and badges (service, line of business, jurisdiction, due chip, specialty).

    Signals:
        back_requested(): the physician asked for the case list.
        related_case_requested(int case_id): the physician followed the link to the case this one follows.
    """

    back_requested = Signal()
    related_case_requested = Signal(int)

    def __init__(self, case: Case, related: Case | None, now: dt.datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseHeader")
        d = case.details
        c = d.claimant
        back = QPushButton("‹ Cases", objectName="backToCases")
        back.setToolTip("Back to the case list (Alt+Left)")
        back.setFlat(True)
        back.clicked.connect(self.back_requested)

        self.claimant = QLabel(escape(c.name.given + " " + c.name.family), objectName="claimantName")
        facts = [
            f"Claim {c.claim_number}" if c.claim_number else "",
            f"DOB {c.date_of_birth.isoformat()}" if c.date_of_birth else "",
            f"Injured {c.date_of_injury.isoformat()}" if c.date_of_injury else "",
            c.employer or "",
            d.reference + (f" · {d.vendor.name}" if d.vendor.name else ""),
        ]
        self.facts = QLabel(" · ".join(escape(f) for f in facts if f), objectName="caseFacts")
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        badges = QHBoxLayout()
        badges.setSpacing(6)
        badges.addWidget(_badge(d.service.label.upper(), "serviceBadge", "service"))
        if d.line_of_business:
            badges.addWidget(_badge(d.line_of_business.label, "lineOfBusinessBadge", "neutral"))
        if d.jurisdiction:
            badges.addWidget(_badge(d.jurisdiction, "jurisdictionBadge", "neutral"))
        status = due_status(d.due_at, now)
        due = _badge(status.text, "dueChip", "neutral")
        if status.urgency in URGENCY_COLOURS:
            background, foreground = URGENCY_COLOURS[status.urgency]
            due.setStyleSheet(f"background: {background}; color: {foreground};")
        if d.due_at:
            due.setToolTip(f"Due {d.due_at.strftime('%a %Y-%m-%d %H:%M %z')}")
        if status.urgency is Urgency.OVERDUE:
            due.setText("⚠ " + status.text)
        badges.addWidget(due)
        if d.specialty_requested:
            badges.addWidget(_badge(f"Specialty: {d.specialty_requested}", "specialtyBadge", "neutral"))
        badges.addStretch(1)
        self.related_link: QPushButton | None = None
        if d.related_reference:
            if related is not None:
                link = QPushButton(
                    f"Follows {related.details.service.label.lower()} {related.reference} ›",
                    objectName="relatedCaseLink",
                )
                link.setToolTip(f"Open {related.reference}, the case this one follows")
                link.setCursor(Qt.CursorShape.PointingHandCursor)
                related_id = related.id
                link.clicked.connect(lambda: self.related_case_requested.emit(related_id))
            else:
                link = QPushButton(f"Follows {d.related_reference} (not imported)", objectName="relatedCaseLink")
                link.setEnabled(False)
                link.setToolTip("The earlier case is not in this data folder")
            link.setFlat(True)
            self.related_link = link
            badges.addWidget(link)

        # The name and its facts share a line when the window is short of height (compact layout).
        self._name_row = QHBoxLayout()
        self._name_row.setSpacing(12)
        self._name_row.addWidget(self.claimant)
        self._text = QVBoxLayout()
        self._text.setSpacing(2)
        self._text.addLayout(self._name_row)
        self._text.addWidget(self.facts)
        self._text.addLayout(badges)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 8, 16, 8)
        layout.addWidget(back, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(self._text, 1)
        self._compact = False

    def set_compact(self, compact: bool) -> None:
        """Claimant and facts on one line (a row of height saved for the findings at 1366x768)."""
        if compact == self._compact:
            return
        self._compact = compact
        if compact:
            self._text.removeWidget(self.facts)
            self._name_row.addWidget(self.facts, 1)
        else:
            self._name_row.removeWidget(self.facts)
            self._text.insertWidget(1, self.facts)
        margin = 4 if compact else 8
        self.layout().setContentsMargins(8, margin, 16, margin)


def _badge(text: str, name: str, kind: str) -> QLabel:
    label = QLabel(text, objectName=name)
    label.setProperty("badge", kind)
    return label
