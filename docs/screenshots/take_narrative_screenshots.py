"""The long-text editor with formatting and a misspelling, and the draft page that prints it.

Writes docs/screenshots/editor-formatting.png (the peer review's first rationale, typed and formatted
through the editor's toolbar, one word misspelled) and report-formatted-rationale.png (the draft's
page with that rationale, rendered with pdftoppm). Synthetic demo data only.
Usage: xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python docs/screenshots/take_narrative_screenshots.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QToolButton  # noqa: E402

from reviewer_app.app import build_main_window  # noqa: E402
from reviewer_app.services.cases import find_case  # noqa: E402
from reviewer_app.services.data_folder import open_data_folder  # noqa: E402
from reviewer_app.services.demo import ensure_demo_cases  # noqa: E402
from reviewer_app.services.reporting import draft_report  # noqa: E402
from tests.ui.conftest import FakePrompts  # noqa: E402

OUT = Path(__file__).resolve().parent
PEER_REVIEW = "PR-2026-004512"
RATIONALE = "q1.svc1.rationale"
TEXT = (
    "**Not medically necessary.** The claimant completed conservative care for a lumbar strain:\n"
    "- Physical therapy, 12 visits with *partial* relief\n"
    "- Gabapentin and duloxetine\n"
    "Before an epidural injection the guideline requires:\n"
    "1. Radicular findings on examination\n"
    "2. Imaging that shows nerve root compression\n"
    "Neither is documented; the EMG found no acute radiculopahty."
)


def settle(app: QApplication, ms: int = 300) -> None:
    done = []
    QTimer.singleShot(ms, lambda: done.append(True))
    while not done:
        app.processEvents()


def main() -> None:
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        folder = open_data_folder(data_dir)
        ensure_demo_cases(folder)
        folder.close()
        window = build_main_window(data_dir, prompts=FakePrompts())
        window.resize(1500, 950)
        window.show()
        settle(app)
        window.open_case(find_case(window.folder, PEER_REVIEW).id)
        workspace = window.workspace
        assert workspace is not None
        workspace.question_list.setCurrentRow(0)
        settle(app)
        editor = workspace.findings_form.editor(RATIONALE)
        editor.edit.set_narrative(TEXT)  # as if typed: the editor saves it like typing
        editor.edit.setFocus()
        editor.commit()
        while workspace.saving:
            settle(app, 50)
        cursor = editor.edit.document().find("partial")
        editor.edit.setTextCursor(cursor)
        assert editor.findChild(QToolButton, "formatItalic").isChecked()
        settle(app, 800)
        editor.grab().save(str(OUT / "editor-formatting.png"))
        window.grab().save(str(Path(tmp) / "window.png"))
        settle(app, 800)
        pdf = Path(tmp) / "draft.pdf"
        pdf.write_bytes(draft_report(window.folder, find_case(window.folder, PEER_REVIEW)))
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        page = next(i for i, p in enumerate(text.split("\f"), 1) if "12 visits with" in p)
        # The rationale starts at the foot of one page and ends on the next: both, side by side.
        prefix = Path(tmp) / "page"
        subprocess.run(
            ["pdftoppm", "-r", "70", "-png", "-f", str(page), "-l", str(page + 1), str(pdf), str(prefix)], check=True
        )
        pages = [Image.open(path) for path in sorted(Path(tmp).glob("page-*.png"))]
        sheet = Image.new("RGB", (sum(p.width for p in pages) + 10 * (len(pages) - 1), pages[0].height), "#888888")
        x = 0
        for image in pages:
            sheet.paste(image, (x, 0))
            x += image.width + 10
        sheet.save(OUT / "report-formatted-rationale.png")
        window.close()
        window.runner.wait()
    print("wrote", OUT / "editor-formatting.png", "and", OUT / "report-formatted-rationale.png")


if __name__ == "__main__":
    main()
