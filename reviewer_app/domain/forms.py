"""Report forms as data: what a form asks, which fields a case gets, and whether an answer is acceptable.

A form (``forms/*.toml``, described in ``forms/README.md``) holds one answer block per referral question
topic and case-level sections. Overlays add required elements and declaration text for a jurisdiction and
line of business. This module parses the already-decoded TOML documents and works out the concrete fields
of a case; reading files is the job of ``reviewer_app.services.forms``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from reviewer_app.domain.case import CaseDetails, LineOfBusiness, QuestionTopic, ReferralQuestion, Service
from reviewer_app.domain.computed import COMPUTATIONS, WPI_COLUMN
from reviewer_app.domain.errors import ReviewerError


class FormError(ReviewerError):
    """A form or overlay file that cannot be used; names the file and the key path of every problem."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = list(problems)
        if len(self.problems) == 1:
            message = f"{source}: {self.problems[0]}"
        else:
            message = f"{source} has {len(self.problems)} problems:\n" + "\n".join(
                f"  - {source}: {p}" for p in self.problems
            )
        super().__init__(message)


class FieldType(StrEnum):
    """The kinds of answer a form field takes; the UI keeps one editor per kind."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    NUMBER = "number"
    INTEGER = "integer"
    DATE = "date"
    YES_NO = "yes_no"
    ICD10 = "icd10"
    GUIDELINE = "guideline"
    CITATIONS = "citations"
    TABLE = "table"


FIELD_TYPES = ", ".join(t.value for t in FieldType)

#: Where a guideline citation comes from; the guideline texts are licensed, so only citations are stored.
GUIDELINE_SOURCES = ("MTUS/ACOEM", "ODG", "MCG", "InterQual", "plan policy", "other")

_GUIDELINE_KEYS = ("source", "name", "edition", "section")
_CITATION_KEYS = ("record", "page", "note")

# ICD-10-CM shape: a letter, two characters, then up to four after the dot. The code set itself is
# checked by the validator the caller passes, so the domain needs no code tables.
_ICD10_SHAPE = re.compile(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")

IcdValidator = Callable[[str], bool]


@dataclass(frozen=True)
class Choice:
    """One allowed answer of a choice field: the stored value and the words the physician reads."""

    value: str
    label: str


@dataclass(frozen=True)
class Condition:
    """When a field is shown (or required): another field has a value, optionally one of some values.

    ``equals`` holds the values that satisfy the condition; ``not_equals`` the values that do not.
    With neither, any answer satisfies it. No answer never satisfies it.
    """

    field: str
    equals: tuple[str | bool, ...] = ()
    not_equals: tuple[str | bool, ...] = ()

    def holds(self, answers: Mapping[str, Any]) -> bool:
        """Whether the answers satisfy this condition."""
        value = answers.get(self.field)
        if is_empty_answer(value):
            return False
        given = list(value) if isinstance(value, list) else [value]
        if self.equals and not any(v in self.equals for v in given):
            return False
        return not (self.not_equals and all(v in self.not_equals for v in given))

    def relative_to(self, prefix: str) -> Condition:
        """The same condition naming the concrete field id under ``prefix`` (e.g. ``q1.svc1.``)."""
        return replace(self, field=prefix + self.field)


@dataclass(frozen=True)
class FieldSpec:
    """One field as the form file defines it."""

    id: str
    label: str
    type: FieldType
    required: bool = False
    choices: tuple[Choice, ...] = ()
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    show_when: Condition | None = None
    required_when: Condition | None = None
    columns: tuple[FieldSpec, ...] = ()
    help: str = ""
    example: Any = None
    computed: str | None = None  # a computation the panel shows beside the field (domain/computed.py)

    @property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)


@dataclass(frozen=True)
class AnswerBlock:
    """The fields that answer one referral question topic; repeated per named service when ``per_service``."""

    topic: QuestionTopic
    title: str
    fields: tuple[FieldSpec, ...]
    per_service: bool = False
    help: str = ""


@dataclass(frozen=True)
class Section:
    """Case-level fields not tied to one question (peer-to-peer log, recommendation, attestation)."""

    id: str
    title: str
    fields: tuple[FieldSpec, ...]
    help: str = ""


@dataclass(frozen=True)
class FormDefinition:
    """A report form: its answer blocks by question topic and its case-level sections."""

    id: str
    version: int
    title: str
    service: Service
    blocks: dict[QuestionTopic, AnswerBlock]
    sections: tuple[Section, ...] = ()
    description: str = ""
    source: str = ""

    @property
    def key(self) -> str:
        """What every stored answer records: ``"peer_review@1"``."""
        return f"{self.id}@{self.version}"

    def block_for(self, topic: QuestionTopic) -> AnswerBlock:
        """The block answering ``topic``; topics the form has no block for use the ``other`` block."""
        return self.blocks.get(topic) or self.blocks[QuestionTopic.OTHER]


@dataclass(frozen=True)
class Overlay:
    """Jurisdiction or line-of-business additions: fields made required, extra fields, declaration text."""

    id: str
    version: int
    title: str
    jurisdiction: str | None
    line_of_business: LineOfBusiness | None
    services: tuple[Service, ...] = ()
    required: tuple[str, ...] = ()  # "topic.field" or "section.field" of the form, e.g. "necessity.guideline"
    section: str = "attestation"  # where the extra fields go: "attestation.county"
    fields: tuple[FieldSpec, ...] = ()
    declaration: str = ""
    source: str = ""

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"

    def applies_to(self, case: CaseDetails) -> bool:
        """Whether the case's jurisdiction, line of business and service are the overlay's."""
        if self.jurisdiction and (case.jurisdiction or "").strip().upper() != self.jurisdiction.upper():
            return False
        if self.line_of_business and case.line_of_business != self.line_of_business:
            return False
        return not (self.services and case.service not in self.services)


@dataclass(frozen=True)
class AnswerField:
    """A concrete field of one case, e.g. ``q1.svc1.determination``, with its conditions resolved to ids."""

    id: str
    spec: FieldSpec
    label: str
    required: bool
    show_when: Condition | None = None
    required_when: Condition | None = None
    question_key: str | None = None
    service_key: str | None = None
    group: str = ""  # "necessity.guideline" or "recommendation.ime_needed": what overlays name
    overlay: str | None = None  # the overlay key that added it

    @property
    def type(self) -> FieldType:
        return self.spec.type

    @property
    def choices(self) -> tuple[Choice, ...]:
        return self.spec.choices


# ---------------------------------------------------------------------------------------------------------
# Parsing


class _Problems:
    """Collects every problem of a document so the physician sees them all at once."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.items.append(f"{path}: {message}")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _check_keys(table: Mapping[str, Any], allowed: Iterable[str], path: str, problems: _Problems) -> None:
    allowed_set = set(allowed)
    for key in table:
        if key not in allowed_set:
            problems.add(_join(path, key), f"unknown key (allowed: {', '.join(sorted(allowed_set))})")


