"""The concrete fields of one case and which of them the answers show, require and still miss."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from reviewer_app.domain.case import CaseDetails, ReferralQuestion
from reviewer_app.domain.forms.model import AnswerField, FieldSpec, FormDefinition, Overlay, is_empty_answer


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
