"""Who wrote a record page and where: the clinician and the facility, one name per person across the case.

The same physician is "Dr. A. Chu" in a letterhead, "Alan Chu, MD" under a signature and
"CHU, ALAN" in a hospital's header; the manifest's parties may name him "Dr. Alan Chu". Names are
compared by family name (fuzzily, with rapidfuzz, for OCR's slips) and first initial, and the
case's most complete spelling, the manifest's first, is the one shown.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from reviewer_app.domain.record_dates import FAX_LINE

CREDENTIALS = (
    r"M\.?D|D\.?O|PA-?C|N\.?P|FNP(?:-C)?|APRN|DPT|P\.?T|D\.?C|OTR(?:/L)?|OT|Ph\.?D|Psy\.?D|DDS|DPM|CRNA|LAc|MPT|ATC|RN|"
    r"PTA|COTA|LPN|LVN"
)
_NAME = r"[A-Z][A-Za-z'’-]+\.?(?:[ \t]+[A-Z]\.?)?(?:[ \t]+[A-Z][A-Za-z'’-]+){1,2}"
_CREDENTIALED = re.compile(rf"\b({_NAME}|[A-Z]\.[ \t]*[A-Z][A-Za-z'’-]+),?[ \t]+(?:{CREDENTIALS})\b(?!-?[a-z])")
_DOCTOR = re.compile(
    r"\b(?:Dr\.?|Doctor)[ \t]+((?:[A-Z]\.[ \t]*)?[A-Z][A-Za-z'’-]+(?:[ \t]+[A-Z]\.?)?(?:[ \t]+[A-Z][A-Za-z'’-]+)?)"
)
# A role label and the name after it: "Attending: CHU, ALAN", "Rendering provider: Alan Chu, MD". The labels are
# found in the page's lower-case text (much faster than a case-blind search), the name read where the label ends.
# Whole words only: "authorized custodian", "authorization" and "providers" are no author's label.
_LABELS = re.compile(
    r"\b(rendering provider|rendering|author|treating (?:physician|provider)|attending(?: physician)?|"
    r"provider|physician|seen by|examined by|evaluated by|therapist|radiologist|interpreted by|"
    r"reading physician|surgeon|performed by|electronically signed by|signed by|e-signed by|dictated by|"
    r"clinician|practitioner|reviewing physician|physician reviewer|reviewer|electromyographer|"
    r"physician signature|provider signature|signature|signed)\b"
)
# A name starts with a capital ("signed and dated copy from" is prose after a label, not a person).
# A label is followed by its colon ("Provider: ..."), unless it is a signature's ("Electronically signed by
# Alan Chu, MD"): "the pain management physician Dr. Okafor" and "seen by Dr. Okafor on 05/20" are prose.
_LABELLED_NAME = r"((?:[Dd][Rr]\.?[ \t]+)?[A-Z][A-Za-z'’.-]*(?:,?[ \t]+[A-Z][A-Za-z'’.-]*){1,3})"
_NAME_AFTER_LABEL = re.compile(r"[ \t]*(?:[Nn]ame)?[ \t]*[:\-][ \t]*" + _LABELLED_NAME)
_LABELS_WITHOUT_COLON = {"electronically signed by", "signed by", "e-signed by", "dictated by", "interpreted by"}
_NAME_AFTER_BY = re.compile(r"[ \t]*[:\-]?[ \t]*" + _LABELLED_NAME)
# A credential after a name ("Alan Chu, MD"): the credential is found first, the name then read on its line.
_CREDENTIAL_TOKEN = re.compile(rf"[ \t,](?:{CREDENTIALS})\b")
# Lines that name someone other than the author: the referring doctor, copies, the patient's PCP.
_OTHERS = re.compile(
    r"referr|\bcc\b|copy to|copies|\bpcp\b|primary care|patient name|patient:|claimant|attorney|adjuster", re.I
)
# Words before a name that say it is someone else's role: the doctor who ordered, referred or asked, the one who
# certified a therapist's plan of care, an assistant, a nurse, the employer, the insurer, the patient herself.
_OTHER_ROLE = re.compile(
    r"referr|order(?:ing|ed)|request(?:ing|ed)|\bcc\b|copy to|copies|\bpcp\b|primary care|primary treating|"
    r"certif|assistant|assisted|anesthe|triage|scribe|transcri|printed|employee|employer|patient|"
    r"claimant|applicant|examinee|insured|adjuster|examiner|attorney|counsel|representative|custodian|"
    r"supervis|co-?sign|\bto\b\s*:?\s*$|\bfrom\b\s*:?\s*$|\battn\b|dear|\bre\b\s*:",
    re.I,
)
_CONTEXT_REACH = 28  # characters before a name or a label that may say whose it is
_SIGNATURE_LABELS = {
    *("electronically signed by", "signed by", "e-signed by", "dictated by"),
    *("physician signature", "provider signature", "signature", "signed"),
}
_CREDENTIAL_WORD = re.compile(rf"^(?:{CREDENTIALS})\.?$", re.IGNORECASE)
_NOT_NAMES = re.compile(
    r"^(?:date|time|the|and|or|on|at|of|for|patient|name|none|n/a|unknown|page|signed|md|do|dos|dob|service|supplier|"
    r"electronically|including|degrees|credentials|npi|phone|tel|fax|facility|location|employer|claim)$",
    re.I,
)
_FACILITY_WORDS = re.compile(
    r"\b(?:clinic|hospital|medical (?:center|group)|health|healthcare|imaging|radiology|physical therapy|therapy|"
    r"rehab(?:ilitation)?|orthop(?:a)?edic[s]?|associates|group|center|centre|institute|urgent care|"
    r"pharmacy|laborator(?:y|ies)|labs?|chiropractic|surgery center|specialists|partners|practice|"
    r"pain management|neurology|spine|sports medicine|medicine)\b",
    re.IGNORECASE,
)
# A document's title is not its letterhead: "RADIOLOGY REPORT", "PHYSICAL THERAPY DAILY NOTE".
_TITLE_WORDS = re.compile(
    r"\b(?:report|note|notes|summary|evaluation|consultation|statement|form|history|letter|request|record|"
    r"order|results?|plan of care|visit|exam|examination|review|daily|progress|discharge|admission)\b",
    re.IGNORECASE,
)
_FACILITY_LABEL = re.compile(
    r"(?:^|\s)(?:facility|location|clinic|practice|hospital|service facility)\s*:\s*(.+)$",
    re.IGNORECASE,
)
_TOP_LINES = 8


@dataclass(frozen=True)
class PersonName:
    """A clinician's name reduced to what identifies them: family name and first initial."""

    family: str  # lower case, letters only
    given: str  # lower case, may be only an initial, or empty
    shown: str  # as written, without the title

    def same_person(self, other: PersonName) -> bool:
        """Whether two names are one person (OCR slips and initials allowed)."""
        if not self.family or not other.family:
            return False
        # OCR's slips ("Castille" for "Castillo"): a long name may differ by a letter, a short one by less.
        alike = 85 if min(len(self.family), len(other.family)) >= 7 else 88
        if self.family != other.family and fuzz.ratio(self.family, other.family) < alike:
            return False
        if not self.given or not other.given:
            return True
        return self.given[0] == other.given[0] and (
            len(self.given) == 1 or len(other.given) == 1 or fuzz.ratio(self.given, other.given) >= 80
        )

    @property
    def completeness(self) -> int:
        return len(self.given) + (10 if len(self.given) > 1 else 0)


