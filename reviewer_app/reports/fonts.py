"""The report's typeface: DejaVu Sans shipped in ``resources/fonts``, embedded so any name prints.

System fonts are never used: a report must print "Łukasz Dvořák-Nguyễn" the same on every computer,
and ReportLab's built-in faces have no glyphs for most of those letters.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from reviewer_app.resources import resource_path

REGULAR = "ReportSans"
BOLD = "ReportSans-Bold"
ITALIC = "ReportSans-Oblique"
BOLD_ITALIC = "ReportSans-BoldOblique"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
    # The serif a practice's letterhead may choose instead (domain.practice.FONTS).
    "ReportSerif": "DejaVuSerif.ttf",
    "ReportSerif-Bold": "DejaVuSerif-Bold.ttf",
    "ReportSerif-Italic": "DejaVuSerif-Italic.ttf",
    "ReportSerif-BoldItalic": "DejaVuSerif-BoldItalic.ttf",
}
#: A letterhead's typeface key -> its (regular, bold, italic, bold italic) faces as registered here.
FAMILIES = {
    "sans": (REGULAR, BOLD, ITALIC, BOLD_ITALIC),
    "serif": ("ReportSerif", "ReportSerif-Bold", "ReportSerif-Italic", "ReportSerif-BoldItalic"),
}


def faces(key: str) -> tuple[str, str, str, str]:
    """The faces of a letterhead's typeface (the sans for an unknown key)."""
    return FAMILIES.get(key, FAMILIES["sans"])


@cache
def register_fonts() -> str:
    """Register the family with ReportLab once (so <b> and <i> in paragraphs pick the right face)."""
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
    for regular, bold, italic, bold_italic in FAMILIES.values():
        addMapping(regular, 0, 0, regular)
        addMapping(regular, 1, 0, bold)
        addMapping(regular, 0, 1, italic)
        addMapping(regular, 1, 1, bold_italic)
    return REGULAR
