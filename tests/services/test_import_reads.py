"""Import reads each received file once to hash, store and type it; the rest reads the stored copy."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from reviewer_app.domain.case import MediaType, RecordState
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.importing import import_bundle
from tests.bundle_builder import MINIMAL_PDF, BundleSpec

# Every file opened in this process, by path, while a test listens (an audit hook cannot be removed).
_opened: list[str] | None = None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and _opened is not None and isinstance(args[0], str | Path):
        _opened.append(str(args[0]))


sys.addaudithook(_audit)


def test_each_received_file_is_read_once(data_folder: DataFolder, spec: BundleSpec, tmp_path: Path) -> None:
    global _opened
    spec.with_file("records/002-mri.pdf", MINIMAL_PDF)
    bundle = spec.write_folder(tmp_path / "bundle")
    _opened = []
    try:
        import_bundle(data_folder, bundle)
        opened = list(_opened)
    finally:
        _opened = None
    for name in ("records/001-note.txt", "records/002-mri.pdf"):
        received = str(bundle / name)
        # The bundle's SHA-256 check is the copy into the store, and what types it.
        assert opened.count(received) == 1, f"{name} opened {opened.count(received)} times"
    case = find_case(data_folder, "PR-TEST-0001")
    by_path = {r.path: r for r in case.records}
    assert by_path["records/002-mri.pdf"].media_type is MediaType.PDF
    assert by_path["records/001-note.txt"].media_type is MediaType.TEXT
    assert by_path["records/001-note.txt"].state is RecordState.READABLE
    assert by_path["records/001-note.txt"].page_count == 1


def _store_tree(folder: DataFolder) -> list[str]:
    root = folder.store.root
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []


def test_a_refused_bundle_leaves_no_copy_in_the_store(
    data_folder: DataFolder, spec: BundleSpec, tmp_path: Path
) -> None:
    import hashlib

    import pytest

    from reviewer_app.domain.errors import BundleRefused

    spec.with_file("records/002-mri.pdf", MINIMAL_PDF)
    manifest = spec.resolved_manifest()
    manifest["records"][1]["sha256"] = hashlib.sha256(b"another file").hexdigest()
    spec.manifest = manifest
    before = _store_tree(data_folder)
    with pytest.raises(BundleRefused, match="does not match its SHA-256"):
        import_bundle(data_folder, spec.write_folder(tmp_path / "bundle"))
    # The note passed its check and was copied while hashed; the refusal removed that copy too.
    assert _store_tree(data_folder) == before


def test_a_file_already_stored_is_hashed_not_copied_again(data_folder: DataFolder, tmp_path: Path) -> None:
    global _opened
    first = BundleSpec().with_file("records/mri.pdf", MINIMAL_PDF)
    import_bundle(data_folder, first.write_folder(tmp_path / "first"))
    stored = _store_tree(data_folder)
    again = BundleSpec().with_file("records/mri-again.pdf", MINIMAL_PDF)
    again.manifest["case"].update(reference="IME-TEST-0002", service="ime", related_reference="PR-TEST-0001")
    bundle = again.write_folder(tmp_path / "again")
    _opened = []
    try:
        import_bundle(data_folder, bundle)
        opened = list(_opened)
    finally:
        _opened = None
    assert opened.count(str(bundle / "records/mri-again.pdf")) == 1
    assert _store_tree(data_folder) == stored
    assert find_case(data_folder, "IME-TEST-0002").records[0].page_count == 1


def test_the_same_file_twice_in_one_bundle_is_stored_once(
    data_folder: DataFolder, spec: BundleSpec, tmp_path: Path
) -> None:
    spec.with_file("records/002-mri.pdf", MINIMAL_PDF).with_file("records/003-mri-copy.pdf", MINIMAL_PDF)
    import_bundle(data_folder, spec.write_folder(tmp_path / "bundle"))
    case = find_case(data_folder, "PR-TEST-0001")
    assert {r.path: r.page_count for r in case.records} == {
        "records/001-note.txt": 1,
        "records/002-mri.pdf": 1,
        "records/003-mri-copy.pdf": 1,
    }
    stored = [p for p in _store_tree(data_folder) if "/" in p]
    assert not any(".incoming-" in p for p in stored)
    assert "incoming" not in _store_tree(data_folder)


def test_a_copy_that_cannot_be_flushed_undoes_the_whole_import(
    data_folder: DataFolder, spec: BundleSpec, tmp_path: Path, monkeypatch: Any
) -> None:
    import errno
    import os
    import threading

    import pytest

    import reviewer_app.records.store as store_module
    from reviewer_app.domain.errors import ReviewerError

    spec.with_file("records/002-mri.pdf", MINIMAL_PDF).with_file("records/003-fax.txt", b"Fax cover sheet.\n")
    real_fsync, lock, calls = os.fsync, threading.Lock(), [0]

    def full_on_the_second(fd: int) -> None:
        with lock:
            calls[0] += 1
            second = calls[0] == 2
        if second:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(store_module.os, "fsync", full_on_the_second)
    with pytest.raises(ReviewerError, match="is full: nothing was changed"):
        import_bundle(data_folder, spec.write_folder(tmp_path / "bundle"))
    monkeypatch.undo()
    # The other two copies were flushed and named meanwhile; the failed import removed them again.
    assert [p for p in data_folder.store.root.rglob("*") if p.is_file()] == []
