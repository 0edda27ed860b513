"""Builds synthetic case bundles for tests: a valid manifest to start from, then break what a test needs."""

from __future__ import annotations

import copy
import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# A minimal text PDF (one page, "Progress note"), written by hand so tests need no generator.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 44>>stream\nBT /F1 12 Tf 72 720 Td (Progress note) Tj ET\nendstream endobj\n"
    b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def base_manifest() -> dict[str, Any]:
    """A complete, valid manifest with one text record and two questions."""
    return {
        "format": "reviewer-case-bundle",
        "format_version": 1,
        "case": {
            "reference": "PR-TEST-0001",
            "vendor": {"name": "Test Review Services", "contact": "qa@example.test"},
            "service": "peer_review",
            "line_of_business": "workers_comp",
            "jurisdiction": "CA",
            "specialty_requested": "Orthopaedic Surgery",
            "received_at": "2026-11-20T14:03:00-08:00",
            "due_at": "2026-11-23T17:00:00-08:00",
        },
        "claimant": {
            "name": {"given": "Łukasz", "family": "Dvořák-Nguyễn"},
            "date_of_birth": "1978-03-14",
            "claim_number": "WC-00-000001",
            "date_of_injury": "2025-06-14",
        },
        "requested_services": [
            {"id": "svc1", "description": "Lumbar ESI L4-5", "code": "62323", "code_system": "CPT", "quantity": 1}
        ],
        "questions": [
            {
                "id": "q1",
                "text": "Is the requested L4-5 ESI medically necessary?",
                "topic": "necessity",
                "services": ["svc1"],
            },
            {"id": "q2", "text": "Is the radiculopathy causally related to the injury?", "topic": "causation"},
        ],
        "records": [],
    }


@dataclass
class BundleSpec:
    """A bundle to write: manifest plus files (path -> bytes); records are listed with hashes."""

    manifest: dict[str, Any] = field(default_factory=base_manifest)
    files: dict[str, bytes] = field(
        default_factory=lambda: {"records/001-note.txt": b"Progress note: low back pain.\n"}
    )
    list_files: bool = True  # add every file to manifest["records"] with its SHA-256

    def with_file(self, path: str, content: bytes, listed: bool = True) -> BundleSpec:
        self.files[path] = content
        if not listed:
            self.unlisted.add(path)
        return self

    unlisted: set[str] = field(default_factory=set)

    def resolved_manifest(self) -> dict[str, Any]:
        manifest = copy.deepcopy(self.manifest)
        if self.list_files and not manifest.get("records"):
            manifest["records"] = [
                {"path": path, "sha256": hashlib.sha256(content).hexdigest(), "title": Path(path).stem}
                for path, content in sorted(self.files.items())
                if path not in self.unlisted
            ]
        return manifest

    def write_folder(self, target: Path, manifest_bytes: bytes | None = None) -> Path:
        target.mkdir(parents=True, exist_ok=True)
        for path, content in self.files.items():
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            (target / path).write_bytes(content)
        if manifest_bytes is None:
            manifest_bytes = json.dumps(self.resolved_manifest(), ensure_ascii=False, indent=1).encode("utf-8")
        (target / "case.json").write_bytes(manifest_bytes)
        return target

    def write_zip(self, target: Path, top_folder: str | None = None, manifest_bytes: bytes | None = None) -> Path:
        prefix = f"{top_folder}/" if top_folder else ""
        if manifest_bytes is None:
            manifest_bytes = json.dumps(self.resolved_manifest(), ensure_ascii=False).encode("utf-8")
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(prefix + "case.json", manifest_bytes)
            for path, content in self.files.items():
                archive.writestr(prefix + path, content)
        return target


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every record file and the cases in a data folder, to compare before and after."""
    files = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative.startswith("records/"):
            files[relative] = path.read_bytes()
    return files
