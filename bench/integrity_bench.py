"""Integrity and backup figures on a data folder holding a long case (``--pages``, 5,000 by default):
``PRAGMA quick_check``, the permission check, the rolling backup (SQLite's backup API) and
checking every record file's SHA-256.

Decides where the database check runs (every command, or the window and the commands that write).
Prints medians; asserts nothing. Usage: python bench/integrity_bench.py [--runs 5] [--pages 5000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_case_bundle

from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.importing import import_bundle
from reviewer_app.services.private_folder import make_private
from reviewer_app.services.record_integrity import record_file_problems
from reviewer_app.storage.backup import integrity_problems, take_backup
from reviewer_app.storage.database import DATABASE_FILE


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        bundle = write_case_bundle(root / "bundle", args.pages, 0)
        folder = open_data_folder(root / "data")
        try:
            result = import_bundle(folder, bundle)
            case = find_case(folder, result.reference)
            database = folder.path / DATABASE_FILE
            size_mb = database.stat().st_size / 1e6
            print(f"database with a {args.pages:,}-page case: {size_mb:.1f} MB")
            print(f"PRAGMA quick_check: {median_ms(lambda: integrity_problems(database), args.runs):.0f} ms")
            print(f"rolling backup: {median_ms(lambda: take_backup(database, folder.path), args.runs):.0f} ms")
            files = sum(1 for p in folder.path.rglob("*"))
            walk = median_ms(lambda: make_private(folder.path, reading=True), args.runs)
            print(f"permission check of the data folder's {files:,} files and folders: {walk:.0f} ms")
            opening = median_ms(lambda: open_data_folder(folder.path, reading=True).close(), args.runs)
            print(f"opening the data folder to read (permissions, quick_check included): {opening:.0f} ms")
            hashing = median_ms(lambda: record_file_problems(folder, case), args.runs)
            print(f"SHA-256 of the case's {len(case.records)} record files: {hashing:.0f} ms")
        finally:
            folder.close()


if __name__ == "__main__":
    main()
