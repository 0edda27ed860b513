"""The report's "Records reviewed": the chronological table of the records, then the numbered list.

The table is what IME and peer-review reports carry: a line per document in date order (date,
provider, type, summary, pages). Its columns share the page's width and every cell wraps, so no
text is clipped; long tables break across pages with their heading row repeated. The numbered
list after it is the key the citations ("Rec. 3, p. 12") and the table's pages resolve in.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from reviewer_app.domain.report import ChronologyRow, KeyPage, ReportContent
from reviewer_app.domain.review import records_totals
from reviewer_app.reports.page import PAGE_MARGIN
from reviewer_app.reports.styles import Styles
from reviewer_app.reports.styles import paragraph_text as _text
from reviewer_app.reports.tables import Cell, PlainCell, light_table

_WIDTH = LETTER[0] - 2 * PAGE_MARGIN
_REPAIRED_NOTE = "<br/><i>received damaged; read from a repaired copy</i>"
# Date, provider, type, summary, pages: the summary takes what the others leave.
_CHRONOLOGY_WIDTHS = (0.14, 0.24, 0.16, 0.27, 0.19)  # 'Utilization review' wraps at its space


def records_reviewed(content: ReportContent, s: Styles) -> list[Flowable]:
    """The whole section: its heading, the totals line, the chronological table and the records list."""
    totals = (
        _text(records_totals(content.page_counts, len(content.records)))
        + " Citations in this report (\u201cRec. 3, p. 12\u201d) refer to the record numbers in the list "
        "of records received and the page within that record."
    )
    out: list[Flowable] = [*split_heading("Records reviewed", s), Paragraph(totals, s.small)]
    if content.chronology:
        out += chronology_table(content.chronology, s)
        out.append(Paragraph("Records received", s.subheading))
    out.append(records_table(content, s))
    return out


def chronology_table(rows: Sequence[ChronologyRow], s: Styles) -> list[Flowable]:
    """The records in date order, undated last, each line with the pages it was read from."""
    head = ["Date", "Provider", "Type", "Summary", "Pages"]
    data: list[list[Flowable | str]] = [[Cell(h, s.cell_head) for h in head]]
    size, leading = s.cell.fontSize, s.cell.leading
    regular, italic = s.cell.fontName, s.note.fontName

    def cell(*parts: tuple[str, str]) -> PlainCell:
        return PlainCell([(text, font) for text, font in parts if text], size, leading)

    for row in rows:
        data.append(
            [
                cell((row.date, regular), ("to verify" if row.unsure else "", italic)),
                cell((row.provider, regular)),
                cell((row.type, regular)),
                cell((row.summary, regular)),
                cell((row.pages, regular), *((f"copy: {c}", italic) for c in row.copies)),
            ]
        )
    out: list[Flowable] = [Spacer(1, 4), light_table(data, [share * _WIDTH for share in _CHRONOLOGY_WIDTHS])]
    notes = []
    if any(row.unsure for row in rows):
        notes.append(
            "\u201cTo verify\u201d: the date, type or provider was read from the pages with low confidence "
            "and has not been confirmed."
        )
    if any(row.copies for row in rows):
        notes.append("A copy is the same document received again: it is listed with the first one received.")
    if notes:
        out.append(Paragraph(_text(" ".join(notes)), s.note))
    return out


def records_table(content: ReportContent, s: Styles) -> Flowable:
    """Every record received, numbered as the citations refer to them."""
    head = ["No.", "Document", "Provider or source", "Dates", "Pages"]
    data: list[list[Flowable | str]] = [[Cell(h, s.cell_head) for h in head]]
    for record in content.records:
        data.append(
            [
                Cell(f"Rec. {record.number}", s.cell),
                Cell(_text(record.title) + (_REPAIRED_NOTE if record.repaired else ""), s.cell),
                Cell(_text(record.provider), s.cell),
                Cell(_text(record.dates), s.cell),
                Cell("" if record.pages is None else str(record.pages), s.cell),
            ]
        )
    widths = [0.09 * _WIDTH, 0.41 * _WIDTH, 0.24 * _WIDTH, 0.18 * _WIDTH, 0.08 * _WIDTH]
    return light_table(data, widths)


def split_heading(text: str, s: Styles) -> list[Flowable]:
    """A heading for a long table: starts a page only when little room is left, then the table may split."""
    return [CondPageBreak(1.6 * inch), Paragraph(_text(text), s.heading_free)]


def key_pages(pages: Sequence[KeyPage], s: Styles) -> list[Flowable]:
    """The pages the physician marked as key, each with its note and quote."""
    out: list[Flowable] = [Paragraph(_text("Clinical summary: key pages"), s.heading)]
    for key in pages:
        head = f"<b>{escape(key.page.reference)}</b> · {_text(key.record_title)}"
        if key.record_dates:
            head += f" ({_text(key.record_dates)})"
        block: list[Flowable] = [Paragraph(head, s.small)]
        if key.page.note:
            block.append(Paragraph(_text(key.page.note), ParagraphStyle("kn", s.body, leftIndent=12)))
        if key.page.quote:
            block.append(Paragraph(f"“{_text(key.page.quote)}”", ParagraphStyle("kq", s.note, leftIndent=12)))
        block.append(Spacer(1, 4))
        out.append(KeepTogether(block))
    return out
