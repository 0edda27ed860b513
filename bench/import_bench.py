"""Import with text extraction and indexing, timed side by side with poppler's pdftotext.

Goal (issues 3 and 5): import at most 1.5x the time pdftotext takes over the same files, one
file after another, measured in the same run just before each import (so that both see the
same machine); beyond that, 1.0x. Prints each run's pair and the median of the ratios;
asserts nothing. Usage: python bench/import_bench.py [--pages 5000] [--scanned 200] [--runs 5] [--conflicts]

``--conflicts`` sets a profile listing conflicts of interest first, so that the import also searches
every page's text for them (issue 14: it must stay within the same goal).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_case_bundle

from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.importing import import_bundle
from reviewer_app.services.profile import update_profile

# Names a physician might list: groups, an insurer, people written the ways records write them.
CONFLICTS = ["Coast Orthopedics", "Example Mutual Insurance", "Alan Chu, MD", "Harbor Imaging Center", "Dr. R. Okafor"]


def pdftotext_seconds(pdfs: list[Path], at_a_time: int) -> float:
    """pdftotext over every file, ``at_a_time`` processes at once."""
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=at_a_time) as pool:
        list(pool.map(lambda p: subprocess.run(["pdftotext", str(p), "/dev/null"], check=False), pdfs))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--scanned", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--conflicts", action="store_true", help="search the pages for the profile's conflicts too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        started = time.perf_counter()
        bundle = write_case_bundle(scratch / "bundle", args.pages, args.scanned)
        print(f"generated {args.pages} text + {args.scanned} scanned pages in {time.perf_counter() - started:.1f} s")
        pdfs = sorted((bundle / "records").glob("*.pdf"))
        imports: list[float] = []
        references: dict[int, list[float]] = {1: [], 2: []}
        ratios: list[float] = []
        have_pdftotext = shutil.which("pdftotext") is not None
        for run in range(args.runs):
            if have_pdftotext:
                for at_a_time, timings in references.items():
                    timings.append(pdftotext_seconds(pdfs, at_a_time))
            folder = open_data_folder(scratch / f"data-{run}")
            folder.text_extractor().start()  # worker processes start with the application, not per import
            if args.conflicts:
                update_profile(folder, {"name": "Bench Reviewer", "conflicts": CONFLICTS})
            started = time.perf_counter()
            import_bundle(folder, bundle)
            imports.append(time.perf_counter() - started)
            pages = find_case(folder, f"BENCH-{args.pages}-{args.scanned}").page_count
            folder.close()
            if have_pdftotext:
                ratios.append(imports[-1] / references[1][-1])
                print(
                    f"run {run + 1}: import {imports[-1]:.2f} s, pdftotext one file after another "
                    f"{references[1][-1]:.2f} s: {ratios[-1]:.2f}x"
                )
        median = statistics.median(imports)
        print(
            f"import (check, store, extract, index): {pages} pages, median {median:.2f} s "
            f"({pages / median:,.0f} pages/s) over {args.runs} runs"
        )
        if not have_pdftotext:
            print("pdftotext (poppler-utils) is not installed: no reference figure")
            return
        for at_a_time, timings in references.items():
            reference = statistics.median(timings)
            how = "one file after another" if at_a_time == 1 else f"{at_a_time} files at a time"
            print(f"pdftotext, {how}, same files: median {reference:.2f} s ({pages / reference:,.0f} pages/s)")
        print(
            f"import / pdftotext one file after another, same run: median {statistics.median(ratios):.2f}x "
            f"(runs {min(ratios):.2f}x to {max(ratios):.2f}x; goal: at most 1.50x, beyond it 1.00x)"
        )


if __name__ == "__main__":
    main()