def parse_person(text: str) -> PersonName | None:
    """The person a written name means: "Dr. A. Chu", "Alan Chu, MD", "CHU, ALAN" all give (chu, a...)."""
    cleaned = re.sub(r"^\s*(?:dr\.?|doctor)\s+", "", text.strip(), flags=re.IGNORECASE).strip(" ,.;:")
    parts = [p.strip() for p in cleaned.split(",")]
    while len(parts) > 1 and all(_CREDENTIAL_WORD.match(w) for w in parts[-1].replace("/", " ").split() or ["x"]):
        parts.pop()  # "Alan Chu, MD, FAAPMR"
    words_of = [re.findall(r"[A-Za-z][A-Za-z'’-]*\.?", part) for part in parts]
    words_of = [[w for w in words if not _CREDENTIAL_WORD.match(w)] for words in words_of]
    if len(parts) >= 2 and words_of[0] and words_of[1]:
        family_words, given_words = words_of[0], words_of[1]  # "CHU, ALAN"
        shown = f"{' '.join(given_words)} {' '.join(family_words)}"
    elif words_of and len(words_of[0]) >= 2:
        given_words, family_words = words_of[0][:1], words_of[0][-1:]
        shown = " ".join(words_of[0])
    elif words_of and words_of[0]:
        given_words, family_words = [], words_of[0]
        shown = words_of[0][0]
    else:
        return None
    family = re.sub(r"[^a-z]", "", family_words[-1].lower())
    given = re.sub(r"[^a-z]", "", given_words[0].lower()) if given_words else ""
    if len(family) < 2 or _NOT_NAMES.match(family):
        return None
    if shown.isupper():
        # "O'NEILL, SARAH" is shown "Sarah O'Neill", "LOPEZ-GARCIA" "Lopez-Garcia".
        shown = re.sub(r"[A-Za-z]{2,}", lambda m: m.group(0).capitalize(), shown)
    return PersonName(family, given, shown)


