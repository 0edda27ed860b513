"""Checking a signed report: the time `verify_pdf` takes on a genuine report and on each forgery.

Builds a synthetic one-page report, signs it through a fresh local authority, makes the forgeries
of tests/signing/forgeries.py and times `verify_pdf` on each (median of --runs, in-process, CPU
and wall), plus the certificate check `sign` makes before signing. Prints the verdict beside the
figures so a change that makes a forgery pass shows here too. Asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reviewer_app.signing import certificate_problems, create_local_ca, issue_signing_certificate, sign_pdf, verify_pdf
from tests.signing.forgeries import (
    look_alike_p12,
    one_page_report,
    with_annotation,
    with_covering_signature,
    with_page_content_changed,
)

NAME = "Dr Example Reviewer"
PASSWORD = "bench password"


def timed(work: Callable[[], object], runs: int) -> tuple[float, float, object]:
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    authority = create_local_ca("Bench Authority")
    p12 = issue_signing_certificate(authority, name=NAME, password=PASSWORD)
    genuine = sign_pdf(one_page_report("Determination: Certify"), p12, PASSWORD, reason="Physician's report")
    look_alike = look_alike_p12(NAME, PASSWORD)
    files = {
        "genuine": genuine,
        "look-alike certificate": sign_pdf(one_page_report("Determination: Denied"), look_alike, PASSWORD, reason="x"),
        "covering 2nd signature": with_covering_signature(genuine, look_alike, PASSWORD),
        "page edited after": with_page_content_changed(genuine),
        "annotation added after": with_annotation(genuine, "NON-CERTIFY"),
    }
    roots = [authority.certificate_pem]
    print(f"verify_pdf, median of {args.runs} runs")
    for label, pdf in files.items():
        wall, cpu, check = timed(lambda pdf=pdf: verify_pdf(pdf, trust_roots=roots), args.runs)
        verdict = "valid" if getattr(check, "valid", False) else "NOT VALID"
        print(f"  {label:<24} {wall * 1000:7.1f} ms wall {cpu * 1000:7.1f} ms CPU  {verdict}")
    for label, candidate in (("own certificate", p12), ("look-alike", look_alike)):
        wall, cpu, problems = timed(
            lambda c=candidate: certificate_problems(c, PASSWORD, trust_roots=roots, name=NAME), args.runs
        )
        count = len(problems) if isinstance(problems, list) else 0
        print(f"  sign's check, {label:<10} {wall * 1000:7.1f} ms wall {cpu * 1000:7.1f} ms CPU  {count} problem(s)")


if __name__ == "__main__":
    main()
