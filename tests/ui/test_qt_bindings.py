"""The Qt bindings themselves: a release that mishandles references must not reach physicians.

PySide6 6.12.0 on Python 3.11 released a reference to None on every Qt call that returns
nothing, and to True/False on every signal emit: the application aborted ("deallocating None")
after a few thousand calls. These tests fail on such a release.
"""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

CALLS = 500


class _Emitter(QObject):
    changed = Signal(str)


def test_calls_returning_nothing_keep_none_alive(qtbot: Any) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        label.setText("Lopez, Maria")
    assert sys.getrefcount(None) - before > -CALLS // 2


def test_signal_emits_keep_booleans_alive() -> None:
    emitter = _Emitter()
    received: list[str] = []
    emitter.changed.connect(received.append)
    before = (sys.getrefcount(True), sys.getrefcount(False))
    for _ in range(CALLS):
        emitter.changed.emit("saved")
    after = (sys.getrefcount(True), sys.getrefcount(False))
    assert len(received) == CALLS
    assert sum(after) - sum(before) > -CALLS // 2
