"""Synthetic findings for the two demo cases, as a physician would write them, for report tests."""

from __future__ import annotations

from typing import Any

from reviewer_app.services.cases import find_case
from reviewer_app.services.citations import add_citation
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.findings import findings_template, set_answers, template_json
from reviewer_app.services.profile import update_profile

PEER_REVIEW = "PR-2026-004512"
IME = "IME-2026-000871"
PHYSICIAN = "Łukasz Dvořák-Nguyễn"

PROFILE = {
    "name": PHYSICIAN,
    "credentials": "MD",
    "specialties": ["Physical Medicine and Rehabilitation"],
    "board_certifications": ["American Board of Physical Medicine and Rehabilitation"],
    "licenses": [{"state": "CA", "number": "A123456", "expires": "2099-01-31"}],
    "address": "1200 Example Avenue, Suite 300, Pasadena, CA 91101",
    "phone": "(626) 555-0199",
    "email": "office@example.test",
}

MRI = "records/09-mri-lumbar-2026-04-24.pdf"
PAIN_FOLLOWUP = "records/16-pain-followup-2026-09-09.pdf"
PT_NOTES = "records/08-pt-daily-notes-fax-2026-04-20-to-2026-04-29.pdf"
CHIRO = "records/21-prior-chiropractic-records-2023.pdf"
ODG_ESI = {"source": "MTUS/ACOEM", "edition": "2024", "section": "Low Back Disorders: Epidural steroid injections"}

PEER_REVIEW_ANSWERS: dict[str, Any] = {
    "clinical_summary.summary": (
        "Ms. Ortega, a 44-year-old order selector, felt low back pain while lifting a 45 lb case on 03/16/2026 "
        "(Rec. 1). Lumbar strain was diagnosed; left leg symptoms began about three weeks later. The 04/24/2026 "
        "MRI shows a left L4-L5 paracentral protrusion contacting the traversing left L5 root (Rec. 9, p. 2).\n\n"
        "She completed 24 physical therapy visits with a plateau documented on 05/13/2026 (Rec. 10) and remains "
        "on modified duty. On 09/09/2026 the pain specialist found a positive left straight-leg raise at 40 "
        "degrees, diminished L5 sensation and 4/5 extensor hallucis longus strength, and requested a left L4-L5 "
        "interlaminar epidural steroid injection (Rec. 16, Rec. 17). Chiropractic care for non-radiating low back "
        "pain in 2023 resolved by 03/20/2023 (Rec. 21)."
    ),
    "q1.svc1.determination": "certify",
    "q1.svc1.guideline": ODG_ESI,
    "q1.svc1.rationale": (
        "The 09/09/2026 examination documents a positive left straight-leg raise at 40 degrees, diminished "
        "sensation in the left L5 dermatome and a left extensor hallucis longus weakness of 4/5, matching the "
        "left L4-L5 paracentral protrusion on the 04/24/2026 MRI.\n\nSix weeks of therapy and medication "
        "have failed; the guideline's criteria for a first injection are met."
    ),
    "q1.svc1.citations": [{"record": PAIN_FOLLOWUP, "page": 1}, {"record": MRI, "page": 2, "note": "impression"}],
    "q2.svc2.determination": "modify",
    "q2.svc2.approved_quantity": 6,
    "q2.svc2.approved_frequency": "2 visits a week",
    "q2.svc2.approved_duration": "3 weeks",
    "q2.svc2.guideline": {"source": "ODG", "edition": "2026", "section": "Low Back: Physical therapy"},
    "q2.svc2.rationale": (
        "Twenty-four visits have been completed with a plateau documented on 05/13/2026; six visits after the "
        "injection allow the transition to a home exercise program."
    ),
    "q2.svc2.citations": [{"record": PT_NOTES, "page": 3}],
    "q3.opinion": "partially_related",
    "q3.apportionment_percent": 70,
    "q3.medical_probability": True,
    "q3.mechanism_consistent": True,
    "q3.pre_existing": "Chiropractic treatment for non-radiating low back pain in 2023, resolved by 03/20/2023.",
    "q3.rationale": (
        "Within a reasonable degree of medical probability the 03/16/2026 lifting injury aggravated a "
        "pre-existing degenerative disc; leg symptoms began on the day of injury."
    ),
    "q3.citations": [{"record": CHIRO, "page": 2}],
    "q4.supports_diagnosis": "partly",
    "q4.discrepancies": "The 05/20/2026 consultation records right-sided findings; all other notes say left.",
    "q4.citations": [{"record": MRI, "page": 1}],
    "q5.matches": "partly",
    "q5.lines_in_question": [
        {
            "date_of_service": "2026-04-20",
            "code": "97110",
            "units_billed": 3,
            "units_documented": 2,
            "comment": "28 timed minutes documented",
        }
    ],
    "q5.rationale": "The daily note for 04/20/2026 documents 28 minutes of therapeutic exercise: two units.",
    "q5.citations": [{"record": PT_NOTES, "page": 1}],
    "peer_to_peer.contacts": [
        {
            "date": "2026-11-26",
            "time": "10:15 PT",
            "number": "(909) 555-0131",
            "outcome": "spoke",
            "participants": "Dr. Whitfield",
            "discussion": "Agreed to 6 visits with a home program.",
        }
    ],
    "treating_opinions.opinions": [
        {
            "opinion": "Twelve further therapy visits are needed.",
            "source": "Rec. 18, p. 1",
            "position": "partly",
            "why": "The plateau on 05/13/2026 supports a shorter course.",
        }
    ],
    "recommendation.ime_needed": False,
    "attestation.county": "Los Angeles",
    "attestation.date_signed": "2026-12-02",
    "attestation.assistants": "None",
    "attestation.no_139_3_violation": True,
}

