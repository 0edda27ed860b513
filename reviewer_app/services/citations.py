"""Citations: the record pages an opinion rests on, and the physician's list of key pages."""

from __future__ import annotations

from reviewer_app.domain.errors import InvalidInput, NotFound
from reviewer_app.domain.geometry import Box
from reviewer_app.domain.review import Citation
from reviewer_app.domain.signed_report import CaseLocked, locked_message
from reviewer_app.records.text_locate import NO_SELECTION, TextSelection, select_between, text_in_area
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.storage.pages import CitationRepository
from reviewer_app.storage.repositories import CaseRepository
from reviewer_app.storage.signed_reports import SignedReportRepository

KINDS = ("key_page", "finding")


def add_citation(
    folder: DataFolder,
    case_id: int,
    record_id: int,
    page_index: int,
    *,
    quote: str = "",
    note: str = "",
    kind: str = "key_page",
    question_key: str | None = None,
) -> Citation:
    """Cite a page (with the words quoted from it) as a key page or into a finding."""
    if kind not in KINDS:
        raise InvalidInput(f"A citation is a key page or a finding's source, not {kind!r}.")
    with folder.database.transaction() as session:
        _refuse_if_signed(SignedReportRepository(session), case_id)
        record = CaseRepository(session).record(case_id, record_id)
        if record is None:
            raise NotFound("That record is not part of this case.")
        if record.page_count is not None and not 0 <= page_index < record.page_count:
            raise InvalidInput(f"{record.title} has {record.page_count} pages; page {page_index + 1} does not exist.")
        repository = CitationRepository(session)
        cited = repository.for_case(case_id)
        same = next(
            (
                c
                for c in cited
                if (c.record_id, c.page_index, c.kind, c.question_key) == (record_id, page_index, kind, question_key)
            ),
            None,
        )
        if same is not None:
            # The page is cited there already: one entry, whose quote and note the new citation fills in.
            repository.fill_in(case_id, same.id, quote=quote.strip(), note=note.strip())
            return next(c for c in repository.for_case(case_id) if c.id == same.id)
        citation_id = repository.add(
            case_id, record_id, page_index, quote.strip(), note.strip(), kind, question_key, folder.clock()
        )
        return next(c for c in repository.for_case(case_id) if c.id == citation_id)


def list_citations(folder: DataFolder, case_id: int) -> list[Citation]:
    with folder.database.transaction() as session:
        return CitationRepository(session).for_case(case_id)


def remove_citation(folder: DataFolder, case_id: int, citation_id: int) -> None:
    with folder.database.transaction() as session:
        _refuse_if_signed(SignedReportRepository(session), case_id)
        if not CitationRepository(session).remove(case_id, citation_id):
            raise NotFound("That citation no longer exists.")


def quote_from_area(folder: DataFolder, case_id: int, record_id: int, page_index: int, area: Box) -> str:
    """The words in the area the physician selected on a page."""
    with folder.database.transaction() as session:
        record = CaseRepository(session).record(case_id, record_id)
    if record is None:
        raise NotFound("That record is not part of this case.")
    return text_in_area(folder.store.path_for(record.viewable), page_index, area)


def _refuse_if_signed(repository: SignedReportRepository, case_id: int) -> None:
    """Citations are part of the findings: a signed case keeps them as signed until an addendum opens."""
    locked = repository.locking_report(case_id)
    if locked is not None:
        reference, report = locked
        raise CaseLocked(locked_message(reference, report))


def words_between(
    folder: DataFolder,
    case_id: int,
    record_id: int,
    page_index: int,
    start: tuple[float, float],
    end: tuple[float, float],
) -> TextSelection:
    """The whole words a drag went over on a page, in reading order (with their boxes, one per line)."""
    with folder.database.transaction() as session:
        record = CaseRepository(session).record(case_id, record_id)
    if record is None:
        raise NotFound("That record is not part of this case.")
    path = folder.store.path_for(record.viewable)
    if not path.is_file():
        return NO_SELECTION
    return select_between(path, page_index, start, end)


def keep_question_citations(folder: DataFolder, case_id: int, question_key: str, pages: set[tuple[str, int]]) -> int:
    """Remove the pages cited for a question that its "Records relied on" no longer lists.

    ``pages`` are (record path, 1-based page) of every citations field of the question: the one
    list the physician edits. A page taken out there is taken out of the citations made while
    reading too, so that the report never prints it again. Returns how many were removed.
    """
    with folder.database.transaction() as session:
        _refuse_if_signed(SignedReportRepository(session), case_id)
        case = CaseRepository(session).get(case_id)
        paths = {r.id: r.path for r in case.records} if case is not None else {}
        repository = CitationRepository(session)
        gone = [
            c
            for c in repository.for_case(case_id)
            if c.kind == "finding"
            and c.question_key == question_key
            and (paths.get(c.record_id), c.page_number) not in pages
        ]
        for citation in gone:
            repository.remove(case_id, citation.id)
        return len(gone)
