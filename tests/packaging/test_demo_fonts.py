"""The demo cases are the same on every machine: the shipped DejaVu faces, whatever fonts the system has."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import Any

import pikepdf
import pytest
from PIL import Image

from reviewer_app.demo import fonts, write_demo_bundles
from reviewer_app.resources import resource_path

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


def fonts_drawing_text(resources: Any, contents: Any) -> set[tuple[str, bool]]:
    """(base font, embedded) of every font that shows text in a content stream, forms included.

    Only fonts current when text is shown count: ReportLab selects Helvetica at the top of every
    page whether or not anything is written in it.
    """
    used: set[tuple[str, bool]] = set()
    font_resources = resources.get("/Font", {})
    current = None
    for operands, operator in pikepdf.parse_content_stream(contents):
        if str(operator) == "Tf":
            current = font_resources[str(operands[0])]
        elif str(operator) in ("Tj", "TJ", "'", '"') and current is not None:
            descriptor = current.get("/FontDescriptor")
            used.add((str(current.BaseFont), descriptor is not None and "/FontFile2" in descriptor))
        elif str(operator) == "Do":
            xobject = resources.XObject[str(operands[0])]
            if xobject.Subtype == "/Form":
                used |= fonts_drawing_text(xobject.get("/Resources", resources), xobject)
    return used


@pytest.mark.slow
@pytest.mark.usefixtures("no_system_fonts")
def test_the_demo_peer_review_has_sixty_pages_set_in_the_shipped_dejavu(tmp_path: Path) -> None:
    peer_review, _ime = write_demo_bundles(tmp_path, NOW)

    manifest = json.loads((peer_review / "case.json").read_text(encoding="utf-8"))
    records = [peer_review / record["path"] for record in manifest["records"]]
    assert sum(pages(record) for record in records) == 60

    used: set[tuple[str, bool]] = set()
    for record in records:
        if record.suffix == ".pdf":
            with pikepdf.open(record) as pdf:
                for page in pdf.pages:
                    used |= fonts_drawing_text(page.Resources, page)
    faces = {name.split("+")[-1] for name, _ in used}
    assert faces == {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"}
    assert all(embedded for _, embedded in used), used
    # The faxes and scans are drawn by Pillow from the same shipped files.
    shipped = resource_path("fonts")
    assert {path.parent for path in fonts.load_fonts().files.values()} == {shipped}
    assert {"DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"} <= {path.name for path in shipped.iterdir()}
