"""The formatted narrative a long-text answer holds: paragraphs, bold, italic, bulleted and numbered lists.

A long-text answer stays a JSON string, so everything that reads answers today (validation, the CLI's
``findings set``/``findings export``, the linters, older data folders) keeps working. The string is a
tiny, documented markup (docs/narrative.md), one line per block:

- ``- text`` is an item of a bulleted list, ``3. text`` an item of a numbered list (its number kept);
  any other line is a line of a paragraph; a blank line ends a paragraph (as plain text always did);
- ``**bold**``, ``*italic*`` and ``***both***`` inside a line; a marker without its closing pair in the
  same line is an asterisk, so "L4-5 * 2" written before formatting existed still reads as typed;
- a backslash keeps the next character literal: ``\\*``, ``\\\\``, and ``\\-`` or ``1\\.`` at a line's start;
  before any other character it is a backslash.

A plain-text answer from an older data folder therefore reads as its paragraphs. Nothing else is
markup: clipboard HTML is reduced to this subset by :func:`narrative_from_html` before it is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from html.parser import HTMLParser


class BlockKind(StrEnum):
    """What a line of the narrative is."""

    LINE = "line"  # a line of a paragraph (an empty one parts paragraphs)
    BULLET = "bullet"
    NUMBERED = "numbered"


@dataclass(frozen=True)
class Run:
    """Text in one style."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Block:
    """One line of the narrative: its kind, its runs and, for a numbered item, its number."""

    kind: BlockKind
    runs: tuple[Run, ...]
    number: int = 0

    @property
    def text(self) -> str:
        """The line's words without any formatting."""
        return "".join(run.text for run in self.runs)


_NUMBERED = re.compile(r"(\d{1,4})\. ")
_SPECIAL = "*\\"
#: What a backslash keeps literal; before anything else it is a backslash ("C:\\path" reads as typed).
_ESCAPABLE = "*\\-."


def parse_narrative(value: str) -> list[Block]:
    """The blocks ``value`` holds, one per line (``\\r\\n`` read as a line break)."""
    blocks: list[Block] = []
    for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.startswith("- "):
            blocks.append(Block(BlockKind.BULLET, parse_runs(line[2:])))
        elif match := _NUMBERED.match(line):
            blocks.append(Block(BlockKind.NUMBERED, parse_runs(line[match.end() :]), int(match.group(1))))
        else:
            blocks.append(Block(BlockKind.LINE, parse_runs(line)))
    return blocks


def parse_runs(line: str) -> tuple[Run, ...]:
    """The styled runs of one line: ``**`` toggles bold and ``*`` italic when a closing pair follows."""
    runs: list[Run] = []
    text: list[str] = []
    bold = italic = False
    i = 0

    def flush() -> None:
        if text:
            runs.append(Run("".join(text), bold, italic))
            text.clear()

    while i < len(line):
        char = line[i]
        if char == "\\" and i + 1 < len(line) and line[i + 1] in _ESCAPABLE:
            text.append(line[i + 1])
            i += 2
            continue
        if char == "*":
            # A run of asterisks toggles styles: * italic, ** bold, *** both (so "*a***b**" is italic
            # a then bold b). A style opens only when a run that closes it follows in the line, and
            # longer runs are asterisks.
            stars = len(line[i:]) - len(line[i:].lstrip("*"))
            to_bold, to_italic = stars in (2, 3), stars in (1, 3)
            opens_ok = (not to_bold or bold or _closes(line, i + stars, 2)) and (
                not to_italic or italic or _closes(line, i + stars, 1)
            )
            if stars <= 3 and opens_ok:
                flush()
                bold, italic = bold != to_bold, italic != to_italic
            else:
                text.append("*" * stars)
            i += stars
            continue
        text.append(char)
        i += 1
    flush()
    return tuple(runs)


def _closes(line: str, start: int, width: int) -> bool:
    """Whether a marker of ``width`` asterisks closes after ``start`` (unescaped), so one here opens."""
    i = start
    while i < len(line):
        if line[i] == "\\" and line[i + 1 : i + 2] in tuple(_ESCAPABLE):
            i += 2
            continue
        if line[i] == "*":
            run = len(line) - len(line[i:].lstrip("*"))
            stars = run - i
            if width == 2 and stars in (2, 3):
                return True
            if width == 1 and stars in (1, 3):
                return True
            i = run
            continue
        i += 1
    return False


def format_narrative(blocks: list[Block]) -> str:
    """The stored form of ``blocks``: the inverse of :func:`parse_narrative` (numbers as given)."""
    lines: list[str] = []
    for block in blocks:
        body = format_runs(block.runs)
        if block.kind is BlockKind.BULLET:
            lines.append(f"- {body}")
        elif block.kind is BlockKind.NUMBERED:
            lines.append(f"{block.number}. {body}")
        elif body.startswith("- ") or _NUMBERED.match(body):
            # A paragraph that begins like a list item keeps being a paragraph.
            lines.append(f"\\{body}" if body.startswith("- ") else _escape_number(body))
        else:
            lines.append(body)
    return "\n".join(lines)


def _escape_number(body: str) -> str:
    match = _NUMBERED.match(body)
    assert match is not None
    return f"{match.group(1)}\\. {body[match.end() :]}"


