"""The peer review's recommendation as the IME that follows it reads it: the handoff between the two."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SECTION = "recommendation"


@dataclass(frozen=True)
class OpenQuestion:
    """A question the records could not answer, and why an examination can."""

    question: str
    reason: str = ""


@dataclass(frozen=True)
class Handoff:
    """What the peer reviewer left for the examining physician."""

    reference: str  # the peer review's case reference
    ime_needed: bool | None
    open_questions: tuple[OpenQuestion, ...] = ()
    exam_focus: str = ""
    records_to_request: str = ""
    specialty_to_match: str = ""

    @property
    def empty(self) -> bool:
        """True when the peer reviewer left no recommendation at all."""
        return self.ime_needed is None and not (
            self.open_questions or self.exam_focus or self.records_to_request or self.specialty_to_match
        )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def handoff_from_answers(reference: str, answers: Mapping[str, Any]) -> Handoff:
    """The handoff from a peer review's answers (``recommendation.*`` fields); missing answers are left empty."""
    ime_needed = answers.get(f"{SECTION}.ime_needed")
    rows = answers.get(f"{SECTION}.open_questions")
    questions = tuple(
        OpenQuestion(_text(row.get("question")), _text(row.get("reason")))
        for row in (rows if isinstance(rows, list) else [])
        if isinstance(row, Mapping) and _text(row.get("question"))
    )
    return Handoff(
        reference=reference,
        ime_needed=ime_needed if isinstance(ime_needed, bool) else None,
        open_questions=questions,
        exam_focus=_text(answers.get(f"{SECTION}.exam_focus")),
        records_to_request=_text(answers.get(f"{SECTION}.records_to_request")),
        specialty_to_match=_text(answers.get(f"{SECTION}.specialty_to_match")),
    )
