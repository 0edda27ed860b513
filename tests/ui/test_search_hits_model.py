"""Every hit reachable: 300 hits in three documents, counted at once, loaded as they are shown, the last one reached."""

from __future__ import annotations

from typing import Any

from PySide6.QtTest import QAbstractItemModelTester

from reviewer_app.domain.review import SearchHit
from reviewer_app.ui.search_hits import FETCH_SIZE, SearchHitsModel

DOCUMENTS = [(1, "Hospital chart", 250), (2, "Clinic notes", 20), (3, "Pharmacy", 30)]


class Hits:
    """A search of 300 hits in page order, counting how many it was asked for."""

    def __init__(self) -> None:
        self.hits = [
            SearchHit(record_id, f"records/{record_id}.pdf", title, page, f"…[[tramadol]] {page}…", False)
            for record_id, title, count in DOCUMENTS
            for page in range(count)
        ]
        self.asked: list[tuple[int, int]] = []

    def __call__(self, offset: int, limit: int) -> list[SearchHit]:
        self.asked.append((offset, limit))
        return self.hits[offset : offset + limit]


def test_the_documents_and_their_counts_show_before_any_hit_is_fetched(qtbot: Any) -> None:
    fetch = Hits()
    model = SearchHitsModel(DOCUMENTS, fetch)
    assert model.total == 300 and model.document_count() == 3
    assert [model.data(model.index(row, 0)) for row in range(3)] == [
        "Hospital chart — 250 hits",
        "Clinic notes — 20 hits",
        "Pharmacy — 30 hits",
    ]
    assert fetch.asked == []


def test_hits_load_a_block_at_a_time_and_the_last_is_reached(qtbot: Any) -> None:
    fetch = Hits()
    model = SearchHitsModel(DOCUMENTS, fetch)
    chart = model.index(0, 0)
    assert model.canFetchMore(chart) and model.rowCount(chart) == 0
    model.fetchMore(chart)
    assert model.rowCount(chart) == FETCH_SIZE and fetch.asked == [(0, FETCH_SIZE)]
    assert model.data(model.index(0, 0, chart)) == "p. 1: …*tramadol* 0…"

    last = model.hit(299)  # F3 onto the last hit loads the pharmacy's hits, not the chart's
    assert (last.record_id, last.page_number) == (3, 30)
    assert fetch.asked[-1] == (270, 30)
    assert model.ordinal_of(model.index_of(299)) == 299
    assert model.rowCount(model.index(1, 0)) == 0  # the clinic's hits were never needed
    assert model.hit(120).record_id == 1 and model.rowCount(chart) == 2 * FETCH_SIZE


def test_the_model_keeps_qt_s_rules_while_it_loads(qtbot: Any) -> None:
    model = SearchHitsModel(DOCUMENTS, Hits())
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)  # it fetches as views do
    model.hit(299)
    model.hit(150)
    assert model.ordinal_of(model.index(0, 0)) is None
