"""Billed lines read from bills in the records: CMS-1500 claim forms, UB-04s and itemised statements.

The text of a bill comes out of a PDF (or OCR) as lines of cells in whatever order the form
prints them: a CMS-1500's box 24 row is "03 16 26 03 16 26 11 99213 25 A 185 00 1 NPI
1234567890" (dates as MM DD YY, the charge's cents in their own box, units after the charge); a
UB-04's is "0420 PHYSICAL THERAPY 97110 031626 4 180.00" (revenue code first, units before the
charge); a statement's is "03/16/2026 97110 Therapeutic exercise 4 $180.00" or any order its
header names. A service line is a line with a procedure code, a date and a charge; its other
cells are read by what they look like and where they sit relative to the charge.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from reviewer_app.domain.billing import BilledLine, BillingResult, PageRef, manifest_lines, merged, reconcile
from reviewer_app.domain.billing_codes import CODE, codes_on_line, documented_services, ocr_digits
from reviewer_app.domain.chronology import ChronologyEntry
from reviewer_app.domain.providers import page_author, page_facility, parse_person
from reviewer_app.domain.record_dates import FAX_LINE, find_dates, two_digit_year

FORM_CMS1500 = "CMS-1500"
FORM_UB04 = "UB-04"
FORM_STATEMENT = "statement"

_CMS = re.compile(
    r"cms[- ]?1500|hcfa[- ]?1500|health insurance claim form|\b24\.?\s*a\.?\s*date\(?s\)? of service", re.I
)
_UB = re.compile(r"\bub[- ]?0?4\b|\bcms[- ]?1450\b|\brev\.?\s*cd\b|\brevenue code\b|statement covers period", re.I)
_STATEMENT = re.compile(
    r"itemi[sz]ed (?:statement|bill)|statement of account|patient statement|superbill|\bledger\b|"
    r"account (?:statement|detail)|charges? detail|billing statement|invoice",
    re.I,
)
_FORM_WORDS = (
    *("1500", "claim form", "ub", "1450", "rev", "covers period", "statement", "bill", "ledger", "account"),
    *("charge", "invoice", "date(s) of service"),
)
_HEADER_WORDS = re.compile(r"\b(?:date|dos|code|cpt|hcpcs|charges?|amount|units?|qty|description|fee|billed)\b", re.I)
_MONEY = re.compile(r"(?<![\w.,/-])\$?\s?(\d{1,3}(?:,\d{3})+|\d{1,6})\.(\d\d)(?![\d/-])")
_SPLIT_MONEY = re.compile(r"(?<![\w.,/$-])(\d{1,6}) (\d\d)(?![\w/-])")  # a CMS-1500's "185 00"
_SPACED_DATE = re.compile(r"(?<!\d)(\d\d) (\d\d) (\d\d(?:\d\d)?)(?!\d)")  # CMS-1500's "03 16 26"
_PACKED_DATE = re.compile(r"(?<!\d)(0[1-9]|1[0-2])([0-3]\d)(\d\d)(?!\d)")  # UB-04's "031626"
_REVENUE = re.compile(r"^\s*(0\d{3})\b")
_NPI = re.compile(r"\b\d{10}\b")
_SMALL_NUMBER = re.compile(r"(?<![\w.$/,-])(\d{1,3})(?:\.0{1,2})?(?![\w/,-]|\.\d)")
_MODIFIER = re.compile(r"^(?:[A-Z][A-Z0-9]|[0-9][A-Z]|2[2-7]|5[0-9]|6[236]|7[6-9]|8[0-2]|9[0-9]|3[23])$")
_POINTER = re.compile(r"^[A-L]{1,4}$|^[1-4](?:,?[1-4]){0,3}$")
_PERIOD = re.compile(r"statement covers period|covers period|\bfrom\b.*\bthrough\b", re.I)
_BILLING_PROVIDER = re.compile(r"\b33\.?\s*billing provider|billing provider(?: info)?\b|\bpay[- ]?to\b", re.I)
_FL1 = re.compile(r"^\s*1\s+([A-Z][A-Za-z&.,' -]{3,})$")
_DIAGNOSIS = re.compile(r"\b([A-TV-Z]\d{2}(?:\.\d{1,4}[A-Z]?)?[A-Z]?)\b")


@dataclass(frozen=True)
class BillRow:
    """One service line of a bill as read from a page (``page`` 0-based in its record)."""

    date: dt.date | None
    date_to: dt.date | None
    code: str
    modifiers: tuple[str, ...]
    units: float | None
    charge: Decimal | None
    form: str
    page: int
    revenue_code: str | None = None
    place_of_service: str | None = None


@dataclass(frozen=True)
class PageBill:
    """What a bill page says: its form, who billed, the covered period, its service lines."""

    form: str
    provider: str | None
    provider_names: tuple[str, ...]
    period: tuple[dt.date, dt.date] | None
    rows: tuple[BillRow, ...]
    diagnosis_codes: tuple[str, ...] = ()


def bill_form(text: str) -> str | None:
    """Which kind of bill a page is, by its form's own words (None when it is no bill)."""
    head = text[:4000]
    lowered = head.lower()
    if not any(word in lowered for word in _FORM_WORDS):  # most pages are no bill: passed over at once
        return None
    if _CMS.search(head):
        return FORM_CMS1500
    if _UB.search(head):
        return FORM_UB04
    if _STATEMENT.search(head):
        return FORM_STATEMENT
    return None


