"""`reviewer cases` and `reviewer show` load only what they need (bench/cli_bench.py measures the time)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer_app.cli import main
from tests.bundle_builder import BundleSpec

# Each costs a tenth of a second or more to import, and neither listing nor showing a case uses one.
HEAVY = ("PySide6", "reportlab", "pyhanko", "pypdfium2", "pikepdf", "alembic", "PIL", "img2pdf")

PROBE = """
import json, sys
from reviewer_app.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""


@pytest.mark.parametrize(
    "command", [["cases"], ["show", "PR-TEST-0001"], ["cases", "--json"], ["show", "PR-TEST-0001", "--json"]]
)
def test_reading_commands_load_no_heavy_library(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    data_dir = tmp_path / "data"
    assert main(["--data-dir", str(data_dir), "import", str(BundleSpec().write_folder(tmp_path / "bundle"))]) == 0
    capsys.readouterr()
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--data-dir", str(data_dir), *command],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    outcome = json.loads(done.stdout.splitlines()[-1])
    assert outcome["code"] == 0, done.stderr
    assert [name for name in HEAVY if name in outcome["modules"]] == []


def test_the_quick_schema_check_agrees_with_alembic() -> None:
    # Opening a data folder skips Alembic when the database is at the head read from the scripts' text.
    from reviewer_app.storage.database import head_revision, quick_head_revision

    assert quick_head_revision() == head_revision()
