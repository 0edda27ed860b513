"""Signing is all or nothing: killed or out of disk at any step, a case is either unsigned with nothing
written, or signed whole (report at --out and in reports/, its row, the lock and its history event).

Each test copies one data folder, filled as a physician would and ready to sign, and signs the peer
review with a fault at one step of ``services.signing_journal`` (``reviewer_app/faults.py`` names them):

- a SIGKILL of a real ``reviewer sign`` process, then the next writer (signing again) must finish
  a signing that committed or undo one that did not;
- a full disk at that step (``REVIEWER_FAULT_FULL_DISK_AT`` raises ENOSPC where the next write is),
  and, when the tests run as root, real small disks (tmpfs) that are full for the output or for
  the data folder.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reviewer_app import faults
from reviewer_app.cli import main
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.storage.database import DATABASE_FILE
from tests.reliability.helpers import SIGKILLED, run_reviewer
from tests.reports.demo_findings import PEER_REVIEW, fill_demo_findings

pytestmark = pytest.mark.slow

PASSWORD = "signing password 1"
BEFORE_COMMIT = (
    faults.SIGN_JOURNAL_WRITTEN,
    faults.SIGN_ARCHIVE_STAGED,
    faults.SIGN_OUTPUT_STAGED,
    faults.SIGN_BEFORE_COMMIT,
)
AFTER_COMMIT = (faults.SIGN_AFTER_COMMIT, faults.SIGN_ARCHIVE_PUBLISHED, faults.SIGN_OUTPUT_PUBLISHED)


@pytest.fixture(scope="module")
def ready_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with the demo cases filled in and the physician's certificate: the peer review is ready to sign."""
    root = tmp_path_factory.mktemp("ready")
    folder = open_data_folder(root / "data")
    ensure_demo_cases(folder)
    fill_demo_findings(folder)
    folder.close()
    password = root / "password.txt"
    password.write_text(PASSWORD + "\n", encoding="utf-8")
    assert main(["--data-dir", str(root / "data"), "profile", "certificate", "--out", str(root / "me.p12"),
                 "--password-file", str(password)]) == 0  # fmt: skip
    return root


@dataclass
class Workplace:
    data: Path
    out: Path
    password: Path

    def sign_args(self) -> list[str]:
        return ["--data-dir", str(self.data), "sign", PEER_REVIEW, "--out", str(self.out), "--password-file",
                str(self.password)]  # fmt: skip


def copy_workplace(ready: Path, into: Path, out_dir: Path | None = None) -> Workplace:
    shutil.copytree(ready / "data", into / "data")
    out_dir = out_dir or into / "sent"
    out_dir.mkdir(exist_ok=True)
    return Workplace(data=into / "data", out=out_dir / "report.pdf", password=ready / "password.txt")


@dataclass
class SigningState:
    """The case as SQLite and the disk show it, without the application."""

    integrity: str
    reports: list[tuple[int, str]]  # (number, sha256) of the peer review's signed reports
    status: str
    signed_events: int  # "report signed" events in the case's history
    archived: list[str]  # files in reports/<case>/
    leftovers: list[str]  # temporary files and journals anywhere they could be

    @property
    def signed(self) -> bool:
        return bool(self.reports)


def signing_state(work: Workplace) -> SigningState:
    connection = sqlite3.connect(work.data / DATABASE_FILE)
    try:
        case_id, status = connection.execute(
            "SELECT id, status FROM cases WHERE reference = ?", (PEER_REVIEW,)
        ).fetchone()
        reports = connection.execute(
            "SELECT number, sha256 FROM signed_reports WHERE case_id = ? ORDER BY number", (case_id,)
        ).fetchall()
        (events,) = connection.execute(
            "SELECT count(*) FROM audit_events WHERE case_id = ? AND kind = 'report_signed'", (case_id,)
        ).fetchone()
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()
    archive = work.data / "reports" / str(case_id)
    leftovers = [
        str(path)
        for place in (archive, work.out.parent, work.data / "pending-signatures")
        if place.is_dir()
        for path in place.iterdir()
        if path.name.endswith(".part") or path.suffix == ".json"
    ]
    return SigningState(
        integrity=integrity,
        reports=[(number, sha) for number, sha in reports],
        status=str(status),
        signed_events=events,
        archived=sorted(p.name for p in archive.iterdir()) if archive.is_dir() else [],
        leftovers=leftovers,
    )


