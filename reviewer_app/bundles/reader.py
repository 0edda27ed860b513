"""Open a case bundle (zip or folder) and check it against the manifest, all problems at once."""

from __future__ import annotations

import hashlib
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewer_app.bundles.container import describe_size, extract_zip, find_links, list_files, remove_tree
from reviewer_app.bundles.limits import ExtractionLimits, ManifestLimits
from reviewer_app.bundles.manifest import ManifestRecord, parse_manifest_bytes, read_manifest
from reviewer_app.domain.case import CaseDetails
from reviewer_app.domain.errors import BundleRefused
from reviewer_app.domain.progress import Progress, check_cancelled

MANIFEST_NAME = "case.json"
# Left behind by archivers and file browsers; never a record, not worth a warning.
_SYSTEM_LITTER = {".DS_Store", "Thumbs.db", "desktop.ini"}
_HASH_CHUNK = 1024 * 1024

FileHasher = Callable[[Path, str | None, int], tuple[str, int]]
"""Reads a record file once for its SHA-256 and size, given the digest case.json names (None without
one) and the most bytes the file may have: it reads no more than one byte past that, so that a file
over the bundle's cap is refused without being read to its end. The import passes one that copies
the file into the record store in the same read, so that checking a bundle and storing it read each
file once."""


@dataclass(frozen=True)
class BundleRecord:
    """A record file of the bundle, checked and ready to be stored."""

    entry: ManifestRecord
    file: Path
    size: int

    @property
    def title(self) -> str:
        return self.entry.title or Path(self.entry.path).name


@dataclass
class OpenedBundle:
    """A bundle whose container and manifest passed every check.

    ``details`` is None for a bundle without ``case.json``: the physician supplies them.
    """

    name: str
    source: Path
    root: Path
    details: CaseDetails | None
    records: list[BundleRecord]
    warnings: list[str] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)  # as received, unknown keys included
    manifest_sha256: str | None = None

    @property
    def has_manifest(self) -> bool:
        return self.details is not None


@contextmanager
def open_bundle(
    source: Path,
    staging_parent: Path,
    limits: ExtractionLimits,
    progress: Progress,
    hash_file: FileHasher | None = None,
) -> Iterator[OpenedBundle]:
    """Yield the checked bundle; a zip is unpacked into a staging folder removed on exit.

    ``hash_file`` reads each record file for its digest (default: only hash it).
    Raises :class:`BundleRefused` listing every problem found, or ``Cancelled``.
    """
    name = source.name or str(source)
    staging: Path | None = None
    try:
        if source.is_dir():
            links = find_links(source, limits)
            if links:
                raise BundleRefused(name, links)
            container_root = source
        elif source.is_file():
            if not zipfile.is_zipfile(source):
                raise BundleRefused(name, [_not_a_zip_reason(source)])
            staging_parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix="bundle-", dir=staging_parent))
            extract_zip(source, staging, limits, progress)
            container_root = staging
        elif source.exists():
            raise BundleRefused(name, ["it is neither a folder nor a zip archive"])
        else:
            raise BundleRefused(name, ["no such file or folder"])
        yield _check_contents(name, source, container_root, limits, progress, hash_file or hash_only)
    finally:
        if staging is not None:
            remove_tree(staging)


def _not_a_zip_reason(source: Path) -> str:
    try:
        with open(source, "rb") as stream:
            head = stream.read(4)
    except OSError as exc:
        return f"the file cannot be read: {exc.strerror or exc}"
    if head == b"PK\x03\x04":
        return "the zip archive is damaged or incomplete (was the download interrupted?)"
    return "it is neither a folder nor a zip archive"


def _bundle_root(container_root: Path) -> Path:
    """The folder holding case.json: the root, or the single top folder a zipped folder has."""
    if (container_root / MANIFEST_NAME).is_file():
        return container_root
    children = [c for c in container_root.iterdir() if c.name not in _SYSTEM_LITTER and c.name != "__MACOSX"]
    if len(children) == 1 and children[0].is_dir():
        return children[0]
    return container_root


