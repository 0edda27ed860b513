"""What kind of document a record's pages are, by keyword rules on its first page (the contract's list).

A title ("OPERATIVE REPORT", "CMS-1500") says more than the body, where every visit note
mentions an MRI: words in a page's top lines count three times those below. The types and
their order, which settles a tie, are those of cli-and-hooks.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

DOCUMENT_TYPES = (
    "emergency",
    "office_visit",
    "consultation",
    "imaging",
    "procedure",
    "therapy",
    "hospital",
    "lab",
    "pharmacy",
    "work_status",
    "utilization_review",
    "ime_or_peer_review",
    "bill",
    "claim_form",
    "legal",
    "correspondence",
    "other",
)

# (type, words that name it); checked in this order, so the specific forms come before the general notes.
_RULES: tuple[tuple[str, str], ...] = (
    (
        "bill",
        r"cms[- ]?1500|hcfa|health insurance claim form|"
        r"\bub[- ]?04\b|itemi[sz]ed (?:statement|bill)|statement of account|billing statement|"
        r"\binvoice\b|amount due|balance due|total charges|patient statement|explanation of (?:review|benefits)",
    ),
    (
        "claim_form",
        r"(?<!insurance )claim form|dwc[- ]?1\b|(?<!doctor's )(?<!physician's )first report of (?:injury|occupational)|"
        r"employer'?s report|"
        r"employee'?s claim|report of (?:work )?injury|notice of injury|incident report",
    ),
    (
        "utilization_review",
        r"utilization review|\bur (?:determination|decision|review)|non-?certification|request for authori[sz]ation|"
        r"\brfa\b|prior authori[sz]ation|notice of (?:decision|determination)|peer[- ]to[- ]peer",
    ),
    (
        "ime_or_peer_review",
        r"(?<!request for )independent medical (?:exam|evaluation)|\bime\b|peer review report|record review|"
        r"qualified medical (?:evaluat|exam)|\bqme\b|agreed medical|\bame\b report|medical-legal",
    ),
    (
        "legal",
        r"deposition|(?<!response to )subpoena|law offices?|attorneys? at law|\besq\b|petition|court|hearing|"
        r"application for adjudication|compromise and release|stipulation",
    ),
    (
        "work_status",
        r"work status|return to work|work (?:/ ?school )?excuse|school excuse|excuse from work|"
        r"work restrictions?|duty status|\bdwc[- ]?73\b|modified duty|off work|"
        r"work capacity|light duty|physician'?s report of work ability",
    ),
    (
        "imaging",
        r"\bmri\b|magnetic resonance|x-?ray|radiograph|\bct\b (?:scan|of)|computed tomography|ultrasound|"
        r"sonogra|radiology|diagnostic imaging|\bemg\b|nerve conduction|bone scan|dexa|fluoroscop|impression:|"
        r"with(?:out)? contrast|\bct (?:lumbar|cervical|thoracic|head|brain|chest|abdomen|pelvis|spine)|\bcta\b",
    ),
    (
        "lab",
        r"laboratory|lab(?:oratory)? results?|specimen|reference range|\bcbc\b|urinalysis|metabolic panel|"
        r"pathology report|drug screen|toxicology",
    ),
    (
        "pharmacy",
        r"pharmacy|dispensed|\brx ?#|prescription (?:history|record|label)|medication dispens|refills? remaining|ndc",
    ),
    (
        "procedure",
        r"operative (?:report|note)|operation report|procedure note|procedure report|\bop note|brief op|"
        r"pre-?operative diagnosis|post-?operative diagnosis|epidural steroid injection|injection procedure|"
        r"arthroscop|anesthesia record|surgical (?:report|procedure)|facet (?:injection|block)|nerve block|"
        r"radiofrequency ablation",
    ),
    (
        "emergency",
        r"emergency (?:department|room|medicine|physician)|\bed (?:visit|note|course|provider|physician)|\ber visit|"
        r"triage|\besi level|urgent care",
    ),
    (
        "hospital",
        r"discharge summary|admission (?:history|note|orders)|history and physical|\bh&p\b|inpatient|"
        r"hospital course|admitting diagnosis|discharge diagnosis|progress note - inpatient",
    ),
    (
        "therapy",
        r"physical therapy|occupational therapy|chiropractic|\bpt (?:daily|note|evaluation|visit|progress)|"
        r"therapy (?:note|visit|evaluation|progress|daily)|plan of care|therapeutic exercise|"
        r"daily (?:treatment )?note|re-?evaluation|functional capacity evaluation|\bfce\b|acupuncture",
    ),
    (
        "consultation",
        r"consultation|\bconsult\b|new patient (?:evaluation|consult|visit)|referred (?:by|for)|"
        r"reason for (?:consultation|referral)",
    ),
    (
        "office_visit",
        r"progress note|progress report|\bpr-?2\b|doctor'?s first report|"
        r"office visit|follow[- ]?up (?:visit|note|evaluation)|clinic (?:note|visit)|"
        r"\bsoap\b|subjective|chief complaint|history of present illness|\bhpi\b|established patient|"
        r"visit note|encounter (?:note|summary)|visit summary|patient visit|pain management (?:note|visit)",
    ),
    (
        "correspondence",
        r"\bdear\b|to whom it may concern|sincerely|fax cover|cover sheet|\bre:|letter|memorandum|"
        r"transmittal|fax tran ?smittal|including cover|records request|"
        r"request for (?:an? )?(?:independent medical|ime\b|qme\b|records)",
    ),
)
_PATTERNS = tuple((kind, re.compile(pattern)) for kind, pattern in _RULES)  # matched on lower-case text
_RANK = {kind: rank for rank, (kind, _) in enumerate(_RULES)}


def literal_gate(pattern: str) -> tuple[str, ...] | None:
    """Words one of which every match of ``pattern`` contains, or None when no such words are sure.

    Each top-level alternative gives its longest run of letters outside any group or class; a line
    holding none of them cannot match and is not searched (every pattern searched on every line
    costs seconds a case).
    """
    plain = re.sub(r"\\[a-zA-Z]|\[[^\]]*\]", "#", pattern)
    alternatives: list[str] = [""]
    depth = 0
    for char in plain:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == "|" and depth == 0:
            alternatives.append("")
        else:
            alternatives[-1] += char if depth == 0 and char not in "()" else "#"
    gate: list[str] = []
    for alternative in alternatives:
        runs = []
        for found in re.finditer(r"[a-z' &-]*[a-z]", alternative):
            run = found.group(0)
            if found.end() < len(alternative) and alternative[found.end()] in "?*{":
                run = run[:-1]  # its last letter is optional
            runs.append(run.strip())
        runs = [r for r in runs if len(r) >= 2]
        if not runs:
            return None
        gate.append(max(runs, key=len))
    return tuple(gate)


_KEY = 5  # letters of a word's start that stand for it in a gate
_TOKENS = re.compile(r"[a-z]+")


def _gate_keys(pattern: str) -> frozenset[str] | None:
    # Each alternative's longest word, cut to its first letters: a line with none of them at a word's
    # start is not searched for the type.
    gate = literal_gate(pattern)
    if gate is None:
        return None
    return frozenset(max(_TOKENS.findall(words), key=len)[:_KEY] for words in gate)


_GATES = tuple(
    (kind, compiled, _gate_keys(pattern)) for (kind, pattern), (_, compiled) in zip(_RULES, _PATTERNS, strict=True)
)
_UNGATED = tuple(index for index, gated in enumerate(_GATES) if gated[2] is None)


def _rules_by_key() -> dict[str, list[int]]:
    # Each gate word's rules: a line's words look up the few rules worth searching it for.
    by_key: dict[str, list[int]] = {}
    for index, gated in enumerate(_GATES):
        for key in gated[2] or ():
            by_key.setdefault(key, []).append(index)
    return by_key


_BY_KEY = _rules_by_key()
TITLE_LINES = 9  # the lines of a page that carry its title and letterhead (a letterhead runs to six or seven)
_TITLE_WEIGHT = 3
_CAPITAL_TITLE_WEIGHT = 5  # "OPERATIVE REPORT" in capitals: a title, not a letterhead's "Coast Imaging"
_LETTERHEAD_WEIGHT = 2  # "Pacific Diagnostic Imaging" hints at the type; "Emergency Department Visit" names it
# Words that make a heading a document's title rather than an organisation's name.
_DOCUMENT_WORDS = re.compile(
    r"\b(?:note|notes|report|summary|record|records|visit|evaluation|re-?evaluation|form|statement|letter|"
    r"determination|decision|review|exam|examination|consultation|consult|bill|request|history|results?|"
    r"study|scan|procedure|mri|x-?ray|ct|contrast|ub-04|cms-1500|invoice|h&p|plan of care|status|follow up|"
    r"sheet|notice|log|excuse|certificate|certification)\b",
    re.IGNORECASE,
)
# Forms say what they are in so many words; a visit note's "work status: modified" says less.
_FORMS = {"bill", "claim_form", "utilization_review", "ime_or_peer_review", "legal"}

# The manifest's `kind` words that mean one of the types (vendors write their own).
_KIND_WORDS = {
    "er": "emergency",
    "ed": "emergency",
    "emergency_room": "emergency",
    "office": "office_visit",
    "visit": "office_visit",
    "progress_note": "office_visit",
    "consult": "consultation",
    "radiology": "imaging",
    "mri": "imaging",
    "operative": "procedure",
    "surgery": "procedure",
    "injection": "procedure",
    "physical_therapy": "therapy",
    "pt": "therapy",
    "chiropractic": "therapy",
    "inpatient": "hospital",
    "discharge": "hospital",
    "laboratory": "lab",
    "ur": "utilization_review",
    "ime": "ime_or_peer_review",
    "peer_review": "ime_or_peer_review",
    "billing": "bill",
    "letter": "correspondence",
}


@dataclass(frozen=True)
class TypeGuess:
    """A document's type and how clearly its words said so (0..1)."""

    type: str
    confidence: float
    title: str  # the title line that named it, if one did ("" otherwise)