def assert_unsigned_and_nothing_written(work: Workplace, *, journal_allowed: bool = False) -> None:
    state = signing_state(work)
    assert state.integrity == "ok"
    assert not state.signed and state.signed_events == 0 and state.status != "signed"
    assert not work.out.exists(), "a signed report must not appear at --out while the case is unsigned"
    assert state.archived == []
    if not journal_allowed:
        assert state.leftovers == []


def assert_signed_whole(work: Workplace) -> None:
    state = signing_state(work)
    assert state.integrity == "ok"
    assert len(state.reports) == 1 and state.signed_events == 1 and state.status == "signed"
    (number, sha256) = state.reports[0]
    assert hashlib.sha256(work.out.read_bytes()).hexdigest() == sha256
    assert state.archived == [f"report-{number}-{sha256[:16]}.pdf"]
    assert state.leftovers == []


def verify_out(work: Workplace, capsys: pytest.CaptureFixture[str]) -> int:
    capsys.readouterr()
    return main(["--data-dir", str(work.data), "verify", str(work.out)])


def audit_holds(work: Workplace) -> bool:
    return main(["--data-dir", str(work.data), "audit", PEER_REVIEW, "--verify"]) == 0


# -- killed at each step --


@pytest.mark.parametrize("point", BEFORE_COMMIT + AFTER_COMMIT)
def test_a_signing_killed_at_any_step_is_undone_or_finished_by_the_next_writer(
    point: str, ready_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    work = copy_workplace(ready_folder, tmp_path)
    killed = run_reviewer(tmp_path / "run1", *work.sign_args(), fault=f"{point}:1")
    assert killed.returncode == SIGKILLED, killed.err

    state = signing_state(work)
    assert state.integrity == "ok"
    committed = point in AFTER_COMMIT
    assert state.signed is committed and state.signed_events == int(committed)
    # The output appears only once the case is locked (the last rename, after the commit).
    assert work.out.exists() is (point == faults.SIGN_OUTPUT_PUBLISHED)

    again = run_reviewer(tmp_path / "run2", *work.sign_args())
    if committed:
        assert again.returncode == 1 and "its findings can no longer change" in again.err, again.err
        if point != faults.SIGN_OUTPUT_PUBLISHED:  # there, only the journal was left to remove
            assert f"interrupted has been finished: the signed report is at {work.out}" in again.err
    else:
        assert again.returncode == 0, again.err
        assert "interrupted before it was recorded and has been undone" in again.err
    assert_signed_whole(work)
    assert verify_out(work, capsys) == 0
    assert audit_holds(work)


# -- a full disk at each step --


@pytest.fixture
def full_disk_at(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(faults, "_reached", {})
    yield


@pytest.mark.parametrize("point", BEFORE_COMMIT)
def test_a_full_disk_before_the_commit_signs_nothing_and_leaves_nothing(
    point: str,
    ready_folder: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    full_disk_at: None,
) -> None:
    work = copy_workplace(ready_folder, tmp_path)
    monkeypatch.setenv(faults.FULL_DISK_AT_ENV, f"{point}:1")
    capsys.readouterr()
    assert main(work.sign_args()) == 1
    err = capsys.readouterr().err
    assert f"The disk is full: case {PEER_REVIEW} was not signed and nothing was written." in err, err
    assert "Traceback" not in err
    assert_unsigned_and_nothing_written(work)

    monkeypatch.delenv(faults.FULL_DISK_AT_ENV)
    assert main(work.sign_args()) == 0  # space freed: the one signature, numbered 1
    assert_signed_whole(work)
    assert signing_state(work).reports[0][0] == 1


@pytest.mark.parametrize("point", (faults.SIGN_AFTER_COMMIT, faults.SIGN_ARCHIVE_PUBLISHED))
def test_a_full_disk_after_the_commit_keeps_the_signature_and_saves_the_report_at_the_next_start(
    point: str,
    ready_folder: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    full_disk_at: None,
) -> None:
    work = copy_workplace(ready_folder, tmp_path)
    monkeypatch.setenv(faults.FULL_DISK_AT_ENV, f"{point}:1")
    capsys.readouterr()
    assert main(work.sign_args()) == 1
    err = capsys.readouterr().err
    assert f"Case {PEER_REVIEW} is signed and its report is kept in the data folder, but it could not be saved" in err
    assert "the disk is full" in err and "Traceback" not in err
    state = signing_state(work)
    assert state.signed and state.signed_events == 1 and not work.out.exists()

    monkeypatch.delenv(faults.FULL_DISK_AT_ENV)
    folder = open_data_folder(work.data)  # the next writer (the window, or any command that writes)
    try:
        finished = f"A signing of case {PEER_REVIEW} that was interrupted has been finished"
        assert folder.recovery_notices == [f"{finished}: the signed report is at {work.out}."]
    finally:
        folder.close()
    assert_signed_whole(work)
    assert verify_out(work, capsys) == 0


def test_a_journal_that_cannot_be_removed_does_not_fail_a_finished_signing(
    ready_folder: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    full_disk_at: None,
) -> None:
    work = copy_workplace(ready_folder, tmp_path)
    monkeypatch.setenv(faults.FULL_DISK_AT_ENV, f"{faults.SIGN_OUTPUT_PUBLISHED}:1")
    assert main(work.sign_args()) == 0
    monkeypatch.delenv(faults.FULL_DISK_AT_ENV)
    folder = open_data_folder(work.data)
    try:
        assert folder.recovery_notices == []  # nothing was left to do but remove the journal
    finally:
        folder.close()
    assert_signed_whole(work)


# -- real small disks (root only) --


def _mount_tmpfs(target: Path, size: str) -> bool:
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    target.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(target)],
                          capture_output=True, check=False).returncode == 0  # fmt: skip


