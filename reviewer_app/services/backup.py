"""Backups of the database: after each signing and daily, listed and restored by `reviewer restore`."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer_app.domain.errors import NotFound, ReviewerError
from reviewer_app.storage.backup import (
    Backup,
    BackupFailed,
    damage_message,
    integrity_problems,
    is_damage,
    list_backups,
    restore_backup,
    rolling_backups,
    take_backup,
)
from reviewer_app.storage.database import DATABASE_FILE

if TYPE_CHECKING:
    from reviewer_app.services.data_folder import DataFolder

log = logging.getLogger(__name__)

DAILY = dt.timedelta(days=1)


def back_up(folder: DataFolder) -> Path | None:
    """Take a rolling backup of the folder's SQLite database (None for a database server).

    Raises :class:`BackupFailed` (a ReviewerError in words) when the copy cannot be made.
    """
    database_file = folder.database.file
    if database_file is None or not database_file.is_file():
        return None
    taken = take_backup(database_file, folder.path)
    log.info("database backed up to %s", taken.name)
    return taken


def back_up_daily(folder: DataFolder) -> Path | None:
    """A rolling backup when the newest is a day old or there is none; None when not needed."""
    newest = rolling_backups(folder.path)
    if newest and newest[0].taken_at > dt.datetime.now().astimezone() - DAILY:
        return None
    try:
        return back_up(folder)
    except BackupFailed:
        # The work at hand matters more than today's copy; the next start tries again.
        log.warning("the daily backup could not be taken", exc_info=True)
        return None


def backups(data_dir: Path) -> list[Backup]:
    """The database copies a data folder keeps, newest first."""
    return list_backups(data_dir)


def restore(data_dir: Path, name: str) -> Backup:
    """Put the backup called ``name`` in place of the database, all or nothing.

    The caller holds the writer lock (so the window is not using the database).
    """
    found = {b.name: b for b in list_backups(data_dir)}
    backup = found.get(name) or found.get(Path(name).name)
    if backup is None:
        raise NotFound(
            f"There is no backup called {name!r} in {data_dir / 'backups'}; `reviewer restore` lists the backups."
        )
    problems = integrity_problems(backup.path)
    if problems:
        raise ReviewerError(f"The backup {backup.name} is damaged too ({problems[0]}); choose another one.")
    try:
        restore_backup(backup.path, data_dir / DATABASE_FILE)
    except OSError as exc:
        raise ReviewerError(
            f"The backup {backup.name} could not be restored ({exc.strerror or exc}): the database is as it was."
        ) from exc
    log.info("database restored from %s", backup.name)
    return backup


def damage_in_words(exc: BaseException, data_dir: Path) -> str | None:
    """The damaged-database message when ``exc`` came from a damaged database file, else None.

    Any failed query that names damage has the file checked, so the message says what is wrong.
    """
    if not is_damage(exc):
        return None
    database_file = data_dir / DATABASE_FILE
    return damage_message(database_file, integrity_problems(database_file) if database_file.is_file() else [])
