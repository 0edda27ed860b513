"""Billing against the records: each billed line matched to the encounter that documents it, and a status.

Billed lines come from the manifest's ``billing`` and from the bills found in the records
(:mod:`domain.bill_reading`); encounters are the chronology's entries. A line is matched to the
encounters on its date (or within its from-to range) with its provider or facility (names
compared as :mod:`domain.providers` does, fuzzily); then:

- ``outside_dates``: the date is before the injury, outside the dates the records cover, or a
  range holds no encounter;
- ``not_documented``: no encounter that day by that provider;
- ``code_differs``: the encounter documents another code or level (99213 for a 99214 billed),
  or other services and not this one;
- ``units_differ``: the encounter documents other units (written, or minutes by the 8-minute rule);
- ``documented`` otherwise.

Each encounter of a provider who billed that no line matched is listed as ``not_billed``.
The rules are deterministic, and they lean to the physician's side: an encounter that day
whose provider the records do not name still documents the line, so "not documented" is said
only when the records hold nothing that day that could.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from reviewer_app.domain.billing_codes import SERVICE_WORDS, DocumentedService, documented_units, same_family
from reviewer_app.domain.billing_providers import compatible, same_provider
from reviewer_app.domain.chronology import ChronologyEntry

DOCUMENTED = "documented"
NOT_DOCUMENTED = "not_documented"
UNITS_DIFFER = "units_differ"
CODE_DIFFERS = "code_differs"
OUTSIDE_DATES = "outside_dates"
NOT_BILLED = "not_billed"
STATUSES = (DOCUMENTED, NOT_DOCUMENTED, UNITS_DIFFER, CODE_DIFFERS, OUTSIDE_DATES, NOT_BILLED)
IN_QUESTION = frozenset({NOT_DOCUMENTED, UNITS_DIFFER, CODE_DIFFERS, OUTSIDE_DATES})
STATUS_WORDS = {
    DOCUMENTED: "Documented",
    NOT_DOCUMENTED: "Not documented",
    UNITS_DIFFER: "Units differ",
    CODE_DIFFERS: "Code differs",
    OUTSIDE_DATES: "Outside the dates",
    NOT_BILLED: "Not billed",
}
# Encounters a bill can be for; a bill, a letter or a review documents no care.
CARE_TYPES = frozenset(
    {"emergency", "office_visit", "consultation", "imaging", "procedure", "therapy", "hospital", "lab", "pharmacy"}
)


@dataclass(frozen=True)
class PageRef:
    """A page of a record (1-based), as the table links to it."""

    record_id: int
    record: str
    page: int

    def to_json(self) -> dict[str, Any]:
        return {"record": self.record, "page": self.page}


@dataclass(frozen=True)
class BilledLine:
    """One line billed: from the manifest or from a bill in the records (``bill_pages`` then name its pages)."""

    date: dt.date | None
    date_to: dt.date | None
    code: str
    code_system: str = "CPT"
    modifiers: tuple[str, ...] = ()
    units: float | None = None
    charge: Decimal | None = None
    provider: str | None = None
    provider_names: tuple[str, ...] = ()
    diagnosis_codes: tuple[str, ...] = ()
    source: str = "manifest"  # "manifest" or "records"
    form: str = "manifest"  # "manifest", "CMS-1500", "UB-04", "statement"
    bill_pages: tuple[PageRef, ...] = ()
    revenue_code: str | None = None
    period: tuple[dt.date, dt.date] | None = None  # the bill's own covered period (a UB-04's "statement covers")

    @property
    def names(self) -> tuple[str, ...]:
        return self.provider_names or ((self.provider,) if self.provider else ())


@dataclass(frozen=True)
class Encounter:
    """A chronology entry with the services its pages document."""

    entry: ChronologyEntry
    services: tuple[DocumentedService, ...] = ()

    @property
    def pages(self) -> tuple[PageRef, ...]:
        e = self.entry
        return tuple(PageRef(e.record_id, e.record, n) for n in range(e.first_page, e.last_page + 1))

    @property
    def codes(self) -> frozenset[str]:
        return frozenset().union(*(s.codes for s in self.services)) if self.services else frozenset()


@dataclass(frozen=True)
class BillingResult:
    """A billed line (or an encounter never billed) with its status, the encounter matched, and why."""

    status: str
    line: BilledLine | None
    encounters: tuple[ChronologyEntry, ...] = ()
    units_documented: int | None = None
    code_documented: str | None = None
    reason: str = ""

    @property
    def date(self) -> dt.date | None:
        if self.line is not None:
            return self.line.date
        return self.encounters[0].date if self.encounters else None

    @property
    def bill_pages(self) -> tuple[PageRef, ...]:
        return self.line.bill_pages if self.line is not None else ()

    @property
    def record_pages(self) -> tuple[PageRef, ...]:
        pages: list[PageRef] = []
        for e in self.encounters:
            pages += [PageRef(e.record_id, e.record, n) for n in range(e.first_page, e.last_page + 1)]
        return tuple(pages)

    @property
    def pages(self) -> tuple[PageRef, ...]:
        """The bill's pages, then the encounter's: what shows the line."""
        return self.bill_pages + tuple(p for p in self.record_pages if p not in self.bill_pages)

    @property
    def provider(self) -> str | None:
        if self.line is not None and self.line.provider:
            return self.line.provider
        e = self.encounters[0] if self.encounters else None
        return (e.provider or e.facility) if e else None

    def to_json(self) -> dict[str, Any]:
        """The `reviewer billing --json` shape: the status, the line as billed, what the records show, the pages."""
        line = self.line
        return {
            "status": self.status,
            "date_of_service": _iso(self.date),
            "date_to": _iso(line.date_to) if line else None,
            "code": line.code if line else None,
            "code_system": line.code_system if line else None,
            "modifiers": list(line.modifiers) if line else [],
            "units_billed": _number(line.units) if line else None,
            "units_documented": self.units_documented,
            "code_documented": self.code_documented,
            "charge": str(line.charge) if line and line.charge is not None else None,
            "provider": self.provider,
            "source": line.source if line else "records",
            "form": line.form if line else None,
            "reason": self.reason,
            "bill_pages": [p.to_json() for p in self.bill_pages],
            "record_pages": [
                {"record": e.record, "first_page": e.first_page, "last_page": e.last_page, "type": e.type}
                for e in self.encounters
            ],
            "pages": [p.to_json() for p in self.pages],
        }


@dataclass(frozen=True)
class BillingTotals:
    billed: Decimal = Decimal(0)
    documented: Decimal = Decimal(0)
    in_question: Decimal = Decimal(0)
    counts: Mapping[str, int] = field(default_factory=dict)


def totals(results: Iterable[BillingResult]) -> BillingTotals:
    """Charges billed, billed and documented, billed and in question; and lines of each status."""
    billed = documented = in_question = Decimal(0)
    counts = dict.fromkeys(STATUSES, 0)
    for result in results:
        counts[result.status] += 1
        charge = result.line.charge if result.line is not None and result.line.charge is not None else Decimal(0)
        if result.line is None:
            continue
        billed += charge
        if result.status == DOCUMENTED:
            documented += charge
        else:
            in_question += charge
    return BillingTotals(billed, documented, in_question, counts)


def manifest_lines(billing: Sequence[Mapping[str, Any]]) -> list[BilledLine]:
    """The manifest's billed lines (keys as bundle-format.md names them); a line without a code is kept as given."""
    lines: list[BilledLine] = []
    for item in billing:
        date = _date(item.get("date_of_service"))
        date_to = _date(item.get("date_to"))
        units = item.get("units")
        provider = item.get("provider")
        diagnoses = item.get("diagnosis_codes")
        lines.append(
            BilledLine(
                date,
                date_to if date_to and date_to != date else None,
                str(item.get("code") or "").strip().upper(),
                str(item.get("code_system") or "CPT"),
                tuple(str(m) for m in item.get("modifiers") or () if isinstance(m, str)),
                float(units) if isinstance(units, int | float) and not isinstance(units, bool) else None,
                _money(item.get("charge")),
                provider if isinstance(provider, str) and provider.strip() else None,
                diagnosis_codes=tuple(str(d) for d in diagnoses) if isinstance(diagnoses, list) else (),
            )
        )
    return lines


