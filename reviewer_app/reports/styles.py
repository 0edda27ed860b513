"""The report's paragraph styles and text escaping, shared by the layout's parts."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle

from reviewer_app.reports.fonts import BOLD, ITALIC, REGULAR
from reviewer_app.reports.page import MUTED, RULE

_SHADE = colors.Color(0.95, 0.95, 0.95)


class Styles:
    """The report's paragraph styles: one set per report laid out."""

    def __init__(self) -> None:
        base = ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=13.2, spaceAfter=4)
        self.body = base
        self.small = ParagraphStyle("small", base, fontSize=8.5, leading=11.5, spaceAfter=0)
        self.cell = ParagraphStyle("cell", base, fontSize=8.5, leading=11, spaceAfter=0)
        self.cell_head = ParagraphStyle("cell_head", self.cell, fontName=BOLD)
        self.requested = ParagraphStyle("requested", base, spaceBefore=2, spaceAfter=3, keepWithNext=1)
        self.muted = ParagraphStyle("muted", self.small, textColor=MUTED)
        self.note = ParagraphStyle("note", self.small, fontName=ITALIC, textColor=MUTED, spaceAfter=4)
        self.label = ParagraphStyle("label", base, fontName=BOLD, spaceAfter=1, keepWithNext=1)
        self.label_free = ParagraphStyle("label_free", self.label, keepWithNext=0, spaceAfter=2)
        self.heading = ParagraphStyle(
            "heading", base, fontName=BOLD, fontSize=12, leading=15, spaceBefore=14, spaceAfter=5, keepWithNext=1
        )
        self.heading_free = ParagraphStyle("heading_free", self.heading, keepWithNext=0)
        self.subheading = ParagraphStyle(
            "subheading", base, fontName=BOLD, fontSize=10, leading=13, spaceBefore=8, spaceAfter=3, keepWithNext=1
        )
        self.question = ParagraphStyle(
            "question", base, fontName=ITALIC, leftIndent=10, borderPadding=(5, 6, 6, 6), backColor=_SHADE,
            spaceBefore=2, spaceAfter=8, keepWithNext=1,
        )  # fmt: skip
        # A piece of a long question: the space after it is the two paddings, so the shading runs on.
        self.question_joined = ParagraphStyle("question_joined", self.question, spaceAfter=11, keepWithNext=0)
        self.title = ParagraphStyle(
            "title", base, fontName=BOLD, fontSize=16, leading=20, alignment=TA_CENTER, spaceBefore=10, spaceAfter=2
        )
        self.subtitle = ParagraphStyle("subtitle", base, alignment=TA_CENTER, textColor=MUTED, spaceAfter=10)
        self.letterhead_name = ParagraphStyle("lh_name", base, fontName=BOLD, fontSize=14, leading=17, spaceAfter=1)
        self.letterhead = ParagraphStyle("lh", self.small, textColor=MUTED)
        self.notice = ParagraphStyle(
            "notice", base, borderColor=RULE, borderWidth=0.6, borderPadding=6, spaceBefore=6, spaceAfter=10
        )


def paragraph_text(value: str) -> str:
    """Escape for a Paragraph and keep the physician's line breaks."""
    return escape(value.strip()).replace("\n", "<br/>")