def _text(table: Mapping[str, Any], key: str, path: str, problems: _Problems, required: bool = True) -> str:
    value = table.get(key)
    if value is None:
        if required:
            problems.add(_join(path, key), "is missing")
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        problems.add(_join(path, key), f"{value!r} must be a non-empty text")
        return ""
    return value


def _table(value: Any, path: str, problems: _Problems) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        problems.add(path, "must be a table")
        return None
    return value


_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def _ident(table: Mapping[str, Any], key: str, path: str, problems: _Problems) -> str:
    value = _text(table, key, path, problems)
    if value and not _ID.match(value):
        problems.add(_join(path, key), f"{value!r} must be lower case letters, digits and _ (e.g. 'approved_quantity')")
    return value


def _number_or_none(table: Mapping[str, Any], key: str, path: str, problems: _Problems) -> float | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        problems.add(_join(path, key), f"{value!r} must be a number")
        return None
    return float(value)


def _parse_choices(value: Any, path: str, problems: _Problems) -> tuple[Choice, ...]:
    if not isinstance(value, list) or not value:
        problems.add(path, "must be a non-empty list of choices")
        return ()
    choices: list[Choice] = []
    for i, item in enumerate(value):
        item_path = f"{path}[{i}]"
        if isinstance(item, str) and item.strip():
            choices.append(Choice(item, item))
        elif isinstance(item, dict):
            _check_keys(item, ("value", "label"), item_path, problems)
            v = _text(item, "value", item_path, problems)
            label = _text(item, "label", item_path, problems, required=False) or v
            if v:
                choices.append(Choice(v, label))
        else:
            problems.add(item_path, f"{item!r} must be a text or a table with value and label")
    seen = [c.value for c in choices]
    for dup in sorted({v for v in seen if seen.count(v) > 1}):
        problems.add(path, f"choice {dup!r} appears twice")
    return tuple(choices)