def read_bill(text: str, page: int, form: str | None = None) -> PageBill | None:
    """The bill on a page, or None when the page shows no service line (a note that mentions a charge is no bill)."""
    form = form or bill_form(text)
    lines = [line for line in text.split("\n") if line.strip()]
    if form is None and not any(_HEADER_WORDS.search(line) and len(_HEADER_WORDS.findall(line)) >= 3 for line in lines):
        return None
    form = form or FORM_STATEMENT
    units_first = _units_before_charge(lines, form)
    lines = [ocr_digits(line) for line in lines]
    rows = _rows(lines, form, page, units_first)
    if not rows and form in (FORM_CMS1500, FORM_UB04):
        rows = _rows(_cells_joined(lines), form, page, units_first)
    if not rows:
        return None
    names = _billing_names(lines, form)
    return PageBill(form, names[0] if names else None, tuple(names), _period(lines), tuple(rows), _diagnoses(lines))


def _rows(lines: Sequence[str], form: str, page: int, units_first: bool) -> list[BillRow]:
    rows: list[BillRow] = []
    for line in lines:
        if FAX_LINE.search(line) and not _MONEY.search(line):
            continue
        row = _row(line, form, page, units_first)
        if row is not None:
            rows.append(row)
    return rows


_STARTS_WITH_DATE = re.compile(r"^\s*(?:\d{1,2}[/ .-]\d{1,2}[/ .-]\d{2,4}|\d{6}(?!\d)|(?:19|20)\d\d-\d\d-\d\d)")


def _cells_joined(lines: Sequence[str]) -> list[str]:
    """A form whose text came out one box to a line: each service line's boxes joined again.

    A service line starts at a date after the form's table header, and runs until the next date
    that starts a line once it holds a code and a charge (its "to" date is part of it).
    """
    joined: list[str] = []
    current: list[str] = []
    for line in lines:
        text = " ".join(current)
        starts = bool(_STARTS_WITH_DATE.match(line))
        if starts and current and codes_on_line(text) and (_MONEY.search(text) or _SPLIT_MONEY.search(text)):
            joined.append(text)
            current = []
        if starts or current:
            current.append(line.strip())
        if len(current) > 14:  # no service line has that many boxes: this was no table
            current = []
    if current:
        joined.append(" ".join(current))
    return joined


