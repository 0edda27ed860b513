"""Conflicts of interest: one person however written, one group however spelled, no alarm on a surname alone."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewer_app.domain.case import (
    Case,
    CaseDetails,
    CaseStatus,
    CaseWarning,
    Claimant,
    PersonName,
    RequestedService,
    Service,
    Vendor,
)
from reviewer_app.domain.conflicts import (
    TextSearch,
    conflict_items,
    conflict_of_warning,
    manifest_conflicts,
    matches,
    read_conflict,
)


@pytest.mark.parametrize("written", ["Dr. A. Chu", "Alan Chu, MD", "CHU, ALAN", "Dr. Alan Chu", "alan chu"])
def test_a_physician_written_any_way_is_the_conflict(written: str) -> None:
    assert matches(read_conflict("Alan Chu, MD"), written)


@pytest.mark.parametrize("written", ["Dr. Chu", "CHU", "Andrew Chu, MD", "Betty Chu", "Chu Imaging Center"])
def test_a_common_surname_alone_or_another_person_raises_no_alarm(written: str) -> None:
    assert not matches(read_conflict("Alan Chu, MD"), written)


@pytest.mark.parametrize(
    "written",
    ["Coast Orthopaedics & Spine, Inc.", "COAST ORTHOPEDICS", "Coast Orthopedic Group", "Coast Orthopedics, P.C."],
)
def test_an_organisation_spelled_another_way_is_the_conflict(written: str) -> None:
    assert matches(read_conflict("Coast Orthopedics"), written)


@pytest.mark.parametrize("written", ["Coast Imaging", "Pacific Orthopedics", "Coast", "Orthopedic Surgery"])
def test_an_organisation_sharing_one_word_is_not(written: str) -> None:
    assert not matches(read_conflict("Coast Orthopedics"), written)


def test_a_conflict_of_only_generic_words_or_a_bare_surname_is_never_matched() -> None:
    # "Medical Center" or "Smith" would match half the records: they are not usable as written.
    assert not read_conflict("Medical Center").usable
    assert not read_conflict("Smith").usable


def _details() -> CaseDetails:
    return CaseDetails(
        reference="PR-1",
        vendor=Vendor("Example Review Services"),
        service=Service.PEER_REVIEW,
        claimant=Claimant(PersonName("Maria", "Lopez"), employer="Acme Logistics"),
        parties={
            "treating_providers": [
                {"name": "Dr. Ravi Raman", "specialty": "Neurology", "facility": "Coast Orthopaedics & Spine, Inc."}
            ],
            "insurer": "Example Mutual Insurance",
            "adjuster": "J. Smith",
            "attorneys": [{"name": "Dana Whitfield", "role": "applicant", "firm": "Whitfield & Ross LLP"}],
        },
        requested_services=(RequestedService("svc1", "Lumbar ESI", requested_by="CHU, ALAN"),),
    )


def test_the_manifest_names_the_key_each_conflict_was_found_under() -> None:
    found = manifest_conflicts(["Coast Orthopedics", "Alan Chu, MD", "Acme Logistics", "John Smith"], _details())
    where = {(m.conflict, m.where) for m in found}
    assert where == {
        ("Coast Orthopedics", "the manifest (parties.treating_providers[0].facility)"),
        ("Alan Chu, MD", "the manifest (requested_services[0].requested_by)"),
        ("Acme Logistics", "the manifest (claimant.employer)"),
        # The adjuster "J. Smith" may be John Smith: an initial and the family name is a warning to check.
        ("John Smith", "the manifest (parties.adjuster)"),
    }
    assert all(conflict_of_warning(m.warning) == m.conflict for m in found)


def test_record_text_is_searched_whole_word_any_case_and_through_scan_slips() -> None:
    search = TextSearch(["Coast Orthopedics", "Alan Chu, MD"])
    page = "C0AST 0RTHOPAEDICS & SPINE\nFollow-up visit\nElectronically signed by CHU, ALAN MD on 3/18/26"
    found = search.page(page, "records/notes.pdf", 4)
    assert {(m.conflict, m.where) for m in found} == {
        ("Coast Orthopedics", "records/notes.pdf, page 4"),
        ("Alan Chu, MD", "records/notes.pdf, page 4"),
    }
    # "Dr. Chu" alone, "Coast Imaging" and a word inside another ("Chung", "Coastal") are not mentions.
    assert search.page("Dr. Chu agreed. Coast Imaging. Seen by Dr. Chung at Coastal Orthopedics.", "r", 1) == []


def test_the_signing_item_blocks_until_acknowledged_and_ends_when_the_profile_drops_it() -> None:
    match = manifest_conflicts(["Acme Logistics"], _details())[0]
    case = Case(
        1, _details(), CaseStatus.NEW, dt.datetime(2026, 12, 1, tzinfo=dt.UTC), warnings=(CaseWarning(match.warning),)
    )
    items = conflict_items(case, ["Acme Logistics"], [])
    assert [(i.text, i.blocking) for i in items] == [
        ('Conflict of interest with "Acme Logistics": acknowledge it with a reason, or decline the case', True)
    ]
    assert conflict_items(case, ["Acme Logistics"], ["Acme Logistics"]) == []
    assert conflict_items(case, [], []) == []


def test_a_letterhead_naming_the_group_shorter_is_the_conflict_but_a_sentence_needs_every_word() -> None:
    search = TextSearch(["Harbor Imaging Center"])
    assert [m.found for m in search.page("HARBOR IMAGING\nMRI LUMBAR SPINE", "r", 1)] == ["HARBOR IMAGING"]
    sentence = "The patient was referred for an MRI, which was done at Harbor Imaging on the following Tuesday."
    assert search.page(sentence, "r", 1) == []
    assert search.page("HARBOR FREIGHT", "r", 1) == []
