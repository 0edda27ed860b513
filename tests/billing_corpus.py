"""A labelled corpus for billing against the records: encounters, bills, and mismatches planted with their truth.

A case holds therapy notes (units written as "97110 x2", "Therapeutic exercise 25 min", "Ther Ex:
38 minutes", "Manual therapy (97140) 2 units"), office visits (the E/M code written, or a level
in words, or nothing), imaging and emergency visits; many visits to a PDF, some faxed with the
machine's stamp, the date of birth and the signature's date on every note, dates written every
way. The bills: the manifest's ``billing`` lines, CMS-1500 claim forms (dates as "03 16 26",
charges as "185 00", units after the charge), UB-04s (revenue codes, "031626", units before the
charge) and itemised statements in several column orders, some faxed too. Planted: units billed
that the note does not document, another code or level, a date with no visit, dates before the
injury or past the records, a range with no visit, and visits never billed.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field

from tests.chronology_corpus import written

INJURY = dt.date(2025, 6, 14)
DOB = dt.date(1971, 5, 9)


@dataclass(frozen=True)
class Biller:
    key: str
    person: str
    credential: str
    facility: str
    title: str
    label: str  # how the note names its author

    def spelled(self, rng: random.Random) -> str:
        given, family = self.person.split(" ", 1)
        return rng.choice(
            (f"{self.person}, {self.credential}", f"{family.upper()}, {given.upper()}", f"{given[0]}. {family}")
        )


PT = Biller("pt", "Elena Vasquez", "DPT", "Coastline Physical Therapy", "PHYSICAL THERAPY DAILY NOTE", "Therapist")
ORTHO = Biller("ortho", "Alan Chu", "MD", "Coast Orthopedics & Spine", "PROGRESS NOTE", "Provider")
CHIRO = Biller("chiro", "David Kowalczyk", "DC", "Kowalczyk Chiropractic", "CHIROPRACTIC TREATMENT NOTE", "Provider")
IMAGING = Biller("imaging", "Kenji Watanabe", "MD", "Pacific Diagnostic Imaging", "MRI LUMBAR SPINE", "Interpreted by")
ER = Biller("er", "Sarah O'Neill", "MD", "St. Brendan Medical Center", "EMERGENCY DEPARTMENT RECORD", "Attending")

# Timed therapy services: the code, the ways notes name it.
THERAPY = (
    ("97110", ("Therapeutic exercise", "Ther Ex", "Therapeutic exercises")),
    ("97140", ("Manual therapy", "Joint mobilization")),
    ("97112", ("Neuromuscular re-education", "NMR")),
    ("97530", ("Therapeutic activities",)),
)


@dataclass
class Service:
    code: str
    units: int


@dataclass
class Visit:
    biller: Biller
    date: dt.date
    services: list[Service]
    record: int = 0
    first_page: int = 0  # 0-based in its record


@dataclass(frozen=True)
class LabelledLine:
    date: dt.date
    code: str
    biller: str
    status: str


@dataclass
class LabelledCase:
    records: list[list[str]] = field(default_factory=list)  # each record's page texts
    manifest_billing: list[dict[str, object]] = field(default_factory=list)
    lines: list[LabelledLine] = field(default_factory=list)
    not_billed: list[tuple[int, int]] = field(default_factory=list)  # (record, 0-based first page)
    injury: dt.date = INJURY


def _therapy_line(code: str, units: int, rng: random.Random, other: bool = False) -> str:
    names = dict(THERAPY)[code]
    name = rng.choice(names)
    minutes = units * 15 + rng.choice((-7, -4, 0, 3, 7))  # inside the units' 8-minute band
    if other:  # a second family, written apart from the rules: another EHR's flowsheet
        return rng.choice(
            (
                f"{name.title()} ({code}): {units} units",
                f"{name.replace(' ', '')} x {minutes} min",
                f"{code} {name} ..... {units} units",
                f"Timed: {name} {minutes} min",
            )
        )
    style = rng.randrange(5)
    if style == 0:
        return f"{name} {minutes} min"
    if style == 1:
        return f"{code} x{units}"
    if style == 2:
        return f"{name}: {minutes} minutes"
    if style == 3:
        return f"{name} ({code}) {units} units"
    return f"{name} - {code} x {units}"


def _note(visit: Visit, rng: random.Random, em_written: str | None, other: bool = False) -> list[str]:
    b = visit.biller
    lines = [
        b.facility,
        "1200 Harbor Blvd, Suite 300, Long Beach, CA 90802  Tel 562-555-0142",
        b.title,
        f"Patient: Dana Whitfield    DOB: {written(DOB, rng)}    Claim #: WC-25-004417",
        f"{rng.choice(('Date of Service:', 'DOS:', 'Visit Date:'))} {written(visit.date, rng)}",
        f"{b.label}: {b.spelled(rng)}",
        "Low back pain radiating to the left leg. Strength 5/5 bilaterally. BP 120/80.",
    ]
    if b is PT or b is CHIRO:
        lines += [_therapy_line(s.code, s.units, rng, other) for s in visit.services if s.code.startswith("97")]
        if b is CHIRO:
            lines += ["Spinal manipulation, lumbar and thoracic regions."]
        lines += [f"Total timed minutes: {sum(s.units for s in visit.services) * 15}. Pain 4/10."]
    elif em_written is not None:
        lines += [em_written]
    lines += [
        "Plan: continue home exercise program; follow-up in 2 weeks.",
        f"Electronically signed by {b.spelled(rng)} on {written(visit.date + dt.timedelta(days=1), rng)} 14:32",
    ]
    return lines


def _faxed(pages: list[str], stamp: dt.date) -> list[str]:
    total, day = len(pages), stamp.strftime("%m/%d/%Y")
    return [
        f"FROM: Law Offices of Reyes & Park  (562) 555-0199  {day} 10:42  P. {n + 1}/{total}\n{p}"
        for n, p in enumerate(pages)
    ]


def _cms1500(b: Biller, rows: list[tuple[dt.date, str, int, str]], rng: random.Random) -> str:
    lines = [
        "HEALTH INSURANCE CLAIM FORM",
        "APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12",
        f"2. PATIENT'S NAME WHITFIELD, DANA   3. BIRTH DATE {DOB.strftime('%m %d %Y')}",
        f"14. DATE OF CURRENT ILLNESS, INJURY {INJURY.strftime('%m %d %y')}",
        "21. DIAGNOSIS OR NATURE OF ILLNESS OR INJURY  A. S39.012A  B. M54.16",
        "24. A. DATE(S) OF SERVICE From To  B. POS  D. PROCEDURES  E. DX PTR  F. $ CHARGES  G. DAYS OR UNITS  J. NPI",
    ]
    for date, code, units, charge in rows:
        modifier = " GP" if code.startswith("97") else (" 25" if code.startswith("992") and rng.random() < 0.3 else "")
        if rng.random() < 0.5:
            day = date.strftime("%m %d %y")
            lines.append(f"{day}  {day}  11  {code}{modifier}  A  {charge.replace('.', ' ')}  {units}  1234567890")
        else:
            day = date.strftime("%m/%d/%Y")
            lines.append(f"{day} {day} 11 {code}{modifier} AB {charge} {units} NPI 1234567890")
    lines += [
        "25. FEDERAL TAX I.D. NUMBER 95-1234567",
        f"31. SIGNATURE OF PHYSICIAN OR SUPPLIER  {b.person}, {b.credential}",
        "32. SERVICE FACILITY LOCATION INFORMATION",
        "33. BILLING PROVIDER INFO & PH # (562) 555-0142",
        b.facility,
        "1200 Harbor Blvd, Long Beach, CA 90802",
    ]
    return "\n".join(lines)


def _ub04(b: Biller, rows: list[tuple[dt.date, str, int, str]], rng: random.Random) -> str:
    first = min(r[0] for r in rows)
    last = max(r[0] for r in rows)
    lines = [
        f"1 {b.facility.upper()}",
        "UB-04 CMS-1450",
        f"6 STATEMENT COVERS PERIOD FROM {first.strftime('%m%d%y')} THROUGH {last.strftime('%m%d%y')}",
        f"10 BIRTHDATE {DOB.strftime('%m%d%Y')}",
        "42 REV CD  43 DESCRIPTION  44 HCPCS/RATE  45 SERV DATE  46 SERV UNITS  47 TOTAL CHARGES  48 NON-COVERED",
    ]
    revenue = {"99": ("0450", "EMERGENCY ROOM"), "72": ("0610", "MRI SPINE"), "71": ("0320", "DX XRAY")}
    for date, code, units, charge in rows:
        rev, words = revenue.get(code[:2], ("0300", "LABORATORY"))
        day = date.strftime("%m%d%y") if rng.random() < 0.5 else date.strftime("%m/%d/%Y")
        lines.append(f"{rev}  {words}  {code}  {day}  {units}  {_thousands(charge)}  0.00")
    lines += ["0001  TOTAL CHARGES", "66 DX S39.012A"]
    return "\n".join(lines)


def _statement(b: Biller, rows: list[tuple[dt.date, str, int, str]], rng: random.Random, other: bool = False) -> str:
    if other:
        lines = [b.facility, "PATIENT LEDGER - ACCOUNT DETAIL", f"DOB {written(DOB, rng)}"]
        lines += ["Date        CPT     Description              Qty    Unit Price     Total"]
        for date, code, units, charge in rows:
            price = PRICES.get(code, 100)
            words = next((names[0] for c, names in THERAPY if c == code), "Office visit").upper()
            lines.append(f"{date.strftime('%m/%d/%y')}  {code}-GP  {words}  {units}.00  {price}.00  {charge}")
        return "\n".join([*lines, "Balance forward 0.00"])
    layout = rng.randrange(3)
    header = (
        "Date        Code   Description                 Units   Charge",
        "Date of Service   CPT    Qty   Amount   Description",
        "DOS         Description            Code    Charge    Units",
    )[layout]
    lines = [b.facility, "ITEMIZED STATEMENT", f"Patient: Dana Whitfield   DOB: {written(DOB, rng)}", header]
    for date, code, units, charge in rows:
        day = written(date, rng) if rng.random() < 0.7 else date.strftime("%m/%d/%Y")
        words = next((names[0] for c, names in THERAPY if c == code), "Office visit")
        if layout == 0:
            lines.append(f"{day}   {code}  {words}   {units}   ${charge}")
        elif layout == 1:
            lines.append(f"{day}   {code}   {units}   {charge}   {words}")
        else:
            lines.append(f"{day}   {words}   {code}   ${charge}   {units}")
    lines += [f"Statement Date: {written(max(r[0] for r in rows) + dt.timedelta(days=20), rng)}", "Balance due"]
    return "\n".join(lines)


def _thousands(charge: str) -> str:
    whole, cents = charge.split(".")
    return f"{int(whole):,}.{cents}"


PRICES = {"97110": 45, "97140": 45, "97112": 48, "97530": 50, "99213": 185, "99214": 240, "99203": 260}
PRICES |= {"72148": 1450, "99284": 1250, "98941": 65, "97161": 160}


def _charge(code: str, units: int) -> str:
    return f"{PRICES.get(code, 100) * units}.00"


def make_case(seed: int, weeks: int = 8, other: bool = False) -> LabelledCase:
    """One case: the visits of five providers over ``weeks`` weeks, their bills, and mismatches planted.

    ``other`` writes the notes and statements as a second family does (flowsheet lines, codes with
    their modifiers, "Office visit, established, level 4 (99214)", a ledger with quantity, price and total).
    """
    rng = random.Random(seed)
    case = LabelledCase()
    start = INJURY + dt.timedelta(days=rng.randint(2, 20))
    visits: list[Visit] = [Visit(ER, start, [Service("99284", 1)])]
    day = start + dt.timedelta(days=rng.randint(3, 8))
    ortho_days = [day + dt.timedelta(days=21 * n) for n in range(max(2, weeks // 3))]
    visits += [Visit(ORTHO, d, [Service(rng.choice(("99213", "99214")), 1)]) for d in ortho_days]
    visits.append(Visit(IMAGING, day + dt.timedelta(days=10), [Service("72148", 1)]))
    pt_day = day + dt.timedelta(days=5)
    for _ in range(weeks * 2):
        chosen = rng.sample(THERAPY, rng.choice((1, 2, 2, 3)))
        visits.append(Visit(PT, pt_day, [Service(code, rng.choice((1, 2, 2, 3))) for code, _ in chosen]))
        pt_day += dt.timedelta(days=rng.choice((2, 3, 4)))
    chiro_day = day + dt.timedelta(days=2)
    for _ in range(weeks // 2):
        visits.append(Visit(CHIRO, chiro_day, [Service("98941", 1), Service("97140", rng.choice((1, 2)))]))
        chiro_day += dt.timedelta(days=7)

    # The records: one PDF per provider holding every visit, some faxed.
    by_biller: dict[str, list[Visit]] = {}
    for visit in visits:
        by_biller.setdefault(visit.biller.key, []).append(visit)
    em_styles: dict[tuple[str, dt.date], str | None] = {}
    for key, theirs in by_biller.items():
        theirs.sort(key=lambda v: v.date)
        pages: list[str] = []
        for visit in theirs:
            visit.record, visit.first_page = len(case.records), len(pages)
            code = visit.services[0].code
            em = rng.choice((f"E/M: {code}", f"CPT {code}", None, f"Level {code[-1]} established patient visit"))
            if other:
                em = rng.choice((f"Office visit, established, level {code[-1]} ({code})", f"{code}-25", None))
            em_styles[(key, visit.date)] = em
            pages.append("\n".join(_note(visit, rng, em if key == "ortho" else None, other)))
        if rng.random() < 0.4:
            pages = _faxed(pages, max(v.date for v in theirs) + dt.timedelta(days=30))
        case.records.append(pages)

    # What is billed: every service as documented, then the plants.
    billed: list[tuple[Visit, str, int, str]] = []  # visit, code, units, truth
    for visit in visits:
        for service in visit.services:
            billed.append((visit, service.code, service.units, "documented"))
    pts = [v for v in visits if v.biller is PT]
    orthos = [v for v in visits if v.biller is ORTHO]
    planted_units = rng.sample(pts, 3)
    for visit in planted_units:
        index = next(n for n, b in enumerate(billed) if b[0] is visit)
        v, code, units, _ = billed[index]
        billed[index] = (v, code, units + rng.choice((1, 2)), "units_differ")
    for visit in orthos[:1]:  # an E/M level the note does not give, where the note writes its code
        if em_styles[("ortho", visit.date)] is None:
            em_styles[("ortho", visit.date)] = f"E/M: {visit.services[0].code}"
            page = case.records[visit.record][visit.first_page]
            case.records[visit.record][visit.first_page] = page.replace(
                "Plan: continue", f"E/M: {visit.services[0].code}\nPlan: continue"
            )
        index = next(n for n, b in enumerate(billed) if b[0] is visit)
        level = "99214" if visit.services[0].code == "99213" else "99213"
        billed[index] = (visit, level, 1, "code_differs")
    therapy_only = [v for v in pts if len(v.services) <= 2 and v not in planted_units]
    for visit in rng.sample(therapy_only, 1):  # a service billed that the note does not name
        documented = {s.code for s in visit.services}
        missing = next(code for code, _ in THERAPY if code not in documented)
        billed.append((visit, missing, 1, "code_differs"))
    never = rng.sample([v for v in pts if v not in planted_units and v is not visit], 2)
    billed = [b for b in billed if b[0] not in never]
    case.not_billed = [(v.record, v.first_page) for v in never]
    taken = {v.date for v in visits}
    back = (pt_day - start).days
    gaps = [pt_day - dt.timedelta(days=n) for n in range(1, back) if pt_day - dt.timedelta(days=n) not in taken]
    ghost = Visit(PT, rng.choice(gaps[5:]), [])
    extra = [
        (ghost, "97110", 2, "not_documented"),
        (Visit(PT, INJURY - dt.timedelta(days=rng.randint(3, 40)), []), "97110", 2, "outside_dates"),
        (
            Visit(ORTHO, max(v.date for v in visits) + dt.timedelta(days=rng.randint(30, 90)), []),
            "99213",
            1,
            "outside_dates",
        ),
    ]
    billed += extra

    # Where each line is billed: CMS-1500s for the office and therapy, UB-04 for the hospital and imaging,
    # itemised statements for the chiropractor, the manifest's billing for a share of everything.
    bills: dict[tuple[str, str], list[tuple[dt.date, str, int, str]]] = {}
    for visit, code, units, truth in billed:
        b = visit.biller
        case.lines.append(LabelledLine(visit.date, code, b.key, truth))
        row = (visit.date, code, units, _charge(code, units))
        where = rng.random()
        if where < 0.35 or b is IMAGING:
            item = {"date_of_service": visit.date.isoformat(), "code": code, "code_system": "CPT", "units": units}
            item |= {"charge": row[3], "provider": rng.choice((b.facility, b.person)), "diagnosis_codes": ["S39.012A"]}
            case.manifest_billing.append(item)
            if b is not IMAGING or where < 0.5:
                continue
        form = "ub04" if b in (ER, IMAGING) else "statement" if b is CHIRO or where > 0.8 else "cms1500"
        bills.setdefault((b.key, form), []).append(row)
    # An outside-dates range: a claim "from ... to ..." holding no visit.
    empty_from = max(v.date for v in visits) + dt.timedelta(days=120)
    case.manifest_billing.append(
        {"date_of_service": empty_from.isoformat(), "date_to": (empty_from + dt.timedelta(days=6)).isoformat()}
        | {"code": "97110", "units": 2, "charge": "90.00", "provider": PT.facility}
    )
    case.lines.append(LabelledLine(empty_from, "97110", "pt", "outside_dates"))
    bill_pages: list[str] = []
    for (key, form), rows in sorted(bills.items()):
        rows.sort()
        for chunk in range(0, len(rows), 6):  # six service lines to a claim form
            part = rows[chunk : chunk + 6]
            if form == "statement":
                bill_pages.append(_statement(BILLERS[key], part, rng, other))
                continue
            maker = {"cms1500": _cms1500, "ub04": _ub04}[form]
            bill_pages.append(maker(BILLERS[key], part, rng))
    if rng.random() < 0.5:
        bill_pages = _faxed(bill_pages, INJURY + dt.timedelta(days=200))
    case.records.append(bill_pages)
    return case


def scanned(case: LabelledCase, rng: random.Random) -> LabelledCase:
    """The case as OCR reads scans: a code's 0 read as O, its 1 as l, now and then (dates and words kept)."""

    def slip(match: re.Match[str]) -> str:
        code = match.group(0)
        if rng.random() > 0.3:
            return code
        return code[:3] + code[3:].replace("0", "O").replace("1", "l")

    case.records = [[_CODE_IN_TEXT.sub(slip, page) for page in pages] for pages in case.records]
    return case


_CODE_IN_TEXT = re.compile(r"(?<![\d/$.])9[789]\d{3}(?![\d/])")


def make_corpus(seed: int, cases: int, other: bool = False, ocr: bool = False) -> list[LabelledCase]:
    """``cases`` cases of 4 to 10 weeks' care; ``other`` for the second family; ``ocr`` as scans read."""
    made = [
        make_case(seed * 100 + n, weeks=random.Random(seed * 100 + n).randint(4, 10), other=other) for n in range(cases)
    ]
    return [scanned(case, random.Random(seed)) for case in made] if ocr else made


BILLERS = {b.key: b for b in (PT, ORTHO, CHIRO, IMAGING, ER)}
