"""The real dialogs: they refuse incomplete or invalid input and say why, in place."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog

from reviewer_app.domain.profile import PhysicianProfile
from reviewer_app.ui.manual_case_dialog import ManualCaseDialog
from reviewer_app.ui.profile_dialog import ProfileDialog


def test_manual_case_dialog_requires_reference_claimant_and_a_question(qtbot: Any) -> None:
    dialog = ManualCaseDialog("faxed-records")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "Reference" in dialog.problems.text() and "question" in dialog.problems.text()

    qtbot.keyClicks(dialog.reference, "MAN-1")
    qtbot.keyClicks(dialog.given, "Ana")
    qtbot.keyClicks(dialog.family, "Reyes")
    dialog.questions.setPlainText("Is PT medically necessary?\n\n")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.entry().questions[0] == "Is PT medically necessary?"


def test_profile_dialog_names_invalid_values_and_keeps_them(qtbot: Any) -> None:
    dialog = ProfileDialog(PhysicianProfile(name="Dr. Test"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.npi.setText("123")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "npi" in dialog.problems.text()
    dialog.npi.setText("1234567893")
    dialog.specialties.setPlainText("Orthopaedic Surgery\nPain Medicine")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.changes()["specialties"] == ["Orthopaedic Surgery", "Pain Medicine"]
    assert dialog.changes()["name"] == "Dr. Test"
