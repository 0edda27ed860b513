"""Billing against the records: bills read from their text, services read from notes, each line's status."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reviewer_app.domain.bill_reading import FORM_CMS1500, FORM_STATEMENT, FORM_UB04, billing_against_records, read_bill
from reviewer_app.domain.billing_codes import documented_services, documented_units, units_for_minutes
from reviewer_app.domain.billing_providers import compatible, same_provider
from reviewer_app.domain.chronology import ChronologyEntry

CMS_1500 = """HEALTH INSURANCE CLAIM FORM
3. PATIENT'S BIRTH DATE 05 09 1971
21. DIAGNOSIS OR NATURE OF ILLNESS OR INJURY  A. S39.012A  B. M54.16
24. A. DATE(S) OF SERVICE  B. PLACE  D. PROCEDURES  E. DX PTR  F. $ CHARGES  G. DAYS OR UNITS  J. RENDERING NPI
03 16 26  03 16 26  11   99213 25  A  185 00  1  NPI 1234567890
03/16/2026 03/16/2026 11 97110 GP AB 180.00 4 1234567890
31. SIGNATURE OF PHYSICIAN  Alan Chu, MD
33. BILLING PROVIDER INFO & PH # (562) 555-0142
Coast Orthopedics & Spine
1200 Harbor Blvd, Long Beach, CA 90802"""

UB_04 = """1 ST BRENDAN MEDICAL CENTER
UB-04
6 STATEMENT COVERS PERIOD FROM 031626 THROUGH 032026
42 REV CD  43 DESCRIPTION  44 HCPCS/RATE  45 SERV DATE  46 SERV UNITS  47 TOTAL CHARGES  48 NON-COVERED
0450 EMERGENCY ROOM  99284  031626  1  1,250.00  0.00
0320 DX XRAY  72100  03/17/2026  2  310.00  0.00"""


def test_a_claim_forms_service_lines_are_read_with_dates_codes_modifiers_charges_and_units() -> None:
    bill = read_bill(CMS_1500, 0)
    assert bill is not None and bill.form == FORM_CMS1500
    rows = [(r.date, r.code, r.modifiers, r.charge, r.units) for r in bill.rows]
    assert rows == [
        (dt.date(2026, 3, 16), "99213", ("25",), Decimal("185.00"), 1.0),  # "03 16 26", "185 00"
        (dt.date(2026, 3, 16), "97110", ("GP",), Decimal("180.00"), 4.0),
    ]
    assert bill.provider == "Coast Orthopedics & Spine"  # box 33, not the ZIP code under it
    assert bill.diagnosis_codes == ("S39.012A", "M54.16")


def test_a_ub04s_lines_carry_revenue_codes_and_its_covered_period() -> None:
    bill = read_bill(UB_04, 3)
    assert bill is not None and bill.form == FORM_UB04
    assert [(r.revenue_code, r.code, r.date, r.units, r.charge) for r in bill.rows] == [
        ("0450", "99284", dt.date(2026, 3, 16), 1.0, Decimal("1250.00")),
        ("0320", "72100", dt.date(2026, 3, 17), 2.0, Decimal("310.00")),  # not the non-covered 0.00
    ]
    assert bill.period == (dt.date(2026, 3, 16), dt.date(2026, 3, 20))
    assert bill.rows[0].page == 3


@pytest.mark.parametrize(
    ("header", "row"),
    [
        ("Date        Code   Description    Units   Charge", "16-Mar-26   97110  Therapeutic exercise   4   $180.00"),
        ("Date of Service   CPT    Qty   Amount   Description", "March 16, 2026  97110  4  180.00  Ther ex"),
        ("DOS    Description     Code    Charge    Units", "2026-03-16   Therapeutic exercise  97110  $180.00  4"),
        ("Date  CPT  Description  Qty  Unit Price  Total", "03/16/26  97110-GP  THER EX  4.00  45.00  180.00"),
    ],
)
def test_an_itemised_statement_is_read_in_the_order_its_header_names(header: str, row: str) -> None:
    bill = read_bill(f"Coastline Physical Therapy\nITEMIZED STATEMENT\nDOB: 05/09/1971\n{header}\n{row}", 0)
    assert bill is not None and bill.form == FORM_STATEMENT
    assert [(r.date, r.code, r.units, r.charge) for r in bill.rows] == [
        (dt.date(2026, 3, 16), "97110", 4.0, Decimal("180.00"))
    ]


def test_a_note_that_mentions_a_charge_or_an_address_is_no_bill() -> None:
    note = "PROGRESS NOTE\nDate of service: 03/16/2026\nLong Beach, CA 90802\nCopay $25.00 collected."
    assert read_bill(note, 0) is None


def test_units_are_read_as_written_or_from_minutes_by_the_8_minute_rule() -> None:
    assert [units_for_minutes(m) for m in (7, 8, 22, 23, 37, 38, 53)] == [0, 1, 1, 2, 2, 3, 4]
    note = "\n".join(
        [
            "Therapeutic exercise 25 min",
            "Manual therapy x2",
            "97530 x 1",
            "TherEx x 40 min",  # minutes, not 40 units
            "Long Beach, OR 97110",  # a ZIP code, not a service
            "Strength 5/5. BP 120/80.",
        ]
    )
    services = documented_services([note])
    assert documented_units(services, "97140") == 2
    assert documented_units(services, "97530") == 1
    assert documented_units(services, "97110") == 3  # the larger of 25 and 40 minutes: 3 units
    assert documented_units(services, "97112") is None


def test_a_provider_is_one_whichever_way_the_bill_writes_them() -> None:
    assert same_provider("CHU, ALAN MD", "Alan Chu")
    assert same_provider("Coast Orthopedics", "Coast Orthopedics & Spine")
    assert not same_provider("Coast Physical Therapy", "Coastline Physical Therapy Associates")
    assert not same_provider("Alan Chu", "Priya Raman")
    assert compatible(["Kenji Watanabe"], ["Pacific Diagnostic Imaging"])  # a person and a place: cannot tell
    assert not compatible(["Kowalczyk Chiropractic"], ["Coastline Physical Therapy"])


def entry(
    first: int, date: dt.date, provider: str | None, facility: str | None, kind: str = "therapy"
) -> ChronologyEntry:
    return ChronologyEntry(1, "records/001.pdf", first, first, date, None, kind, provider, facility, 0.9)


NOTES = [
    "PT DAILY NOTE\nTherapeutic exercise 25 min\nManual therapy 10 min",
    "PT DAILY NOTE\n97110 x2",
    "PROGRESS NOTE\nE/M: 99213",
    "PT DAILY NOTE\nTherapeutic exercise 30 min",
    "PROGRESS NOTE\nLow back pain.",
]
ENTRIES = [
    entry(1, dt.date(2026, 3, 16), "Elena Vasquez", "Coastline Physical Therapy"),
    entry(2, dt.date(2026, 3, 18), "Elena Vasquez", "Coastline Physical Therapy"),
    entry(3, dt.date(2026, 4, 2), "Alan Chu", "Coast Orthopedics & Spine", "office_visit"),
    entry(4, dt.date(2026, 3, 20), "Elena Vasquez", "Coastline Physical Therapy"),
    entry(5, dt.date(2026, 4, 9), None, None, "office_visit"),
]


def line(
    date: str, code: str, units: int, provider: str = "Coastline Physical Therapy", **more: str
) -> dict[str, object]:
    return {"date_of_service": date, "code": code, "units": units, "charge": "90.00", "provider": provider} | more


def statuses(billing: list[dict[str, object]], injury: dt.date | None = dt.date(2026, 3, 1)) -> list[tuple[str, str]]:
    results = billing_against_records([(1, "records/001.pdf", NOTES)], ENTRIES, billing, injury)
    return [(r.date.isoformat() if r.date else "", r.status) for r in results]


def test_each_billed_line_gets_the_status_the_records_give_it() -> None:
    billing = [
        line("2026-03-16", "97110", 2),  # 25 minutes: 2 units
        line("2026-03-18", "97110", 4),  # "97110 x2"
        line("2026-04-02", "99214", 1, "Alan Chu, MD"),  # the note says 99213
        line("2026-03-16", "97112", 1),  # the note documents 97110 and 97140, not neuromuscular re-education
        line("2026-03-25", "97110", 2),  # no visit that day
        line("2026-02-10", "97110", 2),  # before the injury
        line("2026-07-01", "97110", 2),  # after the last record
        line("2026-04-09", "99213", 1, "Alan Chu, MD"),  # a visit whose note names no one: documented
    ]
    assert statuses(billing) == [
        ("2026-02-10", "outside_dates"),
        ("2026-03-16", "documented"),
        ("2026-03-16", "code_differs"),
        ("2026-03-18", "units_differ"),
        ("2026-03-20", "not_billed"),
        ("2026-03-25", "not_documented"),
        ("2026-04-02", "code_differs"),
        ("2026-04-09", "documented"),
        ("2026-07-01", "outside_dates"),
    ]


def test_a_range_billed_with_no_visit_in_it_is_outside_the_dates() -> None:
    billing = [
        line("2026-03-21", "97110", 2, date_to="2026-03-24"),
        line("2026-03-17", "97110", 2, date_to="2026-03-19"),
    ]
    assert statuses(billing)[:3] == [
        ("2026-03-16", "not_billed"),
        ("2026-03-17", "documented"),
        ("2026-03-20", "not_billed"),
    ]
    assert ("2026-03-21", "outside_dates") in statuses(billing)


def test_a_bills_copy_of_a_manifest_line_is_one_line_with_the_bills_page() -> None:
    statement = "Coastline Physical Therapy\nITEMIZED STATEMENT\nDate  Code  Description  Units  Charge\n"
    statement += "03/18/2026  97110  Therapeutic exercise  4  $90.00"
    pages = [*NOTES, statement]
    results = billing_against_records([(1, "records/001.pdf", pages)], ENTRIES, [line("2026-03-18", "97110", 4)])
    billed = [r for r in results if r.line is not None]
    assert len(billed) == 1
    assert billed[0].status == "units_differ"
    assert [(p.record, p.page) for p in billed[0].pages] == [("records/001.pdf", 6), ("records/001.pdf", 2)]


def test_a_claim_form_whose_text_came_out_one_box_to_a_line_is_read_too() -> None:
    boxes = ["HEALTH INSURANCE CLAIM FORM", "24. A. DATE(S) OF SERVICE", "From", "To", "$ CHARGES", "UNITS"]
    boxes += ["03 16 26", "03 16 26", "11", "99213", "25", "A", "185 00", "1", "1234567890"]
    boxes += ["03/18/2026", "03/18/2026", "11", "97110", "GP", "180.00", "4", "1234567890"]
    bill = read_bill("\n".join(boxes), 0)
    assert bill is not None
    assert [(r.date, r.code, r.units, r.charge) for r in bill.rows] == [
        (dt.date(2026, 3, 16), "99213", 1.0, Decimal("185.00")),
        (dt.date(2026, 3, 18), "97110", 4.0, Decimal("180.00")),
    ]


def test_a_scans_letters_for_digits_in_a_code_are_read_back() -> None:
    bill = read_bill(
        "ITEMIZED STATEMENT\nDate  Code  Description  Units  Charge\n03/16/2026  9711O  Ther ex  2  $90.00", 0
    )
    assert bill is not None and bill.rows[0].code == "97110"
    assert documented_units(documented_services(["97l1O x3"]), "97110") == 3


def test_a_line_outside_its_bills_own_covered_period_is_outside_the_dates() -> None:
    ub04 = UB_04.replace("0320 DX XRAY  72100  03/17/2026", "0320 DX XRAY  72100  03/27/2026")
    notes = [*NOTES, "EMERGENCY DEPARTMENT RECORD", ub04]
    er = entry(6, dt.date(2026, 3, 27), None, "St. Brendan Medical Center", "emergency")
    results = billing_against_records([(1, "records/001.pdf", notes)], [*ENTRIES, er], [])
    xray = next(r for r in results if r.line is not None and r.line.code == "72100")
    assert xray.status == "outside_dates"  # the statement covers 03/16 to 03/20
    assert "outside the bill's period" in xray.reason
