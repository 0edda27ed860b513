"""Text records become viewable PDFs read in pieces: a file of any size takes the memory of a few pages."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from reviewer_app.records import renditions
from reviewer_app.records.renditions import (
    TEXT_LINES_PER_PAGE,
    TEXT_READ_BYTES,
    text_file_to_pdf,
    text_stream_to_pdf,
    text_to_pdf,
)

NAME = "Łukasz Dvořák-Nguyễn"


class EndlessNotes(io.RawIOBase):
    """A text file of ``size`` bytes of typed notes, made as it is read; records every read."""

    LINE = b"Visit note: lumbar strain, improving with physical therapy; modified duty continues.\n"

    def __init__(self, size: int) -> None:
        self.size, self.position, self.read_bytes = size, 0, 0
        self.reads: list[int] = []

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        assert whence == io.SEEK_SET
        self.position = offset
        return offset

    def read(self, size: int = -1) -> bytes:
        self.reads.append(size)
        if size < 0:
            size = self.size - self.position  # the whole file at once: what must never happen
        size = min(size, self.size - self.position)
        self.read_bytes += size
        start = self.position % len(self.LINE)
        data = (self.LINE * (size // len(self.LINE) + 2))[start : start + size]
        self.position += size
        return data

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def pages_text(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def test_a_gigabyte_text_file_is_read_in_pieces_and_stops_at_the_page_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    # The cap is lowered so that the test lays out 40 pages rather than 10,000; the reading is the same.
    monkeypatch.setattr(renditions, "TEXT_PAGE_CAP", 40)
    notes = EndlessNotes(1024**3)
    pages = pages_text(text_stream_to_pdf(notes))

    assert max(notes.reads) <= TEXT_READ_BYTES  # never the whole file (read(-1)), only pieces
    # Decoded once to the end (is it UTF-8?), then laid out only as far as the cap: 40 pages of notes.
    assert notes.read_bytes <= notes.size + 2 * TEXT_READ_BYTES
    assert len(pages) == 41
    assert pages[39].count("Visit note") == TEXT_LINES_PER_PAGE
    last = " ".join(pages[40].split())
    assert "The text file goes on beyond page 40" in last
    assert "not shown, searched or citable" in last


def test_the_rendition_of_a_text_file_larger_than_a_read_holds_its_last_line(tmp_path: Path) -> None:
    lines = [f"Line {number}: follow-up visit, lumbar strain improving" for number in range(1, 20_001)]
    lines[-1] = f"Last line, signed {NAME}"
    note = tmp_path / "note.txt"
    note.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert note.stat().st_size > 3 * TEXT_READ_BYTES

    pages = pages_text(text_file_to_pdf(note))

    assert len(pages) == 20_000 // TEXT_LINES_PER_PAGE + 1
    assert "Line 1:" in pages[0]
    assert f"Last line, signed {NAME}" in pages[-1]


def test_where_the_pieces_are_cut_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Line ends of every kind, a form feed, tabs, control characters and letters of two and three
    # bytes, read 1, 2, 3 and 7 bytes at a time: a CR LF, a letter or a tab stop cut between two
    # reads gives the same pages as the text laid out whole.
    text = f"{NAME}\r\nDate\tof injury\t06/14/2025\rplan:\x00 PT\n\n\fpage two – Nguyễn\t\tx\r\n\n\n"
    note = tmp_path / "note.txt"
    note.write_bytes(text.encode("utf-8"))
    whole = text_to_pdf(text)
    for size in (1, 2, 3, 7):
        monkeypatch.setattr(renditions, "TEXT_READ_BYTES", size)
        assert text_file_to_pdf(note) == whole


def test_a_file_not_utf8_past_its_first_piece_is_read_as_latin1_from_the_start(tmp_path: Path) -> None:
    raw = ("Résumé of care\n" * 16_000).encode("utf-8") + "Fin: réévaluation\n".encode("latin-1")
    note = tmp_path / "legacy.txt"
    note.write_bytes(raw)
    assert len(raw) > TEXT_READ_BYTES

    pdf = text_file_to_pdf(note)
    assert pdf == text_to_pdf(raw.decode("latin-1"))  # every page as Latin-1, the first too
    assert "Fin: réévaluation" in pages_text(pdf)[-1]


def test_a_line_of_a_million_characters_is_wrapped_without_losing_a_word() -> None:
    words = [f"w{number}" for number in range(150_000)]  # over a megabyte, no line end
    pages = pages_text(text_to_pdf(" ".join(words)))
    assert " ".join(pages).split() == words