def _condition_values(value: Any, path: str, problems: _Problems) -> tuple[str | bool, ...]:
    values = value if isinstance(value, list) else [value]
    out: list[str | bool] = []
    for v in values:
        if isinstance(v, str | bool):
            out.append(v)
        else:
            problems.add(path, f"{v!r} must be a choice value, true or false")
    return tuple(out)


def _parse_condition(value: Any, path: str, problems: _Problems) -> Condition | None:
    table = _table(value, path, problems)
    if table is None:
        return None
    _check_keys(table, ("field", "equals", "not_equals"), path, problems)
    target = _text(table, "field", path, problems)
    equals = _condition_values(table["equals"], _join(path, "equals"), problems) if "equals" in table else ()
    not_equals = (
        _condition_values(table["not_equals"], _join(path, "not_equals"), problems) if "not_equals" in table else ()
    )
    return Condition(target, equals, not_equals) if target else None


_FIELD_KEYS = (
    "id",
    "label",
    "type",
    "required",
    "choices",
    "unit",
    "min",
    "max",
    "show_when",
    "required_when",
    "columns",
    "help",
    "example",
    "computed",
)


def _parse_field(value: Any, path: str, problems: _Problems, in_table: bool = False) -> FieldSpec | None:
    table = _table(value, path, problems)
    if table is None:
        return None
    before = len(problems.items)
    _check_keys(table, _FIELD_KEYS, path, problems)
    field_id = _ident(table, "id", path, problems)
    label = _text(table, "label", path, problems)
    raw_type = table.get("type")
    field_type: FieldType | None = None
    if raw_type is None:
        problems.add(_join(path, "type"), f"is missing (one of {FIELD_TYPES})")
    elif raw_type not in FieldType.__members__.values():
        problems.add(_join(path, "type"), f"{raw_type!r} is not a field type ({FIELD_TYPES})")
    else:
        field_type = FieldType(raw_type)
    required = table.get("required", False)
    if not isinstance(required, bool):
        problems.add(_join(path, "required"), f"{required!r} must be true or false")
        required = False
    help_text = _text(table, "help", path, problems, required=False)
    unit = _text(table, "unit", path, problems, required=False) or None
    minimum = _number_or_none(table, "min", path, problems)
    maximum = _number_or_none(table, "max", path, problems)
    choices: tuple[Choice, ...] = ()
    columns: list[FieldSpec] = []
    show_when = (
        _parse_condition(table["show_when"], _join(path, "show_when"), problems) if "show_when" in table else None
    )
    required_when = (
        _parse_condition(table["required_when"], _join(path, "required_when"), problems)
        if "required_when" in table
        else None
    )
    if in_table and (show_when or required_when):
        problems.add(path, "table columns cannot have show_when or required_when")
    if field_type in (FieldType.CHOICE, FieldType.MULTI_CHOICE):
        choices = _parse_choices(table.get("choices"), _join(path, "choices"), problems)
    elif "choices" in table:
        problems.add(_join(path, "choices"), f"only choice and multi_choice fields have choices, not {field_type}")
    if field_type not in (FieldType.NUMBER, FieldType.INTEGER) and field_type is not None:
        for key in ("unit", "min", "max"):
            if key in table:
                problems.add(_join(path, key), f"only number and integer fields have {key}, not {field_type}")
    if minimum is not None and maximum is not None and minimum > maximum:
        problems.add(_join(path, "min"), f"{minimum:g} is above max {maximum:g}")
    if field_type is FieldType.TABLE:
        if in_table:
            problems.add(_join(path, "type"), "a table column cannot itself be a table")
        raw_columns = table.get("columns")
        if not isinstance(raw_columns, list) or not raw_columns:
            problems.add(_join(path, "columns"), "a table needs a non-empty list of columns")
        else:
            for i, raw in enumerate(raw_columns):
                column = _parse_field(raw, f"{path}.columns[{i}]", problems, in_table=True)
                if column:
                    columns.append(column)
            _check_unique_ids(columns, f"{path}.columns", problems)
    elif "columns" in table:
        problems.add(_join(path, "columns"), f"only table fields have columns, not {field_type}")
    computed = _text(table, "computed", path, problems, required=False) or None
    if computed is not None and computed not in COMPUTATIONS:
        names = ", ".join(COMPUTATIONS)
        problems.add(_join(path, "computed"), f"{computed!r} is not a computation ({names})")
    if len(problems.items) > before or field_type is None:
        return None
    spec = FieldSpec(
        id=field_id,
        label=label,
        type=field_type,
        required=required,
        choices=choices,
        unit=unit,
        minimum=minimum,
        maximum=maximum,
        show_when=show_when,
        required_when=required_when,
        columns=tuple(columns),
        help=help_text,
        computed=computed,
    )
    if "example" in table:
        problem = validate_value(spec, table["example"])
        if problem:
            problems.add(_join(path, "example"), problem)
            return None
        spec = replace(spec, example=table["example"])
    return spec


