"""ICD-10-CM codes through simple_icd_10_cm."""

from __future__ import annotations

import pytest

from reviewer_app.codes import InvalidCodeFormat, describe, is_billable, is_valid_code, normalize


@pytest.mark.parametrize("code", ["S39.012A", "S39012A", "s39.012a", "  s39012a\t", "M51.16", "m5116"])
def test_valid_billable_codes(code: str) -> None:
    assert is_valid_code(code)
    assert is_billable(code)


def test_descriptions() -> None:
    assert describe("S39.012A") == "Strain of muscle, fascia and tendon of lower back, initial encounter"
    assert describe("s39012a") == describe("S39.012A")
    assert describe("M51.16") == "Intervertebral disc disorders with radiculopathy, lumbar region"
    assert describe("X99.999") is None
    assert describe("not a code") is None


def test_a_parent_code_is_valid_but_not_billable() -> None:
    # The package has S39.012 as a subcategory with children (the 7th character: A, D, S).
    assert is_valid_code("S39.012")
    assert not is_billable("S39.012")
    assert describe("S39.012") == "Strain of muscle, fascia and tendon of lower back"
    assert is_valid_code("M51")
    assert not is_billable("M51")


@pytest.mark.parametrize("code", ["X99.999", "", "   ", "S3", "S39.012AB", "S39..012A", "A00-B99", "1", "Z"])
def test_invalid_codes(code: str) -> None:
    assert not is_valid_code(code)
    assert not is_billable(code)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("s39012a", "S39.012A"), (" S39.012A ", "S39.012A"), ("m5116", "M51.16"), ("m51", "M51"), ("M51.", "M51")],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize("raw", ["", "S3", "339.012", "S39.01234", "S39 012A", "S39-012A"])
def test_normalize_refuses_what_is_not_shaped_like_a_code(raw: str) -> None:
    with pytest.raises(ValueError) as caught:
        normalize(raw)
    assert isinstance(caught.value, InvalidCodeFormat)
    assert "S39.012A" in str(caught.value)  # the message shows the expected shape
