"""A window showing a PDF the application made (the draft report) in the same reader as the
records: pages, zoom, fit width or page, rotation, find in its text, and print.

Non-modal: the physician keeps working in the case while reading the draft, and can keep it on
a second monitor beside the findings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from reviewer_app.domain.errors import ReviewerError
from reviewer_app.ui.document_find import DocumentFindBar
from reviewer_app.ui.page_geometry import ZoomMode
from reviewer_app.ui.page_viewer import PageViewer
from reviewer_app.ui.printing import paint_pdf
from reviewer_app.ui.viewer_toolbar import shortcut_text

#: How the preview prints: (parent, title, paint) -> printed, as ``Prompts.print_document``.
PrintDocument = Callable[[QWidget, str, Callable[[QPrinter], None]], bool]


def _platform_print(parent: QWidget, title: str, paint: Callable[[QPrinter], None]) -> bool:
    from reviewer_app.ui.prompts import DialogPrompts

    return DialogPrompts().print_document(parent, title, paint)


class ReportPreview(QDialog):
    """The draft report in a reader: toolbar (pages, zoom), find field, Print…, the pages."""

    def __init__(
        self,
        title: str,
        pdf: Path,
        parent: QWidget | None = None,
        print_document: PrintDocument | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportPreview")
        self.setWindowTitle(title)
        # A window of its own, with minimise and maximise: it goes to a second monitor.
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(900, 1000)
        self.title = title
        self.pdf = pdf
        self._print_document = print_document or _platform_print

        self.view = PageViewer(self)
        # Not the workspace's ``pageView``: a lookup of the record viewer must not find this one.
        self.view.setObjectName("reportPreviewView")
        self.view.setAccessibleName("Draft report pages")
        self.view.setAccessibleDescription("The report as it stands, marked DRAFT; not signed")
        self.toolbar = self.view.toolbar()
        self.find_bar = DocumentFindBar(self.view, "the draft", self)
        self.print_button = QPushButton("Print…", objectName="printPreview")
        self.print_button.setToolTip(f"Print the draft report ({shortcut_text('Ctrl+P')})")
        self.print_button.setAccessibleName("Print the draft report")
        self.print_button.setShortcut("Ctrl+P")
        # Enter belongs to the find field and the page number, never to a default button.
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_report)

        self.note = QLabel(objectName="reportPreviewNote")
        self.note.setWordWrap(True)
        self.note.setContentsMargins(8, 2, 8, 4)

        # One row of tools when the window is wide enough, two (find and print below) when not:
        # see ``_arrange_tools``.
        self._first_row = QHBoxLayout()
        self._first_row.setContentsMargins(6, 4, 6, 2)
        self._first_row.addWidget(self.toolbar)
        self._first_row.addStretch(1)
        self._second_row = QHBoxLayout()
        self._second_row.setContentsMargins(6, 0, 6, 2)
        self._two_rows: bool | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(self._first_row)
        layout.addLayout(self._second_row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)

        if self.view.open_document(pdf):
            count = self.view.page_count()
            self.note.setText(f"{pdf.name} · {count} page{'s' if count != 1 else ''} · draft, not signed")
        else:
            self.note.setText(f"{pdf.name} could not be shown: {self.view.error_text()}")
        self._arrange_tools()
        # Reading order: the pages, their tools, find, print.
        self.setTabOrder(self.view, self.toolbar)
        self.setTabOrder(self.toolbar, self.find_bar.field)
        self.setTabOrder(self.find_bar.field, self.print_button)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def reload(self, pdf: Path) -> None:
        """Show a newer render of the draft on the page and at the zoom the physician was on."""
        page, mode, zoom = self.view.current_page(), self.view.zoom_mode(), self.view.zoom()
        self.pdf = pdf
        if not self.view.open_document(pdf):
            self.note.setText(f"The updated draft could not be shown: {self.view.error_text()}")
            return
        if mode is ZoomMode.FIXED:
            self.view.set_zoom(zoom)
        self.view.go_to_page(max(page, 0))
        count = self.view.page_count()
        self.note.setText(f"{count} page{'s' if count != 1 else ''} · draft, not signed · updated as you write")

    def _arrange_tools(self) -> None:
        """Find and Print beside the page tools, or on a row of their own in a narrow window
        (rather than the page tools folding into the toolbar's overflow menu)."""
        one_row = (
            self.toolbar.sizeHint().width()
            + self.find_bar.minimumSizeHint().width()
            + self.print_button.sizeHint().width()
            + 40
        )
        two_rows = self.width() < one_row
        if two_rows == self._two_rows:
            return
        self._two_rows = two_rows
        row = self._second_row if two_rows else self._first_row
        for widget in (self.find_bar, self.print_button):
            self._first_row.removeWidget(widget)
            self._second_row.removeWidget(widget)
        row.addWidget(self.find_bar, 2)
        row.addWidget(self.print_button)

    def tools_in_two_rows(self) -> bool:
        """Whether the window is too narrow for the tools on one row (find and print go below)."""
        return bool(self._two_rows)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange_tools()

    def print_report(self) -> bool:
        """Print the draft through the print dialog (with its preview); True when printed."""
        failures: list[str] = []

        def paint(printer: QPrinter) -> None:
            try:
                paint_pdf(printer, self.pdf)
            except ReviewerError as exc:
                failures.append(str(exc))

        printed = self._print_document(self, self.title, paint)
        if failures:
            self.note.setText(failures[-1])
            return False
        if printed:
            self.note.setText(f"{self.pdf.name} sent to the printer.")
        return printed

    def closeEvent(self, event: QCloseEvent) -> None:
        # Let the file go at once: the next preview of the case writes the same path.
        self.view.close_document()
        super().closeEvent(event)

    @classmethod
    def show_for(
        cls, parent: QWidget, title: str, pdf: Path, print_document: PrintDocument | None = None
    ) -> ReportPreview:
        """Show ``pdf`` in a preview window, closing any earlier preview of ``parent``."""
        for existing in parent.findChildren(ReportPreview):
            existing.close()
        preview = cls(title, pdf, parent, print_document)
        preview.show()
        return preview
