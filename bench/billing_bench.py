"""Billing against the records on a labelled synthetic corpus, and the time for a 5,000-page case.

Prints the planted mismatches found of those planted (goal: all), the false "not documented" on
lines the records document (goal: 0), precision and recall of each status, then the time the
service takes on a 5,000-page case from stored page text (the chronology included; goal: the
chronology's, under 10 s, and seconds more at most).

    .venv/bin/python bench/billing_bench.py [--seeds 5] [--pages 5000] [--no-service]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reviewer_app.domain.bill_reading import billing_against_records
from reviewer_app.domain.billing import STATUSES, BillingResult
from reviewer_app.domain.billing_providers import same_provider
from reviewer_app.domain.chronology import RecordPages, build_chronology
from tests.billing_corpus import BILLERS, LabelledCase, make_corpus


def judged(case: LabelledCase) -> list[BillingResult]:
    records = [(n, f"records/{n:03d}.pdf", pages) for n, pages in enumerate(case.records)]
    entries = build_chronology([RecordPages(n, path, pages) for n, path, pages in records])
    return billing_against_records(records, entries, case.manifest_billing, case.injury)


def score(cases: list[LabelledCase]) -> dict[str, object]:
    """Each label matched to the result on its date, code and provider; the confusion of statuses."""
    pairs: list[tuple[str, str]] = []  # (truth, found)
    for case in cases:
        results = judged(case)
        lines = [r for r in results if r.line is not None]
        used: set[int] = set()
        for label in case.lines:
            biller = BILLERS[label.biller]
            match = next(
                (
                    n
                    for n, r in enumerate(lines)
                    if n not in used
                    and r.line is not None
                    and r.line.date == label.date
                    and r.line.code == label.code
                    and any(same_provider(x, y) for x in r.line.names for y in (biller.facility, biller.person))
                ),
                None,
            )
            if match is None:
                pairs.append((label.status, "missing"))
                continue
            used.add(match)
            pairs.append((label.status, lines[match].status))
        pairs += [("extra line", lines[n].status) for n in range(len(lines)) if n not in used]
        unbilled = {(e.record_id, e.first_page - 1) for r in results if r.status == "not_billed" for e in r.encounters}
        truth = set(case.not_billed)
        pairs += [("not_billed", "not_billed" if t in unbilled else "missing") for t in truth]
        pairs += [("billed or not care", "not_billed") for _ in unbilled - truth]
    return {"pairs": pairs}


def report(seeds: int, other: bool = False, ocr: bool = False) -> None:
    cases = [case for seed in range(seeds) for case in make_corpus(seed, 4, other, ocr)]
    pages = sum(len(p) for c in cases for p in c.records)
    pairs: list[tuple[str, str]] = score(cases)["pairs"]  # type: ignore[assignment]
    planted = [(t, f) for t, f in pairs if t not in ("documented", "extra line", "billed or not care")]
    found = sum(1 for t, f in planted if t == f)
    documented_lines = [(t, f) for t, f in pairs if t in ("documented", "units_differ", "code_differs")]
    false_missing = sum(1 for _, f in documented_lines if f == "not_documented")
    family = (
        "a second family: flowsheets, codes with modifiers, a ledger" if other else "notes, CMS-1500, UB-04, statements"
    )
    family += "; scanned, codes slipped by OCR" if ocr else ""
    print(
        f"Labelled billing corpus ({family}): {len(cases)} cases on {pages:,} pages, "
        f"{len(pairs)} labelled lines and visits"
    )
    print(f"  planted mismatches found: {found} of {len(planted)} (goal: all)")
    print(f"  false 'not documented' on documented lines: {false_missing} (goal: 0)")
    for status in STATUSES:
        truly = sum(1 for t, _ in pairs if t == status)
        said = sum(1 for _, f in pairs if f == status)
        right = sum(1 for t, f in pairs if t == f == status)
        precision = right / said if said else 1.0
        recall = right / truly if truly else 1.0
        print(f"  {status:<15} precision {precision:6.1%}  recall {recall:6.1%}  ({right} of {truly}; said {said})")
    wrong = [(t, f) for t, f in pairs if t != f]
    if wrong:
        counts: dict[tuple[str, str], int] = {}
        for pair in wrong:
            counts[pair] = counts.get(pair, 0) + 1
        print("  confusions (truth -> found): " + "; ".join(f"{t} -> {f}: {n}" for (t, f), n in sorted(counts.items())))


def service_speed(page_goal: int) -> None:
    """Import a case of ``page_goal`` pages (visits and bills), then time services.billing.case_billing on it."""
    from reviewer_app.services.billing import case_billing
    from reviewer_app.services.chronology import case_chronology
    from reviewer_app.services.data_folder import open_data_folder
    from reviewer_app.services.importing import import_bundle
    from tests.bundle_builder import BundleSpec
    from tests.pdf_corpus import text_pdf

    records: list[list[str]] = []
    billing: list[dict[str, object]] = []
    seed = 500
    while sum(len(r) for r in records) < page_goal:
        for case in make_corpus(seed, 4):
            records += case.records
            billing += case.manifest_billing
        seed += 1
    with tempfile.TemporaryDirectory() as tmp:
        spec = BundleSpec(files={})
        for n, pages in enumerate(records):
            spec.with_file(f"records/{n:03d}.pdf", text_pdf([page.split("\n") for page in pages]))
        spec.manifest["billing"] = [{k: v for k, v in line.items() if k != "date_to"} for line in billing]
        bundle = spec.write_folder(Path(tmp) / "bundle")
        folder = open_data_folder(Path(tmp) / "data", None)
        try:
            imported = import_bundle(folder, bundle)
            started = time.perf_counter()
            case_chronology(folder, imported.case_id)
            chronology = time.perf_counter() - started
            started = time.perf_counter()
            reconciled = case_billing(folder, imported.case_id)
            took = time.perf_counter() - started
        finally:
            folder.close()
    count = sum(len(r) for r in records)
    lines = sum(1 for r in reconciled.results if r.line is not None)
    print(
        f"Billing of a {count:,}-page case from the database (services.billing, chronology included): {took:.2f} s "
        f"for {lines:,} billed lines (the chronology alone {chronology:.2f} s; goal < 10 s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--no-service", action="store_true", help="skip the import and the timing through the database")
    args = parser.parse_args()
    report(args.seeds)
    report(args.seeds, other=True)
    report(args.seeds, other=True, ocr=True)
    if not args.no_service:
        service_speed(args.pages)


if __name__ == "__main__":
    main()
