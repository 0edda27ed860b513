"""The practice's letterhead, kept in a practice file in the data folder, and its logo.

The file is ``practice.json`` beside the database; the logo named in it is checked (a readable PNG
or JPEG of sensible size) and copied into the data folder when the letterhead is saved, so a later
change to, or removal of, the original does not change what the reports draw.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import warnings
from pathlib import Path
from typing import Any

from reviewer_app.domain.errors import InvalidInput, ReviewerError
from reviewer_app.domain.practice import LOGO_FORMATS, LOGO_MAX_BYTES, Practice, logo_problem, practice_from_json
from reviewer_app.records.output_files import write_file_atomically
from reviewer_app.services.data_folder import DataFolder

PRACTICE_FILE = "practice.json"
LOGO_FOLDER = "practice"
_FILE_MAX_BYTES = 64 * 1024


def practice_file(folder: DataFolder) -> Path:
    return folder.path / PRACTICE_FILE


def get_practice(folder: DataFolder) -> Practice:
    """The practice's letterhead as saved (an empty one before any was), with its logo's bytes."""
    path = practice_file(folder)
    if not path.is_file():
        return Practice()
    try:
        with open(path, "rb") as source:
            raw = source.read(_FILE_MAX_BYTES + 1)
        if len(raw) > _FILE_MAX_BYTES:
            raise ReviewerError(
                f"The practice file {path} is larger than a letterhead can be; save the letterhead again."
            )
        document = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReviewerError(f"The practice file {path} cannot be read ({exc}); save the letterhead again.") from exc
    practice = practice_from_json(document)
    if not practice.logo_path:
        return practice
    logo = Path(practice.logo_path)
    try:
        data = logo.read_bytes()
    except OSError as exc:
        raise ReviewerError(
            f"The practice's logo {logo} cannot be read ({exc.strerror or exc}); choose it again in the profile."
        ) from exc
    return Practice(**{**practice.__dict__, "logo": data})


def save_practice(folder: DataFolder, changes: dict[str, Any]) -> Practice:
    """Apply the keys given over the saved letterhead; an invalid value (or a bad logo) changes nothing.

    A ``logo`` given is checked and kept as a copy in the data folder, whose path the file names.
    """
    if not isinstance(changes, dict):
        raise InvalidInput("The practice letterhead must be a JSON object with keys such as name, address, logo.")
    before = get_practice(folder)
    logo = changes.get("logo")
    if isinstance(logo, str) and logo.strip() and logo.strip() != before.logo_path:
        changes = {**changes, "logo": str(keep_logo(folder, Path(logo.strip())))}
    practice = practice_from_json(changes, base=before)
    data = json.dumps(practice.to_json(), indent=2, ensure_ascii=False).encode("utf-8") + b"\n"
    write_file_atomically(practice_file(folder), data)
    return get_practice(folder)


def keep_logo(folder: DataFolder, given: Path) -> Path:
    """Check the image at ``given`` and copy it into the data folder (named by its content)."""
    path = given.expanduser()
    data = _read_logo(path)
    image_format = _checked_format(path, data)
    digest = hashlib.sha256(data).hexdigest()
    kept = folder.path / LOGO_FOLDER / f"logo-{digest[:16]}.{LOGO_FORMATS[image_format]}"
    if not kept.is_file():
        kept.parent.mkdir(parents=True, exist_ok=True)
        write_file_atomically(kept, data)
    return kept


def _refused(path: Path, reason: str) -> InvalidInput:
    return InvalidInput("The practice letterhead was not changed:", [f"logo: {path} {reason}"])


def _read_logo(path: Path) -> bytes:
    try:
        status = os.stat(path)
    except OSError as exc:
        raise _refused(path, f"cannot be read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(status.st_mode):
        raise _refused(path, "is not a regular file; give a PNG or JPEG of the practice's logo")
    limit = LOGO_MAX_BYTES // (1024 * 1024)
    if status.st_size > LOGO_MAX_BYTES:
        raise _refused(path, f"is larger than the {limit} MB a logo may be; give a smaller PNG or JPEG")
    try:
        with open(path, "rb") as source:
            data = source.read(LOGO_MAX_BYTES + 1)
    except OSError as exc:
        raise _refused(path, f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > LOGO_MAX_BYTES:
        raise _refused(path, f"is larger than the {limit} MB a logo may be; give a smaller PNG or JPEG")
    return data


def _checked_format(path: Path, data: bytes) -> str:
    """The image's format (PNG or JPEG) once every pixel was read; else refused in words."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                problem = logo_problem(image.format, *image.size)
                if problem:
                    raise _refused(path, problem)
                image.load()  # a truncated or damaged image fails here, not when a report is made
                return str(image.format)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refused(path, "has more pixels than a logo may have") from None
    except UnidentifiedImageError:
        raise _refused(path, "is not an image (give a PNG or JPEG of the practice's logo)") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _refused(path, f"is a damaged image ({exc}); export it again as PNG or JPEG") from None


def letterhead_problems(folder: DataFolder, changes: dict[str, Any]) -> list[str]:
    """What would stop ``changes`` being saved (bad values, a logo that is not a usable image), in words.

    Nothing is written: the profile dialog asks before it closes, so the physician can correct it.
    """
    try:
        before = get_practice(folder)
        practice_from_json(changes, base=before)
        logo = changes.get("logo")
        if isinstance(logo, str) and logo.strip() and logo.strip() != before.logo_path:
            path = Path(logo.strip()).expanduser()
            _checked_format(path, _read_logo(path))
    except InvalidInput as exc:
        return list(exc.problems)
    except ReviewerError as exc:
        return [str(exc)]
    return []
