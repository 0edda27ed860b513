"""Checks over a whole decoded manifest: nesting depth, text lengths and integer sizes anywhere.

The validator names what it knows by key; these catch what it keeps unread (unknown keys, the
claim, parties and billing blocks), which is stored and later rendered all the same.
"""

from __future__ import annotations

import re
from typing import Any

from reviewer_app.bundles.limits import ManifestLimits

_MAX_REPORTED = 20  # beyond this many, the rest are counted, not listed
_PLAIN_KEY = re.compile(r"^[a-z_][a-z0-9_]*$")


def oversized_values(document: Any, caps: ManifestLimits) -> dict[str, str]:
    """Key path -> what is wrong, for every value nested too deep, text too long or integer too large.

    A key that cannot be written in a key path (empty, spaced, capitalised) is reported at its
    parent, as "holds a value that ...".
    """
    found: dict[str, str] = {}
    more = 0
    # Iterative, so that a hostile depth cannot exhaust Python's stack here.
    pending: list[tuple[str, bool, Any, int]] = [("", False, document, 1)]
    while pending:
        path, inside, value, depth = pending.pop()
        problem: str | None = None
        if isinstance(value, dict | list) and depth > caps.depth:
            problem = f"nested more than {caps.depth} levels deep; a case manifest never is"
        elif isinstance(value, dict):
            for key, child in value.items():
                if inside or not _PLAIN_KEY.match(key):
                    pending.append((path, True, child, depth + 1))
                else:
                    pending.append((f"{path}.{key}" if path else key, False, child, depth + 1))
        elif isinstance(value, list):
            pending += [(path if inside else f"{path}[{i}]", inside, child, depth + 1) for i, child in enumerate(value)]
        elif isinstance(value, str) and len(value) > caps.free_text:
            problem = f"{len(value):,} characters long, more than the {caps.free_text:,} allowed"
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > caps.integer:
            problem = f"a number too large for a case manifest (more than {caps.integer:,})"
        if problem is None:
            continue
        where = path or "case.json"
        if where in found:
            continue
        if len(found) < _MAX_REPORTED:
            found[where] = ("holds a value that is " if inside else "is ") + problem
        else:
            more += 1
    if more:
        found.setdefault("case.json", f"holds {more:,} more values too long, too large or nested too deeply")
    return found
