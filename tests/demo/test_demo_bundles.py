"""The demo bundles: valid version 1 manifests, honest hashes, realistic page counts, stable bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path, PurePosixPath
from typing import Any

import pypdfium2 as pdfium
import pytest
from PIL import Image

from reviewer_app.demo import write_demo_bundles

PACIFIC = dt.timezone(dt.timedelta(hours=-8))
NOW = dt.datetime(2026, 11, 26, 10, 15, 42, tzinfo=PACIFIC)


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    # One generation shared by the read-only tests: it is the slow part.
    return write_demo_bundles(tmp_path_factory.mktemp("demo"), NOW)


@pytest.fixture(scope="module")
def peer_review(folders: list[Path]) -> Path:
    return folders[0]


@pytest.fixture(scope="module")
def ime(folders: list[Path]) -> Path:
    return folders[1]


def manifest(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    return data


def pdf_page_texts(path: Path) -> list[str]:
    document = pdfium.PdfDocument(str(path))
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


def page_count(path: Path) -> int:
    if path.suffix == ".pdf":
        return len(pdf_page_texts(path))
    if path.suffix in (".tif", ".tiff"):
        with Image.open(path) as image:
            return int(getattr(image, "n_frames", 1))
    if path.suffix == ".txt":
        return 1
    raise AssertionError(f"unexpected record type: {path}")


def total_pages(folder: Path) -> int:
    return sum(page_count(folder / record["path"]) for record in manifest(folder)["records"])


def record_hashes(folder: Path) -> dict[str, str]:
    return {
        record["path"]: hashlib.sha256((folder / record["path"]).read_bytes()).hexdigest()
        for record in manifest(folder)["records"]
    }


def test_returns_the_peer_review_then_the_ime(folders: list[Path]) -> None:
    assert len(folders) == 2
    assert [manifest(folder)["case"]["service"] for folder in folders] == ["peer_review", "ime"]
    for folder in folders:
        assert folder.is_dir()
        assert folder.name == manifest(folder)["case"]["reference"]


@pytest.mark.parametrize("which", [0, 1])
def test_manifest_is_a_version_1_bundle(folders: list[Path], which: int) -> None:
    data = manifest(folders[which])
    assert data["format"] == "reviewer-case-bundle"
    assert data["format_version"] == 1
    case = data["case"]
    assert case["reference"] and case["service"] in ("peer_review", "ime")
    assert case["line_of_business"] == "workers_comp"
    assert case["jurisdiction"] == "CA"
    assert data["claimant"]["name"]["given"] and data["claimant"]["name"]["family"]
    assert data["questions"] and data["records"]
    question_ids = [question["id"] for question in data["questions"]]
    assert len(question_ids) == len(set(question_ids))
    service_ids = {service["id"] for service in data.get("requested_services", [])}
    for question in data["questions"]:
        assert set(question.get("services", [])) <= service_ids
    paths = [record["path"] for record in data["records"]]
    assert len(paths) == len(set(paths))


@pytest.mark.parametrize("which", [0, 1])
def test_every_record_is_present_with_its_sha256(folders: list[Path], which: int) -> None:
    folder = folders[which]
    records = manifest(folder)["records"]
    for record in records:
        relative = PurePosixPath(record["path"])
        assert not relative.is_absolute() and ".." not in relative.parts
        data = (folder / record["path"]).read_bytes()
        assert record["sha256"] == hashlib.sha256(data).hexdigest()
        assert record["sha256"] == record["sha256"].lower() and len(record["sha256"]) == 64
        assert record["title"] and record["kind"] and record["provider"]
        assert dt.date.fromisoformat(record["date_from"]) <= dt.date.fromisoformat(record["date_to"])
    # A file present but not named would import with a warning: the demo has none.
    on_disk = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}
    assert on_disk == {"case.json"} | {record["path"] for record in records}


def test_peer_review_asks_about_necessity_causation_documentation_and_billing(
    peer_review: Path,
) -> None:
    data = manifest(peer_review)
    topics = {question["topic"] for question in data["questions"]}
    assert {"necessity", "causation", "documentation", "billing"} <= topics
    services = {service["id"]: service for service in data["requested_services"]}
    assert services["svc1"]["code"] == "62323" and services["svc1"]["quantity"] == 1
    assert services["svc2"]["code"] == "97110"
    assert data["billing"], "the billing question needs billed lines to check"
    for line in data["billing"]:
        dt.date.fromisoformat(line["date_of_service"])
        assert line["code"] and line["units"] >= 1 and float(line["charge"]) > 0


def test_peer_review_has_about_sixty_pages(peer_review: Path) -> None:
    assert 50 <= total_pages(peer_review) <= 70


def test_ime_has_fifteen_to_twenty_five_pages(ime: Path) -> None:
    assert 15 <= total_pages(ime) <= 25


def test_peer_review_holds_every_kind_of_record_file(peer_review: Path) -> None:
    suffixes = {PurePosixPath(record["path"]).suffix for record in manifest(peer_review)["records"]}
    assert {".pdf", ".tif", ".txt"} <= suffixes


def test_scanned_fax_pdf_has_no_text_and_text_pdfs_have_text(peer_review: Path) -> None:
    image_only = []
    for record in manifest(peer_review)["records"]:
        path = peer_review / record["path"]
        if path.suffix != ".pdf":
            continue
        texts = pdf_page_texts(path)
        if all(not text.strip() for text in texts):
            image_only.append((path, len(texts)))
        else:
            # Text PDFs must be searchable on every page, not only the first.
            assert all(text.strip() for text in texts), path.name
    assert image_only, "the peer review needs a scanned, image-only PDF"
    assert max(pages for _, pages in image_only) >= 2


def test_fax_tiff_is_a_multipage_group4_fax(peer_review: Path) -> None:
    tiffs = [
        peer_review / record["path"]
        for record in manifest(peer_review)["records"]
        if record["path"].endswith((".tif", ".tiff"))
    ]
    assert tiffs
    with Image.open(tiffs[0]) as image:
        assert getattr(image, "n_frames", 1) > 1
        assert image.mode == "1"
        assert image.info.get("compression") == "group4"
        x_dpi, y_dpi = image.info["dpi"]
        assert (round(x_dpi), round(y_dpi)) == (204, 196)


def test_text_record_is_utf8(peer_review: Path) -> None:
    texts = [
        peer_review / record["path"] for record in manifest(peer_review)["records"] if record["path"].endswith(".txt")
    ]
    assert texts
    assert texts[0].read_text(encoding="utf-8").strip()


def test_ime_follows_the_peer_review_and_shares_a_record(peer_review: Path, ime: Path) -> None:
    ime_case = manifest(ime)["case"]
    assert ime_case["related_reference"] == manifest(peer_review)["case"]["reference"]
    assert ime_case["exam"]["scheduled_at"]
    shared = set(record_hashes(ime).values()) & set(record_hashes(peer_review).values())
    assert shared
    topics = {question["topic"] for question in manifest(ime)["questions"]}
    assert {"diagnosis", "causation", "mmi", "impairment", "work_status", "future_care"} <= topics
    assert "apportionment" in topics


def test_dates_are_relative_to_now(peer_review: Path, ime: Path) -> None:
    pr_case = manifest(peer_review)["case"]
    ime_case = manifest(ime)["case"]

    def parse(value: str) -> dt.datetime:
        parsed = dt.datetime.fromisoformat(value)
        assert parsed.tzinfo is not None, value
        return parsed

    assert parse(pr_case["received_at"]) == NOW - dt.timedelta(days=1)
    assert parse(pr_case["due_at"]) == dt.datetime(2026, 11, 28, 17, 0, tzinfo=PACIFIC)
    assert parse(ime_case["received_at"]) == NOW - dt.timedelta(hours=3)
    assert parse(ime_case["due_at"]).date() == dt.date(2026, 12, 5)
    assert parse(ime_case["exam"]["scheduled_at"]).date() == dt.date(2026, 12, 1)
    assert parse(pr_case["received_at"]) < NOW < parse(pr_case["due_at"])
    assert parse(ime_case["received_at"]) < parse(ime_case["exam"]["scheduled_at"])
    assert parse(ime_case["exam"]["scheduled_at"]) < parse(ime_case["due_at"])


def test_now_must_be_timezone_aware(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_demo_bundles(tmp_path, dt.datetime(2026, 11, 26, 10, 0))


def test_same_now_gives_identical_bundles(folders: list[Path], tmp_path: Path) -> None:
    again = write_demo_bundles(tmp_path, NOW)
    for first, second in zip(folders, again, strict=True):
        assert (first / "case.json").read_bytes() == (second / "case.json").read_bytes()
        assert record_hashes(first) == record_hashes(second)
