"""Dictation's words: the case's terms a dictation is biased to, and how far a transcript is from what was said.

Pure Python: the speech model (services/dictation.py) is told these terms as its prompt, so that
"lumbar strain" said aloud comes back as "lumbar strain" and a provider's surname is spelled as in
the records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reviewer_app.domain.case import Case

# Whisper reads at most 224 prompt tokens and keeps the last ones; ~600 characters stays under that
# with room, so the case's first (most specific) terms are not the ones cut.
MAX_PROMPT_CHARACTERS = 600

# Words of a question or service that are grammar, not a term worth biasing the model to.
_PLAIN_WORDS = frozenset(
    " ".join(
        (
            "a an and are as at be been by causally current date does for from has have if in injury is it its",
            "medically necessary necessity of on or related requested same should than that the this to was what",
            "when which who will with within would appropriate reasonable treatment claimant patient",
        )
    ).split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")


@dataclass(frozen=True)
class Transcript:
    """What the speech model heard: the text, how long the audio was and which model heard it."""

    text: str
    seconds: float
    model: str


def case_terms(case: Case, extra: Iterable[str] = ()) -> tuple[str, ...]:
    """The case's own words a dictation about it is likely to use, most specific first, without repeats.

    The claimant's and providers' names, the requested services ("Lumbar epidural steroid
    injection L4-5"), the diagnoses (``extra``: the ICD-10 descriptions the services layer looks
    up), the mechanism of injury and the medical words of the referral questions.
    """
    details = case.details
    found: list[str] = []
    found.extend(extra)
    found.extend(service.description for service in details.requested_services)
    providers = [p.get("name", "") for p in details.parties.get("treating_providers", ()) if isinstance(p, dict)]
    found.extend(name for name in providers if isinstance(name, str))
    found.extend(record.provider for record in case.records if record.provider)
    found.extend(service.requested_by for service in details.requested_services if service.requested_by)
    claimant = details.claimant.name
    found.append(f"{claimant.given} {claimant.family}".strip())
    if details.claimant.mechanism_of_injury:
        found.append(details.claimant.mechanism_of_injury)
    for question in details.questions:
        found.extend(_medical_words(question.text))
    return _unique(term.strip() for term in found if term and term.strip())


def speaking_prompt(terms: Sequence[str]) -> str:
    """The terms as the model's prompt: a comma-separated glossary, cut to what the model reads."""
    prompt = ""
    for term in terms:
        candidate = f"{prompt}, {term}" if prompt else term
        if len(candidate) > MAX_PROMPT_CHARACTERS:
            break
        prompt = candidate
    return f"{prompt}." if prompt else ""


def word_error_rate(reference: str, heard: str) -> float:
    """Word error rate: (substitutions + deletions + insertions) / words said, ignoring case and punctuation."""
    said, got = _words(reference), _words(heard)
    if not said:
        return 0.0 if not got else 1.0
    previous = list(range(len(got) + 1))
    for i, word in enumerate(said, 1):
        current = [i]
        for j, other in enumerate(got, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != other)))
        previous = current
    return previous[-1] / len(said)


def _words(text: str) -> list[str]:
    return [w.casefold().strip("'-") for w in re.findall(r"[\w'\-]+", text)]


def _medical_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if w.casefold() not in _PLAIN_WORDS and len(w) > 3]


def _unique(terms: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    kept: list[str] = []
    for term in terms:
        key = term.casefold()
        if key not in seen:
            seen.add(key)
            kept.append(term)
    return tuple(kept)


def corrected_to_terms(text: str, terms: Sequence[str], score: float = 88.0) -> str:
    """``text`` with runs of words that sound-alike-spell a case term ("cyclobensa pren") replaced by the term.

    A post-correction against the case's vocabulary (rapidfuzz's ratio over the letters, ignoring
    case and spaces); bench/dictation_bench.py measures it against the model's prompt alone.
    """
    from rapidfuzz import fuzz

    words = text.split()
    vocabulary = [t for t in {w for term in terms for w in _WORD.findall(term)} if len(t) > 5]
    known = {t.casefold() for t in vocabulary}
    out: list[str] = []
    i = 0
    while i < len(words):
        best: tuple[float, int, str] | None = None
        for span in (2, 1):
            window = words[i : i + span]
            if len(window) < span or any(len(w) < 3 or w.strip(".,;:!?").casefold() in known for w in window):
                continue
            joined = "".join(window)
            core = joined.strip(".,;:!?")
            for term in vocabulary:
                if core.casefold() == term.casefold():
                    continue
                found = fuzz.ratio(core.casefold(), term.casefold())
                if found >= score and (best is None or found > best[0]):
                    best = (found, span, joined.replace(core, term))
        if best is None:
            out.append(words[i])
            i += 1
        else:
            out.append(best[2])
            i += best[1]
    return " ".join(out)
