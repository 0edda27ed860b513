from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from reviewer_app.services.data_folder import DataFolder, open_data_folder
from tests.bundle_builder import BundleSpec

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REAL_PDFS = SHARED / "testdata" / "real-pdfs"


@pytest.fixture
def data_folder(tmp_path: Path) -> Iterator[DataFolder]:
    folder = open_data_folder(tmp_path / "data")
    yield folder
    folder.close()


@pytest.fixture
def spec() -> BundleSpec:
    return BundleSpec()
