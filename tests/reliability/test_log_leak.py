"""The log holds case references and record ids, never names, dates of birth or finding text.

The demo flows run (import, search, findings from the template examples, check, the draft
report, an unexpected error) and then the whole ``logs/`` folder is searched for what identifies
the demo claimants and for the text of every answer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reviewer_app.cli import main
from reviewer_app.diagnostics import configure_logging
from reviewer_app.services.cases import find_case, list_cases
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.demo import ensure_demo_cases

pytestmark = pytest.mark.slow

PROFILE = {
    "name": "Dr. Ana Reyes",
    "credentials": "MD",
    "specialties": ["Physical Medicine and Rehabilitation"],
    "licenses": [{"state": "CA", "number": "A123456", "expires": "2099-01-31"}],
}


def strings_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


def test_the_demo_flows_leave_no_patient_detail_in_the_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    configure_logging(data_dir)
    folder = open_data_folder(data_dir)
    try:
        ensure_demo_cases(folder)
        cases = [find_case(folder, summary.reference) for summary in list_cases(folder)]
    finally:
        folder.close()
    assert len(cases) == 2

    def reviewer(*args: str) -> tuple[int, str]:
        code = main(["--data-dir", str(data_dir), *args])
        return code, capsys.readouterr().out

    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(PROFILE), encoding="utf-8")
    assert reviewer("profile", "set", str(profile))[0] == 0
    answer_texts: list[str] = []
    for case in cases:
        reference = case.details.reference
        assert reviewer("show", reference)[0] == 0
        assert reviewer("search", reference, "pain")[0] == 0
        out = reviewer("findings", "template", reference, "--json")[1]
        answers = {f["id"]: f["example"] for f in json.loads(out)["fields"]}
        answer_texts += [s for s in strings_in(answers) if len(s) >= 12]
        answers_file = tmp_path / f"{reference}.json"
        answers_file.write_text(json.dumps(answers), encoding="utf-8")
        assert reviewer("findings", "set", reference, str(answers_file))[0] == 0
        assert reviewer("check", reference)[0] == 0
        reviewer("report", reference, "--out", str(tmp_path / f"{reference}.pdf"))  # draft, if the form allows
    # An unexpected error whose message carries patient details: the traceback goes to the log.
    claimant = cases[0].details.claimant

    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError(f"could not index {claimant.name.display}")

    monkeypatch.setattr("reviewer_app.services.search.search_records", broken)
    assert main(["--data-dir", str(data_dir), "search", cases[0].details.reference, "knee"]) == 1
    assert "unexpected error; the details are in" in capsys.readouterr().err

    log_text = "\n".join(p.read_text("utf-8") for p in sorted((data_dir / "logs").rglob("*")) if p.is_file())
    assert "RuntimeError (message withheld" in log_text  # the unexpected error is there, with its traceback
    assert "in broken" in log_text

    secrets: list[str] = list(answer_texts)
    for case in cases:
        c = case.details.claimant
        secrets += [c.name.given, c.name.family, c.name.display]
        if c.date_of_birth:
            secrets += [c.date_of_birth.isoformat(), c.date_of_birth.strftime("%m/%d/%Y")]
    leaked = sorted({s for s in secrets if s and s.lower() in log_text.lower()})
    assert leaked == [], f"the log holds patient details: {leaked}"
