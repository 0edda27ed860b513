"""The report on a practice's letterhead, signed (pages 1 and 2 side by side), and the profile
dialog's letterhead section: docs/screenshots/report-letterhead.png and profile-letterhead.png.

Run with ``QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/take_letterhead_screenshots.py``.
The practice, its logo and the findings are made up (tests/reports).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from reviewer_app.services.cases import find_case  # noqa: E402
from reviewer_app.services.certificates import create_profile_certificate  # noqa: E402
from reviewer_app.services.data_folder import open_data_folder  # noqa: E402
from reviewer_app.services.demo import ensure_demo_cases  # noqa: E402
from reviewer_app.services.practice import get_practice, letterhead_problems, save_practice  # noqa: E402
from reviewer_app.services.profile import get_profile  # noqa: E402
from reviewer_app.services.reporting import sign_report, verify_report  # noqa: E402
from reviewer_app.services.review import mark_page_reviewed  # noqa: E402
from tests.reports.demo_findings import PEER_REVIEW, fill_demo_findings  # noqa: E402
from tests.reports.practice_fixtures import PRACTICE, practice_logo  # noqa: E402

OUT = Path(__file__).resolve().parent
PASSWORD = "screenshots only"


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from reviewer_app.ui.profile_dialog import ProfileDialog

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        folder = open_data_folder(work / "data")
        try:
            ensure_demo_cases(folder)
            fill_demo_findings(folder)
            save_practice(folder, {**PRACTICE, "logo": str(practice_logo(work / "logo.png"))})
            case = find_case(folder, PEER_REVIEW)
            for record in case.records:
                assert record.id is not None
                for page in range(1, (record.page_count or 0) + 1):
                    mark_page_reviewed(folder, case.id, record.id, page)
            create_profile_certificate(folder, work / "me.p12", PASSWORD)
            signed = work / "signed.pdf"
            sign_report(folder, case, signed, password=PASSWORD)
            check = verify_report(folder, signed.read_bytes())
            print(f"signed on the letterhead: {check.verdict()}")
            subprocess.run(
                ["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "2", str(signed), str(work / "page")], check=True
            )
            pages = [Image.open(p) for p in sorted(work.glob("page-*.png"))]
            sheet = Image.new(
                "RGB", (sum(p.width for p in pages) + 12 * (len(pages) + 1), pages[0].height + 24), "#8a8a8a"
            )
            x = 12
            for page in pages:
                sheet.paste(page, (x, 12))
                x += page.width + 12
            sheet.save(OUT / "report-letterhead.png", optimize=True)

            dialog = ProfileDialog(
                get_profile(folder),
                practice=get_practice(folder),
                check_letterhead=lambda given: letterhead_problems(folder, given),
            )
            dialog.resize(760, dialog.sizeHint().height())
            dialog.show()
            app.processEvents()
            assert dialog.letterhead is not None
            dialog.letterhead.grab().save(str(OUT / "profile-letterhead.png"))
            dialog.close()
        finally:
            folder.close()


if __name__ == "__main__":
    main()
