"""Full-text search over a case's records, and where the words sit on a page."""

from __future__ import annotations

from dataclasses import dataclass

from reviewer_app.domain.errors import NotFound
from reviewer_app.domain.geometry import Box
from reviewer_app.domain.review import SearchHit
from reviewer_app.domain.search_query import parse_query
from reviewer_app.records.text_locate import find_term_boxes
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.storage.repositories import CaseRepository
from reviewer_app.storage.search_index import SNIPPET_CLOSE, SNIPPET_OPEN, RecordHits, search_index_for

DEFAULT_LIMIT = 50  # a page of hits for the window, which loads the next page as the list is scrolled
EVERY_HIT = 100_000  # the most hits one call gives (the command line's --limit cap)


@dataclass(frozen=True)
class SearchTotals:
    """How many pages match, in all and per record (records in the case's order; those without hits left out)."""

    total: int
    per_record: tuple[RecordHits, ...]


def search_records(
    folder: DataFolder,
    case_id: int,
    query: str,
    *,
    by_relevance: bool = False,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> list[SearchHit]:
    """Pages of the case's records holding every word, phrase and prefix of the query: ``limit`` from ``offset``."""
    terms = parse_query(query)
    if not terms:
        return []
    with folder.database.transaction() as session:
        return search_index_for(session).search_case(session, case_id, terms, limit, by_relevance, offset)


def search_totals(folder: DataFolder, case_id: int, query: str) -> SearchTotals:
    """Every matching page counted (never capped), in all and per record."""
    terms = parse_query(query)
    if not terms:
        return SearchTotals(0, ())
    with folder.database.transaction() as session:
        per_record = tuple(search_index_for(session).count_case(session, case_id, terms))
    return SearchTotals(sum(record.hits for record in per_record), per_record)


def hit_boxes(folder: DataFolder, case_id: int, record_id: int, page_index: int, query: str) -> list[Box]:
    """Where the query's words sit on a page of a record, for the viewer to highlight."""
    with folder.database.transaction() as session:
        record = CaseRepository(session).record(case_id, record_id)
    if record is None:
        raise NotFound("That record is not part of this case.")
    path = folder.store.path_for(record.viewable)
    if not path.is_file():
        return []
    return find_term_boxes(path, page_index, parse_query(query))


def plain_snippet(snippet: str, emphasis: bool = False) -> str:
    """A snippet without the index's match markers (or with *stars* around matches for a terminal)."""
    mark = "*" if emphasis else ""
    return " ".join(snippet.replace(SNIPPET_OPEN, mark).replace(SNIPPET_CLOSE, mark).split())
