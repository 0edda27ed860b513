"""Missing records: precision and recall on a labelled corpus of planted missing and planted present studies.

Each case's notes mention studies and visits (mixed date formats, plans, births and injuries among
them); some are held (a report of their own under varied titles, a day off, a faxed copy), the rest
planted missing. Prints precision (of the items listed, how many were truly missing), recall (of
the planted missing, how many were listed) and the time per case, then what went wrong.

    .venv/bin/python bench/missing_records_bench.py [--cases 200] [--show 10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reviewer_app.domain.chronology import build_chronology
from reviewer_app.domain.missing_records import missing_from_chronology
from tests.missing_records_corpus import LabelledCase, corpus


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
    args = parser.parse_args()
    cases = corpus(args.cases)
    planted = sum(len(c.missing) for c in cases)
    present = sum(len(c.present) for c in cases)
    precision, recall, seconds = evaluate(cases, args.show)
    print(f"missing records: {len(cases)} cases, {planted} planted missing, {present} planted present")
    print(f"precision {precision:.3f}  recall {recall:.3f}  ({seconds * 1000:.1f} ms a case)  {dt.date.today()}")


if __name__ == "__main__":
    main()
