"""The workspace's three columns (records, reader, findings): their layout and the reader's window.

`WorkspacePanes` is the splitter holding the columns. It gives them the chosen layout's shape
once it has its real width, keeps the physician's sizes per layout (settings), and moves the
reader to its own top-level window and back, the record and page on screen kept.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import QSplitter, QStackedWidget, QWidget

from reviewer_app.ui.case_header import CaseHeader
from reviewer_app.ui.findings_panel import FindingsPanel
from reviewer_app.ui.reader import Reader, ReaderWindow
from reviewer_app.ui.workspace_layouts import (
    SHAPES,
    Layout,
    chosen_layout,
    remember_layout,
    restore_sizes,
    save_sizes,
    spread,
)


class WorkspacePanes(QSplitter):
    """Records | reader | findings, side by side.

    Signals:
        detached_changed(bool): the reader went to its own window (True) or came back (False).
    """

    detached_changed = Signal(bool)

    def __init__(
        self,
        header: CaseHeader,
        records: QWidget,
        reader: Reader,
        findings: FindingsPanel,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("workspaceSplitter")
        self.header, self.reader, self.findings = header, reader, findings
        self.settings = settings
        self.layout_in_use = chosen_layout(settings)
        self.reader_window: ReaderWindow | None = None
        self._attached_state: QByteArray | None = None  # the columns' sizes while the reader is away
        # Sizes are given once the panes have their real width (first shown): proportions of a guess go wrong.
        self._pending = True
        # The reader sits in a slot of its own: when it goes to its window the columns keep their order.
        self.reader_slot = QStackedWidget(objectName="readerSlot")
        self.reader_slot.addWidget(reader)
        for pane in (records, self.reader_slot, findings):
            self.addWidget(pane)

    # -- layouts --

    def _splitters(self) -> dict[str, QSplitter]:
        return {"columns": self, "questions": self.findings, "reader": self.reader.splitter}

    def _states(self) -> dict[str, QByteArray]:
        states = {name: splitter.saveState() for name, splitter in self._splitters().items()}
        if self._attached_state is not None:
            states["columns"] = self._attached_state  # the sizes to come back to, not the folded slot
        return states

    def _shape(self, layout: Layout) -> None:
        shape = SHAPES[layout]
        self.header.set_compact(shape.compact_header)
        self.findings.set_one_line_questions(shape.compact_header)
        self.reader.show_thumbnails(shape.thumbnails)
        self.setSizes(spread(max(self.width(), 1000), shape.columns))
        # A wider or narrower window keeps the layout's proportions.
        for pane, weight in enumerate(shape.columns):
            self.setStretchFactor(pane, weight)
        self.findings.setSizes(spread(max(self.findings.height(), 700), shape.questions))

    def use_layout(self, layout: Layout) -> None:
        """Switch to a layout: this one's sizes are kept, that one's come back (or its defaults)."""
        if not self._pending:  # sizes never given are not the physician's
            save_sizes(self.settings, self.layout_in_use, self._states())
        self._pending = False
        self.layout_in_use = layout
        remember_layout(self.settings, layout)
        self._shape(layout)
        restore_sizes(self.settings, layout, self._splitters())
        if self.detached:
            self._attached_state = self.saveState()
            self._fold_reader_slot()

    def save(self, settings: QSettings) -> None:
        """Keep the current layout's pane sizes (when the case closes)."""
        if not self._pending:
            save_sizes(settings, self.layout_in_use, self._states())
        remember_layout(settings, self.layout_in_use)

    def restore(self, settings: QSettings) -> None:
        """The layout's shape, then the pane sizes the physician left it with, if any (now if shown)."""
        self.settings = settings
        self._pending = True
        if self.isVisible():
            self._apply_pending()

    def _apply_pending(self) -> None:
        if self._pending:
            self._pending = False
            self._shape(self.layout_in_use)
            restore_sizes(self.settings, self.layout_in_use, self._splitters())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._apply_pending()

    # -- the reader in its own window --

    @property
    def detached(self) -> bool:
        return self.reader_window is not None

    def set_detached(self, detached: bool, title: str = "", actions: Iterable[QAction] = ()) -> None:
        """Move the reader to its own top-level window titled ``title`` (with ``actions``, the
        workspace's shortcuts), or bring it back; the record and the page on screen stay."""
        if detached == self.detached:
            return
        viewer = self.reader.page_view
        page = viewer.current_page()
        if detached:
            window = ReaderWindow(title)
            window.addActions(list(actions))
            self._attached_state = self.saveState()
            self.reader_slot.removeWidget(self.reader)
            window.hold(self.reader)
            window.closed.connect(lambda: self.set_detached(False))
            size = self.reader.size()
            window.resize(max(size.width(), 900), max(size.height(), 900))
            self.reader_window = window
            self._fold_reader_slot()
            window.show()
        else:
            window = self.reader_window
            assert window is not None
            self.reader_window = None
            window.closed.disconnect()
            self.reader_slot.addWidget(self.reader)
            self.reader_slot.setCurrentWidget(self.reader)
            window.close()
            window.deleteLater()
            if self._attached_state is not None:
                self.restoreState(self._attached_state)
            self._attached_state = None
        viewer.set_detached(detached)  # on a second monitor its pages count as read while any window is active
        if page >= 0 and viewer.page_count():
            # Resized in its new place, the viewer lays its pages out again: stay on the page.
            viewer.go_to_page(page)
            QTimer.singleShot(0, lambda: self._stay_on(page))
        self.detached_changed.emit(detached)

    def _stay_on(self, page: int) -> None:
        viewer = self.reader.page_view
        if viewer.page_count() and viewer.current_page() != page:
            viewer.go_to_page(page)

    def _fold_reader_slot(self) -> None:
        """While the reader is away its column gives its width to the records and the findings."""
        sizes = self.sizes()
        if len(sizes) == 3 and sizes[1]:
            self.setSizes([sizes[0] + sizes[1] // 2, 0, sizes[2] + sizes[1] - sizes[1] // 2])
