"""The physician's own libraries (phrases, guideline citations) as JSON files in the data folder.

A file is written whole to a temporary file beside it, flushed to disk and renamed over the old one,
so a crash leaves either the old library or the new one, never half of one.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

LIBRARY_DIR = "libraries"


def library_path(data_dir: Path, name: str) -> Path:
    """Where library ``name`` (e.g. "phrases") is kept: ``<data folder>/libraries/<name>.json``."""
    return data_dir / LIBRARY_DIR / f"{name}.json"


def read_library(path: Path) -> Any | None:
    """The decoded JSON of ``path``, or None when there is no such file; ValueError if it is not JSON."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return json.loads(text)


def write_library(path: Path, data: Any) -> None:
    """Write ``data`` as JSON to ``path`` atomically (temporary file, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=2)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
