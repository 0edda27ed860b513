"""Checks over a whole decoded JSON document: nesting depth, text lengths and integer sizes anywhere.

For a manifest, the validator names what it knows by key; these catch what it keeps unread
(unknown keys, the claim, parties and billing blocks), which is stored and later rendered all the
same. The command line applies them to the findings and profile files a physician gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_MAX_REPORTED = 20  # beyond this many, the rest are counted, not listed
_PLAIN_KEY = re.compile(r"^[a-z_][a-z0-9_]*$")


@dataclass(frozen=True)
class DocumentCaps:
    """How deep, how long and how large the values of a JSON document may be."""

    depth: int
    text: int  # characters per text value
    integer: int  # largest magnitude of a whole number
    items: int  # entries per list


def oversized_values(
    document: Any, caps: DocumentCaps, root: str = "case.json", plain_key: re.Pattern[str] = _PLAIN_KEY
) -> dict[str, str]:
    """Key path -> what is wrong, for every value nested too deep, text too long or integer too large.

    A key that ``plain_key`` does not match (for a manifest: empty, spaced, capitalised) cannot be
    written in a key path: the value is reported at its parent, as "holds a value that ...".
    """
    found: dict[str, str] = {}
    more = 0
    # Iterative, so that a hostile depth cannot exhaust Python's stack here.
    pending: list[tuple[str, bool, Any, int]] = [("", False, document, 1)]
    while pending:
        path, inside, value, depth = pending.pop()
        problem: str | None = None
        if isinstance(value, dict | list) and depth > caps.depth:
            problem = f"nested more than {caps.depth} levels deep"
        elif isinstance(value, dict):
            for key, child in value.items():
                if inside or not plain_key.match(key):
                    pending.append((path, True, child, depth + 1))
                else:
                    pending.append((f"{path}.{key}" if path else key, False, child, depth + 1))
        elif isinstance(value, list) and len(value) > caps.items:
            problem = f"a list of {len(value):,} items, more than the {caps.items:,} allowed"
        elif isinstance(value, list):
            pending += [(path if inside else f"{path}[{i}]", inside, child, depth + 1) for i, child in enumerate(value)]
        elif isinstance(value, str) and len(value) > caps.text:
            problem = f"{len(value):,} characters long, more than the {caps.text:,} allowed"
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > caps.integer:
            problem = f"a number too large (more than {caps.integer:,})"
        if problem is None:
            continue
        where = path or root
        if where in found:
            continue
        if len(found) < _MAX_REPORTED:
            found[where] = ("holds a value that is " if inside else "is ") + problem
        else:
            more += 1
    if more:
        found.setdefault(root, f"holds {more:,} more values too long, too large or nested too deeply")
    return found
