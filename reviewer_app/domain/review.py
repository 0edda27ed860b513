"""Pages received, unique, duplicate and reviewed: the counts a physician attests and bills by."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PageCounts:
    """California pays record review per page: count every page, never drop duplicates silently."""

    received: int
    duplicates: int
    reviewed: int  # pages marked reviewed, copies included
    # Unique pages whose content was reviewed: a page counts when it, or any copy of it, was reviewed.
    unique_reviewed: int = 0

    @property
    def unique(self) -> int:
        return self.received - self.duplicates

    @property
    def unique_not_reviewed(self) -> int:
        return max(0, self.unique - self.unique_reviewed)

    @property
    def reviewed_share(self) -> float:
        return self.reviewed / self.received if self.received else 0.0


@dataclass(frozen=True)
class RecordProgress:
    """Review progress of one record."""

    record_id: int
    pages: int
    reviewed: int

    @property
    def complete(self) -> bool:
        return self.pages > 0 and self.reviewed >= self.pages


@dataclass(frozen=True)
class SearchHit:
    """A place in the records where the search terms occur."""

    record_id: int
    record_path: str
    record_title: str
    page_index: int  # 0-based
    snippet: str  # with the matched words between [[ and ]]
    from_ocr: bool
    rank: float = 0.0

    @property
    def page_number(self) -> int:
        return self.page_index + 1


@dataclass(frozen=True)
class Citation:
    """A record page (and, optionally, words quoted from it) that an opinion rests on."""

    id: int
    case_id: int
    record_id: int
    page_index: int
    quote: str = ""
    note: str = ""
    kind: str = "key_page"  # "key_page" or "finding"
    question_key: str | None = None

    @property
    def page_number(self) -> int:
        return self.page_index + 1


PageKey = tuple[int, int]  # (record id, 0-based page index)


def later_copies(groups: list[list[PageKey]]) -> set[PageKey]:
    """Every page that repeats an earlier one (each group lists its first copy first)."""
    return {key for group in groups for key in group[1:]}


def records_wholly_copied(page_counts: dict[int, int], groups: list[list[PageKey]]) -> set[int]:
    """Records whose every page repeats a page of an earlier record: what "hide duplicates" hides."""
    copies = later_copies(groups)
    return {
        record_id
        for record_id, pages in page_counts.items()
        if pages and all((record_id, page) in copies for page in range(pages))
    }


def unique_pages_reviewed(reviewed: Mapping[int, Iterable[int]], groups: Sequence[Sequence[PageKey]]) -> int:
    """How many unique pages were reviewed: a group of copies counts once when any of its pages was."""
    first_copy = {key: group[0] for group in groups for key in group}
    return len(
        {
            first_copy.get((record_id, index), (record_id, index))
            for record_id, pages in reviewed.items()
            for index in pages
        }
    )


def _pages(count: int) -> str:
    return f"{count:,} page{'s' if count != 1 else ''}"


def attested_review(counts: PageCounts, documents: int) -> str:
    """The attestation's sentence on what the physician reviewed, from the same figures as the records list."""
    listed = f"the {documents:,} document{'s' if documents != 1 else ''} listed in this report"
    received = f"{_pages(counts.received)} received"
    if counts.duplicates:
        received += f"; {_pages(counts.duplicates)} that repeat other pages set aside"
    unique = _pages(counts.unique).replace(" page", " unique page")
    if counts.unique and counts.unique_not_reviewed == 0:
        return f"I personally reviewed all {unique} of {listed} ({received})."
    return (
        f"I personally reviewed {counts.unique_reviewed:,} of the {unique} of {listed} ({received}); "
        f"{_pages(counts.unique_not_reviewed)} were not reviewed."
    )


def records_totals(counts: PageCounts, documents: int) -> str:
    """The line above the report's records list: the same figures the attestation states."""
    reviewed = (
        "all reviewed"
        if counts.unique and counts.unique_not_reviewed == 0
        else f"{counts.unique_reviewed:,} reviewed, {counts.unique_not_reviewed:,} not reviewed"
    )
    return (
        f"{documents:,} document{'s' if documents != 1 else ''}. Pages received: {counts.received:,}; "
        f"duplicate pages set aside: {counts.duplicates:,}; unique pages: {counts.unique:,}, {reviewed}."
    )
