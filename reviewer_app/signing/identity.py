"""Whose certificate is this? The check ``sign`` makes before a report is signed with it.

Anyone can make a certificate that carries the physician's name; only one issued by the data
folder's authority (or an authority the physician named) is theirs. The chain is checked by
pyHanko's certificate validator, the same one ``verify`` uses, so a certificate ``sign`` accepts
is one ``verify`` trusts.
"""

from __future__ import annotations

import asyncio
import re
import unicodedata
from collections.abc import Sequence

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import InvalidCertificateError, PathBuildingError, PathValidationError

from reviewer_app.signing.credentials import open_pkcs12

# Where an NPI may be written in a certificate's subject: the serial number or user id attribute.
_NPI_ATTRIBUTES = (NameOID.SERIAL_NUMBER, NameOID.USER_ID)


def certificate_problems(
    p12: bytes, password: str, *, trust_roots: Sequence[bytes], name: str, npi: str = ""
) -> list[str]:
    """Why the certificate in ``p12`` is not the physician's, in words; empty when it is.

    It must chain to one of ``trust_roots`` (PEM certificates), and when it carries a name or an
    NPI they must be the profile's ``name`` and ``npi``. Raises the errors of ``open_pkcs12``
    for a wrong password or an unreadable file.
    """
    credentials = open_pkcs12(p12, password)
    certificate = credentials.certificate
    problems: list[str] = []
    holder = _common_name(certificate)
    if not trust_roots:
        problems.append(
            "this data folder has no certificate authority yet, so no certificate can be confirmed as "
            "yours: create your certificate with `reviewer profile certificate`"
        )
    elif not _chains_to(certificate, credentials.chain, trust_roots):
        problems.append(
            f"the certificate ({holder or 'no name'}, issued by {_common_name_of_issuer(certificate) or 'no name'}) "
            "was not issued by this data folder's certificate authority"
        )
    if holder and name and _same_name(holder) != _same_name(name):
        problems.append(f"the certificate is made out to {holder}, not to {name} as in your profile")
    for carried in _npis(certificate):
        if npi and carried != npi:
            problems.append(f"the certificate carries the NPI {carried}, not {npi} as in your profile")
    return problems


def _chains_to(certificate: x509.Certificate, chain: Sequence[x509.Certificate], roots: Sequence[bytes]) -> bool:
    context = ValidationContext(trust_roots=[_asn1(_load(root)) for root in roots], allow_fetching=False)
    validator = CertificateValidator(
        _asn1(certificate), intermediate_certs=[_asn1(other) for other in chain], validation_context=context
    )
    try:
        asyncio.run(validator.async_validate_path())
    except (PathBuildingError, PathValidationError, InvalidCertificateError):
        return False
    return True


def _load(data: bytes) -> x509.Certificate:
    if data.lstrip().startswith(b"-----BEGIN"):
        return x509.load_pem_x509_certificate(data)
    return x509.load_der_x509_certificate(data)


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _common_name(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else ""


def _common_name_of_issuer(certificate: x509.Certificate) -> str:
    names = certificate.issuer.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else ""


def _same_name(name: str) -> str:
    # The same name typed twice may differ in Unicode form, case or spacing; never in letters.
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _npis(certificate: x509.Certificate) -> list[str]:
    found = []
    for oid in _NPI_ATTRIBUTES:
        for attribute in certificate.subject.get_attributes_for_oid(oid):
            match = re.fullmatch(r"(?:NPI[:\s-]*)?(\d{10})", str(attribute.value).strip(), re.IGNORECASE)
            if match:
                found.append(match.group(1))
    return found
