"""Which keys ``case.json`` may hold where, and which text cap each key's value takes."""

from __future__ import annotations

# Text values capped at ManifestLimits.short_text (codes, ids, dates), long_text or free_text, by key;
# any other key's text is capped at ManifestLimits.text.
SHORT_KEYS = frozenset(
    {
        *("format", "reference", "service", "form", "line_of_business", "jurisdiction", "received_at"),
        *("due_at", "related_reference", "phone", "given", "family", "date_of_birth", "sex", "claim_number"),
        *("date_of_injury", "id", "code", "code_system", "unit", "requested_on", "topic", "sha256", "kind"),
        *("date_from", "date_to"),
    }
)
LONG_KEYS = frozenset({"text"})  # a referral question
FREE_KEYS = frozenset({"instructions", "mechanism_of_injury"})

# The keys bundle-format.md defines, per object; others are kept, ignored and reported once.
KNOWN_KEYS: dict[str, frozenset[str]] = {
    "": frozenset(
        {
            "format",
            "format_version",
            "case",
            "claimant",
            "claim",
            "parties",
            "requested_services",
            "questions",
            "billing",
            "records",
        }
    ),
    "case": frozenset(
        {
            "reference",
            "vendor",
            "service",
            "form",
            "line_of_business",
            "jurisdiction",
            "specialty_requested",
            "received_at",
            "due_at",
            "related_reference",
            "instructions",
            "exam",
        }
    ),
    "case.vendor": frozenset({"name", "contact", "phone"}),
    "case.exam": frozenset({"scheduled_at", "location", "interpreter_language"}),
    "claimant": frozenset(
        {
            "name",
            "date_of_birth",
            "sex",
            "claim_number",
            "date_of_injury",
            "employer",
            "occupation",
            "mechanism_of_injury",
        }
    ),
    "claimant.name": frozenset({"given", "family"}),
    "claim": frozenset({"accepted_conditions", "disputed_conditions", "body_parts"}),
    "parties": frozenset({"treating_providers", "insurer", "adjuster", "attorneys", "employer_contact"}),
    "requested_services[]": frozenset(
        {"id", "description", "code", "code_system", "quantity", "unit", "requested_by", "requested_on"}
    ),
    "questions[]": frozenset({"id", "text", "topic", "services"}),
    "billing[]": frozenset(
        {"date_of_service", "code", "code_system", "units", "charge", "provider", "diagnosis_codes"}
    ),
    "records[]": frozenset({"path", "sha256", "title", "kind", "provider", "date_from", "date_to"}),
}