def _check_unique_ids(fields: Sequence[FieldSpec], path: str, problems: _Problems) -> None:
    ids = [f.id for f in fields]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.add(path, f"field id {dup!r} appears twice")


def _parse_fields(container: Mapping[str, Any], path: str, problems: _Problems) -> tuple[FieldSpec, ...]:
    raw = container.get("fields")
    if not isinstance(raw, list) or not raw:
        problems.add(_join(path, "fields"), "must be a non-empty list of fields ([[...fields]])")
        return ()
    fields: list[FieldSpec] = []
    for i, item in enumerate(raw):
        spec = _parse_field(item, f"{path}.fields[{i}]", problems)
        if spec:
            fields.append(spec)
    _check_unique_ids(fields, _join(path, "fields"), problems)
    _check_conditions(fields, raw, _join(path, "fields"), problems)
    _check_computed(fields, _join(path, "fields"), problems)
    return tuple(fields)


def _check_computed(fields: Sequence[FieldSpec], path: str, problems: _Problems) -> None:
    """A computation has what it reads: a ratings table its percent column, a strength level its lift fields."""
    by_id = {f.id: f for f in fields}
    for i, spec in enumerate(fields):
        if spec.computed is None:
            continue
        where = f"{path}[{i}].computed"
        if spec.computed == "combined_whole_person":
            column = next((c for c in spec.columns if c.id == WPI_COLUMN), None)
            if spec.type is not FieldType.TABLE or column is None or column.type is not FieldType.NUMBER:
                problems.add(where, f"combined_whole_person needs a table with a number column {WPI_COLUMN!r}")
        for sibling in COMPUTATIONS[spec.computed].siblings:
            found = by_id.get(sibling)
            if found is None or found.type not in (FieldType.NUMBER, FieldType.INTEGER):
                problems.add(where, f"{spec.computed} needs a number field {sibling!r} in the same block")


