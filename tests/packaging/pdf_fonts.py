"""Which fonts a PDF really writes its text in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pikepdf


def fonts_drawing_text(resources: Any, contents: Any) -> set[tuple[str, bool]]:
    """(base font, embedded) of every font that shows text in a content stream, forms included.

    Only fonts current when text is shown count: ReportLab selects Helvetica at the top of every
    page whether or not anything is written in it.
    """
    used: set[tuple[str, bool]] = set()
    font_resources = resources.get("/Font", {})
    current = None
    for instruction in pikepdf.parse_content_stream(contents):
        operands, operator = instruction.operands, instruction.operator
        if str(operator) == "Tf":
            current = font_resources[str(operands[0])]
        elif str(operator) in ("Tj", "TJ", "'", '"') and current is not None:
            descriptor = current.get("/FontDescriptor")
            used.add((str(current.BaseFont), descriptor is not None and "/FontFile2" in descriptor))
        elif str(operator) == "Do":
            xobject = resources.XObject[str(operands[0])]
            if xobject.Subtype == "/Form":
                used |= fonts_drawing_text(xobject.get("/Resources", resources), xobject)
    return used


def fonts_of(pdf_path: Path) -> set[tuple[str, bool]]:
    """(base font without subset tag, embedded) of every font that shows text in the file."""
    used: set[tuple[str, bool]] = set()
    with pikepdf.open(pdf_path) as pdf:
        for page in pdf.pages:
            used |= fonts_drawing_text(page.Resources, page)
    return {(name.split("+")[-1], embedded) for name, embedded in used}
