"""What the physician is shown: cases as JSON documents (the command line's ``--json``), and
any failure in words (the one way from an exception to the screen)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reviewer_app.diagnostics import LOG_NAME, write_failure_message
from reviewer_app.domain.case import Case, CaseSummary
from reviewer_app.domain.errors import ReviewerError

log = logging.getLogger(__name__)


def log_file_of(data_dir: Path) -> Path:
    """Where the application's log of a data folder is (``diagnostics.configure_logging`` writes it)."""
    return data_dir / "logs" / LOG_NAME


def failure_in_words(exc: BaseException, data_dir: Path, where: str = "") -> str:
    """The one way from a failure to the physician: what happened and what to do next, never raw text.

    A :class:`ReviewerError` says it in its own words; a disk that refused a write says so. Anything
    else was not expected: it is logged with its traceback (the log keeps every frame but withholds
    exceptions' messages, which may name a patient) and the physician is told where the log is.
    ``where`` names what failed ("Draft report"), for the log.
    """
    if isinstance(exc, ReviewerError):
        return str(exc)
    if isinstance(exc, OSError):
        message = write_failure_message(exc, data_dir)
        if message is not None:
            return message
    log.error("unexpected error (%s)", where or "no handler", exc_info=(type(exc), exc, exc.__traceback__))
    return (
        "Something went wrong that the application did not expect, so this was not done. The work you "
        f"saved before is kept. Try again; if it happens again, send the log {log_file_of(data_dir)} "
        "(it names no patient) to your support contact."
    )


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


def case_as_json(case: Case, pages_reviewed: Mapping[int, int] | None = None) -> dict[str, Any]:
    """The case as ``reviewer show --json`` prints it; ``pages_reviewed`` per record id (absent: 0)."""
    reviewed = pages_reviewed or {}
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
                "state": "purged" if r.purged else r.state.value,  # its file and text are gone
                "state_detail": r.state_detail,
                "kind": r.kind,
                "provider": r.provider,
                "date_from": _iso(r.date_from),
                "date_to": _iso(r.date_to),
                "version": r.version,
                "pages_reviewed": reviewed.get(r.id, 0) if r.id is not None else 0,
            }
            for r in case.records
        ],
        "pages": case.page_count,
        "pages_reviewed": sum(reviewed.values()),
        "warnings": [w.message for w in case.warnings],
    }


def snippet_as_plain_text(html: str) -> str:
    """A search hit's snippet for a list item: plain text, the matched words' bold as guillemets."""
    return (
        html.replace("<b>", "«")
        .replace("</b>", "»")
        .replace("&quot;", '"')
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
    )
