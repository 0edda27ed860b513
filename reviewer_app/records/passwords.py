"""PDF passwords as the PDF reader expects them.

PDF 2.0 (ISO 32000-2, 7.6.4.3.3) says an AES-256 (revision 6) password is the SASLprep
(RFC 4013) form of what was typed, encoded in UTF-8. A physician who types "pässwört" on a
keyboard that produces decomposed characters (macOS file names, some input methods) sends
"pa\u0308sswo\u0308rt", which no reader accepts until it is normalised; SASLprep maps it
back to the composed form the document was encrypted with.
"""

from __future__ import annotations

import functools
import importlib
import stringprep
import unicodedata
from collections.abc import Callable
from typing import cast

__all__ = ["password_candidates", "prepare_pdf_password"]


def prepare_pdf_password(password: str) -> str:
    """The SASLprep (RFC 4013, stored-strings profile) form of ``password``.

    A password SASLprep refuses (prohibited characters such as control codes, or mixed
    right-to-left text) is returned unchanged: a document encrypted by software that did
    not apply SASLprep may still open with it, and the reader then says whether it does.
    """
    if not password:
        return password  # SASLprep of nothing is nothing (pyHanko's version indexes data[0])
    try:
        return _saslprep_function()(password)
    except ValueError:
        return password


def password_candidates(password: str) -> list[str]:
    """The passwords worth trying for what the physician typed: as typed, then SASLprep'ed.

    As typed first, because revisions 2 to 4 (RC4 and AES-128) compare the bytes as given;
    the SASLprep form second, for AES-256 documents typed in another normalisation form.
    """
    prepared = prepare_pdf_password(password)
    return [password] if prepared == password else [password, prepared]


@functools.cache
def _saslprep_function() -> Callable[[str], str]:
    # pyHanko ships a maintained SASLprep (derived from PyMongo's). It is a private module,
    # so this is the one place that imports it, lazily: importing pyHanko's crypt package
    # costs a tenth of a second, which a worker process should pay only for locked files.
    try:
        module = importlib.import_module("pyhanko.pdf_utils.crypt._saslprep")
        return cast(Callable[[str], str], module.saslprep)
    except (ImportError, AttributeError):
        return _stdlib_saslprep


def _stdlib_saslprep(data: str) -> str:
    """RFC 4013 SASLprep with the standard library's RFC 3454 tables (stored strings)."""
    # Step 1, map: non-ASCII spaces to SPACE, "commonly mapped to nothing" characters removed.
    mapped = "".join(
        " " if stringprep.in_table_c12(char) else char for char in data if not stringprep.in_table_b1(char)
    )
    # Step 2, normalise with the Unicode version stringprep is defined on.
    normalized = unicodedata.ucd_3_2_0.normalize("NFKC", mapped)
    if not normalized:
        return normalized
    prohibited: list[Callable[[str], bool]] = [
        stringprep.in_table_c12,
        stringprep.in_table_c21_c22,
        stringprep.in_table_c3,
        stringprep.in_table_c4,
        stringprep.in_table_c5,
        stringprep.in_table_c6,
        stringprep.in_table_c7,
        stringprep.in_table_c8,
        stringprep.in_table_c9,
        stringprep.in_table_a1,  # unassigned code points are prohibited in stored strings
    ]
    # Steps 3 and 4, prohibit and check bidirectional text (RFC 3454 section 6).
    if stringprep.in_table_d1(normalized[0]):
        if not stringprep.in_table_d1(normalized[-1]):
            raise ValueError("SASLprep: failed bidirectional check")
        prohibited.append(stringprep.in_table_d2)
    else:
        prohibited.append(stringprep.in_table_d1)
    for char in normalized:
        if any(in_table(char) for in_table in prohibited):
            raise ValueError("SASLprep: failed prohibited character check")
    return normalized