@dataclass(frozen=True)
class PageAuthor:
    """The clinician and facility a page shows, and how sure the rule that found them is."""

    person: PersonName | None
    facility: str | None
    strength: int  # 3 a role label, 2 a credential or signature, 1 "Dr. X" in the text, 0 none


def page_author(lines: Sequence[str]) -> PageAuthor:
    """The author of a page from its labels, credentials and letterhead."""
    best: tuple[int, PersonName] | None = None
    text = "\n".join(lines)
    # Each pattern runs once over the page (not once a line); a match is then placed on its line.
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    excluded: dict[int, bool] = {}

    def line_of(offset: int) -> int | None:
        index = bisect_right(starts, offset) - 1
        if index not in excluded:
            excluded[index] = bool(_OTHERS.search(lines[index]))
        return None if excluded[index] else index

    def someone_else(offset: int) -> bool:
        # The words just before a label or a name on its line (or on the short label lines above it, as
        # table cells come out: "Referring" / "physician:" / "Daniel K. Whitfield, MD").
        index = bisect_right(starts, offset) - 1
        before = text[max(starts[index], offset - _CONTEXT_REACH) : offset]
        if not before.strip() and index > 0:
            above = [lines[i] for i in range(max(0, index - 2), index) if len(lines[i]) <= _CONTEXT_REACH]
            before = " ".join(above[-2:]) if above and above[-1].rstrip().endswith(":") else ""
        before = re.split(r"[,;]\s|\s(?:M\.?D|D\.?O|DPT|PT|RN|PA-C)\b", before)[-1]
        return bool(_OTHER_ROLE.search(before))

    for match in _LABELS.finditer(text.lower()):
        after = _NAME_AFTER_BY if match.group(1) in _LABELS_WITHOUT_COLON else _NAME_AFTER_LABEL
        named = after.match(text, match.end())
        if named is not None and line_of(match.start()) is not None and not someone_else(match.start()):
            name = _trim_name(named.group(1))
            person = None if is_organisation(name) else parse_person(name)  # "Billing provider: Summit PT"
            if person is not None:
                # A signature, or a nurse's role ("Nurse reviewer:"), says less than a physician's role label.
                nurse = "nurse" in text[max(0, match.start() - 12) : match.start()].lower()
                best = _better(best, 2 if match.group(1) in _SIGNATURE_LABELS or nurse else 3, person)
    credentialed_lines = sorted({bisect_right(starts, m.start()) - 1 for m in _CREDENTIAL_TOKEN.finditer(text)})
    for index in credentialed_lines:
        if line_of(starts[index]) is None:
            continue
        for match in _CREDENTIALED.finditer(lines[index]):
            if someone_else(starts[index] + match.start()):
                continue
            person = parse_person(_without_capital_label(match.group(1)))
            if person is not None:
                best = _better(best, _credential_strength(lines, index, match.start()), person)
    for match in _DOCTOR.finditer(text):
        if line_of(match.start()) is not None and "\n" not in match.group(0) and not someone_else(match.start()):
            person = parse_person(match.group(1))
            if person is not None:
                best = _better(best, 1, person)
    facility = page_facility(lines)
    if best is None:
        return PageAuthor(None, facility, 0)
    return PageAuthor(best[1], facility, best[0])


