"""The content-addressed record store: each file kept once, under its SHA-256.

A file received in a peer review and again in the IME that follows is stored once.
This module is the single place that reads and writes record bytes, so that encryption
at rest later changes only it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from reviewer_app.domain.errors import ReviewerError

_CHUNK = 1024 * 1024


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
        """Copy ``source`` in, verifying its digest; return True when the file was new.

        The copy goes to a temporary file first and is renamed into place, so a crash
        never leaves a partial file under a digest's name.
        """
        target = self.path_for(sha256)
        if target.is_file():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary_name = tempfile.mkstemp(prefix=".incoming-", dir=target.parent)
        temporary = Path(temporary_name)
        try:
            digest = hashlib.sha256()
            with os.fdopen(handle, "wb") as sink, open(source, "rb") as stream:
                while chunk := stream.read(_CHUNK):
                    digest.update(chunk)
                    sink.write(chunk)
                sink.flush()
                os.fsync(sink.fileno())
            if digest.hexdigest() != sha256:
                raise ReviewerError(f"{source.name} changed while it was being imported; import it again")
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return True

    def put_bytes(self, data: bytes) -> tuple[str, bool]:
        """Store bytes made by the application (a rendition, an OCR'd page); return digest and newness."""
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path_for(sha256)
        if target.is_file():
            return sha256, False
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary_name = tempfile.mkstemp(prefix=".incoming-", dir=target.parent)
        temporary = Path(temporary_name)
        try:
            with os.fdopen(handle, "wb") as sink:
                sink.write(data)
                sink.flush()
                os.fsync(sink.fileno())
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return sha256, True

    def remove(self, sha256: str) -> None:
        """Delete a stored file (used to roll back an import that did not complete)."""
        self.path_for(sha256).unlink(missing_ok=True)

    def read_bytes(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()


def open_record_store(data_dir: Path) -> RecordStore:
    """The record store of a data folder (the one factory, so encryption can slot in here)."""
    return RecordStore(data_dir / "records")
