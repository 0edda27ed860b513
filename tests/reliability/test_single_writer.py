"""One writer per data folder: while the window (or a command) writes, other writers are refused.

A second window quits with a message; a command that would write says which folder is in use
and by whom, exits 1 and changes nothing; commands that only read still work. The lock is the
operating system's, so a killed holder never leaves the folder locked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reviewer_app.cli import main
from reviewer_app.services.writer_lock import DataFolderBusy, WriterLock, read_holder, writing
from tests.bundle_builder import BundleSpec
from tests.reliability.helpers import ROOT, inspect, reap_group, reviewer_env, run_reviewer

WINDOW = "the Reviewer window"


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    bundle = BundleSpec().write_zip(tmp_path / "case.zip")
    assert main(["--data-dir", str(data_dir), "import", str(bundle)]) == 0
    return data_dir


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_commands_that_write_are_refused_while_the_window_is_open_and_readers_still_work(
    imported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    second = BundleSpec()
    second.manifest["case"]["reference"] = "PR-TEST-0002"
    second_zip = second.write_zip(tmp_path / "second.zip")
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps({"name": "Dr. Ana Reyes"}), encoding="utf-8")
    answers = tmp_path / "answers.json"
    answers.write_text("{}", encoding="utf-8")

    with writing(imported, WINDOW):
        for command in (
            ["import", str(second_zip)],
            ["profile", "set", str(profile)],
            ["findings", "set", "PR-TEST-0001", str(answers)],
        ):
            code, _, err = run(imported, capsys, *command)
            assert code == 1, command
            assert f"The data folder {imported.absolute()} is in use by {WINDOW} (process {os.getpid()})" in err
            assert "Nothing was changed" in err and "Traceback" not in err

        for command in (
            ["cases"],
            ["show", "PR-TEST-0001"],
            ["search", "PR-TEST-0001", "progress"],
            ["findings", "template", "PR-TEST-0001"],
            ["findings", "export", "PR-TEST-0001"],
            ["profile", "show"],
        ):
            code, _, err = run(imported, capsys, *command)
            assert code == 0 and err == "", (command, err)
        assert "PR-TEST-0001" in run(imported, capsys, "cases")[1]

    assert inspect(imported).cases == {"PR-TEST-0001": 1}  # the refused import changed nothing
    assert run(imported, capsys, "import", str(second_zip))[0] == 0  # the window closed: it works


def test_a_command_in_another_process_is_refused_while_a_writer_holds_the_folder(
    imported: Path, tmp_path: Path
) -> None:
    second = BundleSpec()
    second.manifest["case"]["reference"] = "PR-TEST-0002"
    with writing(imported, WINDOW):
        refused = run_reviewer(
            tmp_path / "refused", "import", "--data-dir", str(imported), str(second.write_zip(tmp_path / "b.zip"))
        )
        listed = run_reviewer(tmp_path / "listed", "cases", "--data-dir", str(imported))
    assert refused.returncode == 1
    assert refused.err.startswith(f"reviewer: The data folder {imported} is in use by {WINDOW}"), refused.err
    assert listed.returncode == 0 and "PR-TEST-0001" in listed.out
    assert inspect(imported).cases == {"PR-TEST-0001": 1}


def test_a_second_window_on_the_same_folder_says_so_and_quits(tmp_path: Path) -> None:
    from reviewer_app.app import take_writer_lock
    from tests.ui.conftest import FakePrompts

    first_prompts, second_prompts = FakePrompts(), FakePrompts()
    first = take_writer_lock(tmp_path / "data", first_prompts)
    assert first is not None and first_prompts.errors == []
    try:
        assert take_writer_lock(tmp_path / "data", second_prompts) is None
        [(title, message)] = second_prompts.errors
        assert title == "Reviewer is already open"
        assert f"({WINDOW} (process {os.getpid()}))" in message and "Nothing was changed" in message
    finally:
        first.release()
    again = take_writer_lock(tmp_path / "data", FakePrompts())  # the first window closed
    assert again is not None
    again.release()


@pytest.mark.slow
def test_a_killed_window_leaves_the_folder_unlocked(imported: Path, tmp_path: Path) -> None:
    env = reviewer_env() | {"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    window = subprocess.Popen(
        [sys.executable, "-m", "reviewer_app", "--data-dir", str(imported)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while read_holder(imported) is None:  # the window writes its name once it holds the lock
            assert window.poll() is None and time.monotonic() < deadline, "the window did not start"
            time.sleep(0.05)
        assert read_holder(imported) == f"{WINDOW} (process {window.pid})"
        refused = run_reviewer(tmp_path / "refused", "profile", "show", "--data-dir", str(imported))
        assert refused.returncode == 0  # reading works beside the window
        with pytest.raises(DataFolderBusy):
            WriterLock(imported).acquire("a test")
    finally:
        window.kill()
        window.wait()
        reap_group(window)
    with writing(imported, "a test"):  # the operating system released the killed window's lock
        pass


def test_the_next_writer_removes_what_a_killed_writer_left(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "staging" / "bundle-abc" / "records").mkdir(parents=True)
    (data_dir / "staging" / "bundle-abc" / "records" / "note.txt").write_bytes(b"unpacked")
    (data_dir / "records" / "ab").mkdir(parents=True)
    (data_dir / "records" / "ab" / ".incoming-x1y2").write_bytes(b"half a copy")
    kept = data_dir / "records" / "ab" / ("ab" + "0" * 62)
    kept.write_bytes(b"a stored file")

    lock = WriterLock(data_dir)
    leftovers = lock.acquire("a test")
    lock.release()

    assert (leftovers.staging_entries, leftovers.partial_files) == (1, 1)
    assert list((data_dir / "staging").iterdir()) == []
    assert sorted(p.name for p in (data_dir / "records" / "ab").iterdir()) == [kept.name]
