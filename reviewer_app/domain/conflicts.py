"""Conflicts of interest: the profile's names matched against the people and organisations of a case.

A physician lists the groups and people they must not review for ("Coast Orthopedics", "Alan
Chu, MD", "Example Mutual"). A case names many: the manifest's parties, the claimant's employer,
who requested the service, and the records' letterheads and signatures. The same name is written
many ways: "Dr. A. Chu", "Alan Chu, MD" and "CHU, ALAN" are one person, "Coast Orthopedics" is
"Coast Orthopaedics & Spine, Inc.", and a scan reads "C0ast 0rthopedics". A family name alone
("Dr. Chu") is not a match: a common surname must not raise an alarm the physician learns to ignore.

Deterministic rules over rapidfuzz. The records' text is searched cheaply: one pattern per page
finds the words a conflict's name must contain, and only those places are compared in full.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from reviewer_app.domain.case import Case, CaseDetails
from reviewer_app.domain.providers import PersonName, parse_person
from reviewer_app.domain.readiness import ReadinessItem, Target

CONFLICT_WARNING = "Conflict of interest"
_WORD_MATCH = 85  # rapidfuzz ratio for one word of an organisation's name (OCR slips, British spellings)
_FAMILY_MATCH = 88
_SHORT_LINE = 60  # a line this short that names the group is shown whole (a letterhead)
_SEEN_MAX = 20_000  # lines judged, remembered while one search runs
_WINDOW = 90  # characters either side of a text hit compared in full
# Words that make a name an organisation's, not a person's.
_ORGANISATION = re.compile(
    r"\b(?:inc|llc|llp|pllc|pc|p\.c|corp|corporation|company|co|ltd|group|associates|partners|insurance|mutual|"
    r"assurance|casualty|indemnity|underwriters|services|solutions|law|legal|firm|attorneys|hospital|clinic|"
    r"center|centre|health|healthcare|medical|imaging|radiology|therapy|rehab\w*|orthop\w*|spine|institute|"
    r"care|labs?|laborator\w*|pharmacy|logistics|foundation|university|county|state|city|department|network|"
    r"system|systems|practice|specialists|surgery|surgical|chiropractic|neurology|sports)\b",
    re.IGNORECASE,
)
# Words that do not tell one organisation from another: "& Spine, Inc." adds nothing to "Coast Orthopedics".
_NOISE_WORDS = frozenset(
    [
        "inc",
        "llc",
        "llp",
        "pllc",
        "pc",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "the",
        "of",
        "and",
        "at",
        "for",
        "a",
        "an",
        "dba",
    ]
)
# Words so common in medical names that they alone never identify an organisation.
_GENERIC_WORDS = frozenset(
    re.findall(
        r"\w+",
        "medical center clinic hospital health healthcare group associates partners care services imaging "
        "radiology therapy physical orthopedics orthopedic spine surgery surgical institute insurance mutual "
        "law firm pain management rehabilitation medicine sports urgent family practice specialists network "
        "system systems county community regional general memorial university",
    )
)
_TOKENS = re.compile(r"[a-z0-9]+")
# Characters a scan confuses, made one for the cheap text search: "C0AST 0RTH0PEDICS", "A1an Chu".
_CANON = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l", "5": "s", "$": "s", "8": "b", "9": "g", "c": "e"})


@dataclass(frozen=True)
class ConflictMatch:
    """A name in the case that matches one of the physician's conflicts, and where it was found."""

    conflict: str  # the profile's entry, as the physician wrote it
    found: str  # the name as the case writes it
    where: str  # "the manifest (parties.insurer)" or "records/x.pdf, page 3"
    record: str | None = None
    page: int | None = None  # 1-based

    @property
    def warning(self) -> str:
        """The import warning (and the "Before signing" item's words)."""
        return f'{CONFLICT_WARNING}: "{self.conflict}" (your profile) matches "{self.found}" in {self.where}'


def conflict_of_warning(message: str) -> str | None:
    """The profile's entry a conflict warning names, or None for any other warning."""
    match = re.match(rf'^{CONFLICT_WARNING}: "(.+?)" \(your profile\)', message)
    return match.group(1) if match else None


def _normal_words(name: str) -> list[str]:
    lowered = name.lower().replace("orthopaedic", "orthopedic").replace("paediatric", "pediatric")
    lowered = lowered.replace("&", " and ").replace("’", "'").replace("'s", "s")
    return [w for w in _TOKENS.findall(lowered) if w not in _NOISE_WORDS]


def is_organisation(name: str) -> bool:
    """Whether a written name is an organisation's ("Coast Physical Therapy") rather than a person's."""
    return bool(_ORGANISATION.search(name)) or len(name.split()) > 4


