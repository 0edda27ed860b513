"""What import must accept with a warning (bundle-format.md), through the real command line.

The case imports (exit 0), the import prints the warning, and the warning is kept on the case:
``reviewer show CASE --json`` lists it afterwards. Odd record files are stored as received.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from PIL import Image, ImageDraw

from reviewer_app.cli import main
from tests.bundle_builder import MINIMAL_PDF, BundleSpec, snapshot
from tests.conftest import REAL_PDFS

REFERENCE = "PR-TEST-0001"
NOTE = "records/001-note.txt"


@dataclass
class Outcome:
    code: int
    out: str
    err: str


class Cli:
    """Runs ``reviewer --data-dir DATA ...`` in process and captures what it prints."""

    def __init__(self, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.data_dir = data_dir
        self.capsys = capsys

    def __call__(self, *args: str) -> Outcome:
        self.capsys.readouterr()
        code = main(["--data-dir", str(self.data_dir), *args])
        captured = self.capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    def json(self, *args: str) -> Any:
        outcome = self(*args, "--json")
        assert outcome.code == 0, outcome.err
        return json.loads(outcome.out)

    def import_ok(self, bundle: Path) -> Outcome:
        outcome = self("import", str(bundle))
        assert outcome.code == 0, outcome.err
        assert outcome.err == ""
        assert REFERENCE in outcome.out
        return outcome

    def case(self) -> dict[str, Any]:
        return self.json("show", REFERENCE)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data", capsys)


@pytest.fixture
def incoming(tmp_path: Path) -> Path:
    folder = tmp_path / "incoming"
    folder.mkdir()
    return folder


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def records_by_path(case: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["path"]: r for r in case["records"]}


def warnings_naming(case: dict[str, Any], *words: str) -> list[str]:
    return [w for w in case["warnings"] if all(word in w for word in words)]


def assert_stored_as_received(cli: Cli, content: bytes) -> None:
    assert content in cli_stored(cli), "the record's bytes are not in the store as received"


def cli_stored(cli: Cli) -> list[bytes]:
    return list(snapshot(cli.data_dir).values())


def cli_viewable_path(cli: Cli, record: dict[str, Any]) -> Path:
    """The PDF the application shows for a record (the original or a copy it made)."""
    sha = record["viewable_sha256"]
    return cli.data_dir / "records" / sha[:2] / sha


def image_bytes(image_format: str, pages: int = 1, **options: Any) -> bytes:
    """A scanned-looking page (a box and lines, no text layer) in the given format."""
    frames = []
    for number in range(pages):
        page = Image.new("L", (320, 420), 255)
        draw = ImageDraw.Draw(page)
        draw.rectangle((20, 20, 300, 80), outline=0, width=3)
        for y in range(120, 400, 24):
            draw.line((30, y, 290 - 10 * number, y), fill=0, width=2)
        frames.append(page.convert("1") if image_format == "TIFF" else page.convert("RGB"))
    out = io.BytesIO()
    frames[0].save(out, image_format, save_all=pages > 1, append_images=frames[1:], **options)
    return out.getvalue()


# -- records that cannot be read as documents --------------------------------------------------


def _truncated_real_pdf() -> bytes:
    whole = (REAL_PDFS / "tracemonkey.pdf").read_bytes()
    return whole[: len(whole) // 2]


UNREADABLE = {
    "records/002-bad1.pdf": lambda: (REAL_PDFS / "bad1.pdf").read_bytes(),
    "records/002-cut-short.pdf": _truncated_real_pdf,
    "records/002-cut-short.png": lambda: image_bytes("PNG")[:600],
    "records/002-photo.gif": lambda: image_bytes("GIF"),
    "records/002-letter.docx": lambda: b"PK\x03\x04 a word-processor file, not a record type the bundle allows",
}


@pytest.mark.parametrize("record_path", sorted(UNREADABLE))
def test_a_record_that_cannot_be_read_is_stored_and_marked_unreadable(
    cli: Cli, spec: BundleSpec, incoming: Path, record_path: str
) -> None:
    content = UNREADABLE[record_path]()
    spec.with_file(record_path, content)
    outcome = cli.import_ok(spec.write_folder(incoming / "bundle"))

    case = cli.case()
    records = records_by_path(case)
    assert records[record_path]["state"] == "unreadable"
    assert records[record_path]["sha256"] == sha256(content)
    assert records[NOTE]["state"] == "readable"  # the rest of the case imports
    assert_stored_as_received(cli, content)
    assert_stored_as_received(cli, spec.files[NOTE])
    kept = warnings_naming(case, record_path)
    assert len(kept) == 1 and "unreadable" in kept[0].lower()
    assert kept[0] in outcome.out


def test_a_password_protected_pdf_is_stored_and_marked_locked(cli: Cli, spec: BundleSpec, incoming: Path) -> None:
    content = (REAL_PDFS / "issue21579.pdf").read_bytes()
    spec.with_file("records/002-hospital-chart.pdf", content)
    outcome = cli.import_ok(spec.write_zip(incoming / "bundle.zip"))

    case = cli.case()
    record = records_by_path(case)["records/002-hospital-chart.pdf"]
    assert record["state"] == "locked"
    assert records_by_path(case)[NOTE]["state"] == "readable"
    assert_stored_as_received(cli, content)
    kept = warnings_naming(case, "records/002-hospital-chart.pdf")
    assert len(kept) == 1 and "password" in kept[0].lower()
    assert kept[0] in outcome.out


SCANNED = {
    "records/002-scan.png": (lambda: image_bytes("PNG"), 1),
    "records/002-scan.jpg": (lambda: image_bytes("JPEG", quality=80), 1),
    "records/002-fax.tif": (lambda: image_bytes("TIFF", pages=3, compression="group4"), 3),
    "records/002-scanned-letter.pdf": (lambda: image_bytes("PDF", pages=2, resolution=72.0), 2),
}


@pytest.mark.parametrize("record_path", sorted(SCANNED))
def test_image_only_pages_are_marked_as_needing_ocr(
    cli: Cli, spec: BundleSpec, incoming: Path, record_path: str
) -> None:
    make, pages = SCANNED[record_path]
    content = make()
    spec.with_file(record_path, content).with_file("records/003-typed.pdf", MINIMAL_PDF)
    outcome = cli.import_ok(spec.write_folder(incoming / "bundle"))

    case = cli.case()
    records = records_by_path(case)
    assert records[record_path]["state"] == "needs_ocr"
    assert records[record_path]["pages"] == pages
    assert records["records/003-typed.pdf"]["state"] == "readable"  # a text layer needs no OCR
    assert_stored_as_received(cli, content)
    kept = warnings_naming(case, record_path)
    assert len(kept) == 1 and "ocr" in kept[0].lower()
    assert kept[0] in outcome.out
    assert warnings_naming(case, "records/003-typed.pdf") == []


# -- forward compatibility ---------------------------------------------------------------------


def _with_unknown_keys(spec: BundleSpec) -> dict[str, Any]:
    document = spec.resolved_manifest()
    document["x_vendor_batch"] = {"id": 77, "tags": ["rush"]}
    document["case"]["x_priority"] = "rush"
    document["case"]["vendor"]["x_portal_url"] = "https://portal.example.test/77"
    document["case"]["exam"] = {"location": "Suite 4", "x_parking": "level 2"}
    document["claimant"]["x_preferred_name"] = "Luke"
    document["claimant"]["name"]["x_middle"] = "Jan"
    document["requested_services"][0]["x_authorization"] = {"number": "A-1", "expires": "2027-01-01"}
    document["questions"][0]["x_weight"] = 2.5
    document["records"][0]["x_received_by_fax"] = True
    document["claim"] = {"body_parts": ["lumbar spine"], "x_reserve": None}
    document["parties"] = {"insurer": "Example Mutual", "x_broker": ["B"]}
    document["billing"] = [{"date_of_service": "2026-09-02", "code": "97110", "x_modifier": "GP"}]
    return document


def test_unknown_keys_at_any_level_import_fine(cli: Cli, spec: BundleSpec, incoming: Path) -> None:
    document = _with_unknown_keys(spec)
    bundle = spec.write_folder(incoming / "bundle", manifest_bytes=json.dumps(document).encode("utf-8"))
    cli.import_ok(bundle)

    case = cli.case()
    assert case["reference"] == REFERENCE
    assert case["vendor"]["name"] == "Test Review Services"
    assert case["claimant"]["name"] == {"given": "Łukasz", "family": "Dvořák-Nguyễn"}
    assert [q["id"] for q in case["questions"]] == ["q1", "q2"]
    assert case["questions"][0]["topic"] == "necessity"
    assert case["requested_services"][0]["id"] == "svc1"
    assert list(records_by_path(case)) == [NOTE]
    assert records_by_path(case)[NOTE]["state"] == "readable"


def test_unknown_keys_are_reported_as_a_warning_kept_on_the_case(cli: Cli, spec: BundleSpec, incoming: Path) -> None:
    document = spec.resolved_manifest()
    document["case"]["x_priority"] = "rush"
    bundle = spec.write_folder(incoming / "bundle", manifest_bytes=json.dumps(document).encode("utf-8"))
    outcome = cli.import_ok(bundle)
    kept = warnings_naming(cli.case(), "x_priority")
    assert kept and kept[0] in outcome.out


def test_an_unknown_question_topic_imports_as_other_with_a_warning(cli: Cli, spec: BundleSpec, incoming: Path) -> None:
    spec.manifest["questions"][1]["topic"] = "ergonomics"
    outcome = cli.import_ok(spec.write_folder(incoming / "bundle"))

    case = cli.case()
    assert [(q["id"], q["topic"]) for q in case["questions"]] == [("q1", "necessity"), ("q2", "other")]
    assert case["questions"][1]["text"] == "Is the radiculopathy causally related to the injury?"
    kept = warnings_naming(case, "ergonomics")
    assert len(kept) == 1 and "Referral question 2 (q2)" in kept[0] and "questions[1]" not in kept[0]
    assert kept[0] in outcome.out


@pytest.mark.parametrize("container", ["folder", "zip"])
def test_files_present_but_not_named_are_reported_and_ignored(
    cli: Cli, spec: BundleSpec, incoming: Path, container: str
) -> None:
    cover = b"Fax cover sheet, 1 page\n"
    invoice = MINIMAL_PDF.replace(b"Progress note", b"Invoice 00042")
    spec.with_file("records/000-fax-cover.txt", cover, listed=False)
    spec.with_file("billing/invoice.pdf", invoice, listed=False)
    bundle = spec.write_folder(incoming / "bundle") if container == "folder" else spec.write_zip(incoming / "b.zip")
    outcome = cli.import_ok(bundle)

    case = cli.case()
    assert list(records_by_path(case)) == [NOTE]
    for path in ("records/000-fax-cover.txt", "billing/invoice.pdf"):
        kept = warnings_naming(case, path)
        assert len(kept) == 1 and "is not listed among its records; it was not imported" in kept[0]
        assert kept[0] in outcome.out
    stored = cli_stored(cli)
    assert cover not in stored and invoice not in stored


# -- the container's shape ---------------------------------------------------------------------


def _comparable(case: dict[str, Any]) -> dict[str, Any]:
    """The case without what differs between two imports of the same bundle (ids, the import time)."""
    kept = {k: v for k, v in case.items() if k not in ("id", "imported_at")}
    kept["records"] = [{k: v for k, v in r.items() if k != "id"} for r in case["records"]]
    return kept


def _zip_under_one_folder(spec: BundleSpec, target: Path, top: str) -> Path:
    """As ``zip -r`` makes it: the folder's own entries first, every path under ``top/``."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{top}/", b"")
        archive.writestr(f"{top}/records/", b"")
        archive.writestr(f"{top}/case.json", json.dumps(spec.resolved_manifest(), ensure_ascii=False))
        for path, content in spec.files.items():
            archive.writestr(f"{top}/{path}", content)
    return target


