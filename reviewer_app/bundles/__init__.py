"""Reading case bundles (bundle-format.md): container safety, manifest validation, hashes.

The reader (zipfile, hashing, the manifest's validator) is loaded on first use: opening a data
folder needs only the limits, and `reviewer cases` should not pay for the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reviewer_app.bundles.limits import ExtractionLimits

if TYPE_CHECKING:
    from reviewer_app.bundles.reader import BundleRecord, OpenedBundle, open_bundle

__all__ = ["BundleRecord", "ExtractionLimits", "OpenedBundle", "open_bundle"]
_FROM_READER = {"BundleRecord", "OpenedBundle", "open_bundle"}


def __getattr__(name: str) -> Any:
    if name in _FROM_READER:
        from reviewer_app.bundles import reader

        return getattr(reader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
