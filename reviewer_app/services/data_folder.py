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
from reviewer_app.records.store import RecordStore, open_record_store
from reviewer_app.storage.database import Database, open_database

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
    _extractor: TextExtractor | None = field(default=None, init=False, repr=False)

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


def open_data_folder(path: Path | None = None, database_url: str | None = None) -> DataFolder:
    """Open (creating when absent) a data folder and its database."""
    folder = (path or default_data_dir()).expanduser().absolute()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReviewerError(f"The data folder {folder} cannot be created: {exc.strerror or exc}") from exc
    url = database_url or os.environ.get(DATABASE_URL_ENV) or None
    database = open_database(folder, url)
    opened = DataFolder(path=folder, database=database, store=open_record_store(folder))
    notice = upgrade_notice(opened)
    if notice:
        log.info(notice)
    return opened


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
