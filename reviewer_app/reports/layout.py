"""The report laid out with ReportLab's platypus: letterhead, identification, answers, records, signature.

Only layout lives here; what is printed is decided in ``services.report_content``. Headings are kept with
what follows them, tables repeat their heading row on a new page and use light rules only.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)

from reviewer_app.domain.report import (
    AnswerItem,
    Attestation,
    CitationsItem,
    KeyPage,
    PageReference,
    QuestionAnswer,
    ReportContent,
    SectionContent,
    Signature,
    TableItem,
    TextItem,
    long_date,
)
from reviewer_app.reports.fonts import register_fonts
from reviewer_app.reports.page import (
    BOTTOM_MARGIN,
    PAGE_MARGIN,
    TOP_MARGIN,
    PageFurniture,
    canvas_class,
    draw_watermark,
)
from reviewer_app.reports.records_section import key_pages, records_reviewed
from reviewer_app.reports.styles import Styles as _Styles
from reviewer_app.reports.styles import paragraph_text as _text
from reviewer_app.reports.tables import Cell, light_table

_WIDTH = LETTER[0] - 2 * PAGE_MARGIN
_SHADE = colors.Color(0.95, 0.95, 0.95)
_LONG = 90  # answers longer than this get their label on a line of its own


def _paragraphs(value: str, style: ParagraphStyle) -> list[Flowable]:
    """The text's paragraphs (blank lines part them), each long one in pieces set one under the other."""
    out: list[Flowable] = []
    for block in _blocks(value):
        pieces = _pieces(block)
        joined = _joined(style)
        out += [Paragraph(_text(piece), joined) for piece in pieces[:-1]]
        out.append(Paragraph(_text(pieces[-1]), style))
    return out


def _blocks(value: str) -> list[str]:
    return [b for b in value.replace("\r\n", "\n").split("\n\n") if b.strip()]


# ReportLab breaks a whole paragraph into lines each time it measures or splits it, and a long
# paragraph is measured and split again on every page it runs onto, and kept with what follows it:
# 1,000 questions of 20,000 characters took over three minutes. Cut into pieces of about a third
# of a page, each is broken into lines only a few times, and they take seconds.
_PIECE = 1_500


def _pieces(block: str) -> list[str]:
    """A paragraph in pieces of at most :data:`_PIECE` characters, cut at a line break, else after a
    sentence, else at a space (a piece starts on a new line, so a word is cut only when none is near)."""
    pieces: list[str] = []
    while len(block) > _PIECE:
        window = block[:_PIECE]
        cut = window.rfind("\n") + 1
        if cut < _PIECE // 2:
            cut = max(window.rfind(mark) for mark in (". ", "? ", "! ", "; ")) + 2
        if cut < _PIECE // 2:
            cut = window.rfind(" ") + 1
        if cut < _PIECE // 2:
            cut = _PIECE
        pieces.append(block[:cut])
        block = block[cut:]
    return [*pieces, block]


def _joined(style: ParagraphStyle) -> ParagraphStyle:
    """The style of a piece that the next piece continues: no space after it, not kept with the next."""
    return ParagraphStyle(f"{style.name}_joined", style, spaceAfter=0, keepWithNext=0)


def _column_widths(columns: Sequence[str], rows: Sequence[Sequence[str]], total: float) -> list[float]:
    """Widths by how much each column holds: every column fits its longest word, long texts share the rest."""
    char = 5.6  # about one character (digits, capitals) of 8.5 pt DejaVu Sans
    minimums, weights = [], []
    for index, heading in enumerate(columns):
        cells = [r[index] for r in rows if index < len(r)]
        longest_word = max(len(w) for text in [heading, *cells] for w in (text.split() or [""]))
        minimums.append(min(longest_word, 18) * char + 10)
        weights.append(float(min(max([len(c) for c in cells] + [len(heading)]), 60)))
    if sum(minimums) >= total:
        return [m * total / sum(minimums) for m in minimums]
    spare = total - sum(minimums)
    extra = [max(w * char + 10 - m, 0.0) for w, m in zip(weights, minimums, strict=True)]
    if not sum(extra):
        return [m + spare / len(minimums) for m in minimums]
    return [m + spare * e / sum(extra) for m, e in zip(minimums, extra, strict=True)]


