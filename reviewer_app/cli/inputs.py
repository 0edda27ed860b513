"""What the physician names on the command line, checked before any work: files read, files written, cases.

A FIFO or a device would block or never end, a folder is not a file, and a file far larger than
its kind ever is would be read into memory: each is refused with a sentence before it is opened
for reading, and the file read is the one checked (opened without blocking, then checked again).
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from reviewer_app.bundles.document_checks import DocumentCaps, oversized_values
from reviewer_app.domain.errors import NotFound, ReviewerError

KIB, MIB = 1024, 1024**2

# Sizes no file of its kind reaches: a findings file of a few hundred questions is well under 1 MiB.
FINDINGS_FILE_BYTES = 8 * MIB
PROFILE_FILE_BYTES = 1 * MIB
PASSWORD_FILE_BYTES = 64 * KIB
CERTIFICATE_FILE_BYTES = 1 * MIB
REPORT_FILE_BYTES = 256 * MIB
SIGNATURE_IMAGE_BYTES = 10 * MIB

# A rationale of 100,000 characters is some 30 pages; a profile's values are names and addresses,
# and its lists (licenses, specialties) a few dozen entries: each is printed on every report.
FINDINGS_CAPS = DocumentCaps(depth=32, text=100_000, integer=2**53, items=10_000)
PROFILE_CAPS = DocumentCaps(depth=8, text=10_000, integer=2**53, items=200)

MAX_CASE_NAME = 200  # a manifest's case.reference is capped at 200 characters (bundles.limits)
MAX_QUERY = 1_000  # characters of a search query
_LONG_NUMBER = re.compile(r"-?\d{31,}")
_FIELD_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,99}$")  # findings field ids: q1.determination


def _size(size: int) -> str:
    return f"{size / MIB:.0f} MiB" if size >= MIB else f"{size / KIB:.0f} KiB"


def _refuse_unless_regular(path: Path, what: str, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise ReviewerError(f"The {what} {path} is a folder; give a file.")
    if not stat.S_ISREG(mode):
        raise ReviewerError(f"The {what} {path} is not a regular file (a pipe, socket or device); give a file.")


def read_user_file(path: Path, what: str, max_bytes: int) -> bytes:
    """The bytes of a file the physician named, refused with a sentence unless a regular file of sensible size."""
    try:
        _refuse_unless_regular(path, what, os.stat(path).st_mode)
        # O_NONBLOCK: had the name become a FIFO since the check, opening it must not wait for a writer.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise NotFound(f"The {what} {path} does not exist.") from None
    except OSError as exc:
        raise ReviewerError(f"The {what} {path} cannot be read: {exc.strerror or exc}.") from None
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(stream.fileno())
        _refuse_unless_regular(path, what, status.st_mode)
        too_large = f"The {what} {path} is larger than {_size(max_bytes)}; no {what} is that large."
        if status.st_size > max_bytes:
            raise ReviewerError(too_large)
        try:
            data = stream.read(max_bytes + 1)
        except OSError as exc:
            raise ReviewerError(f"The {what} {path} cannot be read: {exc.strerror or exc}.") from None
    if len(data) > max_bytes:
        raise ReviewerError(too_large)
    return data


def read_json_file(path: Path, what: str, max_bytes: int, caps: DocumentCaps) -> Any:
    """A JSON document from a file the physician named; any problem is a sentence naming the place."""
    raw = read_user_file(path, what, max_bytes)
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ReviewerError(
            f"The {what} {path} is not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line})."
        ) from None
    try:
        document = json.loads(text, parse_int=_whole_number)
    except json.JSONDecodeError as exc:
        raise ReviewerError(
            f"The {what} {path} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from None
    except RecursionError:
        raise ReviewerError(f"The {what} {path} is nested too deeply to be a {what}.") from None
    except ValueError:  # a number too long to convert (see _whole_number)
        found = _LONG_NUMBER.search(text)
        offset = found.start() if found else 0
        line, column = text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise ReviewerError(
            f"The {what} {path} holds a number too long to read at line {line}, column {column}."
        ) from None
    problems = oversized_values(document, caps, root=path.name, plain_key=_FIELD_ID)
    if problems:
        listed = "\n".join(f"  - {where}: {problem}" for where, problem in problems.items())
        raise ReviewerError(f"The {what} {path} cannot be used:\n{listed}")
    return document


def _whole_number(digits: str) -> int:
    # Python refuses beyond 4,300 digits only after the work; nothing real has more than 30.
    if len(digits) > 31:
        raise ValueError("number too long")
    return int(digits)


def check_signature_image(profile: Any) -> None:
    """Refuse a profile whose signature image is not a regular file of sensible size (it is read for every report)."""
    image = profile.get("signature_image") if isinstance(profile, dict) else None
    if not isinstance(image, str) or not image.strip():
        return
    path = Path(image).expanduser()
    try:
        status = os.stat(path)
    except OSError as exc:
        raise ReviewerError(f"signature_image: {path} cannot be read: {exc.strerror or exc}.") from None
    if not stat.S_ISREG(status.st_mode):
        raise ReviewerError(f"signature_image: {path} is not a regular file; give a PNG of your signature.")
    if status.st_size > SIGNATURE_IMAGE_BYTES:
        raise ReviewerError(
            f"signature_image: {path} is larger than {_size(SIGNATURE_IMAGE_BYTES)}; give a smaller PNG."
        )


def read_password(path: Path) -> str:
    """A password file's first line (never echoed or logged)."""
    data = read_user_file(path, "password file", PASSWORD_FILE_BYTES)
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise ReviewerError(f"The password file {path} is not text.") from None
    return lines[0] if lines else ""


def checked_output(path: Path) -> Path:
    """An output file's path, refused now (before the work) if it cannot be written there."""
    target = path.expanduser().absolute()
    folder = target.parent
    limit = _name_max(folder)
    if len(os.fsencode(target.name)) > limit:
        raise ReviewerError(
            f"The file name {target.name[:40]}… is too long for the file system ({limit} bytes at most); "
            "choose a shorter name."
        )
    try:
        status = os.stat(target)
    except FileNotFoundError:
        status = None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise ReviewerError(
                f"The path {str(target)[:60]}… is too long for the file system; choose a shorter one."
            ) from None
        raise ReviewerError(f"{target} cannot be written: {exc.strerror or exc}.") from None
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise ReviewerError(f"{target} is a folder; give a file name for the output.")
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise ReviewerError(f"{target} is not a regular file (a pipe or device); give a file name for the output.")
    if not folder.is_dir():
        raise ReviewerError(f"The folder {folder} does not exist; choose another place to save.")
    return path


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder if folder.is_dir() else "/", "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return 255


def checked_case_name(name: str) -> str:
    """A CASE argument, refused as unknown when no case can have it (far too long for a reference)."""
    if len(name) > MAX_CASE_NAME:
        raise NotFound(f"There is no case {name[:40] + '…'!r}: a case reference is at most {MAX_CASE_NAME} characters.")
    return name


def checked_query(query: str) -> str:
    if len(query) > MAX_QUERY:
        raise ReviewerError(
            f"The search query is {len(query):,} characters long; at most {MAX_QUERY:,} are searched. Shorten it."
        )
    return query
