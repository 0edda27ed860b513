"""Where a field sits, in the physician's words, for the "Before signing" list and `reviewer check`.

"Question 2 (Medical necessity), Lumbar epidural steroid injection: “Determination” is not chosen"
rather than "q2.svc1.determination: Determination is required"; the field id stays on the item
(``ReadinessItem.field_id``) for the window to jump to it.
"""

from __future__ import annotations

from reviewer_app.domain.case import Case
from reviewer_app.domain.forms import AnswerField, FieldType
from reviewer_app.services.case_work import FindingsTemplate


def field_place(case: Case, template: FindingsTemplate, field: AnswerField) -> str:
    """The question (number, topic and service), the overlay or the report section a field belongs to."""
    questions = case.details.questions
    if field.question_key is not None:
        number, question = next(
            ((n, q) for n, q in enumerate(questions, 1) if q.key == field.question_key), (None, None)
        )
        place = f"Question {number} ({question.topic.label})" if number and question else "A referral question"
        if field.service_key is not None:
            service = next((s for s in case.details.requested_services if s.key == field.service_key), None)
            place += f", {service.description if service is not None else 'a requested service'}"
        return place
    if field.overlay is not None:
        overlay = next((o for o in template.overlays if o.key == field.overlay), None)
        if overlay is not None:
            return overlay.title
    section_id = field.group.split(".", 1)[0]
    section = next((s for s in template.form.sections if s.id == section_id), None)
    return section.title if section is not None else "The report"


def missing_in_words(case: Case, template: FindingsTemplate, field: AnswerField) -> str:
    """What the physician must still do for a required field left empty."""
    place = field_place(case, template, field)
    label = field.spec.label
    if field.type is FieldType.YES_NO:
        missing = "not answered"
    elif field.type in (FieldType.CHOICE, FieldType.MULTI_CHOICE):
        missing = "not chosen"
    else:
        missing = "not filled in"
    if place.casefold() == label.casefold():  # a section of one field: "Clinical summary is not filled in"
        return f"{place} is {missing}"
    return f"{place}: \u201c{label}\u201d is {missing}"


def issue_in_words(case: Case, template: FindingsTemplate, field: AnswerField, message: str) -> str:
    """A language or consistency problem of a field's answer, said where it is."""
    place, label = field_place(case, template, field), field.spec.label
    return f"{place}: {message}" if place.casefold() == label.casefold() else f"{place}, \u201c{label}\u201d: {message}"
