"""A damaged, missing or emptied database is named, with the command that restores a backup; backups are kept.

Each damage is made to a real database file holding one imported case; every command then
exits 1 with words (never a traceback, never "unexpected error").
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from reviewer_app.cli import main
from reviewer_app.storage.database import DATABASE_FILE
from tests.bundle_builder import MINIMAL_PDF, BundleSpec

REFERENCE = "PR-TEST-0001"


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A data folder holding one case, its database file checkpointed (no WAL left)."""
    data_dir = tmp_path / "data"
    bundle = BundleSpec().with_file("records/mri.pdf", MINIMAL_PDF).write_folder(tmp_path / "bundle")
    code, _, err = run(data_dir, capsys, "import", str(bundle))
    assert code == 0, err
    with sqlite3.connect(data_dir / DATABASE_FILE) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return data_dir


def _page_size(database: Path) -> int:
    return int.from_bytes(database.read_bytes()[16:18], "big")


def header_byte(database: Path) -> None:
    data = bytearray(database.read_bytes())
    data[0] ^= 0xFF  # "SQLite format 3" no more
    database.write_bytes(bytes(data))


def a_byte_in_every_page(database: Path) -> None:
    data = bytearray(database.read_bytes())
    size = _page_size(database)
    for start in range(0, len(data), size):
        data[start + size // 2] ^= 0x5A
        data[start + 110] ^= 0xA5  # the b-tree page header on page 1, cell pointers on the others
    database.write_bytes(bytes(data))


def truncation(database: Path) -> None:
    data = database.read_bytes()
    database.write_bytes(data[: len(data) // 2 + 100])


def bad_page_type(database: Path) -> None:
    data = bytearray(database.read_bytes())
    size = _page_size(database)
    data[size] = 0x07  # page 2's b-tree type: none of 2, 5, 10, 13
    database.write_bytes(bytes(data))


DAMAGES: dict[str, Callable[[Path], None]] = {
    "header byte": header_byte,
    "a byte in every page": a_byte_in_every_page,
    "truncation": truncation,
    "bad page type": bad_page_type,
}


@pytest.mark.parametrize("damage", DAMAGES, ids=list(DAMAGES))
def test_a_damaged_database_is_named_with_the_restore_command(
    damage: str, imported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    DAMAGES[damage](imported / DATABASE_FILE)
    other = BundleSpec().with_file("records/mri.pdf", MINIMAL_PDF)
    other.manifest["case"]["reference"] = "PR-TEST-0002"
    bundle = other.write_folder(tmp_path / "other")
    for command in (["cases"], ["show", REFERENCE], ["audit", REFERENCE, "--verify"], ["import", str(bundle)]):
        code, out, err = run(imported, capsys, *command)
        assert code == 1, (command, out, err)
        assert "is damaged" in err and "`reviewer restore`" in err, (command, err)
        assert "Traceback" not in err and "unexpected error" not in err


@pytest.mark.parametrize("how", ["deleted", "zero bytes"])
def test_a_lost_database_beside_earlier_cases_is_refused_not_replaced(
    how: str, imported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = imported / DATABASE_FILE
    if how == "deleted":
        database.unlink()
    else:
        database.write_bytes(b"")
    code, _, err = run(imported, capsys, "cases")
    assert code == 1
    assert "is missing" in err or "is empty" in err
    assert "reviewer restore" in err and "Traceback" not in err
    assert not database.exists() or database.stat().st_size == 0  # nothing new was started in its place


def test_a_new_data_folder_still_starts_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(tmp_path / "fresh", capsys, "cases")
    assert code == 0 and "No cases yet" in out


def test_a_backup_is_listed_and_restore_brings_the_case_back(
    imported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(imported, capsys, "restore", "--json")
    assert code == 0
    [backup] = json.loads(out)  # the import's daily backup, taken when the folder was opened to write
    # That backup was taken before the case was imported; take one holding it (as signing does).
    from reviewer_app.services.backup import back_up
    from reviewer_app.services.data_folder import open_data_folder

    folder = open_data_folder(imported)
    taken = back_up(folder)
    folder.close()
    assert taken is not None and taken.stat().st_mode & 0o777 == 0o600
    bad_page_type(imported / DATABASE_FILE)
    assert run(imported, capsys, "cases")[0] == 1

    code, out, _ = run(imported, capsys, "restore")
    assert code == 0 and taken.name in out and backup["name"] in out
    assert out.index(taken.name) < out.index(backup["name"])  # newest first
    code, out, err = run(imported, capsys, "restore", taken.name)
    assert code == 0, err
    assert "restored" in out
    code, out, err = run(imported, capsys, "show", REFERENCE)
    assert code == 0, err
    assert "records/mri.pdf" in out


def test_restore_refuses_an_unknown_backup_and_while_the_folder_is_in_use(
    imported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reviewer_app.services.writer_lock import writing

    code, _, err = run(imported, capsys, "restore", "no-such-backup.sqlite3")
    assert code == 1 and "no backup called" in err
    [backup] = json.loads(run(imported, capsys, "restore", "--json")[1])
    before = (imported / DATABASE_FILE).read_bytes()
    with writing(imported, "the Reviewer window"):
        code, _, err = run(imported, capsys, "restore", backup["name"])
    assert code == 1 and "in use" in err
    assert (imported / DATABASE_FILE).read_bytes() == before
