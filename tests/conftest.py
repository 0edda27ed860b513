from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from reviewer_app.services.data_folder import DATABASE_URL_ENV, DataFolder, open_data_folder
from tests.bundle_builder import BundleSpec
from tests.pdf_corpus import write_corpus
from tests.postgres_server import REQUIRE_ENV, PostgresServer, postgres_required, start_server

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SHARED_REAL_PDFS = SHARED / "testdata" / "real-pdfs"


@cache
def synthetic_real_pdfs() -> Path:
    """The synthetic stand-in for the shared real-world PDFs (tests/pdf_corpus.py), made once per run."""
    folder = Path(tempfile.mkdtemp(prefix="synthetic-real-pdfs-"))
    atexit.register(_remove, folder, os.getpid())
    return write_corpus(folder / "real-pdfs")


def _remove(folder: Path, creator: int) -> None:
    if os.getpid() == creator:  # not from a forked child that exits normally
        shutil.rmtree(folder, ignore_errors=True)


# The shared real-world PDFs when ../shared is beside the project, else their synthetic stand-ins
# (same names, same oddities, same manifest): a clone with nothing beside it runs every test.
# Read-only, as the shared folder is: copy a file before a test changes it.
REAL_PDFS = SHARED_REAL_PDFS if SHARED_REAL_PDFS.is_dir() else synthetic_real_pdfs()
# Tests of the PDF readers run on each corpus there is: the synthetic one always, so it cannot rot.
PDF_CORPORA = ("synthetic", "shared") if SHARED_REAL_PDFS.is_dir() else ("synthetic",)


@pytest.fixture(scope="session", params=PDF_CORPORA)
def pdf_corpus(request: pytest.FixtureRequest) -> Path:
    """A folder of awkward real-world PDFs and their manifest.json, once per corpus (read-only)."""
    return SHARED_REAL_PDFS if request.param == "shared" else synthetic_real_pdfs()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's own PostgreSQL server (tests/postgres_server.py); skips, or fails in CI, without one."""
    started = start_server()
    if isinstance(started, str):
        if postgres_required():
            pytest.fail(f"{started}. {REQUIRE_ENV} is set, so the PostgreSQL runs are required here.")
        pytest.skip(started)
    yield started
    started.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of a database of this test's own, holding the newest empty schema."""
    name = postgres_server.fresh_database()
    yield postgres_server.url(name)
    postgres_server.drop_database(name)


BACKENDS = ("sqlite", "postgresql")


@pytest.fixture
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Which database the test runs on; parametrized where a conftest says so (else SQLite).

    On PostgreSQL every data folder the test opens (directly, through the CLI, or in a child
    process) reaches the test's own database, through REVIEWER_DATABASE_URL.
    """
    name = getattr(request, "param", "sqlite")
    if name == "postgresql":
        monkeypatch.setenv(DATABASE_URL_ENV, request.getfixturevalue("postgres_url"))
    return str(name)


# The storage, services and command-line tests run on both databases; a test about the SQLite
# file itself (its backups, damage, WAL) is marked sqlite_only.
_ON_BOTH: set[str] = set()  # INCREMENT: the folders join in the next commit
_TESTS = Path(__file__).resolve().parent


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``backend`` over SQLite and PostgreSQL for the tests that run on both."""
    if "backend" not in metafunc.fixturenames or metafunc.definition.get_closest_marker("sqlite_only"):
        return
    folder = Path(metafunc.definition.path).resolve().relative_to(_TESTS).parts[0]
    if folder in _ON_BOTH or metafunc.definition.get_closest_marker("both_databases"):
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture
def data_folder(tmp_path: Path, backend: str) -> Iterator[DataFolder]:
    folder = open_data_folder(tmp_path / "data")
    yield folder
    folder.close()


@pytest.fixture
def spec() -> BundleSpec:
    return BundleSpec()
