"""Damaged PDFs that PDFium refuses are repaired by qpdf into a viewable copy, the original kept.

The damaged files are made here: a ReportLab PDF, then corrupted as files get damaged in
transit (trailer cut off, header mangled, garbage in the middle that moves every object the
cross-reference table points to). Each test first checks that PDFium really refuses the file.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen import canvas

from reviewer_app.cli import main
from reviewer_app.domain.case import RecordState
from reviewer_app.domain.progress import SilentProgress
from reviewer_app.records.repair import RepairFailed, repair_pdf
from reviewer_app.records.text_extraction import ExtractionJob, TextExtractor
from reviewer_app.services.data_folder import open_data_folder
from tests.bundle_builder import BundleSpec
from tests.conftest import REAL_PDFS

PAGES = ("Clinic note: lumbar strain", "Physical therapy evaluation", "MRI lumbar spine impression")


def clinic_pdf() -> bytes:
    output = io.BytesIO()
    pdf = canvas.Canvas(output, invariant=1, pageCompression=0)
    for text in PAGES:
        pdf.drawString(72, 700, text)
        pdf.showPage()
    pdf.save()
    return output.getvalue()


def cut_trailer(data: bytes) -> bytes:
    """The transfer stopped just after the word "trailer"."""
    return data[: data.rindex(b"trailer") + len(b"trailer")]


def mangled_header(data: bytes) -> bytes:
    return b"%PDX-1.4" + data[8:]


def garbage_in_the_middle(data: bytes) -> bytes:
    """Noise inserted halfway (every later object moves, the offsets point nowhere), trailer lost."""
    middle = len(data) // 2
    damaged = data[:middle] + b"\x00\xff\x13 line noise \x37\x00" * 40 + data[middle:]
    return damaged[: damaged.rindex(b"trailer")]


def wrong_offsets_and_no_trailer(data: bytes) -> bytes:
    """Every cross-reference offset off by seven bytes, and the trailer gone."""
    xref = data.index(b"\nxref\n")
    shifted = re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m.group(1)) + 7), data[xref:])
    return (data[:xref] + shifted)[: (data[:xref] + shifted).rindex(b"trailer")]


DAMAGES: dict[str, Callable[[bytes], bytes]] = {
    "trailer cut off": cut_trailer,
    "header mangled": mangled_header,
    "garbage in the middle": garbage_in_the_middle,
    "xref offsets wrong, no trailer": wrong_offsets_and_no_trailer,
}


def pdfium_refuses(data: bytes) -> bool:
    try:
        pdfium.PdfDocument(data).close()
    except pdfium.PdfiumError:
        return True
    return False


def pdfium_page_texts(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range().strip() for page in document]
    finally:
        document.close()


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_pdf_pdfium_refuses_is_repaired_with_every_page(damage: str, tmp_path: Path) -> None:
    damaged = DAMAGES[damage](clinic_pdf())
    assert pdfium_refuses(damaged), "the test file must be one PDFium cannot open"
    path = tmp_path / "note.pdf"
    path.write_bytes(damaged)

    repaired = repair_pdf(path)

    assert pdfium_page_texts(repaired) == list(PAGES)
    assert repair_pdf(path) == repaired, "the same damaged file gives the same copy: it is stored once"
    assert path.read_bytes() == damaged, "the original is left as received"


@pytest.mark.parametrize("data", [b"%PDF-", b"\x00" * 400, b"%PDF-1.4\n" + b"garbage " * 50], ids=repr)
def test_what_no_tool_can_read_is_refused_in_words(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "fuzz.pdf"
    path.write_bytes(data)
    with pytest.raises(RepairFailed, match="too damaged to repair"):
        repair_pdf(path)


def test_the_text_reader_marks_repaired_files_and_leaves_hopeless_ones_unreadable(tmp_path: Path) -> None:
    files = {name: function(clinic_pdf()) for name, function in DAMAGES.items()}
    files["hopeless"] = b"%PDF-1.4\n" + b"garbage " * 50
    files["intact"] = clinic_pdf()
    jobs = []
    for number, (name, data) in enumerate(files.items()):
        path = tmp_path / f"{number}.pdf"
        path.write_bytes(data)
        jobs.append(ExtractionJob(key=name, pdf_path=path))
    with TextExtractor(workers=2) as extractor:
        results = {result.key: result for result in extractor.extract(jobs, SilentProgress())}

    for name in DAMAGES:
        result = results[name]
        assert result.state is RecordState.REPAIRED, (name, result.detail)
        assert result.needs_repaired_copy
        assert "repaired copy" in result.detail and "original is kept" in result.detail
        assert [page.text.strip() for page in result.pages] == list(PAGES)
    assert results["hopeless"].state is RecordState.UNREADABLE
    assert results["hopeless"].detail == "damaged PDF (data format error)"
    assert results["intact"].state is RecordState.READABLE and not results["intact"].needs_repaired_copy


def test_an_imported_damaged_pdf_shows_as_repaired_with_its_original_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = cut_trailer(clinic_pdf())
    bundle = BundleSpec(files={"records/001-clinic.pdf": damaged}).write_folder(tmp_path / "bundle")
    data_dir = tmp_path / "data"
    assert main(["--data-dir", str(data_dir), "import", str(bundle)]) == 0
    capsys.readouterr()

    assert main(["--data-dir", str(data_dir), "show", "PR-TEST-0001", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)["records"][0]
    assert record["state"] == "repaired"
    assert record["pages"] == 3
    assert "repaired copy" in record["state_detail"]
    assert record["viewable_sha256"] not in (None, record["sha256"]), "the viewer gets the repaired copy"
    folder = open_data_folder(data_dir)
    try:
        assert folder.store.path_for(record["sha256"]).read_bytes() == damaged, "the original is kept as received"
        viewable = folder.store.path_for(record["viewable_sha256"]).read_bytes()
        assert pdfium_page_texts(viewable) == list(PAGES)
    finally:
        folder.close()

    assert main(["--data-dir", str(data_dir), "show", "PR-TEST-0001"]) == 0
    assert "Repaired (damaged file, shown from a repaired copy)" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "search", "PR-TEST-0001", "therapy", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert [(hit["record"], hit["page"]) for hit in hits] == [("records/001-clinic.pdf", 2)]


# The real-world corpus (the shared one, else its synthetic stand-in with the same oddities): which of its
# files PDFium refuses and qpdf repairs.
REPAIRABLE_REAL = {"bad-direct-root.pdf": 1}  # trailer /Root is a direct object; PDFium refuses it
HOPELESS_REAL = ("bad1.pdf", "issue-141a.pdf", "issue-335b.pdf")  # fuzz files: nothing to recover


def test_real_damaged_pdfs_become_readable_where_qpdf_can_rebuild_them(tmp_path: Path) -> None:
    manifest = {entry["file"]: entry for entry in json.loads((REAL_PDFS / "manifest.json").read_text("utf-8"))}
    jobs = [ExtractionJob(key=name, pdf_path=REAL_PDFS / name) for name in (*REPAIRABLE_REAL, *HOPELESS_REAL)]
    with TextExtractor(workers=2) as extractor:
        results = {result.key: result for result in extractor.extract(jobs, SilentProgress())}
    for name, pages in REPAIRABLE_REAL.items():
        assert manifest[name]["pages"] is None, "poppler cannot open it either"
        assert pdfium_refuses((REAL_PDFS / name).read_bytes())
        assert results[name].needs_repaired_copy
        assert results[name].state in (RecordState.REPAIRED, RecordState.NEEDS_OCR)
        assert len(results[name].pages) == pages
        assert len(pdfium_page_texts(repair_pdf(REAL_PDFS / name))) == pages
    for name in HOPELESS_REAL:
        assert results[name].state is RecordState.UNREADABLE, name
        with pytest.raises(RepairFailed):
            repair_pdf(REAL_PDFS / name)
