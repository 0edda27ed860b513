"""The window's *Verify a signed report…* and *View signed report* give the command line's verdict, in words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction

from reviewer_app.app import build_main_window
from reviewer_app.cli import main
from reviewer_app.services.cases import find_case
from reviewer_app.services.certificates import create_profile_certificate
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.reporting import sign_report
from reviewer_app.ui.main_window import MainWindow
from tests.reports.demo_findings import PEER_REVIEW, PHYSICIAN, fill_demo_findings
from tests.signing.forgeries import look_alike_p12, with_covering_signature
from tests.ui.conftest import FakePrompts

PASSWORD = "signing password 1"


@pytest.fixture(scope="module")
def signed_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("verdict-gui") / "data"
    folder = open_data_folder(data_dir)
    try:
        ensure_demo_cases(folder)
        fill_demo_findings(folder)
        create_profile_certificate(folder, data_dir.parent / "me.p12", PASSWORD)
        sign_report(folder, find_case(folder, PEER_REVIEW), data_dir.parent / "signed.pdf", password=PASSWORD)
    finally:
        folder.close()
    return data_dir


@pytest.fixture
def prompts() -> FakePrompts:
    return FakePrompts()


@pytest.fixture
def verdict_window(qtbot: Any, signed_data: Path, prompts: FakePrompts) -> Iterator[MainWindow]:
    window = build_main_window(signed_data, prompts=prompts)
    qtbot.addWidget(window)
    yield window
    window.runner.wait()
    window.background.wait()


def _cli_verdict(data_dir: Path, pdf: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    main(["--data-dir", str(data_dir), "verify", str(pdf)])
    captured = capsys.readouterr()
    return (captured.out + captured.err).splitlines()[0].removeprefix(f"{pdf}: ")


def _verify_in_window(qtbot: Any, window: MainWindow, prompts: FakePrompts, pdf: Path) -> str:
    prompts.open_path = pdf
    before = len(prompts.infos)
    action = window.findChild(QAction, "actionVerifyReport")
    assert action is not None
    action.trigger()
    qtbot.waitUntil(lambda: len(prompts.infos) > before, timeout=30_000)
    title, message = prompts.infos[-1]
    assert title == "Signature check"
    return message


def test_the_window_refuses_a_covering_signature_as_the_command_line_does(
    qtbot: Any, verdict_window: MainWindow, prompts: FakePrompts, signed_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forged = signed_data.parent / "covered.pdf"
    forged.write_bytes(
        with_covering_signature((signed_data.parent / "signed.pdf").read_bytes(), look_alike_p12(PHYSICIAN, "pw"), "pw")
    )

    message = _verify_in_window(qtbot, verdict_window, prompts, forged)

    first = message.splitlines()[0]
    assert first == f"covered.pdf: {_cli_verdict(signed_data, forged, capsys)}"
    assert "NOT VALID" in first and "something a reader sees was added after signing" in first
    assert "Valid: signed" not in message


def test_the_genuine_report_is_valid_in_the_window_and_when_viewed(
    qtbot: Any, verdict_window: MainWindow, prompts: FakePrompts, signed_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    genuine = signed_data.parent / "signed.pdf"
    message = _verify_in_window(qtbot, verdict_window, prompts, genuine)
    assert message == f"signed.pdf: {_cli_verdict(signed_data, genuine, capsys)}"
    assert message.startswith(f"signed.pdf: Valid: signed by {PHYSICIAN}")

    folder = open_data_folder(signed_data)
    case_id = find_case(folder, PEER_REVIEW).id
    folder.close()
    verdict_window.open_case(case_id)
    action = verdict_window.findChild(QAction, "actionViewSignedReport")
    assert action is not None
    qtbot.waitUntil(action.isEnabled, timeout=10_000)
    action.trigger()
    qtbot.waitUntil(lambda: "Valid: signed by" in verdict_window.status_text.text(), timeout=30_000)
    assert f"Valid: signed by {PHYSICIAN}" in verdict_window.status_text.text()