def _units_before_charge(lines: Sequence[str], form: str) -> bool:
    """Whether the table prints units before the charge: its header says; a CMS-1500 prints them after."""
    for line in lines:
        lowered = line.lower()
        if len(_HEADER_WORDS.findall(lowered)) < 3:
            continue
        units = re.search(r"\b(?:units?|qty|quantity|days or units|serv\.? units)\b", lowered)
        charge = re.search(r"\b(?:charges?|amount|fee|billed|total)\b", lowered)
        if units and charge:
            return units.start() < charge.start()
    return form != FORM_CMS1500


def _dates(line: str) -> tuple[list[tuple[dt.date, int, int]], str]:
    """The dates on a bill line in every way bills write them, and the line with them blanked out."""
    found: list[tuple[dt.date, int, int]] = []
    blanked = list(line)

    def blank(start: int, end: int) -> None:
        for index in range(start, end):
            blanked[index] = " "

    for date in find_dates(line):
        match_end = _date_end(line, date.start)
        found.append((date.date, date.start, match_end))
        blank(date.start, match_end)
    for pattern in (_SPACED_DATE, _PACKED_DATE):
        for match in pattern.finditer("".join(blanked)):
            month, day, year = (int(match.group(i)) for i in (1, 2, 3))
            try:
                found.append((dt.date(two_digit_year(year, match.group(3)), month, day), match.start(), match.end()))
            except ValueError:
                continue
            blank(match.start(), match.end())
    found.sort(key=lambda item: item[1])
    return found, "".join(blanked)


_DATE_TEXT = re.compile(
    r"(?:19|20)\d\d-\d\d-\d\d|\d{1,2}([/.-])\d{1,2}\1\d{2,4}|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}(?:\s+|-)[A-Za-z]{3,9}\.?(?:,?\s+|-)\d{2,4}",
)


def _date_end(line: str, start: int) -> int:
    match = _DATE_TEXT.match(line, start)
    return match.end() if match else start + 1


def _row(line: str, form: str, page: int, units_first: bool) -> BillRow | None:
    dates, rest = _dates(line)
    if not dates:
        return None
    codes = [c for c in codes_on_line(rest) if re.fullmatch(CODE, c[0])]
    if not codes and form != FORM_UB04:
        codes = _any_code(rest)
    if not codes:
        return None
    code, code_start, code_end = codes[0]
    revenue = _REVENUE.match(rest)
    money = [
        (m.start(), m.end(), Decimal(m.group(1).replace(",", "") + "." + m.group(2))) for m in _MONEY.finditer(rest)
    ]
    if not money and form == FORM_CMS1500:
        money = [
            (m.start(), m.end(), Decimal(f"{m.group(1)}.{m.group(2)}"))
            for m in _SPLIT_MONEY.finditer(rest)
            if m.start() > code_end
        ]
    if not money:
        return None
    modifiers: list[str] = []
    after_code = rest[code_end:].split()
    for token in after_code[:4]:
        bare = token.lstrip("-")
        if _MODIFIER.match(bare) and not _POINTER.match(bare):
            modifiers.append(bare)
        else:
            break
    # A UB-04's total charges come before its non-covered column: the first amount is the charge.
    charge_start, charge_end, charge = money[0]
    units: float | None = None
    if form != FORM_UB04 and len(money) >= 2 and money[0][2] == money[0][2].to_integral() and money[0][2] <= 99:
        # A ledger's "2.00  45.00  90.00": quantity, unit price, total (or "2.00  90.00": quantity and total).
        quantity = money[0][2]
        if len(money) >= 3 and quantity * money[1][2] == money[2][2]:
            units, (charge_start, charge_end, charge) = float(quantity), money[2]
        elif len(money) == 2 and units_first and quantity < money[1][2]:
            units, (charge_start, charge_end, charge) = float(quantity), money[1]
    if units is None:
        units = _units(rest, code_end, charge_start, charge_end, units_first, modifiers)
    place = None
    if form == FORM_CMS1500:
        before = re.findall(r"(?<!\d)(\d\d)(?!\d)", rest[:code_start])
        place = before[-1] if before else None
    first, *others = [d for d, _, _ in dates]
    last = max(others) if others else None
    return BillRow(
        first,
        last if last and last != first else None,
        code,
        tuple(modifiers),
        units,
        charge,
        form,
        page,
        revenue.group(1) if revenue and revenue.group(1) != code else None,
        place,
    )


