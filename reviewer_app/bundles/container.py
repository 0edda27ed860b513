"""Unpack a bundle's container safely: a folder as it is, a zip into a private staging folder.

Every zip entry is checked before a byte is written (links, paths escaping the root,
encryption), and the zip-bomb caps are enforced while extracting, chunk by chunk.
"""

from __future__ import annotations

import os
import shutil
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from reviewer_app.bundles.limits import ExtractionLimits
from reviewer_app.bundles.paths import normalised_bundle_path, unsafe_path_reason
from reviewer_app.domain.errors import BundleRefused
from reviewer_app.domain.progress import Progress, check_cancelled

_CHUNK = 1024 * 1024
_MANIFEST_NAME = "case.json"  # reader.MANIFEST_NAME (the reader imports this module)
_NAME_MAX = 255  # bytes per file or folder name on Linux, macOS and Windows file systems alike


def extract_zip(bundle: Path, target: Path, limits: ExtractionLimits, progress: Progress) -> None:
    """Extract ``bundle`` into the empty folder ``target``, or refuse it listing every problem."""
    name = bundle.name
    try:
        archive = zipfile.ZipFile(bundle)
    except zipfile.BadZipFile:
        raise BundleRefused(name, ["the file is not a readable zip archive (it is damaged or not a zip)"]) from None
    except OSError as exc:
        raise BundleRefused(name, [f"the file cannot be read: {exc.strerror or exc}"]) from None
    with archive:
        entries = archive.infolist()
        _refuse_unsafe_entries(name, entries, limits)
        total_expected = sum(e.file_size for e in entries) or 1
        written_total = 0
        manifest = _manifest_entry(entries)
        for entry in entries:
            check_cancelled(progress)
            destination = target.joinpath(*PurePosixPath(entry.filename).parts)
            try:
                if entry.is_dir():
                    destination.mkdir(parents=True, exist_ok=True)
                    continue
                destination.parent.mkdir(parents=True, exist_ok=True)
                floor = limits.manifest_floor_bytes if entry is manifest else limits.ratio_floor_bytes
                written_total = _extract_entry(
                    archive, entry, destination, written_total, limits, floor, name, progress
                )
            except (FileExistsError, NotADirectoryError, IsADirectoryError):
                raise BundleRefused(
                    name, [f"{entry.filename}: a file and a folder in the bundle share this name"]
                ) from None
            progress.report(min(written_total, total_expected), total_expected, f"Unpacking {entry.filename}")


def _refuse_unsafe_entries(name: str, entries: list[zipfile.ZipInfo], limits: ExtractionLimits) -> None:
    problems: list[str] = []
    if len(entries) > limits.max_entries:
        problems.append(f"the zip holds {len(entries)} entries, more than the {limits.max_entries} allowed")
    for entry in entries:
        entry_name = entry.filename
        if not entry_name.strip("/"):
            # ZipInfo.is_dir() reads the name's last character: an empty name must stop here.
            problems.append(f"an entry with no name{f' ({entry_name!r})' if entry_name else ''} cannot be unpacked")
            continue
        if entry.flag_bits & 0x1:
            problems.append(f"{entry_name}: is encrypted; ask the vendor for a bundle without a zip password")
            continue
        # Unix type and permission bits; many zip writers leave the type bits at zero.
        mode = entry.external_attr >> 16
        if stat.S_ISLNK(mode):
            problems.append(f"{entry_name}: is a symbolic link; links are not allowed in a case bundle")
            continue
        if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            problems.append(f"{entry_name}: is not a regular file (a device or pipe)")
            continue
        if entry.is_dir() and not normalised_bundle_path(entry_name):
            continue  # "./": the folder being unpacked into, nothing to make
        reason = unsafe_path_reason(entry_name)
        if reason:
            problems.append(f"{entry_name}: {reason} (zip slip)")
        elif entry_name.count("/") > limits.max_depth:
            problems.append(f"{entry_name[:80]}…: its folders are nested more than {limits.max_depth} deep")
        elif any(len(part.encode("utf-8", "surrogateescape")) > _NAME_MAX for part in entry_name.split("/")):
            problems.append(f"{entry_name[:80]}…: a name in it is longer than the {_NAME_MAX} bytes file systems allow")
    declared = sum(e.file_size for e in entries)
    if declared > limits.max_total_bytes:
        cap = describe_size(limits.max_total_bytes)
        problems.append(f"it would unpack to {describe_size(declared)}, more than the {cap} allowed")
    if problems:
        raise BundleRefused(name, problems)


