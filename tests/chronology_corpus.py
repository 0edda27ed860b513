"""A labelled corpus for the chronology: synthetic records in the shapes real ones take, with the truth.

Each record is a list of page texts and the documents they hold (first and last page, date of
service, clinician, type). The shapes: one PDF holding many visits, printed charts repeating
their header on every page, "Page 1 of N" counters, faxed copies with the machine's stamp on
each page, bills and claim forms, dates written every way (03/16/2026, 3/16/26, March 16, 2026,
16-Mar-26, 2026-03-16), the patient's date of birth and the signature's date on the same pages
as the visit's, blank separator pages, and the same clinician spelled three ways.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Clinician:
    given: str
    family: str
    credential: str
    facility: str

    @property
    def doctor(self) -> bool:
        return self.credential in ("MD", "DO")

    def spelled(self, rng: random.Random) -> str:
        """One of the ways records write the same person."""
        return rng.choice(
            (
                f"{self.given} {self.family}, {self.credential}",
                f"Dr. {self.given[0]}. {self.family}" if self.doctor else f"{self.given} {self.family}",
                f"{self.family.upper()}, {self.given.upper()}",
                f"{self.given} {self.family}, {self.credential}",
            )
        )


CLINICIANS = (
    Clinician("Alan", "Chu", "MD", "Coast Orthopedics & Spine"),
    Clinician("Priya", "Raman", "DO", "Bayview Pain Management"),
    Clinician("Marcus", "Oyelaran", "MD", "Harbor Occupational Medicine"),
    Clinician("Elena", "Vasquez", "DPT", "Coastline Physical Therapy"),
    Clinician("Kenji", "Watanabe", "MD", "Pacific Diagnostic Imaging"),
    Clinician("Sarah", "O'Neill", "MD", "St. Brendan Medical Center"),
    Clinician("David", "Kowalczyk", "DC", "Kowalczyk Chiropractic"),
    Clinician("Laura", "Bennett", "MD", "Mercy Urgent Care"),
)
# Which clinician writes which kind of document.
AUTHORS = {
    "office_visit": (0, 1, 2),
    "consultation": (0, 1),
    "imaging": (4,),
    "procedure": (0, 1),
    "therapy": (3, 6),
    "hospital": (5,),
    "emergency": (5, 7),
    "work_status": (2, 0),
    "bill": (0, 3, 4),
    "lab": (5,),
}
TITLES = {
    "office_visit": ("PROGRESS NOTE", "OFFICE VISIT", "Follow-up Visit Note", "CLINIC NOTE"),
    "consultation": ("CONSULTATION", "New Patient Consultation", "ORTHOPEDIC CONSULTATION"),
    "imaging": ("MRI LUMBAR SPINE WITHOUT CONTRAST", "RADIOLOGY REPORT", "X-RAY LUMBAR SPINE 3 VIEWS"),
    "procedure": ("OPERATIVE REPORT", "PROCEDURE NOTE", "Lumbar Epidural Steroid Injection - Procedure Note"),
    "therapy": ("PHYSICAL THERAPY DAILY NOTE", "PT Re-Evaluation", "CHIROPRACTIC TREATMENT NOTE"),
    "hospital": ("DISCHARGE SUMMARY", "HISTORY AND PHYSICAL"),
    "emergency": ("EMERGENCY DEPARTMENT RECORD", "Emergency Department Physician Note"),
    "work_status": ("WORK STATUS REPORT", "Physician's Return to Work Status"),
    "bill": ("HEALTH INSURANCE CLAIM FORM CMS-1500", "ITEMIZED STATEMENT"),
    "lab": ("LABORATORY RESULTS",),
}
SERVICE_LABELS = ("Date of Service:", "DOS:", "Visit Date:", "Exam Date:", "Date of service", "Service Date:")
BODY = (
    "Patient reports low back pain radiating to the left leg, worse with sitting.",
    "Strength 5/5 in bilateral lower extremities. BP 120/80. Pulse 72.",
    "Straight leg raise positive on the left at 40 degrees. Reflexes 2+ and symmetric.",
    "MRI of 04/24/2025 reviewed with the patient: L4-5 disc protrusion.",
    "Tenderness over the lumbar paraspinal muscles; range of motion limited in flexion.",
    "Plan: continue home exercise program, naproxen 500 mg twice daily as needed.",
    "Follow-up in 4 weeks. Return sooner if symptoms worsen.",
    "Work restrictions: no lifting over 20 pounds, no repetitive bending.",
    "Pain 6/10 today, 8/10 at worst. Sleep disturbed 3/7 nights.",
)


def written(date: dt.date, rng: random.Random) -> str:
    """A date as one of the ways records print it."""
    style = rng.randrange(7)
    if style == 0:
        return date.strftime("%m/%d/%Y")
    if style == 1:
        return f"{date.month}/{date.day}/{date.strftime('%y')}"
    if style == 2:
        return date.strftime("%B ") + f"{date.day}, {date.year}"
    if style == 3:
        return date.strftime("%b ") + f"{date.day} {date.year}"
    if style == 4:
        return date.strftime("%d-%b-%y").upper() if rng.random() < 0.5 else date.strftime("%d-%b-%y")
    if style == 5:
        return date.isoformat()
    return f"{date.day} " + date.strftime("%B %Y")


@dataclass
class LabelledDocument:
    first: int  # 0-based, inclusive
    last: int
    date: dt.date
    provider: tuple[str, str]  # (family, first initial), lower case
    type: str


@dataclass
class LabelledRecord:
    pages: list[str] = field(default_factory=list)
    documents: list[LabelledDocument] = field(default_factory=list)


_DOB = dt.date(1971, 5, 9)
_INJURY = dt.date(2025, 6, 14)


FILLER = (
    "The patient was seen and examined today and the history was reviewed with her in detail.",
    "She continues her home exercise program and reports partial relief with ice and rest.",
    "Gait is antalgic; heel and toe walking are performed with discomfort on the left.",
    "Sensation is intact to light touch in the L3 through S1 dermatomes bilaterally.",
    "Medications reviewed; no allergies to medications are reported at this visit.",
    "Risks, benefits and alternatives were discussed and all questions were answered.",
)


def _document_pages(
    kind: str, date: dt.date, who: Clinician, rng: random.Random, counters: bool, filler: int = 0
) -> list[str]:
    """The pages of one document of ``kind`` on ``date`` by ``who``."""
    count = rng.choice((1, 1, 1, 2, 2, 3)) if kind not in ("bill", "work_status") else 1
    if kind == "hospital":
        count = rng.choice((3, 4, 6))
    title = rng.choice(TITLES[kind])
    signed = date + dt.timedelta(days=rng.choice((0, 0, 1, 2, 5)))
    pages: list[str] = []
    for number in range(count):
        lines: list[str] = []
        header_repeated = rng.random() < 0.5
        if number == 0 or header_repeated:
            lines += [who.facility, "1200 Harbor Blvd, Suite 300, Long Beach, CA 90802  Tel 562-555-0142"]
            lines += [title + (" (continued)" if number and rng.random() < 0.3 else "")]
            lines += [f"Patient: Dana Whitfield    DOB: {written(_DOB, rng)}    Claim #: WC-25-004417"]
        if number == 0 and rng.random() < 0.3:
            lines += [f"Referring physician: Dr. {rng.choice(('H. Lindqvist', 'Omar Said', 'T. Brennan'))}"]
        if number == 0 or (header_repeated and rng.random() < 0.7):
            label = rng.choice((*SERVICE_LABELS, "Date:"))
            if kind == "hospital":
                label = "Admission Date:"
            lines += [f"{label} {written(date, rng)}"]
            if kind in ("office_visit", "consultation", "therapy", "procedure"):
                role = rng.choice(("Provider", "Attending", "Rendering Provider", "Seen by", "Physician"))
                lines += [f"{role}: {who.spelled(rng)}"]
            if kind == "imaging":
                lines += [f"Interpreted by: {who.spelled(rng)}", f"Date of injury: {written(_INJURY, rng)}"]
        if number > 0 and not header_repeated and rng.random() < 0.5:
            lines += ["Physical therapy twice weekly for 6 weeks.", "MRI Lumbar Spine ordered"]
        if kind == "bill":
            if rng.random() < 0.5:
                lines.insert(3, f"Statement Date: {written(date + dt.timedelta(days=rng.randint(5, 40)), rng)}")
            lines += [f"Rendering provider: {who.spelled(rng)}", "CPT 99213  1 unit  $185.00", "Total charges $185.00"]
        elif kind == "work_status":
            lines += [f"Physician: {who.spelled(rng)}", "Work status: modified duty, no lifting over 20 pounds."]
        else:
            lines += rng.sample(BODY, 4)
            if rng.random() < 0.3:
                lines += [f"Last seen {written(date - dt.timedelta(days=rng.randint(7, 40)), rng)}; no change since."]
            if rng.random() < 0.2:
                lines += [f"cc: Dr. {rng.choice(('H. Lindqvist', 'Omar Said'))}, Claims adjuster J. Smith"]
        lines += [rng.choice(FILLER) for _ in range(filler)]  # a real page's density (~45 lines)
        if kind == "hospital" and number == count - 1:
            lines += [f"Discharge Date: {written(date + dt.timedelta(days=count - 1), rng)}"]
        if number == count - 1 and kind != "bill":
            lines += [f"Electronically signed by {who.spelled(rng)} on {written(signed, rng)} 14:32"]
        if counters:
            lines += [f"Page {number + 1} of {count}"]
        pages.append("\n".join(lines))
    return pages


def make_record(
    rng: random.Random, documents: int, start: dt.date, faxed: bool = False, filler: int = 0
) -> LabelledRecord:
    """One record file holding ``documents`` documents from ``start`` on, with their labels."""
    record = LabelledRecord()
    counters = rng.random() < 0.5
    date = start
    fax_from = rng.choice(("Law Offices of Reyes & Park", "Coast Orthopedics", "Claims Intake"))
    for _ in range(documents):
        kind = rng.choice(
            ("office_visit",) * 5
            + ("therapy",) * 4
            + ("imaging", "procedure", "consultation", "bill", "bill")
            + ("work_status", "hospital", "emergency", "lab")
        )
        who = CLINICIANS[rng.choice(AUTHORS[kind])]
        date += dt.timedelta(days=rng.randint(1, 21))
        pages = _document_pages(kind, date, who, rng, counters, filler)
        first = len(record.pages)
        record.pages += pages
        if rng.random() < 0.05:
            record.pages.append("")  # a blank separator page, kept with the document before it
        label = (who.family.lower().replace("'", ""), who.given[0].lower())
        record.documents.append(LabelledDocument(first, len(record.pages) - 1, date, label, kind))
    if rng.random() < 0.2:  # the vendor's own stamp counts the whole file's pages
        total = len(record.pages)
        record.pages = [f"{text}\nPage {n + 1} of {total}" for n, text in enumerate(record.pages)]
    if rng.random() < 0.2:  # printed from the hospital's system: the same header on every page
        printed = date + dt.timedelta(days=45)
        record.pages = [f"Printed {written(printed, rng)} 10:00 by HIM\n{text}" for text in record.pages]
    if faxed:
        stamp = date + dt.timedelta(days=30)
        total = len(record.pages)
        record.pages = [
            f"FROM: {fax_from}  (562) 555-0199  {stamp.strftime('%m/%d/%Y')} 10:42  P. {n + 1}/{total}\n{text}"
            for n, text in enumerate(record.pages)
        ]
    return record


def make_corpus(seed: int, records: int, documents_per_record: int = 12, filler: int = 0) -> list[LabelledRecord]:
    """A case's worth of labelled records (``filler`` more lines of prose on each page)."""
    rng = random.Random(seed)
    start = dt.date(2025, 6, 14)
    return [
        make_record(
            rng,
            rng.randint(1, documents_per_record * 2),
            start + dt.timedelta(days=rng.randint(0, 200)),
            faxed=rng.random() < 0.35,
            filler=filler,
        )
        for _ in range(records)
    ]


