"""The report's content, worked out from a case: what it prints, in the physician's words, before any layout.

Reads the case, the profile, the findings (through ``services.findings``), page counts and citations, and
returns a :class:`~reviewer_app.domain.report.ReportContent` that ``reviewer_app.reports.render_report`` lays
out. Choice values become their labels, numbers get their units, citations become "Rec. 3, p. 12" against
the numbered records-reviewed list, and fields with no answer (or hidden by their condition) are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from reviewer_app.codes.icd10cm import describe
from reviewer_app.domain.case import Case, QuestionTopic, RequestedService
from reviewer_app.domain.errors import InvalidInput
from reviewer_app.domain.forms import (
    AnswerField,
    FieldSpec,
    FieldType,
    FormDefinition,
    Overlay,
    display_text,
    guideline_text,
    is_empty_answer,
    short_date,
    visible,
)
from reviewer_app.domain.impairment import combine_whole_person
from reviewer_app.domain.profile import PhysicianProfile
from reviewer_app.domain.range_of_motion import deficit_lines
from reviewer_app.domain.report import (
    AnswerChange,
    AnswerItem,
    AnswerPart,
    Attestation,
    CitationsItem,
    Declaration,
    Determination,
    LabelledValue,
    Letterhead,
    OriginalReportRef,
    PageReference,
    QuestionAnswer,
    ReportContent,
    SectionContent,
    Signature,
    TableItem,
    TextItem,
    long_date,
    one_citation_list,
    record_reference,
)
from reviewer_app.domain.review import Citation, PageCounts, attested_review
from reviewer_app.domain.signed_report import changed_fields
from reviewer_app.domain.work_capacity import strength_level
from reviewer_app.services.cases import find_case
from reviewer_app.services.citations import list_citations
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.findings import FindingsTemplate, findings_template, get_answers
from reviewer_app.services.profile import get_profile
from reviewer_app.services.report_records import chronology_table, key_pages, new_records, record_numbers, records_list
from reviewer_app.services.review import duplicate_groups, review_state

# Case-level sections printed before the answers: what the IME physician learnt at the exam.
_SECTIONS_BEFORE = ("clinical_summary", "records_summary", "history", "examination")
# Overlay fields printed as the place and date of signing rather than as answers.
_PLACE_FIELD, _DATE_FIELD = "attestation.county", "attestation.date_signed"


def build_report_content(
    folder: DataFolder,
    case_ref: Case | str,
    *,
    draft: bool,
    report_date: dt.date | None = None,
    addendum_of: OriginalReportRef | None = None,
    template: FindingsTemplate | None = None,
    answers: Mapping[str, Any] | None = None,
    profile: PhysicianProfile | None = None,
) -> ReportContent:
    """The content of the case's report, as of ``report_date`` (today by the folder's clock when omitted).

    ``draft`` marks every page DRAFT and leaves the signature block unsigned; ``addendum_of`` makes it an
    addendum to a signed report (its date, SHA-256 and what changed). A use case that has already loaded
    the case's ``template``, ``answers`` or the ``profile`` passes them, so that the report is built
    from the same snapshot the use case checked (and the forms are not parsed again); what is not
    given is loaded here.
    """
    case = case_ref if isinstance(case_ref, Case) else find_case(folder, case_ref)
    template = template if template is not None else findings_template(folder, case)
    answers = answers if answers is not None else get_answers(folder, case)
    profile = profile if profile is not None else get_profile(folder)
    copies = duplicate_groups(folder, case.id)  # once: the page counts and the table's copies
    counts = review_state(folder, case.id, copies, case).counts
    citations = list_citations(folder, case.id)
    day = report_date or folder.clock().date()
    builder = _Builder(case, template, answers)

    title = f"{template.form.title} report"
    if addendum_of is not None and template.form.id != "addendum":
        title = f"Addendum to the {template.form.title.lower()} report"
    claimant = case.details.claimant
    return ReportContent(
        title=title,
        form_key=template.form.key,
        form_title=template.form.title,
        report_date=day,
        draft=draft,
        letterhead=Letterhead(profile.name, profile.credentials, profile.address, profile.phone, profile.email),
        claimant_name=f"{claimant.name.given} {claimant.name.family}".strip(),
        claim_number=claimant.claim_number or "",
        reference=case.reference,
        identification=_identification(case, day),
        questions=builder.questions(citations),
        records=records_list(case),
        chronology=chronology_table(folder, case, copies),
        page_counts=counts,
        signature=_signature(profile),
        attestation=builder.attestation(profile, counts, _disclosed(folder, case, profile)),
        determinations=builder.determinations(),
        key_pages=key_pages(case, citations),
        sections_before=builder.sections(before=True),
        sections_after=builder.sections(before=False),
        addendum_of=addendum_of,
        addendum_new_records=new_records(case, addendum_of),
    )


# ---------------------------------------------------------------------------------------------------------
# Case details


def _identification(case: Case, day: dt.date) -> tuple[LabelledValue, ...]:
    d = case.details
    c = d.claimant
    rows: list[tuple[str, str | None]] = [
        ("Claimant", f"{c.name.given} {c.name.family}".strip()),
        ("Date of birth", short_date(c.date_of_birth) if c.date_of_birth else None),
        ("Claim number", c.claim_number),
        ("Date of injury", short_date(c.date_of_injury) if c.date_of_injury else None),
        ("Employer", c.employer),
        ("Occupation", c.occupation),
        ("Jurisdiction", d.jurisdiction),
        ("Line of business", d.line_of_business.label if d.line_of_business else None),
        ("Referred by", f"{d.vendor.name}, reference {d.reference}"),
        ("Service", d.service.label if d.service.value != "ime" else "Independent medical examination"),
        ("Specialty requested", d.specialty_requested),
        ("Follows", d.related_reference),
        ("Examination", _exam_line(d.exam)),
        ("Interpreter", _language(d.exam.get("interpreter_language"))),
        ("Date received", short_date(d.received_at.date()) if d.received_at else None),
        ("Date of report", short_date(day)),
    ]
    return tuple(LabelledValue(label, value) for label, value in rows if value)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


_LANGUAGES = {
    "es": "Spanish", "zh": "Chinese", "vi": "Vietnamese", "ko": "Korean", "tl": "Tagalog", "hy": "Armenian",
    "ru": "Russian", "ar": "Arabic", "pa": "Punjabi", "fa": "Persian", "pt": "Portuguese", "fr": "French",
}  # fmt: skip


def _language(value: Any) -> str | None:
    """The interpreter's language as a word: referrals give ISO 639-1 codes ("es")."""
    code = _text(value)
    if not code:
        return None
    return f"{_LANGUAGES.get(code.lower(), code)} interpreter requested"


