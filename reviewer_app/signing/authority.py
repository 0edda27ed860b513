"""The application's small local certificate authority and the physician's signing certificate.

A physician without a certificate from a commercial authority gets one from a local authority the
application creates once. Its certificate (``ca.pem``) is what a vendor imports into Acrobat, or
what ``pdfsig`` is told to trust through an NSS database, so that the signed reports show as
trusted. The authority's key stays on the physician's computer, readable by them only.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from reviewer_app.domain.errors import InvalidInput
from reviewer_app.domain.signatures import CertificateAuthorityUnreadable

CA_CERTIFICATE_FILE = "ca.pem"
CA_KEY_FILE = "ca-key.pem"

# RSA 2048 is what every PDF reader (Acrobat, poppler/NSS, macOS Preview, older Windows) accepts.
KEY_SIZE = 2048
# Adobe's "Authentic Documents Trust" purpose: Acrobat lists the certificate for document signing.
ADOBE_AUTHENTIC_DOCUMENTS = ObjectIdentifier("1.2.840.113583.1.1.5")
# Certificates are dated a little in the past so a clock a few minutes behind does not refuse them.
CLOCK_SKEW = timedelta(minutes=10)


@dataclass(frozen=True)
class LocalCA:
    """A certificate authority: its self-signed certificate and its private key."""

    certificate: x509.Certificate
    private_key: rsa.RSAPrivateKey

    @property
    def common_name(self) -> str:
        """The authority's name, as shown in a PDF reader's list of trusted certificates."""
        return _common_name(self.certificate)

    @property
    def certificate_pem(self) -> bytes:
        """The certificate in PEM form, as exported for a vendor or for ``pdfsig``."""
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def create_local_ca(common_name: str, *, valid_days: int = 3650) -> LocalCA:
    """Create a new certificate authority named ``common_name``, valid for ``valid_days`` days."""
    common_name = common_name.strip()
    if not common_name:
        raise InvalidInput("The certificate authority needs a name.")
    if valid_days < 1:
        raise InvalidInput("The certificate authority must be valid for at least one day.")
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    start = datetime.now(UTC) - CLOCK_SKEW
    public_key = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=valid_days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .sign(key, hashes.SHA256())
    )
    return LocalCA(certificate=certificate, private_key=key)


def issue_signing_certificate(
    ca: LocalCA,
    *,
    name: str,
    email: str = "",
    organisation: str = "",
    valid_days: int = 1095,
    password: str,
    not_before: datetime | None = None,
) -> bytes:
    """A password-protected PKCS#12 file holding a new signing key, its certificate and ``ca``'s.

    The certificate names the physician (``name``, any Unicode), allows document signing
    (digital signature and non-repudiation; e-mail protection, which poppler/NSS require of a
    PDF signer, and Adobe's document-signing purpose) and never outlives the authority.
    ``not_before`` (default: now) moves the validity window; tests use it for expired certificates.
    """
    name = name.strip()
    problems = []
    if not name:
        problems.append("name: the physician's name is needed on the certificate")
    if not password:
        problems.append("password: choose a password that protects the certificate file")
    if valid_days < 1:
        problems.append("valid_days: the certificate must be valid for at least one day")
    if problems:
        raise InvalidInput("The signing certificate cannot be created.", problems)

    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, name)]
    if organisation.strip():
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation.strip()))
    start = not_before if not_before is not None else datetime.now(UTC) - CLOCK_SKEW
    end = min(start + timedelta(days=valid_days), ca.certificate.not_valid_after_utc)
    public_key = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes))
        .issuer_name(ca.certificate.subject)
        .public_key(public_key)
        .serial_number(_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION, ADOBE_AUTHENTIC_DOCUMENTS]),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.private_key.public_key()), critical=False)
    )
    if email.strip():
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.RFC822Name(email.strip())]), critical=False)
    certificate = builder.sign(ca.private_key, hashes.SHA256())
    # AES-256 with PBKDF2 and an SHA-256 MAC: what OpenSSL 3, Windows 10+ and macOS read.
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(100_000)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(password.encode("utf-8"))
    )
    return pkcs12.serialize_key_and_certificates(
        name=name.encode("utf-8"), key=key, cert=certificate, cas=[ca.certificate], encryption_algorithm=encryption
    )


def save_local_ca(ca: LocalCA, folder: Path) -> None:
    """Write ``ca`` into ``folder``: ``ca.pem`` (the certificate to share) and the key, readable by the owner only.

    Each file is written to a temporary file in the folder and renamed over the old one, so an
    interruption never leaves half a key. The key goes first: a certificate without its key
    would look like a usable authority.
    """
    folder.mkdir(parents=True, exist_ok=True)
    key_pem = ca.private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    _write_atomically(folder / CA_KEY_FILE, key_pem, mode=0o600)
    # Private like the whole data folder; vendors get it through Export authority certificate.
    _write_atomically(folder / CA_CERTIFICATE_FILE, ca.certificate_pem, mode=0o600)


def load_local_ca(folder: Path) -> LocalCA | None:
    """The authority saved in ``folder``, or None when none was saved there.

    Raises CertificateAuthorityUnreadable when its files are damaged, one of them is missing,
    or the key does not belong to the certificate.
    """
    certificate_path = folder / CA_CERTIFICATE_FILE
    key_path = folder / CA_KEY_FILE
    if not certificate_path.exists() and not key_path.exists():
        return None
    for path in (certificate_path, key_path):
        if not path.exists():
            raise CertificateAuthorityUnreadable(str(folder), f"{path.name} is missing")
    try:
        certificate = x509.load_pem_x509_certificate(certificate_path.read_bytes())
    except ValueError as error:
        raise CertificateAuthorityUnreadable(str(folder), f"{CA_CERTIFICATE_FILE} is not a certificate") from error
    try:
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    except (ValueError, TypeError) as error:
        raise CertificateAuthorityUnreadable(str(folder), f"{CA_KEY_FILE} is not a private key") from error
    if not isinstance(key, rsa.RSAPrivateKey) or key.public_key() != certificate.public_key():
        raise CertificateAuthorityUnreadable(str(folder), f"{CA_KEY_FILE} does not belong to {CA_CERTIFICATE_FILE}")
    return LocalCA(certificate=certificate, private_key=key)


def _write_atomically(path: Path, data: bytes, *, mode: int) -> None:
    # mkstemp creates the file with 0600 already, so the key is never readable by others, even briefly.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _serial_number() -> int:
    # 159 random bits: positive and within the 20 octets RFC 5280 allows.
    return secrets.randbits(159) | 1


def _common_name(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if not names:
        return certificate.subject.rfc4514_string()
    value = names[0].value
    return value if isinstance(value, str) else value.decode("utf-8", errors="replace")