# A second family, written apart from the rules: an EHR's export, another vocabulary and layout.
EHR_TITLES = {
    "office_visit": ("Encounter Summary", "Patient Visit Note", "Orthopedic Follow Up Visit", "Clinic Note"),
    "therapy": ("Initial Evaluation - Physical Therapy", "Physical Therapy Treatment Note", "OT Daily Note"),
    "imaging": ("Radiology Report - MRI Lumbar Spine", "CT LUMBAR SPINE WITHOUT CONTRAST", "Ultrasound Report"),
    "procedure": ("Op Note", "Procedure Note - Facet Injection", "OPERATIVE REPORT"),
    "emergency": ("ED Provider Note", "Emergency Department Visit"),
    "utilization_review": ("Utilization Review Determination", "Notice of Decision - Utilization Review"),
    "pharmacy": ("Pharmacy Dispensing Record",),
    "work_status": ("Work Status Form", "Return to Work Status"),
    "ime_or_peer_review": ("Independent Medical Examination", "Peer Review Report"),
    "bill": ("UB-04", "Itemized Bill", "Statement of Account"),
}
EHR_DATE_LABELS = ("Encounter Date:", "Service Date", "Appt Date:", "Date/Time of Visit:", "Date Seen:", "Visit:")
EHR_AUTHOR_LABELS = ("Author:", "Treating Physician:", "Provider Name:", "Clinician:", "Rendering:")


