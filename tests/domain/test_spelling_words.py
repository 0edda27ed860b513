"""Which stretches of a rationale spell check looks at, and the case's own words it never flags."""

from __future__ import annotations

from reviewer_app.domain.case import CaseDetails, Claimant, PersonName, RequestedService, Service, Vendor
from reviewer_app.domain.spelling import case_words, words_to_check


def test_levels_doses_and_capital_abbreviations_are_not_words_to_check() -> None:
    line = "MRI of L4-5 and C5-6; gabapentin 300mg 2x daily, patient's non-tender paraspinals, ODG."
    assert [w.text for w in words_to_check(line)] == [
        "of", "and", "gabapentin", "daily", "patient's", "non", "tender", "paraspinals",
    ]  # fmt: skip


def test_a_word_knows_where_it_is_in_its_line() -> None:
    line = "Seen by Dr. Chu"
    for word in words_to_check(line):
        assert line[word.start : word.end] == word.text


def test_the_case_names_claimant_employer_providers_facilities_diagnoses_and_body_parts() -> None:
    details = CaseDetails(
        reference="PR-1",
        vendor=Vendor("Northwind Review"),
        service=Service.PEER_REVIEW,
        claimant=Claimant(PersonName("Łukasz", "Dvořák-Nguyễn"), employer="Acme Tooling"),
        requested_services=(RequestedService("svc1", "Kyphoplasty T12"),),
        claim={"diagnoses": [{"code": "M54.16", "description": "Radiculopathy, lumbar"}], "body_parts": ["sacrum"]},
        parties={"treating_provider": {"name": "Dr. Anneliese Okonkwo", "facility": "Brightwater Spine"}},
    )
    words = case_words(details)
    for word in ("Łukasz", "Dvořák", "Nguyễn", "Acme", "Kyphoplasty", "Okonkwo", "Brightwater", "sacrum"):
        assert word in words
