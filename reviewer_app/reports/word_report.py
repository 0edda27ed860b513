"""The draft as a Word document, for vendors' QA staff who mark up in Word.

Built from the same :class:`~reviewer_app.domain.report.ReportContent` as the PDF, so it says what the
draft PDF says: identification, the questions verbatim, the answers, the tables, the records reviewed
and the attestation. It is always a draft (every page's header says so and that the signed PDF is the
report of record), and it carries no author or editing metadata: the core and extended properties are
emptied and the template's revision ids removed, so nothing in the file names who wrote it or how long.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from reviewer_app.domain.narrative import is_formatted, plain_text
from reviewer_app.domain.practice import DEFAULT_ACCENT, Practice, font_family
from reviewer_app.domain.report import (
    AnswerItem,
    CitationsItem,
    PageReference,
    ReportContent,
    SectionContent,
    TableItem,
    TextItem,
    form_in_words,
    long_date,
)
from reviewer_app.domain.review import records_totals
from reviewer_app.reports.word_narrative import add_narrative

DRAFT_HEADER = "DRAFT — not signed"
RECORD_NOTE = "A copy of the draft for review and mark-up. The signed PDF is the report of record."
_MUTED = RGBColor(0x59, 0x59, 0x59)
_DRAFT_RED = RGBColor(0x99, 0x1A, 0x1A)

# What Word writes about the program and the editing time: nothing here (see _empty_app_properties).
_APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>'
)


def render_word_draft(content: ReportContent) -> bytes:
    """The draft as .docx bytes (python-docx), marked DRAFT, without author or editing metadata."""
    document = Document()
    _Word(document, content).build()
    _strip_metadata(document, content)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class _Word:
    """Writes one report's content into a Word document, in the PDF's order."""

    def __init__(self, document: WordDocument, content: ReportContent) -> None:
        self.d = document
        self.c = content
        practice = content.practice
        self.accent = RGBColor.from_string((practice.accent if practice else DEFAULT_ACCENT).lstrip("#").upper())
        self.font = font_family(practice.font if practice else "")

    def build(self) -> None:
        c = self.c
        self.styles()
        self.furniture()
        self.letterhead()
        self.paragraph(c.title, bold=True, size=16, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.paragraph(long_date(c.report_date), align=WD_ALIGN_PARAGRAPH.CENTER, color=_MUTED)
        if c.addendum_of is not None:
            original = c.addendum_of
            self.paragraph(
                f"Addendum to the report signed on {long_date(original.signed_on)} (SHA-256 {original.sha256}). "
                "The original report stands except where this addendum says otherwise."
            )
        self.heading("Identification")
        rows = [(row.label, row.value) for row in c.identification]
        self.table(("Item", "Value"), rows, header=False)
        if c.determinations:
            self.heading("Determinations")
            self.table(
                ("Requested service", "Determination", "Approved", "Guideline applied"),
                [
                    (
                        d.requested + (f" (question {d.question_number})" if d.question_number is not None else ""),
                        d.determination,
                        d.approved or "—",
                        d.guideline or "—",
                    )
                    for d in c.determinations
                ],
            )
        for section in c.sections_before:
            self.section(section)
        self.questions()
        self.addendum_changes()
        for section in c.sections_after:
            self.section(section)
        self.records()
        self.key_pages()
        self.attestation()
        self.signature()

    # -- page furniture -------------------------------------------------------------------------------

    def styles(self) -> None:
        normal = self.d.styles["Normal"]
        normal.font.name = self.font
        normal.font.size = Pt(10)
        # East-Asian and complex-script faces too, else Word falls back for names such as "Nguyễn".
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), self.font)
        section = self.d.sections[0]
        section.page_width, section.page_height = Inches(8.5), Inches(11)
        section.left_margin = section.right_margin = Inches(0.95)

    def furniture(self) -> None:
        """Every page's header (claimant, DRAFT, the record note) and footer (reference and form)."""
        c = self.c
        header = self.d.sections[0].header
        line = header.paragraphs[0]
        who = f"{c.claimant_name}  ·  Claim {c.claim_number}" if c.claim_number else c.claimant_name
        _run(line, who + "    ", size=8, color=_MUTED)
        _run(line, DRAFT_HEADER, size=8, bold=True, color=_DRAFT_RED)
        practice = c.practice
        if practice is not None and practice.name:
            _run(header.add_paragraph(), practice.name, size=8, color=self.accent)
        _run(header.add_paragraph(), RECORD_NOTE, size=7.5, italic=True, color=_MUTED)
        footer = self.d.sections[0].footer
        note = f"Reference {c.reference}  ·  {form_in_words(c.form_key, c.form_title)}"
        _run(footer.paragraphs[0], note, size=7, color=_MUTED)

    def letterhead(self) -> None:
        c = self.c
        practice = c.practice
        if practice is not None and not practice.is_empty:
            if practice.logo:
                picture = self.d.add_paragraph()
                picture.add_run().add_picture(io.BytesIO(practice.logo), height=Inches(0.7))
            if practice.name:
                self.paragraph(practice.name, bold=True, size=14, color=self.accent)
            for line in (practice.address, practice.contact_line):
                if line:
                    self.paragraph(line, size=8.5, color=_MUTED)
            self.paragraph(c.letterhead.name_line or "Reviewing physician", bold=True)
            return
        lh = c.letterhead
        self.paragraph(lh.name_line or "Reviewing physician", bold=True, size=14)
        if lh.address:
            self.paragraph(lh.address, size=8.5, color=_MUTED)
        contact = "  ·  ".join(p for p in (lh.phone, lh.email) if p)
        if contact:
            self.paragraph(contact, size=8.5, color=_MUTED)

    # -- building blocks ------------------------------------------------------------------------------

    def paragraph(
        self,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
        color: RGBColor | None = None,
        align: WD_ALIGN_PARAGRAPH | None = None,
    ) -> Paragraph:
        """One paragraph; the physician's line breaks are kept as breaks within it."""
        paragraph = self.d.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        lines = text.strip().replace("\r\n", "\n").split("\n")
        for index, line in enumerate(lines):
            run = _run(paragraph, line, bold=bold, italic=italic, size=size, color=color)
            if index < len(lines) - 1:
                run.add_break()
        return paragraph

    def paragraphs(self, text: str, *, italic: bool = False) -> None:
        """The text's paragraphs (blank lines part them), as the PDF sets them."""
        for block in text.replace("\r\n", "\n").split("\n\n"):
            if block.strip():
                self.paragraph(block, italic=italic)

    def heading(self, text: str, level: int = 1) -> None:
        self.paragraph(text, bold=True, size=12 if level == 1 else 10, color=self.accent if level == 1 else None)

    def table(self, columns: Sequence[str], rows: Iterable[Sequence[str]], *, header: bool = True) -> Table:
        table: Table = self.d.add_table(rows=0, cols=len(columns))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        if header:
            cells = table.add_row().cells  # type: ignore[no-untyped-call]  # untyped in python-docx
            for cell, heading in zip(cells, columns, strict=True):
                _run(cell.paragraphs[0], heading, bold=True, size=8.5)
            _repeat_as_header(table)
        for row in rows:
            cells = table.add_row().cells  # type: ignore[no-untyped-call]  # untyped in python-docx
            for index, cell in enumerate(cells):
                value = row[index] if index < len(row) else ""
                _run(cell.paragraphs[0], value, size=8.5, bold=not header and index == 0)
        self.d.add_paragraph()
        return table

    # -- answers --------------------------------------------------------------------------------------

    def questions(self) -> None:
        if not self.c.questions:
            return
        self.heading("Referral questions and answers")
        for question in self.c.questions:
            self.heading(f"Question {question.number}: {question.topic}", level=2)
            self.paragraphs(question.text, italic=True)
            if not question.answered:
                self.paragraph("Not yet answered.", italic=True, color=_MUTED)
            for part in question.parts:
                if part.heading:
                    paragraph = self.d.add_paragraph()
                    _run(paragraph, "Requested: ", bold=True)
                    _run(paragraph, part.heading)
                self.items(part.items)

    def items(self, items: Iterable[AnswerItem]) -> None:
        for item in items:
            if isinstance(item, TextItem):
                self.text_item(item)
            elif isinstance(item, CitationsItem):
                self.citations_item(item)
            else:
                self.table_item(item)

    def text_item(self, item: TextItem) -> None:
        if is_formatted(item.value):
            self.paragraph(item.label, bold=True)
            add_narrative(self.d, item.value)
        elif len(item.value) > 90 or "\n" in item.value:
            self.paragraph(item.label, bold=True)
            self.paragraphs(plain_text(item.value))
        else:
            paragraph = self.d.add_paragraph()
            _run(paragraph, _colon(item.label) + " ", bold=True)
            _run(paragraph, plain_text(item.value))
        if item.note:
            self.paragraph(item.note, italic=True, size=8.5, color=_MUTED)

    def citations_item(self, item: CitationsItem) -> None:
        if not item.pages:
            return
        if not any(p.note or p.quote for p in item.pages):
            paragraph = self.d.add_paragraph()
            _run(paragraph, _colon(item.label) + " ", bold=True)
            _run(paragraph, "; ".join(p.reference for p in item.pages))
            return
        self.paragraph(item.label, bold=True)
        for page in item.pages:
            self.page_line(page)

    def page_line(self, page: PageReference) -> None:
        paragraph = self.d.add_paragraph(style="List Bullet")
        _run(paragraph, page.reference, bold=True, size=8.5)
        if page.note:
            _run(paragraph, f" — {page.note}", size=8.5)
        if page.quote:
            _run(paragraph, f" “{page.quote}”", italic=True, size=8.5)

    def table_item(self, item: TableItem) -> None:
        if not item.rows:
            return
        self.paragraph(item.label, bold=True)
        self.table(item.columns, item.rows)
        if item.note:
            self.paragraph(item.note, italic=True, size=8.5, color=_MUTED)

    def section(self, section: SectionContent) -> None:
        items = section.items
        self.heading(section.title)
        if len(items) == 1 and isinstance(items[0], TextItem) and items[0].label == section.title:
            self.paragraphs(items[0].value)
            if items[0].note:
                self.paragraph(items[0].note, italic=True, size=8.5, color=_MUTED)
            return
        self.items(items)

    def addendum_changes(self) -> None:
        c = self.c
        original = c.addendum_of
        if original is None or not (c.addendum_new_records or original.changes):
            return
        self.heading("Changes since the original report")
        if c.addendum_new_records:
            self.paragraph("New records reviewed", bold=True)
            for name in c.addendum_new_records:
                self.d.add_paragraph(name, style="List Bullet")
        if original.changes:
            self.paragraph("Changed answers", bold=True)
            self.table(
                ("Answer", "Original report", "This addendum"),
                [(ch.label, ch.before, ch.after) for ch in original.changes],
            )

    # -- records, attestation, signature --------------------------------------------------------------

    def records(self) -> None:
        """As the PDF's "Records reviewed": totals, the chronological table, then the numbered list."""
        c = self.c
        self.heading("Records reviewed")
        self.paragraph(
            records_totals(c.page_counts, len(c.records))
            + " Citations in this report (“Rec. 3, p. 12”) refer to the record numbers in the list "
            "of records received and the page within that record.",
            size=8.5,
        )
        if c.chronology:
            self.table(
                ("Date", "Provider", "Type", "Summary", "Pages"),
                [
                    (
                        row.date + ("\nto verify" if row.unsure else ""),
                        row.provider,
                        row.type,
                        row.summary,
                        "\n".join([row.pages, *(f"copy: {copy}" for copy in row.copies)]),
                    )
                    for row in c.chronology
                ],
            )
            self.heading("Records received", level=2)
        rows = [
            (
                f"Rec. {r.number}",
                r.title + ("\nreceived damaged; read from a repaired copy" if r.repaired else ""),
                r.provider,
                r.dates,
                "" if r.pages is None else str(r.pages),
            )
            for r in c.records
        ]
        self.table(("No.", "Document", "Provider or source", "Dates", "Pages"), rows)

    def key_pages(self) -> None:
        if not self.c.key_pages:
            return
        self.heading("Clinical summary: key pages")
        for key in self.c.key_pages:
            head = f"{key.page.reference} · {key.record_title}"
            if key.record_dates:
                head += f" ({key.record_dates})"
            self.paragraph(head, bold=True, size=8.5)
            if key.page.note:
                self.paragraph(key.page.note)
            if key.page.quote:
                self.paragraph(f"“{key.page.quote}”", italic=True, size=8.5, color=_MUTED)

    def attestation(self) -> None:
        attestation = self.c.attestation
        self.heading("Attestation")
        for statement in attestation.statements:
            self.paragraph(statement)
        for declaration in attestation.declarations:
            self.heading(f"Declaration: {declaration.title}", level=2)
            self.paragraphs(declaration.text)
        self.items(attestation.items)

    def signature(self) -> None:
        c = self.c
        signature = c.signature
        if c.attestation.place_and_date:
            self.paragraph(c.attestation.place_and_date)
        notice = self.d.add_paragraph()
        _run(notice, "DRAFT — not signed. ", bold=True, color=_DRAFT_RED)
        _run(notice, "This report has not been signed and is not a final report. " + RECORD_NOTE)
        self.paragraph(signature.name_line or "Reviewing physician", bold=True, size=8.5)
        if signature.specialties:
            self.paragraph(", ".join(signature.specialties), size=8.5)
        if signature.licences:
            self.paragraph("License: " + "; ".join(signature.licences), size=8.5)
        self.paragraph(f"Date: {long_date(c.report_date)}", size=8.5)


