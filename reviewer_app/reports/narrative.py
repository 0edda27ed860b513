"""A formatted narrative (domain/narrative.py) as ReportLab paragraphs: bold and italic runs, lists.

Text is escaped run by run and only ``<b>``/``<i>`` are added, so nothing the physician typed (or pasted)
is read as ReportLab markup. Lines of a paragraph are joined with line breaks as plain answers always
were; a bulleted or numbered item is a paragraph with its bullet hanging in the left margin.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from reviewer_app.domain.narrative import Block, BlockKind, Run, parse_narrative

#: How far list items are indented, and where their bullet or number hangs (points).
LIST_INDENT = 18
BULLET_INDENT = 4


def runs_markup(runs: tuple[Run, ...]) -> str:
    """One line's runs as Paragraph markup: escaped text in ``<b>``/``<i>``."""
    out: list[str] = []
    for run in runs:
        text = escape(run.text)
        if run.italic:
            text = f"<i>{text}</i>"
        if run.bold:
            text = f"<b>{text}</b>"
        out.append(text)
    return "".join(out)


def narrative_flowables(value: str, style: ParagraphStyle) -> list[Flowable]:
    """The narrative's paragraphs and list items in ``style`` (list items indented, bullets hanging)."""
    item_style = ParagraphStyle(
        f"{style.name}_item", style, leftIndent=LIST_INDENT, bulletIndent=BULLET_INDENT, spaceAfter=2
    )
    out: list[Flowable] = []
    lines: list[str] = []

    def end_paragraph() -> None:
        if lines:
            out.append(Paragraph("<br/>".join(lines), style))
            lines.clear()

    blocks: list[Block] = parse_narrative(value.strip("\n"))
    for block in blocks:
        if block.kind is BlockKind.LINE:
            if block.text.strip():
                lines.append(runs_markup(block.runs))
            else:
                end_paragraph()
            continue
        end_paragraph()
        bullet = "•" if block.kind is BlockKind.BULLET else f"{block.number}."
        out.append(Paragraph(runs_markup(block.runs), item_style, bulletText=bullet))
    end_paragraph()
    return out
