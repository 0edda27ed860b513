"""Opening the physician's PKCS#12 file, with errors that say what to do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from reviewer_app.domain.signatures import CertificateNotValid, CertificateUnreadable, WrongCertificatePassword


@dataclass(frozen=True)
class SigningCredentials:
    """The signing key, its certificate and the rest of the chain found in the PKCS#12 file."""

    private_key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]


def open_pkcs12(p12: bytes, password: str) -> SigningCredentials:
    """The key and certificates in ``p12``, opened with ``password`` (never kept).

    Raises WrongCertificatePassword, or CertificateUnreadable when the bytes are not a PKCS#12
    file, hold no key or certificate, or hold a kind of key that cannot sign PDFs here.
    """
    if not p12:
        raise CertificateUnreadable("the file is empty")
    # cryptography gives one error for a wrong password and for a damaged file. A file whose
    # structure parses as PKCS#12 and still does not open is most likely a wrong password.
    if not _looks_like_pkcs12(p12):
        raise CertificateUnreadable("the file is not a PKCS#12 certificate file, or it is damaged")
    try:
        key, certificate, others = pkcs12.load_key_and_certificates(p12, password.encode("utf-8") if password else None)
    except ValueError as error:
        raise WrongCertificatePassword() from error
    if key is None:
        raise CertificateUnreadable("the file holds no private key (it may be a certificate exported for others)")
    if certificate is None:
        raise CertificateUnreadable("the file holds a key but no certificate")
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise CertificateUnreadable("its key is neither RSA nor elliptic curve, which PDF readers expect")
    return SigningCredentials(private_key=key, certificate=certificate, chain=tuple(others))


def check_valid_at(certificate: x509.Certificate, moment: datetime) -> None:
    """Refuse a certificate that has expired or is not valid yet at ``moment`` (an aware time)."""
    valid_from = certificate.not_valid_before_utc
    valid_until = certificate.not_valid_after_utc
    if not valid_from <= moment <= valid_until:
        raise CertificateNotValid(valid_from, valid_until, moment)


def _looks_like_pkcs12(data: bytes) -> bool:
    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        # Parsing is lazy: reading the version and the content type forces the outer structure.
        return pfx["version"].native == "v3" and pfx["auth_safe"]["content_type"].native in ("data", "signed_data")
    except (ValueError, TypeError, KeyError):
        return False
