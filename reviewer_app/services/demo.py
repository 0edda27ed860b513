"""The demo cases: generated from text in resources/ and imported when absent."""

from __future__ import annotations

import tempfile
from pathlib import Path

from reviewer_app.domain.errors import CaseAlreadyImported
from reviewer_app.domain.progress import Progress, SilentProgress, check_cancelled
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.importing import import_bundle
from reviewer_app.storage.repositories import CaseRepository


def ensure_demo_cases(folder: DataFolder, progress: Progress | None = None) -> list[str]:
    """Import the demo peer review and the IME that follows it, unless present; return new references."""
    # The demo's renderers (ReportLab, Pillow) load only when the demo is asked for.
    from reviewer_app.demo import demo_references, write_demo_bundles

    progress = progress or SilentProgress()
    with folder.database.transaction() as session:
        repository = CaseRepository(session)
        if all(repository.find(vendor, reference) is not None for vendor, reference in demo_references()):
            return []  # nothing to render: the demo cases are there already
    progress.report(0, 1, "Preparing the demo cases")
    imported: list[str] = []
    folder.staging_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="demo-", dir=folder.staging_dir) as scratch:
        bundles = write_demo_bundles(Path(scratch), folder.clock())
        for bundle in bundles:
            check_cancelled(progress, "Opening the demo cases")
            try:
                result = import_bundle(folder, bundle, progress)
            except CaseAlreadyImported:
                continue
            imported.append(result.reference)
    return imported
