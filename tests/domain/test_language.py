"""The wording linter: conclusory rationale, possibility language, non-certification without a guideline."""

from __future__ import annotations

import pytest

from reviewer_app.domain.language import (
    LanguageIssue,
    Severity,
    lint_causation,
    lint_necessity,
    lint_rationale,
)

GOOD_RATIONALE = (
    "The claimant has had 12 sessions of physical therapy since 03/02/2024 for a lumbar strain, with pain "
    "improving from 8/10 to 3/10 and a normal neurological examination. ODG Low Back recommends up to 10 "
    "visits over 8 weeks; a further 12 sessions exceed that and no new deficit is documented."
)


def messages(issues: list[LanguageIssue]) -> str:
    return "\n".join(issue.message for issue in issues)


def test_a_factual_cited_rationale_passes() -> None:
    assert lint_rationale(GOOD_RATIONALE, cites_records=True) == []


def test_an_empty_rationale_is_an_error() -> None:
    issues = lint_rationale("  \n", cites_records=True)
    assert len(issues) == 1
    assert issues[0].severity is Severity.ERROR and issues[0].blocking
    assert issues[0].field_hint == "rationale"


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Not medically necessary.", "not medically necessary"),
        ("The request does not meet criteria.", "does not meet criteria"),
        ("This is not a covered benefit.", "not a covered benefit"),
        ("The request is NOT supported by   guidelines.", "not supported by guidelines"),
        ("Does not meet ODG criteria and is not clinically indicated.", "does not meet odg criteria"),
    ],
)
def test_boilerplate_without_patient_facts_is_conclusory(text: str, phrase: str) -> None:
    issues = lint_rationale(text, cites_records=True)
    assert all(issue.severity is Severity.WARNING and not issue.blocking for issue in issues)
    text_of = messages(issues)
    assert "too short" in text_of
    assert "conclusory" in text_of
    assert f'"{phrase}"' in text_of


def test_boilerplate_with_patient_facts_is_not_conclusory() -> None:
    issues = lint_rationale(GOOD_RATIONALE + " It is therefore not medically necessary.", cites_records=True)
    assert issues == []


def test_a_long_rationale_without_facts_is_flagged() -> None:
    text = (
        "After careful consideration of everything that was submitted for this request, the reviewer is of the "
        "opinion that the requested service should not be approved at this time because the requirements "
        "are not satisfied."
    )
    issues = lint_rationale(text, cites_records=True)
    assert len(issues) == 1
    assert "names none of the patient's facts" in issues[0].message


def test_short_rationale_names_the_word_count() -> None:
    issues = lint_rationale("Lumbar MRI on 01/05/2024 was normal.", cites_records=True)
    assert len(issues) == 1
    assert "6 words long" in issues[0].message


def test_a_rationale_that_cites_no_record() -> None:
    issues = lint_rationale(GOOD_RATIONALE, cites_records=False)
    assert len(issues) == 1
    assert "cites no record" in issues[0].message


GOOD_CAUSATION = (
    "Within a reasonable degree of medical probability, the L5-S1 disc herniation was caused by the lifting "
    "incident of 03/02/2024: the symptoms began that day and the MRI on 03/20/2024 shows an acute herniation."
)


def test_probable_causation_passes() -> None:
    assert lint_causation(GOOD_CAUSATION) == []
    assert lint_causation("It is more likely than not that the fall caused the fracture.") == []


def test_empty_causation_is_an_error() -> None:
    issues = lint_causation("")
    assert [issue.severity for issue in issues] == [Severity.ERROR]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The lifting incident could have caused the herniation.", "could"),
        ("The injury may be related to work.", "may"),
        ("The fall might have aggravated the condition.", "might"),
        ("This is possibly work related.", "possibly"),
        ("A work-related cause is possible.", "possible"),
        ("I cannot rule out the work incident as a cause.", "cannot rule out"),
        ("A contribution can't be ruled out.", "cannot rule out"),
    ],
)
def test_possibility_language_is_flagged(text: str, word: str) -> None:
    issues = lint_causation(text)
    text_of = messages(issues)
    assert f'Possibility language ("{word}"' in text_of
    assert "reasonable degree of medical probability" in text_of


def test_possibility_language_is_flagged_even_with_probability_wording() -> None:
    issues = lint_causation(GOOD_CAUSATION + " The degeneration may also contribute.")
    assert len(issues) == 1
    assert '"may"' in issues[0].message


def test_the_month_may_and_could_not_are_not_possibility_language() -> None:
    text = (
        "Within a reasonable degree of medical probability the strain was caused by the fall on May 3, 2023 "
        "(seen 5 May 2023); he could not work for two weeks."
    )
    assert lint_causation(text) == []


def test_cannot_rule_out_is_not_also_reported_as_could() -> None:
    issues = lint_causation("Within a reasonable degree of medical probability... I could not rule out a tear.")
    assert '("cannot rule out")' in messages(issues)


def test_consistent_with_alone_is_flagged() -> None:
    issues = lint_causation("The MRI findings are consistent with the reported mechanism of injury.")
    assert len(issues) == 2
    assert '"Consistent with"' in issues[1].message
    # With the probability wording, "consistent with" is supporting detail.
    assert lint_causation(GOOD_CAUSATION + " The findings are consistent with the mechanism.") == []


@pytest.mark.parametrize("determination", ["non-certify", "Non-Certification", "non_certify", "Not certified", "deny"])
def test_non_certification_without_guideline_is_an_error(determination: str) -> None:
    issues = lint_necessity(determination, guideline_given=False)
    assert len(issues) == 1
    assert issues[0].field_hint == "guideline"
    assert issues[0].blocking
    assert issues[0].message.startswith("A non-certification must cite the guideline")


@pytest.mark.parametrize("determination", ["modify", "Modified", "partially certified"])
def test_modification_without_guideline_is_an_error(determination: str) -> None:
    issues = lint_necessity(determination, guideline_given=False)
    assert [issue.message.split(" must")[0] for issue in issues] == ["A modification"]


@pytest.mark.parametrize("determination", ["non-certify", "modify"])
def test_with_a_guideline_nothing_is_reported(determination: str) -> None:
    assert lint_necessity(determination, guideline_given=True) == []


@pytest.mark.parametrize("determination", ["certify", "Certified", "delay"])
def test_certification_needs_no_guideline(determination: str) -> None:
    assert lint_necessity(determination, guideline_given=False) == []


def test_no_determination_is_an_error() -> None:
    issues = lint_necessity(" ", guideline_given=True)
    assert issues[0].field_hint == "determination"
    assert issues[0].blocking
