"""Assembling the demo bundles: render each record, hash it, write the manifest."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path, PurePosixPath

from reviewer_app.demo import markup
from reviewer_app.demo.fonts import FontSet, load_fonts
from reviewer_app.demo.manifest import build_manifest, dump
from reviewer_app.demo.render_fax import render_fax_tiff, render_scanned_pdf
from reviewer_app.demo.render_pdf import render_text_pdf
from reviewer_app.demo.sources import (
    CASE_NAMES,
    CaseSource,
    RenderSpec,
    load_case,
    load_senders,
    read_record_text,
)


def demo_references() -> list[tuple[str, str]]:
    """(vendor, reference) of each demo case, read from its source without rendering anything."""
    senders = load_senders()
    cases = [load_case(name, senders) for name in CASE_NAMES]
    return [(str(c.manifest["case"].get("vendor", {}).get("name", "")), c.reference) for c in cases]


def write_demo_bundles(out_dir: Path, now: dt.datetime) -> list[Path]:
    """Write the demo bundles as folders under out_dir; return [peer_review_folder, ime_folder].

    Each folder is named after its case reference and holds ``case.json`` and
    ``records/``. Received and due dates (and the IME's exam) are set relative to
    ``now``, which must be timezone-aware; everything else is the same on every run,
    byte for byte. Files already in ``out_dir`` with the same names are overwritten.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    fonts = load_fonts()
    senders = load_senders()
    # Records with the same render spec share bytes: the IME carries one document
    # of the peer review unchanged, as vendors do when they resend a file.
    rendered: dict[RenderSpec, bytes] = {}
    folders = []
    for name in CASE_NAMES:
        case = load_case(name, senders)
        folders.append(_write_bundle(case, Path(out_dir), now, fonts, rendered))
    return folders


def _write_bundle(
    case: CaseSource,
    out_dir: Path,
    now: dt.datetime,
    fonts: FontSet,
    rendered: dict[RenderSpec, bytes],
) -> Path:
    folder = out_dir / case.reference
    folder.mkdir(parents=True, exist_ok=True)
    hashes: dict[str, str] = {}
    for record in case.records:
        path = str(record.entry["path"])
        relative = PurePosixPath(path)
        if relative.is_absolute() or ".." in relative.parts:
            raise ValueError(f"{case.name}: record path {path!r} must stay inside the bundle")
        data = rendered.get(record.render)
        if data is None:
            data = render_record(record.render, fonts)
            rendered[record.render] = data
        target = folder.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        hashes[path] = hashlib.sha256(data).hexdigest()
    (folder / "case.json").write_bytes(dump(build_manifest(case, now, hashes)))
    return folder


def render_record(spec: RenderSpec, fonts: FontSet) -> bytes:
    """The bytes of one record file, rendered from its text source."""
    text = read_record_text(spec.source)
    if spec.type == "text":
        return text.encode("utf-8")
    blocks = markup.parse(text)
    if spec.type == "pdf":
        return render_text_pdf(blocks, spec, fonts)
    if spec.type == "scan":
        return render_scanned_pdf(blocks, spec, fonts)
    if spec.type == "tiff":
        return render_fax_tiff(blocks, spec, fonts)
    raise ValueError(f"{spec.source}: unknown render type {spec.type!r}")
