"""The chronology on the shapes real records take: who wrote a page, where, when, and copies shown as copies."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewer_app.domain.chronology import RecordPages, build_chronology
from reviewer_app.domain.providers import page_author, page_facility
from reviewer_app.domain.record_dates import DateRole, find_dates
from reviewer_app.domain.unitization import split_record
from tests.chronology_corpus_b import make_corpus_b

D = dt.date

PT_NOTE = """Summit Physical Therapy & Rehabilitation
4410 Foothill Blvd, Unit C
PHYSICAL THERAPY INITIAL EVALUATION
Patient: Carmen Reyes   DOB: 11/03/1979
Date of Service: 03/30/2026
Referring Physician: Daniel K. Whitfield, MD
Therapist: Megan Castillo, PT, DPT
Plan of care certified by: Daniel K. Whitfield, MD   Date: 04/02/2026"""


def test_the_therapist_writes_the_therapy_note_not_the_referring_or_certifying_doctor() -> None:
    author = page_author(PT_NOTE.split("\n"))
    assert author.person is not None and author.person.family == "castillo"
    (document,) = split_record([PT_NOTE])
    assert document.date == D(2026, 3, 30) and document.type == "therapy"


def test_a_referrer_in_a_table_cell_wrapped_over_lines_is_not_the_author() -> None:
    lines = ["PHYSICAL THERAPY DAILY NOTE", "Referring", "physician:", "Daniel K. Whitfield, MD", "Visit 3"]
    assert page_author(lines).person is None


def test_the_radiologist_reads_the_study_not_the_ordering_physician() -> None:
    page = [
        "Cedar Basin Imaging Center",
        "MRI LUMBAR SPINE WITHOUT CONTRAST",
        "Exam date: 16-Mar-26",
        "Ordering physician: Dr. D. Whitfield",
        "Interpreting radiologist: RAMAN, ANJALI",
    ]
    author = page_author(page)
    assert author.person is not None and author.person.family == "raman"


def test_a_facility_is_an_organisation_never_an_address_a_revision_stamp_or_a_claims_office() -> None:
    assert page_facility(["MC Mission Crest Medical Center", "2100 Orchard Vista Boulevard"]) == (
        "Mission Crest Medical Center"
    )
    assert page_facility(["CB Cedar Basin Imaging Center"]) == "Cedar Basin Imaging Center"
    assert page_facility(["Fontana Distribution Center, Buildings 1-3 Revised: 01/2025"]) is None
    assert page_facility(["Workers' Compensation Claims · Southern California Service Center"]) is None
    assert (
        page_facility(["Pacific Crest Distribution, Inc.", "Human Resources · Environmental Health & Safety"]) is None
    )


def test_the_employer_named_as_the_records_sender_is_never_the_provider() -> None:
    record = RecordPages(1, "records/19-job.pdf", ["JOB DESCRIPTION: ORDER SELECTOR\nLift 50 lb."], "form")
    record = RecordPages(1, record.path, record.texts, "form", "Pacific Crest Distribution, Inc.")
    (entry,) = build_chronology([record])
    assert entry.provider is None


def test_an_insurers_letter_is_correspondence_and_the_doctor_it_names_is_not_its_author() -> None:
    letter = """Example Mutual Insurance Company
Workers' Compensation Claims
May 15, 2026
Dear Ms. Ortega:
Dr. Whitfield's request for an MRI of 04/24/2026 was reviewed. Your work status remains modified duty.
Sincerely,
Dana Whitley, Senior Claims Adjuster
cc: Daniel K. Whitfield, MD"""
    (document,) = split_record([letter])
    assert document.type == "correspondence"
    assert document.person is None
    assert document.date == D(2026, 5, 15)  # the letter's own date, not the MRI it speaks of


def test_notices_in_one_file_under_the_files_page_counter_are_each_a_document() -> None:
    notice = "Cobalt Utilization Review Services\nNOTICE OF UTILIZATION REVIEW DETERMINATION: CERTIFICATION\n"
    pages = [
        notice + f"Date of notice: {day}\nPhysician reviewer: Howard Lindqvist, MD\nPage {n} of 3"
        for n, day in enumerate(("03/23/2026", "04/17/2026", "04/20/2026"), start=1)
    ]
    documents = split_record(pages)
    assert [d.date for d in documents] == [D(2026, 3, 23), D(2026, 4, 17), D(2026, 4, 20)]
    assert {d.type for d in documents} == {"utilization_review"}


def test_a_label_wrapped_over_table_cells_still_names_its_date() -> None:
    text = (
        "13. Date and hour\nof injury:\n03/16/2026, 09:40 a.m.\n15. Date and hour\nof first\nexamination:\n03/18/2026"
    )
    roles = {d.date: d.role for d in find_dates(text)}
    assert roles == {D(2026, 3, 16): DateRole.INJURY, D(2026, 3, 18): DateRole.SERVICE}


def test_a_claim_forms_service_line_dates_the_bill_not_the_signature() -> None:
    bill = """HEALTH INSURANCE CLAIM FORM
