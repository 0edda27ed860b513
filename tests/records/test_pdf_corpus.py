"""The synthetic PDF corpus stands for the shared one file by file, so a clone alone tests the same cases."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pikepdf

from tests.conftest import SHARED_REAL_PDFS, synthetic_real_pdfs

FACTS = ("pages", "encrypted", "user_password")


def manifest(folder: Path) -> dict[str, dict[str, object]]:
    return {entry["file"]: entry for entry in json.loads((folder / "manifest.json").read_text(encoding="utf-8"))}


def test_the_synthetic_manifest_describes_its_files() -> None:
    folder = synthetic_real_pdfs()
    described = manifest(folder)
    assert sorted(described) == sorted(path.name for path in folder.glob("*.pdf"))
    for name, entry in described.items():
        data = (folder / name).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest(), name
        if entry["encrypted"] and entry["pages"] is not None:
            with pikepdf.open(folder / name, password=str(entry["user_password"] or "")) as pdf:
                assert pdf.is_encrypted, name
                assert len(pdf.pages) == entry["pages"], name
    revisions = set()
    for name in ("enc-R2,V1.pdf", "leading-junk.pdf", "V4-aes.pdf", "issue21579.pdf", "enc-XI-R6,V5,O=master.pdf"):
        with pikepdf.open(folder / name, password=str(described[name]["user_password"] or "")) as pdf:
            revisions.add(pdf.encryption.R)
    assert revisions == {2, 3, 4, 5, 6}


if SHARED_REAL_PDFS.is_dir():
    # Defined only where ../shared is (every developer's and CI's machine): there is nothing to compare without it.

    def test_every_shared_file_has_a_synthetic_stand_in_with_the_same_facts() -> None:
        shared, synthetic = manifest(SHARED_REAL_PDFS), manifest(synthetic_real_pdfs())
        assert sorted(synthetic) == sorted(shared)
        for name, entry in shared.items():
            assert {key: synthetic[name][key] for key in FACTS} == {key: entry[key] for key in FACTS}, name
