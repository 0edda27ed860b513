"""The records model and its filter alone (no window): columns, groups, filter words, progress."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from reviewer_app.domain.case import MediaType, RecordDocument, RecordState
from reviewer_app.domain.review import RecordProgress
from reviewer_app.ui.records_model import COLUMNS, DATES, RECORD_ROLE, REVIEWED, Grouping, RecordsFilter, RecordsModel


def record(number: int, title: str, provider: str | None, kind: str | None, start: str, end: str) -> RecordDocument:
    return RecordDocument(
        path=f"records/{number:03d}.pdf",
        sha256=f"{number:064d}",
        title=title,
        media_type=MediaType.PDF,
        size=1000,
        page_count=2,
        state=RecordState.READABLE,
        kind=kind,
        provider=provider,
        date_from=dt.date.fromisoformat(start) if start else None,
        date_to=dt.date.fromisoformat(end) if end else None,
        id=number,
    )


RECORDS = [
    record(1, "PT daily notes", "Summit Physical Therapy", "therapy", "2026-04-20", "2026-04-29"),
    record(2, "MRI lumbar spine", "Cedar Basin Imaging", "imaging", "2026-04-24", "2026-04-24"),
    record(3, "Prior chiropractic records", None, None, "2023-02-06", "2024-03-20"),
]


def texts(model: Any, parent: QModelIndex | None = None) -> list[list[str]]:
    parent = parent or QModelIndex()
    rows = range(model.rowCount(parent))
    return [[str(model.index(r, c, parent).data() or "") for c in range(len(COLUMNS))] for r in rows]


def test_each_document_shows_its_dates_provider_type_pages_and_progress(qtbot: Any) -> None:
    model = RecordsModel()
    model.fill(RECORDS, {1: RecordProgress(1, 2, 2), 2: RecordProgress(2, 2, 1)}, new_ids={2})
    rows = texts(model)
    assert rows[0] == [
        "1. PT daily notes",
        "2026-04-20 – 04-29",
        "Summit Physical Therapy",
        "Therapy",
        "2",
        "✓ 2/2",
        "✓ Text",
    ]
    assert rows[1][0] == "NEW · 2. MRI lumbar spine" and rows[1][DATES] == "2026-04-24" and rows[1][REVIEWED] == "1/2"
    assert rows[2][DATES] == "2023-02-06 – 2024-03-20" and rows[2][2] == "" and rows[2][REVIEWED] == "–"
    assert "records/003.pdf" in model.index(2, 0).data(Qt.ItemDataRole.ToolTipRole)

    model.set_progress({2: RecordProgress(2, 2, 2)})
    assert model.index(1, REVIEWED).data() == "✓ 2/2", "a page read updates its row, nothing rebuilt"


def test_grouped_by_month_and_filtered_a_heading_stays_only_with_its_documents(qtbot: Any) -> None:
    model = RecordsModel()
    model.fill(RECORDS, {}, set(), Grouping.MONTH)
    proxy = RecordsFilter()
    proxy.setSourceModel(model)
    headings = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert headings == ["February 2023 (1)", "April 2026 (2)"]
    april = proxy.index(1, 0)
    assert [proxy.index(r, 0, april).data(RECORD_ROLE).id for r in range(proxy.rowCount(april))] == [1, 2]

    proxy.set_text("cedar mri")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["April 2026 (2)"]
    assert proxy.rowCount(proxy.index(0, 0)) == 1, "only the MRI holds both words"
    proxy.set_text("april")
    assert proxy.rowCount() == 0, "a heading never matches on its own"

    proxy.set_text("")
    proxy.set_hidden({1, 2})
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["February 2023 (1)"]
