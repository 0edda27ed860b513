"""The physician's phrase library and guideline-citation library, and placeholders filled from the case.

A phrase is a reusable snippet of report text such as "{claimant} was examined on {exam_date}."; when the
physician inserts it, each ``{placeholder}`` is replaced by the case's detail. A placeholder the case has
no value for, or one not known at all, is left as written so the physician sees what is missing.

A guideline citation (source, name, edition, section) fills a guideline answer in one step.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reviewer_app.domain.case import CaseDetails
from reviewer_app.domain.errors import InvalidInput
from reviewer_app.domain.forms import GUIDELINE_SOURCES, FieldSpec, FieldType, validate_value

#: The placeholders a phrase can use, with what each is replaced by.
PLACEHOLDERS: dict[str, str] = {
    "claimant": "the claimant's full name (Marisol Ortega)",
    "claimant_given": "the claimant's given name",
    "claimant_family": "the claimant's family name",
    "title": "Ms. or Mr. by the claimant's recorded sex, else the full name",
    "date_of_birth": "the date of birth (YYYY-MM-DD)",
    "age": "the claimant's age today in years",
    "date_of_injury": "the date of injury (YYYY-MM-DD)",
    "claim_number": "the claim number",
    "employer": "the employer",
    "occupation": "the claimant's occupation",
    "body_part": "the claim's body part(s), e.g. lumbar spine",
    "exam_date": "the date of the examination (IME)",
    "reference": "the vendor's case reference",
    "jurisdiction": "the jurisdiction, e.g. CA",
}

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Phrase:
    """A reusable snippet: a short title to pick it by and the text inserted."""

    title: str
    text: str


@dataclass(frozen=True)
class GuidelineCitation:
    """A guideline the physician cites often, as a guideline answer takes it."""

    source: str  # one of GUIDELINE_SOURCES
    section: str
    edition: str = ""
    name: str = ""  # needed for plan policy and other

    @property
    def title(self) -> str:
        """E.g. "MTUS/ACOEM 2026 · Low Back: Epidural steroid injections"."""
        head = " ".join(part for part in (self.name or self.source, self.edition) if part)
        return f"{head} · {self.section}"

    def answer(self) -> dict[str, str]:
        """The value of a guideline field: ``{"source", "section"}`` plus edition and name when given."""
        value = {"source": self.source, "section": self.section}
        if self.edition:
            value["edition"] = self.edition
        if self.name:
            value["name"] = self.name
        return value


def placeholders_of(text: str) -> list[str]:
    """The placeholder names ``text`` uses, in order, each once."""
    return list(dict.fromkeys(_PLACEHOLDER.findall(text)))


def case_values(case: CaseDetails, today: dt.date | None = None) -> dict[str, str]:
    """Each placeholder's value for ``case``; placeholders the case has no value for are absent."""
    claimant = case.claimant
    full = " ".join(part for part in (claimant.name.given, claimant.name.family) if part)
    values: dict[str, str | None] = {
        "claimant": full,
        "claimant_given": claimant.name.given,
        "claimant_family": claimant.name.family,
        "date_of_birth": claimant.date_of_birth.isoformat() if claimant.date_of_birth else None,
        "date_of_injury": claimant.date_of_injury.isoformat() if claimant.date_of_injury else None,
        "claim_number": claimant.claim_number,
        "employer": claimant.employer,
        "occupation": claimant.occupation,
        "reference": case.reference,
        "jurisdiction": case.jurisdiction,
    }
    sex = (claimant.sex or "").strip().lower()
    honorific = {"female": "Ms.", "f": "Ms.", "male": "Mr.", "m": "Mr."}.get(sex)
    values["title"] = f"{honorific} {claimant.name.family}" if honorific and claimant.name.family else full
    if claimant.date_of_birth and today is not None:
        born = claimant.date_of_birth
        values["age"] = str(today.year - born.year - ((today.month, today.day) < (born.month, born.day)))
    parts = case.claim.get("body_parts")
    if isinstance(parts, list | tuple) and parts:
        values["body_part"] = _and_list([str(p) for p in parts])
    elif isinstance(parts, str) and parts.strip():
        values["body_part"] = parts.strip()
    exam_at = case.exam.get("date") or case.exam.get("at") or case.exam.get("scheduled_at")
    if isinstance(exam_at, dt.datetime):
        values["exam_date"] = exam_at.date().isoformat()
    elif isinstance(exam_at, dt.date):
        values["exam_date"] = exam_at.isoformat()
    elif isinstance(exam_at, str) and exam_at.strip():
        values["exam_date"] = exam_at.strip()[:10]
    return {name: value for name, value in values.items() if value}


