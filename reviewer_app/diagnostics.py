"""The application's log: a rotating file in the data folder, for what users cannot act on.

Log lines carry case references and record ids, never patient names or finding text.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

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
        log_dir.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()  # a read-only data folder must not stop the application
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.reviewer_log = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return log_file
