"""The data folder is the physician's alone: folders 0700, files 0600, whatever the umask."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from tests.bundle_builder import MINIMAL_PDF, BundleSpec
from tests.reliability.helpers import ROOT, reviewer_env

PASSWORD = "private folder password"

_SET_UP = """
import sys
from pathlib import Path
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from tests.reports.demo_findings import fill_demo_findings

folder = open_data_folder(Path(sys.argv[1]))
ensure_demo_cases(folder)
fill_demo_findings(folder)
folder.close()
"""


def _with_umask_022() -> None:
    os.umask(0o022)  # the usual umask: files 0644, folders 0755


def reviewer(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reviewer_app", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env=reviewer_env(),
        preexec_fn=_with_umask_022,
    )


def readable_by_others(data_dir: Path) -> list[str]:
    """Every path under the data folder whose mode is not 0700 (folders) or 0600 (files)."""
    wrong = []
    for path in [data_dir, *data_dir.rglob("*")]:
        mode = path.lstat().st_mode
        wanted = 0o700 if stat.S_ISDIR(mode) else 0o600
        if stat.S_IMODE(mode) != wanted:
            wrong.append(f"{path.relative_to(data_dir)} {stat.S_IMODE(mode):o}")
    return wrong


def test_import_and_signing_under_umask_022_leave_only_private_files(tmp_path: Path) -> None:
    from tests.reports.demo_findings import PEER_REVIEW

    data_dir = tmp_path / "data"
    set_up = subprocess.run(
        [sys.executable, "-c", _SET_UP, str(data_dir)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env=reviewer_env(),
        preexec_fn=_with_umask_022,
    )
    assert set_up.returncode == 0, set_up.stderr
    bundle = BundleSpec().with_file("records/mri.pdf", MINIMAL_PDF).write_zip(tmp_path / "bundle.zip")
    imported = reviewer(data_dir, "import", str(bundle))
    assert imported.returncode == 0, imported.stderr
    password = tmp_path / "password.txt"
    password.write_text(PASSWORD, encoding="utf-8")
    made = reviewer(
        data_dir, "profile", "certificate", "--out", str(tmp_path / "me.p12"), "--password-file", str(password)
    )
    assert made.returncode == 0, made.stderr
    signed = reviewer(
        data_dir, "sign", PEER_REVIEW, "--out", str(tmp_path / "signed.pdf"), "--password-file", str(password)
    )
    assert signed.returncode == 0, signed.stderr

    for expected in ("reviewer.sqlite3", "logs/reviewer.log", "signing/physician.p12", "reports", "records"):
        assert (data_dir / expected).exists(), expected
    assert readable_by_others(data_dir) == []
    # The signature was followed by a backup of the database (the rolling backups in backups/).
    backups = sorted((data_dir / "backups").glob("reviewer-backup-*.sqlite3"))
    assert backups and backups[-1].stat().st_mtime >= (tmp_path / "signed.pdf").stat().st_mtime


def test_a_folder_made_readable_by_hand_is_made_private_at_start(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    bundle = BundleSpec().with_file("records/mri.pdf", MINIMAL_PDF).write_folder(tmp_path / "bundle")
    assert reviewer(data_dir, "import", str(bundle)).returncode == 0
    for path in [data_dir, *data_dir.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert readable_by_others(data_dir) != []

    listed = reviewer(data_dir, "cases")  # a command that only reads fixes it too
    assert listed.returncode == 0, listed.stderr
    assert readable_by_others(data_dir) == []
