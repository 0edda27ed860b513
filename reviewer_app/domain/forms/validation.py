"""Whether one answer is acceptable for its field, and an example of one that is."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from reviewer_app.domain.forms.model import (
    GUIDELINE_SOURCES,
    AnswerField,
    FieldSpec,
    FieldType,
    IcdValidator,
    is_empty_answer,
)

_GUIDELINE_KEYS = ("source", "name", "edition", "section")
_CITATION_KEYS = ("record", "page", "note")

# ICD-10-CM shape: a letter, two characters, then up to four after the dot. The code set itself is
# checked by the validator the caller passes, so the domain needs no code tables.
_ICD10_SHAPE = re.compile(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _bounds(spec: FieldSpec, value: float) -> str | None:
    unit = f" {spec.unit}" if spec.unit else ""
    if spec.minimum is not None and value < spec.minimum:
        return f"{value:g}{unit} is below the minimum {spec.minimum:g}{unit}"
    if spec.maximum is not None and value > spec.maximum:
        return f"{value:g}{unit} is above the maximum {spec.maximum:g}{unit}"
    return None


def _validate_guideline(value: Any) -> str | None:
    if not isinstance(value, dict):
        return 'a guideline citation is {"source", "edition", "section"}'
    unknown = sorted(set(value) - set(_GUIDELINE_KEYS))
    if unknown:
        return f"unknown guideline key(s) {', '.join(unknown)} (allowed: {', '.join(_GUIDELINE_KEYS)})"
    source = value.get("source")
    if source not in GUIDELINE_SOURCES:
        return f"guideline source {source!r} is not one of {', '.join(GUIDELINE_SOURCES)}"
    for key in _GUIDELINE_KEYS[1:]:
        if key in value and not isinstance(value[key], str):
            return f"guideline {key} must be text"
    if source in ("plan policy", "other") and is_empty_answer(value.get("name")):
        return f"name the guideline or policy when the source is {source!r}"
    if is_empty_answer(value.get("section")):
        return "give the guideline section applied"
    return None


def _validate_citations(value: Any) -> str | None:
    if not isinstance(value, list):
        return 'citations are a list of {"record", "page"}'
    for i, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            return f'citation {i} must be {{"record", "page"}}'
        unknown = sorted(set(item) - set(_CITATION_KEYS))
        if unknown:
            return f"citation {i}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(_CITATION_KEYS)})"
        if not isinstance(item.get("record"), str) or not item["record"].strip():
            return f"citation {i}: name the record"
        page = item.get("page")
        if isinstance(page, bool) or not isinstance(page, int) or page < 1:
            return f"citation {i}: page {page!r} must be a page number from 1 up"
        if "note" in item and not isinstance(item["note"], str):
            return f"citation {i}: note must be text"
    return None


def _validate_table(spec: FieldSpec, value: Any, icd10_valid: IcdValidator | None) -> str | None:
    if not isinstance(value, list):
        return "a table is a list of rows, each an object of column values"
    columns = {c.id: c for c in spec.columns}
    for i, row in enumerate(value, start=1):
        if not isinstance(row, dict):
            return f"row {i} must be an object of column values"
        unknown = sorted(set(row) - set(columns))
        if unknown:
            return f"row {i}: unknown column(s) {', '.join(unknown)} (columns: {', '.join(columns)})"
        for column in spec.columns:
            cell = row.get(column.id)
            if is_empty_answer(cell):
                if column.required:
                    return f"row {i}: {column.label} is required"
                continue
            problem = validate_value(column, cell, icd10_valid)
            if problem:
                return f"row {i}, {column.label}: {problem}"
    return None


def validate_value(field: FieldSpec | AnswerField, value: Any, icd10_valid: IcdValidator | None = None) -> str | None:
    """Why ``value`` is not an acceptable answer for the field, or None when it is.

    ``None`` (no answer) is always acceptable here; whether an answer is needed is ``missing_required``'s
    business. ``icd10_valid`` checks a code against the ICD-10-CM code set; without it only the shape is checked.
    The message does not name the field: the caller prefixes the field id or label.
    """
    spec = field.spec if isinstance(field, AnswerField) else field
    if value is None:
        return None
    kind = spec.type
    if kind in (FieldType.TEXT, FieldType.LONG_TEXT):
        return None if isinstance(value, str) else f"{value!r} must be text"
    if kind is FieldType.CHOICE:
        if value in spec.choice_values:
            return None
        return f"{value!r} is not one of {', '.join(spec.choice_values)}"
    if kind is FieldType.MULTI_CHOICE:
        if not isinstance(value, list):
            return f"{value!r} must be a list of choices from {', '.join(spec.choice_values)}"
        wrong = [v for v in value if v not in spec.choice_values]
        if wrong:
            return f"{', '.join(repr(w) for w in wrong)} not among {', '.join(spec.choice_values)}"
        if len(set(value)) != len(value):
            return "a choice is given twice"
        return None
    if kind is FieldType.NUMBER:
        if not _is_number(value) or not math.isfinite(value):
            return f"{value!r} must be a number"
        return _bounds(spec, float(value))
    if kind is FieldType.INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"{value!r} must be a whole number"
        return _bounds(spec, float(value))
    if kind is FieldType.DATE:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return None
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                return f"{value!r} is not a real date"
            return None
        return f"{value!r} must be a date as YYYY-MM-DD"
    if kind is FieldType.YES_NO:
        return None if isinstance(value, bool) else f"{value!r} must be yes (true) or no (false)"
    if kind is FieldType.ICD10:
        if not isinstance(value, str):
            return f"{value!r} must be an ICD-10-CM code as text"
        code = value.strip().upper()
        if not _ICD10_SHAPE.match(code):
            return f"{value!r} is not an ICD-10-CM code (e.g. S39.012A)"
        if icd10_valid is not None and not icd10_valid(code):
            return f"{value!r} is not in the ICD-10-CM code set"
        return None
    if kind is FieldType.GUIDELINE:
        return _validate_guideline(value)
    if kind is FieldType.CITATIONS:
        return _validate_citations(value)
    return _validate_table(spec, value, icd10_valid)


_EXAMPLE_TEXT = "Example: see the cited records."


def example_value(field: FieldSpec | AnswerField) -> Any:
    """A value that ``validate_value`` accepts for the field, for ``findings template`` scripts."""
    spec = field.spec if isinstance(field, AnswerField) else field
    if spec.example is not None:
        return spec.example
    kind = spec.type
    if kind in (FieldType.TEXT, FieldType.LONG_TEXT):
        return _EXAMPLE_TEXT
    if kind is FieldType.CHOICE:
        return spec.choices[0].value
    if kind is FieldType.MULTI_CHOICE:
        return [spec.choices[0].value]
    if kind in (FieldType.NUMBER, FieldType.INTEGER):
        low = spec.minimum if spec.minimum is not None else None
        high = spec.maximum if spec.maximum is not None else None
        candidate = 1.0
        if low is not None and candidate < low:
            candidate = math.ceil(low) if kind is FieldType.INTEGER else low
        if high is not None and candidate > high:
            candidate = math.floor(high) if kind is FieldType.INTEGER else high
        return int(candidate) if kind is FieldType.INTEGER else float(candidate)
    if kind is FieldType.DATE:
        return "2026-01-15"
    if kind is FieldType.YES_NO:
        return True
    if kind is FieldType.ICD10:
        return "S39.012A"
    if kind is FieldType.GUIDELINE:
        return {"source": "ODG", "edition": "2026", "section": "Low Back: Epidural steroid injections"}
    if kind is FieldType.CITATIONS:
        return [{"record": "records/001-note.pdf", "page": 1}]
    return [{c.id: example_value(c) for c in spec.columns}]
