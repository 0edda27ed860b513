"""Files the application writes for the physician (reports, return packages): whole or not at all."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from reviewer_app.domain.errors import ReviewerError


def write_file_atomically(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    A reader never sees half a report, and a failure (unwritable folder, full disk) leaves
    whatever was at ``path`` before untouched.
    """
    target = path.expanduser().absolute()
    if target.is_dir():
        raise ReviewerError(f"{target} is a folder; give a file name for the output.")
    if not target.parent.is_dir():
        raise ReviewerError(f"The folder {target.parent} does not exist; choose another place to save.")
    try:
        handle, temporary_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise ReviewerError(_failure(target, exc)) from exc
    temporary = Path(temporary_name)
    try:
        with os.fdopen(handle, "wb") as sink:
            sink.write(data)
            sink.flush()
            os.fsync(sink.fileno())
        os.chmod(temporary, mode)  # 0o644 for what the physician sends; 0o600 inside the data folder
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise ReviewerError(_failure(target, exc)) from exc


def _failure(target: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return f"The disk holding {target.parent} is full; nothing was written. Free some space and try again."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{target.parent} cannot be written to; nothing was written. Choose another folder."
    return f"{target} could not be written ({exc.strerror or exc}); nothing was written."


class ReportArchive:
    """The signed reports kept with their cases, apart from the record store so a purge never touches them."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, case_id: int, number: int, sha256: str) -> Path:
        return self.root / str(case_id) / f"report-{number}-{sha256[:16]}.pdf"

    def put(self, case_id: int, number: int, sha256: str, data: bytes) -> Path:
        path = self.path_for(case_id, number, sha256)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ReviewerError(_failure(path, exc)) from exc
        write_file_atomically(path, data, mode=0o600)  # a signed report names the claimant
        return path

    def read(self, case_id: int, number: int, sha256: str) -> bytes:
        path = self.path_for(case_id, number, sha256)
        try:
            return path.read_bytes()
        except OSError as exc:
            raise ReviewerError(f"The signed report {path.name} is missing from the data folder.") from exc
