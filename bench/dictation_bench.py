"""Dictation: word error rate on medical sentences spoken by espeak-ng, with and without the case's terms.

Prints, for each way of hearing (no terms; the case's terms as the model's prompt; the prompt plus a
post-correction against the case's vocabulary), the word error rate over all sentences and on the
case's own terms alone; then the time to transcribe a 10-second clip (goal: under 5 s on 2 cores).
Synthetic voices only. Run: .venv/bin/python bench/dictation_bench.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reviewer_app.domain.dictation import corrected_to_terms, word_error_rate
from reviewer_app.services.dictation import SAMPLE_RATE, read_wav, transcribe_samples

# The case's terms: its diagnoses, drugs, providers and body parts (as dictation_terms gives them).
CASE_TERMS = (
    "Strain of muscle, fascia and tendon of lower back",
    "lumbar strain",
    "lumbar radiculopathy",
    "L4-5 epidural steroid injection",
    "cyclobenzaprine",
    "meloxicam",
    "gabapentin",
    "hydrocodone",
    "Dr. Chidi Okonkwo",
    "Dr. Alan Chu",
    "Coast Physical Therapy",
    "paraspinal muscles",
    "sacroiliac joint",
    "supraspinatus",
)

SENTENCES = (
    "The claimant has a lumbar strain and was prescribed cyclobenzaprine by Doctor Okonkwo.",
    "Meloxicam was started for pain in the paraspinal muscles.",
    "Gabapentin was added for the lumbar radiculopathy.",
    "Doctor Chu requested an epidural steroid injection at L4-5.",
    "Hydrocodone was stopped after six weeks.",
    "The sacroiliac joint was tender on palpation.",
    "The supraspinatus tendon showed mild tendinosis on the MRI.",
    "Coast Physical Therapy documented twelve visits for the lumbar strain.",
    "Straight leg raise was negative bilaterally.",
    "In my opinion, further physical therapy is not medically necessary.",
)
TERM_WORDS = frozenset(
    {
        *("lumbar", "strain", "cyclobenzaprine", "okonkwo", "meloxicam", "paraspinal", "gabapentin"),
        *("radiculopathy", "chu", "epidural", "steroid", "hydrocodone", "sacroiliac", "supraspinatus"),
    }
)


def speak(text: str, target: Path) -> Path:
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(target), text], check=True)
    return target


def term_error(said: str, heard: str) -> tuple[int, int]:
    """Of the case's term words said, how many were not heard as such."""
    wanted = [w.strip(".,").casefold() for w in said.split() if w.strip(".,").casefold() in TERM_WORDS]
    got = {w.strip(".,").casefold() for w in heard.split()}
    return sum(w not in got for w in wanted), len(wanted)


def main() -> None:
    if shutil.which("espeak-ng") is None:
        sys.exit("espeak-ng is missing: `make setup` installs it")
    folder = Path(tempfile.mkdtemp(prefix="dictation-bench-"))
    clips = [read_wav(speak(s, folder / f"s{i}.wav")) for i, s in enumerate(SENTENCES)]
    transcribe_samples(clips[0])  # load the model once, outside the figures
    ways = {
        "no terms": lambda samples: transcribe_samples(samples).text,
        "case terms as prompt": lambda samples: transcribe_samples(samples, CASE_TERMS).text,
        "prompt + post-correction": lambda samples: corrected_to_terms(
            transcribe_samples(samples, CASE_TERMS).text, CASE_TERMS
        ),
        "post-correction only": lambda samples: corrected_to_terms(transcribe_samples(samples).text, CASE_TERMS),
    }
    print(f"{len(SENTENCES)} sentences spoken by espeak-ng (en-us, 150 wpm), whisper tiny.en int8 on the CPU")
    for name, hear in ways.items():
        errors = words = missed = term_words = 0.0
        for said, samples in zip(SENTENCES, clips, strict=True):
            heard = hear(samples)
            n = len(said.split())
            errors += word_error_rate(said, heard) * n
            words += n
            m, t = term_error(said, heard)
            missed, term_words = missed + m, term_words + t
            if "-v" in sys.argv:
                print(f"    [{name}] {heard}")
        print(f"  {name:26} WER {errors / words:6.1%}   case terms missed {missed:.0f}/{term_words:.0f}")
    gap = np.zeros(SAMPLE_RATE // 4, dtype=np.float32)
    ten = np.concatenate([np.concatenate([c, gap]) for c in clips])[: SAMPLE_RATE * 10]
    soundfile.write(str(folder / "ten.wav"), ten, SAMPLE_RATE)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        transcribe_samples(ten, CASE_TERMS)
        times.append(time.perf_counter() - started)
    print(f"  10-second clip: median {sorted(times)[1]:.2f} s, fastest {min(times):.2f} s (goal under 5 s)")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