def _any_code(rest: str) -> list[tuple[str, int, int]]:
    # A statement's code column names codes outside the common ranges too; a ZIP code never sits beside a charge.
    match = re.search(rf"(?<![\w/.$-])({CODE})(?![\w/]|-(?![A-Z0-9]{{2}}\b)|\.\d)", rest)
    return [(match.group(1), match.start(1), match.end(1))] if match else []


def _units(
    rest: str, code_end: int, charge_start: int, charge_end: int, units_first: bool, modifiers: Sequence[str]
) -> float | None:
    """The units of a line: the bare number beside the charge on the side the form prints them."""
    npi = [(m.start(), m.end()) for m in _NPI.finditer(rest)]

    def numbers(start: int, end: int) -> list[tuple[int, float]]:
        out = []
        for match in _SMALL_NUMBER.finditer(rest, start, end):
            if any(a <= match.start() < b for a, b in npi) or match.group(0) in modifiers:
                continue
            out.append((match.start(), float(match.group(1))))
        return out

    labelled = re.search(r"(?:\bx\s*|\bunits?:?\s*|\bqty:?\s*)(\d{1,3})\b|\b(\d{1,3})\s*units?\b", rest, re.I)
    if labelled:
        return float(labelled.group(1) or labelled.group(2))
    if units_first:
        before = numbers(code_end, charge_start)
        if before:
            return before[-1][1]
        after = numbers(charge_end, len(rest))
        return after[0][1] if after else None
    after = numbers(charge_end, len(rest))
    if after:
        return after[0][1]
    before = numbers(code_end, charge_start)
    return before[-1][1] if before else None


def _billing_names(lines: Sequence[str], form: str) -> list[str]:
    """Who billed: box 33 (or 32, 31) on a CMS-1500, FL 1 on a UB-04, the letterhead or a provider label otherwise."""
    names: list[str] = []
    for index, line in enumerate(lines):
        if _BILLING_PROVIDER.search(line):
            tail = re.split(r"billing provider(?: info)?(?: & ph ?#)?|pay[- ]?to(?: provider)?", line, flags=re.I)[-1]
            candidates = [tail, *lines[index + 1 : index + 3]]
            for candidate in candidates:
                cleaned = _clean_name(candidate)
                if cleaned:
                    names.append(cleaned)
                    break
    if form == FORM_UB04:
        for line in lines[:6]:
            fl1 = _FL1.match(line)
            if fl1:
                names.append(fl1.group(1).strip())
    author = page_author(lines)
    if author.person is not None:
        names.append(author.person.shown)
    facility = page_facility(lines)
    if facility:
        names.append(facility)
    unique: list[str] = []
    for name in names:
        if name and name.lower() not in (u.lower() for u in unique):
            unique.append(name)
    return unique


def _clean_name(text: str) -> str | None:
    cleaned = re.sub(r"[:#|]|\(\d{3}\).*|\d{3}[- ]\d{3}[- ]\d{4}.*|\bNPI\b.*|\bph\b.*", " ", text, flags=re.I)
    cleaned = " ".join(cleaned.split()).strip(" ,.-")
    if len(cleaned) < 4 or not re.search(r"[A-Za-z]{3}", cleaned) or re.match(r"^\d", cleaned):
        return None
    if parse_person(cleaned) is None and not re.search(r"[A-Z][a-z]|[A-Z]{3}", cleaned):
        return None
    return cleaned[:120]