def _extract_entry(
    archive: zipfile.ZipFile,
    entry: zipfile.ZipInfo,
    destination: Path,
    written_total: int,
    limits: ExtractionLimits,
    ratio_floor: int,
    name: str,
    progress: Progress,
) -> int:
    # The sizes in the zip's directory are the sender's word; count the bytes really produced.
    entry_cap = max(ratio_floor, int(entry.compress_size * limits.max_ratio))
    written = 0
    try:
        with archive.open(entry) as source, open(destination, "xb") as sink:
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                written_total += len(chunk)
                if written > entry_cap:
                    raise BundleRefused(
                        name,
                        [
                            f"{entry.filename}: unpacks to more than {limits.max_ratio:.0f} times its compressed "
                            "size (a zip bomb)"
                        ],
                    )
                if written_total > limits.max_total_bytes:
                    raise BundleRefused(
                        name,
                        [f"the bundle unpacks to more than {describe_size(limits.max_total_bytes)} (a zip bomb)"],
                    )
                sink.write(chunk)
                if written % (16 * _CHUNK) == 0:
                    check_cancelled(progress)
    except zipfile.BadZipFile as exc:
        raise BundleRefused(name, [f"{entry.filename}: the zip is damaged ({exc})"]) from None
    except (EOFError, zipfile.LargeZipFile, NotImplementedError) as exc:
        raise BundleRefused(name, [f"{entry.filename}: cannot be unpacked ({exc or type(exc).__name__})"]) from None
    except FileExistsError:
        raise BundleRefused(name, [f"{entry.filename}: appears twice in the zip"]) from None
    return written_total


def _manifest_entry(entries: list[zipfile.ZipInfo]) -> zipfile.ZipInfo | None:
    """The entry the reader takes as ``case.json`` (at the top, else in a top folder), if any.

    Only one entry gets the manifest's ratio allowance: a zip of a thousand top folders each
    with a case.json must not unpack to a thousand manifests' worth.
    """
    inside_folder: zipfile.ZipInfo | None = None
    for entry in entries:
        parts = normalised_bundle_path(entry.filename).split("/")
        if entry.is_dir() or parts[-1] != _MANIFEST_NAME:
            continue
        if len(parts) == 1:
            return entry
        if len(parts) == 2 and inside_folder is None:
            inside_folder = entry
    return inside_folder


def describe_size(size: int) -> str:
    """A size as people read it (the caps are configurable, so not always GiB)."""
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} bytes"


def _walk(folder: Path, max_depth: int) -> Iterator[tuple[Path, list[str], list[str]]]:
    """Like ``os.walk(folder)`` (top down, links not followed), but iterative and at most ``max_depth`` deep.

    Python 3.11's os.walk recurses: a bundle of folders nested a thousand deep made it raise
    RecursionError instead of a refusal.
    """
    pending = [(folder, 0)]
    while pending:
        current, depth = pending.pop()
        dirnames: list[str] = []
        filenames: list[str] = []
        try:
            entries = list(os.scandir(current))
        except OSError as exc:
            relative = current.relative_to(folder).as_posix()
            raise BundleRefused(folder.name, [f"{relative}: cannot be read: {exc.strerror or exc}"]) from None
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (dirnames if is_dir else filenames).append(entry.name)
        yield current, dirnames, filenames
        for name in reversed(sorted(dirnames)):
            child = current / name
            if child.is_symlink():
                continue
            if depth + 1 > max_depth:
                relative = child.relative_to(folder).as_posix()
                raise BundleRefused(folder.name, [f"{relative[:80]}…: folders are nested more than {max_depth} deep"])
            pending.append((child, depth + 1))


def find_links(folder: Path, limits: ExtractionLimits) -> list[str]:
    """Relative paths of symbolic links (and other non-regular files) below a bundle folder.

    A folder holding more than ``max_entries`` files and folders is a problem of its own (walking
    millions of them would take minutes before anything is said).
    """
    found: list[str] = []
    seen = 0
    for current, dirnames, filenames in _walk(folder, limits.max_depth):
        seen += len(dirnames) + len(filenames)
        if seen > limits.max_entries:
            return [f"the folder holds more than the {limits.max_entries:,} files and folders a bundle may have"]
        for entry in dirnames + filenames:
            full = Path(current, entry)
            if full.is_symlink():
                found.append(
                    f"{full.relative_to(folder).as_posix()}: is a symbolic link; links are not allowed in a case bundle"
                )
            elif entry in filenames and not full.is_file():
                found.append(f"{full.relative_to(folder).as_posix()}: is not a regular file")
    return sorted(found)


def list_files(folder: Path, limits: ExtractionLimits) -> list[str]:
    """Every regular file below ``folder`` as a bundle-relative POSIX path, sorted (at most ``max_entries``)."""
    files: list[str] = []
    for current, _dirnames, filenames in _walk(folder, limits.max_depth):
        if len(files) + len(filenames) > limits.max_entries:
            raise BundleRefused(folder.name, [f"it holds more than the {limits.max_entries:,} files a bundle may have"])
        for filename in filenames:
            full = Path(current, filename)
            if full.is_file() and not full.is_symlink():
                files.append(full.relative_to(folder).as_posix())
    return sorted(files)


def remove_tree(folder: Path) -> None:
    """Remove a staging folder, whatever state it was left in."""
    shutil.rmtree(folder, ignore_errors=True)