def _exam_line(exam: Mapping[str, Any]) -> str | None:
    when = _text(exam.get("scheduled_at"))
    place = _text(exam.get("location"))
    if when:
        try:
            moment = dt.datetime.fromisoformat(when)
            when = f"{short_date(moment.date())} at {moment:%H:%M}"
        except ValueError:
            pass
    return ", ".join(part for part in (when, place) if part) or None


def _signature(profile: PhysicianProfile) -> Signature:
    image: bytes | None = None
    if profile.signature_image:
        path = Path(profile.signature_image).expanduser()
        if path.is_file():
            image = path.read_bytes()
    return Signature(
        name=profile.name,
        credentials=profile.credentials,
        licences=tuple(f"{lic.state} {lic.number}" for lic in profile.licenses),
        specialties=profile.specialties,
        image_png=image,
    )


# ---------------------------------------------------------------------------------------------------------
# Answers


def describe_changes(
    case: Case, template: FindingsTemplate, before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[AnswerChange, ...]:
    """The answers an addendum changes, each as the report prints values (labels, dates, "Rec. 3, p. 12")."""
    old, new = _Builder(case, template, before), _Builder(case, template, after)
    changes = []
    for field_id in changed_fields(before, after):
        field = template.field(field_id)
        if field is None:  # an answer of a form version no longer shown
            changes.append(AnswerChange(field_id, str(before.get(field_id, "")), str(after.get(field_id, ""))))
            continue
        changes.append(
            AnswerChange(
                field.label, old.summary(field.spec, before.get(field_id)), new.summary(field.spec, after.get(field_id))
            )
        )
    return tuple(changes)


class _Builder:
    """Turns the answers of one case into report items, with the case's record numbering."""

    def __init__(self, case: Case, template: FindingsTemplate, answers: Mapping[str, Any]) -> None:
        self.case = case
        self.template = template
        self.form: FormDefinition = template.form
        self.answers = answers
        self.by_path, self.by_id = record_numbers(case)

    # -- values ---------------------------------------------------------------------------------------

    def page(self, citation: Mapping[str, Any]) -> PageReference | None:
        number = self.by_path.get(str(citation.get("record")))
        page = citation.get("page")
        if number is None or not isinstance(page, int):
            return None
        return PageReference(number, page, _text(citation.get("note")))

    def cell(self, spec: FieldSpec, value: Any, with_unit: bool = True) -> str:
        """A value as text; ``with_unit`` False in table cells, whose heading carries the unit."""
        if spec.type is FieldType.CITATIONS:
            pages = [self.page(c) for c in value]
            return "; ".join(p.reference for p in pages if p)
        if spec.type is FieldType.TABLE:
            return ""  # tables are items, never cells
        return display_text(spec, value, with_unit=with_unit, describe_code=describe if with_unit else None)

    def summary(self, spec: FieldSpec, value: Any) -> str:
        """A value in one line, a table as its number of rows."""
        if is_empty_answer(value):
            return "(no answer)"
        if spec.type is FieldType.TABLE:
            return f"{len(value)} row(s)" if isinstance(value, list) else ""
        return self.cell(spec, value)

    def item(self, spec: FieldSpec, value: Any, label: str | None = None) -> AnswerItem:
        label = label or spec.label
        if spec.type is FieldType.CITATIONS:
            return CitationsItem(label, tuple(p for p in (self.page(c) for c in value) if p))
        if spec.type is FieldType.TABLE:
            rows_in = [row for row in value if isinstance(row, dict)]
            # A column no row fills (an optional "Duration") is left out rather than printed empty.
            specs = [c for c in spec.columns if any(not is_empty_answer(row.get(c.id)) for row in rows_in)]
            columns = tuple(f"{c.label} ({c.unit})" if c.unit else c.label for c in specs)
            rows = tuple(
                tuple("" if is_empty_answer(row.get(c.id)) else self.cell(c, row[c.id], with_unit=False) for c in specs)
                for row in rows_in
            )
            return TableItem(label, columns, rows)
        return TextItem(label, self.cell(spec, value))

    def items(self, fields: Sequence[AnswerField]) -> list[AnswerItem]:
        """The answered, visible fields in form order, with the figures the report works out from them."""
        out: list[AnswerItem] = []
        for field in fields:
            value = self.answers.get(field.id)
            if visible(field, self.answers) and not is_empty_answer(value):
                item = self.item(field.spec, value)
                if field.group == "examination.waddell_signs" and isinstance(item, TextItem):
                    item = TextItem(
                        item.label,
                        item.value,
                        _waddell_note(len(value) if isinstance(value, list) else 0, field.spec.help),
                    )
                out.append(item)
                if field.group == "impairment.ratings":
                    out.extend(_combined_impairment(value))
                if field.group == "examination.range_of_motion":
                    out.extend(_motion_deficits(value))
            if field.group == "work_status.lift_constantly" and visible(field, self.answers):
                out.extend(self.strength_level(field.id.rsplit(".", 1)[0]))
        return out

    def strength_level(self, prefix: str) -> list[AnswerItem]:
        lifts = [self.answers.get(f"{prefix}.lift_{how}") for how in ("occasionally", "frequently", "constantly")]
        if not isinstance(lifts[0], int | float) or isinstance(lifts[0], bool):
            return []
        # An unstated frequency is read as negligible (0 lb): the level is never heavier than the pounds given.
        pounds = [float(v) if isinstance(v, int | float) and not isinstance(v, bool) else 0.0 for v in lifts]
        level = strength_level(*pounds)
        return [TextItem("DOT strength level", f"{level.label}: {level.demands}")]

    # -- questions ------------------------------------------------------------------------------------

    def questions(self, citations: Sequence[Citation]) -> tuple[QuestionAnswer, ...]:
        services = {s.key: s for s in self.case.details.requested_services}
        out = []
        for number, question in enumerate(self.case.details.questions, 1):
            block = self.form.block_for(question.topic)
            fields = [f for f in self.template.fields if f.question_key == question.key and f.overlay is None]
            parts: list[AnswerPart] = []
            if block.per_service and question.service_keys:
                for key in question.service_keys:
                    own = [f for f in fields if f.service_key == key]
                    service = services.get(key)
                    heading = _requested(service) if service else key
                    parts.append(AnswerPart(tuple(self.items(own)), heading))
            else:
                parts.append(AnswerPart(tuple(self.items(fields))))
            # One list of the records relied on: the pages cited from the viewer join those the fields name.
            answered = one_citation_list(parts, self.finding_pages(citations, question.key))
            out.append(QuestionAnswer(number, question.text, block.title, tuple(p for p in answered if p.items)))
        return tuple(out)

    def finding_pages(self, citations: Sequence[Citation], question_key: str) -> tuple[PageReference, ...]:
        return tuple(
            PageReference(self.by_id[c.record_id], c.page_number, c.note, c.quote)
            for c in citations
            if c.kind == "finding" and c.question_key == question_key and c.record_id in self.by_id
        )

    def determinations(self) -> tuple[Determination, ...]:
        """One row per requested service a necessity question names."""
        services = {s.key: s for s in self.case.details.requested_services}
        rows = []
        for number, question in enumerate(self.case.details.questions, 1):
            block = self.form.block_for(question.topic)
            if block.topic is not QuestionTopic.NECESSITY or not block.per_service:
                continue
            for key in question.service_keys:
                prefix = f"{question.key}.{key}."
                service = services.get(key)
                rows.append(self.determination(prefix, service, key, number))
        return tuple(rows)

    def determination(self, prefix: str, service: RequestedService | None, key: str, number: int) -> Determination:
        fields = {f.spec.id: f for f in self.template.fields if f.id.startswith(prefix)}

        def shown(name: str) -> str:
            field = fields.get(name)
            value = self.answers.get(prefix + name)
            if field is None or is_empty_answer(value) or not visible(field, self.answers):
                return ""
            if name == "approved_quantity" and service is not None and service.unit:
                return _quantity(value, service.unit)
            return self.cell(field.spec, value)

        approved = ", ".join(p for p in (shown(n) for n in ("approved_quantity", "approved_frequency")) if p)
        duration = shown("approved_duration")
        if duration:
            approved = f"{approved}, for {duration}" if approved else duration
        return Determination(
            requested=_requested(service) if service else key,
            determination=shown("determination") or "Not yet answered",
            approved=approved,
            guideline=shown("guideline"),
            question_number=number,
        )

    # -- sections and attestation ---------------------------------------------------------------------

    def sections(self, *, before: bool) -> tuple[SectionContent, ...]:
        out = []
        for section in self.form.sections:
            if (section.id in _SECTIONS_BEFORE) != before:
                continue
            fields = [f for f in self.template.fields if f.group.startswith(f"{section.id}.") and f.overlay is None]
            items = self.items(fields)
            if items:
                out.append(SectionContent(section.title, tuple(items)))
        return tuple(out)

    def attestation(
        self, profile: PhysicianProfile, counts: PageCounts, disclosed: Mapping[str, str] | None = None
    ) -> Attestation:
        details = self.case.details
        statements = [_identity_statement(profile)]
        # The same figures as the records list's totals line (domain.review), so the two never disagree.
        statements.append(attested_review(counts, len(self.case.records)))
        # A conflict acknowledged before signing is disclosed here: the report never attests "no conflict" over it.
        disclosure = "".join(
            f"I disclose a relationship with {name}: {why.rstrip('. ')}. " for name, why in (disclosed or {}).items()
        )
        statements.append(
            "I have no treating relationship with the claimant and no prior involvement in this case. "
            + disclosure
            + f"I have no {'other ' if disclosure else ''}conflict of interest with the parties, providers, facilities "
            "or manufacturers involved, and my compensation does not depend on the outcome of this review."
        )
        if details.service.value in ("peer_review", "records_review"):
            statements.append("I did not examine the claimant; my opinions rest on the records listed.")
        overlays: Sequence[Overlay] = self.template.overlays
        declarations = tuple(Declaration(o.title, o.declaration.strip()) for o in overlays if o.declaration.strip())
        declaring = {o.key for o in overlays if o.declaration.strip()}
        overlay_fields = [
            f
            for f in self.template.fields
            if f.overlay is not None
            and f.id not in (_PLACE_FIELD, _DATE_FIELD)
            # A yes confirming the overlay's own declaration ("No violation of Labor Code 139.3") is what the
            # declaration printed above says already: printed again it reads as the declaration twice.
            and not (f.overlay in declaring and f.type is FieldType.YES_NO and self.answers.get(f.id) is True)
        ]
        return Attestation(
            statements=tuple(statements),
            declarations=declarations,
            items=tuple(self.items(overlay_fields)),
            place_and_date=self.place_and_date(),
        )

    def place_and_date(self) -> str:
        county = _text(self.answers.get(_PLACE_FIELD))
        signed = self.answers.get(_DATE_FIELD)
        if county and not county.lower().endswith("county"):
            county += " County"
        parts = []
        if isinstance(signed, str) and signed:
            try:
                parts.append(f"on {long_date(dt.date.fromisoformat(signed))}")
            except ValueError:
                raise InvalidInput(f"{_DATE_FIELD}: {signed!r} is not a date") from None
        if county:
            state = self.case.details.jurisdiction or ""
            parts.append(f"in {county}{', ' + _state_name(state) if state else ''}")
        return f"Executed {' '.join(parts)}." if parts else ""


def _disclosed(folder: DataFolder, case: Case, profile: PhysicianProfile) -> dict[str, str]:
    """The conflicts of interest the physician acknowledged in this case (still in the profile), with the reasons."""
    from reviewer_app.services.conflicts import acknowledged_conflicts

    return {k: v for k, v in acknowledged_conflicts(folder, case.id).items() if k in profile.conflicts}


def _state_name(code: str) -> str:
    names = {"CA": "California", "NY": "New York", "TX": "Texas"}
    return names.get(code.strip().upper(), code)


def _quantity(value: Any, unit: str | None) -> str:
    text = f"{value:g}" if isinstance(value, float) else str(value)
    if not unit:
        return text
    plural = unit if value == 1 or unit.endswith("s") else f"{unit}s"
    return f"{text} {plural}"


def _requested(service: RequestedService) -> str:
    """A requested service as the determinations table prints it: description, code, quantity."""
    text = service.description
    if service.code:
        text += f" ({service.code_system + ' ' if service.code_system else ''}{service.code})"
    if service.quantity is not None:
        text += f", {_quantity(service.quantity, service.unit)}"
    if service.requested_by:
        text += f"; requested by {service.requested_by}"
        if service.requested_on:
            text += f" on {short_date(service.requested_on)}"
    return text


def _identity_statement(profile: PhysicianProfile) -> str:
    who = ", ".join(p for p in (profile.name, profile.credentials) if p) or "The undersigned physician"
    parts = [f"I am {who}"]
    if profile.specialties:
        parts.append(f"practicing {' and '.join(profile.specialties)}")
    if profile.board_certifications:
        parts.append(f"board certified in {', '.join(profile.board_certifications)}")
    if profile.licenses:
        licences = ", ".join(f"{lic.state} {lic.number}" for lic in profile.licenses)
        parts.append(f"licensed to practice medicine ({licences})")
    return ", ".join(parts) + "."


def _waddell_note(count: int, caution: str) -> str:
    signs = f"{count} of 5 signs present"
    if count >= 3:
        signs += " (positive screen)"
    return f"{signs}. {caution}" if caution else signs


def _motion_deficits(table: Any) -> list[AnswerItem]:
    lines = deficit_lines(table)
    if not lines:
        return []
    how = "The greatest of up to three measurements is used; normal values from the AMA Guides unless given."
    return [TextItem("Range of motion deficits", "\n".join(lines), how)]


def _combined_impairment(ratings: Any) -> list[AnswerItem]:
    values = [
        row["whole_person_percent"]
        for row in ratings
        if isinstance(row, dict) and isinstance(row.get("whole_person_percent"), int | float)
    ]
    if not values:
        return []
    total = combine_whole_person(values)
    how = "the only rating" if len(values) == 1 else "Combined Values formula A + B(1 − A), largest first"
    return [TextItem("Combined whole-person impairment", f"{total}%", how)]


__all__ = ["build_report_content", "guideline_text", "record_reference", "short_date"]
