"""Viewable PDFs for record files that are not readable PDFs themselves.

Every record is shown, searched and cited as a PDF. A readable PDF is its own viewable
PDF; anything else gets a *rendition* stored beside the original, which is never changed:

- an image (PNG, JPEG, a multi-page fax TIFF) becomes an image-only PDF, one page per
  frame, the image data copied losslessly (img2pdf) and the page as large as the paper
  was (the image's dpi; 200 dpi, a fax's fine mode, when it gives none);
- a plain-text file becomes a text PDF (letter pages, 60 lines each, a monospaced Unicode
  font) whose text can be extracted, searched and quoted like any other record's; the file is
  read and laid out in pieces, never whole, and the PDF stops at :data:`TEXT_PAGE_CAP` pages;
- a password-protected PDF, once the physician gives its password, becomes a decrypted copy;
- a damaged PDF that PDFium refuses and qpdf can reconstruct becomes a repaired copy
  (:func:`repair_pdf`, in ``records.repair``), and the record is marked "repaired".

OCR'd text is later laid over scanned pages with :func:`add_text_layers`.
"""

from __future__ import annotations

import codecs
import functools
import io
import re
import textwrap
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Final, Literal

import img2pdf  # type: ignore[import-untyped]  # no type hints; pyproject's mypy overrides could list it
import pikepdf
from PIL import Image, ImageSequence, UnidentifiedImageError
from reportlab.lib.pagesizes import letter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from reviewer_app.domain.case import MediaType
from reviewer_app.domain.errors import ReviewerError
from reviewer_app.records.passwords import password_candidates
from reviewer_app.records.repair import RepairFailed, repair_pdf
from reviewer_app.resources import resource_path

__all__ = [
    "DEFAULT_IMAGE_DPI",
    "TEXT_LINES_PER_PAGE",
    "TEXT_PAGE_CAP",
    "RenditionFailed",
    "RepairFailed",
    "ViewableSource",
    "WrongPassword",
    "add_text_layers",
    "decrypt_pdf",
    "image_to_pdf",
    "make_rendition",
    "repair_pdf",
    "text_file_to_pdf",
    "text_stream_to_pdf",
    "text_to_pdf",
    "viewable_source",
]

ViewableSource = Literal["original", "image", "text"]

DEFAULT_IMAGE_DPI: Final = 200.0  # fax "fine" mode, and a fair guess for a scan that does not say
TEXT_LINES_PER_PAGE: Final = 60
# A text rendition stops after this many pages (600,000 lines, some 50 MB of typed notes, far more
# than any text record holds), so that a text file of gigabytes neither fills the memory nor the
# store; its last page then says that the file goes on.
TEXT_PAGE_CAP: Final = 10_000
TEXT_READ_BYTES: Final = 256 * 1024  # read and laid out at a time
# img2pdf picks pikepdf once it is imported, and pikepdf writes a random /ID: the same image
# would give different renditions depending on what ran before. Its own writer is byte-stable.
_ENGINE: Final = img2pdf.Engine.internal
# The faces shipped in resources/fonts, never the system's: a text record looks the same on every machine.
_MONO_FONT_NAME: Final = "DejaVuSansMono"
_SANS_FONT_NAME: Final = "DejaVuSans"
_TEXT_FONT_SIZE: Final = 9.5
_TEXT_MARGIN: Final = 54.0  # 0.75 in
_TAB_SIZE: Final = 8
# C0 controls other than tab, line feed and form feed, and DEL: they have no glyph.
_CONTROL_CHARACTERS: Final = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


class WrongPassword(ReviewerError):
    """The password the physician gave does not open the PDF."""

    def __init__(self, file_name: str) -> None:
        super().__init__(f"The password does not open {file_name}. Check it and enter it again.")


class RenditionFailed(ReviewerError):
    """A record file could not be turned into a viewable PDF; the message says why."""


