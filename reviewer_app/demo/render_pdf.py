"""Rendering a record text as a text PDF, the way a clinic's system prints it."""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from reviewer_app.demo import markup
from reviewer_app.demo.fonts import FontSet
from reviewer_app.demo.sources import RenderSpec, Sender
from reviewer_app.demo.strokes import signature_strokes
from reviewer_app.demo.tables import column_widths

PAGE_WIDTH, PAGE_HEIGHT = LETTER
MARGIN_X = 0.7 * inch
MARGIN_TOP = 0.45 * inch
MARGIN_BOTTOM = 0.75 * inch
LETTERHEAD_HEIGHT = 1.0 * inch
BANNER_HEIGHT = 0.5 * inch
INK_BLUE = colors.HexColor("#1b2a6b")
_SPACE_RUN = re.compile(r"(?:^ +)| {2,}")


def render_text_pdf(blocks: Sequence[markup.Block], spec: RenderSpec, fonts: FontSet) -> bytes:
    """Lay ``blocks`` out on Letter pages with letterhead, running header and page numbers."""
    out = io.BytesIO()
    # Letters have no title block; an empty title beats a file name in a viewer.
    title = next((b.text for b in blocks if isinstance(b, markup.Title)), "")
    sender = spec.sender
    doc = BaseDocTemplate(
        out,
        pagesize=LETTER,
        title=title.replace("**", ""),
        author=sender.name if sender else "",
        creator=sender.name if sender else "",
        subject="",
        invariant=1,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
    )
    width = PAGE_WIDTH - 2 * MARGIN_X

    def frame(top_space: float) -> Frame:
        height = PAGE_HEIGHT - MARGIN_TOP - top_space - MARGIN_BOTTOM
        return Frame(MARGIN_X, MARGIN_BOTTOM, width, height, 0, 0, 0, 0)

    def draw_letterhead(canvas: Canvas, _doc: Any) -> None:
        if sender is not None:
            _draw_letterhead(canvas, sender, fonts)

    def draw_banner(canvas: Canvas, _doc: Any) -> None:
        _draw_banner(canvas, sender, spec.header, fonts)

    letterhead = PageTemplate(
        "letterhead", [frame(LETTERHEAD_HEIGHT)], onPage=draw_letterhead, autoNextPageTemplate="banner"
    )
    banner = PageTemplate("banner", [frame(BANNER_HEIGHT)], onPage=draw_banner)
    starts_with_letterhead = bool(blocks) and isinstance(blocks[0], markup.LetterheadMark)
    doc.addPageTemplates([letterhead, banner] if starts_with_letterhead else [banner, letterhead])
    story = _story(blocks, _Styles(fonts, sender), width, spec.source, fonts)
    doc.build(story, canvasmaker=_numbered_canvas(fonts, sender.footer if sender else ""))
    return out.getvalue()


class _Styles:
    """The paragraph styles of one document (headings take the sender's colour)."""

    def __init__(self, fonts: FontSet, sender: Sender | None) -> None:
        accent = colors.HexColor(sender.accent) if sender else colors.black
        self.body = ParagraphStyle("body", fontName=fonts.pdf_regular, fontSize=9.5, leading=12.6, spaceAfter=4.5)
        self.title = ParagraphStyle(
            "title",
            parent=self.body,
            fontName=fonts.pdf_bold,
            fontSize=12.5,
            leading=15.5,
            alignment=TA_CENTER,
            spaceBefore=2,
            spaceAfter=8,
        )
        self.h2 = ParagraphStyle(
            "h2",
            parent=self.body,
            fontName=fonts.pdf_bold,
            fontSize=10,
            leading=13,
            textColor=accent,
            spaceBefore=7,
            spaceAfter=3,
            keepWithNext=1,
        )
        self.h3 = ParagraphStyle(
            "h3", parent=self.body, fontName=fonts.pdf_bold, spaceBefore=3, spaceAfter=2, keepWithNext=1
        )
        # Bullets and list numbers default to Helvetica, which is not embedded: set them in DejaVu too.
        self.bullet = ParagraphStyle(
            "bullet", parent=self.body, leftIndent=14, bulletIndent=4, spaceAfter=2, bulletFontName=fonts.pdf_regular
        )
        self.numbered = ParagraphStyle("numbered", parent=self.bullet, leftIndent=18, bulletIndent=2, spaceAfter=3)
        self.small = ParagraphStyle(
            "small", parent=self.body, fontSize=7.3, leading=9, textColor=colors.HexColor("#444444")
        )
        self.lines = ParagraphStyle("lines", parent=self.body, spaceAfter=0)
        self.cell = ParagraphStyle("cell", parent=self.body, fontSize=8.6, leading=10.6, spaceAfter=0)
        self.cell_bold = ParagraphStyle("cell_bold", parent=self.cell, fontName=fonts.pdf_bold)