def merged(manifest: Sequence[BilledLine], found: Sequence[BilledLine]) -> list[BilledLine]:
    """The manifest's lines and those found in the records, each once: a bill's copy of a line lends it its pages.

    The same line on a faxed copy of a bill, or on the claim form and the statement, is one line billed.
    """
    out = list(manifest)
    by_key: dict[tuple[dt.date | None, str], list[int]] = {}
    for number, kept in enumerate(out):
        by_key.setdefault((kept.date, kept.code), []).append(number)
    for line in found:
        near = by_key.setdefault((line.date, line.code), [])
        twin = next((n for n in near if _same_line(out[n], line)), None)
        if twin is None:
            near.append(len(out))
            out.append(line)
            continue
        kept = out[twin]
        pages = kept.bill_pages + tuple(p for p in line.bill_pages if p not in kept.bill_pages)
        names = kept.names + tuple(n for n in line.names if n not in kept.names)
        out[twin] = replace(kept, bill_pages=pages, provider_names=names)
    return out


def _same_line(a: BilledLine, b: BilledLine) -> bool:
    if a.code != b.code or a.date != b.date:
        return False
    if a.units is not None and b.units is not None and a.units != b.units:
        return False
    if a.charge is not None and b.charge is not None and a.charge != b.charge:
        return False
    if not compatible(a.names, b.names):
        return False  # two providers' like services on one day
    if a.source == b.source == "records":
        # Two like lines of one bill page are two services; the same line on another page is a copy.
        return a.bill_pages[:1] != b.bill_pages[:1]
    return True


