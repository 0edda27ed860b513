"""The report's content, from the demo cases with a physician's findings: what a reader of the report checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer_app.domain.report import (
    CitationsItem,
    OriginalReportRef,
    QuestionAnswer,
    ReportContent,
    TableItem,
    TextItem,
)
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import DataFolder, open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.report_content import build_report_content
from tests.reports.demo_findings import IME, PEER_REVIEW, PHYSICIAN, fill_demo_findings

DAY = dt.date(2026, 12, 2)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DataFolder]:
    data = open_data_folder(tmp_path_factory.mktemp("report-content") / "data")
    ensure_demo_cases(data)
    fill_demo_findings(data)
    yield data
    data.close()


def _items(question: QuestionAnswer) -> dict[str, TextItem | CitationsItem | TableItem]:
    return {item.label: item for part in question.parts for item in part.items}


def _text(content: ReportContent, number: int, label: str) -> str:
    item = _items(content.questions[number - 1])[label]
    assert isinstance(item, TextItem)
    return item.value


def test_the_questions_are_the_referral_s_verbatim_in_order(folder: DataFolder) -> None:
    for reference in (PEER_REVIEW, IME):
        case = find_case(folder, reference)
        content = build_report_content(folder, reference, draft=True, report_date=DAY)
        assert [q.text for q in content.questions] == [q.text for q in case.details.questions]
        assert all(q.answered for q in content.questions)


def test_answers_print_choice_labels_units_and_record_references(folder: DataFolder) -> None:
    content = build_report_content(folder, PEER_REVIEW, draft=True, report_date=DAY)
    assert _text(content, 3, "Opinion") == "Partially related"
    assert _text(content, 3, "Percentage due to this injury") == "70%"
    assert _text(content, 3, "Within a reasonable degree of medical probability") == "Yes"
    relied_on = _items(content.questions[0])["Records relied on"]
    assert isinstance(relied_on, CitationsItem)
    assert [p.reference for p in relied_on.pages] == ["Rec. 16, p. 1", "Rec. 9, p. 2"]
    assert relied_on.pages[1].note == "impression"
    billing = _items(content.questions[4])["Lines in question"]
    assert isinstance(billing, TableItem)
    assert billing.rows == (("04/20/2026", "97110", "3", "2", "28 timed minutes documented"),)
    # The records list the citations resolve in: Rec. 9 is the MRI, with its pages.
    mri = content.records[8]
    assert (mri.number, mri.title, mri.pages) == (9, "MRI lumbar spine without contrast", 2)
    # The page the physician cited while reading (Rec. 16, p. 1, with its quote) is in the same one list,
    # once: there is no second "Pages cited" list beside "Records relied on".
    assert "Pages cited" not in _items(content.questions[0])
    lists = [i for p in content.questions[0].parts for i in p.items if isinstance(i, CitationsItem)]
    assert len(lists) == 1
    assert [p.reference for p in lists[0].pages].count("Rec. 16, p. 1") == 1
    assert lists[0].pages[0].note == "Positive SLR on the left at 40 degrees"  # kept from the citation made reading


def test_hidden_and_unanswered_fields_are_left_out_and_no_ids_are_printed(folder: DataFolder) -> None:
    content = build_report_content(folder, PEER_REVIEW, draft=True, report_date=DAY)
    q1 = _items(content.questions[0])
    assert "Approved quantity" not in q1  # shown only for "modify"
    assert "Information needed before a decision" not in q1
    printed = [
        item.value for q in content.questions for part in q.parts for item in part.items if isinstance(item, TextItem)
    ]
    for raw in ("partially_related", "non_certify", "True", "svc1", "q1."):
        assert not any(raw in value for value in printed), raw
    # The recommendation section has only its answered field.
    recommendation = next(s for s in content.sections_after if s.title == "Recommendation")
    assert [i.label for i in recommendation.items] == ["IME recommended"]


def test_the_peer_review_determinations_table(folder: DataFolder) -> None:
    content = build_report_content(folder, PEER_REVIEW, draft=True, report_date=DAY)
    first, second = content.determinations
    assert first.determination == "Certify" and first.approved == ""
    assert (
        first.requested.startswith("Lumbar epidural steroid injection")
        and "(CPT 62323), 1 injection" in first.requested
    )
    assert first.guideline == "MTUS/ACOEM, 2024 edition — Low Back Disorders: Epidural steroid injections"
    assert second.determination == "Modify"
    assert second.approved == "6 visits, 2 visits a week, for 3 weeks"
    assert second.guideline == "ODG, 2026 edition — Low Back: Physical therapy"
    assert second.question_number == 2


def test_the_california_declaration_with_county_and_date(folder: DataFolder) -> None:
    content = build_report_content(folder, PEER_REVIEW, draft=False, report_date=DAY)
    attestation = content.attestation
    (declaration,) = attestation.declarations
    assert declaration.title == "California workers' compensation"
    assert declaration.text.startswith("I declare under penalty of perjury under the laws of the State of California")
    assert attestation.place_and_date == "Executed on December 2, 2026 in Los Angeles County, California."
    assert any("21 documents" in s and "pages received" in s for s in attestation.statements)
    assert any(PHYSICIAN in s and "CA A123456" in s for s in attestation.statements)
    labels = [i.label for i in attestation.items]
    # The yes confirming the declaration is the declaration itself: not printed a second time.
    assert "No violation of Labor Code 139.3" not in labels and "County where signed" not in labels


def test_the_ime_combines_impairments_and_names_the_strength_level(folder: DataFolder) -> None:
    content = build_report_content(folder, IME, draft=True, report_date=DAY)
    impairment = _items(content.questions[3])
    assert _text(content, 4, "Combined whole-person impairment") == "28%"  # 20% and 10%
    ratings = impairment["Ratings"]
    assert isinstance(ratings, TableItem) and ratings.columns[-1] == "Whole person (%)"
    assert _text(content, 5, "DOT strength level").startswith("Light:")
    assert _text(content, 5, "Lift/carry occasionally") == "20 lb"
    diagnoses = _items(content.questions[0])["Diagnoses"]
    assert isinstance(diagnoses, TableItem)
    assert diagnoses.rows[0] == ("M54.16", "Lumbar radiculopathy, left L5", "Yes")
    examination = next(s for s in content.sections_before if s.title == "Examination")
    motion = next(i for i in examination.items if i.label == "Range of motion")
    assert isinstance(motion, TableItem)
    assert motion.columns == ("Joint or region", "Motion", "Measured (degrees)", "Normal (degrees)")
    deficits = next(i for i in examination.items if i.label == "Range of motion deficits")
    assert isinstance(deficits, TextItem)
    assert deficits.value.splitlines() == [
        "Lumbar spine flexion (normal 60°): 40° (deficit 20°, 33%)",
        "Lumbar spine extension (normal 25°): 15° (deficit 10°, 40%)",
    ]
    waddell = next(i for i in examination.items if i.label == "Waddell signs present")
    assert isinstance(waddell, TextItem) and waddell.value == "Over-reaction"
    assert waddell.note.startswith("1 of 5 signs present") and "never proof of malingering" in waddell.note


def test_identification_letterhead_and_key_pages(folder: DataFolder) -> None:
    content = build_report_content(folder, PEER_REVIEW, draft=True, report_date=DAY)
    ident = {row.label: row.value for row in content.identification}
    assert ident["Claimant"] == "Marisol Ortega" == content.claimant_name
    assert ident["Claim number"] == "WC-26-104387" == content.claim_number
    assert ident["Date of injury"] == "03/16/2026"
    assert ident["Jurisdiction"] == "CA" and ident["Line of business"] == "Workers' comp"
    assert ident["Referred by"] == "Example Review Services, reference PR-2026-004512"
    assert content.letterhead.name_line == f"{PHYSICIAN}, MD"
    assert content.form_key == "peer_review@2"
    (key,) = content.key_pages
    assert key.page.reference == "Rec. 9, p. 2" and key.page.note == "MRI impression"
    assert key.page.quote.startswith("Left paracentral protrusion")


def test_an_addendum_names_the_original_and_the_new_records(folder: DataFolder) -> None:
    original = OriginalReportRef(
        signed_on=dt.date(2026, 11, 28),
        sha256="ab" * 32,
        new_records=("records/09-mri-lumbar-2026-04-24.pdf", "Fax from Dr. Okafor, 12/01/2026"),
    )
    content = build_report_content(folder, PEER_REVIEW, draft=True, report_date=DAY, addendum_of=original)
    assert content.title == "Addendum to the peer review report"
    assert content.addendum_new_records == (
        "Rec. 9 — MRI lumbar spine without contrast",
        "Fax from Dr. Okafor, 12/01/2026",
    )


def test_the_report_date_defaults_to_the_folder_s_clock(folder: DataFolder) -> None:
    fixed = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
    clock = folder.clock
    folder.clock = lambda: fixed
    try:
        content = build_report_content(folder, IME, draft=True)
    finally:
        folder.clock = clock
    assert content.report_date == dt.date(2026, 12, 3)


def test_a_signature_image_is_read_from_the_profile(folder: DataFolder, tmp_path: Path) -> None:
    from PIL import Image

    from reviewer_app.services.profile import update_profile

    image = tmp_path / "signature.png"
    Image.new("L", (300, 90), 255).save(image)  # set profiles take only a real PNG or JPEG
    update_profile(folder, {"signature_image": str(image)})
    try:
        content = build_report_content(folder, IME, draft=False, report_date=DAY)
    finally:
        update_profile(folder, {"signature_image": ""})
    assert content.signature.image_png == image.read_bytes()
    assert content.signature.licences == ("CA A123456",)
