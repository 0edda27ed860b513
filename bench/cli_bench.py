"""Command-line start: the wall time of `reviewer cases` and `reviewer show CASE` on the demo cases.

Each command runs in a fresh process, as a script calls it, from the interpreter's start to its exit.
Prints the median and the fastest run, the CPU time (less sensitive to a busy machine than the
wall clock), the heavy libraries each command loaded, and with --importtime the slowest imports
(`python -X importtime`). Asserts nothing. Goal (issue): both under 0.5 s.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reviewer_app.demo import demo_references
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.demo import ensure_demo_cases

GOAL_S = 0.5
# What a command that lists or shows cases should never load.
HEAVY = ("PySide6", "reportlab", "pyhanko", "pypdfium2", "pikepdf", "alembic", "PIL")


def reviewer(data_dir: Path, *args: str, importtime: bool = False) -> tuple[float, float, str]:
    """Run ``reviewer ARGS``; return wall seconds, CPU seconds (user + system) and stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            *(["-X", "importtime"] if importtime else []),
            "-m",
            "reviewer_app",
            "--data-dir",
            str(data_dir),
            *args,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"reviewer {' '.join(args)} failed: {done.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stderr


def imports(stderr: str) -> list[tuple[int, str]]:
    """(cumulative microseconds, module) of each top-level import in ``-X importtime`` output."""
    found = []
    for line in stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\s*)(\S+)", line)
        if match and not match.group(2):
            found.append((int(match.group(1)), match.group(3)))
    return sorted(found, reverse=True)


def heavy_loaded(stderr: str) -> list[str]:
    loaded = {m.group(1).split(".")[0] for m in re.finditer(r"\| +(\S+)$", stderr, re.MULTILINE)}
    return [name for name in HEAVY if name in loaded]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--importtime", action="store_true", help="also list the slowest top-level imports")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = Path(scratch) / "data"
        folder = open_data_folder(data_dir)
        try:
            ensure_demo_cases(folder)
        finally:
            folder.close()
        reference = demo_references()[0][1]
        print(f"load average {os.getloadavg()[0]:.2f} (figures skew above 0.5 on 2 cores)")
        print(f"{'command':<34}{'median':>9}{'fastest':>9}{'cpu':>9}   goal < {GOAL_S} s")
        for command in (["cases"], ["show", reference], ["cases", "--json"], ["show", reference, "--json"]):
            reviewer(data_dir, *command)  # warm the file system cache
            runs = [reviewer(data_dir, *command) for _ in range(args.runs)]
            walls = [wall for wall, _, _ in runs]
            cpus = [cpu for _, cpu, _ in runs]
            print(
                f"reviewer {' '.join(command):<25}{statistics.median(walls):>8.3f}s{min(walls):>8.3f}s"
                f"{statistics.median(cpus):>8.3f}s"
            )
        for command in (["cases"], ["show", reference]):
            _, _, stderr = reviewer(data_dir, *command, importtime=True)
            heavy = heavy_loaded(stderr)
            print(f"reviewer {command[0]} loads: {', '.join(heavy) if heavy else 'none of ' + ', '.join(HEAVY)}")
            if args.importtime:
                for micros, module in imports(stderr)[:8]:
                    print(f"    {micros / 1000:7.1f} ms  {module}")


if __name__ == "__main__":
    main()
