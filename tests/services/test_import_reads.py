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


def test_each_received_file_is_read_once_after_the_bundle_check(
    data_folder: DataFolder, spec: BundleSpec, tmp_path: Path
) -> None:
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
        # Once for the bundle's SHA-256 check, once for the copy that hashes and types it.
        assert opened.count(received) == 2, f"{name} opened {opened.count(received)} times"
    case = find_case(data_folder, "PR-TEST-0001")
    by_path = {r.path: r for r in case.records}
    assert by_path["records/002-mri.pdf"].media_type is MediaType.PDF
    assert by_path["records/001-note.txt"].media_type is MediaType.TEXT
    assert by_path["records/001-note.txt"].state is RecordState.READABLE
    assert by_path["records/001-note.txt"].page_count == 1