def _ehr_written(date: dt.date, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return written(date, rng)
    return f"{date.strftime('%b')} {date.day}, {date.year} {rng.randint(1, 12)}:{rng.choice(('05', '15', '40'))} PM"


def make_ehr_record(rng: random.Random, documents: int, start: dt.date) -> LabelledRecord:
    """An EHR export: "Name: ROE, JANE  DOB: ...  MRN: ..." on every page, its own labels and titles."""
    record = LabelledRecord()
    date = start
    for _ in range(documents):
        kind = rng.choice(sorted(EHR_TITLES))
        who = CLINICIANS[rng.randrange(len(CLINICIANS))]
        date += dt.timedelta(days=rng.randint(1, 30))
        count = rng.choice((1, 1, 2, 3))
        first = len(record.pages)
        title = rng.choice(EHR_TITLES[kind])
        for number in range(count):
            lines = [
                f"Name: WHITFIELD, DANA   DOB: {written(_DOB, rng)}   MRN: 00{rng.randint(100000, 999999)}",
                f"{who.facility}" if number == 0 else f"{title} (cont.)",
            ]
            if number == 0:
                lines += [title, f"{rng.choice(EHR_DATE_LABELS)} {_ehr_written(date, rng)}"]
                lines += [f"{rng.choice(EHR_AUTHOR_LABELS)} {who.spelled(rng)}"]
                lines += [f"Date of injury: {written(_INJURY, rng)}"]
            lines += [rng.choice(FILLER) for _ in range(6)]
            if number == count - 1:
                lines += [f"Authenticated by {who.spelled(rng)} on {written(date + dt.timedelta(days=1), rng)}"]
            lines += [f"Printed on {written(date + dt.timedelta(days=60), rng)}   Page {number + 1} of {count}"]
            record.pages.append("\n".join(lines))
        label = (who.family.lower().replace("'", ""), who.given[0].lower())
        record.documents.append(LabelledDocument(first, len(record.pages) - 1, date, label, kind))
    return record


def make_ehr_corpus(seed: int, records: int) -> list[LabelledRecord]:
    rng = random.Random(seed)
    return [make_ehr_record(rng, rng.randint(1, 20), dt.date(2025, 7, 1)) for _ in range(records)]