def format_runs(runs: tuple[Run, ...]) -> str:
    """One line's runs in the markup; literal asterisks and backslashes escaped.

    Markers are written where the style changes (``**`` turns bold on or off, ``*`` italic), so
    "*a***b**" is italic a then bold b; spaces at a run's edges stay outside the markers.
    """
    out: list[str] = []
    bold = italic = False
    pending = ""  # spaces that end the previous run, written after the next change of style
    for run in _merged(runs):
        text = "".join(f"\\{c}" if c in _SPECIAL else c for c in run.text)
        core = text.strip(" ")
        if not core:
            pending += text
            continue
        lead = text[: len(text) - len(text.lstrip(" "))]
        closing = ("**" if bold and not run.bold else "") + ("*" if italic and not run.italic else "")
        opening = ("**" if run.bold and not bold else "") + ("*" if run.italic and not italic else "")
        out.append(closing + pending + opening + lead + core)
        bold, italic, pending = run.bold, run.italic, text[len(text.rstrip(" ")) :]
    out.append(("**" if bold else "") + ("*" if italic else "") + pending)
    return "".join(out)


def _merged(runs: tuple[Run, ...]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        elif run.text:
            merged.append(run)
    return merged


def plain_text(value: str) -> str:
    """The narrative's words without formatting, for the linters, the citations and word counts.

    List items keep a marker ("• ", "3. ") so a list still reads as a list.
    """
    lines: list[str] = []
    for block in parse_narrative(value):
        if block.kind is BlockKind.BULLET:
            lines.append(f"• {block.text}")
        elif block.kind is BlockKind.NUMBERED:
            lines.append(f"{block.number}. {block.text}")
        else:
            lines.append(block.text)
    return "\n".join(lines)


def is_formatted(value: str) -> bool:
    """Whether ``value`` holds any bold, italic or list (else it prints exactly as plain text)."""
    return any(
        block.kind is not BlockKind.LINE or any(r.bold or r.italic for r in block.runs)
        for block in parse_narrative(value)
    )


# -- clipboard HTML, reduced to the subset --

_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "table", "section"}
_DROPPED = {"script", "style", "head", "title", "noscript", "template"}


class _Reducer(HTMLParser):
    """Reads clipboard HTML keeping only words, line breaks, bold, italic and list items."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.runs: list[Run] = []
        self.kind = BlockKind.LINE
        self.number = 0
        self.lists: list[list[int]] = []  # per open list: [is_numbered, next number]
        self.styles: list[tuple[str, bool, bool]] = []  # (tag, bold, italic) per open element
        self.dropped = 0

    def _bold(self) -> bool:
        return any(b for _, b, _ in self.styles)

    def _italic(self) -> bool:
        return any(i for _, _, i in self.styles)

    def end_block(self) -> None:
        text = "".join(r.text for r in self.runs)
        if text.strip() or self.kind is not BlockKind.LINE:
            runs = _trimmed(self.runs)
            self.blocks.append(Block(self.kind, runs, self.number))
        self.runs = []
        self.kind = BlockKind.LINE
        self.number = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self.dropped += 1
            return
        style = " ".join(v or "" for k, v in attrs if k == "style").replace(" ", "").lower()
        bold = (
            tag in ("b", "strong")
            or "font-weight:bold" in style
            or re.search(r"font-weight:[6-9]00", style) is not None
        )
        italic = tag in ("i", "em") or "font-style:italic" in style
        if tag == "br":
            self.end_block()
            return
        if tag in ("ul", "ol"):
            self.end_block()
            self.lists.append([tag == "ol", 1])
        elif tag == "li":
            self.end_block()
            numbered, number = self.lists[-1] if self.lists else [False, 1]
            self.kind = BlockKind.NUMBERED if numbered else BlockKind.BULLET
            if numbered and self.lists:
                self.number = number
                self.lists[-1][1] += 1
        elif tag in _BLOCK_TAGS:
            self.end_block()
        if tag not in ("img", "hr", "meta", "link", "input"):
            self.styles.append((tag, bold, italic))

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.dropped = max(0, self.dropped - 1)
            return
        for index in range(len(self.styles) - 1, -1, -1):
            if self.styles[index][0] == tag:
                del self.styles[index:]
                break
        if tag in ("ul", "ol"):
            self.end_block()
            if self.lists:
                self.lists.pop()
        elif tag == "li" or tag in _BLOCK_TAGS:
            self.end_block()

    def handle_data(self, data: str) -> None:
        if self.dropped:
            return
        text = re.sub(r"\s+", " ", data)
        if text.strip() or (self.runs and text):
            self.runs.append(Run(text, self._bold(), self._italic()))


def _trimmed(runs: list[Run]) -> tuple[Run, ...]:
    out = [r for r in runs if r.text]
    if out:
        out[0] = Run(out[0].text.lstrip(), out[0].bold, out[0].italic)
        out[-1] = Run(out[-1].text.rstrip(), out[-1].bold, out[-1].italic)
    return tuple(r for r in out if r.text)


def narrative_from_html(html: str) -> list[Block]:
    """Clipboard HTML reduced to the narrative's subset: no tags, styles, links or scripts survive."""
    reducer = _Reducer()
    reducer.feed(html)
    reducer.close()
    reducer.end_block()
    return reducer.blocks
