"""A made-up practice and its logo, for the letterhead tests and screenshots."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

PRACTICE_NAME = "Arroyo Spine & Rehabilitation Medical Group"
PRACTICE = {
    "name": PRACTICE_NAME,
    "address": "1200 Example Avenue, Suite 300\nPasadena, CA 91101",
    "phone": "(626) 555-0199",
    "fax": "(626) 555-0198",
    "email": "reviews@arroyo-spine.example",
    "accent": "#1F5C4A",
    "font": "serif",
}


def practice_logo(path: Path, size: tuple[int, int] = (360, 300)) -> Path:
    """A simple drawn logo (an arch over a spine of discs) in the practice's green, as PNG or JPEG by suffix."""
    width, height = size
    image = Image.new("RGB", (width, height), (255, 255, 255))
    pen = ImageDraw.Draw(image)
    green = (31, 92, 74)
    pen.arc((20, 20, width - 20, height * 2 - 60), 180, 360, fill=green, width=18)
    for index in range(5):
        top = 70 + index * 42
        pen.rounded_rectangle((width // 2 - 40, top, width // 2 + 40, top + 30), radius=10, fill=green)
    image.save(path)
    return path
