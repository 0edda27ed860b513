"""The records list shows a repaired record as such, and its pages open in the viewer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reviewer_app.app import build_main_window
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.page_viewer import PageViewer
from tests.bundle_builder import MINIMAL_PDF, BundleSpec
from tests.records.test_repair import clinic_pdf, cut_trailer
from tests.ui.conftest import FakePrompts
from tests.ui.test_records_workspace import import_and_open, record_row


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Iterator[MainWindow]:
    main_window = build_main_window(tmp_path / "data", prompts=FakePrompts())
    qtbot.addWidget(main_window)
    yield main_window
    main_window.runner.wait()


def test_a_repaired_record_is_marked_and_its_pages_show(
    qtbot: Any,
    window: MainWindow,
    tmp_path: Path,
) -> None:
    spec = BundleSpec(files={"records/001-clinic.pdf": cut_trailer(clinic_pdf()), "records/002-note.pdf": MINIMAL_PDF})
    workspace = import_and_open(qtbot, window, spec, tmp_path)
    repaired = record_row(workspace, "001-clinic")
    intact = record_row(workspace, "002-note")
    assert repaired["State"] == "⚠ Repaired"
    assert "repaired copy" in repaired["tooltip"] and "original is kept" in repaired["tooltip"]
    assert intact["State"] == "✓ Text"

    record = next(r for r in workspace.session.case.records if "001-clinic" in r.path)
    assert record.id is not None
    workspace.records.choose_record(record.id)
    viewer = window.findChild(PageViewer, "pageView")
    qtbot.waitUntil(lambda: viewer.page_count() == 3, timeout=5000)
    assert workspace.viewer.currentWidget() is not workspace._message_page