def _and_list(items: Sequence[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def fill_placeholders(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each ``{name}`` replaced by ``values[name]``; unknown or empty ones stay as written.

    >>> fill_placeholders("{claimant} was injured on {date_of_injury}; {nope}", {"claimant": "Ana Ruiz"})
    'Ana Ruiz was injured on {date_of_injury}; {nope}'
    """

    def replace(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        return value if value else match.group(0)

    return _PLACEHOLDER.sub(replace, text)


def unfilled(text: str, values: Mapping[str, str]) -> list[str]:
    """The placeholders of ``text`` that ``values`` cannot fill (unknown, or the case lacks the detail)."""
    return [name for name in placeholders_of(text) if not values.get(name)]


# -- the libraries as stored (JSON), checked when read and before saved --

_GUIDELINE_SPEC = FieldSpec("guideline", "Guideline", FieldType.GUIDELINE)


def check_phrase(phrase: Phrase) -> str | None:
    """Why ``phrase`` cannot be kept, or None."""
    if not phrase.title.strip():
        return "a phrase needs a title"
    if not phrase.text.strip():
        return f"the phrase {phrase.title!r} has no text"
    return None


def check_guideline(citation: GuidelineCitation) -> str | None:
    """Why ``citation`` cannot be kept (the same rules as a guideline answer), or None."""
    if citation.source not in GUIDELINE_SOURCES:
        return f"{citation.source!r} is not a guideline source ({', '.join(GUIDELINE_SOURCES)})"
    return validate_value(_GUIDELINE_SPEC, citation.answer())


def phrases_from_json(data: Any) -> list[Phrase]:
    """Phrases from ``{"phrases": [{"title", "text"}, ...]}``; raises InvalidInput naming every bad entry."""
    entries = data.get("phrases") if isinstance(data, Mapping) else None
    if not isinstance(entries, list):
        raise InvalidInput('The phrase library must be {"phrases": [{"title": ..., "text": ...}, ...]}.')
    phrases, problems = [], []
    for i, entry in enumerate(entries):
        if (
            not isinstance(entry, Mapping)
            or not isinstance(entry.get("title"), str)
            or not isinstance(entry.get("text"), str)
        ):
            problems.append(f"phrases[{i}]: needs a text title and a text")
            continue
        phrase = Phrase(entry["title"], entry["text"])
        problem = check_phrase(phrase)
        if problem:
            problems.append(f"phrases[{i}]: {problem}")
        else:
            phrases.append(phrase)
    if problems:
        raise InvalidInput("The phrase library has problems:", problems)
    return phrases


def phrases_to_json(phrases: Sequence[Phrase]) -> dict[str, Any]:
    return {"phrases": [{"title": p.title, "text": p.text} for p in phrases]}


def guidelines_from_json(data: Any) -> list[GuidelineCitation]:
    """Citations from ``{"guidelines": [{"source", "section", "edition"?, "name"?}, ...]}``; InvalidInput if bad."""
    entries = data.get("guidelines") if isinstance(data, Mapping) else None
    if not isinstance(entries, list):
        raise InvalidInput('The guideline library must be {"guidelines": [{"source": ..., "section": ...}, ...]}.')
    citations, problems = [], []
    for i, entry in enumerate(entries):
        if not isinstance(entry, Mapping) or not all(
            isinstance(entry.get(k, ""), str) for k in ("source", "section", "edition", "name")
        ):
            problems.append(f"guidelines[{i}]: source, section, edition and name are texts")
            continue
        citation = GuidelineCitation(
            str(entry.get("source", "")),
            str(entry.get("section", "")).strip(),
            str(entry.get("edition", "")).strip(),
            str(entry.get("name", "")).strip(),
        )
        problem = check_guideline(citation)
        if problem:
            problems.append(f"guidelines[{i}]: {problem}")
        else:
            citations.append(citation)
    if problems:
        raise InvalidInput("The guideline library has problems:", problems)
    return citations


def guidelines_to_json(citations: Sequence[GuidelineCitation]) -> dict[str, Any]:
    return {"guidelines": [{k: v for k, v in c.answer().items()} for c in citations]}


#: What a new data folder's phrase library starts with; the physician edits or deletes them freely.
DEFAULT_PHRASES: tuple[Phrase, ...] = (
    Phrase(
        "Identification",
        "{claimant} ({date_of_birth}) was seen for an independent medical evaluation regarding the "
        "{body_part} injury of {date_of_injury} while employed by {employer}, claim {claim_number}.",
    ),
    Phrase(
        "Records reviewed",
        "I have reviewed the records listed in this report, numbered as received, in their entirety.",
    ),
    Phrase(
        "Guideline criteria not met",
        "The request does not meet the cited guideline's criteria because the records do not document ",
    ),
    Phrase(
        "Reasonable medical probability",
        "Within reasonable medical probability, based on the history, the examination and the records cited, ",
    ),
    Phrase(
        "No treating relationship",
        "No physician-patient relationship was created by this evaluation; {title} was so informed.",
    ),
)

#: What a new data folder's guideline library starts with.
DEFAULT_GUIDELINES: tuple[GuidelineCitation, ...] = (
    GuidelineCitation("MTUS/ACOEM", "Low Back Disorders: Epidural steroid injections", "2026"),
    GuidelineCitation("MTUS/ACOEM", "Low Back Disorders: Physical therapy", "2026"),
    GuidelineCitation("ODG", "Low Back: Lumbar fusion", "2026"),
    GuidelineCitation("MCG", "Lumbar MRI, ambulatory care", "28th edition"),
    GuidelineCitation("InterQual", "Imaging: Spine, lumbar MRI", "2026"),
)