def viewable_source(media_type: MediaType) -> ViewableSource:
    """Where a record's viewable PDF comes from: the file itself, or a rendition of it.

    A password-protected PDF is "original" here: its decrypted copy is made only when the
    physician gives the password (:func:`decrypt_pdf`). Raises ``ValueError`` for a file of
    unknown type, which has no viewable form.
    """
    if media_type is MediaType.PDF:
        return "original"
    if media_type in (MediaType.PNG, MediaType.JPEG, MediaType.TIFF):
        return "image"
    if media_type is MediaType.TEXT:
        return "text"
    raise ValueError(f"a {media_type.value} file has no viewable PDF")


def make_rendition(path: Path, media_type: MediaType) -> bytes | None:
    """The rendition a record file needs, or None when the file is its own viewable PDF."""
    source = viewable_source(media_type)
    if source == "image":
        return image_to_pdf(path)
    if source == "text":
        return text_file_to_pdf(path)
    return None


# --- images ----------------------------------------------------------------------------------

_Dpi = tuple[float, float]


def image_to_pdf(path: Path) -> bytes:
    """An image-only PDF of a PNG, JPEG or (multi-page) TIFF: one page per frame.

    The image data goes in unchanged where the PDF format allows (JPEG as is, a group 4
    fax as is, PNG deflate data as is), so nothing is lost; the page size is the image's
    pixel size at its dpi, horizontal and vertical apart (a 204 x 196 dpi fax is not
    square), and :data:`DEFAULT_IMAGE_DPI` when the image gives none.
    Raises :class:`RenditionFailed` when the image cannot be read.
    """
    frame_dpis = _frame_dpis(path)
    data = path.read_bytes()
    try:
        return bytes(
            img2pdf.convert(
                data,
                layout_fun=_layout(frame_dpis),
                nodate=True,
                rotation=img2pdf.Rotation.ifvalid,
                engine=_ENGINE,
            )
        )
    except Exception:  # img2pdf refuses some encodings (16-bit alpha, odd TIFF compressions):
        pass  # re-encode each frame with Pillow, which reads them all, and embed that instead
    try:
        frames = _frames_as_png(path)
        return bytes(img2pdf.convert(frames, layout_fun=_layout(frame_dpis), nodate=True, engine=_ENGINE))
    except Exception as exc:
        raise RenditionFailed(f"The image {path.name} could not be converted to PDF ({exc}).") from exc


def _frame_dpis(path: Path) -> list[_Dpi]:
    """Each frame's (horizontal, vertical) dpi, with the default where the image gives none."""
    try:
        with warnings.catch_warnings():
            # A "decompression bomb" is a real risk in received files: refuse it, as inspection does.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                return [_dpi_of(frame.info.get("dpi")) for frame in ImageSequence.Iterator(image)]
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise RenditionFailed(f"The image {path.name} is too large to open safely.") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise RenditionFailed(f"The image {path.name} is damaged ({exc}).") from exc


def _dpi_of(dpi: object) -> _Dpi:
    if isinstance(dpi, tuple) and len(dpi) == 2:
        try:
            horizontal, vertical = float(dpi[0]), float(dpi[1])
        except (TypeError, ValueError):
            return (DEFAULT_IMAGE_DPI, DEFAULT_IMAGE_DPI)
        # Below 10 dpi is "not set" written as 0 or 1 (Pillow's and many scanners' habit),
        # not paper several metres wide.
        if horizontal >= 10 and vertical >= 10:
            return (horizontal, vertical)
    return (DEFAULT_IMAGE_DPI, DEFAULT_IMAGE_DPI)


def _layout(frame_dpis: list[_Dpi]) -> Callable[[int, int, object], tuple[float, float, float, float]]:
    """An img2pdf layout function sizing each page from our reading of its frame's dpi.

    img2pdf calls it once per frame, in order; it would otherwise assume 96 dpi where the
    image gives none, which makes a 1728-pixel fax 18 inches wide.
    """
    remaining = list(frame_dpis)

    def layout(width_px: int, height_px: int, _img2pdf_dpi: object) -> tuple[float, float, float, float]:
        horizontal, vertical = remaining.pop(0) if remaining else (DEFAULT_IMAGE_DPI, DEFAULT_IMAGE_DPI)
        width_pt = width_px * 72.0 / horizontal
        height_pt = height_px * 72.0 / vertical
        return width_pt, height_pt, width_pt, height_pt

    return layout


