"""The demo bundles' documents, labelled by hand from what their pages say (they are ours, synthetic).

Only records whose pages carry text at import are labelled (the faxed and scanned ones are read
once OCR has run, which the import leaves to the physician). Each record: its documents as
(first page 1-based, date of service, author as (family, first initial) or None, type).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from reviewer_app.domain.chronology import ChronologyEntry

D = dt.date
Label = tuple[int, dt.date | None, tuple[str, str] | None, str]
WHITFIELD, OKAFOR, CASTILLO = ("whitfield", "d"), ("okafor", "s"), ("castillo", "m")

DEMO_LABELS: Mapping[str, Sequence[Label]] = {
    # The peer review.
    "01-ed-record-2026-03-16.pdf": [
        (1, D(2026, 3, 16), ("reinholt", "t"), "emergency"),
        (4, D(2026, 3, 16), ("reinholt", "t"), "work_status"),
    ],
    "02-dwc1-claim-form-2026-03-16.pdf": [(1, D(2026, 3, 16), None, "claim_form")],
    "03-employer-report-2026-03-17.pdf": [(1, D(2026, 3, 17), None, "claim_form")],
    "04-doctors-first-report-2026-03-18.pdf": [(1, D(2026, 3, 18), WHITFIELD, "office_visit")],
    "05-ur-certifications-2026-03-23-to-2026-04-20.pdf": [
        (1, D(2026, 3, 23), ("jennings", "p"), "utilization_review"),
        (2, D(2026, 4, 17), ("lindqvist", "h"), "utilization_review"),  # "Physician reviewer: Howard Lindqvist, MD"
        (3, D(2026, 4, 20), ("lindqvist", "h"), "utilization_review"),
    ],
    "06-pt-initial-evaluation-2026-03-30.pdf": [(1, D(2026, 3, 30), CASTILLO, "therapy")],
    "07-ptp-progress-reports-2026-04-01-to-2026-09-16.pdf": [
        (1, D(2026, 4, 1), WHITFIELD, "office_visit"),
        (3, D(2026, 4, 15), WHITFIELD, "office_visit"),
        (5, D(2026, 5, 6), WHITFIELD, "office_visit"),
        (7, D(2026, 6, 10), WHITFIELD, "office_visit"),
        (8, D(2026, 7, 22), WHITFIELD, "office_visit"),
        (9, D(2026, 9, 16), WHITFIELD, "office_visit"),
    ],
    "09-mri-lumbar-2026-04-24.pdf": [(1, D(2026, 4, 24), ("raman", "a"), "imaging")],
    "10-pt-progress-report-2026-05-13.pdf": [(1, D(2026, 5, 13), CASTILLO, "therapy")],
    "11-notice-disputed-condition-2026-05-15.pdf": [(1, D(2026, 5, 15), None, "correspondence")],
    "12-pain-consultation-2026-05-20.pdf": [(1, D(2026, 5, 20), OKAFOR, "consultation")],
    "13-ur-non-certification-2026-05-28.pdf": [(1, D(2026, 5, 28), ("brandt", "k"), "utilization_review")],
    "14-pt-billing-statement-2026-05-29.pdf": [(1, D(2026, 3, 30), CASTILLO, "bill")],
    "16-pain-followup-2026-09-09.pdf": [(1, D(2026, 9, 9), OKAFOR, "office_visit")],
    "17-rfa-esi-2026-09-10.pdf": [(1, D(2026, 9, 10), OKAFOR, "utilization_review")],
    "18-rfa-physical-therapy-2026-09-16.pdf": [(1, D(2026, 9, 16), WHITFIELD, "utilization_review")],
    "19-job-description-order-selector.pdf": [(1, D(2025, 1, 1), None, "other")],  # the manifest's date
    "21-prior-chiropractic-records-2023.pdf": [(1, D(2023, 2, 6), ("mahoney", "e"), "therapy")],
    # The IME.
    "01-ime-referral-letter-2026-11-16.pdf": [(1, D(2026, 11, 16), None, "correspondence")],
    "02-mri-lumbar-2026-04-24.pdf": [(1, D(2026, 4, 24), ("raman", "a"), "imaging")],
    "03-esi-procedure-note-2026-10-06.pdf": [(1, D(2026, 10, 6), OKAFOR, "procedure")],
    "04-pain-followup-post-injection-2026-10-21.pdf": [(1, D(2026, 10, 21), OKAFOR, "office_visit")],
    "06-emg-ncs-2026-11-04.pdf": [(1, D(2026, 11, 4), ("haddad", "v"), "imaging")],
    "07-ptp-progress-report-2026-11-11.pdf": [(1, D(2026, 11, 11), WHITFIELD, "office_visit")],
    "08-employer-letter-modified-duty-2026-11-13.pdf": [(1, D(2026, 11, 13), None, "correspondence")],
    # An attorney's letter: the vendor's kind ("correspondence") where the pages are not sure it is "legal".
    "09-applicant-attorney-letter-2026-11-18.pdf": [(1, D(2026, 11, 18), None, "correspondence")],
}


# The scanned and faxed records, once OCR has read them (``chronology_bench.py --corpus demo --ocr``).
OCR_LABELS: Mapping[str, Sequence[Label]] = {
    "08-pt-daily-notes-fax-2026-04-20-to-2026-04-29.pdf": [
        (1, D(2026, 5, 14), None, "correspondence"),  # the clinic's fax transmittal, from its billing office
        (2, D(2026, 3, 30), None, "therapy"),  # the attendance and sign-in log, 03/30 to 05/06
        (3, D(2026, 4, 20), CASTILLO, "therapy"),
        (4, D(2026, 4, 22), CASTILLO, "therapy"),
        (5, D(2026, 4, 27), ("park", "j"), "therapy"),  # "Therapist: J. Park, PTA (supervised by M. Castillo)"
        (6, D(2026, 4, 29), CASTILLO, "therapy"),
    ],
    "15-work-status-fax-2026-07-22.tif": [
        (1, D(2026, 7, 22), None, "correspondence"),
        (2, D(2026, 7, 22), WHITFIELD, "work_status"),  # the report and the physician's certification page
    ],
    "05-pt-discharge-summary-fax-2026-10-30.pdf": [
        (1, D(2026, 10, 30), None, "correspondence"),
        (2, D(2026, 10, 12), CASTILLO, "therapy"),  # the episode 10/12 to 10/29, signed by the therapist
    ],
}


@dataclass
class DemoDocument:
    first: int  # 0-based
    date: dt.date | None
    provider: tuple[str, str] | None
    type: str


@dataclass
class DemoRecord:
    name: str
    pages: int
    documents: list[DemoDocument]


def demo_records(
    entries: Sequence[ChronologyEntry], labels: Mapping[str, Sequence[Label]]
) -> tuple[list[DemoRecord], list[ChronologyEntry]]:
    """The labelled records of a case and its entries on them, renumbered 0.. as the bench's score wants."""
    records: list[DemoRecord] = []
    numbers: dict[int, int] = {}
    for entry in entries:
        name = entry.record.rsplit("/", 1)[-1]
        if name in labels and entry.record_id not in numbers:
            numbers[entry.record_id] = len(records)
            pages = max(e.last_page for e in entries if e.record_id == entry.record_id)
            documents = [DemoDocument(first - 1, date, who, kind) for first, date, who, kind in labels[name]]
            records.append(DemoRecord(name, pages, documents))
    kept = [replace(e, record_id=numbers[e.record_id]) for e in entries if e.record_id in numbers]
    return records, kept