def _inline(text: str, fonts: FontSet) -> str:
    """Paragraph markup for a line of source text: escaped, with bold and check boxes."""
    text = markup.checkboxes(text, fonts.has_symbols)
    return "".join(
        f"<b>{escape(segment)}</b>" if is_bold else escape(segment) for segment, is_bold in markup.bold_spans(text)
    )


def _story(
    blocks: Sequence[markup.Block], styles: _Styles, width: float, source: str, fonts: FontSet
) -> list[Flowable]:
    story: list[Flowable] = []
    previous: markup.Block | None = None
    for index, block in enumerate(blocks):
        if isinstance(previous, markup.Bullet) and not isinstance(block, markup.Bullet):
            story.append(Spacer(1, 4))
        if isinstance(block, markup.LetterheadMark):
            if index > 0 and not isinstance(previous, markup.PageBreak):
                story.extend([NextPageTemplate("letterhead"), PageBreak()])
        elif isinstance(block, markup.PageBreak):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            template = "letterhead" if isinstance(following, markup.LetterheadMark) else "banner"
            story.extend([NextPageTemplate(template), PageBreak()])
        elif isinstance(block, markup.Title):
            story.append(Paragraph(_inline(block.text, fonts), styles.title))
        elif isinstance(block, markup.Heading):
            style = styles.h2 if block.level == 2 else styles.h3
            story.append(Paragraph(_inline(block.text, fonts), style))
        elif isinstance(block, markup.Paragraph):
            story.append(Paragraph(_inline(block.text, fonts), styles.body))
        elif isinstance(block, markup.SmallPrint):
            story.append(Paragraph(_inline(block.text, fonts), styles.small))
        elif isinstance(block, markup.Bullet):
            style = styles.bullet if len(block.label) == 1 else styles.numbered
            story.append(Paragraph(_inline(block.text, fonts), style, bulletText=block.label))
        elif isinstance(block, markup.Table):
            story.append(_table(block, styles, width, fonts))
            story.append(Spacer(1, 6))
        elif isinstance(block, markup.Lines):
            for line in block.lines:
                # Typed forms align with runs of spaces; Paragraph would collapse them.
                text = _SPACE_RUN.sub(lambda m: "&nbsp;" * len(m.group()), _inline(line, fonts))
                story.append(Paragraph(text or "&nbsp;", styles.lines))
            story.append(Spacer(1, 5))
        elif isinstance(block, markup.Signature):
            story.append(_Scribble(zlib.crc32(f"{source}:{index}".encode())))
        elif isinstance(block, markup.Rule):
            story.append(HRFlowable(width="100%", thickness=0.6, color=colors.grey, spaceBefore=3, spaceAfter=5))
        previous = block
    return story


