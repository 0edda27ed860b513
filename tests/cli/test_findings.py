"""Findings by the command line: template, set, export and check, on the demo cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer_app.cli import main
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.demo import ensure_demo_cases

PROFILE = {
    "name": "Dr. Ana Reyes",
    "credentials": "MD",
    "specialties": ["Physical Medicine and Rehabilitation"],
    "licenses": [{"state": "CA", "number": "A123456", "expires": "2099-01-31"}],
}


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("findings") / "data"
    folder = open_data_folder(data_dir)
    ensure_demo_cases(folder)
    folder.close()
    return data_dir


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("reference", ["PR-2026-004512", "IME-2026-000871"])
def test_a_demo_case_filled_from_the_template_examples_is_ready_to_sign(
    demo_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], reference: str
) -> None:
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(PROFILE), encoding="utf-8")
    assert run(demo_data, capsys, "profile", "set", str(profile))[0] == 0

    code, out, _ = run(demo_data, capsys, "check", reference)
    assert code == 1 and "referral questions not answered" in out

    code, out, _ = run(demo_data, capsys, "findings", "template", reference, "--json")
    template = json.loads(out)
    assert template["form"]["id"] == ("peer_review" if reference.startswith("PR") else "ime")
    assert {"id", "label", "type", "required", "example"} <= template["fields"][0].keys()
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({f["id"]: f["example"] for f in template["fields"]}), encoding="utf-8")
    assert run(demo_data, capsys, "findings", "set", reference, str(answers))[0] == 0

    code, out, _ = run(demo_data, capsys, "check", reference, "--json")
    report = json.loads(out)
    assert code == 0 and report["ready"], report
    exported = tmp_path / "exported.json"
    assert run(demo_data, capsys, "findings", "export", reference, "--out", str(exported))[0] == 0
    assert json.loads(exported.read_text(encoding="utf-8")) == json.loads(answers.read_text(encoding="utf-8"))


def test_findings_set_refuses_unknown_ids_and_invalid_values_and_sets_nothing(
    demo_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, before, _ = run(demo_data, capsys, "findings", "export", "PR-2026-004512")
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "q1.svc1.determination": "maybe",
                "q1.svc1.rationale": "Physical examination on 2026-09-09 showed a positive straight leg raise.",
                "q9.nothing": 1,
                "q1.svc1.citations": [{"record": "records/none.pdf", "page": 1}],
            }
        ),
        encoding="utf-8",
    )
    code, _, err = run(demo_data, capsys, "findings", "set", "PR-2026-004512", str(bad))
    assert code == 1
    for named in ("q1.svc1.determination", "q9.nothing", "q1.svc1.citations"):
        assert named in err
    assert run(demo_data, capsys, "findings", "export", "PR-2026-004512")[1] == before


def test_causation_in_possibility_language_is_flagged(
    demo_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = tmp_path / "causation.json"
    answer.write_text(
        json.dumps({"q3.rationale": "The radiculopathy could possibly be related to the lifting injury."})
    )
    assert run(demo_data, capsys, "findings", "set", "PR-2026-004512", str(answer))[0] == 0
    _, out, _ = run(demo_data, capsys, "check", "PR-2026-004512")
    assert (
        "Question 3 (Causation), \u201cRationale\u201d: " in out and "reasonable degree of medical probability" in out
    )
    assert "q3.rationale" not in out  # the physician reads where it is, not the field id


def test_a_formatted_rationale_goes_in_and_out_as_its_markup(
    demo_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rationale = "**Not medically necessary.** Tried:\n- Physical therapy\n- *Gabapentin*\n\n1. No radicular signs"
    answers = tmp_path / "formatted.json"
    answers.write_text(json.dumps({"q1.svc1.rationale": rationale}), encoding="utf-8")
    assert run(demo_data, capsys, "findings", "set", "PR-2026-004512", str(answers))[0] == 0
    code, out, _ = run(demo_data, capsys, "findings", "export", "PR-2026-004512")
    assert code == 0
    assert json.loads(out)["q1.svc1.rationale"] == rationale
