"""Checking a signed report: is it signed, unchanged since, and signed by someone trusted?

pyHanko's validator recomputes each signature's digest, checks the certificate chain against the
trust roots given (never the operating system's list, never the network) and compares what
follows each signature with the signed revision. That last part matters: ``pdfsig`` reports a
signature over an earlier revision as valid even when pages were changed in an update after it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from io import BytesIO

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from reviewer_app.domain.signatures import SignatureCheck, SignatureDetail, spoken_date

ADDED_AFTER_SIGNING = "Content was added to the file after it was signed."
NOT_SIGNED = "The PDF has no signature."

# What may follow an earlier signature: more signatures, timestamps, filling in form fields.
_HARMLESS_LATER = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING)


def _demote_to_debug(record: logging.LogRecord) -> bool:
    # pyHanko logs a warning with a traceback for every certificate it cannot trust. verify_pdf
    # reports trust itself, and an unconfigured root logger would print those tracebacks on the
    # command line's stderr; they stay available to a log configured at DEBUG.
    record.levelno, record.levelname = logging.DEBUG, "DEBUG"
    return True


logging.getLogger("pyhanko.sign.validation.generic_cms").addFilter(_demote_to_debug)


def verify_pdf(pdf: bytes, *, trust_roots: Sequence[bytes] = ()) -> SignatureCheck:
    """What the signatures in ``pdf`` say; never raises for a bad file.

    ``trust_roots`` are the certificates (PEM or DER) of the authorities to trust, such as the
    local authority's ``ca.pem``. A file that is not a readable PDF, or has no signature, comes
    back with ``signed=False`` and the reason in ``problems``. With several signatures, each is
    in ``signatures``; the check is valid only if every one is intact, only signatures or form
    filling follow the earlier ones, and the last one covers the whole file. A trust root that
    is not a certificate is reported as a problem and ignored.
    """
    problems: list[str] = []
    roots = _trust_roots(trust_roots, problems)
    try:
        reader = PdfFileReader(BytesIO(pdf))
        embedded = list(reader.embedded_regular_signatures)
    except Exception as error:  # any parser failure on foreign bytes means "not a readable PDF"
        return _unsigned([*problems, _unreadable(pdf, error)])
    if not embedded:
        return _unsigned([*problems, NOT_SIGNED])

    details = [
        _check_one(signature, roots, last=index == len(embedded) - 1) for index, signature in enumerate(embedded)
    ]
    several = len(details) > 1
    for number, detail in enumerate(details, start=1):
        prefix = f"Signature {number} ({detail.signer or detail.field_name}): " if several else ""
        problems.extend(prefix + problem for problem in detail.problems)
    last = details[-1]
    return SignatureCheck(
        signed=True,
        intact=all(detail.intact for detail in details),
        covers_whole_document=all(detail.covers_rest for detail in details),
        trusted=all(detail.trusted for detail in details),
        signer=last.signer,
        signed_at=last.signed_at,
        problems=tuple(problems),
        signatures=tuple(details),
    )


def _check_one(signature: EmbeddedPdfSignature, roots: list[asn1_x509.Certificate], *, last: bool) -> SignatureDetail:
    field_name = signature.field_name
    reason = str(signature.sig_object.get("/Reason", ""))
    # A fresh context per signature: the validator caches what it learnt about paths and times.
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        status = validate_pdf_signature(signature, context)
    except Exception as error:  # a malformed signature is a finding, not a crash
        return SignatureDetail(
            field_name=field_name,
            signer="",
            signed_at=None,
            reason=reason,
            intact=False,
            covers_rest=False,
            trusted=False,
            problems=(f"The signature cannot be checked: it is damaged ({error}).",),
        )
    problems: list[str] = []
    intact = bool(status.intact and status.valid)
    if not status.intact:
        problems.append("The document was changed after it was signed: its content no longer matches the signature.")
    elif not status.valid:
        problems.append("The signature itself is not valid: it was not made with the key of the certificate it names.")
    covers_rest = _covers_rest(status, last=last)
    if intact and not covers_rest:
        problems.append(ADDED_AFTER_SIGNING)
    trusted = bool(status.trusted)
    if intact and not trusted and roots:
        problems.append(_trust_problem(status))
    return SignatureDetail(
        field_name=field_name,
        signer=_signer_name(status),
        signed_at=status.signer_reported_dt,
        reason=reason,
        intact=intact,
        covers_rest=covers_rest,
        trusted=trusted,
        problems=tuple(problems),
    )


def _covers_rest(status: PdfSignatureStatus, *, last: bool) -> bool:
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    if last or status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return False
    return status.modification_level in _HARMLESS_LATER and status.docmdp_ok is not False


def _trust_problem(status: PdfSignatureStatus) -> str:
    certificate = status.signing_cert
    valid_from = certificate.not_valid_before
    valid_until = certificate.not_valid_after
    moment = status.validation_time
    if moment is not None and not valid_from <= moment <= valid_until:
        return (
            f"The signer's certificate is not valid now: it was valid from {spoken_date(valid_from)} "
            f"to {spoken_date(valid_until)}."
        )
    if status.revoked:
        return "The signer's certificate was revoked."
    return "The signer's certificate was not issued by a certificate authority you trust."


def _signer_name(status: PdfSignatureStatus) -> str:
    subject = status.signing_cert.subject.native
    name = subject.get("common_name") if isinstance(subject, dict) else None
    if isinstance(name, list):  # a subject may repeat an attribute
        name = name[0] if name else None
    return str(name) if name else status.signing_cert.subject.human_friendly


def _trust_roots(trust_roots: Sequence[bytes], problems: list[str]) -> list[asn1_x509.Certificate]:
    roots = []
    for number, data in enumerate(trust_roots, start=1):
        try:
            certificate = (
                x509.load_pem_x509_certificate(data)
                if data.lstrip().startswith(b"-----BEGIN")
                else x509.load_der_x509_certificate(data)
            )
        except ValueError:
            problems.append(f"Trusted certificate {number} is not a certificate and was ignored.")
            continue
        roots.append(asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER)))
    return roots


def _unsigned(problems: list[str]) -> SignatureCheck:
    return SignatureCheck(
        signed=False, intact=False, covers_whole_document=False, trusted=False, problems=tuple(problems)
    )


def _unreadable(pdf: bytes, error: Exception) -> str:
    if not pdf:
        return "The file is empty."
    if pdf.lstrip()[:5] != b"%PDF-":
        return "The file is not a PDF."
    return f"The PDF cannot be read: it is damaged ({error})."
