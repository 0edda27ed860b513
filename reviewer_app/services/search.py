"""Full-text search over a case's records, and where the words sit on a page."""

from __future__ import annotations

from reviewer_app.domain.errors import NotFound
from reviewer_app.domain.geometry import Box
from reviewer_app.domain.review import SearchHit
from reviewer_app.domain.search_query import parse_query
from reviewer_app.records.text_locate import find_term_boxes
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.storage.repositories import CaseRepository
from reviewer_app.storage.search_index import SNIPPET_CLOSE, SNIPPET_OPEN, search_index_for

DEFAULT_LIMIT = 50


def search_records(
    folder: DataFolder, case_id: int, query: str, *, by_relevance: bool = False, limit: int = DEFAULT_LIMIT
) -> list[SearchHit]:
    """Pages of the case's records holding every word, phrase and prefix of the query."""
    terms = parse_query(query)
    if not terms:
        return []
    with folder.database.transaction() as session:
        return search_index_for(session).search_case(session, case_id, terms, limit, by_relevance)


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
