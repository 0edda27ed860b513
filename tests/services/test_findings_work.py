"""Saving an edit and checking a case: forms from the folder's cache, one short transaction per save."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from reviewer_app.domain.case import Case
from reviewer_app.domain.errors import InvalidInput
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.findings import check_case, get_answers, set_answers
from reviewer_app.services.importing import import_bundle
from tests.bundle_builder import BundleSpec


class Transactions:
    """The transactions and statements the database saw, through SQLAlchemy's own events."""

    def __init__(self) -> None:
        self.begun = 0
        self.statements: list[str] = []

    def on_begin(self, _connection: object) -> None:
        self.begun += 1

    def on_execute(self, *args: object) -> None:
        self.statements.append(str(args[2]))


@pytest.fixture
def case(data_folder: DataFolder, spec: BundleSpec, tmp_path: Path) -> Case:
    import_bundle(data_folder, spec.write_folder(tmp_path / "bundle"))
    return find_case(data_folder, "PR-TEST-0001")


@pytest.fixture
def seen(data_folder: DataFolder) -> Iterator[Transactions]:
    counter = Transactions()
    engine = data_folder.database.engine
    event.listen(engine, "begin", counter.on_begin)
    event.listen(engine, "before_cursor_execute", counter.on_execute)
    yield counter
    event.remove(engine, "begin", counter.on_begin)
    event.remove(engine, "before_cursor_execute", counter.on_execute)


def test_a_saved_edit_is_one_transaction(data_folder: DataFolder, case: Case, seen: Transactions) -> None:
    set_answers(data_folder, case, {"q1.svc1.determination": "certify"})  # the first edit loads the forms
    seen.begun = 0
    set_answers(data_folder, case, {"q1.svc1.rationale": "Improved after six weeks of therapy."})
    assert seen.begun == 1
    assert get_answers(data_folder, case)["q1.svc1.rationale"] == "Improved after six weeks of therapy."


def test_a_saved_edit_does_not_parse_the_forms_again(
    data_folder: DataFolder, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reviewer_app.services.forms as forms_module

    set_answers(data_folder, case, {"q1.svc1.determination": "certify"})
    parsed: list[Path] = []
    real = forms_module._read
    monkeypatch.setattr(forms_module, "_read", lambda path: parsed.append(path) or real(path))
    for words in ("Improved", "Improved after", "Improved after therapy."):
        set_answers(data_folder, case, {"q1.svc1.rationale": words})
    check_case(data_folder, case)
    assert parsed == []


def test_a_refused_edit_changes_nothing_and_names_the_field(data_folder: DataFolder, case: Case) -> None:
    set_answers(data_folder, case, {"q1.svc1.determination": "certify"})
    with pytest.raises(InvalidInput) as refused:
        set_answers(data_folder, case, {"q1.svc1.determination": "modify", "q1.nonsense": "x"})
    assert refused.value.problems == ["q1.nonsense: the peer_review@2 form has no such field"]
    assert get_answers(data_folder, case)["q1.svc1.determination"] == "certify"


def test_check_reads_the_case_in_one_transaction(data_folder: DataFolder, case: Case, seen: Transactions) -> None:
    check_case(data_folder, case)
    seen.begun = 0
    items = check_case(data_folder, case)
    assert seen.begun == 1
    assert any(item.blocking for item in items), "an unanswered case is not ready to sign"
