"""The database: one factory for engines and sessions, and schema upgrades through Alembic.

Every connection goes through :func:`open_database`, so that encryption at rest (SQLCipher)
later changes only this module.
"""

from __future__ import annotations

import datetime as dt
import errno
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from reviewer_app import faults
from reviewer_app.diagnostics import write_failure_message
from reviewer_app.domain.errors import ReviewerError
from reviewer_app.storage.backup import BACKUP_FOLDER, copy_database, damage_message, integrity_problems, is_damage
from reviewer_app.storage.writer import SerialWriter

T = TypeVar("T")

# The session a write function receives, named for the services (which may not import SQLAlchemy).
WriteSession = Session

if TYPE_CHECKING:
    from alembic.config import Config

_MIGRATIONS = Path(__file__).with_name("migrations")
DATABASE_FILE = "reviewer.sqlite3"
# What the schema code is written and tested for; other dialects would half-work.
SUPPORTED_BACKENDS = ("sqlite", "postgresql")
# Seconds to wait for a database server: one that never answers must not hang a command.
CONNECT_TIMEOUT = 10


@dataclass
class SchemaUpgrade:
    """What happened to the schema when the database was opened."""

    from_revision: str | None
    to_revision: str
    backup: Path | None


class Database:
    """An engine and its session factory; sessions are opened per unit of work."""

    def __init__(self, engine: Engine, data_dir: Path | None = None, database_file: Path | None = None) -> None:
        self.engine = engine
        self.data_dir = data_dir
        self._file = database_file
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
        except DatabaseError as exc:  # OperationalError included
            message = storage_failure_message(exc, self.data_dir)
            if message is None and is_damage(exc) and self.file is not None:
                message = damage_message(self.file, integrity_problems(self.file))
            if message is None:
                raise
            raise ReviewerError(message) from exc

    @property
    def file(self) -> Path | None:
        """The SQLite database file, or None for a server or an in-memory database."""
        return self._file or _sqlite_file(self.engine)

    def integrity_problems(self) -> list[str]:
        """What ``PRAGMA quick_check`` finds wrong with the SQLite file ([] when sound, or for a server)."""
        database_file = self.file
        return integrity_problems(database_file) if database_file is not None and database_file.is_file() else []

    def dispose(self) -> None:
        self.writer.close()
        self.engine.dispose()


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / DATABASE_FILE}"


def open_database_read_only(data_dir: Path) -> Database:
    """Open the SQLite database of a data folder that cannot be written (a read-only disk), to read.

    SQLite cannot make the WAL's shared-memory file there, so the file is opened immutable:
    right only because nobody can write to it either. Migrations cannot run; an old schema is refused.
    """
    import sqlite3

    database_file = data_dir / DATABASE_FILE
    uri = f"{database_file.as_uri()}?mode=ro&immutable=1"
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
    database = Database(engine, data_dir, database_file)
    try:
        up_to_date = _up_to_date(engine)
    except DBAPIError as exc:
        engine.dispose()
        if is_damage(exc):
            raise ReviewerError(damage_message(database_file, integrity_problems(database_file))) from exc
        raise ReviewerError(
            f"The database file {database_file} cannot be opened to read: {exc.orig}. Nothing was changed."
        ) from exc
    if not up_to_date:
        engine.dispose()
        raise ReviewerError(
            f"The database in {data_dir} needs upgrading for this version of Reviewer, which cannot be done while "
            "the data folder is read-only: make it writable and try again."
        )
    return database


def open_database(data_dir: Path, url: str | None = None) -> Database:
    """Open (creating or upgrading) the database of a data folder.

    A URL that is not a database's, names a kind Reviewer does not support, or a server that
    refuses or never answers raises a ReviewerError saying which.
    """
    parsed = database_url(url or default_url(data_dir))
    try:
        engine = _create_engine(parsed)
    except (NoSuchModuleError, ImportError) as exc:
        raise ReviewerError(_driver_missing(parsed)) from exc
    except ArgumentError as exc:  # e.g. an option in the URL's query the driver does not take
        raise ReviewerError(f"The database URL {_shown(parsed)} cannot be used: {exc}") from exc
    database = Database(engine, data_dir)
    database_file = _sqlite_file(engine)
    try:
        database.last_upgrade = upgrade_schema(engine, data_dir)
    except DBAPIError as exc:
        engine.dispose()
        if database_file is not None and is_damage(exc):
            raise ReviewerError(damage_message(database_file, integrity_problems(database_file))) from exc
        # The server answered but refused (no such database, bad credentials), or SQLite's disk refused.
        message = storage_failure_message(exc, data_dir) if _is_sqlite(engine) else None
        raise ReviewerError(message or _unreachable(parsed, exc)) from exc
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


def storage_failure_message(exc: DBAPIError, data_dir: Path | None) -> str | None:
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


