"""The IME that follows a peer review shows the peer review's recommendation."""

from __future__ import annotations

from reviewer_app.domain.handoff import OpenQuestion, handoff_from_answers
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.findings import set_answers
from reviewer_app.services.handoff import peer_review_handoff

RECOMMENDATION = {
    "recommendation.ime_needed": True,
    "recommendation.open_questions": [
        {"question": "Is there a radiculopathy?", "reason": "The records give no neurological examination."},
    ],
    "recommendation.exam_focus": "Lower-extremity neurological examination, straight leg raise.",
    "recommendation.records_to_request": "EMG of 2026-08",
    "recommendation.specialty_to_match": "Physical Medicine and Rehabilitation",
}


def test_the_ime_shows_what_the_peer_review_it_follows_recommended(data_folder: DataFolder) -> None:
    ensure_demo_cases(data_folder)
    peer_review = find_case(data_folder, "PR-2026-004512")
    ime = find_case(data_folder, "IME-2026-000871")
    assert peer_review_handoff(data_folder, ime) is None  # nothing recommended yet
    set_answers(data_folder, peer_review, RECOMMENDATION)

    handoff = peer_review_handoff(data_folder, ime)
    assert handoff is not None
    assert handoff.reference == "PR-2026-004512"
    assert handoff.ime_needed is True
    assert handoff.open_questions == (
        OpenQuestion("Is there a radiculopathy?", "The records give no neurological examination."),
    )
    assert handoff.exam_focus.startswith("Lower-extremity")
    assert handoff.records_to_request == "EMG of 2026-08"
    assert handoff.specialty_to_match == "Physical Medicine and Rehabilitation"
    assert peer_review_handoff(data_folder, peer_review) is None  # a peer review follows nothing


def test_rows_without_a_question_are_left_out() -> None:
    handoff = handoff_from_answers("PR-1", {"recommendation.open_questions": [{"reason": "x"}, "junk"]})
    assert handoff.open_questions == ()
    assert handoff.empty
