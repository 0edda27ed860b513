"""A 300-document case, built fast: one-page text PDFs with a title, type, provider and date each."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from tests.bundle_builder import BundleSpec

PROVIDERS = ("Coast Imaging", "Valley Orthopaedics", "Bayside Physical Therapy", "Dr. Alan Chu", "Mercy Hospital")
KINDS = ("imaging", "office_visit", "therapy", "procedure", "work_status", "bill")
TITLES = ("MRI report", "Progress note", "PT daily note", "ESI procedure note", "Work status", "Itemised bill")


def one_page_pdf(text: str) -> bytes:
    """A valid one-page PDF saying ``text`` (ASCII), its stream length counted."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
        b"4 0 obj<</Length " + str(len(stream)).encode() + b">>stream\n" + stream + b"\nendstream endobj\n"
        b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def big_case_spec(documents: int = 300, reference: str = "PR-BIG-0300") -> BundleSpec:
    """Document n (from 1): title, type and provider cycle through the lists above, a date per 3 days
    from 2025-01-01 counted backwards, so that the case's order is neither by date nor by title."""
    spec = BundleSpec(files={})
    spec.manifest["case"]["reference"] = reference
    records = []
    start = dt.date(2025, 1, 1)
    for n in range(1, documents + 1):
        path = f"records/{n:03d}.pdf"
        content = one_page_pdf(f"Document {n}")
        spec.files[path] = content
        day = start + dt.timedelta(days=3 * ((n * 37) % documents))
        records.append(
            {
                "path": path,
                "sha256": hashlib.sha256(content).hexdigest(),
                "title": f"{TITLES[n % len(TITLES)]} {n:03d}",
                "kind": KINDS[n % len(KINDS)],
                "provider": PROVIDERS[n % len(PROVIDERS)],
                "date_from": day.isoformat(),
                "date_to": day.isoformat(),
            }
        )
    spec.manifest["records"] = records
    return spec


def write_big_case(target: Path, documents: int = 300) -> Path:
    return big_case_spec(documents).write_folder(target)
