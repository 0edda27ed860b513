"""Signing a finished report: a PAdES baseline-B signature in an invisible field.

The visible signature (the handwritten image, name and date) is drawn into the page by the
report renderer before this step; the cryptographic signature itself has no appearance of its
own, so nothing on the page moves when it is added.
"""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko_certvalidator.registry import SimpleCertificateStore

from reviewer_app.domain.errors import InvalidInput
from reviewer_app.domain.signatures import PdfUnreadable
from reviewer_app.signing.credentials import check_valid_at, open_pkcs12

DEFAULT_FIELD_NAME = "PhysicianSignature"


def sign_pdf(
    pdf: bytes,
    p12: bytes,
    password: str,
    *,
    reason: str,
    location: str = "",
    field_name: str = DEFAULT_FIELD_NAME,
    signing_time: datetime | None = None,
) -> bytes:
    """``pdf`` with a PAdES B-B signature (SHA-256, the certificate chain embedded) appended.

    ``p12`` is the physician's PKCS#12 file and ``password`` opens it; neither is kept.
    ``signing_time`` (an aware time; default now, in local time) is the time written into the signature.
    Raises WrongCertificatePassword, CertificateUnreadable, CertificateNotValid (naming the
    dates: checked before anything is signed), PdfUnreadable, or InvalidInput for a field name
    already signed in this PDF.
    """
    # Local time by default: the signature records its offset, and readers show it as the physician saw it.
    moment = signing_time if signing_time is not None else datetime.now().astimezone()
    if moment.tzinfo is None:
        raise ValueError("signing_time must be an aware datetime")
    credentials = open_pkcs12(p12, password)
    check_valid_at(credentials.certificate, moment)

    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf))
    except (PdfError, ValueError, KeyError, IndexError, TypeError) as error:
        # pyHanko's parser raises more than PdfError on truncated or foreign input.
        raise PdfUnreadable(_pdf_problem(pdf, error)) from error
    if writer.prev.encrypted:
        raise PdfUnreadable("it is encrypted")

    chain = SimpleCertificateStore()  # type: ignore[no-untyped-call]
    for certificate in credentials.chain:
        chain.register(_asn1_certificate(certificate))
    signer = signers.SimpleSigner(
        signing_cert=_asn1_certificate(credentials.certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            credentials.private_key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
        cert_registry=chain,
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason or None,
        location=location or None,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    pdf_signer = _TimedPdfSigner(metadata, signer, signing_time=moment)
    try:
        output = pdf_signer.sign_pdf(writer)
    except SigningError as error:
        # pyHanko refuses to sign over an existing signature in the same field.
        raise InvalidInput(f"The report cannot be signed in the field {field_name}: {error}") from error
    except (PdfError, ValueError, KeyError, IndexError, TypeError) as error:
        raise PdfUnreadable(_pdf_problem(pdf, error)) from error
    data: bytes = output.getvalue()
    return data


class _TimedPdfSigner(signers.PdfSigner):
    """A PdfSigner that writes a given signing time instead of the clock's (pyHanko has no parameter for it)."""

    def __init__(self, *args: Any, signing_time: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._signing_time = signing_time

    def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._signing_time
        return session


def _asn1_certificate(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _pdf_problem(pdf: bytes, error: Exception) -> str:
    if not pdf:
        return "the file is empty"
    if pdf.lstrip()[:5] != b"%PDF-":
        return "the file is not a PDF"
    return f"the PDF is damaged ({error})"
