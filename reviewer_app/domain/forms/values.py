"""Answers in the physician's words and back: the one place that turns a stored value into text and a typed
cell into a stored value.

The report (``services/report_content.py``) prints values with :func:`display_text`; the table editors show
cells with :func:`display_text` (``with_unit=False``: the heading carries the unit) and read what the
physician typed with :func:`parse_cell`, so a cell shows what the report prints and a date typed the way
US claims files write it (04/20/2026) is stored as the form stores dates (2026-04-20).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from reviewer_app.domain.forms.model import AnswerField, FieldSpec, FieldType, IcdValidator, is_empty_answer
from reviewer_app.domain.forms.validation import validate_value

#: Between the labels of a multi-choice answer; a label may hold a comma ("Simulation (axial loading, rotation)").
MULTI_SEPARATOR = "; "

_YES = ("yes", "y", "true")
_NO = ("no", "n", "false")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ICD10_BARE = re.compile(r"^[A-Z][0-9][0-9A-Z][0-9A-Z]{0,4}$")

CodeDescriber = Callable[[str], str | None]
CodeNormalizer = Callable[[str], str]


# -- single values ----------------------------------------------------------------------------------------


def short_date(day: dt.date) -> str:
    """Dates in tables and the identification block: 03/16/2026, as US claims files write them."""
    return f"{day:%m/%d/%Y}"


def date_text(value: Any) -> str:
    """A stored date (ISO text or a date) as 03/16/2026; text that is no date is shown as it is."""
    if isinstance(value, dt.date):
        return short_date(value)
    day = parse_date(str(value))
    return short_date(day) if day is not None else str(value)


def date_range_text(first: dt.date | None, last: dt.date | None) -> str:
    """A span of dates as the records list prints it: "03/01/2026 to 03/15/2026", one date when they agree."""
    if first and last and first != last:
        return f"{short_date(first)} to {short_date(last)}"
    only = first or last
    return short_date(only) if only else ""


def parse_date(text: str) -> dt.date | None:
    """The date ``text`` spells as 04/20/2026 (month first, as US files write it) or 2026-04-20; else None."""
    text = text.strip()
    us = _US_DATE.match(text)
    iso = _ISO_DATE.match(text)
    try:
        if us:
            return dt.date(int(us.group(3)), int(us.group(1)), int(us.group(2)))
        if iso:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    except ValueError:
        return None  # 02/30/2026: the shape of a date, no real day
    return None


def number_text(value: float | int, unit: str | None = None) -> str:
    """40 → "40", 2.5 → "2.5"; with a unit "40 degrees", "20%" (a percent sign sits on the number)."""
    text = f"{value:g}" if isinstance(value, float) else str(value)
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def parse_number(text: str, unit: str | None = None) -> float | None:
    """The finite number ``text`` spells, allowing the unit after it ("40 degrees", "40°", "20 %"); else None."""
    text = text.strip()
    for suffix in (unit or "", "°", "%"):
        if suffix and text.lower().endswith(suffix.lower()):
            text = text[: -len(suffix)].strip()
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def choice_label(spec: FieldSpec, value: Any) -> str:
    """The words of a choice; plain-text choices ("left", "positive") start with a capital."""
    labels = {c.value: c.label for c in spec.choices}
    label = labels.get(value, str(value))
    return label[:1].upper() + label[1:]


def guideline_text(value: Mapping[str, Any]) -> str:
    """A guideline citation as printed: "ODG, 2026 edition — Low Back: Epidural steroid injections"."""
    source = _text(value.get("source"))
    name = _text(value.get("name"))
    edition = _text(value.get("edition"))
    section = _text(value.get("section"))
    head = source if not name else (name if source in ("plan policy", "other") else f"{source} {name}")
    if edition:
        head += f", {edition}" if not edition[:1].isdigit() else f", {edition} edition"
    return f"{head} — {section}" if section else head


def citation_text(citation: Mapping[str, Any]) -> str:
    """A cited page by its file, as the editor lists it: "records/x.pdf, p. 3 — note" (the report numbers records)."""
    text = f"{citation.get('record')}, p. {citation.get('page')}"
    note = _text(citation.get("note"))
    return f"{text} — {note}" if note else text


def display_text(
    field: FieldSpec | AnswerField, value: Any, *, with_unit: bool = True, describe_code: CodeDescriber | None = None
) -> str:
    """A stored value in the physician's words; empty text for no answer.

    Choices by their labels, numbers with their unit (``with_unit`` False in table cells, whose heading
    carries it), dates as 03/16/2026, yes/no as Yes/No, an ICD-10-CM code with its description when
    ``describe_code`` gives one, a guideline as its citation, cited pages by file and page, a table as its
    number of rows. A value of the wrong kind is shown as it is, never dropped.
    """
    spec = field.spec if isinstance(field, AnswerField) else field
    if is_empty_answer(value):
        return ""
    kind = spec.type
    if kind in (FieldType.TEXT, FieldType.LONG_TEXT):
        return str(value).strip()
    if kind is FieldType.CHOICE:
        return choice_label(spec, value)
    if kind is FieldType.MULTI_CHOICE:
        values = value if isinstance(value, list | tuple) else [value]
        return MULTI_SEPARATOR.join(choice_label(spec, v) for v in values)
    if kind in (FieldType.NUMBER, FieldType.INTEGER):
        if isinstance(value, int | float) and not isinstance(value, bool):
            return number_text(value, spec.unit if with_unit else None)
        return str(value)
    if kind is FieldType.DATE:
        return date_text(value)
    if kind is FieldType.YES_NO:
        return ("Yes" if value else "No") if isinstance(value, bool) else str(value)
    if kind is FieldType.ICD10:
        code = str(value).strip().upper()
        description = describe_code(code) if describe_code is not None else None
        return f"{code} — {description}" if description else code
    if kind is FieldType.GUIDELINE:
        return guideline_text(value) if isinstance(value, Mapping) else str(value)
    if kind is FieldType.CITATIONS:
        items = value if isinstance(value, list) else []
        return "; ".join(citation_text(c) for c in items if isinstance(c, Mapping))
    return f"{len(value)} row(s)" if isinstance(value, list) else str(value)


# -- typed cells ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellReading:
    """What a typed cell holds: the value to store (None for an empty cell) and why it is not acceptable.

    Text that does not convert (a number column holding "forty") stays text, so nothing the physician
    typed is lost; ``problem`` then says what the column expects.
    """

    value: Any
    problem: str | None = None


def parse_cell(
    column: FieldSpec,
    text: str,
    *,
    normalize_code: CodeNormalizer | None = None,
    icd10_valid: IcdValidator | None = None,
) -> CellReading:
    """Read a table cell typed as text by its column's type (the inverse of ``display_text``).

    Numbers may carry their unit ("40°"), whole numbers may be written 4.0, dates 04/20/2026 or
    2026-04-20 (stored as 2026-04-20), yes/no as yes, y, true, no, n, false, choices by label or value in
    any case, several choices separated by ";" (or "," when no label has one). The value is checked
    against the column's bounds and choices: "370" in a 0-360 degrees column reads as 370 with the
    problem "370 degrees is above the maximum 360 degrees". ``normalize_code`` writes an ICD-10-CM code
    as the classification prints it (the domain has no code tables).
    """
    text = text.strip()
    if not text:
        return CellReading(None)
    value = _convert(column, text, normalize_code)
    if value is _UNREAD:
        return CellReading(text, _expected(column, text))
    return CellReading(value, validate_value(column, value, icd10_valid))


_UNREAD: Any = object()  # the text does not spell a value of the column's kind


def _convert(column: FieldSpec, text: str, normalize_code: CodeNormalizer | None) -> Any:
    kind = column.type
    if kind in (FieldType.NUMBER, FieldType.INTEGER):
        number = parse_number(text, column.unit)
        if number is None or (kind is FieldType.INTEGER and not number.is_integer()):
            return _UNREAD
        return int(number) if kind is FieldType.INTEGER else number
    if kind is FieldType.DATE:
        day = parse_date(text)
        return day.isoformat() if day is not None else _UNREAD
    if kind is FieldType.YES_NO:
        lowered = text.lower()
        return True if lowered in _YES else False if lowered in _NO else _UNREAD
    if kind is FieldType.CHOICE:
        chosen = _choice_value(column, text)
        return chosen if chosen in column.choice_values else _UNREAD
    if kind is FieldType.MULTI_CHOICE:
        return [_choice_value(column, part) for part in _split_choices(column, text)]
    if kind is FieldType.ICD10:
        if normalize_code is not None:
            try:
                return normalize_code(text)
            except ValueError:
                return text
        bare = text.upper().replace(".", "")
        if not _ICD10_BARE.match(bare):
            return text
        return bare if len(bare) == 3 else f"{bare[:3]}.{bare[3:]}"
    return text


def _choice_value(column: FieldSpec, text: str) -> str:
    wanted = text.strip().lower()
    for choice in column.choices:
        if wanted in (choice.label.lower(), choice.value.lower()):
            return choice.value
    return text.strip()


def _split_choices(column: FieldSpec, text: str) -> list[str]:
    if ";" in text:
        parts = text.split(";")
    elif any(text.strip().lower() == c.label.lower() for c in column.choices):
        parts = [text]  # one label that holds a comma
    else:
        parts = text.split(",")
    return [p.strip() for p in parts if p.strip()]


def _expected(column: FieldSpec, text: str) -> str:
    kind = column.type
    if kind is FieldType.NUMBER:
        return f"{text!r} is not a number"
    if kind is FieldType.INTEGER:
        return f"{text!r} is not a whole number"
    if kind is FieldType.DATE:
        return f"{text!r} is not a date (e.g. 04/20/2026 or 2026-04-20)"
    if kind is FieldType.YES_NO:
        return f"{text!r}: answer yes or no"
    labels = ", ".join(choice_label(column, c.value) for c in column.choices)
    return f"{text!r} is not one of {labels}"


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


__all__ = [
    "MULTI_SEPARATOR",
    "CellReading",
    "choice_label",
    "citation_text",
    "date_range_text",
    "date_text",
    "display_text",
    "guideline_text",
    "number_text",
    "parse_cell",
    "parse_date",
    "parse_number",
    "short_date",
]
