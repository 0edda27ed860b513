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

    ``covers_rest`` is True when nothing but further signatures (or form filling) was added after
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


@dataclass(frozen=True)
class SignatureCheck:
    """The result of checking a PDF's signatures.

    ``signer`` and ``signed_at`` are the last signature's (the one over the final document);
    ``signatures`` holds every signature, in signing order. ``trusted`` says whether every
    signer's certificate chains to one of the trust roots given; it is reported apart from
    :attr:`valid` because a report signed through a certificate authority the checker does not
    know is still unchanged since signing.
    """

    signed: bool
    intact: bool
    covers_whole_document: bool
    trusted: bool
    signer: str = ""
    signed_at: datetime | None = None
    problems: tuple[str, ...] = ()
    signatures: tuple[SignatureDetail, ...] = ()

    @property
    def valid(self) -> bool:
        """Signed, every signature intact, and nothing changed or added after the last one."""
        return self.signed and self.intact and self.covers_whole_document

    def in_words(self, name: str) -> str:
        """The check as the physician reads it, first line the verdict on ``name``."""
        if self.valid:
            when = f" on {self.signed_at:%Y-%m-%d %H:%M}" if self.signed_at else ""
            lines = [f"{name}: the signature is valid.", f"Signed by {self.signer}{when}; nothing changed since."]
            if not self.trusted:
                lines.append("The signer's certificate authority is not one this computer knows.")
            return "\n".join(lines)
        return "\n".join([f"{name}: NOT VALID.", *self.problems])