@pytest.fixture
def small_disks(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """Two file systems of their own: one for the data folder, a tiny one for the output."""
    data_disk, out_disk = tmp_path / "data-disk", tmp_path / "out-disk"
    if not _mount_tmpfs(data_disk, "96m") or not _mount_tmpfs(out_disk, "1m"):
        subprocess.run(["umount", "-l", str(data_disk)], capture_output=True, check=False)
        pytest.skip("mounting a small tmpfs needs root and mount(8)")
    try:
        yield data_disk, out_disk
    finally:
        for disk in (data_disk, out_disk):
            subprocess.run(["umount", "-l", str(disk)], capture_output=True, check=False)


def fill(disk: Path, leave: int = 0) -> Path:
    """Fill ``disk`` up to ``leave`` bytes of free space (0: completely)."""
    filler = disk / "filler.bin"
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    with open(filler, "ab") as sink:
        remaining = max(0, free - leave)
        block = b"\0" * (1 << 20)
        try:
            while remaining > 0:
                remaining -= sink.write(block[: min(len(block), remaining)])
        except OSError:
            pass  # full: what we wanted when leave is 0
    return filler


def test_a_really_full_output_disk_signs_nothing(
    ready_folder: Path, small_disks: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data_disk, out_disk = small_disks
    work = copy_workplace(ready_folder, data_disk, out_dir=out_disk)
    filler = fill(out_disk)
    capsys.readouterr()
    assert main(work.sign_args()) == 1
    err = capsys.readouterr().err
    assert f"The disk holding {out_disk} is full; nothing was written." in err, err
    assert_unsigned_and_nothing_written(work)

    filler.unlink()
    assert main(work.sign_args()) == 0
    assert_signed_whole(work)


@pytest.mark.parametrize("free_kib", [16, 128, 256, 512, 2048])
def test_a_really_full_data_disk_signs_whole_or_nothing(
    free_kib: int, ready_folder: Path, small_disks: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Whichever write meets the full disk first (the history, the journal, the archive copy, the commit,
    the backup after the signature), the case ends unsigned with nothing written, or signed whole."""
    data_disk, out_disk = small_disks
    work = copy_workplace(ready_folder, data_disk, out_dir=out_disk)
    filler = fill(data_disk, leave=free_kib * 1024)
    capsys.readouterr()
    code = main(work.sign_args())
    err = capsys.readouterr().err
    assert "Traceback" not in err and "unexpected error" not in err, err
    filler.unlink()  # SQLite needs room even to read (its shared-memory file)
    if code == 1:
        assert "full" in err and ("nothing was written" in err or "nothing was changed" in err), err
        assert_unsigned_and_nothing_written(work)
        assert main(work.sign_args()) == 0  # space freed: the one signature
    else:
        assert code == 0, err
        if "could not be copied" in err:  # signed; only the backup after it could not be taken, and that is said
            assert "The report is signed all the same." in err, err
        assert not list((work.data / "backups").glob(".partial-*"))
    assert_signed_whole(work)
