"""Faxed and scanned records: page images with a fax header, skew and speckles.

The result has no text layer on purpose: the application must treat these pages as
needing OCR, as it will with real faxes.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence

from PIL import Image, ImageDraw

from reviewer_app.demo import markup
from reviewer_app.demo.fonts import FontSet
from reviewer_app.demo.raster import PageGeometry, rasterize
from reviewer_app.demo.sources import FaxSpec, RenderSpec

# An e-fax server's PDF: 200 dpi square pixels, Letter.
SCAN_GEOMETRY = PageGeometry(width=1700, height=2200, dpi=200)
# A fine-mode fax: 1728 dots across at 204 dpi; lines are 196 per inch, so pages are
# drawn square at 204 dpi and squeezed vertically afterwards.
FAX_GEOMETRY = PageGeometry(width=1728, height=2244, dpi=204)
FAX_DPI = (204, 196)
_THRESHOLD = 150


def render_scanned_pdf(blocks: Sequence[markup.Block], spec: RenderSpec, fonts: FontSet) -> bytes:
    """An image-only PDF: bilevel CCITT G4 pages, as an e-fax service delivers them."""
    fax = _fax(spec)
    pages = rasterize(blocks, spec.sender, fonts, SCAN_GEOMETRY, spec.source)
    images = _transmit(pages, fax, fonts, SCAN_GEOMETRY, None)
    sent = fax.sent.timetuple()
    out = io.BytesIO()
    images[0].save(
        out,
        format="PDF",
        save_all=True,
        append_images=images[1:],
        resolution=float(SCAN_GEOMETRY.dpi),
        # Pillow stamps the current time unless told; a fixed stamp keeps bytes stable.
        creationDate=sent,
        modDate=sent,
        title=None,
    )
    return out.getvalue()


def render_fax_tiff(blocks: Sequence[markup.Block], spec: RenderSpec, fonts: FontSet) -> bytes:
    """A multi-page fax TIFF: mode "1", Group 4, 204 x 196 dpi."""
    fax = _fax(spec)
    pages = rasterize(blocks, spec.sender, fonts, FAX_GEOMETRY, spec.source)
    height = round(FAX_GEOMETRY.height * FAX_DPI[1] / FAX_DPI[0])
    images = _transmit(pages, fax, fonts, FAX_GEOMETRY, (FAX_GEOMETRY.width, height))
    out = io.BytesIO()
    images[0].save(
        out,
        format="TIFF",
        save_all=True,
        append_images=images[1:],
        compression="group4",
        dpi=FAX_DPI,
    )
    return out.getvalue()


def _fax(spec: RenderSpec) -> FaxSpec:
    if spec.fax is None:
        raise ValueError(f"{spec.source}: a faxed record needs fax details")
    return spec.fax


def _transmit(
    pages: list[Image.Image],
    fax: FaxSpec,
    fonts: FontSet,
    geometry: PageGeometry,
    resize_to: tuple[int, int] | None,
) -> list[Image.Image]:
    """What the receiving machine prints: skewed, speckled, bilevel, with a header line."""
    rng = random.Random(fax.seed)
    total = len(pages)
    result = []
    for number, page in enumerate(pages, start=1):
        # The sheet went through the feeder at a slight angle and off-centre.
        angle = rng.choice((-1, 1)) * rng.uniform(0.3, 0.7)
        shift = (rng.randint(-12, 12), rng.randint(-6, 10))
        page = page.rotate(angle, Image.Resampling.BILINEAR, translate=shift, fillcolor=255)
        _speckle(page, rng)
        if resize_to is not None:
            page = page.resize(resize_to, Image.Resampling.BILINEAR)
        _header(page, fax, number, total, fonts, geometry)
        result.append(page.point(lambda v: 255 if v > _THRESHOLD else 0, mode="1"))
    return result


def _speckle(page: Image.Image, rng: random.Random) -> None:
    """Dust and toner specks, denser near the edges where the glass is dirtiest."""
    draw = ImageDraw.Draw(page)
    width, height = page.size
    for _ in range(rng.randint(150, 300)):
        x, y = rng.randrange(width), rng.randrange(height)
        radius = rng.choice((0, 1, 1, 1, 2))
        draw.ellipse((x - radius, y - radius, x + radius + 1, y + radius + 1), fill=0)
    for _ in range(rng.randint(60, 120)):
        edge = rng.choice(("left", "right", "bottom"))
        if edge == "left":
            x, y = rng.randrange(0, 40), rng.randrange(height)
        elif edge == "right":
            x, y = rng.randrange(width - 40, width), rng.randrange(height)
        else:
            x, y = rng.randrange(width), rng.randrange(height - 50, height)
        draw.rectangle((x, y, x + rng.randint(1, 4), y + rng.randint(1, 4)), fill=0)
    # A broken streak where the scanner glass has a scratch, on some pages only.
    if rng.random() < 0.35:
        x = rng.randrange(width // 5, width * 4 // 5)
        y = rng.randrange(0, height // 3)
        while y < height:
            length = rng.randint(15, 160)
            draw.line((x, y, x, y + length), fill=0, width=1)
            y += length + rng.randint(40, 400)


def _header(page: Image.Image, fax: FaxSpec, number: int, total: int, fonts: FontSet, geometry: PageGeometry) -> None:
    """The sending machine's header line, added digitally and so never skewed."""
    draw = ImageDraw.Draw(page)
    font = fonts.pil("mono_bold", geometry.px(8.5))
    width = page.size[0]
    draw.rectangle((0, 0, width, geometry.px(22)), fill=255)
    stamp = fax.sent.strftime("%b-%d-%Y %H:%M").upper()
    left = f"{stamp}   FROM: {fax.from_name}   {fax.from_number}"
    middle = f"TO: {fax.to_number}"
    right = f"PAGE {number}/{total}"
    y = geometry.px(7)
    draw.text((geometry.px(14), y), left, font=font, fill=0)
    draw.text((width * 0.62, y), middle, font=font, fill=0)
    draw.text((width - geometry.px(14) - font.getlength(right), y), right, font=font, fill=0)
