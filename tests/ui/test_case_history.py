"""The case history in the window: what happened, in words, and whether the record of it is intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QTreeWidget

from reviewer_app.cli import main as cli_main
from reviewer_app.domain.audit import AuditKind
from reviewer_app.services.audit import case_history
from reviewer_app.services.cases import find_case
from reviewer_app.storage.database import DATABASE_FILE
from reviewer_app.ui.case_history import CaseHistoryDialog
from reviewer_app.ui.main_window import MainWindow
from tests.bundle_builder import BundleSpec


def rows(dialog: CaseHistoryDialog) -> list[list[str]]:
    tree = dialog.findChild(QTreeWidget, "caseHistoryEvents")
    return [[tree.topLevelItem(i).text(c) for c in range(4)] for i in range(tree.topLevelItemCount())]


def open_history(window: MainWindow) -> CaseHistoryDialog:
    action = window.findChild(QAction, "actionCaseHistory")
    assert action.isEnabled()
    action.trigger()
    dialogs = [d for d in window.findChildren(CaseHistoryDialog, "caseHistory") if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def test_the_history_lists_the_case_s_events_and_says_the_chain_verifies(
    qtbot: Any, window: MainWindow, data_dir: Path, tmp_path: Path
) -> None:
    assert cli_main(["--data-dir", str(data_dir), "import", str(BundleSpec().write_zip(tmp_path / "b.zip"))]) == 0
    window.refresh_cases()
    assert not window.findChild(QAction, "actionCaseHistory").isEnabled()  # no case open
    case = find_case(window.folder, "PR-TEST-0001")
    window.open_case(case.id)

    dialog = open_history(window)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Case history — PR-TEST-0001"
    listed = rows(dialog)
    assert [(r[0], r[2]) for r in listed] == [("1", "Case imported"), ("2", "Record opened")]
    assert "SHA-256 of the bundle file" in listed[0][3]
    assert listed[1][3] == f"Rec. 1 ({case.records[0].title})"
    chain = dialog.findChild(QLabel, "caseHistoryChain")
    assert chain.text().startswith("✓ The history verifies")
    dialog.close()


def test_pages_read_are_in_the_history_once_the_case_is_closed(
    window: MainWindow, data_dir: Path, tmp_path: Path
) -> None:
    assert cli_main(["--data-dir", str(data_dir), "import", str(BundleSpec().write_zip(tmp_path / "b.zip"))]) == 0
    case = find_case(window.folder, "PR-TEST-0001")
    window.open_case(case.id)
    assert window.workspace is not None
    record_id = case.records[0].id
    assert record_id is not None and window.workspace.session.mark_reviewed(record_id, 0)

    window.show_case_list()
    events = case_history(window.folder, case)
    assert [e.kind for e in events] == [AuditKind.CASE_IMPORTED, AuditKind.RECORD_OPENED, AuditKind.PAGES_REVIEWED]
    assert events[-1].details["records"] == [{"record_id": record_id, "pages": 1, "page_numbers": "1"}]


def test_an_altered_event_is_marked_and_named(qtbot: Any, window: MainWindow, data_dir: Path, tmp_path: Path) -> None:
    assert cli_main(["--data-dir", str(data_dir), "import", str(BundleSpec().write_zip(tmp_path / "b.zip"))]) == 0
    case = find_case(window.folder, "PR-TEST-0001")
    window.open_case(case.id)
    with sqlite3.connect(data_dir / DATABASE_FILE) as connection:
        connection.execute("DROP TRIGGER audit_events_no_update")
        connection.execute("UPDATE audit_events SET details = json_set(details, '$.records', 9) WHERE sequence = 1")

    dialog = open_history(window)
    qtbot.addWidget(dialog)
    chain = dialog.findChild(QLabel, "caseHistoryChain")
    assert chain.text().startswith("✗ The history does not verify (1 problem(s))")
    assert "event #1 (case imported," in chain.text() and "was altered" in chain.text()
    tree = dialog.findChild(QTreeWidget, "caseHistoryEvents")
    assert "was altered" in tree.topLevelItem(0).toolTip(2)
    assert "was altered" not in tree.topLevelItem(1).toolTip(2)
    dialog.close()
