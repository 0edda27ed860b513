"""Signed reports: the local certificate authority, PAdES signing and checking signatures.

Pure library code over bytes and paths. ``sign_pdf`` adds a PAdES baseline-B signature with the
physician's PKCS#12 certificate; ``verify_pdf`` says whether a PDF is signed, unchanged since,
and signed through a trusted authority. Errors are ``reviewer_app.domain.signatures`` kinds of
``ReviewerError``, worded for the physician.
"""

from reviewer_app.signing.authority import (
    CA_CERTIFICATE_FILE,
    CA_KEY_FILE,
    LocalCA,
    create_local_ca,
    issue_signing_certificate,
    load_local_ca,
    save_local_ca,
)
from reviewer_app.signing.credentials import SigningCredentials, open_pkcs12
from reviewer_app.signing.identity import certificate_problems
from reviewer_app.signing.nss import certutil_path, create_nss_database
from reviewer_app.signing.sign import DEFAULT_FIELD_NAME, sign_pdf
from reviewer_app.signing.verify import verify_pdf

__all__ = [
    "CA_CERTIFICATE_FILE",
    "CA_KEY_FILE",
    "DEFAULT_FIELD_NAME",
    "LocalCA",
    "SigningCredentials",
    "certificate_problems",
    "certutil_path",
    "create_local_ca",
    "create_nss_database",
    "issue_signing_certificate",
    "load_local_ca",
    "open_pkcs12",
    "save_local_ca",
    "sign_pdf",
    "verify_pdf",
]
