"""The tests' own PostgreSQL server: a fresh database per test, the newest schema in it, passwords checked."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.storage.database import head_revision
from tests.postgres_server import PostgresServer


def test_a_data_folder_opens_on_the_tests_own_server(tmp_path: Path, postgres_url: str) -> None:
    folder = open_data_folder(tmp_path / "data", postgres_url)
    try:
        assert folder.database.engine.dialect.name == "postgresql"
        with folder.database.transaction() as session:
            assert session.scalar(text("SELECT version_num FROM alembic_version")) == head_revision()
    finally:
        folder.close()


def test_a_wrong_password_is_refused(postgres_server: PostgresServer) -> None:
    url = postgres_server.url().replace("+psycopg", "").replace(":reviewer-test-password@", ":wrong@")
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(url).close()
