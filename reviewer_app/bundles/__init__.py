"""Reading case bundles (bundle-format.md): container safety, manifest validation, hashes."""

from reviewer_app.bundles.limits import ExtractionLimits
from reviewer_app.bundles.reader import BundleRecord, OpenedBundle, open_bundle

__all__ = ["BundleRecord", "ExtractionLimits", "OpenedBundle", "open_bundle"]
