"""The database: one factory for engines and sessions, and schema upgrades through Alembic.

Every connection goes through :func:`open_database`, so that encryption at rest (SQLCipher)
later changes only this module.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from reviewer_app.domain.errors import ReviewerError

_MIGRATIONS = Path(__file__).with_name("migrations")
DATABASE_FILE = "reviewer.sqlite3"


@dataclass
class SchemaUpgrade:
    """What happened to the schema when the database was opened."""

    from_revision: str | None
    to_revision: str
    backup: Path | None


class Database:
    """An engine and its session factory; sessions are opened per unit of work."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.last_upgrade: SchemaUpgrade | None = None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits together at the end, or not at all."""
        with self._sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / DATABASE_FILE}"


def open_database(data_dir: Path, url: str | None = None) -> Database:
    """Open (creating or upgrading) the database of a data folder."""
    engine = _create_engine(url or default_url(data_dir))
    database = Database(engine)
    try:
        database.last_upgrade = upgrade_schema(engine, data_dir)
    except OperationalError as exc:
        engine.dispose()
        raise ReviewerError(f"The database cannot be opened: {exc.orig}") from exc
    return database


def _create_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def upgrade_schema(engine: Engine, data_dir: Path) -> SchemaUpgrade | None:
    """Bring the schema to the newest revision, backing an SQLite file up first."""
    head = head_revision()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current == head:
        return None
    backup = None
    if current is not None and engine.url.get_backend_name() == "sqlite" and engine.url.database:
        backup = _backup_sqlite(Path(engine.url.database), data_dir, current)
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return SchemaUpgrade(from_revision=current, to_revision=head, backup=backup)


def _backup_sqlite(database_file: Path, data_dir: Path, revision: str) -> Path:
    backups = data_dir / "backups"
    backups.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backups / f"{database_file.stem}-{revision}-{stamp}.sqlite3"
    import sqlite3

    # The backup API copies a consistent snapshot, WAL included.
    with sqlite3.connect(database_file) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    shutil.copymode(database_file, target)
    return target
