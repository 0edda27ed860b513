"""Copies of the SQLite database kept in the data folder, and the check that tells a damaged one.

SQLite's online backup API copies a consistent snapshot (the WAL included) while others read,
so a backup never catches a half-written transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from reviewer_app.domain.errors import ReviewerError

BACKUP_FOLDER = "backups"
ROLLING_PREFIX = "reviewer-backup-"
KEEP_ROLLING = 5  # the last few: a damage noticed a few signings late still has a good copy


@dataclass(frozen=True)
class Backup:
    """One copy of the database in ``backups/``."""

    path: Path
    taken_at: dt.datetime
    size: int

    @property
    def name(self) -> str:
        return self.path.name


def integrity_problems(database_file: Path) -> list[str]:
    """What ``PRAGMA quick_check`` finds wrong with a database file ([] when sound).

    A file that is not a database at all (a damaged header) is one problem in words.
    """
    try:
        with closing(_reading(database_file)) as connection:
            rows = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:  # "file is not a database", "database disk image is malformed"
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def _reading(database_file: Path) -> sqlite3.Connection:
    # Read-only: the WAL is read too, and nothing is written. On a read-only disk SQLite cannot make the
    # WAL's shared memory, and nobody can write there either: the file is then read as immutable.
    writable = os.access(database_file.parent, os.W_OK)
    return sqlite3.connect(f"{database_file.as_uri()}?mode=ro{'' if writable else '&immutable=1'}", uri=True)


def copy_database(source_file: Path, target: Path) -> None:
    """A consistent copy of the database at ``target`` (0600), through a partial file: all or nothing."""
    partial = target.with_name(f".partial-{target.name}")
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _copy(source_file, partial)
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        if _is_full(exc):
            reason = "the disk is full"
        elif isinstance(exc, OSError):
            reason = exc.strerror or str(exc)
        else:
            reason = "a disk error; is the disk full?"
        raise BackupFailed(f"The database could not be copied to {target.parent} ({reason}).") from exc


class BackupFailed(ReviewerError):
    """A copy of the database could not be made (a full disk, most often); the database itself is untouched."""


def _is_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno == errno.ENOSPC
    return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "full" in str(exc)


def _copy(source_file: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    with closing(_reading(source_file)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)


def take_backup(
    database_file: Path, data_dir: Path, *, keep: int = KEEP_ROLLING, now: dt.datetime | None = None
) -> Path:
    """Copy the database to ``backups/reviewer-backup-<time>.sqlite3``, keeping the newest ``keep``."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    target = data_dir / BACKUP_FOLDER / f"{ROLLING_PREFIX}{stamp}.sqlite3"
    copy_database(database_file, target)
    for old in rolling_backups(data_dir)[keep:]:
        old.path.unlink(missing_ok=True)
    return target


def rolling_backups(data_dir: Path) -> list[Backup]:
    """The rolling backups, newest first."""
    return [b for b in list_backups(data_dir) if b.name.startswith(ROLLING_PREFIX)]


def list_backups(data_dir: Path) -> list[Backup]:
    """Every database copy in ``backups/`` (rolling and before-upgrade ones), newest first."""
    folder = data_dir / BACKUP_FOLDER
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.sqlite3"):
        if path.name.startswith("."):
            continue
        stat = path.stat()
        found.append(Backup(path, dt.datetime.fromtimestamp(stat.st_mtime).astimezone(), stat.st_size))
    return sorted(found, key=lambda b: (b.taken_at, b.name), reverse=True)


def restore_backup(backup: Path, database_file: Path) -> None:
    """Put ``backup`` in place of the database, all or nothing.

    The backup is copied beside the database and checked first; the old database's WAL and
    shared-memory files go before the rename, since SQLite would otherwise replay the old
    WAL's pages onto the restored file.
    """
    partial = database_file.with_name(f".restoring-{database_file.name}")
    try:
        _copy(backup, partial)
        os.chmod(partial, 0o600)
        with open(partial, "rb+") as written:
            os.fsync(written.fileno())
        problems = integrity_problems(partial)
        if problems:
            raise sqlite3.DatabaseError("; ".join(problems))
        for side in ("-wal", "-shm"):
            database_file.with_name(database_file.name + side).unlink(missing_ok=True)
        os.replace(partial, database_file)
    finally:
        partial.unlink(missing_ok=True)


# SQLite's words for a file that is not (or no longer) a sound database.
_DAMAGE_WORDS = ("malformed", "not a database", "corrupt")


def is_damage(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) is SQLite saying the database file is damaged."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sqlite3.DatabaseError) and any(w in str(current).lower() for w in _DAMAGE_WORDS):
            return True
        current = current.__cause__ or current.__context__
    return False


def damage_message(database_file: Path, problems: list[str]) -> str:
    """The physician's words for a damaged database: what is wrong and the command that restores a backup."""
    found = problems[0] if problems else "SQLite cannot read it"
    if len(found) > 160:
        found = found[:157] + "…"
    more = f" and {len(problems) - 1} more problem(s)" if len(problems) > 1 else ""
    return (
        f"The database {database_file} is damaged ({found}{more}): Reviewer cannot use it, and nothing was "
        "changed. Restore the last good copy with `reviewer restore` (with no name it lists the backups; "
        "`reviewer restore NAME` puts one back), then try again."
    )
