"""Synthetic dictations for the tests and the benchmark: espeak-ng speaks a sentence to a WAV file.

Never a real person's voice. espeak-ng is installed by `make setup` (.ci/system-packages.sh).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def spoken_wav(text: str, target: Path, words_per_minute: int = 150) -> Path:
    """``text`` said by espeak-ng's US English voice into ``target`` (22,050 Hz mono, 16-bit)."""
    espeak = shutil.which("espeak-ng")
    assert espeak, "espeak-ng is missing: `make setup` installs it"
    subprocess.run([espeak, "-v", "en-us", "-s", str(words_per_minute), "-w", str(target), text], check=True)
    return target
