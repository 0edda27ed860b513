"""The physician's data folder, opened: database, record store and import limits together."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from reviewer_app.bundles import ExtractionLimits
from reviewer_app.domain.errors import ReviewerError
from reviewer_app.protection.keys import MasterKey
from reviewer_app.records.store import RecordStore, open_record_store
from reviewer_app.services.private_folder import PRIVATE_UMASK, make_private
from reviewer_app.storage.backup import damage_message
from reviewer_app.storage.database import DATABASE_FILE, Database, open_database, open_database_read_only

if TYPE_CHECKING:  # pypdfium2 is loaded only by a command that reads PDF text (a fast `reviewer cases`)
    from reviewer_app.records.text_extraction import TextExtractor

log = logging.getLogger(__name__)

APP_NAME = "reviewer"
DATA_DIR_ENV = "REVIEWER_DATA_DIR"
DATABASE_URL_ENV = "REVIEWER_DATABASE_URL"


def local_now() -> dt.datetime:
    """Now, aware, in this computer's time zone."""
    return dt.datetime.now(dt.UTC).astimezone()


def default_data_dir() -> Path:
    """``REVIEWER_DATA_DIR`` if set, else the platform's user data folder."""
    configured = os.environ.get(DATA_DIR_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass
class DataFolder:
    """Everything the services need to work on one data folder."""

    path: Path
    database: Database
    store: RecordStore
    limits: ExtractionLimits = field(default_factory=ExtractionLimits)
    clock: Callable[[], dt.datetime] = local_now
    # The master key while a protected folder is unlocked (None: the folder is not protected).
    master: MasterKey | None = field(default=None, repr=False)
    _extractor: TextExtractor | None = field(default=None, init=False, repr=False)
    # Why the folder could not be made private, for a command that only reads (None: it is private).
    permission_warning: str | None = field(default=None, init=False)
    # What opening the folder finished or undid of work a crash interrupted (signings), in words.
    recovery_notices: list[str] = field(default_factory=list, init=False)

    @property
    def staging_dir(self) -> Path:
        return self.path / "staging"

    def text_extractor(self) -> TextExtractor:
        """The worker processes that read PDF text, started on first use and kept for the next."""
        if self._extractor is None:
            from reviewer_app.records.text_extraction import TextExtractor

            self._extractor = TextExtractor()
        return self._extractor

    def close(self) -> None:
        if self._extractor is not None:
            self._extractor.close()
            self._extractor = None
        self.database.dispose()


def open_data_folder(
    path: Path | None = None,
    database_url: str | None = None,
    *,
    reading: bool = False,
    master: MasterKey | None = None,
) -> DataFolder:
    """Open (creating when absent) a data folder and its database.

    The folder is made private (0700, files 0600) and the SQLite database checked
    (``PRAGMA quick_check``) first: a damaged one, or one missing beside signed reports or
    record files, is refused with what to do. ``reading`` says the caller only reads: a folder
    whose permissions cannot be fixed is then a warning (``permission_warning``), not a refusal,
    and no daily backup is taken. A writer also finishes or undoes a signing a crash interrupted
    (``recovery_notices`` say what was done). ``master`` is the unlocked key of a protected folder.
    """
    folder = (path or default_data_dir()).expanduser().absolute()
    os.umask(PRIVATE_UMASK)  # every file written from here on is the physician's alone
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise ReviewerError(f"The data folder {folder} cannot be created: {exc.strerror or exc}") from exc
    warning = make_private(folder, reading=reading)
    url = database_url or os.environ.get(DATABASE_URL_ENV) or None
    if url is None:
        refuse_lost_database(folder)
    if url is None and reading and not os.access(folder, os.W_OK):
        database = open_database_read_only(folder)  # a read-only disk: reading needs no writer lock or migration
    else:
        database = open_database(folder, url)
    problems = database.integrity_problems()
    if problems and database.file is not None:
        database.dispose()
        raise ReviewerError(damage_message(database.file, problems))
    opened = DataFolder(path=folder, database=database, store=open_record_store(folder), master=master)
    opened.permission_warning = warning
    notice = upgrade_notice(opened)
    if notice:
        log.info(notice)
    if not reading:
        from reviewer_app.services.signing_journal import finish_interrupted_signings

        opened.recovery_notices = finish_interrupted_signings(opened)
    upgrade = database.last_upgrade
    if not reading and (upgrade is None or upgrade.backup is None):  # an upgrade has just taken one
        from reviewer_app.services.backup import back_up_daily

        back_up_daily(opened)
    return opened


def refuse_lost_database(folder: Path) -> None:
    """Refuse to start an empty database beside signed reports or record files: the old one was lost."""
    database_file = folder / DATABASE_FILE
    if database_file.is_file() and database_file.stat().st_size > 0:
        return
    kept = [name for name in ("reports", "records") if _holds_files(folder / name)]
    if not kept:
        return
    what = "missing" if not database_file.exists() else "empty (zero bytes)"
    raise ReviewerError(
        f"The database {database_file} is {what}, but the data folder still holds {' and '.join(kept)} of "
        "earlier cases: Reviewer will not start an empty database beside them. Restore a backup with "
        "`reviewer restore` (with no name it lists the backups; `reviewer restore NAME` puts one back)."
    )


def _holds_files(folder: Path) -> bool:
    return folder.is_dir() and any(path.is_file() for path in folder.rglob("*"))


def upgrade_notice(folder: DataFolder) -> str | None:
    """What to tell the physician when opening the folder upgraded its database, or None."""
    upgrade = folder.database.last_upgrade
    if upgrade is None or upgrade.from_revision is None:
        return None  # nothing changed, or a new database
    where = (
        f"a copy of it as it was is in {upgrade.backup}"
        if upgrade.backup
        else "back it up with your database server's tools if you have not"
    )
    return (
        f"The database was upgraded for this version of Reviewer (schema {upgrade.from_revision} to "
        f"{upgrade.to_revision}); {where}."
    )
