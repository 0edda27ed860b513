"""Fault injection for the crash and full-disk tests: kill, or fail, the n-th time a named point is reached.

``REVIEWER_FAULT_KILL_AT=store.file_written:3`` kills the process (SIGKILL, no clean-up of any
kind) the third time the record store writes a file. Without the variable every
:func:`reached` call is a dictionary look-up and nothing else. The tests in ``tests/reliability``
use it to stop a real ``reviewer`` process at chosen points and then inspect the data folder.
``REVIEWER_FAULT_FULL_DISK_AT=sign.output_staged:1`` instead raises ``OSError(ENOSPC)`` there, as
the next write would on a full disk: the full-disk tests reach each step of signing that way
(a real small tmpfs reaches only the steps that happen to need the most space).
"""

from __future__ import annotations

import errno
import os
import signal

KILL_AT_ENV = "REVIEWER_FAULT_KILL_AT"
FULL_DISK_AT_ENV = "REVIEWER_FAULT_FULL_DISK_AT"

# The points the code reports (kept here so the tests and the documentation name the same ones).
SCHEMA_MIGRATED = "schema.migrated"  # every migration ran, their transaction not yet committed
STORE_FILE_WRITTEN = "store.file_written"  # a file was renamed into place in the record store
IMPORT_FILE_SAVED = "import.file_saved"  # a file's row and pages committed; its case not yet saved
IMPORT_BEFORE_COMMIT = "import.before_commit"  # the case is written, the transaction not yet committed
IMPORT_AFTER_COMMIT = "import.after_commit"  # the transaction committed
FINDINGS_BEFORE_COMMIT = "findings.before_commit"  # answers written, the transaction not yet committed
FINDINGS_AFTER_COMMIT = "findings.after_commit"  # answers committed
# Signing, in order (services.signing_journal): each step's files are fsynced before the point.
SIGN_JOURNAL_WRITTEN = "sign.journal_written"  # the journal names the files about to be written
SIGN_ARCHIVE_STAGED = "sign.archive_staged"  # the signed bytes sit in a temporary file in reports/
SIGN_OUTPUT_STAGED = "sign.output_staged"  # ... and in a temporary file beside --out
SIGN_BEFORE_COMMIT = "sign.before_commit"  # row, lock and history event written, not yet committed
SIGN_AFTER_COMMIT = "sign.after_commit"  # committed: the case is signed; no file renamed yet
SIGN_ARCHIVE_PUBLISHED = "sign.archive_published"  # the copy in reports/ is in place
SIGN_OUTPUT_PUBLISHED = "sign.output_published"  # --out is in place; the journal not yet removed
SIGNING_POINTS = (
    SIGN_JOURNAL_WRITTEN,
    SIGN_ARCHIVE_STAGED,
    SIGN_OUTPUT_STAGED,
    SIGN_BEFORE_COMMIT,
    SIGN_AFTER_COMMIT,
    SIGN_ARCHIVE_PUBLISHED,
    SIGN_OUTPUT_PUBLISHED,
)

_reached: dict[str, int] = {}


def reached(point: str) -> None:
    """Count a pass through ``point``; kill the process, or fail as a full disk would, when asked for this pass."""
    if _wanted_now(KILL_AT_ENV, point):
        _kill_now()
    if _wanted_now(FULL_DISK_AT_ENV, point):
        raise OSError(errno.ENOSPC, "No space left on device (injected by REVIEWER_FAULT_FULL_DISK_AT)")


def _wanted_now(variable: str, point: str) -> bool:
    wanted = os.environ.get(variable)
    if not wanted:
        return False
    name, _, count = wanted.partition(":")
    if name != point:
        return False
    key = f"{variable}:{point}"
    _reached[key] = _reached.get(key, 0) + 1
    return _reached[key] == int(count or 1)


def _kill_now() -> None:
    kill = getattr(signal, "SIGKILL", None)
    if kill is not None:
        os.kill(os.getpid(), kill)
    os._exit(137)  # Windows has no SIGKILL; _exit skips every clean-up just the same
