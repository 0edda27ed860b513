"""One writer per data folder: an operating-system lock on ``writer.lock`` in the folder.

The application window holds it for as long as it is open; a command that changes data
(``reviewer import``, ``findings set``, ``profile set``, ...) holds it while it runs. Reading
needs no lock (SQLite lets readers run beside the writer), so ``reviewer cases`` or ``show``
work while the window is open. The lock is the operating system's (``flock`` on Linux and
macOS, ``msvcrt.locking`` on Windows): it is released when its holder exits, however it exits,
so a crash never leaves the folder locked.

Whoever takes the lock first removes what an interrupted writer left behind (the staging
folder of a half-unpacked bundle, half-copied record files), since no other writer can be
using them.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from reviewer_app.diagnostics import write_failure_message
from reviewer_app.domain.errors import ReviewerError
from reviewer_app.records.store import open_record_store

LOCK_FILE = "writer.lock"
STAGING_DIR = "staging"
_WINDOWS_LOCK_OFFSET = 1 << 20  # Windows locks bytes: lock one far past the holder's description


class DataFolderBusy(ReviewerError):
    """Another copy of the application (or a command) is changing this data folder."""

    def __init__(self, folder: Path, holder: str | None) -> None:
        self.folder = folder
        self.holder = holder
        who = holder or "another copy of Reviewer"
        super().__init__(
            f"The data folder {folder} is in use by {who}, which may be changing it. "
            "Nothing was changed. Close it (or wait for it to finish) and try again; "
            "commands that only read, such as `reviewer cases` or `reviewer show`, work meanwhile."
        )


@dataclass(frozen=True)
class Leftovers:
    """What an interrupted writer had left in the data folder, removed on taking the lock."""

    staging_entries: int
    partial_files: int


class WriterLock:
    """The data folder's writer lock; :meth:`acquire` without waiting, :meth:`release` when done."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / LOCK_FILE
        self._stream: IO[str] | None = None

    @property
    def held(self) -> bool:
        return self._stream is not None

    def acquire(self, holder: str) -> Leftovers:
        """Take the lock, naming the holder (shown to whoever finds it taken); clean up after a crash.

        Raises :class:`DataFolderBusy` when someone else holds it, and ReviewerError when the
        folder cannot be written.
        """
        if self._stream is not None:
            raise RuntimeError("the writer lock is held already")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            stream = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release()
        except OSError as exc:
            message = write_failure_message(exc, self.folder)
            raise ReviewerError(message or f"The data folder {self.folder} cannot be used: {exc}") from exc
        if not _try_lock(stream):
            stream.close()
            raise DataFolderBusy(self.folder, read_holder(self.folder))
        self._stream = stream
        try:
            stream.seek(0)
            stream.truncate()
            stream.write(json.dumps({"holder": holder, "pid": os.getpid()}))
            stream.flush()
        except OSError:
            pass  # the description is a courtesy; the lock itself is what counts
        return remove_leftovers(self.folder)

    def release(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        with contextlib.suppress(OSError):
            stream.seek(0)
            stream.truncate()
            stream.flush()
        _unlock(stream)
        stream.close()


def read_holder(folder: Path) -> str | None:
    """Who holds (or last held) the lock, as "the Reviewer window (process 1234)", if it said."""
    try:
        document = json.loads((Path(folder) / LOCK_FILE).read_text(encoding="utf-8"))
        return f"{document['holder']} (process {int(document['pid'])})"
    except (OSError, ValueError, KeyError, TypeError):
        return None


@contextlib.contextmanager
def writing(folder: Path, holder: str) -> Iterator[WriterLock]:
    """Hold the data folder's writer lock for the block; raises :class:`DataFolderBusy` when taken."""
    lock = WriterLock(folder)
    lock.acquire(holder)
    try:
        yield lock
    finally:
        lock.release()


def remove_leftovers(folder: Path) -> Leftovers:
    """Remove what a writer killed part way left behind: staging folders and half-copied record files.

    Only the holder of the writer lock may call this. Record files copied by an import that never
    committed stay in the store; no case refers to them, so they are no record of any case, and an
    import run again finds them in place.
    """
    staging = Path(folder) / STAGING_DIR
    entries = 0
    if staging.is_dir():
        for entry in list(staging.iterdir()):
            entries += 1
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    entry.unlink()
    try:
        partial = open_record_store(Path(folder)).remove_partial_files()
    except OSError:
        partial = 0  # a read-only folder: nothing can be cleaned, and nothing will be written either
    return Leftovers(staging_entries=entries, partial_files=partial)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(stream: IO[str]) -> bool:
        stream.seek(_WINDOWS_LOCK_OFFSET)
        try:
            msvcrt.locking(stream.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            stream.seek(0)
        return True

    def _unlock(stream: IO[str]) -> None:
        stream.seek(_WINDOWS_LOCK_OFFSET)
        with contextlib.suppress(OSError):
            msvcrt.locking(stream.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(stream: IO[str]) -> bool:
        try:
            fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(stream: IO[str]) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(stream.fileno(), fcntl.LOCK_UN)
