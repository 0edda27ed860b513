"""Import benchmark: a generated bundle of text PDFs, timed end to end, beside pdftotext.

Prints figures; asserts nothing. Usage: python bench/import_bench.py [--pages N] [--documents D]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.importing import import_bundle

LINE = "Patient reports low back pain radiating to the left leg; straight leg raise positive at 40 degrees."


def write_bundle(folder: Path, pages: int, documents: int) -> Path:
    records = folder / "records"
    records.mkdir(parents=True)
    entries = []
    per_document = max(1, pages // documents)
    for number in range(documents):
        path = records / f"{number:04d}.pdf"
        pdf = canvas.Canvas(str(path), pagesize=letter, invariant=1)
        for page in range(per_document):
            text = pdf.beginText(54, 740)
            for line in range(45):
                text.textLine(f"{number}-{page}-{line} {LINE}")
            pdf.drawText(text)
            pdf.showPage()
        pdf.save()
        entries.append({"path": f"records/{path.name}", "sha256": hashlib.sha256(path.read_bytes()).hexdigest()})
    manifest = {
        "format": "reviewer-case-bundle",
        "format_version": 1,
        "case": {"reference": "BENCH-1", "service": "peer_review"},
        "claimant": {"name": {"given": "Bench", "family": "Mark"}},
        "questions": [{"id": "q1", "text": "Is the treatment necessary?", "topic": "necessity"}],
        "records": entries,
    }
    (folder / "case.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def time_pdftotext(records: Path) -> float | None:
    if shutil.which("pdftotext") is None:
        return None
    started = time.perf_counter()
    for pdf in sorted(records.glob("*.pdf")):
        subprocess.run(["pdftotext", str(pdf), "/dev/null"], check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        bundle = write_bundle(scratch / "bundle", args.pages, args.documents)
        timings = []
        for run in range(args.runs):
            folder = open_data_folder(scratch / f"data-{run}")
            started = time.perf_counter()
            import_bundle(folder, bundle)
            timings.append(time.perf_counter() - started)
            pages = find_case(folder, "BENCH-1").page_count
            folder.close()
        median = statistics.median(timings)
        print(
            f"import: {pages} pages in {args.documents} PDFs, median {median:.2f} s over {args.runs} runs "
            f"({pages / median:,.0f} pages/s)"
        )
        reference = time_pdftotext(bundle / "records")
        if reference is not None:
            print(
                f"pdftotext alone over the same files: {reference:.2f} s ({pages / reference:,.0f} pages/s); "
                f"import / pdftotext = {median / reference:.2f}x"
            )


if __name__ == "__main__":
    main()
