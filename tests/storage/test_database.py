"""The schema: migrations match the models, SQLite runs with WAL and foreign keys, upgrades back up."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from reviewer_app.services.data_folder import DataFolder, open_data_folder
from reviewer_app.storage.database import head_revision
from reviewer_app.storage.models import Base
from reviewer_app.storage.search_index import include_name


def test_migrations_create_exactly_the_models(data_folder: DataFolder) -> None:
    with data_folder.database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": include_name})
        assert compare_metadata(context, Base.metadata) == []
        assert context.get_current_revision() == head_revision()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(data_folder: DataFolder) -> None:
    with data_folder.database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_opening_again_keeps_data_and_does_not_migrate(tmp_path: Path) -> None:
    folder = open_data_folder(tmp_path / "data")
    assert folder.database.last_upgrade is not None and folder.database.last_upgrade.from_revision is None
    folder.close()
    again = open_data_folder(tmp_path / "data")
    assert again.database.last_upgrade is None
    again.close()
