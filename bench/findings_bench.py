"""One saved edit, as the findings panel saves each change: time, transactions and statements.

Goal (issue 5): a saved edit under 10 ms of work, in one transaction, without parsing the forms.
Also times ``check`` (what the readiness list runs after edits). Prints figures; asserts nothing.
Usage: python bench/findings_bench.py [--edits 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import reviewer_app.services.forms as forms_module
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.findings import check_case, get_answers, load_code_set, set_answers
from tests.reports.demo_findings import PEER_REVIEW, fill_demo_findings


class Seen:
    def __init__(self) -> None:
        self.transactions = 0
        self.statements = 0
        self.forms_parsed = 0

    def reset(self) -> None:
        self.transactions = self.statements = self.forms_parsed = 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args()
    seen = Seen()
    real_read = forms_module._read

    def counting_read(path: Path) -> dict[str, object]:
        seen.forms_parsed += 1
        return real_read(path)

    forms_module._read = counting_read  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as scratch:
        folder = open_data_folder(Path(scratch) / "data")
        ensure_demo_cases(folder)
        fill_demo_findings(folder)
        load_code_set()  # the GUI loads the code set at start; it is not part of an edit
        case = find_case(folder, PEER_REVIEW)
        engine = folder.database.engine
        event.listen(engine, "begin", lambda _c: setattr(seen, "transactions", seen.transactions + 1))
        event.listen(engine, "before_cursor_execute", lambda *_a: setattr(seen, "statements", seen.statements + 1))
        field = "q1.svc1.rationale"
        set_answers(folder, case, {field: "Warm-up edit."})
        edits, checks = [], []
        for index in range(args.edits):
            seen.reset()
            started = time.perf_counter()
            set_answers(folder, case, {field: f"Improved after {index + 1} weeks of physical therapy per ODG."})
            edits.append((time.perf_counter() - started) * 1000)
            per_edit = (seen.transactions, seen.statements, seen.forms_parsed)
        for _ in range(max(10, args.edits // 10)):
            seen.reset()
            started = time.perf_counter()
            check_case(folder, case)
            checks.append((time.perf_counter() - started) * 1000)
            per_check = (seen.transactions, seen.statements, seen.forms_parsed)
        panel = []  # what the findings panel does per edit: save, read the answers back, refill the checklist
        for index in range(max(10, args.edits // 10)):
            seen.reset()
            started = time.perf_counter()
            set_answers(folder, case, {field: f"Improved after {index + 1} weeks of therapy per ODG."})
            get_answers(folder, case)
            check_case(folder, case)
            panel.append((time.perf_counter() - started) * 1000)
            per_panel = (seen.transactions, seen.statements, seen.forms_parsed)
        folder.close()
    edits.sort()
    print(
        f"saved edit: median {statistics.median(edits):.2f} ms, p95 {edits[int(len(edits) * 0.95) - 1]:.2f} ms "
        f"over {len(edits)} edits; {per_edit[0]} transaction(s), {per_edit[1]} statements, "
        f"{per_edit[2]} form files parsed per edit (goal: under 10 ms, 1 transaction, 0 parsed)"
    )
    print(
        f"check: median {statistics.median(checks):.2f} ms; {per_check[0]} transaction(s), "
        f"{per_check[1]} statements, {per_check[2]} form files parsed"
    )
    print(
        f"the findings panel's edit (save, answers, check): median {statistics.median(panel):.2f} ms; "
        f"{per_panel[0]} transaction(s), {per_panel[1]} statements, {per_panel[2]} form files parsed"
    )


if __name__ == "__main__":
    main()
