"""The phrase and guideline libraries in the data folder: seeded, saved atomically, reread, refused when bad."""

from __future__ import annotations

import json

import pytest

from reviewer_app.domain.errors import InvalidInput
from reviewer_app.domain.phrases import DEFAULT_GUIDELINES, DEFAULT_PHRASES, GuidelineCitation, Phrase
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.phrases import load_guidelines, load_phrases, save_guidelines, save_phrases
from reviewer_app.storage.libraries import library_path


def test_a_new_data_folder_offers_the_default_libraries(data_folder: DataFolder) -> None:
    assert load_phrases(data_folder) == list(DEFAULT_PHRASES)
    assert load_guidelines(data_folder) == list(DEFAULT_GUIDELINES)
    assert not library_path(data_folder.path, "phrases").exists()  # nothing written until the physician saves


def test_saved_libraries_are_the_physicians_own(data_folder: DataFolder) -> None:
    mine = [Phrase("Intro", "{claimant} was examined today."), *DEFAULT_PHRASES[1:2]]
    save_phrases(data_folder, mine)
    save_guidelines(data_folder, [GuidelineCitation("plan policy", "4.2 Lumbar fusion", "2025", "Acme spine policy")])
    assert load_phrases(data_folder) == mine
    assert load_guidelines(data_folder)[0].name == "Acme spine policy"
    folder = library_path(data_folder.path, "phrases").parent
    assert sorted(p.name for p in folder.iterdir()) == ["guidelines.json", "phrases.json"]  # no temporary left
    save_phrases(data_folder, [])
    assert load_phrases(data_folder) == []  # deleting every phrase is kept, not re-seeded


def test_invalid_entries_are_refused_and_nothing_is_written(data_folder: DataFolder) -> None:
    save_phrases(data_folder, [Phrase("Intro", "text")])
    with pytest.raises(InvalidInput):
        save_phrases(data_folder, [Phrase("", "no title")])
    with pytest.raises(InvalidInput):
        save_guidelines(data_folder, [GuidelineCitation("plan policy", "4.2")])  # a plan policy needs its name
    assert load_phrases(data_folder) == [Phrase("Intro", "text")]


def test_a_damaged_library_file_is_reported_not_replaced(data_folder: DataFolder) -> None:
    path = library_path(data_folder.path, "phrases")
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InvalidInput, match="not valid JSON"):
        load_phrases(data_folder)
    path.write_text(json.dumps({"phrases": [{"title": "x"}]}), encoding="utf-8")
    with pytest.raises(InvalidInput, match="phrases\\[0\\]"):
        load_phrases(data_folder)
    assert path.read_text(encoding="utf-8").startswith("{")
