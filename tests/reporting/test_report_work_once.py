"""Drafts and the signature reuse work already done: duplicate pages counted once per state of the
case's pages (also across processes), the form and answers loaded once per signature.

What is counted here are calls, not seconds: bench/report_bench.py prints the times.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from reviewer_app.services import report_content, reporting, review
from reviewer_app.services.cases import find_case
from reviewer_app.services.certificates import create_profile_certificate, profile_certificate
from reviewer_app.services.data_folder import DataFolder, open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.importing import import_bundle
from reviewer_app.services.report_content import build_report_content
from reviewer_app.services.reporting import draft_report, sign_report
from reviewer_app.storage.pages import PageRepository
from tests.bundle_builder import BundleSpec
from tests.records.test_repair import clinic_pdf
from tests.reports.demo_findings import PEER_REVIEW, fill_demo_findings

PASSWORD = "signing password 1"


class Calls:
    """Wraps a module's function and counts the calls made through it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> None:
        self.count = 0
        original: Callable[..., Any] = getattr(module, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("work-once")
    folder = open_data_folder(root / "data")
    ensure_demo_cases(folder)
    fill_demo_findings(folder)
    create_profile_certificate(folder, root / "me.p12", PASSWORD)
    folder.close()
    yield root / "data"


def expected_duplicates(folder: DataFolder, case_id: int) -> int:
    """The duplicate pages as counted from scratch, with nothing kept."""
    with folder.database.transaction() as session:
        fingerprints = PageRepository(session).fingerprints(case_id)
    return sum(len(group) - 1 for group in review.group_duplicates(fingerprints, review.stored_texts(folder)))


def test_drafts_and_the_signature_count_duplicate_pages_once(demo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = open_data_folder(demo_dir)
    try:
        case = find_case(folder, PEER_REVIEW)
        counted_from_scratch = expected_duplicates(folder, case.id)
        grouping = Calls(monkeypatch, review, "group_duplicates")
        first = build_report_content(folder, case, draft=True)
        draft_report(folder, case)
        draft_report(folder, case)
        assert grouping.count == 1
        assert first.page_counts.duplicates == counted_from_scratch

        # A new process (another `reviewer report`) finds the counts kept in the data folder.
        folder.close()
        folder = open_data_folder(demo_dir)
        again = build_report_content(folder, find_case(folder, PEER_REVIEW), draft=True)
        assert grouping.count == 1
        assert again.page_counts == first.page_counts

        template_loads = Calls(monkeypatch, reporting, "findings_template")
        content_template_loads = Calls(monkeypatch, report_content, "findings_template")
        answer_loads = Calls(monkeypatch, reporting, "get_answers")
        content_answer_loads = Calls(monkeypatch, report_content, "get_answers")
        p12 = profile_certificate(folder)
        outcome = sign_report(
            folder, find_case(folder, PEER_REVIEW), demo_dir.parent / "signed.pdf", password=PASSWORD, p12=p12
        )
        assert outcome.check.valid
        assert grouping.count == 1, "signing reuses the counts the drafts made"
        # The report and the stored answers come from one snapshot; `check` loads its own (services.findings).
        assert template_loads.count + content_template_loads.count == 1
        assert answer_loads.count + content_answer_loads.count == 1
    finally:
        folder.close()


def test_new_pages_are_counted_again_and_a_damaged_kept_count_is_recounted(
    data_folder: DataFolder, tmp_path: Path
) -> None:
    note = clinic_pdf()
    import_bundle(data_folder, BundleSpec(files={"records/001-a.pdf": note}).write_folder(tmp_path / "one"))
    case = find_case(data_folder, "PR-TEST-0001")
    assert build_report_content(data_folder, case, draft=True).page_counts.duplicates == 0

    # The same three pages arrive again from another provider: three duplicates now.
    second = BundleSpec(files={"records/001-a.pdf": note, "records/002-b.pdf": note})
    import_bundle(data_folder, second.write_folder(tmp_path / "two"), as_new_version=True)
    case = find_case(data_folder, "PR-TEST-0001")
    assert build_report_content(data_folder, case, draft=True).page_counts.duplicates == 3
    assert expected_duplicates(data_folder, case.id) == 3

    # A kept count that cannot be read is counted again, never trusted or fatal.
    kept = data_folder.path / "duplicates" / f"case-{case.id}.json"
    assert kept.is_file() and "clinic" not in kept.read_text("utf-8"), "page numbers only, never text"
    kept.write_text('{"pages": "garbage', encoding="utf-8")
    reopened = open_data_folder(data_folder.path)
    try:
        content = build_report_content(reopened, find_case(reopened, "PR-TEST-0001"), draft=True)
        assert content.page_counts.duplicates == 3
    finally:
        reopened.close()
