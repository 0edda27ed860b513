"""The letter asking the vendor for the records the case mentions but did not send.

On the physician's letterhead and the report's page style (header, footer, "Page X of Y"); it
lists only what is missing, each with its date, the clinician or place, and where the records
mention it, so the vendor can find it and never sends again what was already received.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, HRFlowable, Paragraph, SimpleDocTemplate, Spacer

from reviewer_app.domain.missing_records import MissingRecord
from reviewer_app.domain.profile import PhysicianProfile
from reviewer_app.reports.fonts import BOLD, REGULAR, register_fonts
from reviewer_app.reports.page import BOTTOM_MARGIN, MUTED, PAGE_MARGIN, TOP_MARGIN, PageFurniture, canvas_class
from reviewer_app.reports.tables import Cell, light_table

_WIDTH = LETTER[0] - 2 * PAGE_MARGIN
_SENTENCE_CHARS = 220


@dataclass(frozen=True)
class RequestLetter:
    """What the letter says: who asks whom, for which case, and the records missing."""

    physician: PhysicianProfile
    vendor: str
    vendor_contact: str | None
    reference: str
    claimant: str
    claim_number: str | None
    date: dt.date
    items: Sequence[MissingRecord]
    records_received: int  # record files received, said so the vendor knows what was looked through


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br/>")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=13.2, spaceAfter=6)
    return {
        "body": base,
        "name": ParagraphStyle("name", base, fontName=BOLD, fontSize=14, leading=17, spaceAfter=1),
        "letterhead": ParagraphStyle("letterhead", base, fontSize=8.5, leading=11.5, spaceAfter=0, textColor=MUTED),
        "subject": ParagraphStyle("subject", base, fontName=BOLD, spaceBefore=6, spaceAfter=8),
        "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=11, spaceAfter=0),
        "head": ParagraphStyle("head", base, fontName=BOLD, fontSize=8.5, leading=11, spaceAfter=0),
        "muted": ParagraphStyle("muted", base, fontSize=8.5, leading=11.5, textColor=MUTED),
    }


def _name_line(profile: PhysicianProfile) -> str:
    return ", ".join(p for p in (profile.name, profile.credentials) if p) or "Reviewing physician"


def letter_story(letter: RequestLetter) -> list[Flowable]:
    """The letter's paragraphs and its table of missing records."""
    s = _styles()
    profile = letter.physician
    story: list[Flowable] = [Paragraph(_text(_name_line(profile)), s["name"])]
    if profile.address:
        story.append(Paragraph(_text(profile.address), s["letterhead"]))
    contact = "  ·  ".join(p for p in (profile.phone, profile.email) if p)
    if contact:
        story.append(Paragraph(_text(contact), s["letterhead"]))
    story.append(HRFlowable(width="100%", thickness=0.8, color=colors.black, spaceBefore=6, spaceAfter=10))
    story.append(Paragraph(_text(f"{letter.date:%B} {letter.date.day}, {letter.date.year}"), s["body"]))
    to = letter.vendor + (f" ({letter.vendor_contact})" if letter.vendor_contact else "")
    story.append(Paragraph(_text(f"To: {to}"), s["body"]))
    claim = f", claim {letter.claim_number}" if letter.claim_number else ""
    subject = f"Re: Records requested, referral {letter.reference}: {letter.claimant}{claim}"
    story.append(Paragraph(_text(subject), s["subject"]))
    count = len(letter.items)
    received = letter.records_received
    plural = count != 1
    opening = (
        f"The {received} record file{'s' if received != 1 else ''} received for this referral mention "
        f"{count} record{'s' if plural else ''} that {'are' if plural else 'is'} not among them. "
        f"Please send {'them' if plural else 'it'}, or tell me that {'they do' if plural else 'it does'} not exist, "
        "so that the review rests on the complete record. Only what is missing is listed; nothing already "
        "received needs sending again."
    )
    story.append(Paragraph(_text(opening), s["body"]))
    rows: list[list[Flowable | str]] = [
        [Cell("#", s["head"]), Cell("Record", s["head"]), Cell("Clinician or facility", s["head"]),
         Cell("Where the records mention it", s["head"])],
    ]  # fmt: skip
    for number, item in enumerate(letter.items, start=1):
        first = item.first
        sentence = first.sentence if len(first.sentence) <= _SENTENCE_CHARS else first.sentence[:_SENTENCE_CHARS] + "…"
        more = len(item.mentions) - 1
        where = f"{first.record}, page {first.page}: “{sentence}”" + (
            f" (and {more} other page{'s' if more != 1 else ''})" if more else ""
        )
        who = ", ".join(x for x in (item.provider, item.facility) if x) or "not named"
        rows.append(
            [
                Cell(str(number), s["cell"]),
                Cell(_text(f"{item.label}, {item.date:%m/%d/%Y}"), s["cell"]),
                Cell(_text(who), s["cell"]),
                Cell(_text(where), s["cell"]),
            ]
        )
    story.append(Spacer(1, 4))
    story.append(light_table(rows, [0.3 * 72, 1.45 * 72, 1.35 * 72, _WIDTH - 3.1 * 72]))
    story.append(Spacer(1, 14))
    story.append(Paragraph("Thank you,", s["body"]))
    story.append(Spacer(1, 8))
    story.append(Paragraph(_text(_name_line(profile)), s["body"]))
    return story


def letter_pdf(letter: RequestLetter) -> bytes:
    """The letter as PDF bytes (the same letter gives the same bytes)."""
    register_fonts()
    furniture = PageFurniture(
        left_header=f"{letter.claimant}" + (f" · Claim {letter.claim_number}" if letter.claim_number else ""),
        right_header="Records requested",
        footer_note=f"Reference {letter.reference}",
        draft=False,
        stamp=letter.date,
    )
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=PAGE_MARGIN,
        rightMargin=PAGE_MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=f"Records requested: {letter.reference}",
        author=_name_line(letter.physician),
        creator="Reviewer",
        invariant=1,
    )
    document.build(letter_story(letter), canvasmaker=canvas_class(furniture))
    return buffer.getvalue()