def _period(lines: Sequence[str]) -> tuple[dt.date, dt.date] | None:
    """A UB-04's statement covers period, or a statement's "from ... through ..."."""
    for index, line in enumerate(lines):
        if _PERIOD.search(line):
            window = " ".join(lines[index : index + 2])
            found, _ = _dates(window)
            days = [d for d, _, _ in found]
            if len(days) >= 2:
                return min(days[:2]), max(days[:2])
    return None


def _diagnoses(lines: Sequence[str]) -> tuple[str, ...]:
    found: list[str] = []
    for line in lines:
        if re.search(r"diagnos|\bicd\b|\bdx\b|\b21\.", line, re.I):
            for match in _DIAGNOSIS.finditer(line):
                code = match.group(1)
                if "." in code and code not in found:
                    found.append(code)
    return tuple(found)


def lines_from_records(
    records: Sequence[tuple[int, str, Sequence[str]]], bill_spans: Mapping[int, Sequence[tuple[int, int]]]
) -> tuple[list[BilledLine], frozenset[tuple[int, int]]]:
    """The billed lines of every bill in the records, and the bill pages as (record id, 1-based page).

    ``records`` are (record id, path, page texts); ``bill_spans`` the chronology's bill and claim-form
    documents of each record (1-based first and last pages), read as bills whatever their words. Every
    other page is read as a bill only when it names its form. A bill's later page without a letterhead
    is the same provider's as the page before it.
    """
    lines: list[BilledLine] = []
    pages: set[tuple[int, int]] = set()
    for record_id, path, texts in records:
        spans = bill_spans.get(record_id, ())
        previous: PageBill | None = None
        for index, text in enumerate(texts):
            in_bill = any(first <= index + 1 <= last for first, last in spans)
            form = bill_form(text)
            if form is None and not in_bill:
                previous = None
                continue
            bill = read_bill(text, index, form)
            if bill is None:
                if form is not None:
                    pages.add((record_id, index + 1))
                continue
            if not bill.provider_names and previous is not None:
                bill = replace(bill, provider=previous.provider, provider_names=previous.provider_names)
            previous = bill
            pages.add((record_id, index + 1))
            ref = PageRef(record_id, path, index + 1)
            for row in bill.rows:
                lines.append(
                    BilledLine(
                        row.date,
                        row.date_to,
                        row.code,
                        "HCPCS" if row.code[0].isalpha() else "CPT",
                        row.modifiers,
                        row.units,
                        row.charge,
                        bill.provider,
                        bill.provider_names,
                        bill.diagnosis_codes,
                        source="records",
                        form=row.form,
                        bill_pages=(ref,),
                        revenue_code=row.revenue_code,
                        period=bill.period,
                    )
                )
    return lines, frozenset(pages)


def billing_against_records(
    records: Sequence[tuple[int, str, Sequence[str]]],
    entries: Sequence[ChronologyEntry],
    manifest_billing: Sequence[Mapping[str, Any]] = (),
    injury: dt.date | None = None,
) -> list[BillingResult]:
    """The whole reconciliation: the manifest's lines and the records' bills, each once, against the chronology.

    ``records`` are (record id, path, page texts); ``entries`` the case's chronology.
    """
    spans: dict[int, list[tuple[int, int]]] = {}
    for entry in entries:
        if entry.type in ("bill", "claim_form"):
            spans.setdefault(entry.record_id, []).append((entry.first_page, entry.last_page))
    found, bill_pages = lines_from_records(records, spans)
    lines = merged(manifest_lines(manifest_billing), found)
    texts = {record_id: pages for record_id, _, pages in records}

    def services_of(entry: ChronologyEntry) -> list[Any]:
        return documented_services(texts.get(entry.record_id, [])[entry.first_page - 1 : entry.last_page])

    return reconcile(lines, entries, services_of, injury, bill_pages)
