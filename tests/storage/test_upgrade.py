"""A data folder made by the first released schema (0001) opens in this version, case intact.

The fixture was written by make_schema_0001_fixture.py. Before migrating, the application copies
the database into ``backups/`` and says where, on the command line and in the log.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from reviewer_app.cli import main
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.storage.database import DATABASE_FILE, head_revision
from tests.storage.make_schema_0001_fixture import FIXTURE, NOTE


@pytest.fixture
def old_folder(tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copyfile(FIXTURE, data_dir / DATABASE_FILE)
    sha = hashlib.sha256(NOTE).hexdigest()
    (data_dir / "records" / sha[:2]).mkdir(parents=True)
    (data_dir / "records" / sha[:2] / sha).write_bytes(NOTE)
    return data_dir


def revision_of(database: Path) -> str:
    with sqlite3.connect(database) as connection:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_the_first_schema_upgrades_to_the_newest_keeping_the_case(old_folder: Path) -> None:
    folder = open_data_folder(old_folder)
    try:
        upgrade = folder.database.last_upgrade
        assert upgrade is not None
        assert (upgrade.from_revision, upgrade.to_revision) == ("0001", head_revision())
        assert upgrade.backup is not None and upgrade.backup.parent == old_folder.absolute() / "backups"
        assert revision_of(upgrade.backup) == "0001"  # the copy is the database as it was

        case = find_case(folder, "PR-2025-000123")
        details = case.details
        assert (details.claimant.name.given, details.claimant.name.family) == ("Testa", "Sample")
        assert details.claimant.date_of_birth is not None and details.claimant.date_of_birth.isoformat() == "1970-01-02"
        assert details.due_at is not None and details.due_at.isoformat() == "2025-10-06T17:00:00-07:00"
        assert [q.text for q in details.questions] == ["Is the requested physical therapy medically necessary?"]
        assert [s.code for s in details.requested_services] == ["97110"]
        assert [r.path for r in case.records] == ["records/001-note.txt"]
        assert [w.message for w in case.warnings] == ["records/001-note.txt: sent twice; kept once"]
    finally:
        folder.close()
    assert revision_of(old_folder / DATABASE_FILE) == head_revision()


def test_the_command_line_says_where_the_backup_is(old_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(old_folder), "cases"]) == 0
    captured = capsys.readouterr()
    [backup] = (old_folder / "backups").iterdir()
    assert f"schema 0001 to {head_revision()}); a copy of it as it was is in {backup.absolute()}" in captured.err
    assert "PR-2025-000123" in captured.out
    log = (old_folder / "logs" / "reviewer.log").read_text("utf-8")
    assert str(backup.absolute()) in log

    assert main(["--data-dir", str(old_folder), "cases"]) == 0  # opened again: nothing to upgrade, nothing said
    assert "upgraded" not in capsys.readouterr().err
