"""The open case's duplicate count, arriving after the physician moved to another case, changes nothing.

Counting runs in the background; the answer comes back through the event loop, possibly after the
workspace it was counted for has been closed and deleted (another case opened, the window closed).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from reviewer_app.app import build_main_window
from reviewer_app.cli import main as cli_main
from reviewer_app.ui.main_window import MainWindow
from tests.bundle_builder import MINIMAL_PDF, BundleSpec
from tests.ui.conftest import FakePrompts


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Iterator[MainWindow]:
    main_window = build_main_window(tmp_path / "data", prompts=FakePrompts())
    qtbot.addWidget(main_window)
    yield main_window
    main_window.runner.wait()
    main_window.background.wait()


def test_a_count_for_a_case_closed_meanwhile_is_ignored(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    data_dir = str(window.folder.path)
    for number in (1, 2):
        spec = BundleSpec(files={"records/001-note.pdf": MINIMAL_PDF})
        spec.manifest["case"]["reference"] = f"PR-TEST-000{number}"
        assert cli_main(["--data-dir", data_dir, "import", str(spec.write_folder(tmp_path / f"b{number}"))]) == 0
    window.refresh_cases()
    first_id, second_id = (case.id for case in window.case_list.model.cases())
    window.open_case(first_id)
    closed = window.workspace
    assert closed is not None
    window.open_case(second_id)
    window.background.wait()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # the closed workspace is deleted

    closed._duplicates_counted([])  # what the background delivers for it now

    assert window.workspace is not None and window.workspace is not closed
    assert window.workspace.session.case_id == second_id
