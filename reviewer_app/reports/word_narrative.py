"""A formatted narrative (domain/narrative.py) in the Word copy: bold and italic runs, lists.

Set as the PDF sets it (reports/narrative.py): lines of a paragraph joined by line breaks, a
bulleted item in Word's own "List Bullet" style, a numbered item with its stored number hanging in
the margin (Word's "List Number" would renumber the items across the whole document).
"""

from __future__ import annotations

from docx.document import Document as WordDocument
from docx.shared import Pt
from docx.text.run import Run

from reviewer_app.domain.narrative import Block, BlockKind, parse_narrative

#: How far a numbered item is indented, with its number hanging (points), as in the PDF.
LIST_INDENT = 18


def add_narrative(document: WordDocument, value: str) -> None:
    """Add ``value``'s paragraphs and list items to ``document``."""
    lines: list[Block] = []

    def end_paragraph() -> None:
        if lines:
            paragraph = document.add_paragraph()
            for index, line in enumerate(lines):
                for run in line.runs:
                    _styled(paragraph.add_run(run.text), run.bold, run.italic)
                if index < len(lines) - 1 and paragraph.runs:
                    paragraph.runs[-1].add_break()
            lines.clear()

    for block in parse_narrative(value.strip("\n")):
        if block.kind is BlockKind.LINE:
            if block.text.strip():
                lines.append(block)
            else:
                end_paragraph()
            continue
        end_paragraph()
        if block.kind is BlockKind.BULLET:
            paragraph = document.add_paragraph(style="List Bullet")
        else:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.left_indent = Pt(LIST_INDENT)
            paragraph.paragraph_format.first_line_indent = Pt(-LIST_INDENT)
            paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(LIST_INDENT))
            paragraph.add_run(f"{block.number}.\t")
        for run in block.runs:
            _styled(paragraph.add_run(run.text), run.bold, run.italic)
    end_paragraph()


def _styled(run: Run, bold: bool, italic: bool) -> None:
    # None inherits the paragraph's style (not bold), True sets it.
    run.bold = bold or None
    run.italic = italic or None
