"""Spell check with Debian's dictionaries: medical words are words, misspellings get close suggestions,
the physician's own dictionary lives in the data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.spelling import Spelling, my_words_path


@pytest.fixture(scope="module")
def speller() -> Spelling:
    checker = Spelling(None)
    if checker.unavailable:  # `make setup` installs Enchant and both dictionaries: a broken setup
        pytest.fail(checker.unavailable)
    assert checker.medical
    return checker


@pytest.mark.parametrize(
    "word", ["radiculopathy", "gabapentin", "duloxetine", "paraspinal", "sacroiliac", "neuroforaminal", "lumbar"]
)
def test_drug_names_and_anatomy_are_words(speller: Spelling, word: str) -> None:
    assert speller.check(word)


@pytest.mark.parametrize(
    ("typo", "meant"), [("radiculopahty", "radiculopathy"), ("teh", "the"), ("gabapentine", "gabapentin")]
)
def test_a_misspelling_is_flagged_and_the_intended_word_is_the_first_suggestion(
    speller: Spelling, typo: str, meant: str
) -> None:
    assert not speller.check(typo)
    assert speller.suggest(typo)[0] == meant


def test_added_words_are_kept_in_the_data_folder(tmp_path: Path) -> None:
    folder = open_data_folder(tmp_path / "data")
    try:
        assert not Spelling(folder).check("Okonkwo")
        Spelling(folder).add_to_dictionary("Okonkwo")
        assert my_words_path(folder).read_text(encoding="utf-8") == "Okonkwo\n"
        assert Spelling(folder).check("Okonkwo")
    finally:
        folder.close()


def test_ignore_lasts_for_the_open_case_only(speller: Spelling) -> None:
    checker = Spelling(None)
    assert not checker.check("Brightwater")
    checker.ignore("Brightwater")
    assert checker.check("Brightwater")
    assert not Spelling(None).check("Brightwater")
