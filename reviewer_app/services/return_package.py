"""The return package for the vendor: signed report, findings, records reviewed, and a manifest of hashes.

Layout (docs/return-package.md): ``report.pdf`` (the latest signed report), earlier signed reports
as ``report-1.pdf`` ... when there were addenda, ``findings.json`` (exactly what ``reviewer findings
export`` prints, so ``findings set`` takes it back), ``records-reviewed.json`` and ``manifest.json``
(case reference, form id and version, each file's SHA-256 and size).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from reviewer_app import __version__
from reviewer_app.domain.audit import AuditKind
from reviewer_app.domain.case import Case, CaseStatus
from reviewer_app.domain.errors import InvalidInput, ReviewerError
from reviewer_app.domain.signed_report import latest
from reviewer_app.records.output_files import write_file_atomically
from reviewer_app.services.audit import record_event
from reviewer_app.services.chronology import case_chronology, chronology_csv
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.findings import findings_template, get_answers
from reviewer_app.services.record_integrity import record_file_problems
from reviewer_app.services.reporting import signed_report_bytes, signed_reports
from reviewer_app.services.review import review_state
from reviewer_app.storage.repositories import CaseRepository

PACKAGE_FORMAT = "reviewer-return-package/1"
# A fixed time for every member keeps the same package byte-identical when written again.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def export_return_package(folder: DataFolder, case: Case, out: Path) -> str:
    """Write the return package to ``out``; returns its SHA-256. The case must have a signed report."""
    reports = signed_reports(folder, case)
    last = latest(reports)
    if last is None:
        raise ReviewerError(
            f"Case {case.reference} has no signed report yet; sign it first (`reviewer sign` or Report › Sign)."
        )
    missing = record_file_problems(folder, case)
    if missing:
        raise InvalidInput(
            f"The return package of {case.reference} was not written: its records do not match:", missing
        )
    files: dict[str, bytes] = {"report.pdf": signed_report_bytes(folder, last)}
    for earlier in reports:
        if earlier.number != last.number:
            files[f"report-{earlier.number}.pdf"] = signed_report_bytes(folder, earlier)
    answers = get_answers(folder, case)
    files["findings.json"] = _json(answers)
    files["records-reviewed.json"] = _json(records_reviewed(folder, case))
    entries = case_chronology(folder, case.id)
    files["chronology.json"] = _json([entry.to_json() for entry in entries])
    files["chronology.csv"] = chronology_csv(entries).encode("utf-8")
    template = findings_template(folder, case)
    manifest: dict[str, Any] = {
        "format": PACKAGE_FORMAT,
        "case": {"reference": case.reference, "vendor": case.details.vendor.name, "service": case.details.service},
        "form": {"id": template.form.id, "version": template.form.version},
        "report": {"sha256": last.sha256, "signed_at": last.signed_at.isoformat(), "signer": last.signer},
        "application": f"reviewer {__version__}",
        "files": [
            {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in sorted(files.items())
        ],
    }
    package = _zip({**files, "manifest.json": _json(manifest)})
    write_file_atomically(out, package)
    sha256 = hashlib.sha256(package).hexdigest()
    with folder.database.transaction() as session:
        CaseRepository(session).set_status(case.id, CaseStatus.RETURNED)
    record_event(folder, case, AuditKind.RETURN_EXPORTED, {"sha256": sha256})
    return sha256


def records_reviewed(folder: DataFolder, case: Case) -> dict[str, Any]:
    """Every record with its pages received and reviewed, and the case's totals."""
    state = review_state(folder, case.id)
    records = []
    for number, record in enumerate(case.records, start=1):
        progress = state.by_record.get(record.id) if record.id is not None else None
        records.append(
            {
                "number": number,
                "path": record.path,
                "title": record.title,
                "provider": record.provider,
                "dates": record.dates_label,
                "pages": record.page_count,
                "pages_reviewed": progress.reviewed if progress else 0,
                "sha256": record.sha256,
                "version": record.version,
            }
        )
    counts = state.counts
    return {
        "records": records,
        "totals": {"received": counts.received, "duplicates": counts.duplicates, "reviewed": counts.reviewed},
    }


def _json(document: Any) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
