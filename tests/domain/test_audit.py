"""The audit chain on its own: every event altered, removed or moved is named; an intact chain is silent."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import pytest

from reviewer_app.domain.audit import (
    GENESIS,
    AuditEvent,
    AuditKind,
    ChainFault,
    check_details,
    next_event,
    page_ranges,
    parse_page_ranges,
    verify_chain,
)

PACIFIC = dt.timezone(dt.timedelta(hours=-8))
START = dt.datetime(2026, 11, 27, 9, 0, tzinfo=PACIFIC)


def chain(length: int = 5) -> list[AuditEvent]:
    events: list[AuditEvent] = []
    steps = [
        (AuditKind.CASE_IMPORTED, {"bundle_sha256": "a" * 64, "bundle_hashed": "zip", "records": 3, "version": 1}),
        (AuditKind.RECORD_OPENED, {"record_id": 1}),
        (AuditKind.FINDING_CHANGED, {"field_id": "q1.determination", "change": "set"}),
        (AuditKind.FINDING_CHANGED, {"field_id": "q1.rationale", "change": "set"}),
        (AuditKind.REPORT_SIGNED, {"sha256": "b" * 64, "report": "Report"}),
        (AuditKind.RETURN_EXPORTED, {"sha256": "c" * 64}),
    ]
    for minute, (kind, details) in enumerate(steps[:length]):
        events.append(
            next_event(events[-1] if events else None, 7, START + dt.timedelta(minutes=minute), kind, details)
        )
    return events


def faults(events: list[AuditEvent]) -> list[tuple[int, ChainFault]]:
    return [(p.sequence, p.fault) for p in verify_chain(events)]


def test_an_untouched_chain_verifies() -> None:
    events = chain()
    assert [e.sequence for e in events] == [1, 2, 3, 4, 5]
    assert events[0].previous_hash == GENESIS
    assert all(later.previous_hash == earlier.hash for earlier, later in itertools.pairwise(events))
    assert verify_chain(events) == []
    assert verify_chain([]) == []


def test_each_part_of_an_event_is_covered_by_its_hash() -> None:
    event = chain(1)[0]
    changes = {
        "case_id": 8,
        "at": event.at + dt.timedelta(seconds=1),
        "kind": AuditKind.RECORDS_ADDED,
        "details": {**event.details, "records": 4},
        "previous_hash": "1" * 64,
    }
    for name, value in changes.items():
        assert not dataclasses.replace(event, **{name: value}).intact, name


def test_an_altered_event_is_named_with_its_kind_and_time() -> None:
    events = chain()
    events[2] = dataclasses.replace(events[2], details={"field_id": "q2.determination", "change": "set"})
    problems = verify_chain(events)
    assert [(p.sequence, p.fault, p.kind) for p in problems] == [(3, ChainFault.ALTERED, AuditKind.FINDING_CHANGED)]
    assert "event #3 (finding changed, 2026-11-27T09:02:00-08:00)" in problems[0].message


def test_a_removed_event_is_named_by_its_number() -> None:
    events = chain()
    del events[2]
    problems = verify_chain(events)
    assert [(p.sequence, p.fault) for p in problems] == [(3, ChainFault.REMOVED)]
    assert "event #3 was removed" in problems[0].message and "event #4" in problems[0].message


def test_a_removed_first_event_is_found() -> None:
    assert faults(chain()[1:]) == [(1, ChainFault.REMOVED)]


def test_two_events_swapped_are_both_named_as_reordered() -> None:
    events = chain()
    second, fourth = events[1], events[3]
    events[1] = dataclasses.replace(fourth, sequence=2)
    events[3] = dataclasses.replace(second, sequence=4)
    problems = verify_chain(events)
    assert [(p.sequence, p.fault, p.kind) for p in problems] == [
        (2, ChainFault.REORDERED, AuditKind.FINDING_CHANGED),
        (4, ChainFault.REORDERED, AuditKind.RECORD_OPENED),
    ]
    assert "written as event #4" in problems[0].message


def test_a_removal_hidden_by_renumbering_the_later_events_is_still_found() -> None:
    events = chain(6)
    del events[2]
    events[2:] = [dataclasses.replace(e, sequence=e.sequence - 1) for e in events[2:]]
    assert faults(events) == [
        (3, ChainFault.REMOVED),
        (3, ChainFault.REORDERED),
        (4, ChainFault.REORDERED),
        (5, ChainFault.REORDERED),
    ]


def test_an_event_rewritten_with_a_fresh_hash_is_betrayed_by_the_next() -> None:
    events = chain()
    old = events[1]
    forged = next_event(events[0], 7, old.at, AuditKind.RECORD_OPENED, {"record_id": 2})
    events[1] = forged
    problems = verify_chain(events)
    assert [(p.sequence, p.fault) for p in problems] == [(2, ChainFault.ALTERED)]
    assert "rewritten" in problems[0].message


def test_details_refuse_anything_that_could_carry_patient_data() -> None:
    check_details({"field_id": "q1.rationale", "change": "set", "records": [{"record_id": 1, "pages": 2}]})
    for bad in (
        {"value": "Patient improved"},
        {"claimant": "Jane Roe"},
        {"date_of_birth": "1978-03-14"},
        {"records": [{"title": "Dr. Smith's note"}]},
        {"records": 2.5},
    ):
        with pytest.raises(ValueError):
            check_details(bad)


def test_an_event_needs_an_aware_time() -> None:
    with pytest.raises(ValueError):
        next_event(None, 1, dt.datetime(2026, 11, 27, 9, 0), AuditKind.RECORD_OPENED, {"record_id": 1})


def test_page_numbers_are_kept_as_ranges() -> None:
    assert page_ranges([7, 1, 2, 3, 9, 10]) == "1-3, 7, 9-10"
    assert parse_page_ranges("1-3, 7, 9-10") == {1, 2, 3, 7, 9, 10}
    assert page_ranges([]) == "" and parse_page_ranges("") == set()


def test_events_are_described_in_words_without_finding_text() -> None:
    events = chain()
    assert events[0].kind.label == "Case imported"
    assert "3 record(s)" in events[0].description and "a" * 64 in events[0].description
    assert events[2].description == "q1.determination set"
    assert events[4].description.startswith("Report; SHA-256 ")