class _Report:
    """Builds the story (the list of flowables) of one report."""

    def __init__(self, content: ReportContent) -> None:
        self.content = content
        self.s = _Styles()

    def story(self) -> list[Flowable]:
        c = self.content
        story: list[Flowable] = [*self.letterhead(), *self.title()]
        story += self.addendum_notice()
        story += self.identification()
        if c.determinations:
            story += self.determinations()
        for section in c.sections_before:
            story += self.section(section)
        story += self.questions(c.questions)
        story += self.addendum_changes()
        for section in c.sections_after:
            story += self.section(section)
        story += self.records()
        if c.key_pages:
            story += self.key_pages(c.key_pages)
        story += self.attestation(c.attestation)
        story.append(self.signature(c.signature))
        story += self.verification()
        return story

    # -- top of the first page ------------------------------------------------------------------------

    def letterhead(self) -> list[Flowable]:
        lh = self.content.letterhead
        out: list[Flowable] = [Paragraph(_text(lh.name_line or "Reviewing physician"), self.s.letterhead_name)]
        if lh.address:
            out.append(Paragraph(_text(lh.address), self.s.letterhead))
        contact = "  ·  ".join(p for p in (lh.phone, lh.email) if p)
        if contact:
            out.append(Paragraph(_text(contact), self.s.letterhead))
        out.append(HRFlowable(width="100%", thickness=0.8, color=colors.black, spaceBefore=6, spaceAfter=4))
        return out

    def title(self) -> list[Flowable]:
        c = self.content
        out: list[Flowable] = [Paragraph(_text(c.title), self.s.title)]
        out.append(Paragraph(_text(long_date(c.report_date)), self.s.subtitle))
        return out

    def addendum_notice(self) -> list[Flowable]:
        original = self.content.addendum_of
        if original is None:
            return []
        text = (
            f"<b>Addendum</b> to the report signed on {escape(long_date(original.signed_on))} "
            f"(SHA-256 <font size='7.5'>{escape(original.sha256)}</font>). "
            "The original report stands except where this addendum says otherwise."
        )
        return [Paragraph(text, self.s.notice)]

    def identification(self) -> list[Flowable]:
        rows = self.content.identification
        half = (len(rows) + 1) // 2
        left, right = rows[:half], rows[half:]
        data: list[list[Flowable | str]] = []
        for index in range(half):
            cells: list[Flowable | str] = []
            for column in (left, right):
                if index < len(column):
                    cells += [
                        Cell(_text(column[index].label), self.s.cell_head),
                        Cell(_text(column[index].value), self.s.cell),
                    ]
                else:
                    cells += ["", ""]
            data.append(cells)
        widths = [0.18 * _WIDTH, 0.32 * _WIDTH, 0.18 * _WIDTH, 0.32 * _WIDTH]
        table = light_table(data, widths, header=False)
        table.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black)]))
        return [self.heading("Identification"), table]

    def heading(self, text: str) -> Paragraph:
        return Paragraph(_text(text), self.s.heading)

    # -- determinations and answers -------------------------------------------------------------------

    def determinations(self) -> list[Flowable]:
        head = ["Requested service", "Determination", "Approved", "Guideline applied"]
        data: list[list[Flowable | str]] = [[Cell(h, self.s.cell_head) for h in head]]
        for row in self.content.determinations:
            requested = row.requested
            if row.question_number is not None:
                requested += f" (question {row.question_number})"
            data.append(
                [
                    Cell(_text(requested), self.s.cell),
                    Cell(f"<b>{_text(row.determination)}</b>", self.s.cell),
                    Cell(_text(row.approved or "—"), self.s.cell),
                    Cell(_text(row.guideline or "—"), self.s.cell),
                ]
            )
        widths = [0.35 * _WIDTH, 0.17 * _WIDTH, 0.2 * _WIDTH, 0.28 * _WIDTH]
        return [self.heading("Determinations"), light_table(data, widths)]

    def questions(self, questions: Sequence[QuestionAnswer]) -> list[Flowable]:
        if not questions:
            return []
        # The heading goes to the next page with its first question when the page has little room left;
        # a break between the two stranded the heading at a page's foot.
        out: list[Flowable] = [CondPageBreak(1.9 * inch), self.heading("Referral questions and answers")]
        for number, question in enumerate(questions):
            if number:
                out.append(CondPageBreak(1.4 * inch))
            out.append(Paragraph(f"Question {question.number}: {_text(question.topic)}", self.s.subheading))
            out += self.question_text(question.text)
            if not question.answered:
                out.append(Paragraph("Not yet answered.", self.s.note))
            for part in question.parts:
                if part.heading:
                    out.append(Paragraph(f"<b>Requested:</b> {_text(part.heading)}", self.s.requested))
                out += self.items(part.items)
        return out

    def question_text(self, text: str) -> list[Flowable]:
        """The question verbatim in its shaded box; a long one in pieces whose shading meets."""
        if len(text) <= _PIECE:
            return [Paragraph(_text(text), self.s.question)]
        pieces = [piece for block in _blocks(text) for piece in _pieces(block)]
        out: list[Flowable] = [Paragraph(_text(piece), self.s.question_joined) for piece in pieces[:-1]]
        out.append(Paragraph(_text(pieces[-1]), self.s.question))
        return out

    def items(self, items: Iterable[AnswerItem]) -> list[Flowable]:
        out: list[Flowable] = []
        for item in items:
            if isinstance(item, TextItem):
                out += self.text_item(item)
            elif isinstance(item, CitationsItem):
                out += self.citations_item(item)
            else:
                out += self.table_item(item)
        return out

    def text_item(self, item: TextItem) -> list[Flowable]:
        out: list[Flowable]
        if len(item.value) > _LONG or "\n" in item.value:
            out = [Paragraph(_text(item.label), self.s.label), *_paragraphs(item.value, self.s.body)]
        else:
            out = [Paragraph(f"<b>{_text(_colon(item.label))}</b> {_text(item.value)}", self.s.body)]
        if item.note:
            out.append(Paragraph(_text(item.note), self.s.note))
        return out

    def page_line(self, page: PageReference) -> str:
        text = f"<b>{escape(page.reference)}</b>"
        if page.note:
            text += f" — {_text(page.note)}"
        if page.quote:
            text += f" <i>“{_text(page.quote)}”</i>"
        return text

    def citations_item(self, item: CitationsItem) -> list[Flowable]:
        if not item.pages:
            return []
        if not any(p.note or p.quote for p in item.pages):
            refs = "; ".join(escape(p.reference) for p in item.pages)
            return [Paragraph(f"<b>{_text(_colon(item.label))}</b> {refs}", self.s.body)]
        lines = [Paragraph(self.page_line(p), self.s.small) for p in item.pages]
        return [Paragraph(_text(item.label), self.s.label), *lines, Spacer(1, 4)]

    def table_item(self, item: TableItem) -> list[Flowable]:
        if not item.rows:
            return []
        widths = _column_widths(item.columns, item.rows, _WIDTH)
        data: list[list[Flowable | str]] = [[Cell(_text(h), self.s.cell_head) for h in item.columns]]
        data += [[Cell(_text(cell), self.s.cell) for cell in row] for row in item.rows]
        table = light_table(data, widths)
        if len(item.rows) <= 6:
            out: list[Flowable] = [Paragraph(_text(item.label), self.s.label), table, Spacer(1, 6)]
        else:  # long tables may split across pages, their heading row repeated
            out = [CondPageBreak(1.2 * inch), Paragraph(_text(item.label), self.s.label_free), table, Spacer(1, 6)]
        if item.note:
            out.append(Paragraph(_text(item.note), self.s.note))
        return out

    def section(self, section: SectionContent) -> list[Flowable]:
        items = section.items
        if len(items) == 1 and isinstance(items[0], TextItem) and items[0].label == section.title:
            # A section that is one text ("Clinical summary"): its heading is its label.
            only = items[0]
            notes = [Paragraph(_text(only.note), self.s.note)] if only.note else []
            return [self.heading(section.title), *_paragraphs(only.value, self.s.body), *notes]
        return [self.heading(section.title), *self.items(items)]

    def addendum_changes(self) -> list[Flowable]:
        c = self.content
        original = c.addendum_of
        if original is None or not (c.addendum_new_records or original.changes):
            return []
        out: list[Flowable] = [self.heading("Changes since the original report")]
        if c.addendum_new_records:
            out.append(Paragraph("New records reviewed", self.s.label))
            out += [Paragraph(f"• {_text(name)}", self.s.small) for name in c.addendum_new_records]
            out.append(Spacer(1, 6))
        if original.changes:
            head = ["Answer", "Original report", "This addendum"]
            data: list[list[Flowable | str]] = [[Cell(h, self.s.cell_head) for h in head]]
            data += [
                [Cell(_text(ch.label), self.s.cell), Cell(_text(ch.before), self.s.cell),
                 Cell(_text(ch.after), self.s.cell)]
                for ch in original.changes
            ]  # fmt: skip
            out += [
                Paragraph("Changed answers", self.s.label),
                light_table(data, [0.24 * _WIDTH, 0.38 * _WIDTH, 0.38 * _WIDTH]),
            ]
        return out

    # -- records --------------------------------------------------------------------------------------

    def records(self) -> list[Flowable]:
        return records_reviewed(self.content, self.s)

    def key_pages(self, pages: Sequence[KeyPage]) -> list[Flowable]:
        return key_pages(pages, self.s)

    # -- attestation and signature --------------------------------------------------------------------

    def attestation(self, attestation: Attestation) -> list[Flowable]:
        out: list[Flowable] = [self.heading("Attestation")]
        out += [Paragraph(_text(s), self.s.body) for s in attestation.statements]
        for declaration in attestation.declarations:
            block: list[Flowable] = [Paragraph(_text(f"Declaration: {declaration.title}"), self.s.subheading)]
            block += _paragraphs(declaration.text, self.s.body)
            out.append(KeepTogether(block))
        out += self.items(attestation.items)
        return out

    def signature(self, signature: Signature) -> Flowable:
        c = self.content
        block: list[Flowable] = []
        place_and_date = c.attestation.place_and_date
        if place_and_date:  # kept on the page of the signature it dates
            block.append(Paragraph(_text(place_and_date), self.s.body))
        block.append(Spacer(1, 14))
        if c.draft:
            block.append(
                Paragraph(
                    "<b>DRAFT — not signed.</b> This report has not been signed and is not a final report.",
                    self.s.notice,
                )
            )
        else:
            if signature.image_png:
                block.append(_signature_image(signature.image_png))
            block.append(HRFlowable(width=2.8 * inch, thickness=0.6, color=colors.black, hAlign="LEFT", spaceAfter=4))
            block.append(
                Paragraph(
                    f"Electronically signed by {_text(signature.name_line)} on {escape(long_date(c.report_date))}",
                    self.s.body,
                )
            )
        block.append(Paragraph(f"<b>{_text(signature.name_line or 'Reviewing physician')}</b>", self.s.small))
        if signature.specialties:
            block.append(Paragraph(_text(", ".join(signature.specialties)), self.s.small))
        if signature.licences:
            block.append(Paragraph(_text("License: " + "; ".join(signature.licences)), self.s.small))
        block.append(Paragraph(f"Date: {escape(long_date(c.report_date))}", self.s.small))
        return KeepTogether(block)

    def verification(self) -> list[Flowable]:
        """How the signed report can be checked, apart from the signature block (which names the physician only)."""
        c = self.content
        if c.draft:
            return []
        out: list[Flowable] = [Spacer(1, 18), Paragraph("Verifying this report", self.s.subheading)]
        out.append(
            Paragraph(
                "This report carries a digital signature. Its integrity and the signer's certificate can be "
                "verified in any PDF reader that shows signatures.",
                self.s.muted,
            )
        )
        if c.history is not None:
            out.append(
                Paragraph(
                    f"Case history at signing: {c.history.events} recorded events; the last is recorded "
                    f"as SHA-256 {c.history.head_sha256}.",
                    self.s.muted,
                )
            )
        return out


