"""The application's log: a rotating file in the data folder, for what users cannot act on.

Log lines carry case references and record ids, never patient names or finding text.
"""

from __future__ import annotations

import errno
import logging
import logging.handlers
import os
import traceback
from pathlib import Path
from types import TracebackType

LOG_NAME = "reviewer.log"


def configure_logging(data_dir: Path) -> Path:
    """Send the application's log to ``data_dir/logs/reviewer.log``; return that path."""
    log_dir = data_dir / "logs"
    log_file = log_dir / LOG_NAME
    root = logging.getLogger("reviewer_app")
    for existing in list(root.handlers):
        if getattr(existing, "reviewer_log", False):
            if getattr(existing, "baseFilename", None) == str(log_file):
                return log_file
            # Another data folder's log (tests open many in one process): close it.
            root.removeHandler(existing)
            existing.close()
    try:
        # The log names cases and records: readable by the physician only, whatever the umask.
        log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
        os.chmod(log_file, 0o600)
    except OSError:
        handler = logging.NullHandler()  # a read-only data folder must not stop the application
    handler.setFormatter(PrivateFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.reviewer_log = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return log_file


class PrivateFormatter(logging.Formatter):
    """Tracebacks with every frame but without the exceptions' messages.

    An exception's message may quote what it failed on (a claimant's name, a line of finding text);
    where it was raised and its type are what a developer needs, and they name no patient.
    """

    def formatException(
        self, ei: tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]
    ) -> str:
        _, exc, _ = ei
        if exc is None:
            return ""
        return "".join(_private_traceback(exc)).rstrip("\n")


def _private_traceback(exc: BaseException, seen: set[int] | None = None) -> list[str]:
    seen = seen if seen is not None else set()
    seen.add(id(exc))
    lines: list[str] = []
    if exc.__cause__ is not None and id(exc.__cause__) not in seen:
        lines += _private_traceback(exc.__cause__, seen)
        lines.append("\nThe above exception was the direct cause of the following exception:\n\n")
    elif exc.__context__ is not None and not exc.__suppress_context__ and id(exc.__context__) not in seen:
        lines += _private_traceback(exc.__context__, seen)
        lines.append("\nDuring handling of the above exception, another exception occurred:\n\n")
    lines.append("Traceback (most recent call last):\n")
    lines += traceback.format_list(traceback.extract_tb(exc.__traceback__))
    kind = type(exc)
    errno_part = f" [errno {exc.errno}]" if isinstance(exc, OSError) and exc.errno is not None else ""
    lines.append(f"{kind.__module__}.{kind.__qualname__}{errno_part} (message withheld: it may name a patient)\n")
    return lines


def write_failure_message(exc: OSError, folder: Path) -> str | None:
    """What to tell the physician when the disk refuses a write in ``folder``; None when it is not that.

    A full disk and a read-only folder are expected failures: the write that failed is undone,
    and nothing saved before it is touched.
    """
    if exc.errno == errno.ENOSPC or exc.errno == getattr(errno, "EDQUOT", None):
        return (
            f"The disk holding the data folder {folder} is full: nothing was changed. "
            "Free some space (or move the data folder) and try again."
        )
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (
            f"The data folder {folder} cannot be written to (it is read-only, or you lack permission): "
            "nothing was changed. Make it writable, or choose another data folder, and try again."
        )
    return None
