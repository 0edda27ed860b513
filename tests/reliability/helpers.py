"""Real ``reviewer`` processes for the reliability tests, and what a physician would check afterwards."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from reviewer_app.faults import KILL_AT_ENV
from reviewer_app.storage.database import DATABASE_FILE
from tests.bundle_builder import MINIMAL_PDF, BundleSpec

ROOT = Path(__file__).resolve().parents[2]
SIGKILLED = -9  # subprocess's returncode for a process ended by SIGKILL


@dataclass
class Finished:
    returncode: int
    out: str
    err: str


def reviewer_env(fault: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REVIEWER_")}
    env["PYTHONPATH"] = str(ROOT)
    if fault:
        env[KILL_AT_ENV] = fault
    return env


def reap_group(process: subprocess.Popen[bytes]) -> None:
    """Kill what is left of a process group we started (text-extraction workers of a killed parent)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def run_reviewer(tmp: Path, *args: str, fault: str | None = None, timeout: float = 120) -> Finished:
    """Run ``python -m reviewer_app ARGS`` to its end (or its injected death) and return what it said.

    Output goes to files, not pipes: worker processes of a killed parent could hold a pipe open.
    """
    tmp.mkdir(parents=True, exist_ok=True)
    out_path, err_path = tmp / "out.txt", tmp / "err.txt"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "reviewer_app", *args],
            stdout=out,
            stderr=err,
            env=reviewer_env(fault),
            cwd=ROOT,
            start_new_session=True,
        )
        try:
            returncode = process.wait(timeout=timeout)
        finally:
            reap_group(process)
    return Finished(returncode, out_path.read_text("utf-8"), err_path.read_text("utf-8"))


def large_bundle(target: Path, files: int = 8, reference: str = "PR-TEST-0001") -> Path:
    """A zipped bundle of ``2 * files`` records: text notes (stored with a PDF rendition) and PDFs."""
    spec = BundleSpec(files={})
    spec.manifest["case"]["reference"] = reference
    for n in range(files):
        spec.with_file(f"records/{n:03d}-note.txt", f"Progress note {n}: lumbar strain, improving.\n".encode() * 60)
        spec.with_file(f"records/{n:03d}-imaging.pdf", MINIMAL_PDF.replace(b"%PDF-1.4\n", f"%PDF-1.4\n%{n}\n".encode()))
    return spec.write_zip(target)


@dataclass
class FolderState:
    """The data folder as read straight from SQLite and the disk, without the application."""

    integrity: str
    cases: dict[str, int]  # reference -> number of records
    records_without_file: list[str]  # records whose bytes (or viewable PDF) are not in the store
    files_without_pages: list[str]  # readable stored files with no page rows
    partial_files: list[str]  # half-copied files left in the store
    staging_entries: list[str]


def inspect(data_dir: Path) -> FolderState:
    connection = sqlite3.connect(data_dir / DATABASE_FILE)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        cases = dict(
            connection.execute(
                "SELECT c.reference, count(r.id) FROM cases c LEFT JOIN records r ON r.case_id = c.id GROUP BY c.id"
            ).fetchall()
        )
        store = data_dir / "records"
        missing = [
            sha
            for (sha, viewable) in connection.execute(
                "SELECT s.sha256, s.viewable_sha256 FROM records r JOIN stored_files s ON s.sha256 = r.sha256"
            )
            for sha in filter(None, (sha, viewable))
            if not (store / sha[:2] / sha).is_file()
        ]
        without_pages = [
            sha
            for (sha,) in connection.execute(
                "SELECT s.sha256 FROM stored_files s WHERE s.page_count > 0 "
                "AND NOT EXISTS (SELECT 1 FROM file_pages p WHERE p.sha256 = s.sha256)"
            )
        ]
    finally:
        connection.close()
    staging = data_dir / "staging"
    return FolderState(
        integrity=integrity,
        cases=cases,
        records_without_file=missing,
        files_without_pages=without_pages,
        partial_files=sorted(p.name for p in (data_dir / "records").glob("*/.incoming-*")),
        staging_entries=sorted(p.name for p in staging.iterdir()) if staging.is_dir() else [],
    )