def _form_in_words(form_key: str, title: str) -> str:
    """ "peer_review@2" as "Peer review form, version 2": which form the report answers, in words."""
    name, _, version = form_key.partition("@")
    words = title or name.replace("_", " ").strip().capitalize() or "Report"
    return f"{words} form, version {version}" if version else f"{words} form"


def _signature_image(png: bytes) -> Flowable:
    reader = ImageReader(io.BytesIO(png))
    width, height = reader.getSize()
    box_w, box_h = 2.4 * inch, 0.75 * inch
    scale = min(box_w / width, box_h / height)
    image = Image(io.BytesIO(png), width=width * scale, height=height * scale)
    image.hAlign = "LEFT"
    return image


def render_report(content: ReportContent) -> bytes:
    """The report as PDF bytes; the same content always gives the same bytes."""
    register_fonts()
    furniture = PageFurniture(
        left_header=f"{content.claimant_name}  ·  Claim {content.claim_number}"
        if content.claim_number
        else content.claimant_name,
        right_header="DRAFT — not signed" if content.draft else content.title,
        footer_note=f"Reference {content.reference}  ·  {_form_in_words(content.form_key, content.form_title)}",
        draft=content.draft,
        stamp=content.report_date,
    )
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=PAGE_MARGIN,
        rightMargin=PAGE_MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=f"{content.title}: {content.claimant_name}",
        author=content.letterhead.name_line,
        subject=f"Claim {content.claim_number}, reference {content.reference}",
        creator="Reviewer",
        invariant=1,
    )

    def on_page(canvas: Any, doc: Any) -> None:
        if content.draft:
            draw_watermark(canvas, *LETTER)

    story = _Report(content).story()
    document.build(story, onFirstPage=on_page, onLaterPages=on_page, canvasmaker=canvas_class(furniture))
    return buffer.getvalue()


def _colon(label: str) -> str:
    """A label followed by its answer: "Opinion:", but "Does the record support the diagnosis?" as it is."""
    return label if label.endswith(("?", ":")) else f"{label}:"
