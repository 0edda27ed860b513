"""The physician's signing certificate and the small certificate authority that issues it.

The authority lives in the data folder (``signing/``); its certificate (``ca.pem``) is what a
vendor, ``pdfsig`` or Acrobat are told to trust. The physician's PKCS#12 file is copied into the
data folder as the profile's certificate; its password is asked each time and never stored.
"""

from __future__ import annotations

from pathlib import Path

from reviewer_app.domain.errors import ReviewerError
from reviewer_app.records.output_files import write_file_atomically
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.profile import get_profile

PROFILE_CERTIFICATE = "physician.p12"
CA_CERTIFICATE = "ca.pem"


def signing_folder(folder: DataFolder) -> Path:
    return folder.path / "signing"


def create_profile_certificate(folder: DataFolder, out: Path, password: str) -> Path:
    """Issue the physician's certificate from the local authority (created on first use).

    Writes the password-protected PKCS#12 to ``out`` and keeps a copy as the profile's.
    """
    if len(password) < 8:
        raise ReviewerError("Choose a certificate password of at least 8 characters.")
    profile = get_profile(folder)
    if not profile.name:
        raise ReviewerError("Set your name in the profile first (`reviewer profile set`); the certificate carries it.")
    # pyHanko and the crypto libraries: loaded when a certificate is made, not when the window opens.
    from reviewer_app.signing import create_local_ca, issue_signing_certificate, load_local_ca, save_local_ca

    ca = load_local_ca(signing_folder(folder))
    if ca is None:
        ca = create_local_ca(f"{profile.name} (Reviewer local signing authority)")
        save_local_ca(ca, signing_folder(folder))
    p12 = issue_signing_certificate(ca, name=profile.name, email=profile.email, password=password)
    write_file_atomically(out, p12)
    write_file_atomically(signing_folder(folder) / PROFILE_CERTIFICATE, p12, mode=0o600)  # no offline guessing
    return out


def profile_certificate(folder: DataFolder) -> bytes:
    """The profile's PKCS#12 file, or a message saying how to make one."""
    path = signing_folder(folder) / PROFILE_CERTIFICATE
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ReviewerError(
            "You have no signing certificate yet: create one with `reviewer profile certificate` "
            "(or File › Physician profile › Create certificate), or give one with --p12."
        ) from None
    except OSError as exc:
        raise ReviewerError(f"Your signing certificate {path} cannot be read: {exc.strerror or exc}") from exc


def has_profile_certificate(folder: DataFolder) -> bool:
    return (signing_folder(folder) / PROFILE_CERTIFICATE).is_file()


def authority_certificate_path(folder: DataFolder) -> Path | None:
    """The local authority's certificate (PEM), to give to a vendor; None before the first certificate."""
    path = signing_folder(folder) / CA_CERTIFICATE
    return path if path.is_file() else None


def trust_roots(folder: DataFolder) -> list[bytes]:
    """Certificates a report from this data folder is checked against (the local authority's)."""
    path = authority_certificate_path(folder)
    return [path.read_bytes()] if path is not None else []
