"""What the import's progress bar says names the physician's records, never the store's hashes."""

from __future__ import annotations

import re
from pathlib import Path

from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.importing import import_bundle
from tests.bundle_builder import MINIMAL_PDF, BundleSpec


class RecordingProgress:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def report(self, done: int, total: int, message: str) -> None:
        self.messages.append(message)

    def cancelled(self) -> bool:
        return False


def test_reading_text_names_each_record_by_its_path(data_folder: DataFolder, tmp_path: Path) -> None:
    spec = BundleSpec().with_file("records/002-clinic-note.pdf", MINIMAL_PDF)
    progress = RecordingProgress()
    import_bundle(data_folder, spec.write_folder(tmp_path / "bundle"), progress)
    reading = [m for m in progress.messages if m.startswith("Reading text: ")]
    assert reading, progress.messages
    assert not [m for m in progress.messages if re.search(r"[0-9a-f]{64}", m)], progress.messages
    assert {m.removeprefix("Reading text: ") for m in reading} <= set(spec.files)
