"""An NSS certificate database trusting given authorities, for poppler's ``pdfsig``.

``pdfsig`` (and Evince, Okular and other poppler readers) check signatures against an NSS
database. ``pdfsig -nssdir FOLDER report.pdf`` then says whether a report signed through the
local authority is trusted. Needs ``certutil`` (Debian package ``libnss3-tools``).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from reviewer_app.domain.signatures import SigningToolMissing

CERTUTIL_PACKAGE = "libnss3-tools"
# "C" = a trusted authority for issuing certificates, for TLS, e-mail (which covers PDF signers) and code.
TRUSTED_AUTHORITY = "C,C,C"


def certutil_path() -> str | None:
    """Where NSS's ``certutil`` is installed, or None."""
    return shutil.which("certutil")


def create_nss_database(folder: Path, trusted_certificates: Sequence[bytes]) -> Path:
    """Create an NSS database in ``folder`` (no password) trusting each certificate (PEM or DER).

    Returns ``folder``, to pass as ``pdfsig -nssdir``. Raises SigningToolMissing without certutil.
    """
    certutil = certutil_path()
    if certutil is None:
        raise SigningToolMissing("certutil", CERTUTIL_PACKAGE)
    folder.mkdir(parents=True, exist_ok=True)
    database = f"sql:{folder}"
    _run([certutil, "-N", "-d", database, "--empty-password"])
    with tempfile.TemporaryDirectory() as scratch:
        for number, data in enumerate(trusted_certificates, start=1):
            certificate = _load_certificate(data)
            path = Path(scratch) / f"authority-{number}.pem"
            path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
            nickname = f"{_nickname(certificate)} ({number})"
            _run([certutil, "-A", "-d", database, "-n", nickname, "-t", TRUSTED_AUTHORITY, "-i", str(path)])
    return folder


def _run(command: list[str]) -> None:
    # certutil is quick and local; the timeout only guards against it waiting for a password prompt.
    subprocess.run(command, check=True, capture_output=True, timeout=60, stdin=subprocess.DEVNULL)


def _load_certificate(data: bytes) -> x509.Certificate:
    if data.lstrip().startswith(b"-----BEGIN"):
        return x509.load_pem_x509_certificate(data)
    return x509.load_der_x509_certificate(data)


def _nickname(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(x509.oid.NameOID.COMMON_NAME)
    value = names[0].value if names else "authority"
    return value if isinstance(value, str) else value.decode("utf-8", errors="replace")
