"""`reviewer search` counts every hit: a word on 300 pages is 300 hits, with a count per record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer_app.cli import main
from tests.bundle_builder import BundleSpec
from tests.pdf_corpus import text_pdf


def chart(pages: int, *, with_word_every: int) -> bytes:
    """A record of ``pages`` pages; every ``with_word_every``-th page mentions tramadol."""
    return text_pdf(
        [
            [
                f"Progress note, page {n + 1}.",
                "Tramadol 50 mg twice daily." if n % with_word_every == 0 else "No change.",
            ]
            for n in range(pages)
        ]
    )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("every-hit")
    spec = BundleSpec(files={})
    spec.with_file("records/001-hospital-chart.pdf", chart(250, with_word_every=1))  # 250 hits
    spec.with_file("records/002-clinic.pdf", chart(40, with_word_every=2))  # 20 hits
    spec.with_file("records/003-pharmacy.pdf", chart(30, with_word_every=1))  # 30 hits
    bundle = spec.write_folder(root / "bundle")
    assert main(["--data-dir", str(root / "data"), "import", str(bundle)]) == 0
    return root / "data"


def search(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "search", "PR-TEST-0001", *args]) == 0
    return capsys.readouterr().out


def test_every_hit_is_listed_and_counted_per_record(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found = json.loads(search(data_dir, capsys, "tramadol", "--json"))
    assert found["total"] == 300
    assert found["per_record"] == [
        {"record": "records/001-hospital-chart.pdf", "hits": 250},
        {"record": "records/002-clinic.pdf", "hits": 20},
        {"record": "records/003-pharmacy.pdf", "hits": 30},
    ]
    hits = found["hits"]
    assert len(hits) == 300
    assert (hits[-1]["record"], hits[-1]["page"]) == ("records/003-pharmacy.pdf", 30)  # the last is reached
    assert [hit["page"] for hit in hits if hit["record"] == "records/002-clinic.pdf"] == list(range(1, 41, 2))


def test_limit_caps_the_hits_listed_never_the_total(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found = json.loads(search(data_dir, capsys, "tramadol", "--json", "--limit", "10"))
    assert found["total"] == 300 and len(found["hits"]) == 10
    assert sum(record["hits"] for record in found["per_record"]) == 300

    text = search(data_dir, capsys, "tramadol", "--limit", "5")
    assert text.startswith("300 pages match 'tramadol' in 3 records.")
    assert text.rstrip().endswith("… and 295 more (--limit 5 listed the first).")
