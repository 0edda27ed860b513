"""Background OCR of scanned pages: progress and Cancel in the status bar, resumed at start-up."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from reviewer_app.domain.errors import Cancelled, ReviewerError
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.ocr import OcrSummary, ocr_availability, pending_ocr_pages, run_pending_ocr
from reviewer_app.services.presenting import failure_in_words
from reviewer_app.ui.workers import Task, TaskProgress, TaskRunner

log = logging.getLogger(__name__)


class OcrControl(QObject):
    """Runs OCR on its own thread, so imports and reading go on meanwhile."""

    message = Signal(str)
    pages_read = Signal()  # some scanned pages became text: views should reload

    def __init__(self, folder: DataFolder, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.runner = TaskRunner(self)
        self._task: Task | None = None
        self._again = False
        self._widget = QWidget(objectName="ocrStatus")
        self.label = QLabel(objectName="ocrLabel")
        self.progress_bar = QProgressBar(objectName="ocrProgress")
        self.progress_bar.setMaximumWidth(180)
        self.cancel_button = QPushButton("Stop OCR", objectName="cancelOcr")
        self.cancel_button.setToolTip("Stop reading scanned pages; it resumes where it stopped next time")
        self.cancel_button.clicked.connect(self.stop_running)
        layout = QHBoxLayout(self._widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.cancel_button)
        self._widget.hide()

    def widget(self) -> QWidget:
        return self._widget

    @property
    def busy(self) -> bool:
        return self._task is not None

    def start(self) -> None:
        """Read every scanned page still waiting, unless OCR is running already (then go again after).

        Whether any page waits and whether Tesseract is installed are asked on the OCR thread:
        starting Tesseract to ask its version takes long enough to stall the window.
        """
        if self._task is not None:
            self._again = True
            return
        folder = self.folder

        def work(progress: TaskProgress) -> OcrSummary | None:
            if pending_ocr_pages(folder) == 0:
                return None
            status = ocr_availability()
            if not status.available:
                raise ReviewerError(status.message)
            return run_pending_ocr(folder, progress)

        self.label.setText("OCR of scanned pages…")
        self.progress_bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self._task = self.runner.start(work, self._succeeded, self._failed, self._progressed)

    def _progressed(self, done: int, total: int, text: str) -> None:
        self._widget.show()
        if total:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done)
        self.label.setText(text)

    def _finish(self) -> None:
        self._task = None
        self._widget.hide()
        if self._again:
            self._again = False
            self.start()

    def _succeeded(self, summary: OcrSummary | None) -> None:
        self._finish()
        if summary is None:
            return
        failed = f"; {summary.pages_failed} could not be read" if summary.pages_failed else ""
        self.message.emit(f"OCR done: {summary.pages_read} scanned page(s) are now searchable{failed}.")
        self.pages_read.emit()

    def _failed(self, exc: BaseException) -> None:
        self._again = False
        self._finish()
        if isinstance(exc, Cancelled):
            self.message.emit("OCR stopped; the pages read so far are kept and the rest resumes next time.")
            self.pages_read.emit()
            return
        # In words, never the raw exception; what was not expected is logged with its traceback.
        words = failure_in_words(exc, self.folder.path, "OCR")
        if not isinstance(exc, ReviewerError):
            words = f"OCR stopped; the pages read so far are kept. {words}"
        self.message.emit(words)

    def stop_running(self) -> None:
        if self._task is not None:
            self._task.progress.cancel()
            self.cancel_button.setEnabled(False)

    def stop(self) -> None:
        """Cancel and wait (closing the window)."""
        self._again = False
        self.stop_running()
        self.runner.wait()