def _frames_as_png(path: Path) -> list[bytes]:
    frames: list[bytes] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(path) as image:
            for frame in ImageSequence.Iterator(image):
                converted = _flattened(frame)
                output = io.BytesIO()
                converted.save(output, format="PNG")
                frames.append(output.getvalue())
    return frames


def _flattened(frame: Image.Image) -> Image.Image:
    """The frame in a mode PDF images take: bilevel and grey kept, transparency on white."""
    if frame.mode in ("1", "L", "RGB"):
        return frame.copy()
    if frame.mode in ("LA", "RGBA", "PA", "P") or "transparency" in frame.info:
        rgba = frame.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    if frame.mode.startswith("I") or frame.mode == "F":
        # 16- or 32-bit grey: scaled to 8 bits (all a screen shows), not clipped to white.
        grey = frame.convert("I") if frame.mode != "F" else frame
        _, brightest = grey.getextrema()
        if isinstance(brightest, int | float) and brightest > 255:
            scale = 255 / brightest
            grey = grey.point(lambda value: value * scale)
        return grey.convert("L")
    return frame.convert("RGB")


# --- plain text --------------------------------------------------------------------------------


def text_file_to_pdf(path: Path) -> bytes:
    """A text PDF of a plain-text record (UTF-8; Latin-1 when it is not valid UTF-8), read in pieces."""
    with open(path, "rb") as stream:
        return text_stream_to_pdf(stream)


def text_stream_to_pdf(stream: BinaryIO) -> bytes:
    """A text PDF of the text a seekable binary stream holds, as :func:`text_to_pdf` lays it out.

    The stream is read :data:`TEXT_READ_BYTES` at a time and laid out as it is read, never whole:
    a text record of any size takes the memory of a few pages. It is read as UTF-8 (a byte-order
    mark dropped) when all of it is UTF-8, else as Latin-1, in which every byte is a character, so
    a legacy file still shows. At most :data:`TEXT_PAGE_CAP` pages are laid out, then a last page
    says the file goes on.
    """
    start = stream.tell()
    # Checked first, by decoding alone (a second a gigabyte), so that no file is laid out twice.
    encoding = "utf-8-sig" if _all_utf8(stream) else "latin-1"
    stream.seek(start)
    return _text_pdf(_decoded(stream, encoding))


def _all_utf8(stream: BinaryIO) -> bool:
    try:
        for _ in _decoded(stream, "utf-8-sig"):
            pass
    except UnicodeDecodeError:
        return False
    return True


def text_to_pdf(text: str) -> bytes:
    """A text PDF of ``text``: letter pages of 60 lines, long lines wrapped, a form feed
    starting a new page, in DejaVu Sans Mono (shipped with the application).

    Characters the monospaced font lacks (Vietnamese letters such as the "ễ" of Nguyễn)
    are drawn in DejaVu Sans in their column, so names come out whole and searchable.
    The output is the same bytes for the same text (ReportLab's invariant mode), so a
    rendition made twice is stored once.
    """
    return _text_pdf(text[i : i + TEXT_READ_BYTES] for i in range(0, len(text), TEXT_READ_BYTES))


def _decoded(stream: BinaryIO, encoding: str) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder(encoding)()
    while chunk := stream.read(TEXT_READ_BYTES):
        yield decoder.decode(chunk)
    yield decoder.decode(b"", final=True)


