"""Report figures: building and rendering the draft, signing, verifying (both demo cases, and a long one).

Prints medians over repeated runs; asserts nothing. The physician previews the draft often, so
rendering should feel immediate; signing happens once per case.
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
from reviewer_app.services.cases import find_case
from reviewer_app.services.certificates import create_profile_certificate, profile_certificate
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.report_content import build_report_content
from reviewer_app.signing import sign_pdf, verify_pdf
from tests.reports.demo_findings import IME, PEER_REVIEW, fill_demo_findings

PASSWORD = "benchmark only"


def median_ms(action: Callable[[], object], runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = open_data_folder(Path(scratch) / "data")
        try:
            ensure_demo_cases(folder)
            fill_demo_findings(folder)
            create_profile_certificate(folder, Path(scratch) / "me.p12", PASSWORD)
            p12 = profile_certificate(folder)
            print(f"{'case':<18}{'content':>10}{'render':>10}{'pages':>7}{'sign':>10}{'verify':>10}   (median ms)")
            for reference in (PEER_REVIEW, IME):
                case = find_case(folder, reference)
                content_ms, content = median_ms(lambda c=case: build_report_content(folder, c, draft=True), args.runs)
                render_ms, pdf = median_ms(lambda c=content: render_report(c), args.runs)  # type: ignore[arg-type]
                assert isinstance(pdf, bytes)
                sign_ms, signed = median_ms(
                    lambda p=pdf: sign_pdf(p, p12, PASSWORD, reason="benchmark"), max(3, args.runs // 2)
                )
                assert isinstance(signed, bytes)
                verify_ms, _ = median_ms(lambda s=signed: verify_pdf(s), max(3, args.runs // 2))
                pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page")
                print(
                    f"{reference:<18}{content_ms:>10.1f}{render_ms:>10.1f}{pages:>7}{sign_ms:>10.1f}{verify_ms:>10.1f}"
                )
            print("goal: a draft (content + render) under 1 s, so preview feels immediate; signing under 2 s")
        finally:
            folder.close()


if __name__ == "__main__":
    main()
