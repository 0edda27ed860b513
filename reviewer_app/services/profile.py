"""The physician's profile: read and change it.

A signature image named in the profile is checked (a readable PNG or JPEG of sensible size) and
copied into the data folder when the profile is set: the report draws the copy, so a later change
to, or removal of, the original does not change what signing draws, and signing never meets a file
it cannot read.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import warnings
from pathlib import Path
from typing import Any

from reviewer_app.domain.errors import InvalidInput
from reviewer_app.domain.profile import (
    SIGNATURE_IMAGE_FORMATS,
    SIGNATURE_IMAGE_MAX_BYTES,
    PhysicianProfile,
    profile_from_json,
    signature_image_problem,
)
from reviewer_app.records.output_files import write_file_atomically
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.storage.repositories import ProfileRepository

SIGNATURE_FOLDER = "profile"


def get_profile(folder: DataFolder) -> PhysicianProfile:
    with folder.database.transaction() as session:
        return ProfileRepository(session).get()


def update_profile(folder: DataFolder, changes: dict[str, Any], *, recheck_conflicts: bool = True) -> PhysicianProfile:
    """Apply the keys given over the current profile; invalid values change nothing.

    A ``signature_image`` given is checked and kept as a copy in the data folder, whose path
    the saved profile names. A conflict added re-checks the open cases here unless
    ``recheck_conflicts`` is False: the window saves at once and re-checks in the background
    (:func:`conflicts_added` tells it whether to), since that reads every open case's text.
    """
    image = changes.get("signature_image") if isinstance(changes, dict) else None
    if isinstance(image, str) and image.strip():
        changes = {**changes, "signature_image": str(keep_signature_image(folder, Path(image.strip())))}
    with folder.database.transaction() as session:
        repository = ProfileRepository(session)
        before = repository.get()
        profile = profile_from_json(changes, base=before)
        repository.save(profile, folder.clock())
    if recheck_conflicts and conflicts_added(before, profile):
        from reviewer_app.services.conflicts import recheck_open_cases  # the profile's few users need not load it

        recheck_open_cases(folder)  # a conflict added now is warned of in the cases already open
    return profile


def conflicts_added(before: PhysicianProfile, after: PhysicianProfile) -> bool:
    """Whether ``after`` names a conflict ``before`` did not: the open cases must then be checked again."""
    return bool(set(after.conflicts) - set(before.conflicts))


def save_profile(folder: DataFolder, profile: PhysicianProfile) -> None:
    with folder.database.transaction() as session:
        ProfileRepository(session).save(profile, folder.clock())


def keep_signature_image(folder: DataFolder, given: Path) -> Path:
    """Check the image at ``given`` and copy it into the data folder; return the copy's path.

    The copy is named by its content, so setting the same image again (the profile dialog sends
    the current value back) keeps the one copy.
    """
    path = given.expanduser()
    data = _read_signature_file(path)
    image_format = _checked_image_format(path, data)
    digest = hashlib.sha256(data).hexdigest()
    kept = folder.path / SIGNATURE_FOLDER / f"signature-{digest[:16]}.{SIGNATURE_IMAGE_FORMATS[image_format]}"
    if not kept.is_file():
        kept.parent.mkdir(parents=True, exist_ok=True)
        write_file_atomically(kept, data)
    return kept


def _refused(path: Path, reason: str) -> InvalidInput:
    return InvalidInput("The profile was not changed:", [f"signature_image: {path} {reason}"])


def _read_signature_file(path: Path) -> bytes:
    try:
        status = os.stat(path)
    except OSError as exc:
        raise _refused(path, f"cannot be read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(status.st_mode):
        raise _refused(path, "is not a regular file; give a PNG or JPEG of your signature")
    if status.st_size > SIGNATURE_IMAGE_MAX_BYTES:
        limit = SIGNATURE_IMAGE_MAX_BYTES // (1024 * 1024)
        raise _refused(path, f"is larger than the {limit} MB a signature image may be; give a smaller PNG or JPEG")
    try:
        with open(path, "rb") as source:
            data = source.read(SIGNATURE_IMAGE_MAX_BYTES + 1)  # the file may have grown since stat
    except OSError as exc:
        raise _refused(path, f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > SIGNATURE_IMAGE_MAX_BYTES:
        raise _refused(path, "is larger than a signature image may be; give a smaller PNG or JPEG")
    return data


def _checked_image_format(path: Path, data: bytes) -> str:
    """The image's format (PNG or JPEG) once its header and every pixel were read; else refused."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow warns past MAX_IMAGE_PIXELS and raises only past twice that: refuse both.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                problem = signature_image_problem(image.format, *image.size)  # from the header alone
                if problem:
                    raise _refused(path, problem)
                image.load()  # a truncated or damaged image fails here, not at signing
                return str(image.format)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refused(path, "has more pixels than a signature image may have (a decompression bomb)") from None
    except UnidentifiedImageError:
        raise _refused(path, "is not an image (give a PNG or JPEG of your signature)") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _refused(path, f"is a damaged image ({exc}); export it again as PNG or JPEG") from None