def _check_conditions(fields: Sequence[FieldSpec], raw: list[Any], path: str, problems: _Problems) -> None:
    """Conditions name a field of the same block and values that field can take."""
    by_id = {f.id: f for f in fields}
    raw_ids = {item.get("id") for item in raw if isinstance(item, dict)}
    for i, item in enumerate(raw):
        spec_id = item.get("id") if isinstance(item, dict) else None
        spec = by_id.get(spec_id) if isinstance(spec_id, str) else None
        if spec is None:
            continue
        for key in ("show_when", "required_when"):
            condition: Condition | None = getattr(spec, key)
            if condition is None:
                continue
            cond_path = f"{path}[{i}].{key}"
            target = by_id.get(condition.field)
            if target is None and condition.field in raw_ids:
                continue  # the named field has its own problem, reported already
            if target is None or target.id == spec.id:
                problems.add(f"{cond_path}.field", f"{condition.field!r} is not another field of this block")
                continue
            for value in (*condition.equals, *condition.not_equals):
                if target.type in (FieldType.CHOICE, FieldType.MULTI_CHOICE):
                    if value not in target.choice_values:
                        problems.add(cond_path, f"{value!r} is not a choice of {target.id!r}")
                elif target.type is FieldType.YES_NO and not isinstance(value, bool):
                    problems.add(cond_path, f"{value!r}: {target.id!r} is yes/no, compare with true or false")


def _version(table: Mapping[str, Any], path: str, problems: _Problems) -> int:
    value = table.get("version")
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problems.add(_join(path, "version"), f"{value!r} must be a whole number from 1 up")
        return 0
    return value


def parse_form(document: Mapping[str, Any], source: str) -> FormDefinition:
    """Build a form from a decoded TOML document; raises FormError naming ``source`` and every key path."""
    problems = _Problems()
    _check_keys(document, ("form", "blocks", "sections"), "", problems)
    head = _table(document.get("form"), "form", problems) or {}
    _check_keys(head, ("id", "version", "title", "service", "description"), "form", problems)
    form_id = _ident(head, "id", "form", problems)
    version = _version(head, "form", problems)
    title = _text(head, "title", "form", problems)
    description = _text(head, "description", "form", problems, required=False)
    raw_service = head.get("service")
    service = Service.PEER_REVIEW
    if not isinstance(raw_service, str) or raw_service not in Service.__members__.values():
        services = ", ".join(s.value for s in Service)
        problems.add("form.service", f"{raw_service!r} is not a service ({services})")
    else:
        service = Service(raw_service)

    blocks: dict[QuestionTopic, AnswerBlock] = {}
    raw_blocks = _table(document.get("blocks"), "blocks", problems) or {}
    topics = ", ".join(t.value for t in QuestionTopic)
    for name, raw in raw_blocks.items():
        path = f"blocks.{name}"
        if name not in QuestionTopic.__members__.values():
            problems.add(path, f"{name!r} is not a question topic ({topics})")
            continue
        block = _table(raw, path, problems)
        if block is None:
            continue
        _check_keys(block, ("title", "per_service", "help", "fields"), path, problems)
        per_service = block.get("per_service", False)
        if not isinstance(per_service, bool):
            problems.add(f"{path}.per_service", f"{per_service!r} must be true or false")
            per_service = False
        topic = QuestionTopic(name)
        blocks[topic] = AnswerBlock(
            topic=topic,
            title=_text(block, "title", path, problems),
            fields=_parse_fields(block, path, problems),
            per_service=per_service,
            help=_text(block, "help", path, problems, required=False),
        )
    if raw_blocks and QuestionTopic.OTHER not in blocks and "other" not in raw_blocks:
        # Questions whose topic the form does not know are answered in the "other" block.
        problems.add("blocks.other", "is missing: every form needs an 'other' block")

    sections: list[Section] = []
    raw_sections = document.get("sections", [])
    if not isinstance(raw_sections, list):
        problems.add("sections", "must be a list of sections ([[sections]])")
        raw_sections = []
    for i, raw in enumerate(raw_sections):
        path = f"sections[{i}]"
        section = _table(raw, path, problems)
        if section is None:
            continue
        _check_keys(section, ("id", "title", "help", "fields"), path, problems)
        section_id = _ident(section, "id", path, problems)
        if section_id in {t.value for t in QuestionTopic}:
            problems.add(f"{path}.id", f"{section_id!r} is a question topic; name the section otherwise")
        sections.append(
            Section(
                id=section_id,
                title=_text(section, "title", path, problems),
                fields=_parse_fields(section, path, problems),
                help=_text(section, "help", path, problems, required=False),
            )
        )
    ids = [s.id for s in sections]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.add("sections", f"section id {dup!r} appears twice")

    if problems.items:
        raise FormError(source, problems.items)
    return FormDefinition(form_id, version, title, service, blocks, tuple(sections), description, source)