def _better(best: tuple[int, PersonName] | None, strength: int, person: PersonName) -> tuple[int, PersonName]:
    # The first name of the highest strength stands (a letterhead before a cc list).
    if best is None or strength > best[0]:
        return (strength, person)
    return best


def _credential_strength(lines: Sequence[str], index: int, at: int) -> int:
    """3 under a role heading ("Reviewing Physician" / "Karen L. Brandt, MD"), 2 a letterhead or signature, 1 prose."""
    if at == 0 and index > 0:
        above = lines[index - 1]
        if len(above.split()) <= 4 and _LABELS.search(above.lower()) and not _OTHER_ROLE.search(above):
            return 3
    return 2 if index < _TOP_LINES or _signature_line(lines, index, at) else 1


# "Date: 09/10/2026" after a name, or the date alone at the line's end ("Megan Castillo, PT, DPT  NPI ... 10/29/2026").
_SIGNED_DATE = re.compile(r"\bdate\s*:\s*\d|\d{1,2}/\d{1,2}/\d{2,4}\s*$", re.IGNORECASE)


def _signature_line(lines: Sequence[str], index: int, at: int) -> bool:
    # "Daniel K. Whitfield, MD  Occupational Medicine" opening a line above "Signed electronically ...".
    # "Samuel R. Okafor, MD   Date: 09/10/2026": a signature block, the name and the day it was signed.
    if at == 0:
        return "sign" in " ".join(lines[index : index + 2]).lower() or bool(_SIGNED_DATE.search(lines[index]))
    return "sign" in lines[index].lower()


def _without_capital_label(name: str) -> str:
    # "SUPPLIER Megan Castillo": a form's label in capitals before a name written in mixed case.
    words = name.split()
    if any(not w.isupper() for w in words):
        while len(words) > 2 and words[0].isupper() and len(words[0]) > 1:
            words.pop(0)
    return " ".join(words)


def _trim_name(name: str) -> str:
    # "Alan Chu, MD on 03/18/2026" and "CHU, ALAN Date" end at the name.
    words = re.split(r"\s+", name)
    if words and _NOT_NAMES.match(words[0].strip(",.")):
        return ""  # "SIGNATURE OF PHYSICIAN OR SUPPLIER": the label's own words, not a name
    kept: list[str] = []
    for position, word in enumerate(words):
        bare = word.strip(",.")
        if kept and bare.lower() in ("md", "do") and word.endswith(",") and position + 1 < len(words):
            kept[-1] += ","  # "FENN MD, HAROLD W", as some hospital systems print a name: "FENN, HAROLD W"
            continue
        if _NOT_NAMES.match(bare) and kept:
            break
        kept.append(word)
    return " ".join(kept)


def page_facility(lines: Sequence[str]) -> str | None:
    """The facility a page's letterhead or "Facility:" line names: an organisation's name, never an address."""
    for line in lines:
        labelled = _FACILITY_LABEL.search(line) if ":" in line else None  # a label has its colon
        if labelled:
            found = _clean_facility(labelled.group(1))
            if found and _FACILITY_WORDS.search(found):  # "hospital: Not hospitalized. Treated and released" is no name
                return found
    for line in lines[:_TOP_LINES]:
        if not line.strip() or FAX_LINE.search(line) or _OTHERS.search(line) or ":" in line:
            continue
        if (
            _FACILITY_WORDS.search(line)
            and not _TITLE_WORDS.search(line)
            and len(line.split()) <= 8
            and not re.search(r"\d", line)  # an address, a phone number, a form's "Revised 01/2025"
            and "·" not in line  # "Emergency Department · Level III Trauma Center": a letterhead's tag line
            and not _NOT_CLINICAL.search(line)
        ):
            return _clean_facility(line)
    return None


# Organisations that are not where care is given: an insurer's claims office, an employer's departments.
_NOT_CLINICAL = re.compile(
    r"\b(?:claims?|compensation|insurance|casualty|mutual|human resources|safety|distribution|warehouse|law|"
    r"attorneys?|inc|llc|llp|utilization review|department of|division of|state of|bureau)\b",
    re.IGNORECASE,
)
_ABBREVIATION = re.compile(r"^([A-Z]{2,4})\s+(?=[A-Z])")  # a logo's letters before the name: "MC Mission Crest ..."