def _text_pdf(chunks: Iterable[str]) -> bytes:
    fonts = _text_fonts()
    char_width = pdfmetrics.stringWidth("M", fonts.primary, _TEXT_FONT_SIZE)
    page_width, page_height = letter
    columns = max(20, int((page_width - 2 * _TEXT_MARGIN) / char_width))
    leading = (page_height - 2 * _TEXT_MARGIN) / TEXT_LINES_PER_PAGE
    output = io.BytesIO()
    pdf = canvas.Canvas(output, pagesize=letter, invariant=1, pageCompression=1)
    pdf.setCreator("reviewer_app")
    for number, page_lines in enumerate(_TextPages(columns).pages(chunks), 1):
        if number > TEXT_PAGE_CAP:  # the layout stops here: the rest of the file is not laid out
            page_lines = _beyond_cap_notice(columns)
        # The first baseline sits one line below the top margin.
        y = page_height - _TEXT_MARGIN - _TEXT_FONT_SIZE
        for line in page_lines:
            column = 0
            for font, run in fonts.runs(line):
                pdf.setFont(font, _TEXT_FONT_SIZE)
                if font == fonts.primary:
                    pdf.drawString(_TEXT_MARGIN + column * char_width, y, run)
                else:  # a proportional font: each character at its own column
                    for offset, char in enumerate(run):
                        pdf.drawString(_TEXT_MARGIN + (column + offset) * char_width, y, char)
                column += len(run)
            y -= leading
        pdf.showPage()
        if number > TEXT_PAGE_CAP:
            break
    pdf.save()
    return output.getvalue()


def _beyond_cap_notice(columns: int) -> list[str]:
    notice = (
        f"[The text file goes on beyond page {TEXT_PAGE_CAP:,}. This copy for viewing ends here: what "
        "follows is not shown, searched or citable in Reviewer. The file itself is kept as it was received.]"
    )
    return _wrapped(notice, columns)


