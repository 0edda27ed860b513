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
    staged = stage_file(path, data, mode=mode)
    publish_file(staged, path)


def output_target(path: Path) -> Path:
    """The absolute path a file will be written to, refused in words when it cannot be one."""
    target = path.expanduser().absolute()
    if target.is_dir():
        raise ReviewerError(f"{target} is a folder; give a file name for the output.")
    if not target.parent.is_dir():
        raise ReviewerError(f"The folder {target.parent} does not exist; choose another place to save.")
    return target


def staged_name(path: Path, tag: str) -> Path:
    """The hidden temporary file beside ``path`` that :func:`stage_file` writes when given ``tag``.

    A known name (rather than a random one) lets a journal written *before* the file name it, so
    that whoever finds the journal after a crash knows what to finish or remove.
    """
    target = path.expanduser().absolute()
    return target.with_name(f".{target.name}.{tag}.part")


def stage_file(path: Path, data: bytes, *, mode: int = 0o644, tag: str | None = None) -> Path:
    """Write ``data`` to a temporary file beside ``path``, fsynced, and return it (``path`` is untouched).

    With ``tag`` the temporary file is :func:`staged_name` (replaced if a crash left one),
    otherwise a fresh random name. A failure removes the temporary file and says, in words, that
    nothing was written.
    """
    target = output_target(path)
    try:
        if tag is None:
            handle, temporary_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        else:
            temporary_name = str(staged_name(target, tag))
            handle = os.open(temporary_name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as exc:
        raise ReviewerError(_failure(target, exc)) from exc
    temporary = Path(temporary_name)
    try:
        with os.fdopen(handle, "wb") as sink:
            sink.write(data)
            sink.flush()
            os.fsync(sink.fileno())
        os.chmod(temporary, mode)  # 0o644 for what the physician sends; 0o600 inside the data folder
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise ReviewerError(_failure(target, exc)) from exc
    return temporary


def publish_file(staged: Path, path: Path) -> None:
    """Rename a file :func:`stage_file` wrote into place, and make the rename itself durable."""
    target = path.expanduser().absolute()
    try:
        os.replace(staged, target)
    except OSError as exc:
        staged.unlink(missing_ok=True)
        raise ReviewerError(_failure(target, exc)) from exc
    sync_folder(target.parent)


def sync_folder(folder: Path) -> None:
    """fsync a folder, so that a rename in it survives a power cut (a no-op where folders cannot be opened)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows: folders cannot be opened; NTFS journals the rename itself
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the rename is as durable as they make it
    finally:
        os.close(descriptor)


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
        final = self.path_for(case_id, number, sha256)
        publish_file(self.stage(case_id, number, sha256, data), final)
        return final

    def stage(self, case_id: int, number: int, sha256: str, data: bytes) -> Path:
        """Write the report beside its place in the archive (see :func:`stage_file`); returns the temporary file."""
        path = self.path_for(case_id, number, sha256)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ReviewerError(_failure(path, exc)) from exc
        return stage_file(path, data, mode=0o600, tag="signing")  # a signed report names the claimant

    def read(self, case_id: int, number: int, sha256: str) -> bytes:
        path = self.path_for(case_id, number, sha256)
        try:
            return path.read_bytes()
        except OSError as exc:
            raise ReviewerError(f"The signed report {path.name} is missing from the data folder.") from exc
