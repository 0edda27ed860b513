"""A button at the end of a tab bar that lists every tab: none is out of reach when the bar scrolls.

The records panel holds eight tabs (records, key pages, warnings, highlights, chronology, timeline,
billing, missing records); in a narrow pane the bar scrolls and the first or last tabs are hidden
behind its arrows. The list names them all, the current one checked, with Alt+1… shortcuts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QTabWidget, QToolButton


class TabListButton(QToolButton):
    """The ☰ button in the tab widget's corner; its menu switches to any tab."""

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self.setObjectName("recordTabsList")
        self.setText("☰")
        self.setToolTip("All tabs of this panel (Alt+1 to Alt+9)")
        self.setAccessibleName("All tabs of the records panel")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setAutoRaise(True)
        self.list_menu = QMenu(self)
        self.list_menu.aboutToShow.connect(self.fill)
        self.setMenu(self.list_menu)
        tabs.setCornerWidget(self, Qt.Corner.TopRightCorner)
        for number in range(1, 10):
            shortcut = QAction(tabs)
            shortcut.setShortcut(QKeySequence(f"Alt+{number}"))
            shortcut.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.triggered.connect(lambda _checked=False, index=number - 1: self.choose(index))
            tabs.addAction(shortcut)

    def fill(self) -> None:
        """The menu lists the tabs as they are now (their counts change)."""
        self.list_menu.clear()
        for index in range(self.tabs.count()):
            words = self.tabs.tabText(index).replace("&", "&&")
            action = self.list_menu.addAction(f"{words}\tAlt+{index + 1}" if index < 9 else words)
            action.setCheckable(True)
            action.setChecked(index == self.tabs.currentIndex())
            action.triggered.connect(lambda _checked=False, chosen=index: self.choose(chosen))

    def choose(self, index: int) -> None:
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)
            widget = self.tabs.widget(index)
            if widget is not None:
                widget.setFocus()