_SMALL_WORDS = {"of", "and", "the", "for", "to", "with", "without", "on", "in", "a", "an", "or", "by", "at", "vs"}


def title_like(line: str) -> bool:
    """A heading ("OPERATIVE REPORT", "Physical Therapy Daily Note"), not a sentence or a label."""
    words = line.split()
    if not words or line.endswith(".") or line.endswith(":"):
        return False
    if line.isupper():  # "NOTICE OF UTILIZATION REVIEW DETERMINATION: CERTIFICATION" is a title, colon and all
        return len(words) <= 12
    if len(words) > 8 or ":" in line:
        return False
    # Title Case: every word but the small ones capitalised ("MRI Lumbar Spine ordered" is a sentence).
    return all(w[0].isupper() or not w[0].isalpha() or w.lower() in _SMALL_WORDS for w in words)


def is_document_title(line: str) -> bool:
    """Whether a heading names a document ("Encounter Summary"), not an organisation ("Coast Imaging")."""
    return bool(_DOCUMENT_WORDS.search(line))


def guess_type(lines: Sequence[str], without: frozenset[str] = frozenset()) -> TypeGuess:
    """The type of a document from its first page's lines (``without`` some types, to find the next best)."""
    scores: dict[str, int] = {}
    title = ""
    body: list[str] = []
    for index, line in enumerate(lines):
        if not (index < TITLE_LINES and title_like(line)):
            body.append(line)  # the body, and sentences at the top
            continue
        if not _DOCUMENT_WORDS.search(line):
            weight = _LETTERHEAD_WEIGHT
        else:
            weight = _CAPITAL_TITLE_WEIGHT if line.isupper() else _TITLE_WEIGHT + 1
        for kind in _kinds(line) - without:
            scores[kind] = scores.get(kind, 0) + weight * (2 if kind in _FORMS else 1)
            if not title:
                title = line.strip()
    for line in body:
        for kind in _kinds(line) - without:
            scores[kind] = scores.get(kind, 0) + (2 if kind in _FORMS else 1)
    if not scores:
        return TypeGuess("other", 0.3, "")
    ranked = sorted(scores.items(), key=lambda item: (-item[1], _RANK[item[0]]))
    best, best_score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    confidence = 0.5 + 0.5 * (best_score - runner_up) / best_score
    if best_score < _TITLE_WEIGHT:
        confidence = min(confidence, 0.6)  # only the body spoke: a guess
    return TypeGuess(best, round(confidence, 2), title)


def title_type(line: str) -> str | None:
    """The type a single line names, when it names one (a page's title)."""
    kinds = _kinds(line)
    return min(kinds, key=_RANK.__getitem__) if kinds else None


def _kinds(line: str) -> set[str]:
    lowered = line.lower()
    # The rules whose gate words the line holds (looked up word by word), then only their patterns searched.
    candidates = set(_UNGATED)
    for token in _TOKENS.findall(lowered):
        found = _BY_KEY.get(token[:_KEY])
        if found:
            candidates.update(found)
    return {_GATES[index][0] for index in candidates if _GATES[index][1].search(lowered)}


def type_from_kind(kind: str | None) -> str | None:
    """The contract's type for a manifest's ``kind``, when it names one."""
    if not kind:
        return None
    word = "_".join(kind.strip().lower().replace("-", " ").split())
    if word in DOCUMENT_TYPES:
        return word
    return _KIND_WORDS.get(word)
