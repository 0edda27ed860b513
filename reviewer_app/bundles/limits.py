"""Caps that keep a hostile or broken bundle from filling the disk."""

from __future__ import annotations

from dataclasses import dataclass

GIB = 1024**3
MIB = 1024**2


@dataclass(frozen=True)
class ExtractionLimits:
    """Zip-bomb caps, enforced while extracting (bundle-format.md: 4 GiB total, 200:1 per entry)."""

    max_total_bytes: int = 4 * GIB
    max_ratio: float = 200.0
    # A file this small cannot fill a disk, and tiny text files legitimately compress beyond 200:1.
    ratio_floor_bytes: int = 1 * MIB
    max_entries: int = 100_000
