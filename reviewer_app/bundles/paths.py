"""Bundle-relative paths: one spelling per file, and the paths that may not be used at all.

``./records/note.txt``, ``records//note.txt`` and ``records/note.txt/`` name one file; every
check (safety, duplicates, presence, listing) and what is stored and shown use the normalised
spelling, so that one file cannot be listed, stored or shown three times.
"""

from __future__ import annotations

import re


def normalised_bundle_path(path: str) -> str:
    """``path`` in POSIX form without ``.`` parts, empty parts (``//``) or a trailing ``/``.

    Nothing else changes: ``..`` stays for ``unsafe_path_reason`` to refuse, and case is kept
    (records on a case-sensitive disk may differ by case alone).
    """
    return "/".join(part for part in path.split("/") if part not in ("", "."))


def unsafe_path_reason(path: str) -> str | None:
    """Why a bundle-relative path may not be used, or None when it stays inside the bundle."""
    if not path.strip():
        return "is empty"
    if "\\" in path:
        return "must use forward slashes"
    if "\x00" in path:
        return "contains a NUL character"
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path):
        return "is absolute; record paths must be relative to the bundle"
    if ".." in path.split("/"):
        return "contains '..' and would point outside the bundle"
    if not normalised_bundle_path(path):
        return "names the bundle's folder itself, not a file"
    return None
