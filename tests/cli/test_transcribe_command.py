"""`reviewer transcribe AUDIO [--case CASE] [--json]`: what was said in a WAV file, in the case's spelling."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile

from reviewer_app.cli import main
from tests.bundle_builder import BundleSpec
from tests.dictation_audio import spoken_wav

SENTENCE = "The claimant has a lumbar strain and was prescribed cyclobenzaprine by Doctor Okonkwo."


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(["--data-dir", str(data_dir), *args])
    except SystemExit as usage:
        code = int(usage.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def dictation(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return spoken_wav(SENTENCE, tmp_path_factory.mktemp("audio") / "dictation.wav")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    spec = BundleSpec()
    spec.manifest["requested_services"] = [
        {"id": "svc1", "description": "Physical therapy for lumbar strain", "code": "97110", "code_system": "CPT"},
        {"id": "svc2", "description": "Cyclobenzaprine 10 mg", "requested_by": "Dr. Chidi Okonkwo"},
    ]
    spec.manifest["questions"][0]["services"] = ["svc1", "svc2"]
    spec.manifest["parties"] = {"treating_providers": [{"name": "Dr. Chidi Okonkwo", "specialty": "Physiatry"}]}
    assert main(["--data-dir", str(tmp_path / "data"), "import", str(spec.write_folder(tmp_path / "b"))]) == 0
    return tmp_path / "data"


def test_a_dictated_wav_prints_its_words(data_dir: Path, dictation: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(data_dir, capsys, "transcribe", str(dictation))
    assert code == 0, err
    assert "lumbar strain" in out.casefold()
    assert "prescribed" in out.casefold()


def test_the_case_terms_spell_the_diagnosis_and_the_provider(
    data_dir: Path, dictation: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(data_dir, capsys, "transcribe", str(dictation), "--case", "PR-TEST-0001", "--json")
    assert code == 0, err
    heard = json.loads(out)
    assert "lumbar strain" in heard["text"].casefold()
    assert "Okonkwo" in heard["text"]
    assert "cyclobenzaprine" in heard["text"].casefold()
    assert heard["model"].startswith("whisper")
    assert heard["seconds"] == pytest.approx(soundfile.info(str(dictation)).duration, abs=0.05)
    assert heard["case"] == "PR-TEST-0001"


def test_a_file_that_is_not_a_wav_is_refused_in_words(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.wav"
    notes.write_text("Lumbar strain, improving.")
    code, out, err = run(data_dir, capsys, "transcribe", str(notes))
    assert code == 1
    assert "notes.wav is not a WAV file" in err
    assert out == ""


def test_an_empty_or_too_long_recording_is_refused(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.wav"
    soundfile.write(str(empty), np.zeros(0, dtype=np.float32), 16_000, subtype="PCM_16")
    code, _, err = run(data_dir, capsys, "transcribe", str(empty))
    assert code == 1
    assert "empty.wav holds no sound: it is empty" in err
    long = tmp_path / "meeting.wav"
    soundfile.write(str(long), np.zeros(8_000 * 301, dtype=np.float32), 8_000, subtype="PCM_16")
    code, _, err = run(data_dir, capsys, "transcribe", str(long))
    assert code == 1
    assert "meeting.wav is 5.0 minutes long; dictate at most 5 minutes at a time" in err


def test_a_missing_file_or_case_is_named(
    data_dir: Path, dictation: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(data_dir, capsys, "transcribe", str(tmp_path / "gone.wav"))
    assert code == 1
    assert "gone.wav cannot be used: it does not exist" in err
    code, _, err = run(data_dir, capsys, "transcribe", str(dictation), "--case", "NO-SUCH-CASE")
    assert code == 1
    assert "NO-SUCH-CASE" in err
