"""The content-addressed record store: each file kept once, under its SHA-256.

A file received in a peer review and again in the IME that follows is stored once.
This module is the single place that reads and writes record bytes, so that encryption
at rest later changes only it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from reviewer_app import faults
from reviewer_app.diagnostics import write_failure_message
from reviewer_app.domain.errors import ReviewerError

_CHUNK = 1024 * 1024
_PENDING_FOLDER = "incoming"  # copies whose digest is not known yet; removed like any partial file
HEAD_BYTES = 1024  # what telling a file's type needs of its first bytes
PARTIAL_PREFIX = ".incoming-"  # a copy not yet renamed to its digest; never a record


@dataclass(frozen=True)
class StoredCopy:
    """What storing a received file gave: whether it was new, and its first bytes (to tell its type)."""

    sha256: str
    created: bool
    head: bytes


@dataclass(frozen=True)
class PendingCopy:
    """A received file copied into the store under a temporary name, with what the same read learnt.

    Not a record yet: :meth:`RecordStore.adopt` makes it one, :meth:`RecordStore.discard` drops it.
    """

    temporary: Path
    sha256: str
    size: int
    head: bytes


class RecordStore:
    """Files named by their SHA-256 below ``root`` (``ab/abcdef...``)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        """Where the file with this digest lives (it may not exist)."""
        return self.root / sha256[:2] / sha256

    def contains(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def put(self, source: Path, sha256: str) -> bool:
        """Copy ``source`` in, verifying its digest; return True when the file was new."""
        return self.store_file(source, sha256).created

    def store_file(self, source: Path, sha256: str) -> StoredCopy:
        """Copy ``source`` in, verifying its digest, in one read that also keeps its first bytes.

        The copy goes to a temporary file first and is renamed into place, so a crash
        never leaves a partial file under a digest's name. A file already stored is not
        copied again; its head is read from the stored copy.
        """
        target = self.path_for(sha256)
        if target.is_file():
            with open(target, "rb") as stored:
                return StoredCopy(sha256, False, stored.read(HEAD_BYTES))
        try:
            head = self._copy_in(source, sha256, target)
        except OSError as exc:
            raise self._refusal(exc) from exc
        faults.reached(faults.STORE_FILE_WRITTEN)
        return StoredCopy(sha256, True, head)

    def copy_pending(self, source: Path, max_bytes: int | None = None) -> PendingCopy:
        """Copy ``source`` in under a temporary name, hashing it and keeping its head in the same read.

        For the import's bundle check, which needs every file's SHA-256 before anything is
        stored: the copy it makes is the one the store keeps (no second read), or is discarded
        when the bundle is refused. A crash leaves only a partial file, which the next writer
        removes. Not flushed to disk until adopted. With ``max_bytes`` it copies at most one byte past
        it: a size over ``max_bytes`` says the file is larger, without reading it to its end.
        """
        try:
            temporary, digest, size, head = self._write_temporary(
                source, self.root / _PENDING_FOLDER, flush=False, max_bytes=max_bytes
            )
        except OSError as exc:
            raise self._refusal(exc) from exc
        return PendingCopy(temporary, digest, size, head)

    def adopt(self, pending: PendingCopy) -> StoredCopy:
        """Make a pending copy the stored file of its digest (flushed first); drop it when one is there."""
        target = self.path_for(pending.sha256)
        try:
            if target.is_file():
                pending.temporary.unlink(missing_ok=True)
                return StoredCopy(pending.sha256, False, pending.head)
            with open(pending.temporary, "rb+") as written:
                os.fsync(written.fileno())
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(pending.temporary, target)
        except OSError as exc:
            pending.temporary.unlink(missing_ok=True)
            raise self._refusal(exc) from exc
        faults.reached(faults.STORE_FILE_WRITTEN)
        return StoredCopy(pending.sha256, True, pending.head)

    def discard(self, pending: PendingCopy) -> None:
        """Remove a pending copy that will not be kept (a refused, cancelled or failed import)."""
        pending.temporary.unlink(missing_ok=True)

    def tidy_pending(self) -> None:
        """Remove the folder of pending copies once none is left, so an import leaves no trace there."""
        with contextlib.suppress(OSError):  # not empty, or never made
            (self.root / _PENDING_FOLDER).rmdir()

    def _copy_in(self, source: Path, sha256: str, target: Path) -> bytes:
        temporary, digest, _, head = self._write_temporary(source, target.parent, flush=True)
        try:
            if digest != sha256:
                raise ReviewerError(f"{source.name} changed while it was being imported; import it again")
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return head

    def _write_temporary(
        self, source: Path, folder: Path, *, flush: bool, max_bytes: int | None = None
    ) -> tuple[Path, str, int, bytes]:
        """Copy ``source`` to a new partial file in ``folder``: its path, SHA-256, size and first bytes.

        The one place received bytes are written into the store (and where a full disk shows).
        """
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary_name = tempfile.mkstemp(prefix=PARTIAL_PREFIX, dir=folder)
        temporary = Path(temporary_name)
        try:
            digest, size, head = hashlib.sha256(), 0, b""
            with os.fdopen(handle, "wb") as sink, open(source, "rb") as stream:
                limit = None if max_bytes is None else max_bytes + 1
                while (limit is None or size < limit) and (
                    chunk := stream.read(_CHUNK if limit is None else min(_CHUNK, limit - size))
                ):
                    if len(head) < HEAD_BYTES:
                        head += chunk[: HEAD_BYTES - len(head)]
                    digest.update(chunk)
                    size += len(chunk)
                    sink.write(chunk)
                if flush:
                    sink.flush()
                    os.fsync(sink.fileno())
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return temporary, digest.hexdigest(), size, head

    def put_bytes(self, data: bytes) -> tuple[str, bool]:
        """Store bytes made by the application (a rendition, an OCR'd page); return digest and newness."""
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path_for(sha256)
        if target.is_file():
            return sha256, False
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary_name = tempfile.mkstemp(prefix=PARTIAL_PREFIX, dir=target.parent)
        except OSError as exc:
            raise self._refusal(exc) from exc
        temporary = Path(temporary_name)
        try:
            with os.fdopen(handle, "wb") as sink:
                sink.write(data)
                sink.flush()
                os.fsync(sink.fileno())
            os.replace(temporary, target)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise self._refusal(exc) from exc
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        faults.reached(faults.STORE_FILE_WRITTEN)
        return sha256, True

    def _refusal(self, exc: OSError) -> Exception:
        """A full disk or read-only folder as a message the physician can act on; anything else as it was."""
        named = exc.filename
        inside = not isinstance(named, str | bytes | os.PathLike) or Path(os.fsdecode(named)).is_relative_to(self.root)
        message = write_failure_message(exc, self.root.parent) if inside else None
        return ReviewerError(message) if message else exc

    def remove_partial_files(self) -> int:
        """Delete the temporary files of copies a crash interrupted; return how many there were.

        Only the writer of the data folder may call this: another process's copy in progress
        looks the same.
        """
        removed = 0
        for partial in self.root.glob(f"*/{PARTIAL_PREFIX}*"):
            partial.unlink(missing_ok=True)
            removed += 1
        return removed

    def remove(self, sha256: str) -> None:
        """Delete a stored file (used to roll back an import that did not complete)."""
        self.path_for(sha256).unlink(missing_ok=True)

    def verify(self, sha256: str) -> str | None:
        """Why the file stored under ``sha256`` is not that file ("missing", "altered"), or None when intact."""
        digest = hashlib.sha256()
        try:
            with open(self.path_for(sha256), "rb") as stored:
                while chunk := stored.read(_CHUNK):
                    digest.update(chunk)
        except FileNotFoundError:
            return "missing"
        except OSError as exc:
            return f"unreadable ({exc.strerror or exc})"
        return None if digest.hexdigest() == sha256 else "altered"

    def presence(self, sha256: str) -> str | None:
        """ "missing" when no file is stored under ``sha256``, else None (its bytes are not read)."""
        return None if self.path_for(sha256).is_file() else "missing"

    def read_bytes(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()


def open_record_store(data_dir: Path) -> RecordStore:
    """The record store of a data folder (the one factory, so encryption can slot in here)."""
    return RecordStore(data_dir / "records")
