"""One open case as the workspace sees it: every call goes to a service, nothing else.

Widgets ask this object; it holds the data folder and the case id, so no widget ever
touches the database or the record store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from reviewer_app.domain.case import Case, RecordDocument
from reviewer_app.domain.chronology import ChronologyEntry
from reviewer_app.domain.geometry import Box
from reviewer_app.domain.handoff import Handoff
from reviewer_app.domain.highlights import Bookmark, Highlight, HighlightColour
from reviewer_app.domain.progress import Progress
from reviewer_app.domain.readiness import ReadinessItem
from reviewer_app.domain.review import Citation, PageKey, SearchHit
from reviewer_app.records.text_locate import TextSelection
from reviewer_app.services.audit import record_opened, record_pages_reviewed
from reviewer_app.services.cases import find_related_case, get_case, record_file
from reviewer_app.services.chronology import case_chronology, correct_chronology
from reviewer_app.services.citations import (
    add_citation,
    keep_question_citations,
    list_citations,
    quote_from_area,
    remove_citation,
    words_between,
)
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.findings import (
    FindingsTemplate,
    check_case,
    findings_template,
    get_answers,
    language_notes,
    question_state,
    set_answers,
)
from reviewer_app.services.handoff import peer_review_handoff
from reviewer_app.services.highlights import (
    add_bookmark,
    add_highlight,
    case_bookmarks,
    case_highlights,
    change_highlight,
    remove_bookmark,
    remove_highlight,
)
from reviewer_app.services.reporting import ReportStatus, report_status
from reviewer_app.services.review import ReviewState, duplicate_groups, mark_page_reviewed, review_state
from reviewer_app.services.review_marks import PagesMarked, mark_pages_reviewed
from reviewer_app.services.search import SearchTotals, hit_boxes, search_records, search_totals
from reviewer_app.services.unlock import unlock_record

T = TypeVar("T")


class CaseSession:
    def __init__(self, folder: DataFolder, case_id: int) -> None:
        self.folder = folder
        self.case_id = case_id
        self.case: Case = get_case(folder, case_id)
        self.related: Case | None = find_related_case(folder, self.case)
        self._duplicates: list[list[PageKey]] | None = None
        self._template: FindingsTemplate | None = None

    def _write(self, change: Callable[[], T]) -> T:
        """Every change goes through the database's one writer: it waits for one short write at most
        (a page of OCR, the import's final transaction), never for a whole import."""
        return self.folder.database.writer.call(change)

    # -- findings --

    def report_status(self) -> ReportStatus:
        """Signed reports of the case and whether its findings are locked."""
        return report_status(self.folder, self.case)

    def findings(self) -> FindingsTemplate:
        if self._template is None:
            self._template = findings_template(self.folder, self.case)
        return self._template

    def answers(self) -> dict[str, Any]:
        return get_answers(self.folder, self.case)

    def language_notes(self, answers: dict[str, Any] | None = None) -> dict[str, str]:
        """The language checks' findings by field id, for the fields they concern (no database read but answers)."""
        return language_notes(self.findings(), self.answers() if answers is None else answers)

    def save_answer(self, field_id: str, value: Any) -> None:
        """Save one answer as it is typed and wait for it; raises InvalidInput naming the problem
        (nothing saved then)."""
        self.submit_answer(field_id, value).result()

    def submit_answer(self, field_id: str, value: Any) -> Future[int]:
        """Queue one answer for the writer and return at once; the future fails with InvalidInput
        naming the problem (nothing saved then). ``ui.workers.on_gui_thread`` takes its outcome
        back to the GUI thread: the window never waits for a save."""
        case, folder = self.case, self.folder
        return folder.database.writer.submit(lambda: set_answers(folder, case, {field_id: value}))

    def question_state(self, question_key: str, answers: dict[str, Any]) -> str:
        return question_state(self.findings(), answers, question_key)

    def readiness(self) -> list[ReadinessItem]:
        # Refreshed after every saved answer: the files are looked for, not hashed (signing hashes them).
        return check_case(self.folder, self.case, read_record_files=False)

    def handoff(self) -> Handoff | None:
        """The recommendation of the peer review this case follows, if any."""
        return peer_review_handoff(self.folder, self.case, self.related)

    def reload(self, *, records_changed: bool = True) -> Case:
        """The case read again; with ``records_changed=False`` (only warnings or findings moved) copies stay counted."""
        self.case = get_case(self.folder, self.case_id)
        if records_changed:
            self._duplicates = None
        return self.case

    def record(self, record_id: int) -> RecordDocument | None:
        return next((r for r in self.case.records if r.id == record_id), None)

    def viewable_path(self, record: RecordDocument) -> Path:
        return record_file(self.folder, record.viewable)

    # -- search --

    def search(self, query: str, by_relevance: bool, limit: int = 50, offset: int = 0) -> list[SearchHit]:
        return search_records(self.folder, self.case_id, query, by_relevance=by_relevance, limit=limit, offset=offset)

    def search_totals(self, query: str) -> SearchTotals:
        """Every matching page counted, in all and per record (never capped)."""
        return search_totals(self.folder, self.case_id, query)

    def hit_boxes(self, record_id: int, page_index: int, query: str) -> list[Box]:
        return hit_boxes(self.folder, self.case_id, record_id, page_index, query)

    # -- review and duplicates --

    def mark_reviewed(self, record_id: int, page_index: int) -> bool:
        return self._write(lambda: mark_page_reviewed(self.folder, self.case_id, record_id, page_index))

    def mark_pages_reviewed(self, record: RecordDocument, first: int, last: int) -> PagesMarked:
        """The physician marks pages ``first``-``last`` (1-based) of a record reviewed: an event in the history."""
        return self._write(lambda: mark_pages_reviewed(self.folder, self.case, record, (first, last)))

    def record_opened(self, record_id: int) -> None:
        """Note in the case history that the physician opened the record."""
        self._write(lambda: record_opened(self.folder, self.case_id, record_id))

    def flush_pages_reviewed(self) -> None:
        """Write the pages read since the last "pages reviewed" event into the case history."""
        self._write(lambda: record_pages_reviewed(self.folder, self.case_id))

    @property
    def duplicates_known(self) -> bool:
        return self._duplicates is not None

    def duplicates(self) -> list[list[PageKey]]:
        """The duplicate page groups once counted (an empty list until then: counting takes seconds)."""
        return self._duplicates or []

    def count_duplicates(self) -> list[list[PageKey]]:
        """Count duplicate pages; slow on big cases, so the workspace calls it off the GUI thread."""
        return duplicate_groups(self.folder, self.case_id)

    def set_duplicates(self, groups: list[list[PageKey]]) -> None:
        self._duplicates = groups

    def review_state(self) -> ReviewState:
        # The case held here is the one on screen: the records need not be loaded again for each page read.
        return review_state(self.folder, self.case_id, self.duplicates(), self.case)

    # -- citations --

    def citations(self) -> list[Citation]:
        return list_citations(self.folder, self.case_id)

    def cite(
        self, record_id: int, page_index: int, quote: str, kind: str, question_key: str | None, note: str = ""
    ) -> Citation:
        return self._write(
            lambda: add_citation(
                self.folder,
                self.case_id,
                record_id,
                page_index,
                quote=quote,
                note=note,
                kind=kind,
                question_key=question_key,
            )
        )

    def keep_question_citations(self, question_key: str, pages: set[tuple[str, int]]) -> int:
        """Drop the question's citations made while reading that its "Records relied on" no longer lists."""
        return self._write(lambda: keep_question_citations(self.folder, self.case_id, question_key, pages))

    def remove_citation(self, citation_id: int) -> None:
        self._write(lambda: remove_citation(self.folder, self.case_id, citation_id))

    def quote(self, record_id: int, page_index: int, area: Box) -> str:
        return quote_from_area(self.folder, self.case_id, record_id, page_index, area)

    def select_words(
        self, record_id: int, page_index: int, start: tuple[float, float], end: tuple[float, float]
    ) -> TextSelection:
        """The whole words from ``start`` to ``end`` (PDF points) on a page, in reading order."""
        return words_between(self.folder, self.case_id, record_id, page_index, start, end)

    # -- chronology --

    def chronology(self, progress: Progress | None = None) -> list[ChronologyEntry]:
        """The case's documents in date order, with the physician's corrections (reads; run it off the GUI thread)."""
        return case_chronology(self.folder, self.case_id, progress, self.duplicates())

    def correct_chronology(self, entries: list[dict[str, Any]]) -> list[list[str]]:
        """Keep corrections (entries in the chronology's JSON shape); what changed, in words.

        Call it off the GUI thread: it works out the chronology as it stands; its write goes through the writer.
        """
        return correct_chronology(self.folder, self.case_id, entries)

    # -- highlights --

    def highlights(self, record_id: int | None = None) -> list[Highlight]:
        return case_highlights(self.folder, self.case_id, record_id)

    def add_highlight(
        self, record_id: int, page_index: int, boxes: Sequence[Box], colour: HighlightColour, quote: str
    ) -> Highlight:
        return self._write(
            lambda: add_highlight(self.folder, self.case_id, record_id, page_index, boxes, colour=colour, quote=quote)
        )

    def change_highlight_note(self, highlight_id: int, note: str) -> Highlight:
        return self._write(lambda: change_highlight(self.folder, self.case_id, highlight_id, note=note))

    def remove_highlight(self, highlight_id: int) -> None:
        self._write(lambda: remove_highlight(self.folder, self.case_id, highlight_id))

    def bookmarks(self) -> list[Bookmark]:
        return case_bookmarks(self.folder, self.case_id)

    def add_bookmark(self, record_id: int, page_index: int, title: str) -> Bookmark:
        return self._write(lambda: add_bookmark(self.folder, self.case_id, record_id, page_index, title))

    def remove_bookmark(self, bookmark_id: int) -> None:
        self._write(lambda: remove_bookmark(self.folder, self.case_id, bookmark_id))

    # -- locked records --

    def unlock(self, record_id: int, password: str) -> RecordDocument:
        record = self._write(lambda: unlock_record(self.folder, self.case_id, record_id, password))
        self.reload()
        return record
