"""ICD-10-CM diagnosis codes: check, normalise and describe them with ``simple_icd_10_cm``.

The package parses its data file (a few MB of XML, about two seconds) when first imported, so it is
imported only on first use, once, under a lock. Codes are accepted with or without the dot, in any
case, with surrounding spaces: " s39012a " is S39.012A.
"""

from __future__ import annotations

import importlib
import re
import threading
import warnings
from functools import cache
from types import ModuleType

from reviewer_app.domain.errors import InvalidInput

# A letter, a digit, an alphanumeric (the category), then up to four alphanumerics after the dot.
_CODE_SHAPE = re.compile(r"[A-Z][0-9][A-Z0-9](?:\.?[A-Z0-9]{1,4})?\.?")
_load_lock = threading.Lock()


class InvalidCodeFormat(InvalidInput, ValueError):
    """Text that is not shaped like an ICD-10-CM code; also a ``ValueError``."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(
            f"{code.strip()!r} is not an ICD-10-CM code: a code is a letter, a digit and a letter or digit, "
            "then up to four letters or digits after the dot, e.g. S39.012A or M51.16."
        )


@cache
def _icd() -> ModuleType:
    """The ``simple_icd_10_cm`` module, imported once (it reads its data file on import)."""
    with _load_lock, warnings.catch_warnings():
        # Version 1.5 reads its data with importlib.resources' deprecated read_text.
        warnings.simplefilter("ignore", DeprecationWarning)
        return importlib.import_module("simple_icd_10_cm")


def normalize(code: str) -> str:
    """The code as printed in the classification: upper case, dot after the third character.

    Only the shape is checked, not that the code exists (see :func:`is_valid_code`):
    ``normalize("s39012a") == "S39.012A"``. Text not shaped like a code raises
    :class:`InvalidCodeFormat` (a ``ValueError``).
    """
    text = code.strip().upper() if isinstance(code, str) else ""
    if not _CODE_SHAPE.fullmatch(text):
        raise InvalidCodeFormat(code if isinstance(code, str) else repr(code))
    bare = text.replace(".", "")
    return bare if len(bare) == 3 else f"{bare[:3]}.{bare[3:]}"


@cache
def _known(normalized: str) -> bool:
    icd = _icd()
    return bool(icd.is_valid_item(normalized)) and not icd.is_chapter_or_block(normalized)


def _known_code(code: str) -> str | None:
    """The normalised code if the classification has it (a category or subcategory), else None."""
    try:
        normalized = normalize(code)
    except InvalidCodeFormat:
        return None
    return normalized if _known(normalized) else None


def is_valid_code(code: str) -> bool:
    """Whether the ICD-10-CM classification has this code (a category or subcategory, billable or not).

    Chapters and blocks ("A00-B99") are not codes. A code that is valid but not billable, because it
    has more specific codes below it (S39.012 needs its 7th character), is still valid here: see
    :func:`is_billable`.
    """
    return _known_code(code) is not None


def is_billable(code: str) -> bool:
    """Whether the code is valid and complete: it has no more specific codes below it (e.g. S39.012A)."""
    normalized = _known_code(code)
    return normalized is not None and bool(_icd().is_leaf(normalized))


@cache
def _description(normalized: str) -> str:
    return str(_icd().get_description(normalized))


def describe(code: str) -> str | None:
    """The classification's description of a valid code, or None for a code it does not have."""
    normalized = _known_code(code)
    return None if normalized is None else _description(normalized)
