"""Parsing the decoded TOML documents of forms and overlays, collecting every problem with its key path."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from reviewer_app.domain.case import LineOfBusiness, QuestionTopic, Service
from reviewer_app.domain.computed import COMPUTATIONS, WPI_COLUMN
from reviewer_app.domain.forms.model import (
    FIELD_TYPES,
    AnswerBlock,
    Choice,
    Condition,
    FieldSpec,
    FieldType,
    FormDefinition,
    FormError,
    Overlay,
    Section,
)
from reviewer_app.domain.forms.validation import validate_value


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
