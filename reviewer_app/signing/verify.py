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
NOT_TRUSTED = "The signer's certificate was not issued by a certificate authority you trust."
NO_AUTHORITY = (
    "No certificate authority to trust was given, so who signed cannot be confirmed "
    "(name the authority's certificate with --trust)."
)

# What may follow an earlier signature without changing what a reader sees: timestamps and
# validation data. FORM_FILLING is pyHanko's level for any new signature too, so it is accepted
# only when the fields it changed are later signatures drawn nowhere on the page (see below).
_INVISIBLE_LATER = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)


def _demote_to_debug(record: logging.LogRecord) -> bool:
    # pyHanko logs a warning with a traceback for every certificate it cannot trust. verify_pdf
    # reports trust itself, and an unconfigured root logger would print those tracebacks on the
    # command line's stderr; they stay available to a log configured at DEBUG.
    record.levelno, record.levelname = logging.DEBUG, "DEBUG"
    return True


# The difference analysis logs a traceback for a change it cannot explain (a page edited after
# signing); verify_pdf reports that change in words instead.
for _noisy in ("pyhanko.sign.validation.generic_cms", "pyhanko.sign.diff_analysis.policies"):
    logging.getLogger(_noisy).addFilter(_demote_to_debug)


def verify_pdf(pdf: bytes, *, trust_roots: Sequence[bytes] = ()) -> SignatureCheck:
    """What the signatures in ``pdf`` say; never raises for a bad file.

    ``trust_roots`` are the certificates (PEM or DER) of the authorities to trust, such as the
    local authority's ``ca.pem``. A file that is not a readable PDF, or has no signature, comes
    back with ``signed=False`` and the reason in ``problems``. With several signatures, each is
    in ``signatures``; the check is valid only if every one is intact and trusted, nothing a
    reader sees follows the earlier ones (a later signature may follow only when it is drawn
    nowhere on the page), and the last one covers the whole file. ``later_changes`` words each
    later revision that changes what a reader sees. A trust root that is not a certificate is
    reported as a problem and ignored.
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

    invisible = {signature.field_name for signature in embedded if not _drawn_on_page(signature)}
    details = [
        _check_one(signature, roots, last=index == len(embedded) - 1, invisible_signatures=invisible)
        for index, signature in enumerate(embedded)
    ]
    several = len(details) > 1
    for number, detail in enumerate(details, start=1):
        prefix = f"Signature {number} ({detail.signer or detail.field_name}): " if several else ""
        problems.extend(prefix + problem for problem in detail.problems)
    last = details[-1]
    later_changes = tuple(
        (f"Signature {number} ({detail.signer or detail.field_name}): " if several else "") + change
        for number, detail in enumerate(details, start=1)
        for change in detail.later_changes
    )
    return SignatureCheck(
        signed=True,
        intact=all(detail.intact for detail in details),
        covers_whole_document=all(detail.covers_rest for detail in details),
        trusted=all(detail.trusted for detail in details),
        signer=last.signer,
        signed_at=last.signed_at,
        problems=tuple(problems),
        signatures=tuple(details),
        later_changes=later_changes,
    )


def _check_one(
    signature: EmbeddedPdfSignature,
    roots: list[asn1_x509.Certificate],
    *,
    last: bool,
    invisible_signatures: set[str],
) -> SignatureDetail:
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
    later_changes = _later_changes(status, last=last, invisible_signatures=invisible_signatures)
    covers_rest = not later_changes
    if intact:
        problems.extend(later_changes)
    trusted = bool(status.trusted)
    if intact and not trusted:
        problems.append(_trust_problem(status) if roots else NO_AUTHORITY)
    return SignatureDetail(
        field_name=field_name,
        signer=_signer_name(status),
        signed_at=status.signer_reported_dt,
        reason=reason,
        intact=intact,
        covers_rest=covers_rest,
        trusted=trusted,
        problems=tuple(problems),
        later_changes=tuple(later_changes) if intact else (),
    )


def _later_changes(status: PdfSignatureStatus, *, last: bool, invisible_signatures: set[str]) -> list[str]:
    """What was added after this signature that a reader would see, in words; empty when nothing."""
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return []
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return [ADDED_AFTER_SIGNING]
    # Nothing may follow the last signature; the words still say what it was when pyHanko can tell.
    return _revision_changes(status, invisible_signatures) or ([ADDED_AFTER_SIGNING] if last else [])


def _revision_changes(status: PdfSignatureStatus, invisible_signatures: set[str]) -> list[str]:
    level = status.modification_level
    if status.docmdp_ok is False or level is None or level == ModificationLevel.OTHER:
        return [f"{ADDED_AFTER_SIGNING} A page was changed or drawn over: what a reader sees is not what was signed."]
    if level == ModificationLevel.ANNOTATIONS:
        return [f"{ADDED_AFTER_SIGNING} An annotation was added or changed on a page."]
    if level in _INVISIBLE_LATER:
        return []
    changed = _changed_fields(status)
    drawn = sorted(field for field in changed if field not in invisible_signatures)
    if not drawn:
        return []
    return [
        f"{ADDED_AFTER_SIGNING} The form field or signature {field!r}, drawn on a page, was added or filled in."
        for field in drawn
    ]


def _changed_fields(status: PdfSignatureStatus) -> set[str]:
    diff = status.diff_result
    changed = getattr(diff, "changed_form_fields", None)
    # Without pyHanko's list of changed fields, nothing proves the change is harmless.
    return set(changed) if changed is not None else {"(unknown)"}


def _drawn_on_page(signature: EmbeddedPdfSignature) -> bool:
    """Whether the signature's field has an appearance box of any size (a signature anyone sees)."""
    field = signature.sig_field
    widgets = [field, *(kid.get_object() for kid in field.get("/Kids", ()))]
    for widget in widgets:
        rect = widget.get("/Rect")
        if rect is None:
            continue
        x1, y1, x2, y2 = (float(value) for value in rect)
        if abs(x2 - x1) > 0 and abs(y2 - y1) > 0:
            return True
    return False


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
    return NOT_TRUSTED


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
