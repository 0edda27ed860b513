"""The treatment timeline: lanes, marks, the injury, requested services, gaps in care, undated and early entries."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewer_app.domain.case import RequestedService
from reviewer_app.domain.chronology import ChronologyEntry
from reviewer_app.domain.timeline import (
    LANES_BY_TYPE,
    NO_PROVIDER,
    build_timeline,
    mark_words,
)
from reviewer_app.domain.timeline_axis import axis_ticks, choose_step

D = dt.date


def entry(
    day: dt.date | None,
    kind: str = "office_visit",
    provider: str | None = "Alan Chu, MD",
    until: dt.date | None = None,
    page: int = 1,
    facility: str | None = None,
) -> ChronologyEntry:
    return ChronologyEntry(1, "records/a.pdf", page, page, day, until, kind, provider, facility, 0.9)


def test_one_lane_per_provider_in_order_of_first_visit() -> None:
    timeline = build_timeline(
        [
            entry(D(2026, 3, 1), provider="Bayside PT"),
            entry(D(2026, 1, 5)),
            entry(D(2026, 2, 1), provider=None, facility="Mercy Hospital"),
            entry(D(2026, 2, 3), provider=None),
            entry(D(2026, 4, 1)),
        ]
    )
    assert [lane.label for lane in timeline.lanes] == ["Alan Chu, MD", "Mercy Hospital", NO_PROVIDER, "Bayside PT"]
    assert [lane.marks for lane in timeline.lanes] == [2, 1, 1, 1]
    assert [m.start for m in timeline.marks] == sorted(m.start for m in timeline.marks)


def test_lanes_by_type_follow_the_contracts_order_in_words() -> None:
    timeline = build_timeline(
        [entry(D(2026, 1, 1), "therapy"), entry(D(2026, 1, 2), "ime_or_peer_review"), entry(D(2026, 1, 3), "imaging")],
        lanes_by=LANES_BY_TYPE,
    )
    assert [lane.label for lane in timeline.lanes] == ["Imaging", "Therapy", "IME or peer review"]


def test_an_admission_is_a_span_and_covers_its_stay() -> None:
    stay = entry(D(2026, 1, 1), "hospital", until=D(2026, 2, 20))
    timeline = build_timeline([stay, entry(D(2026, 3, 1))], gap_days=30)
    assert timeline.marks[0].is_span and timeline.marks[0].end == D(2026, 2, 20)
    assert timeline.gaps == ()  # 59 days from admission to visit, but only 9 from discharge
    assert timeline.last == D(2026, 3, 1)


def test_gaps_longer_than_the_setting_between_treatment_encounters() -> None:
    timeline = build_timeline(
        [
            entry(D(2026, 1, 1)),
            entry(D(2026, 1, 31)),  # 30 days: not longer than 30
            entry(D(2026, 3, 15), "therapy"),  # 43 days
            entry(D(2026, 6, 1), "imaging"),  # 78 days
        ]
    )
    assert [(g.start, g.end, g.days) for g in timeline.gaps] == [
        (D(2026, 1, 31), D(2026, 3, 15), 43),
        (D(2026, 3, 15), D(2026, 6, 1), 78),
    ]
    assert "43 days without care: 01/31/2026 to 03/15/2026" in timeline.gaps[0].describe()
    assert [g.days for g in build_timeline([m.entry for m in timeline.marks], gap_days=60).gaps] == [78]


def test_papers_are_not_care_and_do_not_close_a_gap() -> None:
    papers = ["bill", "claim_form", "legal", "correspondence", "utilization_review", "ime_or_peer_review"]
    entries = [entry(D(2026, 1, 1))] + [entry(D(2026, 1, 10 + i), kind) for i, kind in enumerate(papers)]
    entries += [entry(D(2026, 1, 25), "work_status"), entry(D(2026, 1, 26), "pharmacy"), entry(D(2026, 4, 1))]
    timeline = build_timeline(entries)
    assert [(g.start, g.end) for g in timeline.gaps] == [(D(2026, 1, 1), D(2026, 4, 1))]
    assert not any(m.care for m in timeline.marks if m.entry.type in papers)


def test_the_first_gap_runs_from_the_injury_and_history_before_it_is_not_a_gap() -> None:
    injury = D(2026, 1, 10)
    timeline = build_timeline(
        [entry(D(2024, 5, 1)), entry(D(2025, 3, 1)), entry(D(2026, 3, 1)), entry(D(2026, 3, 20))], injury
    )
    assert [(g.start, g.end, g.from_injury) for g in timeline.gaps] == [(injury, D(2026, 3, 1), True)]
    assert "after the injury" in timeline.gaps[0].describe()


def test_entries_before_the_injury_are_flagged_and_said_in_words() -> None:
    surgery = entry(D(2025, 12, 1), "procedure", provider="Dr. Reyes")
    timeline = build_timeline([surgery, entry(D(2026, 1, 15))], injury=D(2026, 1, 10))
    assert [m.entry for m in timeline.before_injury] == [surgery]
    assert "before the injury" in mark_words(timeline.marks[0])
    assert "before the injury" not in mark_words(timeline.marks[1])
    assert timeline.first == D(2025, 12, 1)


def test_undated_entries_are_listed_apart_and_never_placed() -> None:
    undated = entry(None, page=7)
    timeline = build_timeline([undated, entry(D(2026, 2, 2))])
    assert timeline.undated == (undated,)
    assert [m.entry.first_page for m in timeline.marks] == [1]


def test_requested_services_are_placed_at_their_request_date_or_listed_apart() -> None:
    services = [
        RequestedService("svc1", "Lumbar MRI", requested_on=D(2026, 5, 2)),
        RequestedService("svc2", "Physical therapy x12"),
    ]
    timeline = build_timeline([entry(D(2026, 1, 1))], D(2025, 12, 20), services)
    assert [(s.key, s.on) for s in timeline.services] == [("svc1", D(2026, 5, 2))]
    assert [s.key for s in timeline.undated_services] == ["svc2"]
    assert (timeline.first, timeline.last) == (D(2025, 12, 20), D(2026, 5, 2))


def test_a_timeline_of_nothing_has_no_span() -> None:
    timeline = build_timeline([])
    assert timeline.first is None and timeline.marks == () and timeline.gaps == ()


def test_an_unknown_lane_choice_is_refused() -> None:
    with pytest.raises(ValueError):
        build_timeline([], lanes_by="facility")


def test_mark_words_carry_date_type_provider_pages_and_summary() -> None:
    e = ChronologyEntry(1, "records/a.pdf", 3, 5, D(2026, 3, 16), None, "therapy", "Bayside PT", None, 0.3, "Eval")
    words = mark_words(build_timeline([e]).marks[0])
    assert words.startswith("03/16/2026 · Therapy · Bayside PT · records/a.pdf, pages 3-5 · Eval")
    assert "low confidence" in words


def test_the_axis_step_adapts_to_the_zoom() -> None:
    assert choose_step(20, 64) == "week"
    assert choose_step(3, 64) == "month"
    assert choose_step(0.2, 64) == "year"
    assert choose_step(0.02, 64) == "5 years"
    months = axis_ticks(D(2025, 11, 15), D(2026, 2, 10), 3)
    assert [t.label for t in months] == ["Nov 2025", "Dec", "Jan 2026", "Feb"]
    assert [t.major for t in months] == [False, False, True, False]
    years = axis_ticks(D(2019, 6, 1), D(2026, 2, 1), 0.2)
    assert [t.label for t in years] == [str(y) for y in range(2019, 2027)]
    weeks = axis_ticks(D(2026, 3, 4), D(2026, 3, 20), 20)
    assert [t.day.weekday() for t in weeks] == [0, 0, 0]
    assert weeks[0].label == "Mar 2 2026" and weeks[1].label == "Mar 9"
