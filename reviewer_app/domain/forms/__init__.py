"""Report forms as data: what a form asks, which fields a case gets, and whether an answer is acceptable.

A form (``forms/*.toml``, described in ``forms/README.md``) holds one answer block per referral question
topic and case-level sections. Overlays add required elements and declaration text for a jurisdiction and
line of business. This package parses the already-decoded TOML documents (``parsing``), works out the
concrete fields of a case (``case_fields``), checks answers (``validation``) and turns answers into the
words the physician reads and back (``values``); reading files is the job of ``reviewer_app.services.forms``.
Everything is importable from ``reviewer_app.domain.forms`` itself.
"""

from reviewer_app.domain.forms.case_fields import answer_fields, is_required, missing_required, visible
from reviewer_app.domain.forms.model import (
    FIELD_TYPES,
    GUIDELINE_SOURCES,
    AnswerBlock,
    AnswerField,
    Choice,
    Condition,
    FieldSpec,
    FieldType,
    FormDefinition,
    FormError,
    IcdValidator,
    Overlay,
    Section,
    is_empty_answer,
)
from reviewer_app.domain.forms.parsing import parse_form, parse_overlay
from reviewer_app.domain.forms.validation import example_value, validate_value
from reviewer_app.domain.forms.values import (
    MULTI_SEPARATOR,
    CellReading,
    choice_label,
    citation_text,
    date_range_text,
    date_text,
    display_text,
    guideline_text,
    number_text,
    parse_cell,
    parse_date,
    parse_number,
    short_date,
)

__all__ = [
    "FIELD_TYPES",
    "GUIDELINE_SOURCES",
    "MULTI_SEPARATOR",
    "AnswerBlock",
    "AnswerField",
    "CellReading",
    "Choice",
    "Condition",
    "FieldSpec",
    "FieldType",
    "FormDefinition",
    "FormError",
    "IcdValidator",
    "Overlay",
    "Section",
    "answer_fields",
    "choice_label",
    "citation_text",
    "date_range_text",
    "date_text",
    "display_text",
    "example_value",
    "guideline_text",
    "is_empty_answer",
    "is_required",
    "missing_required",
    "number_text",
    "parse_cell",
    "parse_date",
    "parse_form",
    "parse_number",
    "parse_overlay",
    "short_date",
    "validate_value",
    "visible",
]
