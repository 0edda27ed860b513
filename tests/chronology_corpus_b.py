# ruff: noqa: E501  (record lines are long, as on the page)
"""A second labelled corpus for the chronology, written from what case records look like, not from the rules.

Corpus A (tests/chronology_corpus.py) was written beside the rules and tuned against; this one
is written from the shapes of real bundles and kept apart so its figures say how the rules do
on what they were not made for. Each case holds the records a workers' compensation file does:

- a hospital's EHR printout (one PDF, many encounters: triage and ED provider notes, x-ray
  reports, each page under the hospital's banner with the patient, MRN and DOB, "Printed
  11/20/2026 09:14 by HIMREQ" and a page counter over the whole printout);
- a therapy clinic's chart (initial evaluation, daily notes, progress report): the therapist
  is the author, the referring physician and the "Plan of care certified by" signature are not;
- radiology reports (exam date, ordering physician, interpreting radiologist, dictated and
  transcribed dates), operative reports (surgeon, assistant, anesthesiologist), pain and
  orthopaedic visit notes (cc lists, "referred by"), work status forms with the employer's name
  and address, UR determinations (requesting and reviewing physicians, many dates), another
  doctor's IME report whose record review names a dozen dates and providers, attorney letters,
  claim forms, itemised statements and CMS-1500 text, pharmacy fill logs;
- a faxed copy of part of the therapy chart sent on by the attorney, the machine's stamp on
  every page, behind a cover sheet;
- scanned pages read through OCR (see :func:`ocr_pages`): the OCR'd text, slips and all, is what
  the chronology reads for those pages.

Labels: where each document begins, its date of service, its author (the clinician
responsible, never the referrer, the certifier, the signer of a copy, an employer, insurer or
attorney: ``None`` when no clinician wrote it), its facility and its type (the contract's list).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Person:
    given: str
    middle: str
    family: str
    credential: str

    def written(self, rng: random.Random) -> str:
        """One way a record writes the person."""
        forms = [
            f"{self.given} {self.family}, {self.credential}",
            f"{self.given} {self.middle}. {self.family}, {self.credential}",
            f"{self.family.upper()}, {self.given.upper()}",
            f"{self.family}, {self.given} {self.middle}., {self.credential}",
        ]
        if self.credential in ("MD", "DO"):
            forms.append(f"Dr. {self.given[0]}. {self.family}")
        return rng.choice(forms)

    @property
    def key(self) -> tuple[str, str]:
        return (self.family.lower().replace("'", ""), self.given[0].lower())


@dataclass
class LabelledDocument:
    first: int  # 0-based, inclusive
    last: int
    date: dt.date
    provider: tuple[str, str] | None  # (family, first initial), lower case; None when no clinician wrote it
    type: str
    facility: str | None = None


@dataclass
class LabelledRecord:
    pages: list[str] = field(default_factory=list)
    documents: list[LabelledDocument] = field(default_factory=list)
    scanned: set[int] = field(default_factory=set)  # pages to read through OCR

    def add(self, pages: list[str], date: dt.date, who: Person | None, kind: str, facility: str | None) -> None:
        first = len(self.pages)
        self.pages += pages
        self.documents.append(
            LabelledDocument(first, len(self.pages) - 1, date, who.key if who else None, kind, facility)
        )


PATIENT = ("Reyes", "Carmen", dt.date(1979, 11, 3))
INJURY = dt.date(2026, 2, 9)
EMPLOYER = "Tri-County Cold Storage, LLC"
EMPLOYER_ADDRESS = "2250 Industrial Parkway West, Hayward, CA 94545"
INSURER = "Golden Shield Casualty Company"
ADJUSTER = "Terrence Oakes"
ATTORNEY = Person("Nadia", "F", "Kessler", "Esq.")

ED_DOCTOR = Person("Thomas", "J", "Reinholt", "MD")
TRIAGE_NURSE = Person("Kelly", "A", "Moss", "RN")
RADIOLOGIST = Person("Anjali", "S", "Raman", "MD")
RADIOLOGIST_2 = Person("Harold", "W", "Fenn", "MD")
PTP = Person("Daniel", "K", "Whitfield", "MD")
PAIN = Person("Samuel", "R", "Okafor", "MD")
SURGEON = Person("Lucia", "M", "Ferrante", "MD")
ASSISTANT = Person("Brian", "T", "Cole", "PA-C")
ANESTHESIA = Person("Victor", "E", "Haddad", "MD")
THERAPIST = Person("Megan", "L", "Castillo", "DPT")
THERAPIST_2 = Person("Jonah", "P", "Park", "PT")
UR_REVIEWER = Person("Helen", "C", "Marsh", "MD")
UR_NURSE = Person("Paula", "D", "Jennings", "RN")
IME_DOCTOR = Person("Richard", "A", "Stallworth", "MD")

HOSPITAL = "Mission Ridge Regional Medical Center"
IMAGING = "Cedar Basin Imaging Center"
PT_CLINIC = "Summit Physical Therapy & Rehabilitation"
OCC_MED = "Foothill Occupational Medicine Group"
PAIN_CLINIC = "Inland Spine & Pain Institute"
SURGERY_CENTER = "Inland Valley Surgery Center"
UR_COMPANY = "Cobalt Utilization Review Services"
PHARMACY = "Valley Family Pharmacy"
LAW_FIRM = "Law Offices of Nadia Kessler"

DOB = PATIENT[2]


def written(date: dt.date, rng: random.Random) -> str:
    """A date as records print it, two-digit years and ordinals included."""
    style = rng.randrange(9)
    if style == 0:
        return date.strftime("%m/%d/%Y")
    if style == 1:
        return f"{date.month}/{date.day}/{date.strftime('%y')}"
    if style == 2:
        return date.strftime("%B ") + f"{date.day}, {date.year}"
    if style == 3:
        suffix = "th" if 11 <= date.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(date.day % 10, "th")
        return date.strftime("%B ") + f"{date.day}{suffix}, {date.year}"
    if style == 4:
        return date.strftime("%d-%b-%y").upper()
    if style == 5:
        return date.isoformat()
    if style == 6:
        return date.strftime("%b. ") + f"{date.day}, {date.year}"
    if style == 7:
        return date.strftime("%m-%d-%Y")
    return f"{date.day} " + date.strftime("%B %Y")


def stamp(date: dt.date, rng: random.Random) -> str:
    """A date and time as EHR systems print them (always numeric)."""
    return f"{date.month:02d}/{date.day:02d}/{date.year} {rng.randint(7, 19):02d}:{rng.randint(0, 59):02d}"


BODY = (
    "Low back pain radiating into the left buttock and posterior thigh, worse with sitting and bending.",
    "Strength 5/5 in the bilateral lower extremities except EHL 4+/5 on the left. BP 132/84, HR 78.",
    "Straight-leg raise positive on the left at 45 degrees; crossed SLR negative. DTRs 2+ and symmetric.",
    "Pain 7/10 at its worst, 4/10 at best; sleep interrupted 3-4 nights a week.",
    "Tenderness over the left L4-S1 paraspinals; lumbar flexion limited to 40 degrees with pain.",
    "She denies bowel or bladder changes, saddle anesthesia, fever or weight loss.",
    "Medications: naproxen 500 mg BID, cyclobenzaprine 5 mg QHS prn. Allergies: NKDA.",
    "Sensation diminished to light touch over the dorsum of the left foot (L5).",
    "Gait mildly antalgic; heel walking intact, toe walking with discomfort.",
)


def body(rng: random.Random, lines: int) -> list[str]:
    return rng.sample(BODY, min(lines, len(BODY)))


class Case:
    """One case's records, built document by document with their labels."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.records: list[LabelledRecord] = []
        self.day = INJURY

    def later(self, low: int, high: int) -> dt.date:
        self.day += dt.timedelta(days=self.rng.randint(low, high))
        return self.day

    # --- the hospital's EHR printout --------------------------------------------------------------

    def hospital_printout(self) -> None:
        rng = self.rng
        record = LabelledRecord()
        printed = INJURY + dt.timedelta(days=rng.randint(200, 280))
        banner = [
            f"{HOSPITAL.upper()}" if rng.random() < 0.5 else HOSPITAL,
            f"{PATIENT[0].upper()}, {PATIENT[1].upper()}   MRN: 00{rng.randint(100000, 999999)}   "
            f"DOB: {DOB.month}/{DOB.day}/{DOB.year}   Sex: F",
        ]
        documents: list[tuple[list[list[str]], dt.date, Person | None, str, str | None]] = []
        day = INJURY
        # ED visit: triage then the ED provider's note, one encounter, one document.
        arrival = stamp(day, rng)
        ed = [
            [
                "Emergency Department",
                f"Encounter Date: {day.month}/{day.day}/{day.year}   Dept: MRRMC EMERGENCY",
                "ED Triage Note",
                f"Arrival Date/Time: {arrival}   Acuity: ESI 4",
                f"Triage RN: {TRIAGE_NURSE.given} {TRIAGE_NURSE.family}, RN",
                "Chief complaint: low back pain after lifting at work.",
                *body(rng, 2),
                "ED Provider Note",
                f"Attending: {ED_DOCTOR.written(rng)}",
                "HPI: 46 y.o. female warehouse worker lifting a 50 lb box at work, felt a pop in the low back.",
                *body(rng, 2),
            ],
            [
                "Emergency Department",
                "ED Provider Note (continued)",
                "ED Course: toradol 30 mg IM with relief. Lumbar x-rays obtained, no fracture.",
                "Disposition: discharged home. Work: off work 2 days, then modified duty.",
                f"Follow up with occupational medicine on {written(day + dt.timedelta(days=2), rng)}.",
                f"Electronically signed by {ED_DOCTOR.given} {ED_DOCTOR.family}, MD at {stamp(day, rng)}",
            ],
        ]
        documents.append((ed, day, ED_DOCTOR, "emergency", HOSPITAL))
        xray = [
            [
                "Radiology",
                f"Encounter Date: {day.month}/{day.day}/{day.year}   Dept: MRRMC RADIOLOGY",
                "XR LUMBAR SPINE 2-3 VIEWS",
                f"Exam Date: {stamp(day, rng)}   Accession: RAD{rng.randint(1000000, 9999999)}",
                f"Ordering Physician: {ED_DOCTOR.written(rng)}",
                "Clinical history: low back pain after lifting injury.",
                "FINDINGS: Five lumbar-type vertebral bodies. No fracture or listhesis. Mild L4-5 disc narrowing.",
                "IMPRESSION: No acute osseous abnormality. Mild degenerative disc disease at L4-5.",
                f"Interpreting Radiologist: {RADIOLOGIST_2.written(rng)}",
                f"Dictated: {stamp(day, rng)}   Transcribed: {stamp(day + dt.timedelta(days=1), rng)}",
            ]
        ]
        documents.append((xray, day, RADIOLOGIST_2, "imaging", HOSPITAL))
        if rng.random() < 0.6:
            revisit = day + dt.timedelta(days=rng.randint(20, 40))
            note = [
                [
                    "Emergency Department",
                    f"Encounter Date: {revisit.month}/{revisit.day}/{revisit.year}   Dept: MRRMC EMERGENCY",
                    "ED Provider Note",
                    f"Arrival Date/Time: {stamp(revisit, rng)}",
                    f"Triage RN: {TRIAGE_NURSE.given} {TRIAGE_NURSE.family}, RN",
                    "Return visit for worsening left leg pain; seen here 5 weeks ago for the same.",
                    *body(rng, 3),
                    f"PCP: {PTP.written(rng)}",
                    f"Electronically signed by {ED_DOCTOR.given} {ED_DOCTOR.family}, MD at {stamp(revisit, rng)}",
                ]
            ]
            documents.append((note, revisit, ED_DOCTOR, "emergency", HOSPITAL))
        total = sum(len(pages) for pages, *_ in documents)
        number = 0
        for pages, date, who, kind, facility in documents:
            texts = []
            for lines in pages:
                number += 1
                footer = f"Printed {printed.month:02d}/{printed.day:02d}/{printed.year} 09:14 by HIMREQ   Page {number} of {total}"
                texts.append("\n".join([*banner, *lines, footer]))
            record.add(texts, date, who, kind, facility)
        self.records.append(record)

    # --- the therapy clinic's chart -----------------------------------------------------------------

    def _pt_letterhead(self) -> list[str]:
        return [PT_CLINIC, "4410 Foothill Blvd, Unit C", "Upland, CA 91786", "Ph (909) 555-0142  Fx (909) 555-0143"]

    def pt_note(self, date: dt.date, visit: int, kind: str) -> list[str]:
        rng = self.rng
        therapist = THERAPIST if rng.random() < 0.8 else THERAPIST_2
        title = {
            "initial": "PHYSICAL THERAPY INITIAL EVALUATION",
            "daily": rng.choice(("DAILY TREATMENT NOTE", "Physical Therapy Daily Note", "PT DAILY NOTE")),
            "progress": "PHYSICAL THERAPY PROGRESS REPORT",
        }[kind]
        lines = [*self._pt_letterhead(), title]
        lines += [f"Patient: {PATIENT[1]} {PATIENT[0]}   DOB: {written(DOB, rng)}"]
        lines += [f"Date of Service: {written(date, rng)}   Visit #: {visit}"]
        if rng.random() < 0.7:
            lines += [f"Referring Physician: {PTP.written(rng)}"]
        lines += [f"Therapist: {therapist.given} {therapist.family}, {therapist.credential}"]
        lines += [f"Time in: {rng.randint(8, 16)}:00  Time out: {rng.randint(8, 16)}:55"]
        lines += ["97110 Therapeutic exercise x 3 units; 97140 Manual therapy x 1 unit"]
        lines += body(rng, 3)
        if kind != "daily":
            certified = date + dt.timedelta(days=rng.randint(2, 9))
            lines += ["Plan: 2x/week x 6 weeks. Goals: sit 60 min, lift 25 lb floor to waist."]
            lines += [f"Plan of care certified by: {PTP.written(rng)}   Date: {written(certified, rng)}"]
        lines += [f"{therapist.given} {therapist.family}, {therapist.credential}   {written(date, rng)}"]
        self._last_therapist = therapist
        return lines

    def pt_chart(self) -> list[tuple[list[str], dt.date, Person]]:
        rng = self.rng
        record = LabelledRecord()
        notes: list[tuple[list[str], dt.date, Person]] = []
        date = self.later(10, 20)
        kinds = ["initial"] + ["daily"] * rng.randint(3, 6) + ["progress"]
        for visit, kind in enumerate(kinds, start=1):
            lines = self.pt_note(date, visit, kind)
            pages = ["\n".join(lines)]
            if kind != "daily" and rng.random() < 0.6:  # a long evaluation runs onto a second page
                cut = len(lines) // 2
                pages = [
                    "\n".join([*lines[:cut], "Page 1 of 2"]),
                    "\n".join([PT_CLINIC, f"{PATIENT[1]} {PATIENT[0]}", *lines[cut:], "Page 2 of 2"]),
                ]
            record.add(pages, date, self._last_therapist, "therapy", PT_CLINIC)
            notes.append(("\n\n".join(pages).split("\n"), date, self._last_therapist))
            date += dt.timedelta(days=rng.choice((2, 3, 4, 5, 7)))
        self.day = date
        self.records.append(record)
        return notes

    # --- clinic notes, imaging, procedures ----------------------------------------------------------

    def office_visits(self, count: int) -> None:
        rng = self.rng
        record = LabelledRecord()
        for number in range(count):
            date = self.later(10, 30)
            who = PTP if rng.random() < 0.6 else PAIN
            facility = OCC_MED if who is PTP else PAIN_CLINIC
            title = rng.choice(
                (
                    "PROGRESS NOTE",
                    "Follow-Up Visit",
                    "OFFICE VISIT NOTE",
                    "PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)",
                )
            )
            if number == 0 and who is PAIN:
                title = "PAIN MANAGEMENT CONSULTATION"
            kind = "consultation" if "CONSULTATION" in title else "office_visit"
            label = rng.choice(("Visit date:", "Date of exam:", "DOS:", "Date of Visit:", "Exam Date:"))
            top = [
                facility,
                "8450 Sierra Vista Avenue, Suite 210" if who is PTP else "1190 E. Citrus Ave, Ste 4",
                title,
            ]
            lines = [
                *top,
                f"Patient: {PATIENT[1]} {PATIENT[0]}   DOB: {written(DOB, rng)}   DOI: {written(INJURY, rng)}",
                f"Employer: {EMPLOYER}   Claims administrator: {INSURER}",
                f"{label} {written(date, rng)}",
            ]
            if kind == "consultation":
                lines += [f"Referred by: {PTP.written(rng)}", "Reason for consultation: left L5 radicular pain."]
            lines += body(rng, 4)
            lines += [
                f"MRI of {written(date - dt.timedelta(days=rng.randint(10, 40)), rng)} reviewed: L4-5 protrusion."
            ]
            lines += [f"Return to clinic in 4 weeks ({written(date + dt.timedelta(days=28), rng)})."]
            pages = ["\n".join(lines)]
            sign = [
                f"Electronically signed by {who.written(rng)} on {written(date + dt.timedelta(days=rng.randint(0, 3)), rng)}",
                f"cc: {PTP.written(rng) if who is PAIN else PAIN.written(rng)}; {INSURER}, attn. {ADJUSTER}",
            ]
            if rng.random() < 0.5:
                pages.append(
                    "\n".join(
                        [
                            facility,
                            f"RE: {PATIENT[1]} {PATIENT[0]}",
                            "Work status: modified duty, no lifting over 15 lb.",
                            *sign,
                        ]
                    )
                )
            else:
                pages[0] += "\n" + "\n".join(sign)
            record.add(pages, date, who, kind, facility)
        self.records.append(record)

    def radiology(self) -> None:
        rng = self.rng
        record = LabelledRecord()
        date = self.later(5, 20)
        dictated = date + dt.timedelta(days=rng.randint(0, 1))
        lines = [
            IMAGING,
            "Diagnostic Imaging · MRI · CT · Ultrasound",
            "3301 Cedar Basin Road, Fontana, CA 92335   (909) 555-0177",
            "MRI LUMBAR SPINE WITHOUT CONTRAST",
            f"Patient: {PATIENT[0].upper()}, {PATIENT[1].upper()}   DOB: {written(DOB, rng)}",
            f"Exam date: {written(date, rng)}",
            f"Ordering physician: {PTP.written(rng)}",
            "History: low back pain with left leg radiation since work injury.",
            "FINDINGS: L4-5: broad-based disc protrusion with left paracentral extrusion contacting the left L5 root.",
            "L5-S1: mild disc desiccation without stenosis. Conus terminates at L1.",
            "IMPRESSION: Left paracentral L4-5 extrusion contacting the traversing left L5 nerve root.",
            f"Interpreting radiologist: {RADIOLOGIST.written(rng)}",
            f"Dictated: {written(dictated, rng)}   Transcribed: {written(dictated + dt.timedelta(days=1), rng)}",
            f"Electronically signed by {RADIOLOGIST.given} {RADIOLOGIST.family}, MD on {stamp(dictated + dt.timedelta(days=1), rng)}",
        ]
        record.add(["\n".join(lines)], date, RADIOLOGIST, "imaging", IMAGING)
        self.records.append(record)

    def operative(self) -> None:
        rng = self.rng
        record = LabelledRecord()
        date = self.later(20, 40)
        first = [
            SURGERY_CENTER,
            "OPERATIVE REPORT",
            f"Patient: {PATIENT[1]} {PATIENT[0]}   DOB: {written(DOB, rng)}   Acct: {rng.randint(10000, 99999)}",
            f"Date of Surgery: {written(date, rng)}",
            f"Surgeon: {SURGEON.written(rng)}",
            f"Assistant: {ASSISTANT.given} {ASSISTANT.family}, PA-C",
            f"Anesthesiologist: {ANESTHESIA.written(rng)}",
            "Anesthesia: general endotracheal",
            "Preoperative diagnosis: Left L4-5 disc extrusion with L5 radiculopathy.",
            "Postoperative diagnosis: Same.",
            "Procedure: Left L4-5 microdiscectomy.",
        ]
        second = [
            "OPERATIVE REPORT (continued)",
            f"{PATIENT[0]}, {PATIENT[1]}",
            "Description of procedure: The patient was brought to the operating room and placed prone.",
            "A free fragment was removed from the axilla of the L5 root. Estimated blood loss 25 mL.",
            f"Dictated by: {SURGEON.written(rng)}   D: {written(date, rng)}   T: {written(date + dt.timedelta(days=1), rng)}",
        ]
        record.add(["\n".join(first), "\n".join(second)], date, SURGEON, "procedure", SURGERY_CENTER)
        self.records.append(record)

    # --- forms, reviews, letters, bills -------------------------------------------------------------

    def work_status(self) -> None:
        rng = self.rng
        record = LabelledRecord()
        date = self.later(3, 15)
        lines = [
            "STATE OF CALIFORNIA · DIVISION OF WORKERS' COMPENSATION",
            "PHYSICIAN'S REPORT OF WORK STATUS",
            f"Employee: {PATIENT[1]} {PATIENT[0]}   Claim no.: GS-26-{rng.randint(10000, 99999)}",
            f"Employer: {EMPLOYER}",
            f"Employer address: {EMPLOYER_ADDRESS}",
            f"Date of injury: {written(INJURY, rng)}   Date of exam: {written(date, rng)}",
            "[X] Modified work: no lifting over 15 lb, no repetitive bending, sit/stand as needed.",
            f"Restrictions in effect through {written(date + dt.timedelta(days=30), rng)}.",
            f"Next appointment: {written(date + dt.timedelta(days=21), rng)}",
            f"Physician: {PTP.written(rng)}   Facility: {OCC_MED}",
            f"Signature: ____________   Date: {written(date, rng)}",
            "DWC Form WS-1 (Rev. 03/2019)",
        ]
        record.add(["\n".join(lines)], date, PTP, "work_status", OCC_MED)
        self.records.append(record)

    def ur_determination(self) -> None:
        rng = self.rng
        record = LabelledRecord()
        date = self.later(5, 12)
        received = date - dt.timedelta(days=rng.randint(3, 5))
        first = [
            UR_COMPANY,
            "P.O. Box 4471, Sacramento, CA 95812   Tel (916) 555-0120",
            "NOTICE OF UTILIZATION REVIEW DETERMINATION",
            f"Date of notice: {written(date, rng)}",
            f"Employee: {PATIENT[1]} {PATIENT[0]}   Date of injury: {written(INJURY, rng)}",
            f"Employer: {EMPLOYER}   Claims administrator: {INSURER}",
            f"Requesting physician: {PAIN.written(rng)}",
            f"RFA received: {written(received, rng)}",
            "Request: Lumbar epidural steroid injection, left L4-5 (CPT 62323) x 1.",
            "Determination: NON-CERTIFIED.",
            f"Records reviewed: PR-2 of {written(received - dt.timedelta(days=6), rng)}; MRI of {written(received - dt.timedelta(days=20), rng)}.",
        ]
        second = [
            UR_COMPANY,
            f"Employee: {PATIENT[1]} {PATIENT[0]}   UR no. {rng.randint(100000, 999999)}",
            "Rationale: The MTUS requires radiculopathy documented by exam and corroborated by imaging.",
            f"A peer-to-peer call was attempted on {written(date - dt.timedelta(days=1), rng)} at 10:15 without a reply.",
            f"Nurse reviewer: {UR_NURSE.given} {UR_NURSE.family}, RN",
            f"Reviewing physician: {UR_REVIEWER.written(rng)}, Physical Medicine and Rehabilitation",
            f"cc: {PAIN.written(rng)}; {ATTORNEY.given} {ATTORNEY.family}, Esq.",
        ]
        record.add(["\n".join(first), "\n".join(second)], date, UR_REVIEWER, "utilization_review", None)
        self.records.append(record)

    def ime_report(self) -> None:
        rng = self.rng
        record = LabelledRecord()
        exam = self.later(10, 30)
        letter_date = exam + dt.timedelta(days=rng.randint(5, 14))
        first = [
            f"{IME_DOCTOR.given} {IME_DOCTOR.middle}. {IME_DOCTOR.family}, M.D.",
            "Diplomate, American Board of Orthopaedic Surgery",
            "500 S. Grand Avenue, Suite 1100, Los Angeles, CA 90071",
            written(letter_date, rng),
            f"{INSURER}",
            f"Attn: {ADJUSTER}, Senior Claims Examiner",
            f"RE: {PATIENT[1]} {PATIENT[0]}   DOB: {written(DOB, rng)}   DOI: {written(INJURY, rng)}",
            "INDEPENDENT MEDICAL EVALUATION",
            f"Date of examination: {written(exam, rng)}",
            f"Dear {ADJUSTER.split()[0]} {ADJUSTER.split()[1]}:",
            "At your request I evaluated the examinee in my office. The history was taken through an interpreter.",
            *body(rng, 3),
        ]
        review = [
            f"RE: {PATIENT[1]} {PATIENT[0]}",
            "RECORDS REVIEWED",
        ]
        review += [
            f"{written(INJURY, rng)} {HOSPITAL} ED, Dr. {ED_DOCTOR.family}: lumbar strain, x-rays negative.",
            f"{written(INJURY + dt.timedelta(days=2), rng)} Dr. {PTP.family}, PR-2: modified duty.",
            f"{written(INJURY + dt.timedelta(days=40), rng)} MRI lumbar spine, {RADIOLOGIST.given} {RADIOLOGIST.family}, MD: L4-5 extrusion.",
            f"{written(INJURY + dt.timedelta(days=60), rng)} {PAIN.given} {PAIN.family}, MD: pain consultation.",
            f"{written(INJURY + dt.timedelta(days=90), rng)} UR non-certification, Dr. {UR_REVIEWER.family}.",
        ]
        review += body(rng, 2)
        last = [
            f"RE: {PATIENT[1]} {PATIENT[0]}",
            "DISCUSSION AND CONCLUSIONS",
            "The examinee has reached maximal medical improvement; whole person impairment 8% (DRE II).",
            "I declare under penalty of perjury that the information contained in this report is true and correct.",
            f"Executed on {written(letter_date, rng)} in Los Angeles County.",
            f"{IME_DOCTOR.given} {IME_DOCTOR.middle}. {IME_DOCTOR.family}, M.D.",
            f"cc: {ATTORNEY.given} {ATTORNEY.family}, Esq.; {PTP.written(rng)}",
        ]
        pages = ["\n".join([*first, "Page 1"]), "\n".join([*review, "Page 2"]), "\n".join([*last, "Page 3"])]
        record.add(pages, exam, IME_DOCTOR, "ime_or_peer_review", None)
        self.records.append(record)

    def attorney_letter(self, date: dt.date | None = None) -> None:
        rng = self.rng
        record = LabelledRecord()
        date = date or self.later(3, 10)
        lines = [
            LAW_FIRM.upper(),
            "Attorneys at Law",
            "1000 Wilshire Blvd., 12th Floor, Los Angeles, CA 90017",
            written(date, rng),
            "VIA FAX AND U.S. MAIL",
            f"{INSURER}",
            f"Re: {PATIENT[1]} {PATIENT[0]} v. {EMPLOYER}",
            f"Claim No.: GS-26-{rng.randint(10000, 99999)}   DOI: {written(INJURY, rng)}",
            f"Dear {ADJUSTER}:",
            "This office represents the applicant. Please direct all further communication to us.",
            f"Enclosed are the therapy records through {written(date - dt.timedelta(days=10), rng)} and the MRI report.",
            "Very truly yours,",
            f"{ATTORNEY.given} {ATTORNEY.family}, Esq.",
            f"cc: {PTP.written(rng)}",
        ]
        record.add(["\n".join(lines)], date, None, "legal", None)
        self.records.append(record)

    def claim_form(self) -> None:
        rng = self.rng
        record = LabelledRecord()
        signed = INJURY + dt.timedelta(days=rng.randint(0, 2))
        lines = [
            "State of California · Division of Workers' Compensation",
            "WORKERS' COMPENSATION CLAIM FORM (DWC 1)",
            "Employee: complete this section and see note above.",
            f"1. Name: {PATIENT[1]} {PATIENT[0]}   Today's date: {written(signed, rng)}",
            f"3. Date of birth: {written(DOB, rng)}   4. Date of injury: {written(INJURY, rng)}",
            "5. Address and description of where injury happened: loading dock 4.",
            "6. Describe injury and part of body affected: low back, lifting boxes.",
            f"7. Employee's signature: Carmen Reyes   Date: {written(signed, rng)}",
            "Employer: complete this section.",
            f"10. Name of employer: {EMPLOYER}",
            f"11. Address: {EMPLOYER_ADDRESS}",
            f"12. Date employer first knew of injury: {written(INJURY, rng)}",
            f"13. Date claim form was provided to employee: {written(signed, rng)}",
            f"16. Insurance carrier: {INSURER}",
            "17. Signature of employer representative: Dale Voss, Safety Manager",
            "DWC 1 (Rev. 1/2016)",
        ]
        record.add(["\n".join(lines)], signed, None, "claim_form", None)
        self.records.append(record)

    def bills(self, visits: list[dt.date]) -> None:
        rng = self.rng
        record = LabelledRecord()
        statement = max(visits) + dt.timedelta(days=rng.randint(5, 20))
        rows = [f"{v.month:02d}/{v.day:02d}/{v.year}  97110  Therapeutic exercise  3  $156.00" for v in visits]
        lines = [
            PT_CLINIC,
            "4410 Foothill Blvd, Unit C, Upland, CA 91786   Tax ID 95-1234567",
            "ITEMIZED STATEMENT",
            f"Statement date: {written(statement, rng)}",
            f"Patient: {PATIENT[1]} {PATIENT[0]}   Account: {rng.randint(100000, 999999)}",
            f"Bill to: {INSURER}, attn. bill review",
            "Date of Service  CPT  Description  Units  Charge",
            *rows,
            f"Total charges: ${156 * len(rows)}.00   Balance due: ${156 * len(rows)}.00",
        ]
        record.add(["\n".join(lines)], min(visits), None, "bill", PT_CLINIC)
        cms = [
            "HEALTH INSURANCE CLAIM FORM",
            "APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12",
            f"2. PATIENT'S NAME {PATIENT[0].upper()}, {PATIENT[1].upper()}   3. BIRTH DATE {DOB.month:02d} {DOB.day:02d} {DOB.year}",
            f"4. INSURED'S NAME {EMPLOYER.upper()}",
            "21. DIAGNOSIS: A. M54.16  B. S39.012A",
            "24A. DATE(S) OF SERVICE  B. POS  D. CPT/HCPCS  F. $ CHARGES  G. UNITS",
            *(
                f"{v.month:02d} {v.day:02d} {v.strftime('%y')}  {v.month:02d} {v.day:02d} {v.strftime('%y')}  11  97140  48 00  1"
                for v in visits[:3]
            ),
            f"31. SIGNATURE OF PHYSICIAN OR SUPPLIER  {THERAPIST.given} {THERAPIST.family} DPT   DATE {statement.month:02d}/{statement.day:02d}/{statement.strftime('%y')}",
            f"32. SERVICE FACILITY LOCATION INFORMATION  {PT_CLINIC.upper()}",
            "33. BILLING PROVIDER INFO & PH #  (909) 555-0142",
        ]
        record.add(["\n".join(cms)], min(visits[:3]), THERAPIST, "bill", PT_CLINIC)
        self.records.append(record)

    def pharmacy(self) -> None:
        rng = self.rng
        record = LabelledRecord()
        fills = sorted(INJURY + dt.timedelta(days=rng.randint(0, 120)) for _ in range(5))
        lines = [
            PHARMACY,
            "PRESCRIPTION HISTORY REPORT",
            f"Patient: {PATIENT[0].upper()}, {PATIENT[1].upper()}   DOB: {written(DOB, rng)}",
            f"Report run date: {written(fills[-1] + dt.timedelta(days=30), rng)}",
            "Fill Date   Rx #   Drug   Qty   Days   Prescriber",
            *(
                f"{d.month:02d}/{d.day:02d}/{d.year}  {rng.randint(1000000, 9999999)}  "
                f"{rng.choice(('NAPROXEN 500MG TAB', 'CYCLOBENZAPRINE 5MG TAB', 'GABAPENTIN 300MG CAP'))}  60  30  "
                f"{rng.choice((PTP, PAIN)).family.upper()}"
                for d in fills
            ),
            "Refills remaining shown on the label; this history is not a prescription.",
        ]
        record.add(["\n".join(lines)], fills[0], None, "pharmacy", PHARMACY)
        self.records.append(record)

    def employer_job_description(self) -> None:
        record = LabelledRecord()
        lines = [
            EMPLOYER,
            "Hayward Distribution Center, Buildings 1-3",
            "JOB DESCRIPTION: FREEZER ORDER SELECTOR",
            "Revised: 01/2025",
            "Department: Warehouse Operations   Reports to: Shift Supervisor",
            "Essential functions: lift and carry cases of 10 to 60 lb from floor to shoulder height.",
            "Physical demands: standing and walking 10 hours; bending and twisting frequently.",
            "Prepared by Human Resources, 02/10/2026.",
        ]
        record.add(["\n".join(lines)], dt.date(2026, 2, 10), None, "other", None)
        self.records.append(record)

    def faxed_copy(self, notes: list[tuple[list[str], dt.date, Person]]) -> None:
        """The attorney's fax of some therapy notes: a cover sheet, then the copies, a stamp on every page."""
        rng = self.rng
        record = LabelledRecord()
        sent = self.later(2, 8)
        chosen = notes[1 : 1 + rng.randint(2, 3)]
        total = 1 + len(chosen)
        time = f"{rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}"

        def header(page: int) -> str:
            return f"{sent.strftime('%b-%d-%Y')} {time}  FROM: {LAW_FIRM.upper()} (213)555-0199  TO: 6265550100  P.{page}/{total}"

        cover = [
            header(1),
            "FAX COVER SHEET",
            f"Date: {written(sent, rng)}",
            f"To: {INSURER}, attn. {ADJUSTER}",
            f"From: {ATTORNEY.given} {ATTORNEY.family}, Esq.",
            f"Pages (including cover): {total}",
            "Re: therapy records as requested. CONFIDENTIALITY NOTICE: this transmission is privileged.",
        ]
        record.add(["\n".join(cover)], sent, None, "correspondence", None)
        for number, (lines, date, who) in enumerate(chosen, start=2):
            record.add(["\n".join([header(number), *lines])], date, who, "therapy", PT_CLINIC)
        self.records.append(record)


