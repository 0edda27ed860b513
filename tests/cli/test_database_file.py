"""A --database-url naming a file that is not a database leaves that file as it was."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from reviewer_app.cli import main


def _cases(tmp_path: Path, database: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(tmp_path / "data"), "--database-url", f"sqlite:///{database}", "cases"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("content", [b"x", b"todo: call the vendor\n", b"SQLite format 2\x00"])
def test_a_small_file_that_is_not_a_database_is_refused_and_kept(
    content: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = tmp_path / "note.txt"
    note.write_bytes(content)
    code, err = _cases(tmp_path, note, capsys)
    assert code == 1
    assert "note.txt" in err and "not a database" in err and "nothing was written" in err
    assert note.read_bytes() == content


def test_a_new_or_empty_file_becomes_the_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new, empty = tmp_path / "new.sqlite3", tmp_path / "empty.sqlite3"
    empty.touch()
    for database in (new, empty):
        assert _cases(tmp_path, database, capsys)[0] == 0
        assert database.read_bytes().startswith(b"SQLite format 3\x00")


def test_an_existing_database_is_opened(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = tmp_path / "reviews.sqlite3"
    assert _cases(tmp_path, database, capsys)[0] == 0
    assert _cases(tmp_path, database, capsys)[0] == 0
    with sqlite3.connect(database) as connection:
        assert connection.execute("select count(*) from cases").fetchone() == (0,)


def test_a_fifo_named_as_the_database_is_refused_without_waiting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, err = _cases(tmp_path, fifo, capsys)
    assert code == 1 and "not a regular file" in err
