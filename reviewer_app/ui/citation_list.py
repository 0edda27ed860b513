"""A list of cited pages (key pages, a finding's citations): one entry per citation, its quote and note."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from reviewer_app.domain.review import Citation

CITATION_ROLE = Qt.ItemDataRole.UserRole + 3


def citation_label(citation: Citation, numbers: Mapping[int | None, int]) -> str:
    """ "Rec. 3, p. 12": the record's number in the case and the page, as the report cites it."""
    return f"Rec. {numbers.get(citation.record_id, '?')}, p. {citation.page_number}"


def fill_citation_list(
    widget: QListWidget,
    citations: Iterable[Citation],
    numbers: Mapping[int | None, int],
    titles: Mapping[int | None, str],
) -> None:
    """Replace the list's entries with ``citations``; each item carries its Citation (CITATION_ROLE)."""
    widget.clear()
    for citation in citations:
        quote = f"\n“{citation.quote}”" if citation.quote else ""
        quote += f"\nNote: {citation.note}" if citation.note else ""
        item = QListWidgetItem(f"{citation_label(citation, numbers)} — {titles.get(citation.record_id, '')}{quote}")
        item.setData(CITATION_ROLE, citation)
        widget.addItem(item)


def chosen_citation(widget: QListWidget) -> Citation | None:
    """The citation selected in the list, if any."""
    item = widget.currentItem()
    citation = item.data(CITATION_ROLE) if item is not None else None
    return citation if isinstance(citation, Citation) else None
