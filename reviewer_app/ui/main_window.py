"""The main window: assembles the case list, the workspace, actions and the status bar.

It holds no logic of its own: every change goes through a service, long ones on the
task runner, and every question to the physician through the Prompts seam.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from reviewer_app.domain.errors import Cancelled, CaseAlreadyImported, ManifestMissing, ReviewerError
from reviewer_app.domain.manual_case import ManualCaseEntry
from reviewer_app.domain.practice import Practice
from reviewer_app.services.cases import list_cases
from reviewer_app.services.conflicts import recheck_open_cases
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.importing import ImportResult, import_bundle
from reviewer_app.services.practice import get_practice, letterhead_problems, save_practice
from reviewer_app.services.profile import conflicts_added, get_profile, update_profile
from reviewer_app.ui.case_history import CaseHistoryDialog, open_case_history
from reviewer_app.ui.case_list import CaseListPage
from reviewer_app.ui.case_session import CaseSession
from reviewer_app.ui.dictation import Dictation
from reviewer_app.ui.ocr_control import OcrControl
from reviewer_app.ui.prompts import Prompts, show_failure
from reviewer_app.ui.report_actions import ReportActions
from reviewer_app.ui.task_bar import TaskRow
from reviewer_app.ui.workers import Task, TaskGroup, TaskProgress, TaskRunner
from reviewer_app.ui.workspace import DEFAULT_DWELL_SECONDS, DWELL_SETTING, CaseWorkspace
from reviewer_app.ui.workspace_layouts import Layout

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, folder: DataFolder, prompts: Prompts, log_file: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("Reviewer")
        self.setAcceptDrops(True)
        self.resize(1440, 900)
        self.folder = folder
        self.prompts = prompts
        self.log_file = log_file
        self.settings = QSettings(str(folder.path / "settings.ini"), QSettings.Format.IniFormat)
        self.runner = TaskRunner(self)  # imports and the demo cases: one at a time, in the order asked
        # The open case's work (duplicate pages, the draft, signing): it never queues behind an import.
        self.background = TaskRunner(self, threads=2)
        self.imports = TaskGroup(self.runner, self)
        self.conflict_checks = TaskGroup(self.background, self)
        self.task_rows: dict[Task, TaskRow] = {}
        self.workspace: CaseWorkspace | None = None

        self.case_list = CaseListPage(folder.clock, self)
        self.case_list.case_opened.connect(self.open_case)
        self.case_list.import_requested.connect(self.choose_and_import)
        self.case_list.demo_requested.connect(self.open_demo_cases)
        self.pages = QStackedWidget(objectName="pages")
        self.pages.addWidget(self.case_list)
        self.setCentralWidget(self.pages)

        self._build_actions()
        self._build_status_bar()
        self.ocr = OcrControl(folder, self)
        self.ocr.message.connect(self.say)
        self.ocr.pages_read.connect(self._ocr_progressed)
        self.statusBar().addPermanentWidget(self.ocr.widget())
        self._clock_timer = QTimer(self)
        self._clock_timer.timeout.connect(self.case_list.model.refresh_times)
        self._clock_timer.start(60_000)

        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        self.refresh_cases()

    # -- actions --

    def _build_actions(self) -> None:
        self.action_import = QAction("&Import case bundle…", self, objectName="actionImportBundle")
        self.action_import.setShortcut(QKeySequence.StandardKey.Open)
        self.action_import.setToolTip("Import a case bundle (.zip) a vendor sent (Ctrl+O)")
        self.action_import.triggered.connect(self.choose_and_import)
        self.action_import_folder = QAction("Import bundle &folder…", self, objectName="actionImportFolder")
        self.action_import_folder.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.action_import_folder.setToolTip("Import a case bundle that is a folder (Ctrl+Shift+O)")
        self.action_import_folder.triggered.connect(self.choose_folder_and_import)
        self.action_demo = QAction("Open the &demo cases", self, objectName="actionOpenDemo")
        self.action_demo.triggered.connect(self.open_demo_cases)
        self.action_profile = QAction("Physician &profile…", self, objectName="actionProfile")
        self.action_profile.setToolTip("Your name, specialties, licenses and conflicts")
        self.action_profile.triggered.connect(self.edit_profile)
        self.action_cases = QAction("‹ &Cases", self, objectName="actionShowCases")
        self.action_cases.setShortcut(QKeySequence("Alt+Left"))
        self.action_cases.setToolTip("Back to the case list (Alt+Left)")
        self.action_cases.triggered.connect(self.show_case_list)
        self.action_quit = QAction("&Quit", self, objectName="actionQuit")
        self.action_quit.setShortcut(QKeySequence.StandardKey.Quit)
        self.action_quit.triggered.connect(self.close)
        self.action_reading_time = QAction("Reading time per page…", self, objectName="actionReadingTime")
        self.action_reading_time.setToolTip("How long a page must be on screen to count as reviewed")
        self.action_reading_time.triggered.connect(self.set_reading_time)
        self.action_shortcuts = QAction("&Keyboard shortcuts", self, objectName="actionShortcuts")
        self.action_shortcuts.triggered.connect(self._show_shortcuts)
        self.action_case_history = QAction("Case &history…", self, objectName="actionCaseHistory")
        self.action_case_history.setToolTip("Everything done on this case, and whether that record is intact")
        self.action_case_history.triggered.connect(self.show_case_history)
        self.action_case_history.setEnabled(False)
        self._build_workspace_actions()

        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addActions([self.action_import, self.action_import_folder, self.action_demo])
        file_menu.addSeparator()
        file_menu.addAction(self.action_profile)
        file_menu.addSeparator()
        file_menu.addAction(self.action_quit)
        view_menu = menu.addMenu("&View")
        view_menu.addAction(self.action_cases)
        view_menu.addAction(self.action_reading_time)
        view_menu.addAction(self.action_case_history)
        view_menu.addSeparator()
        view_menu.addActions(self.layout_actions.actions())
        view_menu.addAction(self.action_detach_viewer)
        self.action_cases.setEnabled(False)
        self.report_actions = ReportActions(
            self, self.folder, self.prompts, self._run, self._report_failure, TaskGroup(self.background, self)
        )
        self.report_actions.message.connect(self.say)
        self.report_actions.case_changed.connect(self._case_report_changed)
        self.report_actions.record_on_screen = self._record_on_screen
        self.report_actions.marks_on_screen = lambda: (
            self.workspace.reader.pen_marks_on_screen() if self.workspace is not None else {}
        )
        self.report_actions.build_menu(menu.addMenu("&Report"))
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self.action_shortcuts)

        toolbar = QToolBar("Main", objectName="mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.action_import)
        toolbar.addAction(self.action_profile)
        toolbar.addSeparator()
        toolbar.addActions([self.report_actions.action_preview, self.report_actions.action_sign])
        toolbar.addActions([self.report_actions.action_print, self.report_actions.action_export])
        toolbar.addSeparator()
        self.dictation = Dictation(
            self, TaskGroup(self.background, self), lambda: self.workspace.case if self.workspace else None
        )
        self.dictation.message.connect(self.say)
        toolbar.addWidget(self.dictation.button)
        self.addToolBar(toolbar)

    def _build_workspace_actions(self) -> None:
        """The View menu's layouts (one checked) and the reader's own window; on while a case is open."""
        self.layout_actions = QActionGroup(self)
        self.layout_actions.setExclusive(True)
        tips = {
            Layout.READING: "Records and pages wide, findings narrow (Ctrl+1)",
            Layout.WRITING: "Findings wide, the pages beside them (Ctrl+2)",
            Layout.COMPACT: "Everything on a small screen such as 1366x768 (Ctrl+3)",
        }
        for number, layout in enumerate(Layout, start=1):
            action = QAction(layout.label, self, objectName=layout.action_name)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.setToolTip(tips[layout])
            action.setStatusTip(tips[layout])
            action.setData(layout.value)
            action.setEnabled(False)
            action.triggered.connect(lambda _checked=False, chosen=layout: self._use_layout(chosen))
            self.layout_actions.addAction(action)
        self.action_detach_viewer = QAction("Pages in their own &window", self, objectName="actionDetachViewer")
        self.action_detach_viewer.setCheckable(True)
        self.action_detach_viewer.setShortcut(QKeySequence("Ctrl+Shift+W"))
        self.action_detach_viewer.setToolTip(
            "Move the search and the pages to a window of their own (for a second monitor); "
            "closing that window brings them back (Ctrl+Shift+W)"
        )
        self.action_detach_viewer.setEnabled(False)
        self.action_detach_viewer.toggled.connect(self._detach_viewer)

    def _use_layout(self, layout: Layout) -> None:
        if self.workspace is not None:
            self.workspace.use_layout(layout)

    def _detach_viewer(self, detached: bool) -> None:
        if self.workspace is not None:
            self.workspace.set_viewer_detached(detached)

    def _viewer_detached_changed(self, detached: bool) -> None:
        """The reader's window was closed (or opened) by other means than the menu: the check follows."""
        self.action_detach_viewer.blockSignals(True)
        self.action_detach_viewer.setChecked(detached)
        self.action_detach_viewer.blockSignals(False)

    def _enable_workspace_actions(self, workspace: CaseWorkspace | None) -> None:
        for action in self.layout_actions.actions():
            action.setEnabled(workspace is not None)
            action.setChecked(workspace is not None and action.data() == workspace.layout_in_use.value)
        self.action_detach_viewer.setEnabled(workspace is not None)
        self._viewer_detached_changed(False)

    def _build_status_bar(self) -> None:
        self.status_text = QLabel(objectName="statusText")
        self.statusBar().addWidget(self.status_text, 1)

    def _show_shortcuts(self) -> None:
        self.say(
            "Ctrl+O import · Alt+Left cases · Ctrl+F search · F3/Shift+F3 next/previous hit · PgUp/PgDn, "
            "Home/End pages · Ctrl+G go to page · Ctrl+K cite in finding · Ctrl+B key page · "
            "Alt+Up/Down question · Ctrl+Shift+P insert phrase · Ctrl+R rotate · Ctrl+Shift+D draft report · "
            "Ctrl+P print · F9 (hold) dictate · "
            "Ctrl+1/2/3 reading, writing, compact layout · Ctrl+Shift+W pages in their own window · "
            "Alt+1…8 the records panel's tabs (records … missing records; ☰ lists them) · "
            "Ctrl+Q quit"
        )

    def set_reading_time(self) -> None:
        current = float(self.settings.value(DWELL_SETTING, DEFAULT_DWELL_SECONDS))
        seconds = self.prompts.ask_seconds(self, current)
        if seconds is None:
            return
        self.settings.setValue(DWELL_SETTING, seconds)
        if self.workspace is not None:
            self.workspace.page_view.set_dwell_threshold(seconds)
        self.say(f"A page now counts as reviewed after {seconds:g} s on screen.")

    def say(self, message: str) -> None:
        """A non-modal message in the status bar."""
        self.status_text.setText(message)

    # -- cases --

    def refresh_cases(self, select_id: int | None = None) -> None:
        self.case_list.set_cases(list_cases(self.folder))
        if select_id is not None:
            self.case_list.select_case(select_id)

    def open_case(self, case_id: int) -> None:
        try:
            session = CaseSession(self.folder, case_id)
        except Exception as exc:  # words for any failure: show_failure logs what was not expected
            self._report_failure("Cannot open the case", exc)
            return
        self._show_workspace(session)

    def _show_workspace(self, session: CaseSession) -> None:
        self._close_workspace()
        workspace = CaseWorkspace(session, self.prompts, self.settings, self.folder.clock(), self.background, self)
        workspace.restore_layout(self.settings)
        workspace.related_case_requested.connect(self.open_case)
        workspace.profile_requested.connect(self.edit_profile)
        workspace.back_requested.connect(self.show_case_list)
        workspace.status_message.connect(self.say)
        workspace.findings.answers_changed.connect(self.report_actions.draft_changed)  # the live draft preview
        workspace.viewer_detached_changed.connect(self._viewer_detached_changed)
        self._enable_workspace_actions(workspace)
        case = session.case
        self.workspace = workspace
        self.pages.addWidget(workspace)
        self.pages.setCurrentWidget(workspace)
        self.action_cases.setEnabled(True)
        self.action_case_history.setEnabled(True)
        self.setWindowTitle(f"{case.reference} · {case.details.claimant.name.display} — Reviewer")
        self.report_actions.set_case(case)
        self.settings.setValue("session/last_case", case.id)
        log.info("opened case id %s", case.id)

    def _close_workspace(self) -> None:
        if self.workspace is None:
            return
        self.report_actions.set_case(None)
        self.action_case_history.setEnabled(False)
        self.workspace.save_layout(self.settings)
        self.workspace.close_document()
        self._enable_workspace_actions(None)
        self.pages.removeWidget(self.workspace)
        # Unparent at once so that findChild never meets the closed case's panels.
        self.workspace.setParent(None)
        self.workspace.deleteLater()
        self.workspace = None

    def _case_report_changed(self, case_id: int) -> None:
        """Signed or exported: reopen the case so the workspace shows its new state (findings locked)."""
        self.refresh_cases(select_id=case_id)
        if self.workspace is not None and self.workspace.case.id == case_id:
            self.open_case(case_id)

    def _record_on_screen(self) -> tuple[str, Path, int, int] | None:
        workspace = self.workspace
        if workspace is None:
            return None
        return workspace.record_on_screen()

    def show_case_history(self) -> CaseHistoryDialog | None:
        """The open case's history (audit trail), with whether its chain verifies."""
        if self.workspace is None:
            return None
        case = self.workspace.case
        return open_case_history(self.folder, case.id, case.reference, self)

    def reopen_last_case(self) -> None:
        """Open the case that was open when the application last closed, if it still exists."""
        last = self.settings.value("session/last_case")
        if last is not None and str(last).isdigit() and any(c.id == int(last) for c in self.case_list.model.cases()):
            self.open_case(int(last))

    def show_case_list(self) -> None:
        self._close_workspace()
        self.pages.setCurrentWidget(self.case_list)
        self.action_cases.setEnabled(False)
        self.setWindowTitle("Reviewer")
        self.settings.remove("session/last_case")
        self.case_list.table.setFocus()

    # -- import --

    def choose_and_import(self) -> None:
        path = self.prompts.choose_bundle(self)
        if path is not None:
            self.import_path(path)

    def choose_folder_and_import(self) -> None:
        path = self.prompts.choose_bundle_folder(self)
        if path is not None:
            self.import_path(path)

    def import_path(
        self, path: Path, as_new_version: bool = False, manual_entry: ManualCaseEntry | None = None
    ) -> Task:
        """Import a bundle in the background; several queue up, each with its own progress and Cancel."""
        folder = self.folder

        def work(progress: TaskProgress) -> ImportResult:
            return import_bundle(folder, path, progress, as_new_version=as_new_version, manual_entry=manual_entry)

        return self._run(
            work,
            f"Importing {path.name}…",
            self._import_succeeded,
            lambda exc: self._import_failed(path, as_new_version, exc),
            cancel_tip=f"Stop importing {path.name}; nothing of it is kept",
        )

    def _ocr_progressed(self) -> None:
        if self.workspace is not None:
            self.workspace.refresh_records()

    def _import_succeeded(self, result: ImportResult) -> None:
        self.refresh_cases(select_id=result.case_id)
        self.ocr.start()
        noun = "record" if result.records_added == 1 else "records"
        message = f"Imported {result.reference}: {result.records_added} {noun}"
        if result.added_as_new_version:
            message = f"Added version {result.version} to {result.reference}: {result.records_added} new {noun}"
        if result.warnings:
            message += f", {len(result.warnings)} warning(s) (shown in the case)"
        self.say(message + ".")

    def _import_failed(self, path: Path, as_new_version: bool, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self.say(f"Import of {path.name} cancelled; nothing was changed.")
        elif isinstance(exc, ManifestMissing):
            entry = self.prompts.ask_case_details(self, exc.bundle_name)
            if entry is not None:
                self.import_path(path, as_new_version, entry)
            else:
                self.say(f"Import of {path.name} cancelled; nothing was changed.")
        elif isinstance(exc, CaseAlreadyImported):
            if self.prompts.confirm(
                self,
                "Case already imported",
                f"{exc.reference} is already in your cases.\n\nAdd this bundle's records to it as a new version? "
                "Nothing already in the case is changed.",
            ):
                self.import_path(path, True, None)
            else:
                self.say(f"{path.name} not imported: {exc.reference} is already in your cases.")
        else:
            self._report_failure("Import refused", exc)

    def _report_failure(self, title: str, exc: BaseException) -> None:
        """Any failure, in words: the dialog, and its gist in the status bar."""
        message = show_failure(self.prompts, self, title, exc, self.folder.path)
        self.say(message.split("\n", 1)[0])

    def open_demo_cases(self) -> None:
        folder = self.folder

        def work(progress: TaskProgress) -> list[str]:
            return ensure_demo_cases(folder, progress)

        def done(references: list[str]) -> None:
            self.refresh_cases()
            self.ocr.start()
            self.say(f"Demo cases imported: {', '.join(references)}." if references else "The demo cases are listed.")

        self._run(work, "Preparing the demo cases…", done, lambda exc: self._report_failure("Demo cases", exc))

    # -- background work --

    def _run(
        self,
        work: Callable[[TaskProgress], Any],
        label: str,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        owner: TaskGroup | None = None,
        cancel_tip: str | None = "Stop this; nothing of it is shown",
    ) -> Task:
        """Start ``work`` for ``owner`` (imports when None) with its own progress bar and Cancel.

        An import's Cancel stops it (it says so when it has); the Cancel of an owner's work (a
        draft, a signature check) drops its result, as the work cannot stop part-way. With
        ``cancel_tip`` None there is no Cancel.
        """
        # The task's own row says what it does (or that it waits); the message line keeps the last outcome.
        rows = self.task_rows

        def progressed(done: int, total: int, message: str) -> None:
            if task in rows:
                rows[task].show_progress(done, total, message)

        task = (owner or self.imports).start(work, on_success, on_failure, progressed)
        row = TaskRow(task, label, cancel_tip, drop_on_cancel=owner is not None)
        rows[task] = row
        self.statusBar().addPermanentWidget(row)
        # After the result was delivered (or dropped): finished is queued behind it.
        task.signals.finished.connect(lambda: self._task_finished(task))
        return task

    def _task_finished(self, task: Task) -> None:
        row = self.task_rows.pop(task, None)
        if row is not None:
            self.statusBar().removeWidget(row)
            row.deleteLater()

    @property
    def busy(self) -> bool:
        """Whether an import or a report task is still running (or queued)."""
        return bool(self.task_rows)

    # -- profile --

    def edit_profile(self) -> None:
        folder = self.folder
        try:
            practice = get_practice(folder)
        except ReviewerError:
            practice = Practice()  # an unreadable practice file: the dialog saves a new one
        before = get_profile(folder)
        changes = self.prompts.edit_profile(self, before, practice, lambda given: letterhead_problems(folder, given))
        if changes is None:
            return
        letterhead = changes.pop("practice", None)
        try:
            if isinstance(letterhead, dict):
                save_practice(folder, letterhead)
            profile = folder.database.writer.call(lambda: update_profile(folder, changes, recheck_conflicts=False))
        except Exception as exc:  # words for any failure: show_failure logs what was not expected
            self._report_failure("Profile not saved", exc)
            return
        self.say(f"Profile saved for {profile.name or 'you'}.")
        if self.workspace is not None:
            self.workspace.fill_records()  # the readiness list names a missing profile
        if conflicts_added(before, profile):
            self._recheck_conflicts()

    def _recheck_conflicts(self) -> None:
        """Check the open cases against the profile's new conflicts in the background (it reads their text)."""
        folder = self.folder

        def checked(added: dict[int, list[str]]) -> None:
            count = sum(len(found) for found in added.values())
            if count:
                self.say(f"Conflicts of interest: {count} new warning{'s' if count != 1 else ''} in open cases.")
            else:
                self.say("Conflicts of interest checked: no open case names them.")
            if self.workspace is not None and self.workspace.case.id in added:
                self.workspace.warnings_added(added[self.workspace.case.id])

        self.conflict_checks.start(
            lambda _progress: recheck_open_cases(folder),
            checked,
            lambda exc: self._report_failure("Conflicts not checked", exc),
        )

    # -- drag and drop: a bundle dropped anywhere imports --

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        for path in paths:
            self.import_path(path)
        event.acceptProposedAction()

    # -- closing --

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ocr.stop()
        self.settings.setValue("window/geometry", self.saveGeometry())
        last_case = self.workspace.case.id if self.workspace is not None else None
        self._close_workspace()
        if last_case is not None:
            self.settings.setValue("session/last_case", last_case)
        self.runner.wait()
        self.background.wait()
        self.settings.sync()
        super().closeEvent(event)
