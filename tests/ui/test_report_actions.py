"""The Report menu in the window: preview the draft, sign, print (to a PDF printer), export, print record pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PySide6.QtGui import QAction

from reviewer_app.app import build_main_window
from reviewer_app.services.cases import find_case
from reviewer_app.services.certificates import create_profile_certificate
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.importing import import_bundle
from reviewer_app.services.profile import update_profile
from reviewer_app.services.reporting import sign_report, verify_report
from reviewer_app.ui.main_window import MainWindow
from tests.bundle_builder import BundleSpec
from tests.reports.demo_findings import PEER_REVIEW, PHYSICIAN, PROFILE, fill_demo_findings, fill_from_template_examples
from tests.ui.conftest import FakePrompts, record_rows

PASSWORD = "signing password 1"


@pytest.fixture(scope="module")
def prepared_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("report-gui") / "data"
    folder = open_data_folder(data_dir)
    try:
        ensure_demo_cases(folder)
        fill_demo_findings(folder)
        create_profile_certificate(folder, data_dir.parent / "me.p12", PASSWORD)
    finally:
        folder.close()
    return data_dir


def trigger(window: MainWindow, name: str) -> None:
    action = window.findChild(QAction, name)
    assert action is not None, name
    assert action.isEnabled(), f"{name} is disabled"
    action.trigger()


def page_count(pdf: Path) -> int:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return len(document)
    finally:
        document.close()


@pytest.fixture
def report_window(qtbot: Any, prepared_data: Path, prompts: FakePrompts) -> Any:
    window = build_main_window(prepared_data, prompts=prompts)
    qtbot.addWidget(window)
    folder = open_data_folder(prepared_data)
    case_id = find_case(folder, PEER_REVIEW).id
    folder.close()
    window.open_case(case_id)
    yield window
    window.runner.wait()
    window.background.wait()


def test_report_actions_are_disabled_until_a_case_is_open(qtbot: Any, window: MainWindow) -> None:
    for name in ("actionSignReport", "actionPrint", "actionExportReturn"):
        action = window.findChild(QAction, name)
        assert action is not None and not action.isEnabled()


def test_the_physician_previews_signs_prints_and_exports_from_the_window(
    qtbot: Any, report_window: MainWindow, prompts: FakePrompts, tmp_path: Path, prepared_data: Path
) -> None:
    window = report_window
    trigger(window, "actionPreviewReport")
    qtbot.waitUntil(lambda: bool(prompts.shown_pdfs), timeout=30_000)
    draft = prompts.shown_pdfs[-1]
    assert page_count(draft) >= 2

    export_action = window.findChild(QAction, "actionExportReturn")
    assert not export_action.isEnabled() and "sign it first" in export_action.toolTip()

    signed = tmp_path / "signed.pdf"
    # Pages not reviewed: signing asks first, saying what the attestation will state; "no" asks nothing more.
    prompts.save_paths = [signed]
    trigger(window, "actionSignReport")
    qtbot.waitUntil(lambda: bool(prompts.questions), timeout=30_000)
    title, question = prompts.questions[-1]
    assert title == "Pages not reviewed" and "I personally reviewed 0 of the" in question
    assert not any(a.startswith(("choose_save_path", "ask_certificate_password")) for a in prompts.asked)

    prompts.confirm_answer = True
    prompts.certificate_password = "wrong password"
    trigger(window, "actionSignReport")
    qtbot.waitUntil(lambda: bool(prompts.errors), timeout=30_000)
    assert "password is not correct" in prompts.errors[-1][1]
    assert not signed.exists()

    prompts.save_paths = [signed]
    prompts.certificate_password = PASSWORD
    trigger(window, "actionSignReport")
    qtbot.waitUntil(lambda: any(title == "Report signed" for title, _ in prompts.infos), timeout=30_000)
    check = verify_report(None, signed.read_bytes(), also_trust=[(prepared_data / "signing" / "ca.pem").read_bytes()])
    assert check.valid and check.signer == PHYSICIAN
    # The workspace reopened on the signed case: its findings can no longer be edited.
    qtbot.waitUntil(lambda: window.workspace is not None and window.workspace.case.status == "signed", timeout=10_000)
    assert not window.workspace.findings_form.isEnabled()
    assert "signed on" in window.workspace.signed_banner.text()
    assert not window.workspace.cite_button.isEnabled() and not window.workspace.key_page_button.isEnabled()
    sign_action = window.findChild(QAction, "actionSignReport")
    assert not sign_action.isEnabled() and "signed on" in sign_action.toolTip()
    # The keyboard still reaches the citing code: it refuses in words, nothing is added.
    window.workspace.show_record(window.workspace.case.records[0])
    prompts.note = "after signing"
    assert window.workspace.cite_current_page("key_page") is None
    assert prompts.errors[-1][0] == "Not cited" and "was signed" in prompts.errors[-1][1]

    trigger(window, "actionViewSignedReport")
    qtbot.waitUntil(lambda: prompts.shown_pdfs[-1] != draft, timeout=30_000)
    assert prompts.shown_pdfs[-1].read_bytes() == signed.read_bytes()
    assert f"Valid: signed by {PHYSICIAN}" in window.status_text.text()

    printed = tmp_path / "printed.pdf"
    prompts.print_to = printed
    trigger(window, "actionPrint")
    qtbot.waitUntil(lambda: printed.is_file() and printed.stat().st_size > 0, timeout=30_000)
    assert page_count(printed) == page_count(signed)

    package = tmp_path / "return.zip"
    prompts.save_paths = [package]
    trigger(window, "actionExportReturn")
    qtbot.waitUntil(package.is_file, timeout=30_000)


def test_a_page_range_of_the_record_on_screen_prints(
    qtbot: Any, report_window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    window = report_window
    workspace = window.workspace
    assert workspace is not None
    record = next(r for r in workspace.case.records if (r.page_count or 0) >= 3)
    workspace.show_record(record)
    printed = tmp_path / "pages.pdf"
    prompts.print_to = printed
    prompts.page_range = (2, 3)
    trigger(window, "actionPrintRecordPages")
    qtbot.waitUntil(printed.is_file, timeout=10_000)
    assert page_count(printed) == 2


def test_new_records_for_a_signed_case_show_as_an_open_addendum(
    qtbot: Any, tmp_path: Path, prompts: FakePrompts
) -> None:
    data_dir = tmp_path / "data"
    spec = BundleSpec()
    folder = open_data_folder(data_dir)
    try:
        first = import_bundle(folder, spec.write_zip(tmp_path / "first.zip"))
        case = find_case(folder, first.reference)
        fill_from_template_examples(folder, case.reference)
        update_profile(folder, PROFILE)
        create_profile_certificate(folder, tmp_path / "me.p12", PASSWORD)
        sign_report(folder, find_case(folder, case.reference), tmp_path / "signed.pdf", password=PASSWORD)
        later = spec.with_file("records/002-later-note.txt", b"Follow-up note: pain improved after therapy.\n")
        import_bundle(folder, later.write_zip(tmp_path / "second.zip"), as_new_version=True)
    finally:
        folder.close()
    window = build_main_window(data_dir, prompts=prompts)
    qtbot.addWidget(window)
    window.open_case(case.id)
    workspace = window.workspace
    assert workspace is not None
    assert "Addendum open" in workspace.signed_banner.text() and "1 new record" in workspace.signed_banner.text()
    titles = [row["Document"] for row in record_rows(workspace)]
    assert [t.startswith("NEW") for t in titles] == [False, True]
    assert workspace.findings_form.isEnabled()  # the findings may change again for the addendum
    window.runner.wait()


def test_signing_says_first_what_is_missing_in_words_before_asking_where_to_save(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    folder = window.folder
    import_bundle(folder, BundleSpec().write_folder(tmp_path / "bundle"))
    window.refresh_cases()
    window.open_case(window.case_list.model.cases()[0].id)

    trigger(window, "actionSignReport")  # no certificate yet: the menu item that makes one is named
    assert prompts.errors[-1] == (
        "No signing certificate",
        "Create your signing certificate first (Report › Create signing certificate…).",
    )

    update_profile(folder, PROFILE)
    create_profile_certificate(folder, tmp_path / "me.p12", PASSWORD)
    trigger(window, "actionSignReport")
    qtbot.waitUntil(lambda: prompts.errors[-1][0] == "Not ready to sign", timeout=30_000)
    message = prompts.errors[-1][1]
    assert "referral questions not answered" in message and "Before signing list" in message
    assert "reviewer " not in message and "`" not in message  # menu words, never commands
    assert not any(a.startswith(("choose_save_path", "ask_certificate_password")) for a in prompts.asked)
