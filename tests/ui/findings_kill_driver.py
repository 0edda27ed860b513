"""Driven by test_findings_kill.py in its own process: answer the necessity question as a physician would
(mouse and keyboard through the real editors), print "saved" once the answer is in the database, then
wait to be killed.

Usage: python -m tests.ui.findings_kill_driver DATA_DIR RATIONALE
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QRadioButton, QTextEdit, QWidget

from reviewer_app.app import build_main_window

DETERMINATION = "q1.svc1.determination"
RATIONALE = "q1.svc1.rationale"


def wait_until(condition: object, timeout_ms: int = 20_000) -> bool:
    """Run the event loop until ``condition()`` holds (checked every 50 ms), or the timeout passes."""
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(50)
    poll.timeout.connect(lambda: condition() and loop.quit())  # type: ignore[operator]
    QTimer.singleShot(timeout_ms, loop.quit)
    poll.start()
    loop.exec()
    poll.stop()
    return bool(condition())  # type: ignore[operator]


def main(data_dir: Path, rationale: str) -> int:
    app = QApplication(sys.argv[:1])
    window = build_main_window(data_dir)
    window.resize(1280, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.open_case(window.case_list.model.cases()[0].id)
    workspace = window.workspace
    assert workspace is not None
    workspace.question_list.setCurrentRow(0)
    QTest.qWait(200)  # let the findings panel lay out before clicking in it

    determination = window.findChild(QWidget, f"field:{DETERMINATION}")
    non_certify = determination.findChild(QRadioButton, "option:non_certify")
    QTest.mouseClick(non_certify, Qt.MouseButton.LeftButton)
    text = window.findChild(QWidget, f"field:{RATIONALE}").findChild(QTextEdit)
    text.setFocus()
    QTest.keyClicks(text, rationale)  # saved by the editor after a short pause in typing, as for the physician

    def saved() -> bool:
        answers = workspace.session.answers()
        return answers.get(DETERMINATION) == "non_certify" and answers.get(RATIONALE) == rationale

    if not wait_until(saved):
        print("not saved", workspace.session.answers(), flush=True)
        return 1
    print("saved", flush=True)
    return app.exec()  # until killed


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2]))
