"""Every edit is saved as it is made: a GUI process killed (SIGKILL) right after answering loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reviewer_app.app import build_main_window
from reviewer_app.cli import main as cli_main
from reviewer_app.ui.field_editor import FieldEditor
from tests.bundle_builder import BundleSpec
from tests.services.test_records_workspace import MRI
from tests.ui.conftest import FakePrompts

ROOT = Path(__file__).resolve().parents[2]
RATIONALE = "Six weeks of therapy were not completed before the request (Rec. 1, p. 2)."


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_necessity_answer_survives_the_application_being_killed(
    qtbot: Any, tmp_path: Path, prompts: FakePrompts
) -> None:
    data_dir = tmp_path / "data"
    bundle = BundleSpec(files={"records/001-mri.pdf": MRI}).write_folder(tmp_path / "bundle")
    assert cli_main(["--data-dir", str(data_dir), "import", str(bundle)]) == 0

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    driver = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.findings_kill_driver", str(data_dir), RATIONALE],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert driver.stdout is not None
        line = driver.stdout.readline().strip()  # blocks until the driver has saved (or failed)
        assert line == "saved", (line, driver.stderr.read() if driver.poll() is not None else "")
        assert driver.poll() is None, "the application should still be running when it is killed"
        driver.send_signal(signal.SIGKILL)
        assert driver.wait(timeout=30) == -signal.SIGKILL
    finally:
        if driver.poll() is None:
            driver.kill()
            driver.wait()

    window = build_main_window(data_dir, prompts=prompts)
    qtbot.addWidget(window)
    window.show()
    window.open_case(window.case_list.model.cases()[0].id)
    assert window.workspace is not None
    window.workspace.question_list.setCurrentRow(0)
    assert window.findChild(FieldEditor, "field:q1.svc1.determination").value() == "non_certify"
    assert window.findChild(FieldEditor, "field:q1.svc1.rationale").value() == RATIONALE
    assert "Not started" not in window.workspace.question_list.item(0).text()
    window.close()
