"""Chronology accuracy on a labelled synthetic corpus, and the time for a 5,000-page case.

Prints document-boundary F1, date-of-service accuracy, provider accuracy and type accuracy
(goals: F1 >= 0.95, dates >= 95 %, provider and type >= 90 %), then the time the service takes
to build a 5,000-page case's chronology from stored page text (goal: under 10 s).

    .venv/bin/python bench/chronology_bench.py [--corpus a|b|demo|all] [--seeds 5] [--pages 5000] [--no-service]

Corpus ``a`` is tests/chronology_corpus.py (written beside the rules, two vocabularies); ``b`` is
tests/chronology_corpus_b.py (written from the shapes of real records, a fifth of its pages read
through OCR); ``demo`` is the demo bundles, imported, scored against labels written by hand from
what their pages say (bench/demo_labels.py).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reviewer_app.domain.chronology import ChronologyEntry, RecordPages, build_chronology
from reviewer_app.domain.providers import is_organisation, parse_person
from tests.chronology_corpus import LabelledRecord, make_corpus, make_ehr_corpus
from tests.chronology_corpus_b import DOB as DOB_B


def _provider_right(entry: ChronologyEntry, label: tuple[str, str] | None) -> bool:
    if label is None:  # no clinician wrote it: nobody may be named, an organisation's name is no person
        return entry.provider is None or is_organisation(entry.provider)
    person = parse_person(entry.provider) if entry.provider else None
    return person is not None and (person.family, person.given[:1]) == label


def score(records: Sequence[Any], entries: list[ChronologyEntry]) -> dict[str, float]:
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
            providers += _provider_right(entry, document.provider)
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


def report(name: str, results: list[dict[str, float]], pages: int) -> dict[str, float]:
    """Print one corpus's figures (the mean over its cases) and return them."""
    mean = {key: sum(r[key] for r in results) / len(results) for key in results[0]}
    documents = int(sum(r["documents"] for r in results))
    print(f"{name}: {len(results)} cases, {documents} documents on {pages} pages")
    print(
        f"  document boundaries: precision {mean['precision']:.3f}, recall {mean['recall']:.3f}, "
        f"F1 {mean['f1']:.3f} (goal >= 0.95)"
    )
    print(f"  date of service exact: {mean['dates']:.1%} (goal >= 95 %)")
    print(f"  provider right:        {mean['providers']:.1%} (goal >= 90 %)")
    print(f"  type right:            {mean['types']:.1%} (goal >= 90 %)")
    if "facilities" in mean:
        print(f"  facility right:        {mean['facilities']:.1%}")
    return mean


def corpus_b(seeds: int, ocr: bool = True, show_misses: bool = False) -> dict[str, float]:
    """Corpus B: the shapes of real case files, a share of the pages read through OCR (cached)."""
    from tests.chronology_corpus_b import make_corpus_b, ocr_pages

    results = []
    pages = scanned = 0
    for seed in range(seeds):
        records = make_corpus_b(seed)
        scanned += ocr_pages(records, ocr_read if ocr else None)
        inputs = [RecordPages(n, f"records/{n:03d}.pdf", r.pages) for n, r in enumerate(records)]
        entries = build_chronology(inputs, births=frozenset({DOB_B}))
        results.append(score(records, entries))
        if show_misses:
            misses(records, entries)
        pages += sum(len(r.pages) for r in records)
    print(f"(corpus B: {scanned} of {pages} pages read through OCR)")
    return report("Corpus B (case files' shapes, OCR'd scans)", results, pages)