24A. DATE(S) OF SERVICE  B. POS  D. CPT/HCPCS
04 20 26  04 20 26  11  97140  48 00  1
31. SIGNATURE OF PHYSICIAN OR SUPPLIER  Megan Castillo DPT   DATE 05/29/26"""
    (document,) = split_record([bill])
    assert document.type == "bill" and document.date == D(2026, 4, 20)
    assert document.person is not None and document.person.shown == "Megan Castillo"


def test_a_faxed_copy_of_a_note_is_marked_a_duplicate_of_the_note_not_a_new_visit() -> None:
    note = "PROGRESS NOTE\nDate of service: 03/16/2026\nProvider: Alan Chu, MD\nLow back pain."
    later = "PROGRESS NOTE\nDate of service: 04/20/2026\nProvider: Alan Chu, MD\nBetter."
    faxed = "FROM: Law Offices 11/18/2026 10:42 P. 1/1\n" + note
    records = [RecordPages(1, "records/001.pdf", [note, later]), RecordPages(2, "records/002.pdf", [faxed])]
    entries = build_chronology(records, duplicate_pages=[[(1, 0), (2, 0)]])
    copy = next(e for e in entries if e.record_id == 2)
    original = next(e for e in entries if e.record_id == 1 and e.first_page == 1)
    assert copy.duplicate_of == original
    assert copy.to_json()["duplicate_of"] == {"record": "records/001.pdf", "first_page": 1, "last_page": 1}
    assert original.duplicate_of is None
    assert next(e for e in entries if e.first_page == 2).duplicate_of is None


def test_corpus_b_meets_the_goals_on_its_first_case() -> None:
    records = make_corpus_b(0)
    entries = build_chronology([RecordPages(n, f"r{n}.pdf", r.pages) for n, r in enumerate(records)])
    found = {(e.record_id, e.first_page - 1): e for e in entries}
    documents = [(n, d) for n, r in enumerate(records) for d in r.documents]
    assert len(entries) == len(documents)
    dated = sum(found[(n, d.first)].date == d.date for n, d in documents if (n, d.first) in found)
    assert dated / len(documents) >= 0.95


HELD_OUT = [
    (
        "MISSION RIDGE REGIONAL MEDICAL CENTER\nPatient: REYES, CARMEN   FIN: 4410223\n"
        "Admit Date: 02/09/2026 13:02   Disch Date: 02/09/2026 17:40\nED Physician Documentation\n"
        "Attending Physician: FENN MD, HAROLD W\nChief Complaint: back pain",
        D(2026, 2, 9),
        "Harold W Fenn",
        "emergency",
    ),
    (
        "INLAND VALLEY SURGERY CENTER\nOPERATIVE NOTE\nProcedure Date: 10/06/2026\n"
        "Primary Surgeon: Lucia Ferrante, MD\nAssistant Surgeon: Brian Cole, PA-C\n"
        "Anesthesia Provider: Victor Haddad, MD",
        D(2026, 10, 6),
        "Lucia Ferrante",
        "procedure",
    ),
    (
        "Golden Shield Casualty Company\nNURSE CASE MANAGEMENT REPORT\nDate of Report: 05/01/2026\n"
        "Attended appointment with Dr. Okafor on 04/28/2026.\nPrepared by: Paula Jennings, RN, CCM",
        D(2026, 5, 1),
        None,
        "other",
    ),
]


@pytest.mark.parametrize(("text", "date", "shown", "kind"), HELD_OUT)
def test_shapes_written_after_the_rules(text: str, date: dt.date, shown: str | None, kind: str) -> None:
    (entry,) = build_chronology([RecordPages(1, "r.pdf", [text])])
    assert (entry.date, entry.provider, entry.type) == (date, shown, kind)


def test_how_long_restrictions_last_is_not_the_visit_s_last_day_but_a_stay_s_range_is() -> None:
    report = """PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)
Patient: Marisol Ortega Date of exam: 05/06/2026
Work status: modified duty, no lifting over 10 lb, sit/stand as needed,
through 06/10/2026.
Daniel K. Whitfield, MD"""
    (visit,) = split_record([report])
    assert (visit.date, visit.date_to) == (D(2026, 5, 6), None)
    stay = """DISCHARGE SUMMARY
Dates of service: 03/16/2026 through 03/20/2026
Attending: Sarah O'Neill, MD"""
    (admission,) = split_record([stay])
    assert (admission.date, admission.date_to) == (D(2026, 3, 16), D(2026, 3, 20))
