"""The phrase and guideline-citation libraries of the data folder: read (seeded with defaults), saved, filled."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from reviewer_app.domain.case import Case
from reviewer_app.domain.errors import InvalidInput
from reviewer_app.domain.phrases import (
    DEFAULT_GUIDELINES,
    DEFAULT_PHRASES,
    GuidelineCitation,
    Phrase,
    case_values,
    check_guideline,
    check_phrase,
    fill_placeholders,
    guidelines_from_json,
    guidelines_to_json,
    phrases_from_json,
    phrases_to_json,
)
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.storage.libraries import library_path, read_library, write_library

log = logging.getLogger(__name__)

PHRASES = "phrases"
GUIDELINES = "guidelines"


def load_phrases(folder: DataFolder) -> list[Phrase]:
    """The physician's phrases; the defaults until the library is first saved.

    A library file that cannot be read is reported (InvalidInput naming the file), never silently replaced.
    """
    data = _stored_library(folder, PHRASES)
    return list(DEFAULT_PHRASES) if data is None else phrases_from_json(data)


def save_phrases(folder: DataFolder, phrases: Sequence[Phrase]) -> None:
    """Keep ``phrases`` as the library (replacing it); every phrase needs a title and text."""
    problems = [p for p in (check_phrase(phrase) for phrase in phrases) if p]
    if problems:
        raise InvalidInput("The phrases were not saved:", problems)
    write_library(library_path(folder.path, PHRASES), phrases_to_json(phrases))
    log.info("phrase library saved: %d phrases", len(phrases))


def load_guidelines(folder: DataFolder) -> list[GuidelineCitation]:
    """The physician's guideline citations; the defaults until the library is first saved."""
    data = _stored_library(folder, GUIDELINES)
    return list(DEFAULT_GUIDELINES) if data is None else guidelines_from_json(data)


def save_guidelines(folder: DataFolder, citations: Sequence[GuidelineCitation]) -> None:
    """Keep ``citations`` as the guideline library; each is checked as a guideline answer is."""
    problems = [p for p in (check_guideline(c) for c in citations) if p]
    if problems:
        raise InvalidInput("The guideline citations were not saved:", problems)
    write_library(library_path(folder.path, GUIDELINES), guidelines_to_json(citations))
    log.info("guideline library saved: %d citations", len(citations))


def _stored_library(folder: DataFolder, name: str) -> Any:
    """The library file's JSON, None before it was first saved; a damaged file is refused, naming it."""
    path = library_path(folder.path, name)
    try:
        return read_library(path)
    except ValueError as exc:
        raise InvalidInput(f"{path} is not valid JSON: {exc}") from exc


def fill_for_case(folder: DataFolder, case: Case, text: str) -> str:
    """``text`` with its placeholders filled from ``case``; those the case cannot fill stay visible."""
    return fill_placeholders(text, case_values(case.details, today=folder.clock().date()))
