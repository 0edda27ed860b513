"""A read-only panel in an IME's workspace: what the peer review it follows recommended."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from reviewer_app.domain.handoff import Handoff


def handoff_html(handoff: Handoff) -> str:
    """The handoff as the panel shows it: the open questions with their reasons, then focus, records, specialty."""
    parts = [f"<b>Peer review {escape(handoff.reference)} recommended</b>"]
    if handoff.ime_needed is not None:
        parts.append(f"<p>IME recommended: <b>{'yes' if handoff.ime_needed else 'no'}</b></p>")
    if handoff.open_questions:
        rows = "".join(
            f"<li>{escape(q.question)}" + (f"<br><i>Why an exam:</i> {escape(q.reason)}" if q.reason else "") + "</li>"
            for q in handoff.open_questions
        )
        parts.append(f"<p><b>Questions left open</b></p><ol style='margin-top: 0'>{rows}</ol>")
    for title, text in (
        ("Exam focus", handoff.exam_focus),
        ("Records to request", handoff.records_to_request),
        ("Specialty to match", handoff.specialty_to_match),
    ):
        if text:
            parts.append(f"<p><b>{title}:</b> {escape(text)}</p>")
    return "".join(parts)


class HandoffPanel(QFrame):
    """The peer review's recommendation, read-only, above the IME's findings."""

    def __init__(self, handoff: Handoff, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("peerReviewHandoff")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(f"Recommendation of peer review {handoff.reference}")
        self.handoff = handoff
        self.text = QLabel(handoff_html(handoff), objectName="handoffText")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.text)
