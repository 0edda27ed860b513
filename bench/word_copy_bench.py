"""Word copy and live preview figures: the draft as .docx and as PDF from one content (both demo
cases, on a practice letterhead), and one live re-render of the preview (what runs in the background
1.5 s after the physician's last saved answer).

Prints medians over repeated runs; asserts nothing. Usage: python bench/word_copy_bench.py [--runs 10]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reviewer_app.reports import render_report
from reviewer_app.reports.word_report import render_word_draft
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.practice import save_practice
from reviewer_app.services.reporting import draft_content, live_preview_file
from tests.reports.demo_findings import IME, PEER_REVIEW, fill_demo_findings
from tests.reports.practice_fixtures import PRACTICE, practice_logo


def median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        folder = open_data_folder(work / "data")
        try:
            ensure_demo_cases(folder)
            fill_demo_findings(folder)
            save_practice(folder, {**PRACTICE, "logo": str(practice_logo(work / "logo.png"))})
            for reference in (PEER_REVIEW, IME):
                case = find_case(folder, reference)
                content = draft_content(folder, case)
                render_word_draft(content)  # python-docx and ReportLab loaded before timing
                render_report(content)
                word = median_ms(lambda content=content: render_word_draft(content), runs)
                pdf = median_ms(lambda content=content: render_report(content), runs)
                gather = median_ms(lambda case=case: draft_content(folder, case), runs)
                live = median_ms(lambda case=case: live_preview_file(folder, case, 1), runs)
                size = len(render_word_draft(content)) / 1024
                print(
                    f"{reference}: content {gather:.0f} ms; Word copy {word:.0f} ms ({size:.0f} KB); "
                    f"PDF {pdf:.0f} ms; live preview re-render (content + PDF + file) {live:.0f} ms "
                    f"(median of {runs})"
                )
        finally:
            folder.close()


if __name__ == "__main__":
    main()
