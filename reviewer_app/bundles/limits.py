"""Caps that keep a hostile or broken bundle from filling the disk or stalling the application.

Every cap is far above what a real referral holds (thousands of records, hundreds of questions
of a few KB each); docs/bundle-limits.md lists them with the reasons.
"""

from __future__ import annotations

from dataclasses import dataclass

GIB = 1024**3
MIB = 1024**2


@dataclass(frozen=True)
class ExtractionLimits:
    """Size caps of a bundle's files, zip or folder (bundle-format.md: 4 GiB total, 200:1 per zip entry).

    They are enforced while extracting or hashing, byte by byte, not only from the sizes a zip's
    directory or the file system claims.
    """

    max_total_bytes: int = 4 * GIB
    max_ratio: float = 200.0
    # A file this small cannot fill a disk, and tiny text files legitimately compress beyond 200:1.
    ratio_floor_bytes: int = 1 * MIB
    # case.json is repetitive JSON text (billing lines, a long letter of instructions) that deflate
    # shrinks far beyond 200:1; it is capped on its own (ManifestLimits.manifest_bytes), so the one
    # manifest of a zip may unpack to this much whatever its ratio.
    manifest_floor_bytes: int = 16 * MIB
    max_entries: int = 100_000
    # Folders inside folders; a real bundle has two or three levels (records/2025/imaging/).
    max_depth: int = 64


@dataclass(frozen=True)
class ManifestLimits:
    """Caps on what ``case.json`` may hold; a problem names the key path that exceeds one."""

    manifest_bytes: int = 16 * MIB
    depth: int = 32  # the format itself nests 4 deep; extra blocks (claim, parties) a little more
    # Characters per text value, by kind of value.
    short_text: int = 200  # references, ids, codes, names, dates
    text: int = 2_000  # titles, descriptions, providers, employers, paths
    long_text: int = 20_000  # a referral question's text (a few KB in real referrals)
    free_text: int = 100_000  # the referral letter's instructions; any text in the extra blocks
    # Items per list.
    questions: int = 1_000
    requested_services: int = 1_000
    records: int = 20_000
    billing_lines: int = 50_000
    # Integers beyond this lose precision in JavaScript, PostgreSQL's bigint and most tools that read JSON.
    integer: int = 2**53