@dataclass(frozen=True)
class Conflict:
    """One of the profile's conflicts, read once: a person's parsed name or an organisation's words."""

    text: str
    person: PersonName | None
    words: tuple[str, ...]  # an organisation's telling words, lower case

    @property
    def usable(self) -> bool:
        if self.person is not None:
            return bool(self.person.given)  # a surname alone would match every "Dr. Smith"
        return any(w not in _GENERIC_WORDS and len(w) > 2 for w in self.words)


def read_conflict(text: str) -> Conflict:
    """A profile entry as a person (when it reads as one) or an organisation."""
    if not is_organisation(text):
        person = parse_person(text)
        if person is not None:
            return Conflict(text, person, ())
    return Conflict(text, None, tuple(_normal_words(text)))


def _word_in(word: str, words: Sequence[str]) -> bool:
    return any(w == word or (len(word) > 3 and fuzz.ratio(w, word) >= _WORD_MATCH) for w in words)


def organisation_matches(conflict_words: Sequence[str], name: str) -> bool:
    """Whether ``name`` is the organisation: all its telling words in the name, or the name's in it.

    "Coast Orthopedics" is "Coast Orthopaedics & Spine, Inc." (every word of the conflict is there);
    "Coast Imaging" and "Pacific Orthopedics" are not.
    """
    words = _normal_words(name)
    if not conflict_words or not words:
        return False
    if all(_word_in(w, words) for w in conflict_words):
        return True
    telling = [w for w in words if w not in _GENERIC_WORDS and len(w) > 2]
    return len(words) >= 2 and bool(telling) and all(_word_in(w, conflict_words) for w in words)


def person_matches(conflict: PersonName, name: str) -> bool:
    """Whether ``name`` is the person: the family name and the first initial, never a family name alone."""
    found = parse_person(name)
    return found is not None and bool(found.given) and bool(conflict.given) and conflict.same_person(found)


def matches(conflict: Conflict, name: str) -> bool:
    """Whether a name written in the case is the conflict."""
    if not conflict.usable or not name.strip():
        return False
    if conflict.person is not None:
        return not is_organisation(name) and person_matches(conflict.person, name)
    return organisation_matches(conflict.words, name)


def case_names(details: CaseDetails) -> list[tuple[str, str]]:
    """Every person and organisation the manifest names, with the key it is under ("parties.insurer")."""
    names: list[tuple[str, str]] = []
    _walk(details.parties, "parties", names)
    if details.claimant.employer:
        names.append(("claimant.employer", details.claimant.employer))
    for number, service in enumerate(details.requested_services):
        if service.requested_by:
            names.append((f"requested_services[{number}].requested_by", service.requested_by))
    for number, line in enumerate(details.billing):
        if isinstance(line, Mapping) and isinstance(line.get("provider"), str):
            names.append((f"billing[{number}].provider", line["provider"]))
    return names


_NOT_NAMES = frozenset({"specialty", "npi", "role", "phone", "email", "fax", "address", "id", "code", "type"})


def _walk(value: Any, key: str, out: list[tuple[str, str]]) -> None:
    if isinstance(value, str):
        if value.strip():
            out.append((key, value.strip()))
    elif isinstance(value, Mapping):
        for child, item in value.items():
            if str(child).lower() not in _NOT_NAMES:
                _walk(item, f"{key}.{child}", out)
    elif isinstance(value, list):
        for number, item in enumerate(value):
            _walk(item, f"{key}[{number}]", out)


def manifest_conflicts(conflicts: Iterable[str], details: CaseDetails) -> list[ConflictMatch]:
    """The manifest's names that match a conflict, each with its key."""
    readable = [c for c in (read_conflict(text) for text in conflicts) if c.usable]
    found: list[ConflictMatch] = []
    for key, name in case_names(details):
        for conflict in readable:
            if matches(conflict, name):
                found.append(ConflictMatch(conflict.text, name, f"the manifest ({key})"))
    return found


class TextSearch:
    """The conflicts searched for in record pages: one pattern per page finds where to look closer."""

    def __init__(self, conflicts: Iterable[str]) -> None:
        self.conflicts = [c for c in (read_conflict(text) for text in conflicts) if c.usable]
        self._by_anchor: dict[str, list[Conflict]] = {}
        for conflict in self.conflicts:
            self._by_anchor.setdefault(_anchor(conflict).translate(_CANON), []).append(conflict)
        self._seen: dict[tuple[str, str, int], str | None] = {}

    def page(
        self, text: str, record: str, page: int, skip: frozenset[str] | set[str] = frozenset()
    ) -> list[ConflictMatch]:
        """The conflicts a page names (whole words, any case, a scan's slips allowed); one match per conflict.

        ``skip``: conflicts already found in this record, not looked for again (a letterhead on every page).
        The page is read in one pass of ``str.translate`` (a scan's look-alike characters made one), then
        searched with ``str.find`` for each anchor word: no regular expression runs over a page without one.
        """
        if len(skip) >= len(self.conflicts):
            return []
        canon = text.lower().translate(_CANON)
        found: dict[str, ConflictMatch] = {}
        for anchor, conflicts in self._by_anchor.items():
            wanted = [c for c in conflicts if c.text not in skip]
            at = canon.find(anchor) if wanted else -1
            while at >= 0 and wanted:
                end = at + len(anchor)
                whole = (at == 0 or not canon[at - 1].isalnum()) and (end == len(canon) or not canon[end].isalnum())
                for conflict in list(wanted) if whole else ():
                    name = self._named_near(conflict, text, at, end)
                    if name is not None:
                        found[conflict.text] = ConflictMatch(
                            conflict.text, name, f"{record}, page {page}", record, page
                        )
                        wanted.remove(conflict)
                at = canon.find(anchor, end)
        return list(found.values())

    def _named_near(self, conflict: Conflict, text: str, start: int, end: int) -> str | None:
        # The same letterhead and signature lines recur on page after page: each is judged once.
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        key = (conflict.text, text[line_start:line_end], start - line_start)
        if key not in self._seen:
            if len(self._seen) > _SEEN_MAX:
                self._seen.clear()
            self._seen[key] = _named_near(conflict, text, start, end)
        return self._seen[key]


