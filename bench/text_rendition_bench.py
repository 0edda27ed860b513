"""The viewable PDF of a large plain-text record (issue #11): time and peak RSS of ``text_file_to_pdf``.

Generates a text file of typed notes (``--mb`` megabytes, 1,100 by default: past the rendition's
10,000-page cap, so its reading stops there) and converts it in a process of its own, whose peak
RSS is printed beside the time, the pages and the PDF's size; asserts nothing.
Usage: python bench/text_rendition_bench.py [--mb 1100]
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WORDS = ["patient", "reports", "low", "back", "pain", "lumbar", "spine", "therapy", "MRI", "disc", "improving"]


def write_notes(path: Path, megabytes: int) -> None:
    rng = random.Random(1)
    lines = "".join(" ".join(rng.choice(WORDS) for _ in range(12))[:86] + "\n" for _ in range(10_000))
    block = lines.encode("utf-8")
    with open(path, "wb") as out:
        for _ in range(megabytes * 1_000_000 // len(block) + 1):
            out.write(block)


def convert(path: Path) -> None:
    from reviewer_app.records.renditions import text_file_to_pdf

    started = time.perf_counter()
    pdf = text_file_to_pdf(path)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page") - 1
    size = path.stat().st_size / 1e6
    print(f"{size:.0f} MB of text: {seconds:.1f} s, {pages} pages, PDF {len(pdf) / 1e6:.1f} MB, peak RSS {peak:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=1100)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)  # the child process's side
    args = parser.parse_args()
    if args.file:
        convert(args.file)
        return
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "notes.txt"
        write_notes(path, args.mb)
        subprocess.run([sys.executable, __file__, "--file", str(path)], check=True)
    print("goal: memory bounded whatever the file's size (a few hundred MB at the 10,000-page cap)")


if __name__ == "__main__":
    main()
