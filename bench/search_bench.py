"""Search with snippets for the first 50 hits, over 10,000 indexed pages.

Goal (issue 3): median under 20 ms, 95th percentile under 50 ms. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import WORDS, write_case_bundle

from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.importing import import_bundle
from reviewer_app.services.search import search_records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        bundle = write_case_bundle(scratch / "bundle", args.pages, 0, documents=100)
        folder = open_data_folder(scratch / "data")
        import_bundle(folder, bundle)
        case = find_case(folder, f"BENCH-{args.pages}-0")
        queries = []
        for _ in range(args.queries):
            kind = rng.random()
            if kind < 0.4:
                queries.append(rng.choice(WORDS))
            elif kind < 0.7:
                queries.append(f"{rng.choice(WORDS)} {rng.choice(WORDS)}")
            elif kind < 0.9:
                queries.append(f'"{rng.choice(WORDS)} {rng.choice(WORDS)}"')
            else:
                queries.append(rng.choice(WORDS)[:4] + "*")
        for by_relevance in (False, True):
            timings, hits = [], []
            for query in queries:
                started = time.perf_counter()
                found = search_records(folder, case.id, query, by_relevance=by_relevance, limit=50)
                timings.append((time.perf_counter() - started) * 1000)
                hits.append(len(found))
            timings.sort()
            p95 = timings[int(len(timings) * 0.95) - 1]
            order = "relevance" if by_relevance else "page order"
            print(
                f"search over {case.page_count:,} pages, {order}: median {statistics.median(timings):.1f} ms, "
                f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms (goal: median < 20 ms, p95 < 50 ms); "
                f"mean hits {statistics.mean(hits):.0f}"
            )
        folder.close()


if __name__ == "__main__":
    main()
