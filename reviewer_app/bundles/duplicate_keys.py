"""JSON objects that give a key twice: Python's json keeps the last silently; a bundle is refused.

``case.json`` with ``"case"`` twice would import whichever came last, while the vendor's own
viewer may show the first. ``json.loads(text, object_pairs_hook=DuplicateKeyHook())`` marks
such objects, and ``duplicate_key_paths`` names every repeated key by its key path.
"""

from __future__ import annotations

from typing import Any


class _ObjectWithDuplicates(dict[str, Any]):
    """A decoded JSON object that named some keys more than once (the last value kept, as json does)."""

    duplicates: list[str]


class DuplicateKeyHook:
    """``object_pairs_hook`` for one ``json.loads``: plain dicts, marked when a key was given twice.

    ``seen_any`` says whether any was, so that a manifest without duplicates (every real one) is
    not walked a second time.
    """

    def __init__(self) -> None:
        self.seen_any = False

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) == len(pairs):
            return result
        self.seen_any = True
        marked = _ObjectWithDuplicates(result)
        seen: set[str] = set()
        marked.duplicates = []
        for key, _value in pairs:
            if key in seen and key not in marked.duplicates:
                marked.duplicates.append(key)
            seen.add(key)
        return marked


def duplicate_key_paths(document: Any) -> list[str]:
    """Key paths (``case.reference``, ``records[2].path``) of every key given twice, in document order."""
    found: list[str] = []
    # Iterative: the decoder already bounds the nesting, but a walk of our own should not recurse.
    pending: list[tuple[Any, str]] = [(document, "")]
    while pending:
        value, path = pending.pop()
        children: list[tuple[Any, str]] = []
        if isinstance(value, dict):
            prefix = f"{path}." if path else ""
            if isinstance(value, _ObjectWithDuplicates):
                found += [f"{prefix}{key}" for key in value.duplicates]
            children = [(child, f"{prefix}{key}") for key, child in value.items()]
        elif isinstance(value, list):
            children = [(child, f"{path}[{index}]") for index, child in enumerate(value)]
        pending += reversed(children)
    return found