def test_folder_zip_and_zip_under_one_top_folder_give_the_same_case(
    spec: BundleSpec, incoming: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec.with_file("records/002-mri.pdf", MINIMAL_PDF).with_file("records/imaging/003-scan.png", image_bytes("PNG"))
    bundles = {
        "folder": spec.write_folder(incoming / "PR-TEST-0001"),
        "zip": spec.write_zip(incoming / "flat.zip"),
        "zip with top folder": spec.write_zip(incoming / "nested.zip", top_folder="PR-TEST-0001"),
        "zip -r with folder entries": _zip_under_one_folder(spec, incoming / "zip-r.zip", "PR-TEST-0001"),
    }
    cases = {}
    for label, bundle in bundles.items():
        cli = Cli(tmp_path / f"data-{label.replace(' ', '-')}", capsys)
        cli.import_ok(bundle)
        cases[label] = _comparable(cli.case())

    expected = cases["folder"]
    assert sorted(records_by_path(expected)) == [NOTE, "records/002-mri.pdf", "records/imaging/003-scan.png"]
    for label, case in cases.items():
        assert case == expected, label


# -- every real-world PDF in one bundle --------------------------------------------------------


def test_every_real_world_pdf_imports_in_one_bundle(cli: Cli, incoming: Path) -> None:
    described = {e["file"]: e for e in json.loads((REAL_PDFS / "manifest.json").read_text(encoding="utf-8"))}
    pdfs = sorted(REAL_PDFS.glob("*.pdf"))
    assert len(pdfs) >= 20
    spec = BundleSpec(files={f"records/{pdf.name}": pdf.read_bytes() for pdf in pdfs})
    outcome = cli.import_ok(spec.write_zip(incoming / "real-world.zip"))
    assert f"{len(pdfs)} record(s)" in outcome.out

    case = cli.case()
    records = records_by_path(case)
    assert sorted(records) == sorted(f"records/{pdf.name}" for pdf in pdfs)
    stored = set(cli_stored(cli))
    for pdf in pdfs:
        record = records[f"records/{pdf.name}"]
        assert {"pages", "state"} <= record.keys()
        assert record["state"] in {"readable", "needs_ocr", "locked", "unreadable"}
        assert pdf.read_bytes() in stored, f"{pdf.name} is not stored as received"
        if record["state"] != "readable":
            assert len(warnings_naming(case, record["path"])) == 1, pdf.name

    def state(name: str) -> str:
        return str(records[f"records/{name}"]["state"])

    assert records["records/tracemonkey.pdf"]["state"] == "readable"
    assert records["records/tracemonkey.pdf"]["pages"] == 14
    for name in ("bad1.pdf", "issue-141a.pdf", "issue-335b.pdf"):
        assert state(name) == "unreadable", name
        assert records[f"records/{name}"]["pages"] is None
    with_user_password = [name for name, entry in described.items() if entry["user_password"]]
    assert len(with_user_password) == 3
    for name in with_user_password:
        assert state(name) == "locked", name

    for name, entry in described.items():
        record = records[f"records/{name}"]
        assert record["sha256"] == entry["sha256"], name
        if entry["pages"] is None and name == "bad-encryption-length.pdf":
            # poppler refuses its malformed /Encrypt, qpdf reads it: the application keeps the original
            # and shows a decrypted copy, which must then really open
            assert state(name) == "readable", name
            viewable = pypdfium2.PdfDocument(cli_viewable_path(cli, record))
            assert len(viewable) == record["pages"] == 1
            viewable.close()
        elif entry["pages"] is None:
            # poppler cannot open these; nor may the application pretend to read them
            assert state(name) in {"unreadable", "locked"}, name
            assert record["pages"] is None, name
        elif not entry["user_password"]:
            # poppler opens these without a password (broken xref, loops, empty user passwords):
            # the application opens them too, with the same page count
            assert state(name) in {"readable", "needs_ocr"}, name
            assert record["pages"] == entry["pages"], name
    assert case["pages"] == sum(r["pages"] or 0 for r in case["records"])