def _table(block: markup.Table, styles: _Styles, width: float, fonts: FontSet) -> Table:
    columns = max(len(row) for row in block.rows)
    pad = 3.5

    def measure(text: str) -> float:
        # Bold is the wider face; measuring with it keeps bold labels on one line.
        plain = markup.checkboxes(text, fonts.has_symbols).replace("**", "")
        return float(pdfmetrics.stringWidth(plain, fonts.pdf_bold, styles.cell.fontSize))

    col_widths = column_widths(block.rows, measure, width, pad)
    data = []
    for r, row in enumerate(block.rows):
        cells = []
        for c in range(columns):
            text = row[c] if c < len(row) else ""
            header = block.header and r == 0
            label = not block.header and text.endswith((":", "?"))
            style = styles.cell_bold if header or label else styles.cell
            cells.append(Paragraph(_inline(text, fonts), style))
        data.append(cells)
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#8a8a8a")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.6),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
    ]
    if block.header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6ebf0")))
    table = Table(data, colWidths=col_widths, repeatRows=1 if block.header else 0, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


class _Scribble(Flowable):  # type: ignore[misc]
    """A pen signature: a few overlapping loops, the same for the same seed."""

    def __init__(self, seed: int) -> None:
        super().__init__()
        self.seed = seed
        self.width = 2.2 * inch
        self.height = 0.42 * inch

    def draw(self) -> None:
        self.canv.setStrokeColor(INK_BLUE)
        self.canv.setLineWidth(1.0)
        self.canv.setLineCap(1)
        self.canv.setLineJoin(1)
        for stroke in signature_strokes(self.seed, self.width, self.height):
            path = self.canv.beginPath()
            path.moveTo(*stroke[0])
            for point in stroke[1:]:
                path.lineTo(*point)
            self.canv.drawPath(path, stroke=1, fill=0)


def _draw_letterhead(canvas: Canvas, sender: Sender, fonts: FontSet) -> None:
    accent = colors.HexColor(sender.accent)
    top = PAGE_HEIGHT - MARGIN_TOP
    right = PAGE_WIDTH - MARGIN_X
    canvas.saveState()
    if sender.style == "centered":
        canvas.setFillColor(colors.black)
        canvas.setFont(fonts.pdf_bold, 12)
        canvas.drawCentredString(PAGE_WIDTH / 2, top - 14, sender.name)
        canvas.setFont(fonts.pdf_regular, 8.5)
        lines = [sender.tagline, *sender.address]
        for i, line in enumerate(line for line in lines if line):
            canvas.drawCentredString(PAGE_WIDTH / 2, top - 27 - i * 10.5, line)
    else:
        size = 0.56 * inch
        canvas.setFillColor(accent)
        canvas.roundRect(MARGIN_X, top - size, size, size, 6, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        initials = sender.initials or sender.name[:2].upper()
        canvas.setFont(fonts.pdf_bold, 15 if len(initials) <= 2 else 11.5)
        canvas.drawCentredString(MARGIN_X + size / 2, top - size / 2 - 5, initials)
        contact = [*sender.address]
        if sender.phone:
            contact.append(f"Tel {sender.phone}")
        if sender.fax:
            contact.append(f"Fax {sender.fax}")
        contact_width = max((pdfmetrics.stringWidth(line, fonts.pdf_regular, 7.8) for line in contact), default=0)
        # Long names shrink rather than run into the contact block.
        room = right - contact_width - 14 - (MARGIN_X + size + 10)
        name_size = min(14.5, 14.5 * room / pdfmetrics.stringWidth(sender.name, fonts.pdf_bold, 14.5))
        canvas.setFillColor(accent)
        canvas.setFont(fonts.pdf_bold, name_size)
        canvas.drawString(MARGIN_X + size + 10, top - 17, sender.name)
        canvas.setFillColor(colors.HexColor("#505050"))
        canvas.setFont(fonts.pdf_oblique, 8.5)
        canvas.drawString(MARGIN_X + size + 10, top - 31, sender.tagline)
        canvas.setFont(fonts.pdf_regular, 7.8)
        for i, line in enumerate(contact):
            canvas.drawRightString(right, top - 8 - i * 9.6, line)
    canvas.setStrokeColor(accent)
    canvas.setLineWidth(1.3)
    rule_y = PAGE_HEIGHT - MARGIN_TOP - LETTERHEAD_HEIGHT + 12
    canvas.line(MARGIN_X, rule_y, right, rule_y)
    canvas.restoreState()


def _draw_banner(canvas: Canvas, sender: Sender | None, header: str, fonts: FontSet) -> None:
    top = PAGE_HEIGHT - MARGIN_TOP
    right = PAGE_WIDTH - MARGIN_X
    canvas.saveState()
    canvas.setFont(fonts.pdf_bold, 8.5)
    if sender is not None:
        canvas.setFillColor(colors.HexColor(sender.accent))
        canvas.drawString(MARGIN_X, top - 10, sender.name)
    canvas.setFillColor(colors.black)
    canvas.setFont(fonts.pdf_regular, 8)
    canvas.drawRightString(right, top - 10, header)
    canvas.setStrokeColor(colors.HexColor("#9a9a9a"))
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN_X, top - 17, right, top - 17)
    canvas.restoreState()


def _numbered_canvas(fonts: FontSet, footer: str) -> type[Canvas]:
    """A canvas class that prints "Page n of N", which needs the page total at the end."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            y = MARGIN_BOTTOM - 0.38 * inch
            self.saveState()
            self.setStrokeColor(colors.HexColor("#9a9a9a"))
            self.setLineWidth(0.5)
            self.line(MARGIN_X, y + 11, PAGE_WIDTH - MARGIN_X, y + 11)
            self.setFont(fonts.pdf_regular, 7.3)
            self.setFillColor(colors.HexColor("#444444"))
            self.drawString(MARGIN_X, y, footer)
            self.drawRightString(PAGE_WIDTH - MARGIN_X, y, f"Page {self._pageNumber} of {total}")
            self.restoreState()

    return NumberedCanvas
