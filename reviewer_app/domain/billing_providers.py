"""Whether a bill's provider and a record's clinician or facility are one, written however each writes them.

A person is compared by family name and first initial (:func:`domain.providers.parse_person`:
"CHU, ALAN MD" is "Alan Chu"); a facility by its words, the generic ones ("Inc", "Group") set
aside, and only when its distinctive words agree: "Coast Physical Therapy" is not "Coastline
Physical Therapy", though every word but one is shared. A person and a facility cannot be
compared: "Kenji Watanabe" may bill as "Pacific Diagnostic Imaging".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz

from reviewer_app.domain.providers import parse_person

_GENERIC = re.compile(r"\b(?:the|inc|llc|pc|pllc|pa|md|do|dpt|dc|of|and|group|associates)\b|[^a-z0-9 ]")


@lru_cache(maxsize=65536)
def same_provider(billed: str, written: str) -> bool:
    """Whether a bill's provider and a record's clinician or facility are one ("CHU, ALAN MD" and "Alan Chu")."""
    a, b = billed.strip(), written.strip()
    if not a or not b:
        return False
    pa, pb = parse_person(a), parse_person(b)
    if pa is not None and pb is not None and pa.same_person(pb) and pa.given and pb.given:
        return True
    na = " ".join(_GENERIC.sub(" ", a.lower().replace("&", " ")).split())
    nb = " ".join(_GENERIC.sub(" ", b.lower().replace("&", " ")).split())
    if not na or not nb:
        return False
    da, db = _distinctive(na), _distinctive(nb)
    # "Coast Physical Therapy" and "Coastline Physical Therapy" share only the words every clinic has.
    if (
        da
        and db
        and fuzz.ratio(da, db) < 88
        and not (set(da.split()) <= set(db.split()) or set(db.split()) <= set(da.split()))
    ):
        return False
    if fuzz.ratio(na, nb) >= 88:
        return True
    shorter, longer = sorted((na, nb), key=len)
    return len(shorter) >= 6 and f" {shorter} " in f" {longer} "


_COMMON_WORDS = frozenset(
    (
        *("physical", "therapy", "medical", "center", "centre", "clinic", "hospital", "health", "healthcare"),
        *("imaging", "diagnostic", "diagnostics", "orthopedics", "orthopaedics", "orthopedic", "spine"),
        *("chiropractic", "rehabilitation", "rehab", "urgent", "care", "pain", "management", "sports", "medicine"),
        *("services", "radiology", "family", "practice", "surgery", "surgical", "st", "saint", "memorial"),
        *("regional", "community", "occupational", "institute", "specialists", "partners"),
    )
)


def _distinctive(name: str) -> str:
    return " ".join(w for w in name.split() if w not in _COMMON_WORDS)


_FACILITY = re.compile(
    r"\b(?:clinic|hospital|cent(?:er|re)|therapy|imaging|medical|health|healthcare|group|associates|orthop\w*|"
    r"chiropractic|spine|rehab\w*|radiology|labs?|laborator\w*|pharmacy|institute|practice|partners|llc|inc|"
    r"urgent care|diagnostic\w*|services|physicians|surgery|care)\b",
    re.IGNORECASE,
)


def compatible(first: Sequence[str], second: Sequence[str]) -> bool:
    """Whether two lists of names can be one provider: a pair matches, or no person (or facility) differs from another.

    A person and a facility cannot be compared: "Kenji Watanabe" may well bill as "Pacific Diagnostic Imaging".
    """
    if not first or not second:
        return True
    return _compatible(tuple(first), tuple(second))


@lru_cache(maxsize=16384)
def _compatible(first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    if any(same_provider(x, y) for x in first for y in second):
        return True
    people = ([x for x in first if not _FACILITY.search(x)], [y for y in second if not _FACILITY.search(y)])
    places = ([x for x in first if _FACILITY.search(x)], [y for y in second if _FACILITY.search(y)])
    return not (people[0] and people[1]) and not (places[0] and places[1])
