"""A window showing a PDF the application made (the draft report), page after page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget


class ReportPreview(QDialog):
    """Non-modal: the physician keeps working in the case while reading the draft."""

    def __init__(self, title: str, pdf: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportPreview")
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(900, 1000)
        self.document = QPdfDocument(self)
        self.document.load(str(pdf))
        self.view = QPdfView(self)
        self.view.setObjectName("reportPreviewView")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        note = QLabel(f"{pdf.name} · {self.document.pageCount()} pages", self)
        note.setObjectName("reportPreviewNote")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(note)

    @classmethod
    def show_for(cls, parent: QWidget, title: str, pdf: Path) -> ReportPreview:
        for existing in parent.findChildren(ReportPreview):
            existing.close()
        preview = cls(title, pdf, parent)
        preview.show()
        return preview