class _TextPages:
    """Text read piece by piece, cut into pages of at most :data:`TEXT_LINES_PER_PAGE` display lines.

    The same pages as cutting the whole text would give: line ends made ``\n``, control characters
    dropped, a form feed starting a page, trailing blank lines and one trailing form feed dropped,
    tabs expanded and long lines wrapped. A line longer than :data:`_LONGEST_LINE` characters is
    wrapped a part at a time, so that no line is ever held whole.
    """

    def __init__(self, columns: int) -> None:
        self.columns = columns
        self.page: list[str] = []
        self.line = ""  # the current line so far, tabs expanded
        self.line_column = 0  # its width so far, parts already wrapped included
        self.line_parted = False  # a part of it has been wrapped already
        self.sheet_has_lines = False
        # The run of line ends and form feeds since the last text is held until text follows it:
        # the run at the very end of the file is trimmed. Only its last form feed and the line
        # ends around it are held (counted), the rest is laid out.
        self.held_before = 0  # line ends held before the held form feed (or all of them)
        self.held_form_feed = False
        self.held_after = 0  # line ends held after it

    def pages(self, chunks: Iterable[str]) -> Iterator[list[str]]:
        carried_return = False
        for chunk in chunks:
            if carried_return:
                chunk = "\r" + chunk
            carried_return = chunk.endswith("\r")  # its "\n" may start the next chunk
            if carried_return:
                chunk = chunk[:-1]
            yield from self.feed(_CONTROL_CHARACTERS.sub("", chunk.replace("\r\n", "\n").replace("\r", "\n")))
        if carried_return:
            yield from self.feed("\n")
        # At the end, the held run goes but for the line ends before its form feed: the file's
        # trailing line ends are dropped, then one form feed.
        yield from self.release(self.held_before if self.held_form_feed else 0, False, 0)
        yield from self.end_sheet()

    def feed(self, text: str) -> Iterator[list[str]]:
        for token in _TOKENS.findall(text):
            if token == "\n":
                if self.held_form_feed:
                    self.held_after += 1
                else:
                    self.held_before += 1
            elif token == "\f":
                if self.held_form_feed:
                    yield from self.release(self.held_before, True, self.held_after)
                    self.held_before = self.held_after = 0
                self.held_form_feed = True
            else:
                yield from self.release(self.held_before, self.held_form_feed, self.held_after)
                self.held_before, self.held_form_feed, self.held_after = 0, False, 0
                yield from self.add_text(token)

    def release(self, before: int, form_feed: bool, after: int) -> Iterator[list[str]]:
        for _ in range(before):
            yield from self.end_line()
        if form_feed:
            yield from self.end_sheet()
            for _ in range(after):
                yield from self.end_line()

    def add_text(self, text: str) -> Iterator[list[str]]:
        offset = self.line_column % _TAB_SIZE
        expanded = ("x" * offset + text).expandtabs(_TAB_SIZE)[offset:] if "\t" in text else text
        self.line += expanded
        self.line_column += len(expanded)
        while len(self.line) > _LONGEST_LINE:
            # Cut after a space in the second half of the part, so that no word is cut and no space is lost.
            cut = self.line.rfind(" ", _LONGEST_LINE // 2, _LONGEST_LINE) + 1 or _LONGEST_LINE
            part, self.line = self.line[:cut], self.line[cut:]
            self.line_parted = True
            yield from self.add_lines(_wrapped(part, self.columns))

    def end_line(self) -> Iterator[list[str]]:
        if not (self.line_parted and not self.line):
            yield from self.add_lines(_wrapped(self.line, self.columns))
        self.sheet_has_lines = True
        self.line, self.line_column, self.line_parted = "", 0, False

    def end_sheet(self) -> Iterator[list[str]]:
        # The sheet's last line has no line end (and is not all wrapped already), or the sheet is
        # empty: one blank line.
        if self.line or not (self.line_parted or self.sheet_has_lines):
            yield from self.add_lines(_wrapped(self.line, self.columns))
        self.line, self.line_column, self.line_parted = "", 0, False
        self.sheet_has_lines = False
        if self.page:  # a sheet ending on a full page has yielded it already
            yield self.page
        self.page = []

    def add_lines(self, lines: list[str]) -> Iterator[list[str]]:
        for line in lines:
            self.page.append(line)
            if len(self.page) == TEXT_LINES_PER_PAGE:
                yield self.page
                self.page = []


# Text, a line end or a form feed.
_TOKENS: Final = re.compile("[^\n\f]+|\n|\f")
# Longer lines are wrapped a part at a time (about 30 pages of one line).
_LONGEST_LINE: Final = 100_000


def _wrapped(line: str, columns: int) -> list[str]:
    if len(line) <= columns:
        return [line.rstrip()]
    # Break at spaces where possible; a word longer than a line is cut.
    return textwrap.wrap(line, width=columns, replace_whitespace=False, break_on_hyphens=False) or [""]


@dataclass(frozen=True)
class _TextFonts:
    """The monospaced font, and a fallback for the characters it lacks."""

    primary: str
    primary_chars: frozenset[int] | None  # None: a base-14 font, no character list to consult
    fallback: str | None = None
    fallback_chars: frozenset[int] = frozenset()

    def runs(self, line: str) -> list[tuple[str, str]]:
        """The line cut into runs of characters drawn with the same font."""
        if self.primary_chars is None or self.fallback is None or line.isascii():
            return [(self.primary, line)] if line else []
        runs: list[tuple[str, str]] = []
        for char in line:
            code = ord(char)
            font = (
                self.fallback
                if code not in self.primary_chars and code in self.fallback_chars
                else self.primary  # in the primary font, or in neither: its missing-glyph box
            )
            if runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + char)
            else:
                runs.append((font, char))
        return runs


@functools.cache
def _text_fonts() -> _TextFonts:
    primary = TTFont(_MONO_FONT_NAME, str(resource_path("fonts", "DejaVuSansMono.ttf")))
    pdfmetrics.registerFont(primary)
    fallback = TTFont(_SANS_FONT_NAME, str(resource_path("fonts", "DejaVuSans.ttf")))
    pdfmetrics.registerFont(fallback)
    return _TextFonts(
        _MONO_FONT_NAME, frozenset(primary.face.charToGlyph), _SANS_FONT_NAME, frozenset(fallback.face.charToGlyph)
    )


