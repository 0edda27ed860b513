"""The Timeline tab: the treatment timeline with its legend, the gaps in care beside it, lanes and gap setting, Print….

Built from the chronology (in the background, the first time the tab is shown; again whenever the
chronology tab shows a corrected one). The lane choice and the gap setting are remembered; the
list beside the picture names every gap (a click centres it), the entries dated before the injury
and the undated ones (a click opens their page), so nothing the picture cannot place is lost.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.case import Case
from reviewer_app.domain.chronology import ChronologyEntry
from reviewer_app.domain.timeline import (
    DEFAULT_GAP_DAYS,
    LANES_BY_PROVIDER,
    LANES_BY_TYPE,
    Timeline,
    build_timeline,
    mark_words,
    type_label,
)
from reviewer_app.services.presenting import failure_in_words
from reviewer_app.ui.case_session import CaseSession
from reviewer_app.ui.prompts import Prompts, show_failure
from reviewer_app.ui.timeline_painting import Colours, draw_legend, legend_items
from reviewer_app.ui.timeline_print import print_timeline
from reviewer_app.ui.timeline_view import ZOOM_STEP, TimelineView, screen_font
from reviewer_app.ui.workers import TaskGroup

GAP_SETTING = "timeline/gap_days"
LANES_SETTING = "timeline/lanes"
_LANES = {"Lanes: provider": LANES_BY_PROVIDER, "Lanes: type": LANES_BY_TYPE}
ITEM_ROLE = Qt.ItemDataRole.UserRole + 7


class TimelineLegend(QWidget):
    """The shapes of the types on the picture and the signs of a mark's state, in rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineLegend")
        self.setAccessibleName("Timeline legend")
        self.items: list[tuple[str, str, str]] = []

    def set_timeline(self, timeline: Timeline) -> None:
        self.items = legend_items(timeline)
        self.setAccessibleDescription("; ".join(words for _, _, words in self.items))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(400, self.heightForWidth(max(self.width(), 400)))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        image = QImage(1, 1, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        try:
            return int(draw_legend(painter, self.items, screen_font(self), width, self._colours())) + 2
        finally:
            painter.end()

    def _colours(self) -> Colours:
        palette = self.palette()
        window, text = palette.window().color(), palette.windowText().color()
        return Colours(window, text, palette.mid().color(), window, QColor(240, 170, 40, 70))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            draw_legend(painter, self.items, screen_font(self), self.width(), self._colours())
        finally:
            painter.end()


class TimelinePanel(QWidget):
    """Signals:
    page_requested(int record_id, int page_index): open an entry's first page (a mark, an undated entry).
    print_requested(): the physician asked to print the timeline.
    """

    page_requested = Signal(int, int)
    print_requested = Signal()

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.entries: list[ChronologyEntry] = []
        self.case: Case | None = None
        self.status = QLabel("The timeline is built when this tab is first shown.", objectName="timelineStatus")
        self.status.setWordWrap(True)
        self.lanes = QComboBox(objectName="timelineLanes")
        self.lanes.addItems(list(_LANES))
        self.lanes.setAccessibleName("Lanes of the timeline")
        self.lanes.setToolTip("One lane per provider, or one per type of document")
        self.gap_days = QSpinBox(objectName="timelineGapDays")
        self.gap_days.setRange(1, 730)
        self.gap_days.setSuffix(" days")
        self.gap_days.setPrefix("Gaps over ")
        self.gap_days.setAccessibleName("Gaps in care longer than, in days")
        self.gap_days.setToolTip("Stretches without a treatment encounter longer than this are shaded and listed")
        self._restore_settings()
        self.view = TimelineView()
        self.view.page_requested.connect(self.page_requested)
        self.view.mark_chosen.connect(self._mark_chosen)
        buttons = []
        for text, name, tip, slot in (
            ("−", "timelineZoomOut", "Zoom out (Ctrl+wheel, or -)", lambda: self.view.zoom(1 / ZOOM_STEP)),
            ("+", "timelineZoomIn", "Zoom in (Ctrl+wheel, or +)", lambda: self.view.zoom(ZOOM_STEP)),
            ("Fit", "timelineFit", "Show the whole span", self.view.fit),
            ("Print…", "timelinePrint", "Print the timeline and its gaps in care", self.print_requested.emit),
        ):
            button = QToolButton(objectName=name)
            button.setText(text)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setToolTip(tip)
            button.setAccessibleName(tip.split(" (")[0])
            button.clicked.connect(slot)
            buttons.append(button)
        self.print_button = buttons[-1]
        self.legend = TimelineLegend()
        self.gaps = QListWidget(objectName="timelineGaps")
        self.gaps.setAccessibleName("Gaps in care")
        self.gaps.setWordWrap(True)
        self.gaps.itemActivated.connect(self._item_activated)
        self.gaps.itemClicked.connect(self._item_activated)
        self.side_title = QLabel("Gaps in care", objectName="timelineGapsTitle")
        self.side_title.setWordWrap(True)
        font = self.side_title.font()
        font.setBold(True)
        self.side_title.setFont(font)
        # One row of tools when the tab is wide, two (the buttons below) when not: the records pane may be narrow.
        self.buttons = QWidget()
        button_row = QHBoxLayout(self.buttons)
        button_row.setContentsMargins(0, 0, 0, 0)
        for button in buttons:
            button_row.addWidget(button)
        self.first_row, self.second_row = QHBoxLayout(), QHBoxLayout()
        self.first_row.addWidget(self.lanes)
        self.first_row.addWidget(self.gap_days)
        self.first_row.addStretch(1)
        self.first_row.addWidget(self.buttons)
        self.second_row.addStretch(1)
        self._two_rows = False
        # As narrow as the chronology beside it: the tabs share the records pane, and a wide tab would squeeze the
        # pages; below the tools' width the buttons go to a second row (resizeEvent).
        self.setMinimumWidth(320)
        picture = QWidget()
        picture_layout = QVBoxLayout(picture)
        picture_layout.setContentsMargins(0, 0, 0, 0)
        picture_layout.addWidget(self.view, 1)
        picture_layout.addWidget(self.legend)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.side_title)
        side_layout.addWidget(self.gaps, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(picture)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([780, 220])  # the picture first: the list beside it wraps its lines
        side.setMinimumWidth(100)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.status)
        layout.addLayout(self.first_row)
        layout.addLayout(self.second_row)
        layout.addWidget(self.splitter, 1)
        chain = [self.lanes, self.gap_days, *buttons, self.view, self.gaps]  # the reading order
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.lanes.currentIndexChanged.connect(self._setting_changed)
        self.gap_days.valueChanged.connect(self._setting_changed)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        two = self.width() < self.lanes.sizeHint().width() + self.gap_days.sizeHint().width() + 260
        if two != self._two_rows:
            self._two_rows = two
            (self.first_row if two else self.second_row).removeWidget(self.buttons)
            (self.second_row if two else self.first_row).addWidget(self.buttons)

    def _restore_settings(self) -> None:
        days, lanes = DEFAULT_GAP_DAYS, LANES_BY_PROVIDER
        if self.settings is not None:
            try:
                days = int(self.settings.value(GAP_SETTING, DEFAULT_GAP_DAYS))
            except (TypeError, ValueError):
                days = DEFAULT_GAP_DAYS
            lanes = str(self.settings.value(LANES_SETTING, LANES_BY_PROVIDER))
        self.gap_days.setValue(days)
        self.lanes.setCurrentIndex(max(0, list(_LANES.values()).index(lanes) if lanes in _LANES.values() else 0))

    @property
    def timeline(self) -> Timeline:
        return self.view.timeline

    def set_entries(self, entries: Sequence[ChronologyEntry], case: Case | None = None) -> None:
        """Show the timeline of ``entries`` (the chronology's), with the case's injury and requested services."""
        self.entries = list(entries)
        if case is not None:
            self.case = case
        self._rebuild()

    def _setting_changed(self) -> None:
        if self.settings is not None:
            self.settings.setValue(GAP_SETTING, self.gap_days.value())
            self.settings.setValue(LANES_SETTING, _LANES[self.lanes.currentText()])
        self._rebuild()

    def _rebuild(self) -> None:
        details = self.case.details if self.case is not None else None
        timeline = build_timeline(
            self.entries,
            details.claimant.date_of_injury if details else None,
            details.requested_services if details else (),
            _LANES[self.lanes.currentText()],
            self.gap_days.value(),
        )
        self.view.set_timeline(timeline)
        self.legend.set_timeline(timeline)
        self._fill_side(timeline)
        self.status.setText(self._summary(timeline) + ". Click a mark to open its page; Ctrl+wheel zooms.")

    def _summary(self, timeline: Timeline) -> str:
        care = sum(1 for m in timeline.marks if m.care)
        words = [
            f"{len(timeline.marks):,} dated documents ({care:,} treatment encounters) in {len(timeline.lanes)} lanes",
            f"{len(timeline.gaps)} gap{'s' if len(timeline.gaps) != 1 else ''} in care over {timeline.gap_days} days",
        ]
        if timeline.injury is None:
            words.append("no date of injury given")
        if timeline.before_injury:
            words.append(f"{len(timeline.before_injury)} dated before the injury (marked !)")
        if timeline.undated:
            words.append(f"{len(timeline.undated)} undated (listed, not placed)")
        return "; ".join(words)

    def _fill_side(self, timeline: Timeline) -> None:
        self.gaps.clear()
        self.side_title.setText(f"Gaps in care over {timeline.gap_days} days: {len(timeline.gaps)}")
        for gap in timeline.gaps:
            self._add_item(gap.describe(), ("gap", gap))
        if not timeline.gaps:
            self._add_item(f"No gaps in care longer than {timeline.gap_days} days.", None)
        if timeline.before_injury:
            self._add_heading(f"Dated before the injury: {len(timeline.before_injury)}")
            for mark in timeline.before_injury:
                self._add_item("! " + mark_words(mark), ("mark", timeline.marks.index(mark)))
        if timeline.undated:
            self._add_heading(f"Undated, not placed: {len(timeline.undated)}")
            for entry in timeline.undated:
                who = entry.provider or entry.facility or "provider not named"
                self._add_item(
                    f"{type_label(entry.type)}, {who} · {entry.record} p. {entry.first_page}", ("entry", entry)
                )
        if timeline.undated_services:
            self._add_heading("Requested services without a date")
            for service in timeline.undated_services:
                self._add_item(service.description, None)

    def _add_heading(self, text: str) -> None:
        item = QListWidgetItem(text)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.gaps.addItem(item)

    def _add_item(self, text: str, what: object) -> None:
        item = QListWidgetItem(text)
        item.setToolTip(text)
        item.setData(ITEM_ROLE, what)
        self.gaps.addItem(item)

    def _item_activated(self, item: QListWidgetItem) -> None:
        what = item.data(ITEM_ROLE)
        if not isinstance(what, tuple):
            return
        kind, value = what
        if kind == "gap":
            self.view.centre_on(value.start + (value.end - value.start) / 2)
        elif kind == "mark":
            self.view.choose(value)
        elif kind == "entry":
            self.page_requested.emit(value.record_id, value.first_page - 1)

    def _mark_chosen(self, index: int) -> None:
        self.status.setText(mark_words(self.timeline.marks[index]))

    def gap_texts(self) -> list[str]:
        """The gaps as listed beside the picture."""
        return [
            self.gaps.item(row).text()
            for row in range(self.gaps.count())
            if isinstance(self.gaps.item(row).data(ITEM_ROLE), tuple)
            and self.gaps.item(row).data(ITEM_ROLE)[0] == "gap"
        ]