def parse_overlay(document: Mapping[str, Any], source: str) -> Overlay:
    """Build an overlay from a decoded TOML document; raises FormError naming ``source`` and every key path."""
    problems = _Problems()
    _check_keys(document, ("overlay", "fields"), "", problems)
    head = _table(document.get("overlay"), "overlay", problems) or {}
    allowed = ("id", "version", "title", "applies_to", "required", "section", "declaration")
    _check_keys(head, allowed, "overlay", problems)
    overlay_id = _ident(head, "id", "overlay", problems)
    version = _version(head, "overlay", problems)
    title = _text(head, "title", "overlay", problems)
    declaration = _text(head, "declaration", "overlay", problems, required=False)
    section = _text(head, "section", "overlay", problems, required=False) or "attestation"

    applies = _table(head.get("applies_to"), "overlay.applies_to", problems) or {}
    _check_keys(applies, ("jurisdiction", "line_of_business", "services"), "overlay.applies_to", problems)
    jurisdiction = _text(applies, "jurisdiction", "overlay.applies_to", problems, required=False) or None
    lob: LineOfBusiness | None = None
    raw_lob = applies.get("line_of_business")
    if raw_lob is not None:
        if raw_lob in LineOfBusiness.__members__.values():
            lob = LineOfBusiness(raw_lob)
        else:
            lobs = ", ".join(x.value for x in LineOfBusiness)
            problems.add("overlay.applies_to.line_of_business", f"{raw_lob!r} is not a line of business ({lobs})")
    if jurisdiction is None and lob is None:
        problems.add("overlay.applies_to", "needs a jurisdiction or a line_of_business (or both)")
    services: list[Service] = []
    for i, raw in enumerate(applies.get("services", [])):
        if raw in Service.__members__.values():
            services.append(Service(raw))
        else:
            problems.add(f"overlay.applies_to.services[{i}]", f"{raw!r} is not a service")

    required = head.get("required", [])
    if not isinstance(required, list) or not all(isinstance(r, str) and "." in r for r in required):
        problems.add("overlay.required", "must be a list of 'topic.field' or 'section.field' names")
        required = []

    fields: list[FieldSpec] = []
    raw_fields = document.get("fields", [])
    if not isinstance(raw_fields, list):
        problems.add("fields", "must be a list of fields ([[fields]])")
        raw_fields = []
    for i, raw in enumerate(raw_fields):
        spec = _parse_field(raw, f"fields[{i}]", problems)
        if spec:
            fields.append(spec)
    _check_unique_ids(fields, "fields", problems)
    _check_conditions(fields, raw_fields, "fields", problems)

    if problems.items:
        raise FormError(source, problems.items)
    return Overlay(
        id=overlay_id,
        version=version,
        title=title,
        jurisdiction=jurisdiction,
        line_of_business=lob,
        services=tuple(services),
        required=tuple(required),
        section=section,
        fields=tuple(fields),
        declaration=declaration,
        source=source,
    )


# ---------------------------------------------------------------------------------------------------------
# The fields of a case


