"""A full disk or a read-only data folder: a message the physician can act on, and nothing lost.

A real small disk is a 3 MB tmpfs, mounted when the tests run as root (as CI does; root ignores
file permissions, so a chmod cannot make a folder read-only for it); otherwise those tests are
skipped and the simulated ones below (an ENOSPC raised where the record store writes) still run.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer_app.cli import main
from reviewer_app.diagnostics import configure_logging
from reviewer_app.records.store import RecordStore
from tests.bundle_builder import BundleSpec
from tests.reliability.helpers import inspect


def _mount(*args: str) -> bool:
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    return subprocess.run(["mount", *args], capture_output=True, check=False).returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB file system of its own."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)):
        pytest.skip("mounting a small tmpfs needs root and mount(8)")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True, check=False)


def reviewer(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), *args])
    return code, capsys.readouterr().err


def big_bundle(tmp_path: Path, reference: str, size: int) -> Path:
    spec = BundleSpec()
    spec.manifest["case"]["reference"] = reference
    spec.with_file("records/scan.bin", os.urandom(size))  # incompressible, so it really takes the space
    return spec.write_folder(tmp_path / reference)


def assert_first_case_intact(data_dir: Path) -> None:
    state = inspect(data_dir)
    assert state.integrity == "ok"
    assert state.cases == {"PR-TEST-0001": 1}
    assert state.records_without_file == [] and state.partial_files == []


def test_a_full_disk_refuses_the_import_and_keeps_what_was_there(
    small_disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = small_disk / "data"
    assert reviewer(data_dir, capsys, "import", str(BundleSpec().write_zip(tmp_path / "first.zip")))[0] == 0

    for bundle in (big_bundle(tmp_path, "PR-TEST-0002", 4_000_000), tmp_path / "big.zip"):
        if bundle.suffix == ".zip":  # a zip fills the disk while it is unpacked
            shutil.make_archive(str(bundle.with_suffix("")), "zip", tmp_path / "PR-TEST-0002")
        code, err = reviewer(data_dir, capsys, "import", str(bundle))
        assert code == 1
        assert f"The disk holding the data folder {data_dir} is full: nothing was changed." in err, err
        assert "Traceback" not in err
        assert_first_case_intact(data_dir)
    assert shutil.disk_usage(small_disk).free > 2_000_000  # the partial copies were removed


def test_a_read_only_data_folder_is_refused_with_a_message_and_left_as_it_was(
    small_disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = small_disk / "data"
    assert reviewer(data_dir, capsys, "import", str(BundleSpec().write_zip(tmp_path / "first.zip")))[0] == 0
    before = sorted(str(p.relative_to(data_dir)) for p in data_dir.rglob("*"))
    configure_logging(tmp_path / "elsewhere")  # closes the log file, which would keep the disk busy
    assert _mount("-o", "remount,ro", str(small_disk))
    try:
        second = BundleSpec()
        second.manifest["case"]["reference"] = "PR-TEST-0002"
        code, err = reviewer(data_dir, capsys, "import", str(second.write_zip(tmp_path / "second.zip")))
        assert code == 1
        assert f"The data folder {data_dir} cannot be written to (it is read-only" in err, err
        code, err = reviewer(data_dir, capsys, "cases")
        assert code in (0, 1) and "Traceback" not in err and "unexpected" not in err
    finally:
        assert _mount("-o", "remount,rw", str(small_disk))
    assert sorted(str(p.relative_to(data_dir)) for p in data_dir.rglob("*")) == before
    assert_first_case_intact(data_dir)


def test_a_full_disk_while_storing_a_record_is_a_message_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same promise without a small disk: the operating system's ENOSPC, raised where the store writes."""
    data_dir = tmp_path / "data"
    assert reviewer(data_dir, capsys, "import", str(BundleSpec().write_zip(tmp_path / "first.zip")))[0] == 0

    def no_space(self: RecordStore, source: Path, folder: Path, *, flush: bool, max_bytes: int | None = None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / ".incoming-x"))

    monkeypatch.setattr(RecordStore, "_write_temporary", no_space)
    code, err = reviewer(data_dir, capsys, "import", str(big_bundle(tmp_path, "PR-TEST-0002", 1000)))
    assert code == 1
    assert f"The disk holding the data folder {data_dir.absolute()} is full: nothing was changed." in err
    assert_first_case_intact(data_dir)


def test_a_full_disk_while_the_database_writes_is_a_message_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite's own "database or disk is full", provoked with a page limit on the database file."""
    data_dir = tmp_path / "data"
    assert reviewer(data_dir, capsys, "import", str(BundleSpec().write_zip(tmp_path / "first.zip")))[0] == 0
    with contextlib.closing(sqlite3.connect(data_dir / "reviewer.sqlite3")) as connection:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
    # max_page_count lasts for a connection: set it on every connection the application opens.
    from sqlalchemy import event

    from reviewer_app.storage import database as database_module

    original = database_module._create_engine

    def capped(url: str) -> object:
        engine = original(url)

        @event.listens_for(engine, "connect")
        def _cap(dbapi_connection: object, _record: object) -> None:
            dbapi_connection.execute(f"PRAGMA max_page_count={pages + 1}")  # type: ignore[attr-defined]

        return engine

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(database_module, "_create_engine", capped)
        spec = BundleSpec()
        spec.manifest["case"]["reference"] = "PR-TEST-0002"
        words = " ".join(f"lumbar{n} radiculopathy{n * 7}" for n in range(40_000))  # pages of text to index
        spec.with_file("records/notes.txt", words.encode())
        code, err = reviewer(data_dir, capsys, "import", str(spec.write_folder(tmp_path / "second")))
    assert code == 1, err
    assert f"The disk holding the data folder {data_dir.absolute()} is full: nothing was changed." in err, err
    assert_first_case_intact(data_dir)
