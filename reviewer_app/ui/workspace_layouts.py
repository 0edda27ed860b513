"""The workspace's layouts for the work at hand, and the pane sizes each one remembers.

Reading: records and pages wide, findings narrow. Writing: findings wide, the pages beside them,
the records folded away. Compact: everything on a 1366x768 screen (the claimant on one line,
thumbnails folded, the findings given the height). The physician's own splitter positions are
kept per layout in the settings and come back when the layout is chosen again.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter

LAYOUT_SETTING = "workspace/layout"


class Layout(Enum):
    READING = "reading"
    WRITING = "writing"
    COMPACT = "compact"

    @property
    def label(self) -> str:
        return {
            Layout.READING: "&Reading layout",
            Layout.WRITING: "&Writing layout",
            Layout.COMPACT: "&Compact layout",
        }[self]

    @property
    def action_name(self) -> str:
        """objectName of the View menu's action choosing it (actionLayoutReading, ...)."""
        return "actionLayout" + self.value.capitalize()


@dataclass(frozen=True)
class LayoutShape:
    """Relative sizes of the panes before the physician moves them."""

    columns: tuple[int, int, int]  # records, reader, findings
    questions: tuple[int, int, int]  # questions, findings, before signing
    compact_header: bool  # claimant and facts on one line, each referral question on one line
    thumbnails: bool  # the page thumbnails beside the viewer (folded in compact: the page gets the width)


SHAPES = {
    Layout.READING: LayoutShape((34, 42, 24), (24, 60, 16), compact_header=False, thumbnails=True),
    Layout.WRITING: LayoutShape((0, 42, 58), (18, 68, 14), compact_header=False, thumbnails=True),
    Layout.COMPACT: LayoutShape((26, 40, 34), (13, 74, 13), compact_header=True, thumbnails=False),
}


def chosen_layout(settings: QSettings) -> Layout:
    """The layout last chosen (reading until one is)."""
    value = settings.value(LAYOUT_SETTING, Layout.READING.value)
    return next((layout for layout in Layout if layout.value == value), Layout.READING)


def remember_layout(settings: QSettings, layout: Layout) -> None:
    settings.setValue(LAYOUT_SETTING, layout.value)


def save_sizes(settings: QSettings, layout: Layout, states: dict[str, QByteArray]) -> None:
    """Keep the splitters' states (name -> QSplitter.saveState()) for this layout."""
    for name, state in states.items():
        settings.setValue(f"workspace/{layout.value}/{name}", state)


def restore_sizes(settings: QSettings, layout: Layout, splitters: dict[str, QSplitter]) -> set[str]:
    """Put back the sizes kept for this layout; the names of the splitters that had none."""
    missing = set()
    for name, splitter in splitters.items():
        state = settings.value(f"workspace/{layout.value}/{name}")
        if not (isinstance(state, QByteArray) and splitter.restoreState(state)):
            missing.add(name)
    return missing


def spread(total: int, weights: tuple[int, ...]) -> list[int]:
    """Pixel sizes in proportion to ``weights`` over ``total`` pixels (a zero weight folds its pane)."""
    whole = sum(weights) or 1
    return [total * w // whole for w in weights]
