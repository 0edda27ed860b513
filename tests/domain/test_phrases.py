"""Phrases filled from the case, the guideline citations they cite, and the libraries as stored."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewer_app.domain.case import CaseDetails, Claimant, PersonName, Service, Vendor
from reviewer_app.domain.errors import InvalidInput
from reviewer_app.domain.phrases import (
    DEFAULT_GUIDELINES,
    DEFAULT_PHRASES,
    GuidelineCitation,
    Phrase,
    case_values,
    check_guideline,
    fill_placeholders,
    guidelines_from_json,
    guidelines_to_json,
    phrases_from_json,
    phrases_to_json,
    placeholders_of,
    unfilled,
)

CASE = CaseDetails(
    reference="IME-1",
    vendor=Vendor("Example Review Services"),
    service=Service.IME,
    claimant=Claimant(
        PersonName("Ana", "Ruiz"),
        date_of_birth=dt.date(1980, 6, 15),
        sex="female",
        claim_number="WC-1",
        date_of_injury=dt.date(2026, 3, 16),
        employer="Acme Storage",
    ),
    jurisdiction="CA",
    claim={"body_parts": ["lumbar spine", "left knee"]},
    exam={"scheduled_at": "2026-12-01T09:30:00-08:00"},
)


def test_a_phrase_is_filled_with_the_claimants_details() -> None:
    values = case_values(CASE, today=dt.date(2026, 6, 14))
    text = fill_placeholders("{title} ({age}) injured the {body_part} on {date_of_injury} at {employer}.", values)
    assert text == "Ms. Ruiz (45) injured the lumbar spine and left knee on 2026-03-16 at Acme Storage."
    assert fill_placeholders("Seen on {exam_date}, claim {claim_number}.", values) == "Seen on 2026-12-01, claim WC-1."


def test_unknown_or_missing_placeholders_stay_visible() -> None:
    bare = CaseDetails("PR-2", Vendor("V"), Service.PEER_REVIEW, Claimant(PersonName("Li", "Wei")))
    values = case_values(bare)
    text = "{claimant} injured on {date_of_injury}; {favourite_colour} {not closed"
    assert fill_placeholders(text, values) == "Li Wei injured on {date_of_injury}; {favourite_colour} {not closed"
    assert unfilled(text, values) == ["date_of_injury", "favourite_colour"]
    assert placeholders_of("{a} {b} {a}") == ["a", "b"]


def test_every_default_phrase_fills_from_a_complete_case() -> None:
    values = case_values(CASE, today=dt.date(2026, 6, 14))
    for phrase in DEFAULT_PHRASES:
        assert unfilled(phrase.text, values) == [], phrase.title


def test_a_guideline_citation_is_a_valid_guideline_answer() -> None:
    for citation in DEFAULT_GUIDELINES:
        assert check_guideline(citation) is None, citation
    policy = GuidelineCitation("plan policy", "4.2 Lumbar fusion", name="Acme Health spine policy")
    assert policy.answer() == {
        "source": "plan policy",
        "section": "4.2 Lumbar fusion",
        "name": "Acme Health spine policy",
    }
    assert check_guideline(GuidelineCitation("plan policy", "4.2")) is not None  # the policy needs its name
    assert "not a guideline source" in (check_guideline(GuidelineCitation("Google", "x")) or "")


def test_libraries_round_trip_and_bad_entries_are_named() -> None:
    phrases = [Phrase("Intro", "{claimant} was seen."), Phrase("Close", "Thank you.")]
    assert phrases_from_json(phrases_to_json(phrases)) == phrases
    citations = list(DEFAULT_GUIDELINES)
    assert guidelines_from_json(guidelines_to_json(citations)) == citations
    with pytest.raises(InvalidInput) as caught:
        phrases_from_json({"phrases": [{"title": "ok", "text": "fine"}, {"title": "", "text": "x"}, "nope"]})
    assert caught.value.problems == ["phrases[1]: a phrase needs a title", "phrases[2]: needs a text title and a text"]
    with pytest.raises(InvalidInput):
        guidelines_from_json({"guidelines": [{"source": "ODG"}]})  # no section
