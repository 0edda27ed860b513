"""The report's tables: light rules, the heading row on every page, long tables a page at a time.

ReportLab's own Table measures every row and copies all the rows left at each page break, and
breaks each cell's text into lines every time the table is measured: fine for a table of a page,
minutes for a records list of 20,000 documents. These keep the work to the rows of each page.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from reviewer_app.reports.fonts import REGULAR
from reviewer_app.reports.page import BOTTOM_MARGIN, RULE, TOP_MARGIN

BODY_HEIGHT = LETTER[1] - TOP_MARGIN - BOTTOM_MARGIN - 12  # a page's frame, less its padding


class Cell(Paragraph):  # type: ignore[misc]  # ReportLab has no type hints
    """A table cell's paragraph, broken into lines once per width.

    ReportLab measures a cell each time its table is measured, split or drawn (five to ten times in
    a long table); the lines of a given width do not change, so they are worked out once.
    """

    _wrapped: tuple[float, tuple[float, float]] | None = None  # the width, and the size at that width

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        # A paragraph's lines depend on the width only; ReportLab passes the height for other flowables.
        if self._wrapped is None or self._wrapped[0] != available_width:
            self._wrapped = (available_width, super().wrap(available_width, available_height))
        return self._wrapped[1]


def light_table(data: list[list[Flowable | str]], widths: Sequence[float], header: bool = True) -> Flowable:
    """A table with light rules; with ``header`` its first row is the heading, repeated on every page."""
    if header and len(data) > _ROWS_AT_ONCE + 1:
        return _LongTable(data[0], data[1:], widths)
    return _table(data, widths, header)


class _Table(Table):  # type: ignore[misc]  # ReportLab has no type hints
    """A table whose row taller than a page (a long text in a cell) is split across pages.

    ReportLab moves a row that does not fit to the next page, and fails the whole report
    (LayoutError) when the row is taller than any page. Such a row alone is split, at a line of its
    texts; the others still move whole.
    """

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(available_width, available_height)
        heading = self._rowHeights[0] if self.repeatRows else 0
        index = 1 if self.repeatRows else 0  # the first row after the heading
        first = self._rowHeights[index] if len(self._rowHeights) > index else 0
        if parts or heading + first <= BODY_HEIGHT:
            return parts
        self.splitInRow = 1
        try:
            parts = super().split(available_width, available_height)
        finally:
            self.splitInRow = 0
        for part in parts:
            part.splitInRow = 0
        return parts


def _table(data: list[list[Flowable | str]], widths: Sequence[float], header: bool) -> Table:
    table = _Table(data, colWidths=list(widths), repeatRows=1 if header else 0, hAlign="LEFT")
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # for plain-text cells: never an unembedded Helvetica
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
    ]
    if header:
        commands += [
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ]
    table.setStyle(TableStyle(commands))
    return table


# Rows laid out at once by a long table: more than a page holds (a row is at least 17 pt high, a
# page's frame 659 pt), so that each table handed to ReportLab is split and its heading row starts
# a page, never the middle of one; and far fewer than a case may list (20,000 records).
_ROWS_AT_ONCE = 50


class _LongTable(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """A table of many rows, laid out a page at a time, its heading row on every page.

    ReportLab's Table measures every row and copies all the rows left each time it is split onto
    a new page: a 20,000-row records list took minutes. This one hands ReportLab a table of the
    next :data:`_ROWS_AT_ONCE` rows only, and keeps the rest for the following pages.
    """

    def __init__(self, heading: list[Flowable | str], rows: list[list[Flowable | str]], widths: Sequence[float]):
        super().__init__()
        self.heading, self.rows, self.widths = heading, rows, widths
        self.hAlign = "LEFT"
        self._next: Table | None = None

    def _next_table(self) -> Table:
        if self._next is None:
            self._next = _table([self.heading, *self.rows[:_ROWS_AT_ONCE]], self.widths, header=True)
        return self._next

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = self._next_table().wrap(available_width, available_height)
        if len(self.rows) > _ROWS_AT_ONCE:  # more follows: taller than any frame, so it is split
            height = max(height, available_height + 1)
        return width, height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        table = self._next_table()
        parts = table.split(available_width, available_height)
        if not parts:
            return []
        # The rows ReportLab left for later (less their heading; the end of a row split across
        # pages among them), then those not handed to it yet.
        following = [*(parts[1]._cellvalues[1:] if len(parts) > 1 else []), *self.rows[_ROWS_AT_ONCE:]]
        if not following:
            return [parts[0]]
        return [parts[0], _LongTable(self.heading, following, self.widths)]

    def draw(self) -> None:  # only the last rows are drawn by this flowable itself, the others once split
        self._next_table().drawOn(self.canv, 0, 0)


class PlainCell(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """A table cell of plain text lines, each in its font, wrapped at spaces (a word too long, anywhere).

    A fraction of a :class:`Cell`'s cost (no markup to parse): a table of thousands of rows, such
    as a long case's chronology, is laid out in about half the time. Never wider than its column,
    so nothing is clipped.
    """

    def __init__(self, parts: Sequence[tuple[str, str]], size: float, leading: float) -> None:
        super().__init__()
        self.parts, self.size, self.leading = parts, size, leading
        self._lines: tuple[float, list[tuple[str, str]]] | None = None

    def lines(self, width: float) -> list[tuple[str, str]]:
        if self._lines is None or self._lines[0] != width:
            out: list[tuple[str, str]] = []
            for text, font in self.parts:
                for line in simpleSplit(text, font, self.size, width) or [""]:
                    out += [(piece, font) for piece in _cut_to_width(line, font, self.size, width)]
            self._lines = (width, out)
        return self._lines[1]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, len(self.lines(available_width)) * self.leading

    def draw(self) -> None:
        lines = self.lines(self.width)
        # One text object for the cell, its first baseline a font size below the cell's top.
        text = self.canv.beginText(0, len(lines) * self.leading - self.size)
        text.setLeading(self.leading)
        font = None
        for line, line_font in lines:
            if line_font != font:
                text.setFont(line_font, self.size, self.leading)
                font = line_font
            text.textLine(line)
        self.canv.drawText(text)


def _cut_to_width(line: str, font: str, size: float, width: float) -> list[str]:
    """A line as it is, or cut into pieces that fit when one word is wider than the column."""
    # simpleSplit's lines fit, but for a single word longer than the column: only those are measured.
    if " " in line or stringWidth(line, font, size) <= width:
        return [line]
    pieces, piece = [], ""
    for char in line:
        if piece and stringWidth(piece + char, font, size) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece]