def _run(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    color: RGBColor | None = None,
) -> Run:
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if size is not None:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color
    return run


def _repeat_as_header(table: Table) -> None:
    """The first row repeats on each page the table runs onto, as the PDF's tables do."""
    properties = table.rows[0]._tr.get_or_add_trPr()
    repeat = properties.makeelement(qn("w:tblHeader"), {})
    properties.append(repeat)


def _colon(label: str) -> str:
    return label if label.endswith(("?", ":")) else f"{label}:"


def _strip_metadata(document: WordDocument, content: ReportContent) -> None:
    """No author, editor, revision count, comments, program or editing time in the file."""
    properties = document.core_properties
    properties.author = ""
    properties.last_modified_by = ""
    properties.comments = ""
    properties.keywords = ""
    properties.category = ""
    properties.subject = ""
    properties.title = f"{content.title} (draft): {content.claimant_name}"
    noon = dt.datetime(content.report_date.year, content.report_date.month, content.report_date.day, 12)
    properties.created = properties.modified = noon
    core = properties._element  # revision and last printed have no "empty" value in python-docx
    for name in ("cp:revision", "cp:lastPrinted", "cp:version", "cp:contentStatus"):
        for element in core.findall(qn(name)):
            core.remove(element)
    package = document.part.package
    for rid, relationship in list(package.rels.items()):
        if relationship.reltype == RELATIONSHIP_TYPE.EXTENDED_PROPERTIES:
            relationship.target_part._blob = _APP_XML
        elif relationship.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            package.rels.pop(rid)  # the template's picture, not this report's first page
    settings = document.settings.element  # the template's editing-session ids
    for element in settings.findall(qn("w:rsids")):
        settings.remove(element)


__all__ = ["DRAFT_HEADER", "RECORD_NOTE", "Practice", "render_word_draft"]