class TimelineTab(TimelinePanel):
    """The panel with its work: the chronology built in the background through the case's session, and printing."""

    def __init__(
        self,
        session: CaseSession,
        tasks: TaskGroup,
        prompts: Prompts,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(settings, parent)
        self.session, self.tasks, self.prompts = session, tasks, prompts
        self.case = session.case
        self._built = False
        self.print_requested.connect(self.print_timeline)

    def build_once(self) -> None:
        """Build the timeline the first time the tab is shown."""
        if not self._built:
            self.build()

    def build(self) -> None:
        """Work out the chronology in the background; the timeline is drawn from it when done."""
        self._built = True
        self.status.setText("Building the timeline from the chronology of the records…")
        session = self.session
        self.tasks.start(
            lambda progress: session.chronology(progress),
            lambda entries: self.set_entries(entries, session.case),
            lambda exc: self.status.setText(failure_in_words(exc, session.folder.path, "The timeline")),
        )

    def chronology_shown(self, entries: list[ChronologyEntry]) -> None:
        """The chronology tab showed (perhaps corrected) entries: the timeline follows them."""
        self._built = True
        self.set_entries(entries, self.session.case)

    def print_timeline(self) -> None:
        """Print through the platform's dialog (the Prompts seam): title, picture, gaps."""
        if not self.timeline.marks and not self.entries:
            self.prompts.show_error(self, "Nothing to print", "The timeline has no documents yet.")
            return
        details = self.session.case.details
        claimant = details.claimant
        title = f"Treatment timeline — {claimant.name.given} {claimant.name.family}".strip()
        claim = f"claim {claimant.claim_number}" if claimant.claim_number else "no claim number"
        injury = (
            f"date of injury {claimant.date_of_injury.strftime('%m/%d/%Y')}"
            if claimant.date_of_injury
            else "no date of injury given"
        )
        subtitle = f"Case {details.reference} · {claim} · {injury} · {self._summary(self.timeline)}."
        timeline = self.timeline

        def paint(printer: QPrinter) -> None:
            try:
                print_timeline(printer, timeline, title, subtitle)
            except Exception as exc:  # shown in words; a print dialog must not take the window down
                show_failure(self.prompts, self, "Timeline not printed", exc, self.session.folder.path)

        self.prompts.print_document(self, "Treatment timeline", paint)