def make_case(seed: int) -> list[LabelledRecord]:
    """One case's records in a vendor's order (roughly by date, a few out of place)."""
    case = Case(seed)
    rng = case.rng
    case.claim_form()
    case.hospital_printout()
    case.office_visits(rng.randint(2, 4))
    notes = case.pt_chart()
    case.radiology()
    case.work_status()
    case.office_visits(rng.randint(1, 3))
    case.ur_determination()
    case.faxed_copy(notes)
    case.attorney_letter()
    case.operative()
    case.bills([date for _, date, _ in notes])
    case.pharmacy()
    case.ime_report()
    case.employer_job_description()
    return case.records


def scanned_subset(records: list[LabelledRecord], rng: random.Random, share: float = 0.2) -> None:
    """Mark about ``share`` of the records' pages as scanned: their text is what OCR reads off an image."""
    for record in records:
        if rng.random() < share * 2:
            for index in range(len(record.pages)):
                if rng.random() < 0.6:
                    record.scanned.add(index)


OCR_CACHE = Path(__file__).with_name("chronology_corpus_b_ocr.json")


def _key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def ocr_pages(records: list[LabelledRecord], read: Callable[[list[str]], list[str]] | None = None) -> int:
    """Replace the scanned pages' text by what OCR reads off their images; the number of pages read so.

    OCR is slow (seconds a page), so what it read is kept in ``OCR_CACHE`` beside this file; ``read``
    (texts -> OCR'd texts, see ``bench/chronology_bench.py``) is called only for pages not in it.
    Without ``read`` and without a cached reading a page keeps its clean text.
    """
    cache: dict[str, str] = json.loads(OCR_CACHE.read_text()) if OCR_CACHE.exists() else {}
    wanted = [r.pages[i] for r in records for i in sorted(r.scanned) if _key(r.pages[i]) not in cache]
    if wanted and read is not None:
        for text, reading in zip(wanted, read(wanted), strict=True):
            cache[_key(text)] = reading
        OCR_CACHE.write_text(json.dumps(cache, indent=0, sort_keys=True))
    done = 0
    for record in records:
        for index in sorted(record.scanned):
            reading = cache.get(_key(record.pages[index]))
            if reading is not None:
                record.pages[index] = reading
                done += 1
    return done


def make_corpus_b(seed: int) -> list[LabelledRecord]:
    """A case of corpus B, its scanned pages marked (call :func:`ocr_pages` to read them through OCR)."""
    records = make_case(seed)
    scanned_subset(records, random.Random(seed * 7 + 1))
    return records
