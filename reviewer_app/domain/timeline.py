"""The treatment timeline: the chronology's encounters on a time axis, the injury, requested services, gaps in care.

Pure: built from the chronology's entries (``services.chronology.case_chronology``), the claimant's
date of injury and the referral's requested services. One lane per provider (or per type, as the
physician chooses); each dated entry a mark, an admission a span from ``date`` to ``date_to``.

A *gap in care* is a stretch longer than a setting (default 30 days) with no treatment encounter:
between two treatment encounters, or from the injury to the first one after it. Only documents
that record care count (visits, therapy, imaging, procedures, a hospital stay, labs): a bill, a
claim form, a letter, a work status slip, a utilization review or an IME says nothing about care
being given that day, and a pharmacy fill is not an encounter with a clinician.

Entries dated before the injury are flagged, never hidden: a surgery placed before the injury is
a known way extracted chronologies go wrong, and the physician should see it at once. Undated
entries are listed apart; they are never placed on the axis by a guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reviewer_app.domain.case import RequestedService
from reviewer_app.domain.chronology import ChronologyEntry
from reviewer_app.domain.document_types import DOCUMENT_TYPES

DEFAULT_GAP_DAYS = 30
LANES_BY_PROVIDER = "provider"
LANES_BY_TYPE = "type"
NO_PROVIDER = "Provider not named"

# The types that record care given on their date (see the module's docstring for the others).
CARE_TYPES = frozenset(
    {"emergency", "office_visit", "consultation", "imaging", "procedure", "therapy", "hospital", "lab"}
)

TYPE_LABELS = {
    "emergency": "Emergency",
    "office_visit": "Office visit",
    "consultation": "Consultation",
    "imaging": "Imaging",
    "procedure": "Procedure",
    "therapy": "Therapy",
    "hospital": "Hospital",
    "lab": "Lab",
    "pharmacy": "Pharmacy",
    "work_status": "Work status",
    "utilization_review": "Utilization review",
    "ime_or_peer_review": "IME or peer review",
    "bill": "Bill",
    "claim_form": "Claim form",
    "legal": "Legal",
    "correspondence": "Correspondence",
    "other": "Other",
}


def type_label(kind: str) -> str:
    """The type in words ("IME or peer review")."""
    return TYPE_LABELS.get(kind, kind.replace("_", " ").capitalize())


@dataclass(frozen=True)
class TimelineMark:
    """One dated entry on the axis: ``start`` to ``end`` (the same day unless an admission), in a lane."""

    entry: ChronologyEntry
    lane: int
    start: dt.date
    end: dt.date
    care: bool  # counts for the gaps in care
    before_injury: bool

    @property
    def is_span(self) -> bool:
        return self.end > self.start


@dataclass(frozen=True)
class Lane:
    """A row of the timeline: a provider (as the chronology names them) or a type."""

    label: str
    marks: int


@dataclass(frozen=True)
class CareGap:
    """No treatment encounter from ``start`` to ``end``; ``before`` is None when the gap starts at the injury."""

    start: dt.date
    end: dt.date
    before: ChronologyEntry | None  # the encounter the gap follows (None: it follows the injury)
    after: ChronologyEntry  # the encounter that ends it

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def from_injury(self) -> bool:
        return self.before is None

    def describe(self) -> str:
        """The gap in words, as listed beside the picture and in the print."""
        since = "the injury" if self.before is None else _entry_words(self.before)
        return (
            f"{self.days} days without care: {_short(self.start)} to {_short(self.end)} "
            f"(after {since}; next {_entry_words(self.after)})"
        )


@dataclass(frozen=True)
class ServiceMark:
    """A requested service placed at the date it was requested."""

    key: str
    description: str
    on: dt.date


@dataclass(frozen=True)
class Timeline:
    """What the picture shows; ``marks`` in date order."""

    lanes: tuple[Lane, ...]
    marks: tuple[TimelineMark, ...]
    gaps: tuple[CareGap, ...]
    injury: dt.date | None
    services: tuple[ServiceMark, ...]
    undated: tuple[ChronologyEntry, ...]
    undated_services: tuple[RequestedService, ...]
    lanes_by: str
    gap_days: int

    @property
    def first(self) -> dt.date | None:
        """The earliest day shown (a mark, the injury or a service)."""
        days = self._days()
        return min(days) if days else None

    @property
    def last(self) -> dt.date | None:
        days = self._days()
        return max(days) if days else None

    @property
    def before_injury(self) -> tuple[TimelineMark, ...]:
        return tuple(m for m in self.marks if m.before_injury)

    def _days(self) -> list[dt.date]:
        days = [self.marks[0].start, max(m.end for m in self.marks)] if self.marks else []
        if self.injury:
            days.append(self.injury)
        days += [s.on for s in self.services]
        return days


def build_timeline(
    entries: Sequence[ChronologyEntry],
    injury: dt.date | None = None,
    services: Sequence[RequestedService] = (),
    lanes_by: str = LANES_BY_PROVIDER,
    gap_days: int = DEFAULT_GAP_DAYS,
) -> Timeline:
    """The timeline of ``entries``: lanes by provider (first seen first) or by type (the contract's order)."""
    if lanes_by not in (LANES_BY_PROVIDER, LANES_BY_TYPE):
        raise ValueError(f"lanes_by must be {LANES_BY_PROVIDER!r} or {LANES_BY_TYPE!r}")
    dated = sorted(
        (e for e in entries if e.date is not None),
        key=lambda e: (e.date or dt.date.min, e.record_id, e.first_page),
    )
    undated = tuple(e for e in entries if e.date is None)
    keys = [lane_key(e, lanes_by) for e in dated]
    if lanes_by == LANES_BY_TYPE:
        order = sorted(set(keys), key=lambda k: DOCUMENT_TYPES.index(k) if k in DOCUMENT_TYPES else len(DOCUMENT_TYPES))
        labels = {k: type_label(k) for k in order}
    else:
        order = list(dict.fromkeys(keys))  # first appearance in date order
        labels = {k: k for k in order}
    index = {k: i for i, k in enumerate(order)}
    marks = tuple(
        TimelineMark(
            e,
            index[key],
            e.date or dt.date.min,
            max(e.date_to, e.date) if e.date_to and e.date else e.date or dt.date.min,
            e.type in CARE_TYPES,
            injury is not None and e.date is not None and e.date < injury,
        )
        for e, key in zip(dated, keys, strict=True)
    )
    counts = _counts(keys)
    lanes = tuple(Lane(labels[k], counts[k]) for k in order)
    placed = tuple(ServiceMark(s.key, s.description, s.requested_on) for s in services if s.requested_on)
    placed = tuple(sorted(placed, key=lambda s: s.on))
    unplaced = tuple(s for s in services if not s.requested_on)
    gaps = care_gaps(marks, injury, gap_days)
    return Timeline(lanes, marks, gaps, injury, placed, undated, unplaced, lanes_by, gap_days)


def lane_key(entry: ChronologyEntry, lanes_by: str) -> str:
    """The lane an entry belongs in: its type, or its provider (else its facility)."""
    if lanes_by == LANES_BY_TYPE:
        return entry.type
    return entry.provider or entry.facility or NO_PROVIDER


def care_gaps(marks: Sequence[TimelineMark], injury: dt.date | None, gap_days: int) -> tuple[CareGap, ...]:
    """Stretches longer than ``gap_days`` without a treatment encounter, in date order.

    An admission covers its whole stay. With a date of injury, care before it is the claimant's
    history: the gaps counted are between encounters from the injury on, the first from the injury
    itself; a stretch that spans the injury is counted from the injury.
    """
    care = sorted((m for m in marks if m.care), key=lambda m: (m.start, m.end))
    if injury is not None:
        care = [m for m in care if m.end >= injury]
    gaps: list[CareGap] = []
    covered: dt.date | None = injury
    previous: ChronologyEntry | None = None
    for mark in care:
        if covered is not None and (mark.start - covered).days > gap_days:
            gaps.append(CareGap(covered, mark.start, previous, mark.entry))
        if covered is None or mark.end >= covered:
            covered, previous = mark.end, mark.entry
    return tuple(gaps)


def _counts(keys: Sequence[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    return counts


def _short(day: dt.date) -> str:
    return day.strftime("%m/%d/%Y")


def _entry_words(entry: ChronologyEntry) -> str:
    who = entry.provider or entry.facility
    return type_label(entry.type).lower() + (f", {who}" if who else "")


def mark_words(mark: TimelineMark) -> str:
    """A mark in words (its tooltip and accessible description): date, type, provider, pages, summary, flags."""
    entry = mark.entry
    when = _short(mark.start) + (f" to {_short(mark.end)}" if mark.is_span else "")
    one_page = entry.first_page == entry.last_page
    pages = f"page {entry.first_page}" if one_page else f"pages {entry.first_page}-{entry.last_page}"
    parts = [when, type_label(entry.type)]
    if entry.provider or entry.facility:
        parts.append(", ".join(p for p in (entry.provider, entry.facility) if p))
    parts.append(f"{entry.record}, {pages}")
    if entry.summary:
        parts.append(entry.summary)
    if mark.before_injury:
        parts.append("Dated before the injury: check the date")
    if entry.low_confidence:
        parts.append(f"Found with low confidence ({entry.confidence:.0%}): check it")
    return " · ".join(parts)
