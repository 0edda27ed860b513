"""A folder without case.json, imported through the real Case details dialog as the physician fills it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLineEdit, QPlainTextEdit, QTableView, QWidget

from reviewer_app.domain.case import LineOfBusiness, Service
from reviewer_app.domain.manual_case import ManualCaseEntry
from reviewer_app.services.cases import find_case
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.prompts import DialogPrompts
from tests.ui.conftest import FakePrompts


class RealCaseDetailsDialog(FakePrompts):
    """Every dialog faked but the Case details one: that one opens for real and is filled by ``fill``."""

    fill: Any = None

    def ask_case_details(self, parent: QWidget, bundle_name: str) -> ManualCaseEntry | None:
        self.asked.append(f"ask_case_details:{bundle_name}")
        QTimer.singleShot(0, self._fill_when_shown)
        return DialogPrompts().ask_case_details(parent, bundle_name)

    def _fill_when_shown(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "manualCaseDialog":
            QTimer.singleShot(10, self._fill_when_shown)
            return
        self.fill(dialog)


def choose(combo: QComboBox, label: str) -> None:
    """Pick an entry by its visible text, as a click in the drop-down does."""
    index = combo.findText(label)
    assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(index)


def case_rows(window: MainWindow) -> list[list[str]]:
    model = window.findChild(QTableView, "caseList").model()
    return [[str(model.index(r, c).data()) for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_filling_the_case_details_dialog_imports_the_folder(qtbot: Any, data_dir: Path, tmp_path: Path) -> None:
    from reviewer_app.app import build_main_window

    loose = tmp_path / "faxed-records"
    loose.mkdir()
    (loose / "note.txt").write_text("Seen for low back pain after lifting a pallet.\n", encoding="utf-8")
    prompts = RealCaseDetailsDialog()

    def fill(dialog: QWidget) -> None:
        qtbot.keyClicks(dialog.findChild(QLineEdit, "manualReference"), "MAN-2026-0042")
        qtbot.keyClicks(dialog.findChild(QLineEdit, "manualVendor"), "Northwind Review")
        choose(dialog.findChild(QComboBox, "manualService"), Service.IME.label)
        qtbot.keyClicks(dialog.findChild(QLineEdit, "manualGiven"), "Ana")
        qtbot.keyClicks(dialog.findChild(QLineEdit, "manualFamily"), "Reyes")
        choose(dialog.findChild(QComboBox, "manualLineOfBusiness"), LineOfBusiness.AUTO.label)
        qtbot.keyClicks(dialog.findChild(QLineEdit, "manualJurisdiction"), "CA")
        qtbot.keyClicks(dialog.findChild(QPlainTextEdit, "manualQuestions"), "Has the claimant reached MMI?")
        buttons = dialog.findChild(QDialogButtonBox)
        qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    prompts.fill = fill
    window = build_main_window(data_dir, prompts=prompts)
    qtbot.addWidget(window)
    try:
        window.import_path(loose)
        qtbot.waitUntil(lambda: len(case_rows(window)) == 1 or bool(prompts.errors), timeout=20_000)
        assert prompts.errors == []
        assert "ask_case_details:faxed-records" in prompts.asked
        assert case_rows(window)[0][:5] == ["MAN-2026-0042", "IME", "Reyes, Ana", LineOfBusiness.AUTO.label, "CA"]
        case = find_case(window.folder, "MAN-2026-0042")
        assert case.details.service is Service.IME
        assert case.details.line_of_business is LineOfBusiness.AUTO
        assert [q.text for q in case.details.questions] == ["Has the claimant reached MMI?"]
    finally:
        window.close()
        window.runner.wait()
