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

from reviewer_app.services.data_folder import DataFolder, open_data_folder
from tests.bundle_builder import BundleSpec
from tests.pdf_corpus import write_corpus

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


@pytest.fixture
def data_folder(tmp_path: Path) -> Iterator[DataFolder]:
    folder = open_data_folder(tmp_path / "data")
    yield folder
    folder.close()


@pytest.fixture
def spec() -> BundleSpec:
    return BundleSpec()
