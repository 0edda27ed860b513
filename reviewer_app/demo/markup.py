"""The small markup of the demo record texts (see ``resources/demo/README.md``).

Both renderers (text PDF and fax raster) lay out the same blocks, so a record reads
the same whether it arrives as a clean PDF or as a scanned fax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class LetterheadMark:
    """The record's letterhead, drawn at the top of a page."""


@dataclass(frozen=True)
class Title:
    """The document title, centred and bold."""

    text: str


@dataclass(frozen=True)
class Heading:
    """A section heading (level 2) or a sub-heading (level 3)."""

    text: str
    level: int


@dataclass(frozen=True)
class Paragraph:
    """Running text; source lines are joined with spaces."""

    text: str


@dataclass(frozen=True)
class SmallPrint:
    """Fine print (notices, disclaimers)."""

    text: str


@dataclass(frozen=True)
class Bullet:
    """One item of a list: bulleted, or numbered when ``label`` is "1." and so on."""

    text: str
    label: str = "\u2022"


@dataclass(frozen=True)
class Table:
    """A grid; ``header`` says whether the first row is a header row."""

    rows: tuple[tuple[str, ...], ...]
    header: bool


@dataclass(frozen=True)
class Lines:
    """Lines kept as written (addresses, form fields, signature blocks)."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Signature:
    """A handwritten signature mark above the signer's typed name."""


@dataclass(frozen=True)
class Rule:
    """A horizontal line."""


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


Block = (
    LetterheadMark | Title | Heading | Paragraph | SmallPrint | Bullet | Table | Lines | Signature | Rule | PageBreak
)

_TABLE_SEPARATOR = re.compile(r"^\|\s*:?-{3,}")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_NUMBERED = re.compile(r"^(\d{1,2})\.\s+(.*)$")


def parse(text: str) -> list[Block]:
    """Parse a record text into blocks."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    small: list[str] = []
    table: list[tuple[str, ...]] = []
    table_header = False
    fence: list[str] | None = None

    def flush() -> None:
        nonlocal table_header
        if paragraph:
            blocks.append(Paragraph(" ".join(paragraph)))
            paragraph.clear()
        if small:
            blocks.append(SmallPrint(" ".join(small)))
            small.clear()
        if table:
            blocks.append(Table(tuple(table), table_header))
            table.clear()
            table_header = False

    for raw in text.splitlines():
        line = raw.rstrip()
        if fence is not None:
            if line.strip() == "~~~":
                blocks.append(Lines(tuple(fence)))
                fence = None
            else:
                fence.append(line)
            continue
        stripped = line.strip()
        if stripped == "~~~":
            flush()
            fence = []
        elif not stripped:
            flush()
        elif stripped.startswith("|"):
            if paragraph or small:
                flush()
            if _TABLE_SEPARATOR.match(stripped):
                table_header = True
            else:
                cells = stripped.strip("|").split("|")
                table.append(tuple(cell.strip() for cell in cells))
        elif stripped in ("[pagebreak]", "[letterhead]", "[signature]", "---"):
            flush()
            blocks.append(_MARKERS[stripped]())
        elif stripped.startswith("# "):
            flush()
            blocks.append(Title(stripped[2:].strip()))
        elif stripped.startswith("### "):
            flush()
            blocks.append(Heading(stripped[4:].strip(), 3))
        elif stripped.startswith("## "):
            flush()
            blocks.append(Heading(stripped[3:].strip(), 2))
        elif stripped.startswith("- "):
            flush()
            blocks.append(Bullet(stripped[2:].strip()))
        elif numbered := _NUMBERED.match(stripped):
            flush()
            blocks.append(Bullet(numbered.group(2).strip(), f"{numbered.group(1)}."))
        elif stripped.startswith("> "):
            if paragraph or table:
                flush()
            small.append(stripped[2:].strip())
        elif blocks and isinstance(blocks[-1], Bullet) and not paragraph and raw.startswith("  "):
            # An indented line continues the bullet above it.
            last = blocks.pop()
            assert isinstance(last, Bullet)
            blocks.append(Bullet(f"{last.text} {stripped}", last.label))
        else:
            if small or table:
                flush()
            paragraph.append(stripped)
    if fence is not None:
        blocks.append(Lines(tuple(fence)))
    flush()
    return blocks


_MARKERS: dict[str, type[PageBreak | LetterheadMark | Signature | Rule]] = {
    "[pagebreak]": PageBreak,
    "[letterhead]": LetterheadMark,
    "[signature]": Signature,
    "---": Rule,
}


def bold_spans(text: str) -> list[tuple[str, bool]]:
    """Split ``text`` into (segment, is_bold) pieces at ``**bold**`` markers."""
    spans: list[tuple[str, bool]] = []
    position = 0
    for match in _BOLD.finditer(text):
        if match.start() > position:
            spans.append((text[position : match.start()], False))
        spans.append((match.group(1), True))
        position = match.end()
    if position < len(text):
        spans.append((text[position:], False))
    return spans


def checkboxes(text: str, symbols: bool) -> str:
    """Turn ``[x]`` and ``[ ]`` into ballot boxes when the font has them."""
    if not symbols:
        return text.replace("[x]", "[X]")
    return text.replace("[x]", "\u2612").replace("[ ]", "\u2610")
