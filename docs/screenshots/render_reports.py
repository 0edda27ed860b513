"""Render both demo reports, signed, to PNG pages in docs/screenshots/ (``make report-pages``).

The findings are the synthetic ones the report tests use; the certificate is made for the run.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw  # noqa: E402

from reviewer_app.demo.strokes import signature_strokes  # noqa: E402
from reviewer_app.services.cases import find_case  # noqa: E402
from reviewer_app.services.certificates import create_profile_certificate  # noqa: E402
from reviewer_app.services.data_folder import open_data_folder  # noqa: E402
from reviewer_app.services.demo import ensure_demo_cases  # noqa: E402
from reviewer_app.services.findings import set_answers  # noqa: E402
from reviewer_app.services.profile import update_profile  # noqa: E402
from reviewer_app.services.reporting import sign_report  # noqa: E402
from reviewer_app.services.review import mark_page_reviewed  # noqa: E402
from tests.reports.demo_findings import IME, PEER_REVIEW, fill_demo_findings  # noqa: E402

PASSWORD = "screenshots only"
OUT = Path(__file__).resolve().parent


def signature_png(path: Path) -> Path:
    """A made-up handwritten signature (the demo's pen strokes) as the profile's signature image."""
    width, height = 600, 160
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    pen = ImageDraw.Draw(image)
    for stroke in signature_strokes(7, width, height):
        pen.line([(x, height - y) for x, y in stroke], fill=(20, 30, 90, 255), width=3, joint="curve")
    image.save(path)
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        folder = open_data_folder(work / "data")
        try:
            ensure_demo_cases(folder)
            fill_demo_findings(folder)
            update_profile(folder, {"signature_image": str(signature_png(work / "signature.png"))})
            today = folder.clock().date().isoformat()
            for reference in (PEER_REVIEW, IME):
                case = find_case(folder, reference)
                set_answers(folder, case, {"attestation.date_signed": today})
                # As after a physician's reading: every page on screen long enough to count.
                for record in case.records:
                    for page in range(record.page_count or 0):
                        mark_page_reviewed(folder, case.id, record.id or 0, page)
            create_profile_certificate(folder, work / "me.p12", PASSWORD)
            for reference, name in ((PEER_REVIEW, "report-peer-review"), (IME, "report-ime")):
                pdf = work / f"{name}.pdf"
                sign_report(folder, find_case(folder, reference), pdf, password=PASSWORD)
                for old in OUT.glob(f"{name}-*.png"):
                    old.unlink()
                subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(OUT / name)], check=True)
                print(f"{reference}: {sorted(p.name for p in OUT.glob(f'{name}-*.png'))}")
        finally:
            folder.close()


if __name__ == "__main__":
    main()
