"""Kill a real ``reviewer import`` (SIGKILL: no clean-up of any kind) at many points, then look.

After every kill the database passes ``PRAGMA integrity_check``, the case is either absent or
complete with every record's bytes and pages, and running the same import again finishes the job
(or, when the kill came after the commit, says the case is already imported). The next writer
removes what the killed one left in the staging folder.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer_app import faults
from reviewer_app.services.data_folder import open_data_folder
from tests.reliability.helpers import (
    ROOT,
    SIGKILLED,
    inspect,
    large_bundle,
    reap_group,
    reviewer_env,
    run_reviewer,
)

pytestmark = pytest.mark.slow

RECORDS = 16  # large_bundle's 8 notes and 8 PDFs
REFERENCE = "PR-TEST-0001"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return large_bundle(tmp_path_factory.mktemp("bundle") / "case.zip")


def assert_absent_or_complete(data_dir: Path) -> bool:
    """Check what a physician relies on after a crash and a restart; return whether the case is there."""
    # A kill during the first start may leave the schema part-way (each migration commits on its
    # own); the restart finishes it before anything is read, as the application does.
    open_data_folder(data_dir).close()
    state = inspect(data_dir)
    assert state.integrity == "ok"
    assert state.cases in ({}, {REFERENCE: RECORDS}), state.cases
    assert state.records_without_file == []
    assert state.files_without_pages == []
    return bool(state.cases)


def import_again_finishes(tmp_path: Path, data_dir: Path, bundle: Path, was_there: bool) -> None:
    again = run_reviewer(tmp_path / "again", "import", "--data-dir", str(data_dir), str(bundle))
    if was_there:
        assert again.returncode == 1 and "already imported" in again.err, again
    else:
        assert again.returncode == 0, again
        assert f"Imported {REFERENCE}: {RECORDS} record(s)." in again.out
    state = inspect(data_dir)
    assert state.cases == {REFERENCE: RECORDS}
    assert state.integrity == "ok"
    assert state.records_without_file == [] and state.files_without_pages == []
    assert state.partial_files == [] and state.staging_entries == []


@pytest.mark.parametrize(
    ("point", "case_kept"),
    [
        (f"{faults.STORE_FILE_WRITTEN}:1", False),  # the first record file copied in
        (f"{faults.STORE_FILE_WRITTEN}:11", False),  # part way through the copies
        (f"{faults.IMPORT_FILE_SAVED}:9", False),  # half the files' pages written, uncommitted
        (f"{faults.IMPORT_BEFORE_COMMIT}:1", False),  # everything written but the commit
        (f"{faults.IMPORT_AFTER_COMMIT}:1", True),  # committed, before the process could say so
    ],
)
def test_an_import_killed_at_a_point_leaves_no_half_case_and_can_be_run_again(
    bundle: Path, tmp_path: Path, point: str, case_kept: bool
) -> None:
    data_dir = tmp_path / "data"
    killed = run_reviewer(tmp_path / "killed", "import", "--data-dir", str(data_dir), str(bundle), fault=point)
    assert killed.returncode == SIGKILLED, killed  # the point was reached

    assert assert_absent_or_complete(data_dir) is case_kept
    if not case_kept:
        # The zip was unpacked into the staging folder, which the killed process never removed.
        assert inspect(data_dir).staging_entries != []
    import_again_finishes(tmp_path, data_dir, bundle, case_kept)


@pytest.mark.parametrize("seed", [1, 2])
def test_an_import_killed_at_a_random_moment_leaves_no_half_case(bundle: Path, tmp_path: Path, seed: int) -> None:
    data_dir = tmp_path / "data"
    # Kill somewhere in a ~1.5 s run (about half of it start-up); any moment must be survivable.
    delay = random.Random(seed).uniform(0.8, 2.0)
    with open(tmp_path / "out.txt", "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "reviewer_app", "import", "--data-dir", str(data_dir), str(bundle)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=reviewer_env(),
            cwd=ROOT,
            start_new_session=True,
        )
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        finally:
            reap_group(process)
    if not (data_dir / "reviewer.sqlite3").exists():
        return  # killed before the data folder was made: nothing to check
    was_there = assert_absent_or_complete(data_dir)
    import_again_finishes(tmp_path, data_dir, bundle, was_there)


def test_a_first_start_killed_while_creating_the_schema_starts_cleanly_the_next_time(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    killed = run_reviewer(
        tmp_path / "killed", "cases", "--data-dir", str(data_dir), fault=f"{faults.SCHEMA_MIGRATED}:1"
    )
    assert killed.returncode == SIGKILLED, killed
    again = run_reviewer(tmp_path / "again", "cases", "--data-dir", str(data_dir))
    assert again.returncode == 0, again
    assert inspect(data_dir).integrity == "ok"
