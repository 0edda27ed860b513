"""The reviewing physician's profile: identity, specialties and licences (cli-and-hooks.md keys)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from reviewer_app.domain.errors import InvalidInput

PROFILE_KEYS = (
    "name",
    "credentials",
    "specialties",
    "board_certifications",
    "licenses",
    "npi",
    "address",
    "phone",
    "email",
    "signature_image",
    "conflicts",
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# A scanned handwritten signature is a few hundred KB at most and drawn 2.4 x 0.75 inches on the
# report; anything far beyond is a mistake (or a decompression bomb), refused when the profile is set.
SIGNATURE_IMAGE_MAX_BYTES = 5 * 1024 * 1024
SIGNATURE_IMAGE_MAX_PIXELS = (4000, 2000)  # width, height
SIGNATURE_IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg"}  # Pillow's name -> the kept copy's suffix


def signature_image_problem(image_format: str | None, width: int, height: int) -> str | None:
    """Why an image of this format and size cannot be the signature image, or None when it can."""
    if image_format not in SIGNATURE_IMAGE_FORMATS:
        return f"is a {image_format or 'file of an unknown kind'}, not a PNG or JPEG image"
    max_width, max_height = SIGNATURE_IMAGE_MAX_PIXELS
    if width > max_width or height > max_height:
        return (
            f"is {width:,} x {height:,} pixels, more than the {max_width:,} x {max_height:,} a signature "
            "image may be; scan or export it smaller"
        )
    if width < 1 or height < 1:
        return "has no pixels"
    return None


@dataclass(frozen=True)
class License:
    """A state medical licence."""

    state: str
    number: str
    expires: dt.date | None = None

    def valid_on(self, day: dt.date) -> bool:
        return self.expires is None or self.expires >= day


@dataclass(frozen=True)
class PhysicianProfile:
    name: str = ""
    credentials: str = ""
    specialties: tuple[str, ...] = ()
    board_certifications: tuple[str, ...] = ()
    licenses: tuple[License, ...] = ()
    npi: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    signature_image: str = ""
    conflicts: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.name and not self.specialties and not self.licenses

    def to_json(self) -> dict[str, Any]:
        """The profile as the JSON object that ``reviewer profile set`` takes."""
        document = asdict(self)
        document["specialties"] = list(self.specialties)
        document["board_certifications"] = list(self.board_certifications)
        document["conflicts"] = list(self.conflicts)
        document["licenses"] = [
            {"state": lic.state, "number": lic.number, "expires": lic.expires.isoformat() if lic.expires else None}
            for lic in self.licenses
        ]
        return document


def profile_from_json(document: Any, base: PhysicianProfile | None = None) -> PhysicianProfile:
    """Build a profile from a JSON object, over ``base`` for keys it leaves out.

    Raises :class:`InvalidInput` naming every invalid value; nothing is applied then.
    """
    if not isinstance(document, dict):
        raise InvalidInput("The profile must be a JSON object with keys such as name, specialties, licenses.")
    problems: list[str] = []
    current = (base or PhysicianProfile()).to_json()
    for key in document:
        if key not in PROFILE_KEYS:
            problems.append(f"{key}: not a profile key (allowed: {', '.join(PROFILE_KEYS)})")
    values: dict[str, Any] = {}
    for key in ("name", "credentials", "npi", "address", "phone", "email", "signature_image"):
        value = document.get(key, current[key])
        if value is None:
            value = ""
        if not isinstance(value, str):
            problems.append(f"{key}: must be text")
            continue
        values[key] = value.strip()
    for key in ("specialties", "board_certifications", "conflicts"):
        value = document.get(key, current[key]) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"{key}: must be a list of text")
            continue
        values[key] = tuple(v.strip() for v in value if v.strip())
    licenses = _licenses(document.get("licenses", current["licenses"]) or [], problems)
    npi = values.get("npi", "")
    if npi and not is_valid_npi(npi):
        problems.append(f"npi: {npi!r} is not a valid 10-digit National Provider Identifier")
    email = values.get("email", "")
    if email and not _EMAIL.match(email):
        problems.append(f"email: {email!r} is not an e-mail address")
    if problems:
        raise InvalidInput("The profile was not changed:", problems)
    return PhysicianProfile(licenses=tuple(licenses), **values)


def _licenses(value: Any, problems: list[str]) -> list[License]:
    if not isinstance(value, list):
        problems.append("licenses: must be a list of {state, number, expires}")
        return []
    licenses: list[License] = []
    for index, item in enumerate(value):
        path = f"licenses[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{path}: must be an object with state, number and expires")
            continue
        state = item.get("state")
        number = item.get("number")
        expires_text = item.get("expires")
        if not isinstance(state, str) or not re.fullmatch(r"[A-Za-z]{2}", state.strip()):
            problems.append(f"{path}.state: must be a two-letter state code such as CA")
            continue
        if not isinstance(number, str) or not number.strip():
            problems.append(f"{path}.number: the license number is required")
            continue
        expires: dt.date | None = None
        if expires_text not in (None, ""):
            try:
                expires = dt.date.fromisoformat(str(expires_text))
            except ValueError:
                problems.append(f"{path}.expires: must be a date like 2027-06-30")
                continue
        licenses.append(License(state=state.strip().upper(), number=number.strip(), expires=expires))
    return licenses


def is_valid_npi(npi: str) -> bool:
    """Check an NPI's Luhn check digit (with the 80840 prefix, as CMS specifies)."""
    if not re.fullmatch(r"\d{10}", npi):
        return False
    digits = [int(c) for c in "80840" + npi]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0
