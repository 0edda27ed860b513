"""The page viewer's keys: which command each key does, in one table a physician could read.

PgUp/PgDn, Home/End and the arrows move; Ctrl++ / Ctrl+- zoom, Ctrl+0 fits the width, Ctrl+9 the
page; Ctrl+G asks for a page; Ctrl+R and Ctrl+Shift+R rotate; Escape drops a selected area.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

from reviewer_app.ui.page_canvas import SCROLL_STEP

if TYPE_CHECKING:
    from reviewer_app.ui.page_viewer import PageViewer

_Key = Qt.Key
_Mod = Qt.KeyboardModifier
_CTRL = _Mod.ControlModifier
_CTRL_SHIFT = _Mod.ControlModifier | _Mod.ShiftModifier
_NO_MOD = _Mod.NoModifier


def key_command(viewer: PageViewer, event: QKeyEvent) -> Callable[[], None] | None:
    """The viewer's command for this key press, or None when the viewer leaves the key alone."""
    modifiers = event.modifiers() & ~_Mod.KeypadModifier
    key = event.key()
    if modifiers == _NO_MOD:
        plain: dict[int, Callable[[], None]] = {
            _Key.Key_PageDown: viewer.next_page,
            _Key.Key_PageUp: viewer.previous_page,
            _Key.Key_Home: viewer.first_page,
            _Key.Key_End: viewer.last_page,
            _Key.Key_Down: lambda: viewer.scroll_by(viewer.verticalScrollBar(), SCROLL_STEP),
            _Key.Key_Up: lambda: viewer.scroll_by(viewer.verticalScrollBar(), -SCROLL_STEP),
            _Key.Key_Right: lambda: viewer.scroll_by(viewer.horizontalScrollBar(), SCROLL_STEP),
            _Key.Key_Left: lambda: viewer.scroll_by(viewer.horizontalScrollBar(), -SCROLL_STEP),
        }
        if key == _Key.Key_Escape and (viewer.selection() is not None or viewer.is_dragging()):
            return viewer.cancel_selection
        return plain.get(key)
    if modifiers == _CTRL:
        with_ctrl: dict[int, Callable[[], None]] = {
            _Key.Key_Home: viewer.first_page,
            _Key.Key_End: viewer.last_page,
            _Key.Key_Plus: viewer.zoom_in,
            _Key.Key_Equal: viewer.zoom_in,
            _Key.Key_Minus: viewer.zoom_out,
            _Key.Key_0: viewer.fit_width,
            _Key.Key_9: viewer.fit_page,
            _Key.Key_G: viewer.ask_for_page,
            _Key.Key_R: viewer.rotate_clockwise,
        }
        return with_ctrl.get(key)
    if modifiers == _CTRL_SHIFT:
        # Ctrl++ is Ctrl+Shift+= on many layouts.
        with_shift: dict[int, Callable[[], None]] = {
            _Key.Key_Plus: viewer.zoom_in,
            _Key.Key_R: viewer.rotate_counterclockwise,
        }
        return with_shift.get(key)
    return None