def misses(records: Sequence[Any], entries: list[ChronologyEntry]) -> None:
    """Print each labelled document the chronology got wrong, with what it found (to see the shapes missed)."""
    by_start = {(e.record_id, e.first_page - 1): e for e in entries}
    for n, record in enumerate(records):
        for document in record.documents:
            entry = by_start.get((n, document.first))
            if entry is None:
                name = getattr(record, "name", n)
                print(f"  MISSED start rec {name} p{document.first + 1} ({document.type} {document.date})")
                continue
            wrong = []
            if entry.date != document.date:
                wrong.append(f"date {entry.date} != {document.date}")
            if entry.type != document.type:
                wrong.append(f"type {entry.type} != {document.type}")
            if not _provider_right(entry, document.provider):
                wrong.append(f"provider {entry.provider!r} != {document.provider}")
            if wrong:
                print(f"  rec {getattr(record, 'name', n)} p{document.first + 1}: " + "; ".join(wrong))
    truth = {(n, d.first) for n, r in enumerate(records) for d in r.documents}
    for e in entries:
        if (e.record_id, e.first_page - 1) not in truth:
            print(f"  EXTRA start rec {e.record_id} p{e.first_page} ({e.type} {e.date} {e.provider})")


def ocr_read(texts: list[str]) -> list[str]:
    """What Tesseract reads off each text drawn as a slightly rough scan (records.ocr, the import's OCR path)."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    from reviewer_app.records.ocr import ocr_page

    font = ImageFont.truetype(str(Path(__file__).resolve().parent.parent / "resources/fonts/DejaVuSans.ttf"), 26)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for number, text in enumerate(texts):
            image = Image.new("L", (1700, 2200), 255)
            draw = ImageDraw.Draw(image)
            for line_number, line in enumerate(text.split("\n")):
                draw.text((90, 90 + 40 * line_number), line[:110], fill=0, font=font)
            image = image.rotate(0.6, fillcolor=255).filter(ImageFilter.GaussianBlur(0.8))
            path = Path(tmp) / f"scan{number}.pdf"
            image.convert("1", dither=Image.Dither.FLOYDSTEINBERG).save(path, resolution=200)
            out.append(ocr_page(path, 0, dpi=200).text)
    return out


def demo(show_misses: bool = False, ocr: bool = False) -> dict[str, float]:
    """The demo bundles, imported as a physician would, scored against labels written from their pages."""
    import datetime as dt

    from bench.demo_labels import DEMO_LABELS, OCR_LABELS, demo_records
    from reviewer_app.demo.bundles import write_demo_bundles
    from reviewer_app.domain.progress import SilentProgress
    from reviewer_app.services.chronology import case_chronology
    from reviewer_app.services.data_folder import open_data_folder
    from reviewer_app.services.importing import import_bundle
    from reviewer_app.services.ocr import run_pending_ocr

    results = []
    pages = 0
    with tempfile.TemporaryDirectory() as tmp:
        bundles = write_demo_bundles(Path(tmp) / "bundles", dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
        folder = open_data_folder(Path(tmp) / "data", None)
        try:
            labels = {**DEMO_LABELS, **(OCR_LABELS if ocr else {})}
            case_ids = [import_bundle(folder, bundle).case_id for bundle in bundles]
            if ocr:  # the scanned and faxed records read through Tesseract, as the physician's OCR does
                run_pending_ocr(folder, SilentProgress())
            for case_id in case_ids:
                entries = case_chronology(folder, case_id)
                records, renumbered = demo_records(entries, labels)
                results.append(score(records, renumbered))
                if show_misses:
                    misses(records, renumbered)
                pages += sum(r.pages for r in records)
        finally:
            folder.close()
    which = "all records, the scans OCR'd" if ocr else "text records"
    return report(f"Demo bundles (labelled by hand, {which})", results, pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", choices=("a", "b", "demo", "all"), default="all")
    parser.add_argument("--misses", action="store_true", help="print each labelled document got wrong")
    parser.add_argument("--no-ocr", action="store_true", help="corpus B: use only OCR readings already cached")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--no-service", action="store_true", help="skip the import and the timing through the database")
    args = parser.parse_args()
    if args.corpus in ("a", "all"):
        accuracy(args.seeds)
        accuracy(args.seeds, EHR)
    if args.corpus in ("b", "all"):
        corpus_b(args.seeds, not args.no_ocr, args.misses)
    if args.corpus in ("demo", "all"):
        demo(args.misses)
        if not args.no_ocr:
            demo(args.misses, ocr=True)
    if args.corpus != "all":
        return
    domain_speed(args.pages)
    if not args.no_service:
        service_speed(args.pages)


if __name__ == "__main__":
    main()
