"""Findings: the form's fields for a case, the physician's answers, and what stands before signing.

The same calls serve ``reviewer findings template/set/export``, ``reviewer check`` and the GUI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from reviewer_app import faults
from reviewer_app.codes.icd10cm import is_billable
from reviewer_app.domain.case import Case, QuestionTopic
from reviewer_app.domain.conflicts import conflict_items
from reviewer_app.domain.errors import InvalidInput
from reviewer_app.domain.forms import (
    AnswerField,
    FieldType,
    example_value,
    missing_required,
    validate_value,
    visible,
)
from reviewer_app.domain.language import lint_causation, lint_necessity, lint_rationale
from reviewer_app.domain.narrative import plain_text
from reviewer_app.domain.readiness import ReadinessItem, Target, readiness_items
from reviewer_app.domain.signed_report import CaseLocked, locked_message
from reviewer_app.services.audit import log_findings_changed
from reviewer_app.services.case_work import CaseSnapshot, FindingsTemplate, findings_template, take_snapshot
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.readiness_words import issue_in_words, missing_in_words
from reviewer_app.services.record_integrity import record_file_items
from reviewer_app.storage.audit import AuditRepository
from reviewer_app.storage.findings import FindingRepository
from reviewer_app.storage.signed_reports import SignedReportRepository

__all__ = [
    "FindingsTemplate",
    "check_case",
    "check_snapshot",
    "findings_template",
    "get_answers",
    "load_code_set",
    "question_keys_answered",
    "question_state",
    "questions_needing_attention",
    "refuse_if_signed",
    "set_answers",
    "template_json",
]


def _example(field: AnswerField, case: Case) -> Any:
    if field.type is FieldType.CITATIONS and case.records:
        # The generic example names a record this case may not have; cite one it has.
        return [{"record": case.records[0].path, "page": 1}]
    return example_value(field)


def template_json(template: FindingsTemplate, case: Case) -> dict[str, Any]:
    """The shape of ``findings template --json``: scripts fill a case from it without knowing the form."""
    return {
        "form": {"id": template.form.id, "version": template.form.version},
        "fields": [
            {
                "id": f.id,
                "label": f.label,
                "type": f.type.value,
                "required": f.required,
                **({"choices": [c.value for c in f.choices]} if f.choices else {}),
                "example": _example(f, case),
            }
            for f in template.fields
        ],
    }


def get_answers(folder: DataFolder, case: Case) -> dict[str, Any]:
    with folder.database.transaction() as session:
        return FindingRepository(session).answers(case.id)


def set_answers(folder: DataFolder, case: Case, answers: Mapping[str, Any]) -> int:
    """Set answers from ``{field id: value}``; any unknown id or invalid value sets nothing, naming each.

    The GUI calls this for every edit, so it reads the forms from the folder's cache and does all
    its database work (the lock, the answers before, the save, the history) in one transaction.
    """
    if not isinstance(answers, Mapping):
        raise InvalidInput("Findings are a JSON object of {field id: value}.")
    template = findings_template(folder, case)
    problems = _answer_problems(template, case, answers)
    with folder.database.transaction() as session:
        # A signed case says so before anything about the values: nothing can be changed there.
        locked = SignedReportRepository(session).locking_report(case.id)
        if locked is not None:
            raise CaseLocked(locked_message(*locked))
        if problems:
            raise InvalidInput(f"No findings were changed for {case.reference}:", problems)
        findings = FindingRepository(session)
        now = folder.clock()
        before = findings.answers(case.id)
        findings.save(case.id, answers, template.form.key, now)
        log_findings_changed(AuditRepository(session), case.id, before, answers, now)
        faults.reached(faults.FINDINGS_BEFORE_COMMIT)
    faults.reached(faults.FINDINGS_AFTER_COMMIT)
    return len(answers)


def _answer_problems(template: FindingsTemplate, case: Case, answers: Mapping[str, Any]) -> list[str]:
    problems = []
    for field_id, value in answers.items():
        field = template.field(field_id)
        if field is None:
            problems.append(f"{field_id}: the {template.form.key} form has no such field")
            continue
        if value is None:
            continue
        problem = validate_value(field, value, icd10_valid=is_billable) or _citation_problem(field, value, case)
        if problem:
            problems.append(f"{field_id}: {problem}")
    return problems


def refuse_if_signed(folder: DataFolder, case: Case) -> None:
    """Raise CaseLocked when the findings were signed and no new records have arrived since."""
    with folder.database.transaction() as session:
        locked = SignedReportRepository(session).locking_report(case.id)
    if locked is not None:
        reference, report = locked
        raise CaseLocked(locked_message(reference, report))


def _citation_problem(field: AnswerField, value: Any, case: Case) -> str | None:
    if field.type is not FieldType.CITATIONS:
        return None
    pages = {r.path: r.page_count for r in case.records}
    for citation in value:
        record, page = citation.get("record"), citation.get("page")
        if record not in pages:
            return f"cites {record!r}, which is not one of this case's records"
        count = pages[record]
        if count is not None and isinstance(page, int) and not 1 <= page <= count:
            return f"cites page {page} of {record}, which has {count} pages"
    return None


def check_case(folder: DataFolder, case: Case, *, read_record_files: bool = True) -> list[ReadinessItem]:
    """What still stands between the case and signing; signing needs no blocking item.

    ``read_record_files`` False checks that each record file is there without hashing it (see
    ``record_integrity.record_file_problems``); signing always reads them.
    """
    snapshot = take_snapshot(folder, case)
    # A record file gone or changed in the store means the report would cite what is no longer there.
    files = record_file_items(folder, snapshot.case, read_files=read_record_files)
    return check_snapshot(snapshot, folder.clock().date()) + files


def check_snapshot(snapshot: CaseSnapshot, today: dt.date) -> list[ReadinessItem]:
    """``check_case`` on a snapshot already taken: no database, no form files.

    A case whose signed report covers every record has nothing left before signing: one item says
    when it was signed (the list must not go on naming what the signature already settled).
    """
    case, template, answers = snapshot.case, snapshot.template, snapshot.answers
    if snapshot.locked_by is not None:
        report = snapshot.locked_by[1]
        return [
            ReadinessItem(
                f"{report.title} signed on {report.signed_at:%m/%d/%Y at %H:%M}; the findings are locked "
                "until new records arrive",
                False,
            )
        ]
    answered = frozenset(question_keys_answered(template, answers))
    items = [
        item for item in readiness_items(case, answered, snapshot.page_counts) if item.target is not Target.WARNINGS
    ]
    # Fields of questions not yet started are covered by the count of unanswered questions above.
    started = {f.question_key for f in template.fields if f.question_key and f.id in answers}
    for field_id in missing_required(template.fields, answers):
        field = template.field(field_id)
        if field is not None and (field.question_key is None or field.question_key in started):
            items.append(ReadinessItem(missing_in_words(case, template, field), True, Target.FIELD, field_id))
    items += _language_items(template, answers, case)
    items += _signing_date_items(template, answers, today)
    profile = snapshot.profile
    if not profile.name or not profile.licenses:
        items.append(
            ReadinessItem("Your profile needs your name and a license (File › Physician profile)", True, Target.PROFILE)
        )
    items += conflict_items(case, profile.conflicts, snapshot.acknowledged_conflicts)
    return items


def question_keys_answered(template: FindingsTemplate, answers: Mapping[str, Any]) -> set[str]:
    """Questions whose every required, visible field has an answer."""
    missing = set(missing_required(template.fields, answers))
    keys = {f.question_key for f in template.fields if f.question_key}
    return {
        key
        for key in keys
        if not any(f.id in missing for f in template.fields if f.question_key == key)
        and any(f.id in answers for f in template.fields if f.question_key == key)
    }


def question_state(template: FindingsTemplate, answers: Mapping[str, Any], question_key: str) -> str:
    """not_started, in_progress, complete or needs_attention, as the question list shows it.

    A question needs attention when the language linter finds a problem in its answers (conclusory or
    possibility wording, no guideline named) or one of its answers is no longer valid for the form.
    """
    fields = [f for f in template.fields if f.question_key == question_key]
    if not any(f.id in answers for f in fields):
        return "not_started"
    if question_key in questions_needing_attention(template, answers):
        return "needs_attention"
    return "complete" if question_key in question_keys_answered(template, answers) else "in_progress"


def language_notes(template: FindingsTemplate, answers: Mapping[str, Any]) -> dict[str, str]:
    """What the language checks say of each answer, by field id: shown under the field as it is written.

    The same findings as *Before signing* lists (conclusory wording, possibility language, a
    non-certification without a guideline), where the physician is writing rather than far from it.
    """
    notes: dict[str, list[str]] = {}
    for item in _language_items(template, answers):
        if item.field_id:
            notes.setdefault(item.field_id, []).append(item.text)
    return {field_id: "\n".join(texts) for field_id, texts in notes.items()}


def questions_needing_attention(template: FindingsTemplate, answers: Mapping[str, Any]) -> set[str]:
    """The question keys with a language-linter problem or an answer the form refuses.

    A problem in what is written (a conclusory rationale) counts at once; one about what is not yet
    written (no guideline for a non-certification) only once the question's required fields are all
    answered, so that a question being worked through in order reads "in progress".
    """
    answered = question_keys_answered(template, answers)
    by_id = {f.id: f.question_key for f in template.fields}
    flagged = {
        item.field_id
        for item in _language_items(template, answers)
        if item.field_id and (item.field_id in answers or by_id.get(item.field_id) in answered)
    }
    for field in template.fields:
        value = answers.get(field.id)
        # The code set is not asked here (its first load takes seconds); the ICD-10 editor flags codes itself.
        if field.question_key and value is not None and visible(field, answers) and validate_value(field, value):
            flagged.add(field.id)
    return {key for field_id in flagged if (key := by_id.get(field_id))}


def _signing_date_items(template: FindingsTemplate, answers: Mapping[str, Any], today: dt.date) -> list[ReadinessItem]:
    """A declaration dated another day than the signature is a reason vendors send reports back."""
    items = []
    for field in template.fields:
        value = answers.get(field.id)
        dated_otherwise = isinstance(value, str) and value != today.isoformat()
        if field.type is FieldType.DATE and field.id.endswith("date_signed") and dated_otherwise:
            items.append(
                ReadinessItem(
                    f"{field.spec.label} is {value}, not today ({today.isoformat()}): "
                    "the declaration should carry the day you sign",
                    False,
                    Target.FIELD,
                    field.id,
                )
            )
    return items


def _language_items(
    template: FindingsTemplate, answers: Mapping[str, Any], case: Case | None = None
) -> list[ReadinessItem]:
    """The linters' findings on what is written; with ``case``, each said where it is (for the list)."""
    items: list[ReadinessItem] = []
    for field in template.fields:
        if not visible(field, answers) or field.id not in answers:
            continue
        value = answers[field.id]
        name = field.id.rsplit(".", 1)[-1]
        prefix = field.id.rsplit(".", 1)[0]
        if name == "rationale" and isinstance(value, str):
            value = plain_text(value)  # the linters read the words, not the formatting
            cites = bool(answers.get(f"{prefix}.citations"))
            issues = lint_rationale(value, cites_records=cites)
            topic = _topic_of(template, field)
            if topic is QuestionTopic.CAUSATION:
                issues += lint_causation(value)
        elif name == "determination" and isinstance(value, str):
            issues = lint_necessity(plain_text(value), guideline_given=bool(answers.get(f"{prefix}.guideline")))
        else:
            continue
        for issue in issues:
            # The item leads to the field the issue is about (the guideline a non-certification lacks).
            hinted = f"{prefix}.{issue.field_hint}"
            target = hinted if template.field(hinted) is not None else field.id
            text = issue.message if case is None else issue_in_words(case, template, field, issue.message)
            items.append(ReadinessItem(text, issue.blocking, Target.FIELD, target))
    return items


def _topic_of(template: FindingsTemplate, field: AnswerField) -> QuestionTopic | None:
    group = field.group.split(".")[0]
    try:
        return QuestionTopic(group)
    except ValueError:
        return None


def load_code_set() -> None:
    """Load the ICD-10-CM code set now (about 2 s), so the first code typed does not wait for it."""
    is_billable("M51.16")
