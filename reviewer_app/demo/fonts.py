"""Fonts for the demo renderers: the DejaVu faces shipped in ``resources/fonts``, never system fonts.

System fonts differ between machines (Debian's fonts-dejavu-core has no oblique face, other systems
no DejaVu at all), and a fallback face sets lines at other widths: the demo cases would have other
page counts and other bytes on another computer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from reviewer_app.resources import resource_path

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

    ``files`` maps each style of ``_DEJAVU_FILES`` to its shipped file. The renderers also accept
    a set without files (ReportLab's base-14 faces, Pillow's built-in font, check boxes drawn as
    ``[X]`` for want of ballot-box glyphs), but :func:`load_fonts` never makes one.
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


def _shipped_dejavu() -> dict[str, Path]:
    files = {style: resource_path("fonts", name) for style, name in _DEJAVU_FILES.items()}
    missing = sorted(path.name for path in files.values() if not path.is_file())
    if missing:
        # Only a damaged installation gets here; say what to repair rather than render other pages.
        raise FileNotFoundError(f"the demo fonts are missing from {resource_path('fonts')}: {', '.join(missing)}")
    return files


@lru_cache(maxsize=1)
def load_fonts() -> FontSet:
    """The shipped DejaVu faces, registered with ReportLab once per process."""
    files = _shipped_dejavu()
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
