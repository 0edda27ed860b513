"""Both demo cases answered entirely through the findings panel, each field through its own editor,
until the readiness list holds nothing that blocks signing and the report can be signed from the window."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction

from reviewer_app.app import build_main_window
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.findings import check_case, findings_template, get_answers, template_json
from reviewer_app.ui.findings_form import FindingsForm
from reviewer_app.ui.main_window import MainWindow
from tests.reports.demo_findings import PROFILE
from tests.ui.conftest import FakePrompts, wait_saved


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo-gui") / "data"
    folder = open_data_folder(data_dir)
    ensure_demo_cases(folder)
    folder.close()
    return data_dir


def answer_every_shown_field(form: FindingsForm, examples: dict[str, Any]) -> set[str]:
    """Enter each shown field's example through its editor, as the physician would, until no new field appears."""
    entered: set[str] = set()
    while True:
        waiting = [field_id for field_id in form.field_ids() if form.is_shown(field_id) and field_id not in entered]
        if not waiting:
            return entered
        for field_id in waiting:
            editor = form.editor(field_id)
            assert editor is not None, field_id
            editor.set_value(examples[field_id])
            assert editor.value() == examples[field_id], f"{field_id}: the editor shows {editor.value()!r}"
            editor.edited.emit(field_id, editor.value())  # what the editor emits when the physician edits it
            entered.add(field_id)


@pytest.mark.parametrize("reference", ["PR-2026-004512", "IME-2026-000871"])
def test_a_demo_case_answered_in_the_panel_is_ready_to_sign(
    qtbot: Any, demo_dir: Path, tmp_path: Path, prompts: FakePrompts, reference: str
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(demo_dir, data_dir)
    window: MainWindow = build_main_window(data_dir, prompts=prompts)
    qtbot.addWidget(window)
    prompts.profile_changes = dict(PROFILE)
    window.findChild(QAction, "actionProfile").trigger()

    case = find_case(window.folder, reference)
    examples = {f["id"]: f["example"] for f in template_json(findings_template(window.folder, case), case)["fields"]}
    window.open_case(case.id)
    workspace = window.workspace
    assert workspace is not None
    entered: set[str] = set()
    for row in range(workspace.question_list.count()):
        workspace.question_list.setCurrentRow(row)
        entered |= answer_every_shown_field(workspace.findings_form, examples)
    entered |= answer_every_shown_field(workspace.case_sections_form, examples)
    exam = workspace.findings.exam_screen  # an IME's history and examination, on their own tab
    assert (exam is not None) == reference.startswith("IME")
    for form in exam.forms() if exam is not None else ():
        entered |= answer_every_shown_field(form, examples)
    wait_saved(qtbot, workspace)

    saved = get_answers(window.folder, case)
    assert {field_id: saved[field_id] for field_id in entered} == {field_id: examples[field_id] for field_id in entered}
    blocking = [item.text for item in check_case(window.folder, case) if item.blocking]
    assert blocking == []
    shown = [workspace.readiness.item(i).text() for i in range(workspace.readiness.count())]
    assert not any(text.startswith("✗") for text in shown), shown
    states = [workspace.question_list.item(i).text() for i in range(workspace.question_list.count())]
    assert all("Not started" not in state for state in states), states
    window.close()
    window.runner.wait()
