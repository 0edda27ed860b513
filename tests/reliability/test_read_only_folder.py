"""A read-only data folder (a read-only disk, a backup mounted read-only) still answers the commands that read."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer_app.diagnostics import configure_logging
from tests.bundle_builder import BundleSpec
from tests.reliability.test_disk_failures import _mount, reviewer, small_disk

__all__ = ["small_disk"]  # the fixture, used by name


def test_commands_that_read_work_on_a_read_only_data_folder(
    small_disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = small_disk / "data"
    assert reviewer(data_dir, capsys, "import", str(BundleSpec().write_zip(tmp_path / "first.zip")))[0] == 0
    for path in [data_dir, *data_dir.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)  # readable by others, and it cannot be fixed below
    configure_logging(tmp_path / "elsewhere")  # closes the log file, which would keep the disk busy
    assert _mount("-o", "remount,ro", str(small_disk))
    try:
        for command in (["cases"], ["show", "PR-TEST-0001"], ["check", "PR-TEST-0001"], ["audit", "PR-TEST-0001"]):
            code, err = reviewer(data_dir, capsys, *command)
            assert code in (0, 1) if command[0] == "check" else code == 0, (command, err)
            assert "Traceback" not in err and "unexpected" not in err and "cannot be written" not in err, err
        code, err = reviewer(data_dir, capsys, "findings", "set", "PR-TEST-0001", str(tmp_path / "none.json"))
        assert code == 1
    finally:
        assert _mount("-o", "remount,rw", str(small_disk))
