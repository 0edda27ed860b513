from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from reviewer_app.app import build_main_window
from reviewer_app.domain.manual_case import ManualCaseEntry
from reviewer_app.domain.missing_records import MissingRecord
from reviewer_app.domain.profile import PhysicianProfile
from reviewer_app.ui.main_window import MainWindow


@dataclass
class FakePrompts:
    """Answers every dialog at once and remembers what was asked."""

    bundle: Path | None = None
    case_details: ManualCaseEntry | None = None
    profile_changes: dict[str, Any] | None = None
    confirm_answer: bool = False
    questions: list[tuple[str, str]] = field(default_factory=list)  # (title, question) of each confirm
    password: str | None = None
    page: int | None = None
    seconds: float | None = None
    note: str | None = ""
    errors: list[tuple[str, str]] = field(default_factory=list)
    infos: list[tuple[str, str]] = field(default_factory=list)
    save_paths: list[Path] = field(default_factory=list)
    open_path: Path | None = None
    certificate_password: str | None = None
    shown_pdfs: list[Path] = field(default_factory=list)
    page_range: tuple[int, int] | None = None
    print_to: Path | None = None
    asked: list[str] = field(default_factory=list)
    # Of the missing records offered, the descriptions to leave unticked; None cancels the dialog.
    untick: set[str] | None = field(default_factory=set)
    offered: list[list[str]] = field(default_factory=list)  # the descriptions offered, each time asked
    conflict_reason: str | None = None

    def choose_bundle(self, parent: QWidget) -> Path | None:
        self.asked.append("choose_bundle")
        return self.bundle

    def choose_bundle_folder(self, parent: QWidget) -> Path | None:
        self.asked.append("choose_bundle_folder")
        return self.bundle

    def ask_case_details(self, parent: QWidget, bundle_name: str) -> ManualCaseEntry | None:
        self.asked.append(f"ask_case_details:{bundle_name}")
        return self.case_details

    def edit_profile(
        self, parent: QWidget, profile: PhysicianProfile, practice: Any = None, check_letterhead: Any = None
    ) -> dict[str, Any] | None:
        self.asked.append("edit_profile")
        return self.profile_changes

    def confirm(self, parent: QWidget, title: str, question: str) -> bool:
        self.asked.append(f"confirm:{title}")
        self.questions.append((title, question))
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

    def show_info(self, parent: QWidget, title: str, message: str) -> None:
        self.infos.append((title, message))

    def choose_save_path(self, parent: QWidget, title: str, suggested: Path, file_filter: str) -> Path | None:
        self.asked.append(f"choose_save_path:{title}")
        return self.save_paths.pop(0) if self.save_paths else None

    def choose_open_path(self, parent: QWidget, title: str, file_filter: str) -> Path | None:
        self.asked.append(f"choose_open_path:{title}")
        return self.open_path

    def ask_certificate_password(self, parent: QWidget, purpose: str) -> str | None:
        self.asked.append(f"ask_certificate_password:{purpose}")
        return self.certificate_password

    def ask_new_password(self, parent: QWidget, purpose: str) -> str | None:
        self.asked.append("ask_new_password")
        return self.certificate_password

    def show_pdf(self, parent: QWidget, title: str, pdf: Path) -> None:
        self.shown_pdfs.append(pdf)

    def ask_page_range(self, parent: QWidget, page_count: int, current: int) -> tuple[int, int] | None:
        self.asked.append(f"ask_page_range:{page_count}")
        return self.page_range

    def print_document(self, parent: QWidget, title: str, paint: Callable[[QPrinter], None]) -> bool:
        """Print to a PDF file instead of a printer: what a test can read back."""
        self.asked.append(f"print_document:{title}")
        if self.print_to is None:
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.print_to))
        paint(printer)
        return True

    def choose_missing_records(self, parent: QWidget, items: Sequence[MissingRecord]) -> list[MissingRecord] | None:
        self.offered.append([item.description for item in items])
        if self.untick is None:
            return None
        return [item for item in items if item.description not in self.untick]

    def ask_conflict_reason(self, parent: QWidget, conflict: str) -> str | None:
        self.asked.append(f"ask_conflict_reason:{conflict}")
        return self.conflict_reason


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


def wait_saved(qtbot: Any, workspace: Any) -> None:
    """Wait until every answer the workspace handed to the database's writer has come back."""
    qtbot.waitUntil(lambda: not workspace.saving, timeout=10_000)


def record_rows(widget: QWidget) -> list[dict[str, str]]:
    """The records list as shown (sorted, filtered, grouped), one dict per document: column heading ->
    text, and "tooltip" (group rows are left out)."""
    from PySide6.QtCore import QModelIndex
    from PySide6.QtWidgets import QTreeView

    from reviewer_app.ui.records_model import COLUMNS, RECORD_ROLE

    view = widget.findChild(QTreeView, "recordTree")
    assert view is not None, "the records list (recordTree) is shown"
    model = view.model()
    rows: list[dict[str, str]] = []

    def walk(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            first = model.index(row, 0, parent)
            if first.data(RECORD_ROLE) is not None:
                cells = {heading: str(model.index(row, c, parent).data() or "") for c, heading in enumerate(COLUMNS)}
                cells["tooltip"] = str(first.data(Qt.ItemDataRole.ToolTipRole) or "")
                rows.append(cells)
            walk(first)

    walk(QModelIndex())
    return rows
