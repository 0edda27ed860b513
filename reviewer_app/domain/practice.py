"""The practice's letterhead: its name, address, logo, accent colour and typeface, for the report's pages.

Kept in a practice file in the data folder (``services.practice``) and edited in the profile dialog;
the PDF and the Word copy both draw it. Only a short list of typefaces is offered, each shipped with
the application, so a report prints the same on every computer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from reviewer_app.domain.errors import InvalidInput

#: The typefaces a letterhead may choose: key -> the family's name (as Word and the PDF know it).
FONTS = {"sans": "DejaVu Sans", "serif": "DejaVu Serif"}
DEFAULT_FONT = "sans"
DEFAULT_ACCENT = "#1F3A5F"  # a dark blue that prints legibly in greyscale
PRACTICE_KEYS = ("name", "address", "phone", "fax", "email", "website", "accent", "font", "logo")
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg"}  # Pillow's name -> the kept copy's suffix
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = (3000, 3000)
_MAX_TEXT = 300  # a practice name or an address line, not a page of text
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class Practice:
    """The practice whose letterhead the report is printed on; ``logo`` is the kept image's bytes."""

    name: str = ""
    address: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    website: str = ""
    accent: str = DEFAULT_ACCENT
    font: str = DEFAULT_FONT
    logo_path: str = ""  # the copy kept in the data folder
    logo: bytes | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.address or self.logo)

    @property
    def contact_line(self) -> str:
        """ "Tel. 555-0100 · Fax 555-0101 · office@example.org" """
        parts = [
            f"Tel. {self.phone}" if self.phone else "",
            f"Fax {self.fax}" if self.fax else "",
            self.email,
            self.website,
        ]
        return "  ·  ".join(part for part in parts if part)

    @property
    def accent_rgb(self) -> tuple[float, float, float]:
        """The accent colour as red, green, blue from 0 to 1."""
        value = self.accent.lstrip("#")
        red, green, blue = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
        return red, green, blue

    def to_json(self) -> dict[str, str]:
        """The practice file's content (the logo by the path of its kept copy)."""
        return {
            "name": self.name,
            "address": self.address,
            "phone": self.phone,
            "fax": self.fax,
            "email": self.email,
            "website": self.website,
            "accent": self.accent,
            "font": self.font,
            "logo": self.logo_path,
        }


def font_family(key: str) -> str:
    """The family name of a letterhead's typeface key (the default for an unknown one)."""
    return FONTS.get(key, FONTS[DEFAULT_FONT])


def logo_problem(image_format: str | None, width: int, height: int) -> str | None:
    """Why an image of this format and size cannot be the practice's logo, or None when it can."""
    if image_format not in LOGO_FORMATS:
        return f"is a {image_format or 'file of an unknown kind'}, not a PNG or JPEG image"
    max_width, max_height = LOGO_MAX_PIXELS
    if width > max_width or height > max_height:
        return f"is {width:,} x {height:,} pixels, more than the {max_width:,} x {max_height:,} a logo may be"
    if width < 1 or height < 1:
        return "has no pixels"
    return None


def practice_from_json(document: Any, base: Practice | None = None) -> Practice:
    """A practice from the practice file's JSON object, over ``base`` for keys it leaves out.

    Raises :class:`InvalidInput` naming every invalid value; nothing is applied then. The logo is
    taken as the path given (``services.practice`` checks and keeps the image).
    """
    if not isinstance(document, dict):
        raise InvalidInput("The practice letterhead must be a JSON object with keys such as name, address, logo.")
    current = (base or Practice()).to_json()
    problems = [
        f"{key}: not a letterhead key (allowed: {', '.join(PRACTICE_KEYS)})"
        for key in document
        if key not in PRACTICE_KEYS
    ]
    values: dict[str, str] = {}
    for key in PRACTICE_KEYS:
        value = document.get(key, current[key])
        if value is None:
            value = ""
        if not isinstance(value, str):
            problems.append(f"{key}: must be text")
            continue
        value = value.strip()
        if len(value) > _MAX_TEXT:
            problems.append(f"{key}: {len(value):,} characters, more than the {_MAX_TEXT} a letterhead line may be")
        values[key] = value
    accent = values.get("accent") or DEFAULT_ACCENT
    if not _COLOUR.match(accent):
        problems.append(f"accent: {accent!r} is not a colour written as #RRGGBB (for example {DEFAULT_ACCENT})")
    font = values.get("font") or DEFAULT_FONT
    if font not in FONTS:
        problems.append(f"font: {font!r} is not one of the typefaces offered ({', '.join(FONTS)})")
    email = values.get("email", "")
    if email and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email):
        problems.append(f"email: {email!r} is not an e-mail address")
    if problems:
        raise InvalidInput("The practice letterhead was not changed:", problems)
    return Practice(
        name=values["name"],
        address=values["address"],
        phone=values["phone"],
        fax=values["fax"],
        email=values["email"],
        website=values["website"],
        accent=accent.upper(),
        font=font,
        logo_path=values["logo"],
    )
