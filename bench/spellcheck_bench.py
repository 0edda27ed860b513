"""Spell check of a 2,000-word rationale on the GUI thread, as the long-text editor does it.

Goal (issue 15): the whole rationale checked in under 50 ms on the GUI thread. Measures, offscreen,
in the real editor (NarrativeEdit with its SpellHighlighter and services.spelling.Spelling):
- opening: the rationale shown in the editor and every block highlighted, first with an empty cache
  (a new case) and then with the words already known (another field of the same case);
- a keystroke: one letter typed in the middle, which re-checks only the changed paragraph;
- the words/s of the checker alone with an empty cache (Enchant, both dictionaries).
Prints figures; asserts nothing. Usage: QT_QPA_PLATFORM=offscreen python bench/spellcheck_bench.py [--words 2000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from reviewer_app.domain.spelling import words_to_check
from reviewer_app.services.spelling import Spelling
from reviewer_app.ui.narrative_edit import NarrativeEdit

SENTENCES = [
    "The claimant reports **persistent** low back pain radiating to the left lower extremity since the injury.",
    "Lumbar MRI dated 03/14/2026 shows a broad-based disc protrusion at L4-5 with mild neuroforaminal narrowing.",
    "Electrodiagnostic testing did not demonstrate an acute radiculopathy; paraspinal muscles were unremarkable.",
    "She completed twelve sessions of physical therapy and a trial of gabapentin, duloxetine and cyclobenzaprine.",
    "On examination there was tenderness over the sacroiliac joint, negative straight leg raise and intact reflexes.",
    "The requested transforaminal epidural steroid injection is not supported by the *guideline* criteria cited.",
    "Ms. Ortega was evaluated by Dr. Okonkwo at Brightwater Spine, who recommended a functional capacity evaluation.",
    "There is no documentation of a recent home exercise program or of the response to the prior injection.",
    "The claimant has a history of hypertension and type 2 diabetes mellitus, both controlled with medication.",
    "In my opinion the mechanism of injury is consistent with a lumbar strain superimposed on degenerative changes.",
]
TYPOS = ["radiculopahty", "teh", "gabapentine", "tendernes", "lumbr"]


def rationale(words: int, seed: int = 7) -> str:
    """About ``words`` words in paragraphs of four sentences, with a typo every ~100 words."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    count = 0
    while count < words:
        paragraph = []
        for _ in range(4):
            sentence = rng.choice(SENTENCES)
            if rng.random() < 0.1:
                sentence = sentence.replace("the ", f"the {rng.choice(TYPOS)} ", 1)
            paragraph.append(sentence)
            count += len(sentence.split())
        paragraphs.append(" ".join(paragraph))
    return "\n\n".join(paragraphs)


def show_and_highlight(edit: NarrativeEdit, speller: Spelling, text: str) -> float:
    """Milliseconds to show ``text`` and highlight every block (layout of the document included)."""
    edit.set_checker(None)
    edit.set_narrative("")
    start = time.perf_counter()
    edit.set_narrative(text)
    edit.set_checker(speller)
    QApplication.processEvents()  # the highlighter's first pass over every block runs from the event loop
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    text = rationale(args.words)
    edit = NarrativeEdit()
    edit.resize(700, 500)
    edit.show()
    app.processEvents()
    start = time.perf_counter()
    probe = Spelling(None, ["Ortega", "Okonkwo", "Brightwater"])
    loading = (time.perf_counter() - start) * 1000
    if probe.unavailable:
        print(probe.unavailable)
        return
    words = sum(1 for line in text.split("\n") for _ in words_to_check(line))
    print(f"rationale: {len(text.split())} words ({words} checked), {text.count(chr(10) * 2) + 1} paragraphs")

    without_check: list[float] = []
    cold: list[float] = []
    warm: list[float] = []
    for _ in range(args.runs):
        edit.set_checker(None)
        edit.set_narrative("")
        start = time.perf_counter()
        edit.set_narrative(text)
        QApplication.processEvents()
        without_check.append((time.perf_counter() - start) * 1000)
        speller = Spelling(None, ["Ortega", "Okonkwo", "Brightwater"])
        cold.append(show_and_highlight(edit, speller, text))
        warm.append(show_and_highlight(edit, speller, text))
    flagged = sum(1 for line in text.split("\n") for w in words_to_check(line) if not speller.check(w.text))

    start = time.perf_counter()
    highlighter = edit.highlighter
    assert highlighter is not None
    highlighter.rehighlight()
    check_only = (time.perf_counter() - start) * 1000

    keystrokes: list[float] = []
    cursor = QTextCursor(edit.document().findBlockByNumber(edit.document().blockCount() // 2))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    for _ in range(50):
        start = time.perf_counter()
        cursor.insertText("s")
        keystrokes.append((time.perf_counter() - start) * 1000)

    fresh = Spelling(None)
    unique = sorted({w.text for line in text.split("\n") for w in words_to_check(line)})
    start = time.perf_counter()
    for word in unique:
        fresh.check(word)
    per_word = (time.perf_counter() - start) / len(unique) * 1e6

    median = statistics.median
    print(f"loading Enchant and both dictionaries (first case of a run): {loading:.0f} ms")
    print(f"misspellings underlined: {flagged}")
    print(f"show the rationale without spell check: median {median(without_check):.1f} ms")
    print(
        f"show + check every block, new case (empty cache): median {median(cold):.1f} ms, "
        f"worst {max(cold):.1f} ms (goal: under 50 ms)"
    )
    print(f"show + check every block, words already known: median {median(warm):.1f} ms, worst {max(warm):.1f} ms")
    print(f"re-check the whole document (cache warm, no layout): {check_only:.1f} ms")
    print(
        "a keystroke (the changed paragraph re-checked): "
        + f"median {median(keystrokes):.2f} ms, worst {max(keystrokes):.2f} ms"
    )
    print(f"Enchant per new word (en_US + en_med): {per_word:.0f} µs, {len(unique)} distinct words")


if __name__ == "__main__":
    main()
