"""What a report form is made of: field types, fields, answer blocks, sections, overlays and the fields of a case.

The dataclasses the parser (``parsing``) builds from the TOML documents and the concrete fields of one case
(``case_fields``); whether a single answer is acceptable is ``validation``'s business.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from reviewer_app.domain.case import CaseDetails, LineOfBusiness, QuestionTopic, Service
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


def is_empty_answer(value: Any) -> bool:
    """Whether ``value`` is no answer: None, blank text, an empty list or table."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | dict | tuple) and not value
