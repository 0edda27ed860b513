from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from reviewer_app.app import build_main_window
from reviewer_app.domain.manual_case import ManualCaseEntry
from reviewer_app.domain.profile import PhysicianProfile
from reviewer_app.ui.main_window import MainWindow


@dataclass
class FakePrompts:
    """Answers every dialog at once and remembers what was asked."""

    bundle: Path | None = None
    case_details: ManualCaseEntry | None = None
    profile_changes: dict[str, Any] | None = None
    confirm_answer: bool = False
    password: str | None = None
    page: int | None = None
    seconds: float | None = None
    note: str | None = ""
    errors: list[tuple[str, str]] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)

    def choose_bundle(self, parent: QWidget) -> Path | None:
        self.asked.append("choose_bundle")
        return self.bundle

    def choose_bundle_folder(self, parent: QWidget) -> Path | None:
        self.asked.append("choose_bundle_folder")
        return self.bundle

    def ask_case_details(self, parent: QWidget, bundle_name: str) -> ManualCaseEntry | None:
        self.asked.append(f"ask_case_details:{bundle_name}")
        return self.case_details

    def edit_profile(self, parent: QWidget, profile: PhysicianProfile) -> dict[str, Any] | None:
        self.asked.append("edit_profile")
        return self.profile_changes

    def confirm(self, parent: QWidget, title: str, question: str) -> bool:
        self.asked.append(f"confirm:{title}")
        return self.confirm_answer

    def ask_password(self, parent: QWidget, record_title: str) -> str | None:
        self.asked.append(f"ask_password:{record_title}")
        return self.password

    def ask_page(self, parent: QWidget, page_count: int) -> int | None:
        self.asked.append(f"ask_page:{page_count}")
        return self.page

    def ask_seconds(self, parent: QWidget, current: float) -> float | None:
        self.asked.append("ask_seconds")
        return self.seconds

    def ask_note(self, parent: QWidget, what: str) -> str | None:
        self.asked.append(f"ask_note:{what}")
        return self.note

    def show_error(self, parent: QWidget, title: str, message: str) -> None:
        self.errors.append((title, message))


@pytest.fixture
def prompts() -> FakePrompts:
    return FakePrompts()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def window(qtbot: Any, data_dir: Path, prompts: FakePrompts) -> Iterator[MainWindow]:
    main_window = build_main_window(data_dir, prompts=prompts)
    qtbot.addWidget(main_window)
    yield main_window
    main_window.runner.wait()