def _anchor(conflict: Conflict) -> str:
    """The word searched for first: a person's family name, an organisation's longest telling word."""
    if conflict.person is not None:
        return conflict.person.family
    telling = [w for w in conflict.words if w not in _GENERIC_WORDS and len(w) > 2]
    return max(telling, key=len)


_NAME_AROUND = re.compile(r"[A-Za-z0-9][A-Za-z0-9.'’&-]*")


def _named_near(conflict: Conflict, text: str, start: int, end: int) -> str | None:
    """The conflict's name as written around a hit on its anchor word, or None when it is not there."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    left = text[max(line_start, start - _WINDOW) : start]
    right = text[end : min(line_end, end + _WINDOW)]
    hit = text[start:end]
    if conflict.person is not None:
        return _person_near(conflict.person, left, hit, right)
    before = _NAME_AROUND.findall(left)[-(len(conflict.words) + 3) :]
    after = _NAME_AROUND.findall(right)[: len(conflict.words) + 3]
    line = " ".join(text[line_start:line_end].split())
    if len(line) <= _SHORT_LINE:
        # A letterhead's whole line names the group as it calls itself: "HARBOR IMAGING" is "Harbor Imaging
        # Center", as in the manifest (all the line's words in the conflict's name, a telling one among them).
        return line if organisation_matches(conflict.words, _unslipped(line)) else None
    window = _normal_words(_unslipped(" ".join([*before, hit, *after])))
    if not all(_word_in(w, window) for w in conflict.words):
        return None
    # In a sentence, the fewest words around the hit that hold the name.
    for reach in range(1, len(before) + len(after) + 1):
        for back in range(0, min(reach, len(before)) + 1):
            ahead = reach - back
            if ahead > len(after):
                continue
            candidate = " ".join([*before[len(before) - back :], hit, *after[:ahead]])
            if all(_word_in(w, _normal_words(_unslipped(candidate))) for w in conflict.words):
                return candidate
    return " ".join([*before, hit, *after])


def _person_near(person: PersonName, left: str, hit: str, right: str) -> str | None:
    # "Alan Chu", "A. Chu", "Dr. Alan Chu" before the family name; "CHU, ALAN" / "Chu, A." after it.
    before = re.search(r"([A-Za-z][A-Za-z'’-]*\.?)[ \t]+(?:[A-Z]\.?[ \t]+)?$", left)
    if before is not None:
        candidate = f"{before.group(1)} {hit}"
        if person_matches(person, candidate):
            return candidate
    after = re.match(r"\s*,\s*([A-Za-z][A-Za-z'’-]*\.?)", right)
    if after is not None:
        candidate = f"{hit}, {after.group(1)}"
        if person_matches(person, candidate):
            return candidate
    return None


def _unslipped(text: str) -> str:
    # A scan's digits inside words read back as letters: "C0ast 0rthopedics" is "Coast Orthopedics".
    return re.sub(r"(?<=[A-Za-z])0|0(?=[A-Za-z])", "o", re.sub(r"(?<=[A-Za-z])1(?=[A-Za-z])", "l", text))


def conflict_items(case: Case, profile_conflicts: Sequence[str], acknowledged: Iterable[str]) -> list[ReadinessItem]:
    """The "Before signing" items: each conflict warned of, still in the profile and not acknowledged, blocks."""
    done = set(acknowledged)
    listed = set(profile_conflicts)
    items: list[ReadinessItem] = []
    seen: set[str] = set()
    for warning in case.warnings:
        conflict = conflict_of_warning(warning.message)
        if conflict is None or conflict in done or conflict not in listed or conflict in seen:
            continue
        seen.add(conflict)
        items.append(
            ReadinessItem(
                f'Conflict of interest with "{conflict}": acknowledge it with a reason, or decline the case',
                True,
                Target.CONFLICT,
                conflict,
            )
        )
    return items
