"""A PostgreSQL server of the tests' own: initdb in a temporary folder, one server per test session.

No system service is needed or touched: the server listens on a free port of 127.0.0.1 (and a
socket in its own folder), keeps its data in a temporary folder and is stopped at the end of the
session. Each test gets a database of its own, copied from a template migrated once, so a test
starts from the newest empty schema in a few milliseconds.

PostgreSQL refuses to run as root; under root (as in CI) the server runs as the ``postgres`` user
Debian's package creates (or ``nobody``), and the tests reach it over TCP with a password.

Without PostgreSQL (a newcomer's machine) the PostgreSQL runs skip saying why; with
``REVIEWER_REQUIRE_POSTGRES=1`` (``.ci/run`` sets it) they fail instead, so CI cannot pass
without them.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REQUIRE_ENV = "REVIEWER_REQUIRE_POSTGRES"
SUPERUSER, PASSWORD = "reviewer_test", "reviewer-test-password"
TEMPLATE = "reviewer_template"
_NEEDED = ("initdb", "pg_ctl", "postgres")


def postgres_required() -> bool:
    """Whether a missing PostgreSQL is a failure (CI) rather than a reason to skip."""
    return os.environ.get(REQUIRE_ENV, "").strip() not in ("", "0")


def find_binaries() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres: PATH first, then Debian's versioned folders."""
    on_path = shutil.which("pg_ctl")
    candidates = [Path(on_path).resolve().parent] if on_path else []
    # Debian keeps them out of PATH, in /usr/lib/postgresql/<version>/bin; the newest first.
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    candidates += [Path(folder) for folder in versions]
    candidates += [Path("/usr/local/pgsql/bin")]
    for folder in candidates:
        if all((folder / name).is_file() and os.access(folder / name, os.X_OK) for name in _NEEDED):
            return folder
    return None


def _version_key(folder: str) -> tuple[int, ...]:
    version = Path(folder).parent.name
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _server_user() -> str | None:
    """The user to run the server as: None (ourselves) unless we are root, whom PostgreSQL refuses."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise RuntimeError("PostgreSQL cannot run as root and there is no 'postgres' or 'nobody' user to run it as.")


@dataclass
class PostgresServer:
    """A running server: its URLs, and fresh databases on demand."""

    bin_dir: Path
    base: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="reviewer-postgres-")))
    port: int = field(default_factory=_free_port)
    user: str | None = field(default_factory=_server_user)
    _names: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def data(self) -> Path:
        return self.base / "data"

    def url(self, database: str = "postgres") -> str:
        """A SQLAlchemy URL for one of the server's databases, as the superuser."""
        return f"postgresql+psycopg://{SUPERUSER}:{PASSWORD}@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str) -> None:
        done = subprocess.run(
            [str(self.bin_dir / command[0]), *command[1:]],
            user=self.user,
            cwd=self.base,  # the server user may not enter ours
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        if done.returncode != 0:
            log = self.base / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.is_file() else ""
            raise RuntimeError(f"{command[0]} failed ({done.returncode}): {done.stderr.strip()}\n{tail}")

    def start(self) -> None:
        """initdb and start; the server is tuned for tests (no fsync), never for data anyone keeps."""
        password_file = self.base / "password"
        password_file.write_text(PASSWORD + "\n")
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(self.base, entry.pw_uid, entry.pw_gid)
            os.chown(password_file, entry.pw_uid, entry.pw_gid)
        self._run(
            "initdb",
            "--pgdata",
            str(self.data),
            "--username",
            SUPERUSER,
            "--pwfile",
            str(password_file),
            "--auth-local=trust",
            "--auth-host=scram-sha-256",  # so tests of roles see a wrong password refused
            "--encoding=UTF8",
            "--locale=C",  # byte order, as SQLite sorts text
            "--no-sync",
        )
        options = (
            f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300 "
            "-c shared_buffers=64MB -c log_min_messages=warning"
        )
        self._run(
            "pg_ctl", "--pgdata", str(self.data), "--log", str(self.base / "server.log"), "-w", "-o", options, "start"
        )

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            self._run("pg_ctl", "--pgdata", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.base, ignore_errors=True)

    def execute(self, *statements: str) -> None:
        """Run statements outside a transaction (CREATE/DROP DATABASE need that), as the superuser."""
        import psycopg

        with psycopg.connect(self.url().replace("+psycopg", ""), autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)  # type: ignore[arg-type]  # the tests' own literal SQL

    def prepare_template(self) -> None:
        """A database migrated to the newest schema, for fresh_database to copy."""
        from reviewer_app.storage.database import open_database

        self.execute(f"CREATE DATABASE {TEMPLATE}")
        database = open_database(self.base, self.url(TEMPLATE))
        database.dispose()

    def fresh_database(self, prefix: str = "test") -> str:
        """A new database holding the newest empty schema; its URL."""
        name = f"{prefix}_{next(self._names)}"
        self.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE} STRATEGY FILE_COPY")
        return name

    def empty_database(self, prefix: str = "empty") -> str:
        """A new database with no schema at all (for migration tests); its name."""
        name = f"{prefix}_{next(self._names)}"
        self.execute(f"CREATE DATABASE {name}")
        return name

    def drop_database(self, name: str) -> None:
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def start_server() -> PostgresServer | str:
    """A started server with its template ready, or why there is none (PostgreSQL not installed)."""
    bin_dir = find_binaries()
    if bin_dir is None:
        return (
            "PostgreSQL is not installed (no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin): "
            "install postgresql-15 (bash .ci/system-packages.sh) to run the PostgreSQL tests"
        )
    server = PostgresServer(bin_dir)
    try:
        server.start()
        server.prepare_template()
    except BaseException:
        server.stop()
        raise
    return server
