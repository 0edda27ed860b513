"""Missing records: what the notes mention but the records do not contain; never what is there or only planned."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewer_app.domain.chronology import RecordPages, build_chronology
from reviewer_app.domain.missing_records import missing_from_chronology, page_mentions
from tests.missing_records_corpus import corpus

BIRTH, INJURY = dt.date(1978, 3, 14), dt.date(2025, 6, 14)


def note(*sentences: str, day: str = "05/10/2026") -> str:
    return "\n".join(
        [
            "COAST ORTHOPEDICS",
            "PROGRESS NOTE",
            f"Date of service: {day}",
            "DOB: 03/14/1978",
            *sentences,
            "Electronically signed by Alan Chu, MD",
        ]
    )


def missing(*records: list[str]) -> list[tuple[str, str]]:
    pages = [RecordPages(n, f"records/{n:03d}.pdf", texts) for n, texts in enumerate(records, start=1)]
    entries = build_chronology(pages, births=frozenset({BIRTH}))
    return [(m.kind, m.date.isoformat()) for m in missing_from_chronology(pages, entries, frozenset({BIRTH, INJURY}))]


@pytest.mark.parametrize(
    ("sentence", "kind", "date"),
    [
        ("MRI of 04/24/2026 reviewed, shows an L4-5 protrusion.", "mri", "2026-04-24"),
        ("EMG/NCS performed 5/2/26 showed a left L5 radiculopathy.", "emg", "2026-05-02"),
        ("Per operative report dated January 12, 2026, she had a knee arthroscopy.", "operative", "2026-01-12"),
        ("She was seen by Dr. Raman on 3/30/2026 for neurology.", "visit", "2026-03-30"),
        ("X-rays taken at Mercy Urgent Care on 16-Mar-26 were negative.", "xray", "2026-03-16"),
        ("She returns for follow-up of her MRI of 2026-04-24.", "mri", "2026-04-24"),
        ("She received a lumbar epidural steroid injection on 4/1/2026 with relief.", "injection", "2026-04-01"),
    ],
)
def test_each_way_a_note_speaks_of_an_earlier_study_is_a_mention(sentence: str, kind: str, date: str) -> None:
    mentions = page_mentions(note(sentence), 1, "records/001.pdf", 1, frozenset({BIRTH, INJURY}), dt.date(2026, 5, 10))
    assert [(m.kind, m.date.isoformat(), m.sentence) for m in mentions] == [(kind, date, sentence)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Plan: MRI of the cervical spine to be scheduled.",
        "Recommend EMG/NCS of the upper extremities.",
        "Will request authorization for a lumbar ESI on 5/20/2026.",
        "Follow-up MRI on 06/15/2026.",
        "She was injured on 06/14/2025 lifting a box and went to urgent care.",
        "Next appointment with Dr. Raman on 7/1/2026.",
        "X-rays taken today, 05/10/2026, show no fracture.",  # the note's own day: read in this visit
    ],
)
def test_plans_births_injuries_and_the_notes_own_day_are_not_missing(sentence: str) -> None:
    assert missing([note(sentence)]) == []


MRI_NOTE = note("MRI of 04/24/2026 reviewed, shows an L4-5 protrusion.")


@pytest.mark.parametrize(
    "report",
    [
        ["HARBOR IMAGING", "MRI LUMBAR SPINE WITHOUT CONTRAST", "Date of service: 04/24/2026"],
        ["HARBOR IMAGING", "DIAGNOSTIC IMAGING REPORT", "Exam: MRI lumbar spine", "Exam date: 04/25/2026"],
        ["FROM: Harbor Imaging  05/20/2026 10:42  P. 1/1", "MRI LUMBAR SPINE", "Date of service: 4/24/26"],
    ],
    ids=["same title", "another title, a day off", "a faxed copy stamped weeks later"],
)
def test_a_study_held_under_another_title_a_day_off_or_faxed_is_not_missing(report: list[str]) -> None:
    assert missing([MRI_NOTE], ["\n".join(report)]) == []
    assert missing([MRI_NOTE, "\n".join(report)]) == []  # in the same PDF as the note


def test_another_study_or_another_clinician_on_that_day_does_not_answer() -> None:
    xray = "\n".join(["HARBOR IMAGING", "X-RAY LUMBAR SPINE 2 VIEWS", "Date of service: 04/24/2026"])
    assert missing([MRI_NOTE], [xray]) == [("mri", "2026-04-24")]
    raman = note("She was seen by Dr. Raman on 3/30/2026 for neurology.")
    chu = note("Follow-up visit.", day="03/30/2026")
    assert missing([raman], [chu]) == [("visit", "2026-03-30")]
    neuro = "\n".join(
        ["NEUROLOGY CONSULTATION", "Date of service: 03/30/2026", "Electronically signed by Ravi Raman, MD"]
    )
    assert missing([raman], [neuro]) == []


def test_a_study_mentioned_on_many_pages_is_one_item_with_every_page() -> None:
    pages = [note("MRI of 04/24/2026 reviewed."), note("MRI of 04/24/2026 reviewed again.", day="06/01/2026")]
    records = [RecordPages(1, "records/001.pdf", pages)]
    found = missing_from_chronology(records, build_chronology(records), frozenset())
    assert [(m.description, [x.page for x in m.mentions]) for m in found] == [("MRI of 04/24/2026", [1, 2])]


def test_the_labelled_corpus_is_found_with_high_precision_and_recall() -> None:
    listed = hits = planted = 0
    for case in corpus(40):
        entries = build_chronology(case.records, births=frozenset({case.birth}))
        got = {
            (m.kind, m.date)
            for m in missing_from_chronology(case.records, entries, frozenset({case.birth, case.injury}))
        }
        listed, hits, planted = listed + len(got), hits + len(got & case.missing), planted + len(case.missing)
    assert hits / listed >= 0.95 and hits / planted >= 0.95
