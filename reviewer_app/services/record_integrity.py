"""Record files checked against their SHA-256: a missing or altered file is named and blocks signing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer_app.domain.readiness import ReadinessItem, Target

if TYPE_CHECKING:
    from reviewer_app.domain.case import Case
    from reviewer_app.services.data_folder import DataFolder


def record_file_problems(folder: DataFolder, case: Case, *, read_files: bool = True) -> list[str]:
    """One sentence per record whose stored file (or viewable copy) is missing or not what was received.

    ``read_files`` False only looks for the files (a stat each): for the readiness list the window
    refreshes after every saved answer, where hashing every record would hold it for seconds on a
    big case. Signing, export and ``reviewer check`` read them all.
    """
    problems = []
    for record in case.records:
        if record.purged:
            continue  # its file went on purpose; the signed report keeps what it said
        copies = [("file", record.sha256)]
        if record.viewable_sha256 and record.viewable_sha256 != record.sha256:
            copies.append(("viewable copy", record.viewable_sha256))
        for what, sha256 in copies:
            fault = folder.store.verify(sha256) if read_files else folder.store.presence(sha256)
            if fault is not None:
                problems.append(
                    f"The {what} of record {record.path} is {fault} in the record store "
                    f"({folder.store.path_for(sha256)}): import the case's bundle again with "
                    "`reviewer import BUNDLE --as-new-version`, or restore a backup of the data folder"
                )
    return problems


def record_file_items(folder: DataFolder, case: Case, *, read_files: bool = True) -> list[ReadinessItem]:
    """The readiness items for :func:`record_file_problems`, each blocking."""
    return [
        ReadinessItem(text, True, Target.RECORDS) for text in record_file_problems(folder, case, read_files=read_files)
    ]
