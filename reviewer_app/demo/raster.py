"""Laying a record text out on page images, as the page looked before it was faxed."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from reviewer_app.demo import markup
from reviewer_app.demo.fonts import FontSet
from reviewer_app.demo.sources import Sender
from reviewer_app.demo.strokes import signature_strokes
from reviewer_app.demo.tables import column_widths

PilFont = ImageFont.FreeTypeFont | ImageFont.ImageFont
Word = tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class PageGeometry:
    """A page in pixels: Letter at the scanner's or fax machine's resolution."""

    width: int
    height: int
    dpi: int

    def px(self, points: float) -> int:
        """Typographic points to pixels."""
        return round(points * self.dpi / 72)


def rasterize(
    blocks: Sequence[markup.Block],
    sender: Sender | None,
    fonts: FontSet,
    geometry: PageGeometry,
    seed_text: str,
) -> list[Image.Image]:
    """Draw ``blocks`` on white grayscale pages (mode "L"), black text."""
    layout = _Layout(geometry, fonts, sender)
    previous: markup.Block | None = None
    for index, block in enumerate(blocks):
        if isinstance(previous, markup.Bullet) and not isinstance(block, markup.Bullet):
            layout.y += geometry.px(4)
        layout.block(block, zlib.crc32(f"{seed_text}:{index}".encode()))
        previous = block
    return layout.pages


class _Layout:
    """A cursor moving down the current page; a new page starts when one is full."""

    def __init__(self, geometry: PageGeometry, fonts: FontSet, sender: Sender | None) -> None:
        self.g = geometry
        self.fonts = fonts
        self.sender = sender
        self.left = geometry.px(54)
        self.right = geometry.width - geometry.px(54)
        # Room at the top for the fax header line, at the bottom for the feed margin.
        self.top = geometry.px(50)
        self.bottom = geometry.height - geometry.px(50)
        self.pages: list[Image.Image] = []
        self.image: Image.Image
        self.draw: ImageDraw.ImageDraw
        self.y = 0
        self._new_page()
        self.body = self._font("regular", 10.5)
        self.bold = self._font("bold", 10.5)

    def _font(self, style: str, points: float) -> PilFont:
        return self.fonts.pil(style, self.g.px(points))

    def _new_page(self) -> None:
        self.image = Image.new("L", (self.g.width, self.g.height), 255)
        self.draw = ImageDraw.Draw(self.image)
        self.pages.append(self.image)
        self.y = self.top

    def _need(self, height: int) -> None:
        if self.y + height > self.bottom and self.y > self.top:
            self._new_page()

    def block(self, block: markup.Block, seed: int) -> None:
        px = self.g.px
        if isinstance(block, markup.PageBreak):
            self._new_page()
        elif isinstance(block, markup.LetterheadMark):
            self._letterhead()
        elif isinstance(block, markup.Title):
            self.y += px(3)
            font = self._font("bold", 12.5)
            self._words(block.text, font, font, px(16), center=True)
            self.y += px(7)
        elif isinstance(block, markup.Heading):
            self.y += px(6 if block.level == 2 else 3)
            self._need(px(40))
            size = 11 if block.level == 2 else 10.5
            font = self._font("bold", size)
            self._words(block.text.upper() if block.level == 2 else block.text, font, font, px(14))
            self.y += px(2)
        elif isinstance(block, markup.Paragraph):
            self._words(block.text, self.body, self.bold, px(13.5))
            self.y += px(5)
        elif isinstance(block, markup.SmallPrint):
            small = self._font("regular", 8)
            self._words(block.text, small, self._font("bold", 8), px(10))
            self.y += px(4)
        elif isinstance(block, markup.Bullet):
            self._need(px(14))
            self.draw.text((self.left + px(4), self.y), block.label, font=self.body, fill=0)
            self._words(block.text, self.body, self.bold, px(13.5), indent=px(18))
            self.y += px(2)
        elif isinstance(block, markup.Table):
            self._table(block)
            self.y += px(6)
        elif isinstance(block, markup.Lines):
            for line in block.lines:
                self._typed_line(line, px(13.5))
            self.y += px(5)
        elif isinstance(block, markup.Signature):
            self._scribble(seed)
        elif isinstance(block, markup.Rule):
            self.y += px(3)
            self.draw.line((self.left, self.y, self.right, self.y), fill=0, width=max(1, px(0.8)))
            self.y += px(6)

    def _tokens(self, text: str) -> list[Word]:
        """Words of ``text``; a word may mix bold and regular pieces ("**5/5**,")."""
        text = markup.checkboxes(text, self.fonts.has_symbols)
        words: list[Word] = []
        glued = False
        for segment, is_bold in markup.bold_spans(text):
            parts = segment.split(" ")
            for i, part in enumerate(parts):
                if i > 0:
                    glued = False
                if not part:
                    continue
                if glued and words:
                    words[-1] = (*words[-1], (part, is_bold))
                else:
                    words.append(((part, is_bold),))
                glued = True
            glued = not segment.endswith(" ")
        return words

    def _length(self, word: Word, regular: PilFont, bold: PilFont) -> float:
        return sum((bold if b else regular).getlength(piece) for piece, b in word)

    def _wrap(self, words: list[Word], regular: PilFont, bold: PilFont, width: int) -> list[list[Word]]:
        space = regular.getlength(" ")
        lines: list[list[Word]] = [[]]
        used = 0.0
        for word in words:
            length = self._length(word, regular, bold)
            if lines[-1] and used + space + length > width:
                lines.append([])
                used = 0.0
            used += (space if lines[-1] else 0) + length
            lines[-1].append(word)
        return lines

    def _draw_word(self, x: float, y: int, word: Word, regular: PilFont, bold: PilFont) -> float:
        for piece, is_bold in word:
            face = bold if is_bold else regular
            self.draw.text((x, y), piece, font=face, fill=0)
            x += face.getlength(piece)
        return x

    def _words(
        self,
        text: str,
        regular: PilFont,
        bold: PilFont,
        leading: int,
        indent: int = 0,
        center: bool = False,
    ) -> None:
        width = self.right - self.left - indent
        space = regular.getlength(" ")
        for line in self._wrap(self._tokens(text), regular, bold, width):
            self._need(leading)
            total = sum(self._length(w, regular, bold) for w in line)
            total += space * max(len(line) - 1, 0)
            x = self.left + indent + ((width - total) / 2 if center else 0)
            for word in line:
                x = self._draw_word(x, self.y, word, regular, bold) + space
            self.y += leading

    def _typed_line(self, line: str, leading: int) -> None:
        """A line as typed, spaces kept; wrapped only when it would run off the page."""
        text = markup.checkboxes(line, self.fonts.has_symbols)
        spans = markup.bold_spans(text)
        length = sum((self.bold if b else self.body).getlength(s) for s, b in spans)
        if length > self.right - self.left:
            self._words(line, self.body, self.bold, leading)
            return
        self._need(leading)
        x: float = self.left
        for segment, is_bold in spans:
            face = self.bold if is_bold else self.body
            self.draw.text((x, self.y), segment, font=face, fill=0)
            x += face.getlength(segment)
        self.y += leading

    def _table(self, table: markup.Table) -> None:
        px = self.g.px
        columns = max(len(row) for row in table.rows)
        font = self._font("regular", 9.5)
        bold = self._font("bold", 9.5)
        leading, pad = px(12), px(3)

        def measure(text: str) -> float:
            plain = markup.checkboxes(text, self.fonts.has_symbols).replace("**", "")
            return float(bold.getlength(plain))

        widths = [int(w) for w in column_widths(table.rows, measure, self.right - self.left, pad)]
        for r, row in enumerate(table.rows):
            cells = []
            for c in range(columns):
                text = row[c] if c < len(row) else ""
                strong = (table.header and r == 0) or (not table.header and text.endswith((":", "?")))
                words = [tuple((piece, strong or b) for piece, b in word) for word in self._tokens(text)]
                cells.append(self._wrap(words, font, bold, widths[c] - 2 * pad))
            height = max(len(lines) for lines in cells) * leading + 2 * pad
            self._need(height)
            x = self.left
            for c, lines in enumerate(cells):
                self.draw.rectangle((x, self.y, x + widths[c], self.y + height), outline=0, width=2)
                y = self.y + pad
                for line in lines:
                    cursor: float = x + pad
                    for word in line:
                        cursor = self._draw_word(cursor, y, word, font, bold) + font.getlength(" ")
                    y += leading
                x += widths[c]
            self.y += height

    def _letterhead(self) -> None:
        if self.sender is None:
            return
        px = self.g.px
        sender = self.sender
        name_font = self._font("bold", 14)
        self._words(sender.name, name_font, name_font, px(17), center=True)
        small = self._font("regular", 8.5)
        if sender.tagline:
            self._words(sender.tagline, small, small, px(11), center=True)
        contact = "  \u00b7  ".join(
            part
            for part in (
                ", ".join(sender.address),
                f"Tel {sender.phone}" if sender.phone else "",
                f"Fax {sender.fax}" if sender.fax else "",
            )
            if part
        )
        self._words(contact, small, small, px(11), center=True)
        self.y += px(3)
        self.draw.line((self.left, self.y, self.right, self.y), fill=0, width=px(1.2))
        self.y += px(9)

    def _scribble(self, seed: int) -> None:
        px = self.g.px
        height = px(30)
        self._need(height + px(4))
        top = self.y
        for stroke in signature_strokes(seed, px(158), height):
            points = [(self.left + x, top + height - y) for x, y in stroke]
            self.draw.line(points, fill=0, width=max(2, px(1.0)), joint="curve")
        self.y += height + px(4)
