"""Pages received, unique, duplicate and reviewed: the counts a physician attests and bills by."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageCounts:
    """California pays record review per page: count every page, never drop duplicates silently."""

    received: int
    duplicates: int
    reviewed: int

    @property
    def unique(self) -> int:
        return self.received - self.duplicates

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