EMG = "records/06-emg-ncs-2026-11-04.pdf"
IME_MRI = "records/02-mri-lumbar-2026-04-24.pdf"

IME_ANSWERS: dict[str, Any] = {
    "records_summary.summary": (
        "The records describe a lifting injury on 03/16/2026 with low back pain, followed by left leg symptoms. "
        "The 04/24/2026 MRI shows a left L4-L5 protrusion contacting the L5 root (Rec. 2). A left L4-L5 "
        "interlaminar epidural steroid injection on 10/06/2026 gave about 50% relief (Rec. 3, Rec. 4); therapy "
        "after it ended on 10/30/2026 (Rec. 5). The 11/04/2026 EMG confirms a left L5 radiculopathy (Rec. 6). "
        "The treating physician keeps her on modified duty (Rec. 7, Rec. 8)."
    ),
    "history.chief_complaint": "Low back pain radiating to the left foot, worse with sitting.",
    "history.mechanism": "Lifting a 45 lb case from a floor-level pallet while twisting to the left.",
    "history.interpreter": "Ana Lucía Peña, Spanish (certified)",
    "history.hand_dominance": "right",
    "examination.vitals": "BP 128/82, HR 74, height 5'4\", weight 150 lb",
    "examination.range_of_motion": [
        {"joint": "Lumbar spine", "motion": "Flexion", "measured": 40, "normal": 60},
        {"joint": "Lumbar spine", "motion": "Extension", "measured": 15, "normal": 25},
    ],
    "examination.strength": [{"muscle_group": "Extensor hallucis longus", "side": "left", "grade": 4}],
    "examination.reflexes": "Patellar 2+ and symmetric; Achilles 2+ and symmetric.",
    "examination.sensation": [{"dermatome": "L5", "side": "left", "finding": "diminished"}],
    "examination.special_tests": [
        {"test": "Straight-leg raise", "side": "left", "result": "positive", "comment": "at 45 degrees"}
    ],
    "examination.waddell_signs": ["overreaction"],
    "q1.diagnoses": [
        {"code": "M54.16", "description": "Lumbar radiculopathy, left L5", "related": True},
        {"code": "S39.012A", "description": "Lumbar strain", "related": True},
    ],
    "q1.rationale": "Left L5 radiculopathy confirmed by EMG on 11/04/2026.",
    "q1.citations": [{"record": EMG, "page": 2}],
    "q2.opinion": "related",
    "q2.medical_probability": True,
    "q2.rationale": "Within a reasonable degree of medical probability the lifting injury caused the protrusion.",
    "q2.citations": [{"record": IME_MRI, "page": 1}],
    "q3.reached": True,
    "q3.date": "2026-12-01",
    "q3.rationale": "No further improvement is expected after the injection and therapy.",
    "q4.guides_edition": "5th",
    "q4.ratings": [
        {"body_part": "Lumbar spine (DRE category III)", "table_or_figure": "Table 15-3", "whole_person_percent": 20},
        {"body_part": "Left lower extremity (sensory)", "table_or_figure": "Table 15-18", "whole_person_percent": 10},
    ],
    "q4.rationale": "Radiculopathy with verified EMG findings places the lumbar spine in DRE category III.",
    "q5.status": "modified_duty",
    "q5.lift_occasionally": 20,
    "q5.lift_frequently": 10,
    "q5.lift_constantly": 0,
    "q5.sit_hours": 6,
    "q5.start_date": "2026-12-01",
    "q5.rationale": "She cannot return to order selecting, which needs 50 lb lifting.",
    "q6.items": [{"item": "Home exercise program review", "kind": "therapy", "frequency": "4 visits a year"}],
    "q6.rationale": "Flare-ups are expected.",
    "q7.percent_this_injury": 85,
    "q7.rationale": "15% to the pre-existing degenerative disease documented in 2023.",
    "attestation.county": "San Bernardino",
    "attestation.date_signed": "2026-12-02",
    "attestation.assistants": "None",
    "attestation.no_139_3_violation": True,
}


def fill_from_template_examples(folder: DataFolder, reference: str) -> None:
    """Answer every field of the case with its template example, as ``findings template`` prints them."""
    case = find_case(folder, reference)
    template = template_json(findings_template(folder, case), case)
    set_answers(folder, case, {f["id"]: f["example"] for f in template["fields"]})


def fill_demo_findings(folder: DataFolder) -> None:
    """The profile and the physician's findings (with key pages) for both demo cases."""
    update_profile(folder, PROFILE)
    for reference, answers in ((PEER_REVIEW, PEER_REVIEW_ANSWERS), (IME, IME_ANSWERS)):
        fill_from_template_examples(folder, reference)
        case = find_case(folder, reference)
        # Clear the examples the physician's answers leave out, then set theirs.
        template = findings_template(folder, case)
        cleared: dict[str, Any] = {f.id: None for f in template.fields if f.id not in answers}
        set_answers(folder, case, {**cleared, **answers})
    case = find_case(folder, PEER_REVIEW)
    records = {r.path: r for r in case.records}
    mri = records[MRI]
    assert mri.id is not None
    quote = "Left paracentral protrusion at L4-L5 contacting the traversing left L5 root."
    add_citation(folder, case.id, mri.id, 1, quote=quote, note="MRI impression")
    followup = records[PAIN_FOLLOWUP]
    assert followup.id is not None
    add_citation(folder, case.id, followup.id, 0, note="Positive SLR on the left at 40 degrees", kind="finding",
                 question_key="q1")  # fmt: skip
