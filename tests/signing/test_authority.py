from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from reviewer_app.domain.errors import InvalidInput
from reviewer_app.domain.signatures import CertificateAuthorityUnreadable, WrongCertificatePassword
from reviewer_app.signing import (
    CA_CERTIFICATE_FILE,
    CA_KEY_FILE,
    LocalCA,
    issue_signing_certificate,
    load_local_ca,
    open_pkcs12,
    save_local_ca,
)
from reviewer_app.signing.authority import ADOBE_AUTHENTIC_DOCUMENTS
from tests.signing.conftest import PASSWORD, PHYSICIAN


def test_saved_authority_loads_back_with_its_key_readable_by_the_owner_only(local_ca: LocalCA, tmp_path: Path) -> None:
    folder = tmp_path / "authority"
    save_local_ca(local_ca, folder)

    loaded = load_local_ca(folder)

    assert loaded is not None
    assert loaded.certificate == local_ca.certificate
    assert loaded.private_key.private_numbers() == local_ca.private_key.private_numbers()
    assert loaded.common_name == "Reviewer Local Authority — Dr Dvořák-Nguyễn"
    assert stat.S_IMODE((folder / CA_KEY_FILE).stat().st_mode) == 0o600
    assert (folder / CA_CERTIFICATE_FILE).read_bytes() == local_ca.certificate_pem
    assert sorted(p.name for p in folder.iterdir()) == [CA_KEY_FILE, CA_CERTIFICATE_FILE]  # no temporary files left


def test_exported_certificate_is_a_certificate_authority(local_ca: LocalCA) -> None:
    certificate = x509.load_pem_x509_certificate(local_ca.certificate_pem)
    assert certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert certificate.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign


def test_a_folder_without_an_authority_has_none(tmp_path: Path) -> None:
    assert load_local_ca(tmp_path) is None


def test_an_authority_missing_its_key_is_refused(local_ca: LocalCA, tmp_path: Path) -> None:
    save_local_ca(local_ca, tmp_path)
    (tmp_path / CA_KEY_FILE).unlink()
    with pytest.raises(CertificateAuthorityUnreadable, match=r"ca-key\.pem is missing"):
        load_local_ca(tmp_path)


def test_a_key_that_is_not_the_certificates_is_refused(local_ca: LocalCA, other_ca: LocalCA, tmp_path: Path) -> None:
    save_local_ca(local_ca, tmp_path)
    (tmp_path / CA_CERTIFICATE_FILE).write_bytes(other_ca.certificate_pem)
    with pytest.raises(CertificateAuthorityUnreadable, match="does not belong"):
        load_local_ca(tmp_path)


def test_damaged_authority_files_are_refused(local_ca: LocalCA, tmp_path: Path) -> None:
    save_local_ca(local_ca, tmp_path)
    (tmp_path / CA_CERTIFICATE_FILE).write_text("not a certificate")
    with pytest.raises(CertificateAuthorityUnreadable, match="is not a certificate"):
        load_local_ca(tmp_path)


def test_signing_certificate_names_the_physician_and_allows_document_signing(p12: bytes, local_ca: LocalCA) -> None:
    credentials = open_pkcs12(p12, PASSWORD)
    certificate = credentials.certificate

    assert certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == PHYSICIAN
    assert certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "Example Review Practice"
    assert certificate.issuer == local_ca.certificate.subject
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    purposes = list(certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    assert ExtendedKeyUsageOID.EMAIL_PROTECTION in purposes and ADOBE_AUTHENTIC_DOCUMENTS in purposes
    emails = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert emails.get_values_for_type(x509.RFC822Name) == ["reviewer@example.org"]
    assert credentials.chain == (local_ca.certificate,)
    certificate.verify_directly_issued_by(local_ca.certificate)


def test_signing_certificate_never_outlives_its_authority(local_ca: LocalCA) -> None:
    p12 = issue_signing_certificate(local_ca, name="Dr Long", password="pw", valid_days=100 * 365)
    certificate = open_pkcs12(p12, "pw").certificate
    assert certificate.not_valid_after_utc == local_ca.certificate.not_valid_after_utc


def test_signing_certificate_validity_window_can_be_placed(local_ca: LocalCA) -> None:
    start = datetime(2020, 1, 1, tzinfo=UTC)
    p12 = issue_signing_certificate(local_ca, name="Dr Past", password="pw", valid_days=365, not_before=start)
    certificate = open_pkcs12(p12, "pw").certificate
    assert certificate.not_valid_before_utc == start
    assert certificate.not_valid_after_utc == start + timedelta(days=365)


def test_the_certificate_file_needs_its_password(p12: bytes) -> None:
    with pytest.raises(WrongCertificatePassword, match=r"^The certificate password is not correct\.$"):
        open_pkcs12(p12, "guess")


def test_a_certificate_needs_a_name_and_a_password(local_ca: LocalCA) -> None:
    with pytest.raises(InvalidInput) as refused:
        issue_signing_certificate(local_ca, name="  ", password="")
    assert [problem.split(":")[0] for problem in refused.value.problems] == ["name", "password"]
