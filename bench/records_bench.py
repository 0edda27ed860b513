"""The records panel of a 300-document case: opening the case, sorting, filtering, grouping.

Offscreen, on the synthetic case of tests/ui/big_case.py (one-page PDFs with title, type,
provider and date). Each figure is the median of several runs, the work done plus the repaint
of the window. Asserts nothing. Goal (issue 12): "a 300-document case stays instant", taken as
opening the case under 300 ms and every sort, filter keystroke or grouping under 50 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the synthetic case lives with the tests

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reviewer_app.app import build_main_window
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.importing import import_bundle
from reviewer_app.ui.records_model import Grouping
from tests.ui.big_case import write_big_case

OPEN_GOAL_MS = 300.0
STEP_GOAL_MS = 50.0


def timed(app: QApplication, work: Callable[[], object], runs: int) -> float:
    """Median milliseconds of ``work`` followed by the events and paint it causes."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        app.processEvents()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory(prefix="records-bench-") as scratch:
        data_dir = Path(scratch) / "data"
        folder = open_data_folder(data_dir)
        try:
            import_bundle(folder, write_big_case(Path(scratch) / "bundle", args.documents))
        finally:
            folder.close()
        window = build_main_window(data_dir)
        window.resize(1920, 1080)
        window.show()
        app.processEvents()
        case_id = window.case_list.model.cases()[0].id

        def open_case() -> None:
            window.open_case(case_id)

        opened = timed(app, open_case, args.runs)
        figures = {"open the case (header, records, reader, findings)": (opened, OPEN_GOAL_MS)}
        workspace = window.workspace
        assert workspace is not None
        records = workspace.records
        state = workspace.session.review_state()
        case_records = workspace.case.records

        def refill() -> None:
            records.set_records(case_records, state.by_record, set(), set(), None)

        figures["refill the records list (the panel alone)"] = (timed(app, refill, args.runs), STEP_GOAL_MS)
        figures["fill_records (with review counts, readiness)"] = (
            timed(app, workspace.fill_records, args.runs),
            2 * STEP_GOAL_MS,
        )
        for heading in ("Document", "Dates", "Provider", "Reviewed"):
            orders = iter([Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder] * args.runs)

            def sort(chosen: str = heading, turns: Iterator[Qt.SortOrder] = orders) -> None:
                records.sort_by(chosen, next(turns))  # alternately: sorting again the same way does nothing

            figures[f"sort by {heading}"] = (timed(app, sort, args.runs), STEP_GOAL_MS)
        records.sort_in_case_order()
        words = iter(["b", "ba", "bay", "bays", "baysi", "baysid", "bayside"] * args.runs)
        figures["filter, one keystroke"] = (
            timed(app, lambda: records.set_filter_text(next(words)), args.runs),
            STEP_GOAL_MS,
        )
        records.set_filter_text("")
        for grouping in (Grouping.PROVIDER, Grouping.MONTH):

            def group(chosen: Grouping = grouping) -> None:
                records.set_grouping(chosen)
                records.set_grouping(Grouping.NONE)

            figures[f"group {grouping.value.lower()} and back"] = (timed(app, group, args.runs), 2 * STEP_GOAL_MS)
        window.close()
    print(f"{args.documents} documents, median of {args.runs} runs:")
    for what, (ms, goal) in figures.items():
        print(f"  {what:<52} {ms:8.1f} ms   goal under {goal:.0f} ms: {'met' if ms < goal else 'NOT met'}")


if __name__ == "__main__":
    main()
