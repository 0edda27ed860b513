"""Report figures: building and rendering the draft, signing, verifying (both demo cases), and the
draft and signature of a long case (``--pages``, 5,000 by default, a tenth of them duplicate copies).

Prints medians over repeated runs; asserts nothing. The physician previews the draft often, so
rendering should feel immediate; signing happens once per case. Usage:
python bench/report_bench.py [--runs 10] [--pages 5000] (``--pages 0`` leaves the long case out)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_case_bundle

from reviewer_app.reports import render_report
from reviewer_app.services.cases import find_case
from reviewer_app.services.certificates import create_profile_certificate, profile_certificate
from reviewer_app.services.chronology import case_chronology
from reviewer_app.services.data_folder import DataFolder, open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.importing import import_bundle
from reviewer_app.services.report_content import build_report_content
from reviewer_app.services.reporting import draft_report, sign_report
from reviewer_app.signing import sign_pdf, verify_pdf
from tests.reports.demo_findings import IME, PEER_REVIEW, fill_demo_findings, fill_from_template_examples

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
    parser.add_argument("--pages", type=int, default=5000, help="pages of the long case (0: leave it out)")
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
            if args.pages:
                long_case(folder, Path(scratch), args.pages, args.runs, p12)
            print("goal: a draft (content + render) under 1 s, so preview feels immediate; signing under 2 s")
        finally:
            folder.close()


def long_bundle(scratch: Path, pages: int) -> tuple[Path, str]:
    """A bundle of ``pages`` pages: nine tenths in text PDFs, the rest copies of some of them
    (received twice from two providers, as happens), so that duplicate pages are counted."""
    documents = 50
    unique = pages - pages // 10
    bundle = write_case_bundle(scratch / "long-bundle", unique, 0, documents=documents)
    manifest = json.loads((bundle / "case.json").read_text(encoding="utf-8"))
    per_document = max(1, unique // documents)
    for number in range(max(0, round((pages - unique) / per_document))):
        copy = bundle / "records" / f"{number:04d}-copy.pdf"
        shutil.copyfile(bundle / "records" / f"{number:04d}-note.pdf", copy)
        sha256 = hashlib.sha256(copy.read_bytes()).hexdigest()
        manifest["records"].append({"path": f"records/{copy.name}", "sha256": sha256})
    (bundle / "case.json").write_text(json.dumps(manifest), encoding="utf-8")
    return bundle, manifest["case"]["reference"]


def long_case(folder: DataFolder, scratch: Path, pages: int, runs: int, p12: bytes) -> None:
    """Draft (as the GUI's preview and ``reviewer report`` make it) and signature of a long case."""
    started = time.perf_counter()
    bundle, reference = long_bundle(scratch, pages)
    import_bundle(folder, bundle)
    fill_from_template_examples(folder, reference)
    case = find_case(folder, reference)
    print(f"long case: {case.page_count} pages imported and answered in {time.perf_counter() - started:.1f} s")
    # The first draft reads every page's text once for the chronology ("Records reviewed") and keeps
    # each file's documents; every later draft assembles the chronology from what was kept.
    first_ms, _ = median_ms(lambda: draft_report(folder, find_case(folder, reference)), 1)
    chronology_ms, _ = median_ms(lambda: case_chronology(folder, find_case(folder, reference).id), 3)
    # As `reviewer report` in a new process finds it: duplicate counts kept in the data folder only.
    again_ms, _ = median_ms(lambda: _forget_counts_in_memory() or draft_report(folder, find_case(folder, reference)), 3)
    # As the GUI's preview finds it: the open case's duplicate counter has already run.
    open_ms, _ = median_ms(lambda: draft_report(folder, find_case(folder, reference)), max(3, runs // 2))
    # Signing locks the case: it is timed once.
    sign_ms, _ = median_ms(
        lambda: sign_report(
            folder, find_case(folder, reference), scratch / "long-signed.pdf", password=PASSWORD, p12=p12
        ),
        1,
    )
    print(f"{reference}, {case.page_count} pages (ms):")
    print(f"  first draft after import (duplicate pages counted, chronology read from the text): {first_ms:>8.0f}")
    print(f"  the chronology again, from each file's kept documents: {chronology_ms:>8.0f}")
    print(f"  draft again, counts read from the data folder (a new process): {again_ms:>8.0f}")
    print(f"  draft of the open case (counts in memory, as the preview finds them): {open_ms:>8.0f}")
    print(f"  sign (check, render, sign, verify, store): {sign_ms:>8.0f}")


def _forget_counts_in_memory() -> None:
    try:
        from reviewer_app.services import review
    except ImportError:
        return
    counted = getattr(review, "_counted", None)  # absent before duplicate counts were kept
    if counted is not None:
        counted.clear()


if __name__ == "__main__":
    main()
