"""The case history: the audit trail of one case, each event in words, and whether its chain verifies.

The physician's proof of personal review when a report is challenged; the same events as
``reviewer audit CASE``. The window gets them through the services only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.audit import AuditEvent, ChainProblem, describe
from reviewer_app.services.audit import case_history, record_names, record_pages_reviewed, verify_case_history
from reviewer_app.services.cases import get_case
from reviewer_app.services.data_folder import DataFolder

_BROKEN = QColor("#fde2e1")
COLUMNS = ("#", "When", "What happened", "Details")


class CaseHistoryDialog(QDialog):
    """Lists a case's events, oldest first; events named by a chain problem are marked."""

    def __init__(
        self,
        reference: str,
        events: Sequence[AuditEvent],
        problems: Sequence[ChainProblem],
        parent: QWidget | None = None,
        record_names: Mapping[int, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("caseHistory")
        self.setWindowTitle(f"Case history — {reference}")
        self.resize(960, 520)

        intro = QLabel(
            "Every step of this case, as it happened. Each entry is sealed to the one before it, "
            "so a change made later, outside the application, is found and named below.",
            wordWrap=True,
        )
        self.events = QTreeWidget(objectName="caseHistoryEvents")
        self.events.setHeaderLabels(list(COLUMNS))
        self.events.setRootIsDecorated(False)
        self.events.setAlternatingRowColors(True)
        self.events.setUniformRowHeights(True)
        header = self.events.header()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        by_sequence: dict[int, list[ChainProblem]] = {}
        for problem in problems:
            by_sequence.setdefault(problem.sequence, []).append(problem)
        for event in events:
            description = describe(event.kind, event.details, record_names)
            item = QTreeWidgetItem(
                [str(event.sequence), event.at.strftime("%Y-%m-%d %H:%M:%S"), event.kind.label, description]
            )
            item.setToolTip(0, f"SHA-256 {event.hash}")
            item.setToolTip(3, description)
            item.setData(0, Qt.ItemDataRole.UserRole, event.sequence)
            named = [p for p in by_sequence.get(event.sequence, []) if p.kind is not None]
            if named:
                for column in range(len(COLUMNS)):
                    item.setBackground(column, QBrush(_BROKEN))
                    item.setToolTip(column, "\n".join(p.message for p in named))
            self.events.addTopLevelItem(item)

        self.chain = QLabel(objectName="caseHistoryChain", wordWrap=True)
        self.chain.setTextFormat(Qt.TextFormat.PlainText)
        self.chain.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chain_ok = not problems
        if self.chain_ok:
            self.chain.setText(
                f"✓ The history verifies: none of its {len(events)} event(s) was altered, removed or reordered."
            )
        else:
            lines = [f"✗ The history does not verify ({len(problems)} problem(s)):"]
            lines += [f"  • {p.message}" for p in problems]
            self.chain.setText("\n".join(lines))
            self.chain.setStyleSheet("color: #b00020;")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.events, 1)
        layout.addWidget(self.chain)
        layout.addWidget(buttons)


def open_case_history(folder: DataFolder, case_id: int, reference: str, parent: QWidget | None) -> CaseHistoryDialog:
    """Show the case's history (not modal: the physician may keep it open beside the records)."""
    record_pages_reviewed(folder, case_id)  # the pages read so far belong in what is shown
    dialog = CaseHistoryDialog(
        reference,
        case_history(folder, case_id),
        verify_case_history(folder, case_id),
        parent,
        record_names=record_names(get_case(folder, case_id)),
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
