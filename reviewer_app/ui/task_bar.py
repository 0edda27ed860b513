"""One progress bar and Cancel button per background task, in the status bar.

Each row belongs to one task: its Cancel cancels that task and no other (a preview started
while an import was queued used to take the import's Cancel), and the row goes when its task
has finished.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from reviewer_app.ui.workers import Task


class TaskRow(QWidget):
    """What one task is doing, how far it is, and its own Cancel.

    A task still queued behind another says "Waiting" with no moving bar, so the physician can tell
    the import that runs from the one that waits for it.
    """

    LABEL_WIDTH = 340  # pixels; longer texts are elided, the whole text is in the tooltip

    def __init__(
        self,
        task: Task,
        label: str,
        cancel_tip: str | None,
        parent: QWidget | None = None,
        *,
        drop_on_cancel: bool = False,
    ) -> None:
        super().__init__(parent, objectName="taskRow")
        self.task = task
        self.title = label.rstrip("…").rstrip(".")
        self.drop_on_cancel = drop_on_cancel
        self.label = QLabel(objectName="taskLabel")
        self.label.setMaximumWidth(self.LABEL_WIDTH)
        self.progress_bar = QProgressBar(objectName="taskProgress")
        self.progress_bar.setMaximumWidth(200)
        self.progress_bar.setRange(0, 0)
        self.cancel_button = QPushButton("Cancel", objectName="cancelTask")
        self.cancel_button.setToolTip(cancel_tip or "")
        self.cancel_button.setVisible(cancel_tip is not None)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.cancel_button)
        task.signals.started.connect(self._running)
        # Connected first, then read: a start between the two is seen either way.
        if task.started:
            self._running()
        else:
            self._say(f"Waiting: {self.title}", "queued behind the work before it; starts when that is done")
            self.progress_bar.hide()

    @property
    def text(self) -> str:
        """The whole text on show (the label may elide it)."""
        return self.label.toolTip()

    def _say(self, text: str, detail: str = "") -> None:
        self.label.setToolTip(text + (f" ({detail})" if detail else ""))
        self.label.setText(self.label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, self.LABEL_WIDTH))

    def _running(self) -> None:
        if self.cancel_button.isEnabled():
            self._say(f"{self.title}…")
            self.progress_bar.show()

    def show_progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.progress_bar.setRange(0, 1000)
            self.progress_bar.setValue(int(1000 * done / total))
        self.progress_bar.show()
        if self.cancel_button.isEnabled():
            self._say(f"{self.title}: {message}" if message else f"{self.title}…")

    def cancel(self) -> None:
        if self.drop_on_cancel:
            self.task.drop()  # it cannot stop part-way: what it brings back is not shown
        else:
            self.task.cancel()
        self.cancel_button.setEnabled(False)
        self._say(f"Cancelling: {self.title}…")
