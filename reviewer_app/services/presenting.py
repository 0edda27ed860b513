"""Cases as JSON documents, the shape the command line's ``--json`` prints."""

from __future__ import annotations

from typing import Any

from reviewer_app.domain.case import Case, CaseSummary


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def summary_as_json(summary: CaseSummary) -> dict[str, Any]:
    return {
        "id": summary.id,
        "reference": summary.reference,
        "vendor": summary.vendor,
        "service": summary.service.value,
        "claimant": {"given": summary.claimant.given, "family": summary.claimant.family},
        "claim_number": summary.claim_number,
        "line_of_business": summary.line_of_business.value if summary.line_of_business else None,
        "jurisdiction": summary.jurisdiction,
        "received_at": _iso(summary.received_at),
        "due_at": _iso(summary.due_at),
        "status": summary.status.value,
        "related_reference": summary.related_reference,
    }


def case_as_json(case: Case) -> dict[str, Any]:
    d = case.details
    c = d.claimant
    return {
        "id": case.id,
        "reference": d.reference,
        "vendor": {"name": d.vendor.name, "contact": d.vendor.contact, "phone": d.vendor.phone},
        "service": d.service.value,
        "form": d.form_id,
        "line_of_business": d.line_of_business.value if d.line_of_business else None,
        "jurisdiction": d.jurisdiction,
        "specialty_requested": d.specialty_requested,
        "received_at": _iso(d.received_at),
        "due_at": _iso(d.due_at),
        "related_reference": d.related_reference,
        "instructions": d.instructions,
        "status": case.status.value,
        "version": case.version,
        "imported_at": _iso(case.imported_at),
        "claimant": {
            "name": {"given": c.name.given, "family": c.name.family},
            "date_of_birth": _iso(c.date_of_birth),
            "sex": c.sex,
            "claim_number": c.claim_number,
            "date_of_injury": _iso(c.date_of_injury),
            "employer": c.employer,
            "occupation": c.occupation,
            "mechanism_of_injury": c.mechanism_of_injury,
        },
        "requested_services": [
            {
                "id": s.key,
                "description": s.description,
                "code": s.code,
                "code_system": s.code_system,
                "quantity": s.quantity,
                "unit": s.unit,
                "requested_by": s.requested_by,
                "requested_on": _iso(s.requested_on),
            }
            for s in d.requested_services
        ],
        "questions": [
            {"id": q.key, "text": q.text, "topic": q.topic.value, "services": list(q.service_keys)} for q in d.questions
        ],
        "records": [
            {
                "id": r.id,
                "path": r.path,
                "title": r.title,
                "sha256": r.sha256,
                "viewable_sha256": r.viewable,
                "media_type": r.media_type.value,
                "pages": r.page_count,
                "state": r.state.value,
                "state_detail": r.state_detail,
                "kind": r.kind,
                "provider": r.provider,
                "date_from": _iso(r.date_from),
                "date_to": _iso(r.date_to),
                "version": r.version,
            }
            for r in case.records
        ],
        "pages": case.page_count,
        "warnings": [w.message for w in case.warnings],
    }
