"""A labelled corpus for missing records: notes that mention studies and visits, some held, some not.

Each case has a clinic's notes (one PDF of several visits) that speak of earlier studies and
visits in the ways real notes do, in mixed date formats, and of plans, births and injuries that
are no records at all. Some of the studies mentioned are among the records (a report of their
own, under varied titles, a day off, or a faxed copy stamped days later, or inside the same PDF);
the rest are the planted missing records. Seeded: the same corpus every run.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from reviewer_app.domain.chronology import RecordPages


def written(day: dt.date, style: int) -> str:
    """A date as records write it: 03/16/2026, 3/16/26, March 16, 2026, 2026-03-16, 16-Mar-26."""
    return (
        day.strftime("%m/%d/%Y"),
        f"{day.month}/{day.day}/{day:%y}",
        day.strftime("%B ") + f"{day.day}, {day.year}",
        day.isoformat(),
        day.strftime("%d-%b-%y"),
    )[style % 5]


# kind -> (how a note mentions it, the held report's title lines, words its body holds)
MENTIONS = {
    "mri": [
        "MRI of {d} reviewed, shows a broad-based L4-5 disc protrusion.",
        "She had an MRI of the lumbar spine on {d} which showed foraminal narrowing.",
        "Lumbar MRI dated {d} demonstrates mild stenosis.",
    ],
    "ct": ["CT of the lumbar spine dated {d} showed no fracture.", "A CT scan on {d} was unremarkable."],
    "xray": [
        "X-rays taken at {facility} on {d} were negative for fracture.",
        "Radiographs of the lumbar spine obtained {d} show disc space narrowing.",
    ],
    "emg": [
        "EMG/NCS performed {d} showed a left L5 radiculopathy.",
        "Electrodiagnostic study on {d} demonstrated mild carpal tunnel syndrome.",
    ],
    "operative": [
        "Per operative report dated {d}, she underwent a left knee arthroscopy.",
        "She had surgery on {d}: an L5-S1 microdiscectomy.",
    ],
    "injection": [
        "She received a lumbar epidural steroid injection on {d} with 50% relief.",
        "Status post L4-5 ESI performed {d}.",
    ],
    "visit": [
        "She was seen by Dr. {doctor} on {d} for a neurology consultation.",
        "Evaluated by Dr. {doctor} on {d}, who agreed with conservative care.",
    ],
    "fce": ["A functional capacity evaluation on {d} placed her at light duty."],
}
REPORTS = {
    "mri": (["MRI LUMBAR SPINE WITHOUT CONTRAST"], ["DIAGNOSTIC IMAGING REPORT", "Exam: MRI lumbar spine"]),
    "ct": (["CT LUMBAR SPINE"], ["RADIOLOGY REPORT", "Exam: CT of the lumbar spine without contrast"]),
    "xray": (["X-RAY LUMBAR SPINE 3 VIEWS"], ["RADIOLOGY REPORT", "Exam: Radiographs lumbar spine, 2 views"]),
    "emg": (["EMG/NERVE CONDUCTION STUDY REPORT"], ["ELECTRODIAGNOSTIC CONSULTATION", "EMG and NCS findings"]),
    "operative": (["OPERATIVE REPORT"], ["PROCEDURE NOTE", "Preoperative diagnosis: tear. Surgeon: B. Ortiz, MD"]),
    "injection": (["PROCEDURE NOTE", "Lumbar epidural steroid injection"], ["EPIDURAL STEROID INJECTION"]),
    "visit": (["NEUROLOGY CONSULTATION"], ["NEW PATIENT CONSULTATION", "Reason for consultation: leg pain"]),
    "fce": (["FUNCTIONAL CAPACITY EVALUATION"], ["FCE SUMMARY", "Functional capacity evaluation results"]),
}
DISTRACTORS = [
    "Plan: MRI of the cervical spine to be scheduled.",
    "Recommend EMG/NCS of the upper extremities.",
    "Will request authorization for a lumbar ESI.",
    "She was injured on {doi} lifting a 60 lb box.",
    "DOB: {dob}",
    "Date of injury: {doi}",
    "Follow-up on {future} for recheck.",
    "Next appointment with Dr. Raman on {future}.",
]
DOCTORS = ["Raman", "Okafor", "Lindqvist", "Haddad", "Nakamura"]
FACILITIES = ["Mercy Urgent Care", "Valley Medical Center", "Harbor Imaging"]


@dataclass
class LabelledCase:
    records: list[RecordPages]
    missing: set[tuple[str, dt.date]] = field(default_factory=set)  # (kind, date) planted missing
    present: set[tuple[str, dt.date]] = field(default_factory=set)  # mentioned and held
    birth: dt.date = dt.date(1978, 3, 14)
    injury: dt.date = dt.date(2025, 6, 14)


def _note(day: dt.date, style: int, sentences: list[str]) -> list[str]:
    return [
        "COAST ORTHOPEDICS",
        "PROGRESS NOTE",
        f"Date of service: {written(day, style)}",
        "Patient: Maria Lopez",
        "Subjective: low back pain radiating to the left leg.",
        *sentences,
        "Assessment: lumbar radiculopathy.",
        f"Electronically signed by Alan Chu, MD on {written(day + dt.timedelta(days=1), style)}",
    ]


def _report(kind: str, day: dt.date, style: int, variant: int, rng: random.Random, doctor: str) -> list[str]:
    title = REPORTS[kind][variant % 2]
    lines = ["HARBOR IMAGING" if kind in ("mri", "ct", "xray") else "VALLEY MEDICAL CENTER", *title]
    lines += [f"Date of service: {written(day, style)}", "Patient: Maria Lopez", "DOB: 03/14/1978"]
    lines += ["Findings: as described.", "Impression: see above."]
    author = f"{doctor}" if kind == "visit" else rng.choice(["Helen Park", "Omar Said", "Ines Ruiz"])
    lines.append(f"Electronically signed by {author.split()[0]} {author.split()[-1]}, MD")
    return lines


def build_case(seed: int) -> LabelledCase:
    rng = random.Random(seed)
    case = LabelledCase(records=[])
    injury = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(300))
    case.injury = injury
    base = injury + dt.timedelta(days=60 + rng.randrange(120))
    note_pages: list[list[str]] = []
    held: list[list[list[str]]] = []
    used: set[tuple[str, dt.date]] = set()
    for visit in range(rng.randint(1, 3)):
        note_day = base + dt.timedelta(days=45 * visit)
        style = rng.randrange(5)
        sentences: list[str] = []
        for _ in range(rng.randint(2, 4)):
            kind = rng.choice(list(MENTIONS))
            day = note_day - dt.timedelta(days=rng.randint(5, 40))
            if (kind, day) in used or any(k == kind and abs((d - day).days) < 8 for k, d in used):
                continue
            used.add((kind, day))
            doctor = rng.choice(DOCTORS)
            template = rng.choice(MENTIONS[kind])
            sentences.append(
                template.format(d=written(day, rng.randrange(5)), doctor=doctor, facility=rng.choice(FACILITIES))
            )
            if rng.random() < 0.5:
                case.missing.add((kind, day))
                continue
            case.present.add((kind, day))
            shift = rng.choice([0, 0, 1, -1])  # the report dated a day off from the mention
            report = _report(kind, day + dt.timedelta(days=shift), rng.randrange(5), rng.randrange(2), rng, doctor)
            if rng.random() < 0.3:  # a faxed copy: the fax's own date stamped on top
                stamp = day + dt.timedelta(days=rng.randint(10, 30))
                report = [f"FROM: Harbor Imaging  {stamp:%m/%d/%Y} 10:42  P. 1/1", *report]
            held.append([report])
        for template in rng.sample(DISTRACTORS, 2):
            future = note_day + dt.timedelta(days=rng.randint(10, 40))
            sentences.append(
                template.format(
                    doi=written(injury, rng.randrange(5)),
                    dob=written(case.birth, rng.randrange(5)),
                    future=written(future, rng.randrange(5)),
                )
            )
        rng.shuffle(sentences)
        note_pages.append(_note(note_day, style, sentences))
    records = [RecordPages(1, "records/001-coast-ortho-notes.pdf", ["\n".join(p) for p in note_pages])]
    for number, pages in enumerate(held, start=2):
        if rng.random() < 0.3 and records[0].record_id == 1:
            records[0] = RecordPages(1, records[0].path, [*records[0].texts, *("\n".join(p) for p in pages)])
            continue
        records.append(RecordPages(number, f"records/{number:03d}-report.pdf", ["\n".join(p) for p in pages]))
    case.records = records
    return case


def corpus(count: int = 60) -> list[LabelledCase]:
    """The labelled cases, the same every run."""
    return [build_case(seed) for seed in range(count)]
