from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from reviewer_app.domain.errors import InvalidInput
from reviewer_app.domain.signatures import (
    CertificateNotValid,
    CertificateUnreadable,
    PdfUnreadable,
    WrongCertificatePassword,
)
from reviewer_app.signing import LocalCA, create_nss_database, issue_signing_certificate, sign_pdf, verify_pdf
from reviewer_app.signing.verify import ADDED_AFTER_SIGNING, NO_AUTHORITY, NOT_SIGNED
from tests.signing.conftest import PASSWORD, PATIENT_LINE, PHYSICIAN

REASON = "I am the author of this report"


def _with_annotation(pdf: bytes, note: str) -> bytes:
    """``pdf`` with an incremental update adding a sticky note to page 1, as an editor would append it."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    annotation = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/Text"),
            generic.NameObject("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (72, 600, 92, 620)]),
            generic.NameObject("/Contents"): generic.TextStringObject(note),
        }
    )
    page[generic.NameObject("/Annots")] = generic.ArrayObject([writer.add_object(annotation)])
    writer.update_container(page)
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def test_a_signed_report_is_valid_and_trusted_through_the_local_authority(
    signed_pdf: bytes, local_ca: LocalCA, signing_time: datetime
) -> None:
    check = verify_pdf(signed_pdf, trust_roots=[local_ca.certificate_pem])

    assert check.valid and check.trusted
    assert check.signer == PHYSICIAN
    assert check.signed_at == signing_time
    assert check.problems == ()
    [signature] = check.signatures
    assert signature.field_name == "PhysicianSignature"
    assert signature.reason == REASON


def test_signing_only_appends_to_the_report(report_pdf: bytes, signed_pdf: bytes) -> None:
    assert signed_pdf.startswith(report_pdf)
    assert b"/ETSI.CAdES.detached" in signed_pdf


def test_without_trust_roots_a_signed_report_is_untampered_but_not_valid(signed_pdf: bytes) -> None:
    check = verify_pdf(signed_pdf)
    assert check.intact and check.covers_whole_document
    assert not check.trusted and not check.valid
    assert check.problems == (NO_AUTHORITY,)


def test_a_report_signed_through_an_unknown_authority_says_so(signed_pdf: bytes, other_ca: LocalCA) -> None:
    check = verify_pdf(signed_pdf, trust_roots=[other_ca.certificate_pem])
    assert check.intact and not check.trusted and not check.valid
    assert check.problems == ("The signer's certificate was not issued by a certificate authority you trust.",)


def test_one_changed_letter_in_the_signed_report_breaks_the_signature(signed_pdf: bytes, local_ca: LocalCA) -> None:
    at = signed_pdf.index(PATIENT_LINE)
    tampered = signed_pdf[:at] + PATIENT_LINE.replace(b"Jane", b"Jake") + signed_pdf[at + len(PATIENT_LINE) :]

    check = verify_pdf(tampered, trust_roots=[local_ca.certificate_pem])

    assert check.signed and not check.intact and not check.valid
    assert any("changed after it was signed" in problem for problem in check.problems)


def test_one_byte_appended_after_signing_is_noticed(signed_pdf: bytes) -> None:
    check = verify_pdf(signed_pdf + b"\n")
    assert check.intact and not check.covers_whole_document and not check.valid
    assert ADDED_AFTER_SIGNING in check.problems


def test_an_annotation_added_after_signing_is_noticed(signed_pdf: bytes, local_ca: LocalCA) -> None:
    amended = _with_annotation(signed_pdf, "Opinion changed")

    check = verify_pdf(amended, trust_roots=[local_ca.certificate_pem])

    assert check.intact and check.trusted
    assert not check.covers_whole_document and not check.valid
    [problem] = check.problems
    assert problem.startswith(ADDED_AFTER_SIGNING) and check.later_changes == (problem,)


def test_a_report_signed_twice_is_valid_and_names_both_signers(
    signed_pdf: bytes, local_ca: LocalCA, signing_time: datetime
) -> None:
    cosigner = issue_signing_certificate(local_ca, name="Dr Second Reader", password="pw")
    twice = sign_pdf(
        signed_pdf, cosigner, "pw", reason="Reviewed", field_name="SecondSignature", signing_time=signing_time
    )

    check = verify_pdf(twice, trust_roots=[local_ca.certificate_pem])

    assert check.valid and check.trusted, check.problems
    assert [s.signer for s in check.signatures] == [PHYSICIAN, "Dr Second Reader"]
    assert check.signer == "Dr Second Reader"
    assert not verify_pdf(twice + b" ").valid


def test_changes_between_two_signatures_are_noticed(signed_pdf: bytes, local_ca: LocalCA) -> None:
    cosigner = issue_signing_certificate(local_ca, name="Dr Second Reader", password="pw")
    amended_then_signed = sign_pdf(
        _with_annotation(signed_pdf, "Opinion changed"), cosigner, "pw", reason="Reviewed", field_name="Second"
    )

    check = verify_pdf(amended_then_signed, trust_roots=[local_ca.certificate_pem])

    assert check.intact and not check.valid
    [problem] = check.problems
    assert problem.startswith(f"Signature 1 ({PHYSICIAN}): {ADDED_AFTER_SIGNING}")


def test_a_field_already_signed_is_not_signed_over(signed_pdf: bytes, p12: bytes) -> None:
    with pytest.raises(InvalidInput, match="PhysicianSignature"):
        sign_pdf(signed_pdf, p12, PASSWORD, reason=REASON)


def test_a_wrong_password_is_refused_in_words(report_pdf: bytes, p12: bytes) -> None:
    with pytest.raises(WrongCertificatePassword) as refused:
        sign_pdf(report_pdf, p12, "Password1", reason=REASON)
    assert str(refused.value) == "The certificate password is not correct."


def test_an_expired_certificate_is_refused_naming_its_dates(report_pdf: bytes, local_ca: LocalCA) -> None:
    # The local authority was created just now, so a past window is clipped only at its end.
    start = datetime.now(UTC) - timedelta(days=800)
    expired = issue_signing_certificate(local_ca, name="Dr Expired", password="pw", valid_days=400, not_before=start)
    end = start + timedelta(days=400)

    with pytest.raises(CertificateNotValid) as refused:
        sign_pdf(report_pdf, expired, "pw", reason=REASON)

    message = str(refused.value)
    assert message.startswith(f"The signing certificate expired on {end:%B} {end.day}, {end.year}")
    assert f"valid from {start:%B} {start.day}, {start.year}" in message


def test_a_certificate_not_valid_yet_is_refused(report_pdf: bytes, local_ca: LocalCA) -> None:
    start = datetime.now(UTC) + timedelta(days=30)
    future = issue_signing_certificate(local_ca, name="Dr Future", password="pw", not_before=start)
    with pytest.raises(CertificateNotValid, match=f"not valid until {start:%B} {start.day}, {start.year}"):
        sign_pdf(report_pdf, future, "pw", reason=REASON)


@pytest.mark.parametrize("p12", [b"", b"not a certificate at all", b"-----BEGIN CERTIFICATE-----\nMIIB\n"])
def test_a_file_that_is_not_a_certificate_is_refused(report_pdf: bytes, p12: bytes) -> None:
    with pytest.raises(CertificateUnreadable, match=r"\.p12"):
        sign_pdf(report_pdf, p12, PASSWORD, reason=REASON)


def test_a_truncated_certificate_file_is_refused(report_pdf: bytes, p12: bytes) -> None:
    with pytest.raises(CertificateUnreadable):
        sign_pdf(report_pdf, p12[: len(p12) // 2], PASSWORD, reason=REASON)


@pytest.mark.parametrize(
    ("pdf", "words"), [(b"", "empty"), (b"PK\x03\x04 a zip", "not a PDF"), (b"%PDF-1.7\n1 0 obj", "damaged")]
)
def test_a_pdf_that_cannot_be_read_is_not_signed(pdf: bytes, words: str, p12: bytes) -> None:
    with pytest.raises(PdfUnreadable, match=words):
        sign_pdf(pdf, p12, PASSWORD, reason=REASON)


@pytest.mark.parametrize(
    ("data", "words"),
    [(b"", "The file is empty."), (b"GIF89a", "The file is not a PDF."), (b"%PDF-1.4\ntruncated", "damaged")],
)
def test_a_file_that_is_not_a_readable_pdf_is_reported_unsigned(data: bytes, words: str) -> None:
    check = verify_pdf(data)
    assert not check.signed and not check.valid
    assert words in check.problems[0]


def test_an_unsigned_report_is_reported_unsigned(report_pdf: bytes) -> None:
    check = verify_pdf(report_pdf)
    assert not check.signed and not check.valid
    assert check.problems == (NOT_SIGNED,)


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="pdfsig (poppler-utils) is not installed")
@pytest.mark.skipif(
    shutil.which("certutil") is None, reason="certutil is not installed (apt-get install libnss3-tools; CI installs it)"
)
def test_pdfsig_trusts_a_report_signed_through_the_local_authority(
    signed_pdf: bytes, local_ca: LocalCA, tmp_path: Path
) -> None:
    nss = create_nss_database(tmp_path / "nss", [local_ca.certificate_pem])
    report = tmp_path / "report.pdf"
    report.write_bytes(signed_pdf)

    result = subprocess.run(["pdfsig", "-nssdir", str(nss), str(report)], capture_output=True, text=True, check=True)

    assert "Signature is Valid" in result.stdout
    assert "Total document signed" in result.stdout
    assert "Certificate is Trusted" in result.stdout
    assert f"Signer Certificate Common Name: {PHYSICIAN}" in result.stdout
    assert "Signing Hash Algorithm: SHA-256" in result.stdout


def test_a_report_signed_before_the_certificate_expired_stays_untampered_but_is_not_valid_now(
    report_pdf: bytes, local_ca: LocalCA
) -> None:
    start = datetime.now(UTC) - timedelta(days=800)
    lapsed = issue_signing_certificate(local_ca, name="Dr Lapsed", password="pw", valid_days=400, not_before=start)
    signed = sign_pdf(report_pdf, lapsed, "pw", reason=REASON, signing_time=start + timedelta(days=200))
    end = start + timedelta(days=400)

    check = verify_pdf(signed, trust_roots=[local_ca.certificate_pem])

    assert check.intact and not check.trusted and not check.valid
    assert check.signed_at == (start + timedelta(days=200)).replace(microsecond=0)
    assert check.problems == (
        f"The signer's certificate is not valid now: it was valid from {start:%B} {start.day}, {start.year} "
        f"to {end:%B} {end.day}, {end.year}.",
    )
