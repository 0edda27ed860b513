"""The database: one factory for engines and sessions, and schema upgrades through Alembic.

Every connection goes through :func:`open_database`, so that encryption at rest (SQLCipher)
later changes only this module.
"""

from __future__ import annotations

import datetime as dt
import errno
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from reviewer_app import faults
from reviewer_app.diagnostics import write_failure_message
from reviewer_app.domain.errors import ReviewerError
from reviewer_app.storage.writer import SerialWriter

T = TypeVar("T")

# The session a write function receives, named for the services (which may not import SQLAlchemy).
WriteSession = Session

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

    def __init__(self, engine: Engine, data_dir: Path | None = None) -> None:
        self.engine = engine
        self.data_dir = data_dir
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.last_upgrade: SchemaUpgrade | None = None
        self.writer = SerialWriter()

    def write(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one short transaction on the writer thread and return its result.

        Every change to the database goes through here (or through ``writer.call`` for a
        service call that opens its own transactions), so writes never overlap.
        """

        def in_transaction() -> T:
            with self.transaction() as session:
                return work(session)

        return self.writer.call(in_transaction)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits together at the end, or not at all.

        A full disk or a read-only data folder rolls the work back and raises a ReviewerError
        saying so; nothing committed before is touched.
        """
        try:
            with self._sessions.begin() as session:
                yield session
        except OperationalError as exc:
            message = storage_failure_message(exc, self.data_dir)
            if message is None:
                raise
            raise ReviewerError(message) from exc

    def dispose(self) -> None:
        self.writer.close()
        self.engine.dispose()


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / DATABASE_FILE}"


def open_database(data_dir: Path, url: str | None = None) -> Database:
    """Open (creating or upgrading) the database of a data folder."""
    engine = _create_engine(url or default_url(data_dir))
    database = Database(engine, data_dir)
    try:
        database.last_upgrade = upgrade_schema(engine, data_dir)
    except OperationalError as exc:
        engine.dispose()
        message = storage_failure_message(exc, data_dir)
        raise ReviewerError(message or f"The database cannot be opened: {exc.orig}") from exc
    except OSError as exc:  # the backup before an upgrade could not be written
        engine.dispose()
        message = write_failure_message(exc, data_dir)
        if message is None:
            raise
        raise ReviewerError(message) from exc
    return database


# SQLite's words for a full disk and for a folder or file it may not write.
_FULL = ("database or disk is full",)
_READ_ONLY = ("readonly database", "read-only", "unable to open database file")


def storage_failure_message(exc: OperationalError, data_dir: Path | None) -> str | None:
    """The physician's message for a database write the disk refused, or None for any other failure."""
    text = str(exc.orig).lower()
    where = data_dir if data_dir is not None else Path("(the database's folder)")
    if any(words in text for words in _FULL):
        return write_failure_message(OSError(errno.ENOSPC, text), where)
    if any(words in text for words in _READ_ONLY):
        return write_failure_message(OSError(errno.EROFS, text), where)
    if "database is locked" in text or "database table is locked" in text:
        # Only another program can hold the lock this long (this one writes through one thread).
        return (
            f"The database in {where} is busy: another program has been writing to it for 30 seconds, "
            "so nothing was changed. Close any other copy of Reviewer or backup tool using it, and try again."
        )
    if "disk i/o error" in text:  # what SQLite says when a write fails part way, a full disk included
        return (
            f"The database in {where} could not be written (a disk error; is the disk full or removed?): "
            "nothing was changed. Check the disk and try again."
        )
    return None


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
    with engine.connect() as connection:
        # Python's sqlite3 runs CREATE and ALTER outside any transaction: a crash part-way through
        # the first start left tables without their revision, and every later start failed. The
        # whole upgrade is one explicit transaction instead (SQLite's DDL is transactional).
        raw = connection.connection.driver_connection if _is_sqlite(engine) else None
        if raw is not None:
            raw.isolation_level = None
        try:
            with connection.begin():
                if raw is not None:
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                faults.reached(faults.SCHEMA_MIGRATED)
        finally:
            if raw is not None:
                raw.isolation_level = ""  # back to the driver's default for the pool
    return SchemaUpgrade(from_revision=current, to_revision=head, backup=backup)


def _is_sqlite(engine: Engine) -> bool:
    return engine.url.get_backend_name() == "sqlite"


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
