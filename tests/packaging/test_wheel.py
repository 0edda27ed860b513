"""The application installed from its wheel works outside the checkout: forms, fonts and demo sources ship in it.

The wheel is built offline from a copy of the checkout (so the checkout gets no build/ folder) and installed
into a new venv with ``--no-deps``; the venv reaches the dependencies through a ``.pth`` file naming this
venv's site-packages. That file's folder is only appended to ``sys.path``: the editable install's finder
there is not run, so ``reviewer_app`` comes from the wheel, as the first test checks.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from tests.packaging.pdf_fonts import fonts_of

pytestmark = pytest.mark.slow

CHECKOUT = Path(__file__).resolve().parents[2]
NOT_SHIPPED = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "tests", "docs", "bench")


@dataclass(frozen=True)
class Installed:
    """A venv holding the wheel, and a working folder far from the checkout."""

    bin: Path
    work: Path
    env: dict[str, str]

    def run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [str(self.bin / program), *args], cwd=self.work, env=self.env, capture_output=True, text=True, timeout=300
        )
        if check:
            assert result.returncode == 0, f"{program} {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        return result

    def reviewer(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run("reviewer", *args)

    def python(self, code: str, *args: str) -> str:
        return self.run("python", "-c", code, *args).stdout


def pip(args: Sequence[str]) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    # symlinks=True keeps reviewer_app/shipped's links pointing into the copy, as in a clone.
    shutil.copytree(CHECKOUT, source, symlinks=True, ignore=shutil.ignore_patterns(*NOT_SHIPPED))
    pip(["wheel", str(source), "--no-deps", "--no-build-isolation", "--no-index", "--wheel-dir", str(root / "dist")])
    [wheel] = (root / "dist").glob("reviewer_app-*.whl")

    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    pip(["--python", str(bin_dir / "python"), "install", "--no-deps", "--no-index", str(wheel)])
    purelib = subprocess.run(
        [str(bin_dir / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(purelib) / "project-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")

    work = root / "elsewhere"
    work.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "REVIEWER_"))}
    env |= {"REVIEWER_DATA_DIR": str(work / "data"), "QT_QPA_PLATFORM": "offscreen"}
    return Installed(bin_dir, work, env)


def test_the_package_comes_from_the_wheel_with_its_forms_and_fonts(installed: Installed) -> None:
    where = json.loads(
        installed.python(
            "import json, reviewer_app; from reviewer_app.resources import forms_path, resource_path; "
            "print(json.dumps([reviewer_app.__file__, str(forms_path()), str(resource_path('fonts'))]))"
        )
    )
    venv = installed.bin.parent.resolve()
    for path in where:
        assert Path(path).resolve().is_relative_to(venv), path
        assert not Path(path).resolve().is_relative_to(CHECKOUT), path
    forms, fonts = Path(where[1]), Path(where[2])
    assert {"peer_review.toml", "ime.toml", "addendum.toml"} <= {p.name for p in forms.glob("*.toml")}
    assert (forms / "overlays" / "ca_workers_comp.toml").is_file()
    assert {"DejaVuSans.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSansMono.ttf", "LICENSE"} <= {
        p.name for p in fonts.iterdir()
    }


def test_a_demo_case_goes_from_import_to_draft_report_outside_the_checkout(installed: Installed) -> None:
    bundles = installed.work / "bundles"
    installed.python(
        "import datetime as dt, sys; from pathlib import Path; from reviewer_app.demo import write_demo_bundles; "
        "write_demo_bundles(Path(sys.argv[1]), dt.datetime(2026, 11, 26, 10, 15, tzinfo=dt.timezone.utc))",
        str(bundles),
    )
    peer_review = next(folder for folder in sorted(bundles.iterdir()) if folder.name.startswith("PR-"))
    imported = json.loads(installed.reviewer("import", str(peer_review), "--json").stdout)
    reference = imported["reference"]
    # The record text was read by worker processes started from the installed package.
    hits = json.loads(installed.reviewer("search", reference, "lumbar", "--json").stdout)["hits"]
    assert hits and all(hit["page"] >= 1 for hit in hits)

    template = json.loads(installed.reviewer("findings", "template", reference, "--json").stdout)
    assert template["form"]["id"] == "peer_review"
    assert template["fields"], "the form asks for nothing"
    answers = installed.work / "answers.json"
    answers.write_text(json.dumps({field["id"]: field["example"] for field in template["fields"]}), encoding="utf-8")
    installed.reviewer("findings", "set", reference, str(answers))

    installed.reviewer("report", reference, "--out", "draft.pdf")
    report = installed.work / "draft.pdf"
    document = pdfium.PdfDocument(str(report))
    try:
        texts = [document[index].get_textpage().get_text_range() for index in range(len(document))]
    finally:
        document.close()
    assert len(texts) >= 2
    assert all("DRAFT" in text for text in texts)
    assert reference in texts[0]
    # Set in the DejaVu shipped in the wheel, embedded: it prints the same on any computer.
    assert fonts_of(report) == {("DejaVuSans", True), ("DejaVuSans-Bold", True), ("DejaVuSans-Oblique", True)}
