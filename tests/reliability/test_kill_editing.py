"""Kill an editing session (a real process saving answers one at a time) and check what was kept.

Every answer the process reported as saved before it died is there, with its value; nothing else
changed, and the database passes its integrity check.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reviewer_app import faults
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.findings import findings_template, get_answers, template_json
from reviewer_app.services.importing import import_bundle
from tests.bundle_builder import BundleSpec
from tests.reliability.helpers import ROOT, SIGKILLED, reap_group, reviewer_env

pytestmark = pytest.mark.slow

REFERENCE = "PR-TEST-0001"
ANSWERS = 8


@pytest.fixture
def session(tmp_path: Path) -> tuple[Path, Path, dict[str, Any]]:
    """A data folder with one case, and the first answers of its template's examples, in order."""
    data_dir = tmp_path / "data"
    folder = open_data_folder(data_dir)
    try:
        import_bundle(folder, BundleSpec().write_zip(tmp_path / "case.zip"))
        case = find_case(folder, REFERENCE)
        fields = template_json(findings_template(folder, case), case)["fields"]
    finally:
        folder.close()
    answers = {f["id"]: f["example"] for f in fields if f["example"] is not None}
    answers = dict(list(answers.items())[:ANSWERS])
    assert len(answers) == ANSWERS
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps(answers), encoding="utf-8")
    return data_dir, answers_file, answers


def start_driver(data_dir: Path, answers_file: Path, fault: str | None = None) -> subprocess.Popen[str]:
    env = reviewer_env()
    if fault:
        env[faults.KILL_AT_ENV] = fault
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.edit_driver", str(data_dir), REFERENCE, str(answers_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )


def saved_fields(output: str) -> list[str]:
    return [line.split(" ", 1)[1] for line in output.splitlines() if line.startswith("saved ")]


def answers_now(data_dir: Path) -> dict[str, Any]:
    with sqlite3.connect(data_dir / "reviewer.sqlite3") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    folder = open_data_folder(data_dir)
    try:
        return get_answers(folder, find_case(folder, REFERENCE))
    finally:
        folder.close()


@pytest.mark.parametrize(
    ("point", "reported", "kept"),
    [
        (f"{faults.FINDINGS_BEFORE_COMMIT}:1", 0, 0),  # the first answer written, not committed
        (f"{faults.FINDINGS_BEFORE_COMMIT}:5", 4, 4),
        (f"{faults.FINDINGS_AFTER_COMMIT}:5", 4, 5),  # committed, killed before it could say so
    ],
)
def test_every_answer_reported_saved_survives_a_kill(
    session: tuple[Path, Path, dict[str, Any]], point: str, reported: int, kept: int
) -> None:
    data_dir, answers_file, answers = session
    process = start_driver(data_dir, answers_file, point)
    try:
        out, _ = process.communicate(timeout=60)
    finally:
        reap_group(process)
    assert process.returncode == SIGKILLED

    saved = saved_fields(out)
    assert saved == list(answers)[:reported]
    stored = answers_now(data_dir)
    assert stored == {key: answers[key] for key in list(answers)[:kept]}


def test_an_editing_session_killed_at_a_random_moment_keeps_what_it_reported(
    session: tuple[Path, Path, dict[str, Any]],
) -> None:
    data_dir, answers_file, answers = session
    process = start_driver(data_dir, answers_file)
    assert process.stdout is not None
    saved: list[str] = []
    try:
        for line in process.stdout:  # kill it right after it reports the third answer saved
            saved += saved_fields(line)
            if len(saved) == 3:
                process.kill()
                break
        process.wait(timeout=60)
    finally:
        reap_group(process)

    stored = answers_now(data_dir)
    for key in saved:
        assert stored[key] == answers[key]
    assert set(stored) <= set(answers)
    assert all(stored[key] == answers[key] for key in stored)
