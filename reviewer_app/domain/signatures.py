"""Signed reports: what a signature check found, and why signing can be refused.

Pure Python: the cryptography lives in ``reviewer_app.signing``; these are the words and values
the services, the command line and the window show to the physician.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from reviewer_app.domain.errors import InvalidInput, ReviewerError


def spoken_date(moment: date) -> str:
    """A date as a physician reads it in a message: "March 3, 2024"."""
    return f"{moment:%B} {moment.day}, {moment.year}"


class WrongCertificatePassword(InvalidInput):
    """The password given does not open the signing certificate (PKCS#12 file)."""

    def __init__(self) -> None:
        super().__init__("The certificate password is not correct.")


class CertificateUnreadable(InvalidInput):
    """The file given as the signing certificate is not a PKCS#12 file, or it is damaged or incomplete."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(
            f"The signing certificate cannot be used: {detail}. Choose the .p12 (or .pfx) file that holds "
            "your signing key and certificate, or create a new certificate."
        )


class CertificateNotValid(InvalidInput):
    """The signing certificate has expired, or is not valid yet, at the time of signing."""

    def __init__(self, valid_from: datetime, valid_until: datetime, at: datetime) -> None:
        self.valid_from = valid_from
        self.valid_until = valid_until
        window = f"it is valid from {spoken_date(valid_from)} to {spoken_date(valid_until)}"
        if at > valid_until:
            message = (
                f"The signing certificate expired on {spoken_date(valid_until)} ({window}). "
                "Create or import a new certificate to sign."
            )
        else:
            message = (
                f"The signing certificate is not valid until {spoken_date(valid_from)} ({window}). "
                "Check the computer's date, or use another certificate."
            )
        super().__init__(message)


class PdfUnreadable(InvalidInput):
    """The PDF to sign cannot be read (damaged, encrypted or not a PDF)."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"The report PDF cannot be read, so it was not signed: {detail}.")


class CertificateNotYours(InvalidInput):
    """The signing certificate is not the physician's: wrong authority, or another name or NPI."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__(
            "This certificate cannot sign your reports, so nothing was signed or locked:",
            [*reasons, "sign with the certificate from `reviewer profile certificate` (your profile's)"],
        )


class CertificateAuthorityUnreadable(ReviewerError):
    """The application's own certificate authority files are damaged or do not match each other."""

    def __init__(self, folder: str, detail: str) -> None:
        self.folder = folder
        super().__init__(
            f"The local certificate authority in {folder} cannot be read: {detail}. "
            "Restore the folder from a backup, or move it away to create a new authority "
            "(certificates it issued will then need to be issued again)."
        )


class SigningToolMissing(ReviewerError):
    """An outside program the task needs (such as NSS's certutil) is not installed."""

    def __init__(self, program: str, package: str) -> None:
        self.program = program
        super().__init__(f"The program {program} is not installed; install the package {package}.")


@dataclass(frozen=True)
class SignatureDetail:
    """What was found about one signature in a PDF.

    ``covers_rest`` is True when nothing a reader sees (only signatures drawn nowhere) was added after
    this signature; for the last signature it means the signature covers the whole file.
    """

    field_name: str
    signer: str
    signed_at: datetime | None
    reason: str
    intact: bool
    covers_rest: bool
    trusted: bool
    problems: tuple[str, ...] = ()
    later_changes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SignatureCheck:
    """The result of checking a PDF's signatures.

    ``signer`` and ``signed_at`` are the last signature's (the one over the final document);
    ``signatures`` holds every signature, in signing order. ``trusted`` says whether every
    signer's certificate chains to one of the trust roots given; it is kept apart from
    ``intact`` so the words can say which failed, but :attr:`valid` needs both: anyone can make a
    certificate carrying the physician's name. ``later_changes`` words each revision after a
    signature that changes what a reader sees.
    """

    signed: bool
    intact: bool
    covers_whole_document: bool
    trusted: bool
    signer: str = ""
    signed_at: datetime | None = None
    problems: tuple[str, ...] = ()
    signatures: tuple[SignatureDetail, ...] = ()
    later_changes: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        """Signed, every signature intact and trusted, and nothing a reader sees added after any."""
        return self.signed and self.intact and self.covers_whole_document and self.trusted

    def verdict(self) -> str:
        """The verdict in one line: who signed and that nothing changed, or what failed."""
        if self.valid:
            when = f" on {self.signed_at:%Y-%m-%d %H:%M %Z}".rstrip() if self.signed_at else ""
            return f"Valid: signed by {self.signer}{when}; nothing was changed or added since."
        if not self.signed:
            return "NOT VALID: the file carries no signature that can be checked."
        failed = []
        if not self.intact:
            failed.append("the signed content was altered")
        if self.intact and not self.covers_whole_document:
            failed.append("something a reader sees was added after signing")
        if not self.trusted:
            failed.append("the signer is not certified by an authority you trust")
        named = f" (it names {self.signer})" if self.signer else ""
        return f"NOT VALID{named}: " + "; ".join(failed) + "."

    def in_words(self, name: str) -> str:
        """The check as the physician reads it, first line the verdict on ``name``."""
        if self.valid:
            return f"{name}: {self.verdict()}"
        return "\n".join([f"{name}: {self.verdict()}", *self.problems])