# --- encrypted PDFs and OCR'd pages ------------------------------------------------------------


def decrypt_pdf(path: Path, password: str) -> bytes:
    """A decrypted copy of a password-protected PDF, opening without a password.

    The password is tried as typed and in its SASLprep form (AES-256 documents).
    Raises :class:`WrongPassword` when neither opens it and :class:`RenditionFailed`
    when the PDF is too damaged to copy.
    """
    with _open_pdf(path, password) as pdf:
        return _save(pdf)


#: Resource-name prefix of the OCR text layers laid over scanned pages; a page holding one is not laid over again.
TEXT_LAYER_PREFIX = "ReviewerOcrText"


def add_text_layers(pdf_path: Path, layers: dict[int, bytes], password: str | None = None) -> bytes:
    """A copy of the PDF with OCR'd text laid invisibly over some of its pages.

    ``layers`` maps 0-based page indexes to one-page PDFs of invisible text (Tesseract's
    ``textonly_pdf``) the size of the page as displayed. Each page keeps its own content (the
    fax image as received, in colour and at its resolution); the text goes over it, placed
    through the page's crop box and rotation so that search hits fall on the words. A page
    that already carries a layer is left as it is, so laying the same layers twice changes
    nothing. Page count, order and identity are unchanged. An encrypted PDF needs its
    password; the copy is decrypted. Raises ``ValueError`` for an index out of range or a
    layer that is not exactly one page, :class:`WrongPassword` and :class:`RenditionFailed`
    as :func:`decrypt_pdf` does.
    """
    with _open_pdf(pdf_path, password or "") as pdf:
        page_count = len(pdf.pages)
        for index in layers:
            if not 0 <= index < page_count:
                raise ValueError(f"page index {index} is outside the document's {page_count} pages")
        sources: list[pikepdf.Pdf] = []
        try:
            for index, layer_pdf in sorted(layers.items()):
                source = pikepdf.open(io.BytesIO(layer_pdf))
                sources.append(source)
                if len(source.pages) != 1:
                    raise ValueError(f"the text layer for page {index} has {len(source.pages)} pages, not 1")
                page = pdf.pages[index]
                if _has_text_layer(page):
                    continue
                layer = pdf.copy_foreign(source.pages[0].as_form_xobject())
                name = page.add_resource(layer, pikepdf.Name.XObject, prefix=TEXT_LAYER_PREFIX)
                # The page's own drawing is closed in q/Q so that what it leaves of the graphics state
                # cannot move the layer; the placement undoes the page's rotation, as a viewer applies it.
                placement = page.calc_form_xobject_placement(
                    layer, name, pikepdf.Rectangle(page.cropbox), allow_shrink=True, allow_expand=True
                )
                page.contents_add(b"q\n", prepend=True)
                page.contents_add(b"Q\n" + placement, prepend=False)
                page.contents_coalesce()
            return _save(pdf)
        finally:
            for source in sources:
                source.close()


def _has_text_layer(page: pikepdf.Page) -> bool:
    resources = page.obj.get(pikepdf.Name.Resources)
    xobjects = resources.get(pikepdf.Name.XObject) if resources is not None else None
    return xobjects is not None and any(str(key).startswith(f"/{TEXT_LAYER_PREFIX}") for key in xobjects)


def _open_pdf(path: Path, password: str) -> pikepdf.Pdf:
    candidates = password_candidates(password) if password else [""]
    for candidate in candidates:
        try:
            return pikepdf.open(path, password=candidate)
        except pikepdf.PasswordError:
            continue
        except (pikepdf.PdfError, OSError) as exc:
            raise RenditionFailed(f"The PDF {path.name} could not be read ({exc}).") from exc
    raise WrongPassword(path.name)


def _save(pdf: pikepdf.Pdf) -> bytes:
    output = io.BytesIO()
    # encryption=False writes no encryption at all; a stable /ID keeps copies byte-identical.
    pdf.save(output, encryption=False, deterministic_id=True)
    return output.getvalue()