def reconcile(
    lines: Sequence[BilledLine],
    entries: Sequence[ChronologyEntry],
    services_of: Callable[[ChronologyEntry], Sequence[DocumentedService]],
    injury: dt.date | None = None,
    bill_pages: frozenset[tuple[int, int]] = frozenset(),
) -> list[BillingResult]:
    """Each billed line with its status, then the encounters never billed; in date order.

    ``services_of`` reads what an entry's pages document (called only for the entries a line
    could be for); ``bill_pages`` are (record id, page) of the bills, never an encounter.
    """
    care = [
        trimmed
        for trimmed in (_without_bills(e, bill_pages) for e in entries if e.date is not None and e.type in CARE_TYPES)
        if trimmed is not None
    ]
    by_day: dict[dt.date, list[ChronologyEntry]] = {}
    for e in care:
        assert e.date is not None
        start = e.date
        last = e.date_to or start
        day = start
        while day <= last and (day - start).days <= 366:
            by_day.setdefault(day, []).append(e)
            day += dt.timedelta(days=1)
    days = sorted(by_day)
    covered = (days[0], days[-1]) if days else None
    cache: dict[tuple[int, int], Encounter] = {}

    def encounter(e: ChronologyEntry) -> Encounter:
        key = (e.record_id, e.first_page)
        if key not in cache:
            cache[key] = Encounter(e, tuple(services_of(e)))
        return cache[key]

    results: list[BillingResult] = []
    billed: set[tuple[int, int]] = set()
    for line in lines:
        result = _judge(line, by_day, covered, injury, encounter)
        billed.update((e.record_id, e.first_page) for e in result.encounters)
        results.append(result)
    billers = [line for line in lines if line.names]
    for e in care:
        if (e.record_id, e.first_page) in billed:
            continue
        if billers and not any(_same_provider(line.names, e) for line in billers):
            continue  # another provider's care: its bills are not in this case
        if not lines:
            continue
        codes = sorted(encounter(e).codes)
        results.append(
            BillingResult(NOT_BILLED, None, (e,), code_documented=", ".join(codes) or None, reason=_unbilled_words(e))
        )
    results.sort(key=lambda r: (r.date is None, r.date or dt.date.min, r.line is None, r.line.code if r.line else ""))
    return results


def _without_bills(entry: ChronologyEntry, bill_pages: frozenset[tuple[int, int]]) -> ChronologyEntry | None:
    """The entry without the bill pages at its ends (a claim form sorted in with its visit); None if all bill."""
    first, last = entry.first_page, entry.last_page
    while first <= last and (entry.record_id, first) in bill_pages:
        first += 1
    while last >= first and (entry.record_id, last) in bill_pages:
        last -= 1
    if first > last:
        return None
    if (first, last) == (entry.first_page, entry.last_page):
        return entry
    return replace(entry, first_page=first, last_page=last)


