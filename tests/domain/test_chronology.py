"""The chronology's rules as a physician checks them: dates with roles, documents within a record, names as one."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewer_app.domain.chronology import (
    Correction,
    RecordPages,
    build_chronology,
    layered,
    parse_corrections,
    what_changes,
)
from reviewer_app.domain.document_types import DOCUMENT_TYPES, guess_type
from reviewer_app.domain.errors import InvalidInput
from reviewer_app.domain.providers import ProviderDirectory, page_author, parse_person
from reviewer_app.domain.record_dates import DateRole, find_dates
from reviewer_app.domain.unitization import split_record
from tests.chronology_corpus import make_corpus

D = dt.date


@pytest.mark.parametrize(
    "written",
    [
        *("03/16/2026", "3/16/26", "March 16, 2026", "Mar 16 2026", "16-Mar-26", "2026-03-16", "16 March 2026"),
        *("Mar. 16th, 2026", "03-16-2026"),
    ],
)
def test_every_shape_records_write_a_date_in_is_read(written: str) -> None:
    (found,) = find_dates(f"Date of service: {written}")
    assert found.date == D(2026, 3, 16) and found.role is DateRole.SERVICE


def test_scores_and_pressures_are_not_dates() -> None:
    assert find_dates("Strength 5/5 bilaterally. BP 120/80. Pain 6/10. Sleep 3/7 nights. Reflexes 2+") == []
    assert find_dates("02/30/2026 and 13/01/2026") == []  # no such days


def test_each_date_gets_the_role_its_label_gives() -> None:
    page = "\n".join(
        [
            "FROM: Coast Ortho  (562) 555-0199  03/17/2026 10:42  P. 3/9",
            "Patient: Jane Roe   DOB: 01/02/1970   DOS: 03/16/2026",
            "Date of injury: June 14, 2025",
            "MRI of 04/24/2025 reviewed. Follow-up on 04/20/2026.",
            "Electronically signed by Alan Chu, MD on 03/18/2026 09:12",
            "Printed: 03/19/2026   Received 03/21/2026",
            "Admission: 03/01/2026   Discharge: 03/05/2026",
        ]
    )
    roles = [(d.date.isoformat(), d.role.value) for d in find_dates(page)]
    assert roles == [
        ("2026-03-17", "faxed"),
        ("1970-01-02", "birth"),
        ("2026-03-16", "service"),
        ("2025-06-14", "injury"),
        ("2025-04-24", "mentioned"),
        ("2026-04-20", "planned"),
        ("2026-03-18", "signed"),
        ("2026-03-19", "printed"),
        ("2026-03-21", "received"),
        ("2026-03-01", "service"),
        ("2026-03-05", "service_end"),
    ]


def note(date: str, title: str = "PROGRESS NOTE", author: str = "Provider: Alan Chu, MD", extra: str = "") -> str:
    return "\n".join(
        [
            "Coast Orthopedics & Spine",
            title,
            "Patient: Jane Roe   DOB: 03/16/1970",
            f"Date of service: {date}",
            author,
            "Strength 5/5. BP 120/80. Low back pain radiating to the left leg.",
            extra,
            "Electronically signed by Alan Chu, MD on 04/30/2026",
        ]
    )


def test_a_birth_date_a_fax_stamp_or_a_signature_never_dates_the_visit() -> None:
    faxed = "FROM: Law Offices  03/30/2026 10:42  P. 1/1\nPROGRESS NOTE\nDOB: 03/16/1970\n"
    faxed += "Electronically signed 03/29/2026"
    (document,) = split_record([faxed])
    assert document.date is None and document.confidence < 0.5  # low confidence, not a guess
    (visit,) = split_record([note("04/02/2026")])
    assert visit.date == D(2026, 4, 2)


def test_one_pdf_of_many_visits_is_split_at_each_new_visit() -> None:
    pages = [
        note("03/16/2026", extra="Page 1 of 2"),
        "Assessment: lumbar strain.\nPlan: physical therapy.\nPage 2 of 2",
        note("04/02/2026"),
        "",  # a blank separator page stays with the visit before it
        note("2026-04-20", "PHYSICAL THERAPY DAILY NOTE", "Therapist: Maria Lopez, DPT"),
        "ITEMIZED STATEMENT\nCoast Orthopedics & Spine\nDate of service 03/16/2026\nCPT 99213 $150.00\nAmount due $150",
    ]
    documents = split_record(pages)
    assert [(d.first, d.last, d.type) for d in documents] == [
        (0, 1, "office_visit"),
        (2, 3, "office_visit"),
        (4, 4, "therapy"),
        (5, 5, "bill"),
    ]
    assert [d.date for d in documents] == [D(2026, 3, 16), D(2026, 4, 2), D(2026, 4, 20), D(2026, 3, 16)]
    assert [d.reason for d in documents[1:]] == [
        "another date of service",
        "after a blank separator page",
        "another date of service",
    ]


def test_a_chart_repeating_its_header_on_every_page_stays_one_document() -> None:
    pages = [note("03/16/2026", "DISCHARGE SUMMARY", "Attending: CHU, ALAN") for _ in range(3)]
    (document,) = split_record(pages)
    assert (document.first, document.last, document.type) == (0, 2, "hospital")


@pytest.mark.parametrize("written", ["Dr. A. Chu", "Alan Chu, MD", "CHU, ALAN", "Alan Chu, MD, FAAPMR", "Dr. Alan Chu"])
def test_the_same_physician_spelled_any_way_is_one_person(written: str) -> None:
    person = parse_person(written)
    assert person is not None and person.same_person(parse_person("Alan Chu") or person)
    directory = ProviderDirectory(["Dr. Alan Chu"])
    assert directory.shown(directory.person(person)) == "Dr. Alan Chu"  # the manifest's spelling
    other = parse_person("Dr. B. Chu")
    assert other is not None and not person.same_person(other)


def test_the_referring_doctor_is_not_the_author() -> None:
    author = page_author(["Coast Orthopedics", "Referring physician: Dr. Omar Said", "Seen by: Priya Raman, DO"])
    assert author.person is not None and author.person.family == "raman"


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("OPERATIVE REPORT", "procedure"),
        ("MRI LUMBAR SPINE WITHOUT CONTRAST", "imaging"),
        ("HEALTH INSURANCE CLAIM FORM CMS-1500", "bill"),
        ("UB-04", "bill"),
        ("EMERGENCY DEPARTMENT RECORD", "emergency"),
        ("UTILIZATION REVIEW DETERMINATION", "utilization_review"),
        ("WORK STATUS REPORT", "work_status"),
        ("DISCHARGE SUMMARY", "hospital"),
        ("Employee's Claim for Workers' Compensation Benefits (DWC-1)", "claim_form"),
    ],
)
def test_a_title_names_the_type_over_the_letterhead(title: str, kind: str) -> None:
    guess = guess_type(["Coastline Physical Therapy", title, "Patient: Jane Roe"])
    assert guess.type == kind and kind in DOCUMENT_TYPES


def test_every_page_is_in_exactly_one_entry_and_entries_are_in_date_order() -> None:
    records = make_corpus(seed=7, records=6)
    entries = build_chronology([RecordPages(n, f"r{n}.pdf", r.pages) for n, r in enumerate(records)])
    for n, record in enumerate(records):
        covered = sorted(p for e in entries if e.record_id == n for p in range(e.first_page, e.last_page + 1))
        assert covered == list(range(1, len(record.pages) + 1))
    dated = [e.date for e in entries if e.date is not None]
    assert dated == sorted(dated)


def visits() -> list[RecordPages]:
    return [RecordPages(1, "r.pdf", [note("03/16/2026"), note("04/02/2026"), note("04/20/2026")])]


def test_a_split_a_merge_and_a_re_date_are_laid_over_what_was_found() -> None:
    found = build_chronology(visits())
    assert [(e.first_page, e.last_page) for e in found] == [(1, 1), (2, 2), (3, 3)]
    kept = layered([], Correction(1, 1, 2, {}))  # merge the first two visits
    kept = layered(kept, Correction(1, 3, 3, {"date": D(2026, 4, 21), "summary": "ESI recommended"}))
    entries = build_chronology(visits(), kept)
    assert [(e.first_page, e.last_page, e.source) for e in entries] == [(1, 2, "corrected"), (3, 3, "corrected")]
    assert (entries[0].date, entries[0].date_to) == (D(2026, 3, 16), D(2026, 4, 2))  # the merged visits' span
    assert entries[1].date == D(2026, 4, 21) and entries[1].summary == "ESI recommended"
    kept = layered(kept, Correction(1, 2, 2, {}))  # split the merged entry again: page 1 keeps its own span
    assert sorted((c.first_page, c.last_page) for c in kept) == [(1, 1), (2, 2), (3, 3)]


def test_an_unchanged_entry_sent_back_changes_nothing_and_a_new_span_is_named() -> None:
    current = build_chronology(visits())
    same = parse_corrections([e.to_json() for e in current], {"r.pdf": (1, 3)})
    assert all(what_changes(c, current)[0] is None for c in same)
    _, words = what_changes(Correction(1, 1, 2, {"type": "consultation"}), current)
    assert words == ["merge", "type"]


def test_wrong_corrections_are_refused_naming_each_and_none_is_kept() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_corrections(
            [
                {"record": "r.pdf", "first_page": 2, "last_page": 9},
                {"record": "other.pdf", "first_page": 1, "last_page": 1},
                {"record": "r.pdf", "first_page": 1, "last_page": 1, "date": "16/03/2026", "type": "visit", "x": 1},
            ],
            {"r.pdf": (1, 3)},
        )
    message = str(refused.value)
    assert "pages 2-9 are not a range of r.pdf's pages 1-3" in message
    assert "record 'other.pdf' is not a readable record" in message
    assert "date '16/03/2026' is not a date as YYYY-MM-DD" in message
    assert "type 'visit' is not one of" in message and "unknown key(s) x" in message


def test_a_scans_letters_for_digits_and_a_label_on_the_line_above_still_date_the_visit() -> None:
    (slipped,) = find_dates("Date of Service: O3/16/2O26")
    assert slipped.date == D(2026, 3, 16) and slipped.role is DateRole.SERVICE
    (below,) = find_dates("Date of Service:\n03/16/2026")
    assert below.role is DateRole.SERVICE
    (birth,) = find_dates("DOB\n01/02/1970")
    assert birth.role is DateRole.BIRTH


def test_a_vendors_whole_file_page_stamp_does_not_join_the_visits() -> None:
    visits = [note(f"04/{day:02d}/2026") for day in (2, 9, 16, 23, 30)]
    stamped = [f"{text}\nPage {n + 1} of 5" for n, text in enumerate(visits)]
    assert len(split_record(stamped)) == 5


def test_a_continuation_page_opening_with_a_short_line_is_not_a_new_document() -> None:
    pages = [note("03/16/2026"), "MRI Lumbar Spine ordered\nPhysical therapy twice weekly for 6 weeks.\nPlan reviewed."]
    (document,) = split_record(pages)
    assert (document.first, document.last) == (0, 1)


def test_a_page_without_a_date_of_service_is_low_confidence_and_says_so() -> None:
    (entry,) = build_chronology([RecordPages(1, "r.pdf", ["Some notes\nPatient: Jane Roe\nDOB: 01/02/1970"])])
    assert entry.date is None and entry.low_confidence


def test_the_manifest_dates_and_types_a_record_the_pages_do_not() -> None:
    record = RecordPages(
        1, "mri.pdf", ["Findings: disc protrusion at L4-5."], "imaging", "Coast Imaging", D(2026, 3, 30)
    )
    (entry,) = build_chronology([record])
    assert (entry.date, entry.type, entry.provider, entry.source) == (
        D(2026, 3, 30),
        "imaging",
        "Coast Imaging",
        "manifest",
    )


@pytest.mark.parametrize(
    ("letterhead", "title", "kind"),
    [
        ("Pacific Diagnostic Imaging", "Emergency Department Visit", "emergency"),
        ("Coastline Physical Therapy", "Encounter Summary", "office_visit"),
        ("Mercy Urgent Care", "Initial Evaluation - Physical Therapy", "therapy"),
        ("Coast Orthopedics & Spine", "CT LUMBAR SPINE WITHOUT CONTRAST", "imaging"),
    ],
)
def test_a_documents_title_outweighs_the_organisation_that_wrote_it(letterhead: str, title: str, kind: str) -> None:
    assert guess_type([letterhead, title, "Author: Elena Vasquez"]).type == kind
    (document,) = split_record(["\n".join([letterhead, title, "Author: Elena Vasquez", "Visit: 03/16/2026"])])
    assert document.type == kind and document.person is not None and document.person.family == "vasquez"


def test_a_next_appointment_is_not_the_last_day_of_a_visit() -> None:
    (visit,) = split_record([note("03/16/2026", extra="Next appointment date: 04/20/2026. Follow-up on 05/01/2026")])
    assert (visit.date, visit.date_to) == (D(2026, 3, 16), None)


def test_an_unlabelled_birth_date_never_dates_the_visit() -> None:
    page = "Jane Roe 01/02/1970\nOFFICE VISIT\nLow back pain.\nSigned by Alan Chu, MD on 03/18/2026"
    (known,) = build_chronology([RecordPages(1, "r.pdf", [page])], births=frozenset({D(1970, 1, 2)}))
    assert known.date is None and known.low_confidence  # the manifest's date of birth is never a visit's date
    (document,) = split_record([page])
    assert document.date is None  # decades before the page's other dates: not a visit either


def test_words_that_only_begin_like_a_label_or_prose_after_one_are_no_author() -> None:
    from reviewer_app.domain.providers import page_author

    # Seen on the demo bundles: "Authorized custodian" read as the author "ized custodian", and
    # "signed and dated copy from" as the author "and dated copy from".
    assert page_author(["Records certified by the authorized custodian of records."]).person is None
    assert page_author(["Return a signed and dated copy from your office."]).person is None
    assert page_author(["Authorization submitted today; providers must identify the request."]).person is None
    found = page_author(["Electronically signed by Alan Chu, MD on 03/16/2026"]).person
    assert found is not None and found.family == "chu"
