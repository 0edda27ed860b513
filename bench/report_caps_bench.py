"""Report figures at the bundle caps (issue #11): the draft of a case holding as much as a bundle may.

Three cases, each built, imported and drafted in a process of its own so that each peak RSS is
its own: 1,000 referral questions of 20,000 characters each (the caps), 1,000 questions of a
normal size (about 300 characters), and 20,000 records (small text records sharing one file, so
the import is quick) with 50,000 billing lines. Prints the time of ``draft_report`` (what the
preview and ``reviewer report`` call) and the process's peak RSS before and after it; asserts
nothing. Usage: python bench/report_caps_bench.py [--case long-questions|questions|records] [--profile]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import WORDS

from reviewer_app.services.data_folder import DataFolder

TOPICS = ("causation", "diagnosis", "mmi", "future_care", "other", "apportionment", "documentation")
QUESTION_CHARS = 20_000  # ManifestLimits.long_text
QUESTIONS = 1_000  # ManifestLimits.questions
RECORDS = 20_000  # ManifestLimits.records
BILLING_LINES = 50_000  # ManifestLimits.billing_lines


def _prose(rng: random.Random, chars: int) -> str:
    """Words in sentences, a paragraph break every 800 characters or so, as a long referral question is."""
    out: list[str] = []
    size = 0
    while size < chars:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 18))).capitalize() + ". "
        if rng.random() < 0.08:
            sentence += "\n\n"
        out.append(sentence)
        size += len(sentence)
    return "".join(out)[:chars].rstrip() + "?"


def _manifest(reference: str) -> dict[str, object]:
    return {
        "format": "reviewer-case-bundle",
        "format_version": 1,
        "case": {"reference": reference, "service": "peer_review", "jurisdiction": "CA"},
        "claimant": {"name": {"given": "Bench", "family": "Mark"}, "claim_number": "WC-00-000011"},
        "questions": [],
        "records": [],
    }


def _write(folder: Path, manifest: dict[str, object], files: dict[str, bytes], copies: int = 1) -> Path:
    records = folder / "records"
    records.mkdir(parents=True)
    entries = []
    for name, data in files.items():
        sha = hashlib.sha256(data).hexdigest()
        for copy in range(copies):
            path = records / (f"{copy:05d}-{name}" if copies > 1 else name)
            path.write_bytes(data)
            entries.append({"path": f"records/{path.name}", "sha256": sha})
    manifest["records"] = entries
    (folder / "case.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def question_texts(chars: int) -> list[str]:
    rng = random.Random(chars)
    return [_prose(rng, chars) for _ in range(QUESTIONS)]


def question_bundle(folder: Path, chars: int) -> tuple[Path, str]:
    """1,000 questions; those of 20,000 characters are stored after the import (below)."""
    reference = f"CAPS-Q-{chars}"
    manifest = _manifest(reference)
    # 1,000 questions of 20,000 characters make a 20 MB case.json, beyond the manifest's own 16 MiB
    # cap: the bundle carries short texts and the long ones are written into the stored case.
    texts = question_texts(chars) if chars < 10_000 else ["Question to be stored."] * QUESTIONS
    manifest["questions"] = [
        {"id": f"q{n}", "text": text, "topic": TOPICS[n % len(TOPICS)]} for n, text in enumerate(texts, 1)
    ]
    return _write(folder, manifest, {"note.txt": b"Progress note.\nLow back pain, improving.\n"}), reference


def store_long_questions(folder: DataFolder, reference: str, chars: int) -> None:
    """Each question of the stored case given its ``chars``-character text, as a bundle at the caps would."""
    from sqlalchemy import select

    from reviewer_app.storage.models import CaseRow

    texts = question_texts(chars)
    with folder.database.transaction() as session:
        case = session.scalars(select(CaseRow).where(CaseRow.reference == reference)).one()
        for row, text in zip(case.questions, texts, strict=True):
            row.text = text


def records_bundle(folder: Path) -> tuple[Path, str]:
    rng = random.Random(7)
    reference = "CAPS-RECORDS"
    manifest = _manifest(reference)
    manifest["questions"] = [{"id": "q1", "text": "Is the treatment medically necessary?", "topic": "other"}]
    manifest["billing"] = [
        {
            "date_of_service": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "code": str(97000 + rng.randint(0, 999)),
            "code_system": "CPT",
            "units": rng.randint(1, 4),
            "charge": rng.randint(40, 900),
            "provider": "Coast Physical Therapy",
            "diagnosis_codes": ["M54.16"],
        }
        for _ in range(BILLING_LINES)
    ]
    bundle = _write(folder, manifest, {"note.txt": b"Progress note.\nLow back pain, improving.\n"}, copies=RECORDS)
    entries = manifest["records"]
    assert isinstance(entries, list)
    for n, entry in enumerate(entries):
        entry["title"] = f"Physical therapy daily note {n + 1}, lumbar spine"
        entry["provider"] = "Coast Physical Therapy"
        entry["date_from"] = f"2026-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
    (bundle / "case.json").write_text(json.dumps(manifest), encoding="utf-8")
    return bundle, reference


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def run_case(kind: str, queue: multiprocessing.Queue, profile: bool = False) -> None:  # type: ignore[type-arg]
    from reviewer_app.services.cases import find_case
    from reviewer_app.services.data_folder import open_data_folder
    from reviewer_app.services.importing import import_bundle
    from reviewer_app.services.reporting import draft_report
    from tests.reports.demo_findings import fill_from_template_examples

    with tempfile.TemporaryDirectory() as scratch:
        folder = open_data_folder(Path(scratch) / "data")
        try:
            started = time.perf_counter()
            if kind == "records":
                bundle, reference = records_bundle(Path(scratch) / "bundle")
            else:
                chars = QUESTION_CHARS if kind == "long-questions" else 300
                bundle, reference = question_bundle(Path(scratch) / "bundle", chars)
            import_bundle(folder, bundle)
            if kind == "long-questions":
                store_long_questions(folder, reference, QUESTION_CHARS)
            fill_from_template_examples(folder, reference)
            prepared = time.perf_counter() - started
            before = _peak_mb()
            started = time.perf_counter()
            if profile:
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                pdf = profiler.runcall(draft_report, folder, find_case(folder, reference))
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
            else:
                pdf = draft_report(folder, find_case(folder, reference))
            draft_s = time.perf_counter() - started
            pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page")
            queue.put((kind, prepared, draft_s, pages, len(pdf), before, _peak_mb()))
        finally:
            folder.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--case", choices=("long-questions", "questions", "records"), action="append")
    parser.add_argument("--profile", action="store_true", help="print where the draft's time goes (cProfile)")
    args = parser.parse_args()
    kinds = args.case or ["questions", "long-questions", "records"]
    context = multiprocessing.get_context("spawn")
    heading = f"{'case':<16}{'built (s)':>10}{'draft (s)':>10}{'pages':>7}{'PDF MB':>8}"
    print(f"{heading}{'RSS before':>12}{'peak RSS':>10}  (MB)")
    for kind in kinds:
        queue = context.Queue()
        process = context.Process(target=run_case, args=(kind, queue, args.profile))
        process.start()
        name, prepared, draft_s, pages, size, before, peak = queue.get()
        process.join()
        print(f"{name:<16}{prepared:>10.1f}{draft_s:>10.1f}{pages:>7}{size / 1e6:>8.1f}{before:>12.0f}{peak:>10.0f}")
    print("goal: the capped cases well under a minute and 1.5 GB; 1,000 normal questions in seconds")


if __name__ == "__main__":
    main()
