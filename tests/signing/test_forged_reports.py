"""Forged reports are refused in words; the genuine report and an invisible co-signature still verify."""

from __future__ import annotations

import logging

import pytest

from reviewer_app.signing import LocalCA, issue_signing_certificate, sign_pdf, verify_pdf
from reviewer_app.signing.verify import ADDED_AFTER_SIGNING, NOT_TRUSTED
from tests.signing.conftest import PASSWORD, PHYSICIAN
from tests.signing.forgeries import (
    look_alike_p12,
    one_page_report,
    with_annotation,
    with_covering_signature,
    with_page_content_changed,
)


def test_the_genuine_report_is_valid(signed_pdf: bytes, local_ca: LocalCA) -> None:
    check = verify_pdf(signed_pdf, trust_roots=[local_ca.certificate_pem])
    assert check.valid and check.later_changes == ()
    assert check.verdict().startswith(f"Valid: signed by {PHYSICIAN}")


def test_a_changed_determination_signed_with_a_look_alike_certificate_is_not_valid(local_ca: LocalCA) -> None:
    forged = sign_pdf(
        one_page_report("Determination: Denied"), look_alike_p12(PHYSICIAN, "pw"), "pw", reason="Physician's report"
    )

    check = verify_pdf(forged, trust_roots=[local_ca.certificate_pem])

    assert check.intact and check.signer == PHYSICIAN  # the name alone proves nothing
    assert not check.trusted and not check.valid
    assert check.problems == (NOT_TRUSTED,)
    assert "not certified by an authority you trust" in check.verdict()


def test_a_report_signed_through_a_strangers_authority_is_not_valid(
    report_pdf: bytes, local_ca: LocalCA, other_ca: LocalCA
) -> None:
    stranger = issue_signing_certificate(other_ca, name="Mallory Someone", password="pw")
    signed = sign_pdf(report_pdf, stranger, "pw", reason="Physician's report")

    check = verify_pdf(signed, trust_roots=[local_ca.certificate_pem])

    assert not check.valid and not check.trusted
    assert (
        check.verdict()
        == "NOT VALID (it names Mallory Someone): the signer is not certified by an authority you trust."
    )


def test_a_second_signature_drawn_over_page_one_is_a_later_change(
    signed_pdf: bytes, local_ca: LocalCA, p12: bytes
) -> None:
    # Even with the physician's own certificate: what the reader sees is no longer what was signed.
    covered = with_covering_signature(signed_pdf, p12, PASSWORD)

    check = verify_pdf(covered, trust_roots=[local_ca.certificate_pem])

    assert check.intact and check.trusted
    assert not check.covers_whole_document and not check.valid
    [change] = check.later_changes
    assert change.startswith(f"Signature 1 ({PHYSICIAN}): {ADDED_AFTER_SIGNING}") and "'Cover'" in change
    assert "something a reader sees was added after signing" in check.verdict()


def test_a_strangers_covering_signature_fails_both_ways(signed_pdf: bytes, local_ca: LocalCA) -> None:
    covered = with_covering_signature(signed_pdf, look_alike_p12("Mallory Someone", "pw"), "pw")

    check = verify_pdf(covered, trust_roots=[local_ca.certificate_pem])

    assert not check.valid and not check.trusted and not check.covers_whole_document
    assert f"Signature 2 (Mallory Someone): {NOT_TRUSTED}" in check.problems


def test_a_page_edited_after_signing_is_refused_without_a_traceback(
    signed_pdf: bytes, local_ca: LocalCA, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    edited = with_page_content_changed(signed_pdf)

    check = verify_pdf(edited, trust_roots=[local_ca.certificate_pem])

    assert check.intact and not check.valid
    assert check.later_changes == (
        f"{ADDED_AFTER_SIGNING} A page was changed or drawn over: what a reader sees is not what was signed.",
    )
    # pyHanko's difference analysis logs a traceback at WARNING: nothing reaches a default stderr.
    assert [record for record in caplog.records if record.levelno >= logging.WARNING] == []


def test_a_page_edit_between_two_signatures_is_worded(signed_pdf: bytes, local_ca: LocalCA) -> None:
    cosigner = issue_signing_certificate(local_ca, name="Dr Second Reader", password="pw")
    edited = sign_pdf(with_page_content_changed(signed_pdf), cosigner, "pw", reason="Reviewed", field_name="Second")

    check = verify_pdf(edited, trust_roots=[local_ca.certificate_pem])

    assert check.trusted and not check.valid
    assert check.later_changes == (
        f"Signature 1 ({PHYSICIAN}): {ADDED_AFTER_SIGNING} A page was changed or drawn over: "
        "what a reader sees is not what was signed.",
    )


def test_an_annotation_added_after_signing_is_refused(signed_pdf: bytes, local_ca: LocalCA) -> None:
    check = verify_pdf(with_annotation(signed_pdf, "NON-CERTIFY"), trust_roots=[local_ca.certificate_pem])
    assert check.intact and check.trusted and not check.valid
    [change] = check.later_changes
    assert change.startswith(ADDED_AFTER_SIGNING)


def test_an_invisible_co_signature_through_the_authority_stays_valid(signed_pdf: bytes, local_ca: LocalCA) -> None:
    cosigner = issue_signing_certificate(local_ca, name="Dr Second Reader", password="pw")
    twice = sign_pdf(signed_pdf, cosigner, "pw", reason="Reviewed", field_name="SecondSignature")

    check = verify_pdf(twice, trust_roots=[local_ca.certificate_pem])

    assert check.valid, check.problems
    assert check.later_changes == ()