def _judge(
    line: BilledLine,
    by_day: Mapping[dt.date, list[ChronologyEntry]],
    covered: tuple[dt.date, dt.date] | None,
    injury: dt.date | None,
    encounter: Callable[[ChronologyEntry], Encounter],
) -> BillingResult:
    if line.date is None:
        return BillingResult(NOT_DOCUMENTED, line, reason="The line has no date of service to look for.")
    last = line.date_to or line.date
    if injury is not None and line.date < injury:
        when = f"{line.date.isoformat()} is before the injury of {injury.isoformat()}"
        return BillingResult(OUTSIDE_DATES, line, tuple(_on_days(by_day, line.date, last)), reason=when + ".")
    if line.period is not None and not (line.period[0] <= line.date and last <= line.period[1]):
        span = f"{line.period[0].isoformat()} to {line.period[1].isoformat()}"
        return BillingResult(
            OUTSIDE_DATES,
            line,
            tuple(_on_days(by_day, line.date, last)),
            reason=f"{_when(line)} is outside the bill's period {span}.",
        )
    same_days = _on_days(by_day, line.date, last)
    if not same_days:
        if covered is None:
            return BillingResult(NOT_DOCUMENTED, line, reason="The records hold no dated encounter.")
        if last < covered[0] or line.date > covered[1]:
            words = f"the records cover {covered[0].isoformat()} to {covered[1].isoformat()}"
            return BillingResult(OUTSIDE_DATES, line, reason=f"{_when(line)} is outside the dates: {words}.")
        if line.date_to is not None:
            return BillingResult(OUTSIDE_DATES, line, reason=f"No encounter within the billed range {_when(line)}.")
        return BillingResult(NOT_DOCUMENTED, line, reason=f"No encounter on {_when(line)} in the records.")
    theirs = [e for e in same_days if _same_provider(line.names, e)] if line.names else list(same_days)
    # A note whose clinician or facility cannot be compared with the bill's (a person billed, no clinician
    # named on the note) may be the one billed: never called "not documented" for want of a name.
    candidates = theirs or [e for e in same_days if compatible(line.names, [x for x in (e.provider, e.facility) if x])]
    if not candidates:
        # Another provider's note that day: it documents the line only if it shows the service billed.
        candidates = [e for e in same_days if _documents(encounter(e), line.code)]
        if not candidates:
            who = ", ".join(sorted({e.provider or e.facility or "" for e in same_days} - {""}))
            return BillingResult(
                NOT_DOCUMENTED,
                line,
                reason=f"No encounter by {line.provider or 'the billing provider'}; that day: {who}.",
            )
    return _compare(line, [encounter(e) for e in candidates])


def _compare(line: BilledLine, candidates: Sequence[Encounter]) -> BillingResult:
    entries = tuple(c.entry for c in candidates)
    if not line.code:
        return BillingResult(
            DOCUMENTED, line, entries, reason="An encounter that day; the line names no code to compare."
        )
    with_code = [c for c in candidates if _documents(c, line.code)]
    if with_code:
        units = documented_units([s for c in with_code for s in c.services], line.code)
        chosen = tuple(c.entry for c in with_code)
        if units is not None and line.units is not None and float(units) != float(line.units):
            return BillingResult(
                UNITS_DIFFER,
                line,
                chosen,
                units,
                line.code,
                f"{_number(line.units)} unit(s) billed; the note documents {units}.",
            )
        return BillingResult(DOCUMENTED, line, chosen, units, line.code, "")
    other = _other_codes(line.code, candidates)
    if other:
        return BillingResult(
            CODE_DIFFERS,
            line,
            entries,
            code_documented=", ".join(other),
            reason=f"{line.code} billed; the note documents {', '.join(other)}.",
        )
    return BillingResult(DOCUMENTED, line, entries, reason="An encounter that day; the note names no code.")


def _documents(encounter: Encounter, code: str) -> bool:
    return code in encounter.codes


def _other_codes(code: str, candidates: Sequence[Encounter]) -> list[str]:
    """The codes the notes document instead of ``code``, when they say enough to tell.

    A note that writes codes, or names services in words, documents what it names: another level of
    the same service, or other services than the one billed. A note that names nothing is no evidence.
    """
    words_known = any(code in codes for _, codes in SERVICE_WORDS)
    explicit: set[str] = set()
    named: set[str] = set()
    for c in candidates:
        for service in c.services:
            (explicit if service.explicit else named).update(service.codes)
    if explicit:
        same = sorted(x for x in explicit if same_family(code, x))
        return same or sorted(explicit)
    if named and (words_known or any(same_family(code, x) for x in named)):
        return sorted(named)
    return []


def _on_days(by_day: Mapping[dt.date, list[ChronologyEntry]], first: dt.date, last: dt.date) -> list[ChronologyEntry]:
    out: list[ChronologyEntry] = []
    seen: set[int] = set()
    day = first
    while day <= last and (day - first).days <= 366:
        for e in by_day.get(day, ()):
            if id(e) not in seen:
                seen.add(id(e))
                out.append(e)
        day += dt.timedelta(days=1)
    return out


def _same_provider(names: Sequence[str], entry: ChronologyEntry) -> bool:
    written = [x for x in (entry.provider, entry.facility) if x]
    return any(same_provider(n, w) for n in names for w in written)


def _unbilled_words(e: ChronologyEntry) -> str:
    who = e.provider or e.facility or "an unnamed provider"
    return f"{e.type.replace('_', ' ')} by {who} on {_iso(e.date)}: no line billed for it."


def _when(line: BilledLine) -> str:
    if line.date_to and line.date:
        return f"{line.date.isoformat()} to {line.date_to.isoformat()}"
    return _iso(line.date) or "no date"


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def _number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _money(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value).replace("$", "").replace(",", "").strip())
    except InvalidOperation:
        return None
