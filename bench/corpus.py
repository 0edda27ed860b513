"""Generated case bundles for the benchmarks: realistic page density, synthetic text."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from reviewer_app.resources import resource_path

WORDS = [
    "patient",
    "reports",
    "low",
    "back",
    "pain",
    "radiating",
    "left",
    "leg",
    "straight",
    "raise",
    "positive",
    "degrees",
    "lumbar",
    "spine",
    "tenderness",
    "paraspinal",
    "muscles",
    "range",
    "motion",
    "flexion",
    "extension",
    "limited",
    "guarding",
    "gait",
    "antalgic",
    "neurological",
    "exam",
    "intact",
    "sensation",
    "dermatome",
    "reflexes",
    "symmetric",
    "strength",
    "five",
    "plan",
    "physical",
    "therapy",
    "epidural",
    "steroid",
    "injection",
    "follow",
    "weeks",
    "medication",
    "ibuprofen",
    "cyclobenzaprine",
    "work",
    "modified",
    "duty",
    "lifting",
    "restriction",
    "pounds",
    "mri",
    "disc",
    "protrusion",
    "foraminal",
    "narrowing",
    "nerve",
    "root",
    "impression",
]
FONT = str(resource_path("fonts", "DejaVuSans.ttf"))


def _line(rng: random.Random) -> str:
    # About 90 characters: the line ends inside the right margin, as typed notes do.
    return " ".join(rng.choice(WORDS) for _ in range(11))[:92]


def write_text_pdf(path: Path, pages: int, seed: int) -> None:
    rng = random.Random(seed)
    pdf = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    for page in range(pages):
        text = pdf.beginText(54, 740)
        text.setFont("Helvetica", 10)
        text.textLine(f"Progress note {seed}-{page + 1}  claim WC-88-{seed:06d}")
        for _ in range(44):
            text.textLine(_line(rng))
        pdf.drawText(text)
        pdf.showPage()
    pdf.save()


def write_scanned_pdf(path: Path, pages: int, seed: int, dpi: int = 200) -> None:
    rng = random.Random(seed)
    font = ImageFont.truetype(FONT, 28) if Path(FONT).is_file() else ImageFont.load_default()
    images = []
    for page in range(pages):
        image = Image.new("L", (int(8.5 * dpi), int(11 * dpi)), 255)
        draw = ImageDraw.Draw(image)
        draw.text((80, 60), f"FAX  PAGE {page + 1}/{pages}  Coast Physical Therapy", font=font, fill=0)
        for row in range(30):
            draw.text((80, 140 + row * 62), _line(rng)[:70], font=font, fill=0)
        images.append(image.convert("1"))
    images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])


def write_case_bundle(folder: Path, text_pages: int, scanned_pages: int, documents: int = 50) -> Path:
    """A bundle folder: ``text_pages`` in ``documents`` text PDFs plus one faxed, image-only PDF."""
    records = folder / "records"
    records.mkdir(parents=True, exist_ok=True)
    entries = []
    per_document = max(1, text_pages // documents)
    for number in range(documents):
        path = records / f"{number:04d}-note.pdf"
        write_text_pdf(path, per_document, number)
        entries.append(path)
    if scanned_pages:
        path = records / "9999-fax.pdf"
        write_scanned_pdf(path, scanned_pages, 9999)
        entries.append(path)
    manifest = {
        "format": "reviewer-case-bundle",
        "format_version": 1,
        "case": {"reference": f"BENCH-{text_pages}-{scanned_pages}", "service": "peer_review"},
        "claimant": {"name": {"given": "Bench", "family": "Mark"}},
        "questions": [{"id": "q1", "text": "Is the treatment medically necessary?", "topic": "necessity"}],
        "records": [
            {"path": f"records/{p.name}", "sha256": hashlib.sha256(p.read_bytes()).hexdigest()} for p in entries
        ],
    }
    (folder / "case.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder
