"""Missing records: precision and recall on a labelled corpus of planted missing and planted present studies.

Each case's notes mention studies and visits (mixed date formats, plans, births and injuries among
them); some are held (a report of their own under varied titles, a day off, a faxed copy), the rest
planted missing. Prints precision (of the items listed, how many were truly missing), recall (of
the planted missing, how many were listed) and the time per case, then what went wrong.

Then the cost the conflicts-of-interest search adds to an import: the profile's conflicts searched
for in 5,000 pages of chronology-corpus text (compare with the import's own seconds, bench/import_bench.py).

    .venv/bin/python bench/missing_records_bench.py [--cases 200] [--show 10] [--pages 5000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reviewer_app.domain.case import CaseDetails, Claimant, PersonName, Service, Vendor
from reviewer_app.domain.chronology import RecordPages, build_chronology
from reviewer_app.domain.missing_records import missing_from_chronology
from reviewer_app.services.conflicts import find_conflicts
from tests.chronology_corpus import make_corpus
from tests.missing_records_corpus import LabelledCase, corpus

BENCH_CONFLICTS = [
    "Coast Orthopedics",
    "Example Mutual Insurance",
    "Alan Chu, MD",
    "Harbor Imaging Center",
    "R. Okafor",
]


def evaluate(cases: list[LabelledCase], show: int = 0) -> tuple[float, float, float]:
    """Precision, recall and seconds per case over the corpus; the first ``show`` mistakes printed."""
    listed = hits = planted = 0
    mistakes: list[str] = []
    started = time.perf_counter()
    for number, case in enumerate(cases):
        births = frozenset({case.birth})
        entries = build_chronology(case.records, births=births)
        found = missing_from_chronology(case.records, entries, frozenset({case.birth, case.injury}))
        got = {(m.kind, m.date) for m in found}
        listed += len(got)
        planted += len(case.missing)
        hits += len(got & case.missing)
        for kind, day in sorted(got - case.missing):
            held = "held" if (kind, day) in case.present else "not planted"
            sentence = next(m.first.sentence for m in found if (m.kind, m.date) == (kind, day))
            mistakes.append(f"case {number}: listed {kind} {day} ({held}): {sentence[:100]}")
        for kind, day in sorted(case.missing - got):
            mistakes.append(f"case {number}: not listed {kind} {day}")
    seconds = (time.perf_counter() - started) / max(1, len(cases))
    for line in mistakes[:show]:
        print("  " + line)
    precision = hits / listed if listed else 1.0
    recall = hits / planted if planted else 1.0
    return precision, recall, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--show", type=int, default=10, help="mistakes to print")
    parser.add_argument("--pages", type=int, default=5000, help="pages searched for conflicts of interest")
    args = parser.parse_args()
    cases = corpus(args.cases)
    planted = sum(len(c.missing) for c in cases)
    present = sum(len(c.present) for c in cases)
    precision, recall, seconds = evaluate(cases, args.show)
    print(f"missing records: {len(cases)} cases, {planted} planted missing, {present} planted present")
    print(f"precision {precision:.3f}  recall {recall:.3f}  ({seconds * 1000:.1f} ms a case)  {dt.date.today()}")
    conflict_search(args.pages)
    long_case(args.pages)


def long_case(pages: int) -> None:
    """Time the missing-records search over a long case's text (the chronology it needs timed apart)."""
    records: list[RecordPages] = []
    seed = 0
    while sum(len(r.texts) for r in records) < pages:
        for labelled in make_corpus(seed, 20):
            records.append(RecordPages(len(records), f"records/{len(records):03d}.pdf", labelled.pages))
        for case in corpus(seed + 1)[seed:]:  # the labelled notes among them, so that mentions are there
            for record in case.records:
                records.append(RecordPages(len(records), f"records/{len(records):03d}.pdf", record.texts))
        seed += 1
    count = sum(len(r.texts) for r in records)
    started = time.perf_counter()
    entries = build_chronology(records)
    chronology = time.perf_counter() - started
    started = time.perf_counter()
    found = missing_from_chronology(records, entries)
    missing = time.perf_counter() - started
    print(
        f"long case: {count:,} pages, {len(entries):,} documents: chronology {chronology:.2f} s, "
        f"then missing records {missing:.2f} s ({len(found)} listed)"
    )


def conflict_search(pages: int) -> None:
    """Time the import's search of every page for the profile's conflicts."""
    texts: list[str] = []
    seed = 0
    while len(texts) < pages:
        texts += [t for record in make_corpus(seed, 20) for t in record.pages]
        seed += 1
    texts = texts[:pages]
    details = CaseDetails("BENCH", Vendor("Bench Review"), Service.PEER_REVIEW, Claimant(PersonName("A", "B")))
    started = time.perf_counter()
    found = find_conflicts(BENCH_CONFLICTS, details, [("records/bench.pdf", texts)])
    elapsed = time.perf_counter() - started
    print(
        f"conflicts search: {len(BENCH_CONFLICTS)} conflicts over {len(texts)} pages "
        f"({sum(map(len, texts)) / 1e6:.1f} MB of text) in {elapsed * 1000:.0f} ms; {len(found)} match(es)"
    )


if __name__ == "__main__":
    main()
