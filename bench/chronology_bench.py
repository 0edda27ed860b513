"""Chronology accuracy on a labelled synthetic corpus, and the time for a 5,000-page case.

Prints document-boundary F1, date-of-service accuracy, provider accuracy and type accuracy
(goals: F1 >= 0.95, dates >= 95 %, provider and type >= 90 %), then the time the service takes
to build a 5,000-page case's chronology from stored page text (goal: under 10 s).

    .venv/bin/python bench/chronology_bench.py [--seeds 5] [--pages 5000] [--no-service]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reviewer_app.domain.chronology import ChronologyEntry, RecordPages, build_chronology
from reviewer_app.domain.providers import parse_person
from tests.chronology_corpus import LabelledRecord, make_corpus, make_ehr_corpus


def score(records: list[LabelledRecord], entries: list[ChronologyEntry]) -> dict[str, float]:
    """Boundary precision, recall and F1 (starts after each record's first page), and per-document accuracies."""
    found = {(e.record_id, e.first_page - 1) for e in entries}
    truth = {(n, d.first) for n, r in enumerate(records) for d in r.documents}
    found_inner = {b for b in found if b[1] > 0}
    truth_inner = {b for b in truth if b[1] > 0}
    hits = len(found_inner & truth_inner)
    precision = hits / len(found_inner) if found_inner else 1.0
    recall = hits / len(truth_inner) if truth_inner else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    by_start = {(e.record_id, e.first_page - 1): e for e in entries}
    dates = providers = types = 0
    total = 0
    for n, record in enumerate(records):
        for document in record.documents:
            total += 1
            entry = by_start.get((n, document.first))
            if entry is None:
                continue
            dates += entry.date == document.date
            types += entry.type == document.type
            person = parse_person(entry.provider) if entry.provider else None
            providers += person is not None and (person.family, person.given[:1]) == document.provider
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "dates": dates / total,
        "providers": providers / total,
        "types": types / total,
        "documents": total,
    }


def accuracy(seeds: int, family: str = "scanned and faxed bundles") -> None:
    totals: dict[str, float] = {}
    pages = documents = 0
    for seed in range(seeds):
        records = make_corpus(seed, records=12) if family != EHR else make_ehr_corpus(seed + 100, records=12)
        inputs = [RecordPages(n, f"records/{n:03d}.pdf", r.pages) for n, r in enumerate(records)]
        entries = build_chronology(inputs)
        result = score(records, entries)
        pages += sum(len(r.pages) for r in records)
        documents += int(result["documents"])
        for key, value in result.items():
            totals[key] = totals.get(key, 0.0) + value
    mean = {key: value / seeds for key, value in totals.items()}
    print(f"Labelled corpus ({family}): {seeds} cases, {documents} documents on {pages} pages")
    print(
        f"  document boundaries: precision {mean['precision']:.3f}, recall {mean['recall']:.3f}, "
        f"F1 {mean['f1']:.3f} (goal >= 0.95)"
    )
    print(f"  date of service exact: {mean['dates']:.1%} (goal >= 95 %)")
    print(f"  provider right:        {mean['providers']:.1%} (goal >= 90 %)")
    print(f"  type right:            {mean['types']:.1%} (goal >= 90 %)")


EHR = "an EHR's export, a second vocabulary"


def pages_of(page_goal: int) -> list[LabelledRecord]:
    records: list[LabelledRecord] = []
    seed = 1000
    while sum(len(r.pages) for r in records) < page_goal:
        records += make_corpus(seed, records=10, filler=32)  # ~45 lines a page, as bench/corpus.py
        seed += 1
    return records


def domain_speed(page_goal: int) -> None:
    records = pages_of(page_goal)
    inputs = [RecordPages(n, f"records/{n:03d}.pdf", r.pages) for n, r in enumerate(records)]
    count = sum(len(r.pages) for r in records)
    started = time.perf_counter()
    entries = build_chronology(inputs)
    took = time.perf_counter() - started
    print(f"Chronology of {count:,} pages (text in memory): {took:.2f} s, {len(entries):,} entries")


def service_speed(page_goal: int) -> None:
    """Import a bundle of ``page_goal`` pages, then time services.chronology.case_chronology on it."""
    from reviewer_app.services.chronology import case_chronology
    from reviewer_app.services.data_folder import open_data_folder
    from reviewer_app.services.importing import import_bundle
    from tests.bundle_builder import BundleSpec
    from tests.pdf_corpus import text_pdf

    records = pages_of(page_goal)
    with tempfile.TemporaryDirectory() as tmp:
        spec = BundleSpec(files={})
        for n, record in enumerate(records):
            spec.with_file(f"records/{n:03d}.pdf", text_pdf([page.split("\n") for page in record.pages]))
        bundle = spec.write_folder(Path(tmp) / "bundle")
        folder = open_data_folder(Path(tmp) / "data", None)
        try:
            imported = import_bundle(folder, bundle)
            started, cpu = time.perf_counter(), time.process_time()
            entries = case_chronology(folder, imported.case_id)
            took, took_cpu = time.perf_counter() - started, time.process_time() - cpu
            again = []
            for _ in range(5):  # each file's documents kept: assembled from them, the text digested
                started = time.perf_counter()
                case_chronology(folder, imported.case_id)
                again.append(time.perf_counter() - started)
        finally:
            folder.close()
    count = sum(len(r.pages) for r in records)
    print(
        f"Chronology of a {count:,}-page case from the database (services.chronology): first {took:.2f} s "
        f"({took_cpu:.2f} s CPU; every page read, each file's documents kept), {len(entries):,} entries (goal < 10 s); "
        f"again {statistics.median(again) * 1000:.0f} ms (median of 5, from what was kept)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--no-service", action="store_true", help="skip the import and the timing through the database")
    args = parser.parse_args()
    accuracy(args.seeds)
    accuracy(args.seeds, EHR)
    domain_speed(args.pages)
    if not args.no_service:
        service_speed(args.pages)


if __name__ == "__main__":
    main()
