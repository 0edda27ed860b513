"""The practice's letterhead at the top of the report's first page: logo, name, address, contact.

The logo sits at the left, at most an inch wide and 0.8 inch high (its proportions kept); the
practice's name in its accent colour beside it, with the address and contact lines under it, then
a rule in the accent colour and the reviewing physician's name.
"""

from __future__ import annotations

import io

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, HRFlowable, Image, Paragraph, Table, TableStyle

from reviewer_app.domain.practice import Practice
from reviewer_app.domain.report import Letterhead
from reviewer_app.reports.styles import Styles
from reviewer_app.reports.styles import paragraph_text as _text

_LOGO_BOX = (72.0, 58.0)  # points: an inch wide, 0.8 inch high


def practice_letterhead(practice: Practice, physician: Letterhead, s: Styles, width: float) -> list[Flowable]:
    """The first page's letterhead flowables for ``practice``, naming the physician under it."""
    lines: list[Flowable] = []
    if practice.name:
        lines.append(Paragraph(_text(practice.name), s.practice_name))
    if practice.address:
        lines.append(Paragraph(_text(practice.address), s.letterhead))
    if practice.contact_line:
        lines.append(Paragraph(_text(practice.contact_line), s.letterhead))
    out: list[Flowable]
    if practice.logo:
        logo = _logo(practice.logo)
        table = Table([[logo, lines]], colWidths=[_LOGO_BOX[0] + 12, width - _LOGO_BOX[0] - 12])
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        out = [table]
    else:
        out = lines
    out.append(HRFlowable(width="100%", thickness=1.2, color=s.accent, spaceBefore=6, spaceAfter=4))
    out.append(Paragraph(_text(physician.name_line or "Reviewing physician"), s.label_free))
    contact = "  ·  ".join(p for p in (physician.phone, physician.email) if p)
    if contact:
        out.append(Paragraph(_text(contact), s.letterhead))
    return out


def _logo(data: bytes) -> Image:
    width, height = ImageReader(io.BytesIO(data)).getSize()
    scale = min(_LOGO_BOX[0] / width, _LOGO_BOX[1] / height)
    image = Image(io.BytesIO(data), width=width * scale, height=height * scale)
    image.hAlign = "LEFT"
    return image
