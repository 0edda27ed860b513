"""Fonts for the demo renderers: DejaVu when the system has it, built-in faces otherwise."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# Debian/Ubuntu, Fedora and Homebrew-style locations; the first folder holding the
# whole family wins, so regular and bold always come from the same release.
_DEJAVU_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu-sans-fonts"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts/dejavu"),
    Path("/Library/Fonts"),
    Path("C:/Windows/Fonts"),
)
_DEJAVU_FILES = {
    "regular": "DejaVuSans.ttf",
    "bold": "DejaVuSans-Bold.ttf",
    "oblique": "DejaVuSans-Oblique.ttf",
    "mono": "DejaVuSansMono.ttf",
    "mono_bold": "DejaVuSansMono-Bold.ttf",
}


@dataclass(frozen=True)
class FontSet:
    """Font files for Pillow and registered font names for ReportLab.

    ``files`` is empty when DejaVu is missing; ReportLab then uses its base-14 faces
    and Pillow its built-in font, and check boxes are drawn as ``[X]`` since those
    faces have no ballot-box glyphs.
    """

    files: dict[str, Path]
    pdf_regular: str
    pdf_bold: str
    pdf_oblique: str
    pdf_mono: str

    @property
    def has_symbols(self) -> bool:
        """Whether the faces carry the ballot-box glyphs used for form check boxes."""
        return bool(self.files)

    def pil(self, style: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        """A Pillow font of ``style`` (a key of ``_DEJAVU_FILES``) at ``size`` pixels."""
        return _pil_font(self.files.get(style), size)


@lru_cache(maxsize=256)
def _pil_font(path: Path | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if path is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(str(path), size)


def _find_dejavu() -> dict[str, Path]:
    for folder in _DEJAVU_DIRS:
        files = {style: folder / name for style, name in _DEJAVU_FILES.items()}
        if all(path.is_file() for path in files.values()):
            return files
    return {}


@lru_cache(maxsize=1)
def load_fonts() -> FontSet:
    """Find DejaVu and register it with ReportLab once per process."""
    files = _find_dejavu()
    if not files:
        return FontSet({}, "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Courier")
    names = {
        "regular": "DemoSans",
        "bold": "DemoSans-Bold",
        "oblique": "DemoSans-Oblique",
        "mono": "DemoMono",
    }
    for style, name in names.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(files[style])))
    pdfmetrics.registerFontFamily(
        "DemoSans",
        normal="DemoSans",
        bold="DemoSans-Bold",
        italic="DemoSans-Oblique",
        boldItalic="DemoSans-Bold",
    )
    return FontSet(files, names["regular"], names["bold"], names["oblique"], names["mono"])
