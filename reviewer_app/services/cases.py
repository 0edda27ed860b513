"""Reading cases: the case list and one case in full."""

from __future__ import annotations

from pathlib import Path

from reviewer_app.domain.case import Case, CaseSummary
from reviewer_app.domain.errors import NotFound, ReviewerError
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.storage.repositories import CaseRepository


def list_cases(folder: DataFolder) -> list[CaseSummary]:
    """Every case, oldest import first."""
    with folder.database.transaction() as session:
        return CaseRepository(session).summaries()


def get_case(folder: DataFolder, case_id: int) -> Case:
    with folder.database.transaction() as session:
        case = CaseRepository(session).get(case_id)
    if case is None:
        raise NotFound(f"There is no case with id {case_id}.")
    return case


def find_case(folder: DataFolder, reference_or_id: str) -> Case:
    """The case a user named by its reference or its internal id."""
    with folder.database.transaction() as session:
        repository = CaseRepository(session)
        ids = repository.find_ids(reference_or_id.strip())
        if not ids and _is_case_id(reference_or_id.strip()):
            case = repository.get(int(reference_or_id))
            if case is not None:
                return case
        if len(ids) > 1:
            raise ReviewerError(
                f"Several cases have the reference {reference_or_id} (from different vendors); "
                f"name one by its id: {', '.join(str(i) for i in ids)}."
            )
        case = repository.get(ids[0]) if ids else None
    if case is None:
        raise NotFound(f"There is no case {reference_or_id!r}. `reviewer cases` lists the cases.")
    return case


def _is_case_id(text: str) -> bool:
    # Plain digits only: int() also reads "١" (Arabic-Indic one) and str.isdigit() admits "²", and
    # a number beyond SQLite's 64-bit integers cannot be an id.
    return text.isascii() and text.isdecimal() and len(text) <= 18


def find_related_case(folder: DataFolder, case: Case) -> Case | None:
    """The earlier case this one follows (its ``related_reference``), if it was imported."""
    reference = case.details.related_reference
    if not reference:
        return None
    with folder.database.transaction() as session:
        repository = CaseRepository(session)
        chosen = repository.find(case.details.vendor.name, reference)
        if chosen is None:
            chosen = next(iter(repository.find_ids(reference)), None)
        return repository.get(chosen) if chosen is not None else None


def record_file(folder: DataFolder, sha256: str) -> Path:
    """Where a record's bytes are stored, for the viewer to open."""
    path = folder.store.path_for(sha256)
    if not path.is_file():
        raise NotFound("The record's file is missing from the data folder; import the bundle again.")
    return path
