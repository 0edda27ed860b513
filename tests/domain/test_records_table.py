"""domain.records_table: the chronology as the report's table of records reviewed."""

from __future__ import annotations

import datetime as dt

from reviewer_app.domain.chronology import ChronologyEntry
from reviewer_app.domain.records_table import chronology_rows


def entry(record_id: int, first: int, last: int, day: dt.date | None, **changes: object) -> ChronologyEntry:
    values: dict[str, object] = {"type": "office_visit", "provider": "Alan Chu", "facility": None, "confidence": 0.9}
    values.update(changes)
    return ChronologyEntry(record_id, f"records/{record_id}.pdf", first, last, day, None, **values)  # type: ignore[arg-type]


def test_a_document_received_twice_is_one_visit_its_copy_named_on_its_line() -> None:
    entries = [
        entry(10, 1, 2, dt.date(2026, 3, 16)),  # the clinic's chart
        entry(20, 5, 6, dt.date(2026, 3, 16)),  # the same two pages faxed again by the attorney
        entry(10, 3, 3, dt.date(2026, 4, 2)),
    ]
    groups = [[(10, 0), (20, 4)], [(10, 1), (20, 5)]]
    rows = chronology_rows(entries, {10: 1, 20: 2}, groups)
    assert [(r.date, r.pages, r.copies) for r in rows] == [
        ("Mar 16, 2026", "Rec. 1, p. 1-2", ("Rec. 2, p. 5-6",)),
        ("Apr 2, 2026", "Rec. 1, p. 3", ()),
    ]


def test_low_confidence_is_marked_to_verify_and_undated_entries_come_as_undated() -> None:
    entries = [
        entry(1, 1, 1, dt.date(2026, 3, 16), confidence=0.3),
        entry(1, 2, 2, dt.date(2026, 3, 17), confidence=0.3, source="corrected", summary="Checked"),
        entry(1, 3, 4, None, type="utilization_review", provider=None),
    ]
    rows = chronology_rows(entries, {1: 3})
    assert [(r.date, r.unsure) for r in rows] == [("Mar 16, 2026", True), ("Mar 17, 2026", False), ("undated", False)]
    assert rows[1].summary == "Checked"
    assert rows[2].type == "Utilization review" and rows[2].provider == "not named in the record"
    assert rows[2].pages == "Rec. 3, p. 3-4"