def _check_contents(
    name: str,
    source: Path,
    container_root: Path,
    limits: ExtractionLimits,
    progress: Progress,
    hash_file: FileHasher,
) -> OpenedBundle:
    root = _bundle_root(container_root)
    manifest_file = root / MANIFEST_NAME
    files = [f for f in list_files(root, limits) if not _is_litter(f)]
    if not manifest_file.is_file():
        return _without_manifest(name, source, root, files, limits, progress, hash_file)

    raw = _read_manifest_file(name, manifest_file, ManifestLimits())
    document, problems = parse_manifest_bytes(raw)
    if problems:
        raise BundleRefused(name, problems)
    reading = read_manifest(document)
    problems = list(reading.problems)  # the files are checked too, so that every problem is listed
    warnings = list(reading.warnings)
    records: list[BundleRecord] = []

    named = {r.path for r in reading.records}
    sizes = {r.path: _size_or_zero(root / r.path) for r in reading.records}
    # A folder's files are read in place: refuse by the sizes the file system gives before reading
    # a byte (a 10 GB sparse file costs no disk and minutes to hash), then count while hashing.
    oversized = _over_the_cap(sizes, limits)
    if oversized:
        raise BundleRefused(name, problems + oversized)
    total_bytes = sum(sizes.values()) or 1
    budget = _Budget(limits.max_total_bytes)
    for entry in reading.records:
        check_cancelled(progress)
        path = root / entry.path
        where = f"records[{entry.index}].path"
        if not _stays_inside(root, path):
            problems.append(f"{where}: {entry.path!r} resolves outside the bundle")
            continue
        if not path.is_file():
            problems.append(f"{where}: {entry.path!r} is named in case.json but missing from the bundle")
            continue
        digest, size = _read_counted(name, entry.path, path, entry.sha256, budget, hash_file)
        progress.report(min(budget.used, total_bytes), total_bytes, f"Checking {entry.path}")
        if digest != entry.sha256:
            problems.append(
                f"records[{entry.index}].sha256: {entry.path!r} does not match its SHA-256 in case.json "
                "(the file was changed or damaged in transit)"
            )
            continue
        records.append(BundleRecord(entry=entry, file=path, size=size))
    if problems:
        raise BundleRefused(name, problems)
    for extra in files:
        if extra != MANIFEST_NAME and extra not in named:
            warnings.append(
                f"The file {extra} came in the bundle but is not listed among its records; it was not imported"
            )
    assert reading.details is not None  # no problems means the details were complete
    return OpenedBundle(
        name=name,
        source=source,
        root=root,
        details=reading.details,
        records=records,
        warnings=warnings,
        manifest=document,
        manifest_sha256=hashlib.sha256(raw).hexdigest(),
    )


def _read_manifest_file(name: str, manifest_file: Path, caps: ManifestLimits) -> bytes:
    """case.json's bytes, refused unread when it is larger than any manifest can be."""
    too_large = (
        f"case.json: is larger than the {describe_size(caps.manifest_bytes)} a case manifest may be "
        "(it lists more than any referral holds, or it is not a manifest)"
    )
    try:
        if manifest_file.stat().st_size > caps.manifest_bytes:
            raise BundleRefused(name, [too_large])
        with open(manifest_file, "rb") as stream:
            raw = stream.read(caps.manifest_bytes + 1)  # the file may have grown since
    except OSError as exc:
        raise BundleRefused(name, [f"case.json: cannot be read: {exc.strerror or exc}"]) from None
    if len(raw) > caps.manifest_bytes:
        raise BundleRefused(name, [too_large])
    return raw


def _over_the_cap(sizes: dict[str, int], limits: ExtractionLimits) -> list[str]:
    """Problems for files that, by their size alone, take the bundle past the total cap."""
    cap = describe_size(limits.max_total_bytes)
    single = [
        f"{path}: is {describe_size(size)}, more than the {cap} a bundle may hold"
        for path, size in sizes.items()
        if size > limits.max_total_bytes
    ]
    if single:
        return single
    total = sum(sizes.values())
    if total > limits.max_total_bytes:
        return [f"the bundle's files add up to {describe_size(total)}, more than the {cap} a bundle may hold"]
    return []


def _without_manifest(
    name: str,
    source: Path,
    root: Path,
    files: list[str],
    limits: ExtractionLimits,
    progress: Progress,
    hash_file: FileHasher,
) -> OpenedBundle:
    if not files:
        raise BundleRefused(name, ["it holds no case.json and no record files"])
    oversized = _over_the_cap({relative: _size_or_zero(root / relative) for relative in files}, limits)
    if oversized:
        raise BundleRefused(name, oversized)
    records: list[BundleRecord] = []
    budget = _Budget(limits.max_total_bytes)
    for index, relative in enumerate(files):
        check_cancelled(progress)
        path = root / relative
        digest, size = _read_counted(name, relative, path, None, budget, hash_file)
        progress.report(index + 1, len(files), f"Checking {relative}")
        records.append(BundleRecord(entry=ManifestRecord(path=relative, sha256=digest), file=path, size=size))
    return OpenedBundle(name=name, source=source, root=root, details=None, records=records)


def _is_litter(relative: str) -> bool:
    parts = relative.split("/")
    return parts[0] == "__MACOSX" or parts[-1] in _SYSTEM_LITTER


def _stays_inside(root: Path, path: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False


def _size_or_zero(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


@dataclass
class _Budget:
    """The bytes a bundle's files may still add up to, counted as they are read."""

    cap: int
    used: int = 0


def _read_counted(
    name: str, relative: str, path: Path, expected: str | None, budget: _Budget, hash_file: FileHasher
) -> tuple[str, int]:
    """Read one record file through ``hash_file``, counting its bytes against the bundle's cap."""
    try:
        digest, size = hash_file(path, expected, max(0, budget.cap - budget.used))
    except OSError as exc:
        raise BundleRefused(name, [f"{relative}: cannot be read: {exc.strerror or exc}"]) from None
    budget.used += size
    if budget.used > budget.cap:
        raise BundleRefused(
            name,
            [f"{relative}: the bundle's files add up to more than the {describe_size(budget.cap)} a bundle may hold"],
        )
    return digest, size


def hash_only(path: Path, _expected: str | None, max_bytes: int) -> tuple[str, int]:
    """The SHA-256 and size of the file at ``path``, reading at most one byte past ``max_bytes``."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as stream:
        while size <= max_bytes and (chunk := stream.read(min(_HASH_CHUNK, max_bytes + 1 - size))):
            size += len(chunk)
            digest.update(chunk)
    return digest.hexdigest(), size