def _concrete(
    spec: FieldSpec,
    prefix: str,
    label: str,
    group: str,
    question: str | None = None,
    service: str | None = None,
    overlay: str | None = None,
) -> AnswerField:
    return AnswerField(
        id=prefix + spec.id,
        spec=spec,
        label=label,
        required=spec.required,
        show_when=spec.show_when.relative_to(prefix) if spec.show_when else None,
        required_when=spec.required_when.relative_to(prefix) if spec.required_when else None,
        question_key=question,
        service_key=service,
        group=f"{group}.{spec.id}",
        overlay=overlay,
    )


def _question_fields(
    form: FormDefinition, question: ReferralQuestion, services: Mapping[str, str]
) -> list[AnswerField]:
    block = form.block_for(question.topic)
    q = question.key
    q_label = q.upper()
    out: list[AnswerField] = []
    if block.per_service and question.service_keys:
        for svc in question.service_keys:
            name = services.get(svc, svc)
            for spec in block.fields:
                label = f"{q_label} · {name} · {spec.label}"
                out.append(_concrete(spec, f"{q}.{svc}.", label, block.topic.value, q, svc))
    else:
        for spec in block.fields:
            out.append(_concrete(spec, f"{q}.", f"{q_label} · {spec.label}", block.topic.value, q))
    return out


def answer_fields(form: FormDefinition, case: CaseDetails, overlays: Sequence[Overlay] = ()) -> list[AnswerField]:
    """The concrete fields the physician answers for ``case``, in report order.

    One block per referral question (by topic; unknown topics use the ``other`` block), repeated per requested
    service the question names (``q1.svc1.determination``); then the form's sections (``recommendation.ime_needed``);
    then the fields of the overlays that apply (``attestation.county``), whose ``required`` entries also make
    matching form fields required.
    """
    services = {s.key: s.description for s in case.requested_services}
    fields: list[AnswerField] = []
    for question in case.questions:
        fields.extend(_question_fields(form, question, services))
    for section in form.sections:
        for spec in section.fields:
            fields.append(_concrete(spec, f"{section.id}.", f"{section.title} · {spec.label}", section.id))
    applying = [o for o in overlays if o.applies_to(case)]
    required_groups = {name for o in applying for name in o.required}
    if required_groups:
        fields = [replace(f, required=True) if f.group in required_groups else f for f in fields]
    seen = {f.id for f in fields}
    for overlay in applying:
        for spec in overlay.fields:
            concrete = _concrete(
                spec, f"{overlay.section}.", f"{overlay.title} · {spec.label}", overlay.section, overlay=overlay.key
            )
            if concrete.id in seen:
                # Two overlays asking the same thing (e.g. a state's and ERISA's): one answer serves both.
                continue
            seen.add(concrete.id)
            fields.append(concrete)
    return fields


# ---------------------------------------------------------------------------------------------------------
# Answers


def is_empty_answer(value: Any) -> bool:
    """Whether ``value`` is no answer: None, blank text, an empty list or table."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | dict | tuple) and not value


def visible(field: AnswerField, answers: Mapping[str, Any]) -> bool:
    """Whether the field is shown, given the answers so far (its ``show_when`` condition)."""
    return field.show_when is None or field.show_when.holds(answers)


def is_required(field: AnswerField, answers: Mapping[str, Any]) -> bool:
    """Whether the field must be answered: required, or its ``required_when`` condition holds."""
    if field.required:
        return True
    return field.required_when is not None and field.required_when.holds(answers)


def missing_required(fields: Sequence[AnswerField], answers: Mapping[str, Any]) -> list[str]:
    """Ids of the required fields without an answer; hidden fields never count."""
    return [
        f.id for f in fields if visible(f, answers) and is_required(f, answers) and is_empty_answer(answers.get(f.id))
    ]


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


__all__ = [
    "FIELD_TYPES",
    "GUIDELINE_SOURCES",
    "AnswerBlock",
    "AnswerField",
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
    "example_value",
    "is_required",
    "missing_required",
    "parse_form",
    "parse_overlay",
    "validate_value",
    "visible",
]
