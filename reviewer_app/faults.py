"""Fault injection for the crash tests: kill this process the n-th time a named point is reached.

``REVIEWER_FAULT_KILL_AT=store.file_written:3`` kills the process (SIGKILL, no clean-up of any
kind) the third time the record store writes a file. Without the variable every
:func:`reached` call is a dictionary look-up and nothing else. The tests in ``tests/reliability``
use it to stop a real ``reviewer`` process at chosen points and then inspect the data folder.
"""

from __future__ import annotations

import os
import signal

KILL_AT_ENV = "REVIEWER_FAULT_KILL_AT"

# The points the code reports (kept here so the tests and the documentation name the same ones).
SCHEMA_MIGRATED = "schema.migrated"  # every migration ran, their transaction not yet committed
STORE_FILE_WRITTEN = "store.file_written"  # a file was renamed into place in the record store
IMPORT_FILE_SAVED = "import.file_saved"  # a file's row and pages committed; its case not yet saved
IMPORT_BEFORE_COMMIT = "import.before_commit"  # the case is written, the transaction not yet committed
IMPORT_AFTER_COMMIT = "import.after_commit"  # the transaction committed
FINDINGS_BEFORE_COMMIT = "findings.before_commit"  # answers written, the transaction not yet committed
FINDINGS_AFTER_COMMIT = "findings.after_commit"  # answers committed

_reached: dict[str, int] = {}


def reached(point: str) -> None:
    """Count a pass through ``point``; kill the process when the environment asks for this pass."""
    wanted = os.environ.get(KILL_AT_ENV)
    if not wanted:
        return
    name, _, count = wanted.partition(":")
    if name != point:
        return
    _reached[point] = _reached.get(point, 0) + 1
    if _reached[point] == int(count or 1):
        _kill_now()


def _kill_now() -> None:
    kill = getattr(signal, "SIGKILL", None)
    if kill is not None:
        os.kill(os.getpid(), kill)
    os._exit(137)  # Windows has no SIGKILL; _exit skips every clean-up just the same