def _clean_facility(text: str) -> str | None:
    cleaned = " ".join(text.split()).strip(" ,;:-|")
    cleaned = re.split(r"\s{2,}|\s\|\s|\s-\s(?=\d)|\s·\s|,\s*(?=\d)|\s(?=\d{2,})", cleaned)[0]
    logo = _ABBREVIATION.match(cleaned)
    if logo:
        initials = "".join(word[0] for word in cleaned[logo.end() :].split() if word[0].isupper())
        if _initials_of(logo.group(1), initials):
            cleaned = cleaned[logo.end() :]
    cleaned = cleaned.strip(" ,;:-|")
    if not cleaned or _NOT_CLINICAL.search(cleaned) or not re.search(r"[A-Za-z]{3}", cleaned):
        return None
    return cleaned[:120]


def _initials_of(letters: str, initials: str) -> bool:
    # "SPT" for "Summit Physical Therapy & Rehabilitation", "CB" for "Cedar Basin Imaging Center".
    position = 0
    for letter in letters:
        position = initials.find(letter, position)
        if position < 0:
            return False
        position += 1
    return initials.startswith(letters[0])


class ProviderDirectory:
    """The case's clinicians and facilities, one entry per person: the manifest's parties first."""

    def __init__(self, known_people: Iterable[str] = (), known_facilities: Iterable[str] = ()) -> None:
        self._people: list[tuple[PersonName, bool]] = []  # (name, from the manifest)
        self._facilities: list[str] = []
        for name in known_people:
            if _FACILITY_WORDS.search(name):  # "Coast Physical Therapy" is a place, not a person
                self._facilities.append(" ".join(name.split()))
                continue
            person = parse_person(name)
            if person is not None:
                self._people.append((PersonName(person.family, person.given, name.strip()), True))
        for facility in known_facilities:
            if facility and facility.strip():
                self._facilities.append(" ".join(facility.split()))

    def person(self, found: PersonName) -> PersonName:
        """The case's one spelling of ``found``: the manifest's, else the most complete seen so far."""
        for index, (known, from_manifest) in enumerate(self._people):
            if known.same_person(found):
                if not from_manifest and found.completeness > known.completeness:
                    self._people[index] = (found, False)
                return self._people[index][0]
        self._people.append((found, False))
        return found

    def shown(self, found: PersonName) -> str:
        """How the person is named in the chronology (looked up again after every page is read)."""
        for known, _ in self._people:
            if known.same_person(found):
                return known.shown
        return found.shown

    def facility(self, found: str) -> str:
        """The manifest's or earlier spelling of a facility, when ``found`` is the same one."""
        for known in self._facilities:
            if fuzz.token_set_ratio(known.lower(), found.lower()) >= 88:
                return known
        self._facilities.append(found)
        return found


def manifest_parties(parties: dict[str, object]) -> tuple[list[str], list[str]]:
    """The people and facilities the manifest's parties name (treating providers and their facilities)."""
    people: list[str] = []
    facilities: list[str] = []
    treating = parties.get("treating_providers")
    if isinstance(treating, list):
        for provider in treating:
            if isinstance(provider, dict):
                if isinstance(provider.get("name"), str):
                    people.append(provider["name"])
                if isinstance(provider.get("facility"), str):
                    facilities.append(provider["facility"])
    return people, facilities


# Words that make a name an organisation's: "Pacific Crest Distribution, Inc.", "Law Offices of ...".
_ORGANISATION_WORDS = re.compile(
    r"\b(?:inc|llc|llp|ltd|corp(?:oration)?|co|company|companies|insurance|casualty|mutual|indemnity|"
    r"assurance|underwriters|law|offices?|attorneys?|esq|claims?|services|distribution|department|"
    r"division|state|county|city|district|bureau|agency|administrators?|group|association|"
    r"human resources|resources|logistics|warehouse|storage|manufacturing|industries|systems)\b\.?",
    re.IGNORECASE,
)


def not_clinical(name: str) -> bool:
    """Whether a name is an organisation that gives no care: an employer, an insurer, a law firm, an agency."""
    return bool(_NOT_CLINICAL.search(name))


def is_organisation(name: str) -> bool:
    """Whether a name is an organisation's (a clinic, an employer, an insurer, a law firm), not a person's."""
    return bool(_FACILITY_WORDS.search(name) or _ORGANISATION_WORDS.search(name))
