"""Pen strokes of a made-up handwritten signature, the same for the same seed."""

from __future__ import annotations

import math
import random

Point = tuple[float, float]


def signature_strokes(seed: int, width: float, height: float) -> list[list[Point]]:
    """Strokes inside a ``width`` x ``height`` box, y growing upwards from the bottom.

    A tall looped capital, a run of cursive loops of uneven height, a slant, and a
    flourish under the name: enough to read as a signature, never as letters.
    """
    rng = random.Random(seed)
    base = height * 0.25
    slant = rng.uniform(0.25, 0.45)
    strokes: list[list[Point]] = []
    x = width * 0.03

    def slanted(px: float, py: float) -> Point:
        return (px + slant * (py - base), py)

    capital_height = height * rng.uniform(0.6, 0.72)
    capital_width = width * rng.uniform(0.07, 0.1)
    capital = [
        slanted(
            x + capital_width * (0.5 - 0.5 * math.cos(math.pi * t)) - capital_width * 0.4 * math.sin(2 * math.pi * t),
            base + capital_height * math.sin(math.pi * t),
        )
        for t in (i / 24 for i in range(25))
    ]
    strokes.append(capital)
    x += capital_width * 0.9
    word: list[Point] = []
    letters = rng.randint(6, 9)
    for _ in range(letters):
        tall = rng.random() < 0.25
        h = height * (rng.uniform(0.45, 0.6) if tall else rng.uniform(0.16, 0.3))
        w = width * rng.uniform(0.045, 0.075)
        a = w * rng.uniform(0.2, 0.3)
        for i in range(16):
            t = i / 15
            px = x + w * t + a * math.sin(2 * math.pi * t)
            py = base + h * (1 - math.cos(2 * math.pi * t)) / 2 + rng.uniform(-0.6, 0.6)
            word.append(slanted(px, py))
        x += w
        if x > width * 0.82:
            break
    strokes.append(word)
    end = x
    flourish = [
        (end - (end - width * 0.05) * t, base - height * 0.08 - height * 0.1 * math.sin(math.pi * t))
        for t in (i / 20 for i in range(21))
    ]
    strokes.append(flourish)
    return strokes
