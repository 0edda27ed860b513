"""The demo cases are the same on every machine: the shipped DejaVu faces, whatever fonts the system has."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path, PurePath

import pikepdf
import pytest
from PIL import Image

from reviewer_app.demo import fonts, write_demo_bundles
from reviewer_app.resources import resource_path
from tests.packaging.pdf_fonts import fonts_of

NOW = dt.datetime(2026, 11, 26, 10, 15, 42, tzinfo=dt.timezone(dt.timedelta(hours=-8)))
# Where systems keep fonts: a machine may have none of them, or DejaVu without its oblique face
# (Debian's fonts-dejavu-core), which used to make the demo fall back to Helvetica.
SYSTEM_FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts", "C:/Windows/Fonts")


@pytest.fixture
def no_system_fonts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A machine without system fonts: every file under the usual font folders looks absent."""
    real_is_file = Path.is_file
    real_exists = Path.exists

    def in_system_fonts(path: Path) -> bool:
        return any(PurePath(path).is_relative_to(folder) for folder in SYSTEM_FONT_FOLDERS)

    monkeypatch.setattr(Path, "is_file", lambda self: not in_system_fonts(self) and real_is_file(self))
    monkeypatch.setattr(Path, "exists", lambda self, **kw: not in_system_fonts(self) and real_exists(self, **kw))
    fonts.load_fonts.cache_clear()
    yield
    fonts.load_fonts.cache_clear()


def pages(record: Path) -> int:
    if record.suffix == ".pdf":
        with pikepdf.open(record) as pdf:
            return len(pdf.pages)
    if record.suffix == ".tif":
        with Image.open(record) as image:
            return int(getattr(image, "n_frames", 1))
    return 1  # a text file is one record page in the manifest's terms


@pytest.mark.slow
@pytest.mark.usefixtures("no_system_fonts")
def test_the_demo_peer_review_has_sixty_pages_set_in_the_shipped_dejavu(tmp_path: Path) -> None:
    peer_review, _ime = write_demo_bundles(tmp_path, NOW)

    manifest = json.loads((peer_review / "case.json").read_text(encoding="utf-8"))
    records = [peer_review / record["path"] for record in manifest["records"]]
    assert sum(pages(record) for record in records) == 60

    used = set().union(*(fonts_of(record) for record in records if record.suffix == ".pdf"))
    assert used == {("DejaVuSans", True), ("DejaVuSans-Bold", True), ("DejaVuSans-Oblique", True)}
    # The faxes and scans are drawn by Pillow from the same shipped files.
    shipped = resource_path("fonts")
    assert {path.parent for path in fonts.load_fonts().files.values()} == {shipped}
    assert {"DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"} <= {path.name for path in shipped.iterdir()}
