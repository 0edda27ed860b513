"""A linter for findings that reviewers reject: conclusory rationale and possibility language.

What gets a report rejected (NCQA, URAC, state workers' comp rules): a rationale that only says
"not medically necessary" or "does not meet criteria" without the patient's facts; a causation
opinion in possibility language ("could", "may") instead of "within a reasonable degree of medical
probability"; a non-certification or modification with no guideline cited.

The text checks are heuristics, so they are warnings the physician may overrule; only what is
certain (nothing written, no guideline for a non-certification) is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # the report should not be signed like this
    WARNING = "warning"  # likely to draw a rejection; the physician decides

    @property
    def label(self) -> str:
        return "Must fix" if self is Severity.ERROR else "Check"


@dataclass(frozen=True)
class LanguageIssue:
    """One problem in a finding's wording, for the readiness checklist.

    ``field_hint`` names the part of the finding to edit: "rationale", "causation", "guideline" or
    "determination".
    """

    field_hint: str
    message: str
    severity: Severity

    @property
    def blocking(self) -> bool:
        return self.severity is Severity.ERROR


MIN_RATIONALE_WORDS = 25

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.\-/][A-Za-z0-9]+)*")

# Phrases that state a conclusion without a reason (NCQA's examples and their usual variants).
_BOILERPLATE = (
    r"not\s+(?:reasonable\s+(?:and|or)\s+)?medically\s+necessary",
    r"medically\s+unnecessary",
    r"(?:does|do|did)\s+not\s+meet\s+(?:the\s+)?(?:\w+\s+)?(?:criteria|guidelines?)",
    r"not\s+a\s+covered\s+(?:benefit|service)",
    r"not\s+supported\s+by\s+(?:the\s+)?(?:\w+\s+)?(?:guidelines?|criteria)",
    r"not\s+recommended\s+by\s+(?:the\s+)?(?:\w+\s+)?(?:guidelines?|criteria)",
    r"not\s+(?:clinically\s+)?indicated",
    r"not\s+(?:medically\s+)?appropriate",
)
_BOILERPLATE_RE = [re.compile(rf"\b{pattern}\b", re.IGNORECASE) for pattern in _BOILERPLATE]

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_BODY_PARTS = (
    "head|neck|cervical|thoracic|lumbar|lumbosacral|sacral|sacroiliac|coccyx|spine|spinal|back|disc|discs|vertebra"
    "|vertebral|facet|shoulder|shoulders|rotator|arm|elbow|forearm|wrist|wrists|hand|hands|finger|fingers|thumb"
    "|hip|hips|pelvis|thigh|knee|knees|leg|legs|ankle|ankles|foot|feet|toe|toes|heel|chest|abdomen|abdominal"
    "|groin|brain|skull|eye|eyes|ear|ears|jaw|nerve|nerves|root|roots|muscle|muscles|tendon|tendons|ligament"
    "|ligaments|meniscus|labrum|cartilage|joint|joints|bone|bones|skin|l[1-5]|c[1-7]|t[1-9]|t1[0-2]|s1"
)
_FINDING_WORDS = (
    "mri|ct|x-?rays?|radiographs?|imaging|emg|ncs|ncv|fce|ultrasound|exam|examination|examined|findings?"
    "|tender|tenderness|swelling|spasm|atrophy|effusion|range\\s+of\\s+motion|rom|flexion|extension|strength"
    "|weakness|reflex|reflexes|sensation|sensory|numbness|tingling|gait|straight\\s+leg\\s+raise|slr|positive"
    "|negative|normal|abnormal|herniation|herniated|protrusion|bulge|stenosis|fracture|tear|sprain|strain"
    "|radiculopathy|neuropathy|impingement|arthritis|degenerative|surgery|surgical|injection|injections"
    "|therapy|physical\\s+therapy|chiropractic|sessions?|visits?|medications?|nsaids?|opioids?|pain|vas"
    "|improvement|improved|worsened|unchanged|function|functional|symptoms?|complaints?|history|reported"
    "|documented|weeks?|months?|years?|days?|diagnosis|diagnosed|treatment|treated|conservative"
)
_FACTS_RE = re.compile(rf"\d|\b(?:{_MONTHS})\b|\b(?:{_BODY_PARTS})\b|\b(?:{_FINDING_WORDS})\b", re.IGNORECASE)


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _has_patient_facts(text: str) -> bool:
    """Numbers, dates, body parts or clinical findings: signs the rationale is about this patient."""
    return _FACTS_RE.search(text) is not None


def _boilerplate_phrases(text: str) -> list[str]:
    """The conclusory phrases in the text, as written (lower case, single spaces)."""
    found: list[str] = []
    for pattern in _BOILERPLATE_RE:
        for match in pattern.finditer(text):
            phrase = " ".join(match.group(0).lower().split())
            if phrase not in found:
                found.append(phrase)
    return found


def _quoted(phrases: list[str]) -> str:
    return ", ".join(f'"{p}"' for p in phrases)


def lint_rationale(text: str, *, cites_records: bool) -> list[LanguageIssue]:
    """Problems in a rationale: missing, too short, conclusory without patient facts, no records cited.

    ``cites_records``: whether the finding points to at least one record (document and page or date).
    """
    if not text.strip():
        return [
            LanguageIssue(
                "rationale",
                "No rationale written: explain the determination with this patient's facts (diagnosis, "
                "examination and imaging findings, treatment so far and its result, dates) and the guideline applied.",
                Severity.ERROR,
            )
        ]
    issues: list[LanguageIssue] = []
    count = len(_words(text))
    if count < MIN_RATIONALE_WORDS:
        issues.append(
            LanguageIssue(
                "rationale",
                f"The rationale is {count} word{'s' if count != 1 else ''} long, too short to carry the patient's "
                "facts: add the findings, the treatment tried and its result, and how the guideline applies to them.",
                Severity.WARNING,
            )
        )
    if not _has_patient_facts(text):
        boilerplate = _boilerplate_phrases(text)
        if boilerplate:
            message = (
                f"The rationale states a conclusion ({_quoted(boilerplate)}) without the patient's facts; reviewers "
                "reject this as conclusory. Say why for this patient: the diagnosis, examination or imaging findings, "
                "treatment tried and its result, dates, and which guideline criterion is or is not met."
            )
        else:
            message = (
                "The rationale names none of the patient's facts (no findings, body parts, dates or numbers): "
                "tie it to the records, e.g. the examination and imaging findings and the treatment so far."
            )
        issues.append(LanguageIssue("rationale", message, Severity.WARNING))
    if not cites_records:
        issues.append(
            LanguageIssue(
                "rationale",
                "The rationale cites no record: name the documents it relies on (provider, date, page).",
                Severity.WARNING,
            )
        )
    return issues


_PROBABILITY_RE = re.compile(
    r"reasonable\s+(?:degree\s+of\s+)?medical\s+(?:probability|certainty)"
    r"|more\s+(?:likely|probable)\s+than\s+not"
    r"|medically\s+probable"
    r"|greater\s+than\s+(?:50|fifty)\s*(?:%|percent)",
    re.IGNORECASE,
)

# "may" is the month in "May 3, 2023" or "3 May 2023"; "could not" reports a fact or rules a cause out.
_POSSIBILITY = (
    ("cannot rule out", r"(?:cannot|can\s*not|can't|can’t|could\s+not|unable\s+to)\s+(?:be\s+)?rule[ds]?\s+out"),
    ("could", r"could(?!\s+not\b|n't|n’t)"),
    ("may", r"(?<!\d\s)may(?!\s+\d)"),
    ("might", r"might"),
    ("possibly", r"possibly"),
    ("possible", r"possible"),
    ("perhaps", r"perhaps"),
)
_POSSIBILITY_RE = [(name, re.compile(rf"\b{pattern}\b", re.IGNORECASE)) for name, pattern in _POSSIBILITY]
_RULE_OUT_RE = _POSSIBILITY_RE[0][1]
_CONSISTENT_WITH_RE = re.compile(r"\bconsistent\s+with\b", re.IGNORECASE)


def _possibility_phrases(text: str) -> list[str]:
    found: list[str] = []
    without_rule_out = _RULE_OUT_RE.sub(" ", text)
    for name, pattern in _POSSIBILITY_RE:
        if name == "cannot rule out":
            if pattern.search(text):
                found.append(name)
        elif pattern.search(without_rule_out):
            found.append(name)
    return found


def lint_causation(opinion_text: str) -> list[LanguageIssue]:
    """Problems in a causation opinion: possibility language, no probability wording, "consistent with" alone."""
    if not opinion_text.strip():
        return [
            LanguageIssue(
                "causation",
                "No causation opinion written: state whether the condition is related to the injury, "
                "within a reasonable degree of medical probability, and why.",
                Severity.ERROR,
            )
        ]
    issues: list[LanguageIssue] = []
    possibility = _possibility_phrases(opinion_text)
    if possibility:
        issues.append(
            LanguageIssue(
                "causation",
                f"Possibility language ({_quoted(possibility)}) does not carry a causation opinion: state what is "
                'probable, e.g. "Within a reasonable degree of medical probability, the lumbar strain was caused by '
                'the lifting incident of (date)", or say that causation cannot be established and why.',
                Severity.WARNING,
            )
        )
    has_probability = _PROBABILITY_RE.search(opinion_text) is not None
    if not has_probability:
        issues.append(
            LanguageIssue(
                "causation",
                'The opinion does not say it is held "within a reasonable degree of medical probability" (more '
                "likely than not): add that wording to the conclusion.",
                Severity.WARNING,
            )
        )
        if _CONSISTENT_WITH_RE.search(opinion_text):
            issues.append(
                LanguageIssue(
                    "causation",
                    '"Consistent with" says the findings fit the mechanism, not that the injury caused them: '
                    "state whether the injury more likely than not caused the condition, and why.",
                    Severity.WARNING,
                )
            )
    return issues


def _determination_key(determination: str) -> str:
    return re.sub(r"[^a-z]", "", determination.lower())


_ADVERSE = {
    "noncertify": "non-certification",
    "noncertified": "non-certification",
    "noncertification": "non-certification",
    "notcertified": "non-certification",
    "deny": "non-certification",
    "denied": "non-certification",
    "denial": "non-certification",
    "notnecessary": "non-certification",
    "notmedicallynecessary": "non-certification",
    "modify": "modification",
    "modified": "modification",
    "modification": "modification",
    "partiallycertified": "modification",
    "partialcertification": "modification",
    "certifyinpart": "modification",
}


def lint_necessity(determination: str, guideline_given: bool) -> list[LanguageIssue]:
    """Problems in a necessity determination: a non-certification or modification with no guideline.

    ``determination`` as written or stored: "certify", "modify", "non-certify", "non_certify",
    "Not certified", "deny"... Case, spaces, hyphens and underscores do not matter.
    """
    key = _determination_key(determination)
    if not key:
        return [
            LanguageIssue(
                "determination",
                "No determination recorded: choose certify, modify or non-certify.",
                Severity.ERROR,
            )
        ]
    adverse = _ADVERSE.get(key)
    if adverse is None or guideline_given:
        return []
    what = "A non-certification" if adverse == "non-certification" else "A modification"
    return [
        LanguageIssue(
            "guideline",
            f"{what} must cite the guideline applied: add its name, edition and section (e.g. ODG, ACOEM or MTUS) "
            "and the criterion this request does not meet.",
            Severity.ERROR,
        )
    ]
