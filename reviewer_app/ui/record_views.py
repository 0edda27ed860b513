"""The organized views of a case's records, as tabs beside the records list.

Chronology, Timeline, Billing and Missing records: each is built in the background the first
time its tab is shown, opens pages in the reader, and is rebuilt when a chronology correction
changes what it was built from. The workspace calls :func:`attach_record_views` once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from reviewer_app.ui.billing_panel import BillingQuestionTable, BillingTab, attach_billing
from reviewer_app.ui.chronology_panel import ChronologyTab
from reviewer_app.ui.missing_records_panel import MissingRecordsTab
from reviewer_app.ui.timeline_panel import TimelineTab

if TYPE_CHECKING:
    from reviewer_app.ui.workspace import CaseWorkspace


@dataclass(frozen=True)
class RecordViews:
    """The tabs attached, under the names the workspace exposes."""

    chronology: ChronologyTab
    timeline: TimelineTab
    billing: BillingTab
    billing_question: BillingQuestionTable
    missing_records: MissingRecordsTab


def attach_record_views(workspace: CaseWorkspace) -> RecordViews:
    """Add the organized views to the workspace's records panel and wire them to its reader."""
    records, reader = workspace.records, workspace.reader
    chronology = ChronologyTab(workspace.session, workspace.tasks, workspace.prompts)
    _add_built_on_show(workspace, chronology, "Chronology")
    chronology.page_requested.connect(reader.go_to)
    chronology.status_message.connect(workspace.status_message)
    # The workspace reads the chronology's tab before attaching the billing (which follows its corrections).
    workspace.chronology = chronology

    timeline = TimelineTab(workspace.session, workspace.tasks, workspace.prompts, workspace.settings)
    _add_built_on_show(workspace, timeline, "Timeline")
    timeline.page_requested.connect(reader.go_to)
    chronology.entries_shown.connect(timeline.chronology_shown)

    billing, billing_question = attach_billing(workspace)  # the tab, and the table by a billing question

    missing = MissingRecordsTab(workspace.session, workspace.tasks, workspace.prompts)
    _add_built_on_show(workspace, missing, "Missing records")
    missing.page_requested.connect(reader.go_to)
    missing.status_message.connect(workspace.status_message)
    # A document re-dated or re-typed may be the study a note mentions: look again once it was built.
    chronology.corrected.connect(lambda: missing.build() if missing.built else None)
    records.setUsesScrollButtons(True)
    return RecordViews(chronology, timeline, billing, billing_question, missing)


def _add_built_on_show(
    workspace: CaseWorkspace, tab: ChronologyTab | TimelineTab | MissingRecordsTab, title: str
) -> None:
    records = workspace.records
    records.addTab(tab, title)

    def shown(_index: int) -> None:
        current: QWidget | None = records.currentWidget()
        if current is tab:
            tab.build_once()

    records.currentChanged.connect(shown)
