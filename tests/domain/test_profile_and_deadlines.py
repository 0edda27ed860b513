from __future__ import annotations

import datetime as dt

import pytest

from reviewer_app.domain.deadlines import Urgency, due_status
from reviewer_app.domain.errors import InvalidInput
from reviewer_app.domain.profile import PhysicianProfile, is_valid_npi, profile_from_json

NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("due", "text", "urgency"),
    [
        (NOW + dt.timedelta(hours=5, minutes=10), "due in 5 h", Urgency.DUE_TODAY),
        (NOW + dt.timedelta(days=2, hours=1), "due in 2 days", Urgency.SOON),
        (NOW + dt.timedelta(days=9), "due in 9 days", Urgency.LATER),
        (NOW - dt.timedelta(days=2, hours=3), "2 days overdue", Urgency.OVERDUE),
        (NOW - dt.timedelta(minutes=20), "20 min overdue", Urgency.OVERDUE),
    ],
)
def test_due_chip_says_time_left_in_words(due: dt.datetime, text: str, urgency: Urgency) -> None:
    status = due_status(due, NOW)
    assert (status.text, status.urgency) == (text, urgency)


def test_no_due_date() -> None:
    assert due_status(None, NOW).urgency is Urgency.NONE


def test_npi_check_digit() -> None:
    assert is_valid_npi("1234567893")
    assert not is_valid_npi("1234567890")
    assert not is_valid_npi("12345")


def test_profile_round_trips_through_json() -> None:
    document = {
        "name": "Dr. Łukasz Dvořák-Nguyễn",
        "credentials": "MD, MPH",
        "specialties": ["Physical Medicine and Rehabilitation"],
        "licenses": [{"state": "ca", "number": "A123456", "expires": "2027-06-30"}],
        "npi": "1234567893",
    }
    profile = profile_from_json(document)
    assert profile.licenses[0].state == "CA"
    assert profile_from_json(profile.to_json()) == profile


def test_invalid_profile_values_are_all_named() -> None:
    with pytest.raises(InvalidInput) as caught:
        profile_from_json(
            {"npi": "123", "email": "not-an-address", "licenses": [{"state": "California", "number": "1"}], "age": 3},
            base=PhysicianProfile(),
        )
    text = str(caught.value)
    for key in ("npi", "email", "licenses[0].state", "age"):
        assert key in text


def test_hidden_duplicates_are_whole_documents_of_later_copies() -> None:
    from reviewer_app.domain.review import later_copies, records_wholly_copied

    groups = [[(1, 0), (3, 0)], [(1, 1), (3, 1)], [(2, 0), (3, 2)]]
    assert later_copies(groups) == {(3, 0), (3, 1), (3, 2)}
    assert records_wholly_copied({1: 2, 2: 1, 3: 3}, groups) == {3}
    assert records_wholly_copied({1: 2, 2: 1, 3: 4}, groups) == set(), "one page of its own keeps it shown"