def database_url(url: str) -> URL:
    """The URL parsed and checked, with a connection time limit for a server; or a ReviewerError."""
    try:
        parsed = make_url(url.strip())
    except (ArgumentError, ValueError):  # ValueError: a malformed host or port, e.g. "[::1" or ":http"
        raise ReviewerError(
            f"The database URL {_without_password(url)!r} is not a database URL; give one like "
            "sqlite:////path/to/reviewer.sqlite3 or postgresql://user@host/database."
        ) from None
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        raise ReviewerError(
            f"The database URL {_shown(parsed)} names a {backend} database, which Reviewer does not "
            "support; use SQLite (the default, in the data folder) or PostgreSQL."
        )
    if backend == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            file = Path(database).expanduser().absolute()
            folder = file.parent
            if file.is_dir():
                raise ReviewerError(f"The database URL names {file}, which is a folder; name the database file in it.")
            if not folder.is_dir():
                raise ReviewerError(
                    f"The folder {folder} of the database file does not exist; create it or give another URL."
                )
            _refuse_other_files(file)
        return parsed
    if parsed.drivername == "postgresql" and _module_missing("psycopg2") and not _module_missing("psycopg"):
        parsed = parsed.set(drivername="postgresql+psycopg")  # psycopg 3 is the one the project installs
    if "connect_timeout" not in parsed.query:
        parsed = parsed.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT)})
    return parsed


_SQLITE_HEADER = b"SQLite format 3\x00"


def _refuse_other_files(file: Path) -> None:
    """Refuse a database URL naming a file that holds something other than an SQLite database.

    SQLite takes a file shorter than its header for an empty database and writes over it, so a
    mistyped URL naming a small note would lose the note. A file that does not exist yet, or is
    empty, has nothing to lose.
    """
    if not file.exists():
        return
    if not file.is_file():  # a FIFO or a device: reading its header could wait for ever
        raise ReviewerError(f"The database URL names {file}, which is not a regular file; name a database file.")
    try:
        with open(file, "rb") as existing:
            header = existing.read(len(_SQLITE_HEADER))
    except OSError:
        return  # not readable: SQLite's own refusal says so (storage_failure_message)
    if header and header != _SQLITE_HEADER and file.name != DATABASE_FILE:
        # A data folder's own database with a bad header is damaged, not mistyped: the integrity
        # check names it and the way to restore it.
        raise ReviewerError(
            f"The database URL names {file}, which is not a database (it holds something else), so "
            "nothing was written to it. Name a new file, or the reviewer.sqlite3 of a data folder."
        )


def _module_missing(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is None


def _shown(url: URL) -> str:
    return repr(url.render_as_string(hide_password=True))


def _without_password(url: str) -> str:
    """A URL as text with any password replaced, for a URL too malformed to parse."""
    return re.sub(r"(//[^/:@]*:)[^@/]*@", r"\1***@", url)


def _where(url: URL) -> str:
    if url.host:
        return f"{url.host}:{url.port}" if url.port else url.host
    return url.database or "the database"


def _driver_missing(url: URL) -> str:
    return (
        f"Reviewer cannot reach {url.get_backend_name()} databases on this computer: its driver "
        f"({url.get_driver_name()}) is not installed. Install it (for PostgreSQL: pip install 'psycopg[binary]'), "
        "or use the default SQLite database."
    )


def _unreachable(url: URL, exc: DBAPIError) -> str:
    detail = str(exc.orig).strip().splitlines()
    said = detail[0] if detail else type(exc.orig).__name__
    lowered = str(exc.orig).lower()
    if "timeout expired" in lowered or "timed out" in lowered:
        said = "it does not answer (the connection timed out)"
    if url.get_backend_name() == "sqlite":
        return f"The database file {_where(url)} cannot be opened: {said}. Nothing was changed."
    return (
        f"The database at {_where(url)} cannot be opened: {said}. "
        "Check that the server runs and that the URL, user and password are right; nothing was changed."
    )


def _create_engine(parsed: URL) -> Engine:
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    engine = create_engine(parsed, connect_args={"timeout": 30})

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
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest schema revision, as Alembic reads the migration scripts."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


_REVISION = re.compile(r"^revision\s*(?::\s*str\s*)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(None|['\"]([^'\"]+)['\"])", re.MULTILINE)


def quick_head_revision() -> str | None:
    """The newest revision read from the migration scripts' text, or None when that is not certain.

    Importing Alembic costs a fifth of a second; a command whose database is up to date (nearly
    every command) needs only this. Anything unusual (a merge, a script it cannot read) says None,
    and Alembic decides.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (_MIGRATIONS / "versions").glob("*.py"):
        source = script.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        if down.group(2):
            parents.add(down.group(2))
    heads = revisions - parents
    return next(iter(heads)) if len(heads) == 1 and parents <= revisions else None


def _current_revision(engine: Engine) -> str | None:
    """The database's schema revision (Alembic's version table), or None for a new database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _up_to_date(engine: Engine) -> bool:
    """Whether the schema is at the newest revision, asked without importing Alembic when possible."""
    head = quick_head_revision()
    if head is None:
        return False
    with engine.connect() as connection:
        if not engine.dialect.has_table(connection, "alembic_version"):
            return False
        found = [row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))]
    return found == [head]


def upgrade_schema(engine: Engine, data_dir: Path) -> SchemaUpgrade | None:
    """Bring the schema to the newest revision, backing an SQLite file up first."""
    if _up_to_date(engine):
        return None
    from alembic import command

    head = head_revision()
    current = _current_revision(engine)
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


def _sqlite_file(engine: Engine) -> Path | None:
    database = engine.url.database if _is_sqlite(engine) else None
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _is_sqlite(engine: Engine) -> bool:
    return engine.url.get_backend_name() == "sqlite"


def _backup_sqlite(database_file: Path, data_dir: Path, revision: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = data_dir / BACKUP_FOLDER / f"{database_file.stem}-{revision}-{stamp}.sqlite3"
    copy_database(database_file, target)  # the same consistent copy as the rolling backups
    return target
