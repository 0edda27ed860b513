"""What spell check looks at: the words of a line, and the case's own words that are never misspellings.

The checking itself is Enchant's with Debian's dictionaries (services/spelling.py); this module only
decides which stretches of text are words to check, so the editor and the benchmark agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from reviewer_app.domain.case import CaseDetails

# Letters with inner apostrophes or hyphens ("patient's", "non-tender"); digits make a token that is
# never checked (L4-5, C5-6, 2x, 10mg), as do all-capital abbreviations (MRI, EMG, ODG).
_TOKEN = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")


@dataclass(frozen=True)
class Word:
    """A word to check and where it starts in its line."""

    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def words_to_check(line: str) -> Iterator[Word]:
    """The words of ``line`` spell check looks at: no numbers, codes or abbreviations in capitals."""
    for match in _TOKEN.finditer(line):
        token = match.group()
        if any(c.isdigit() or c == "_" for c in token):
            continue
        if len(token) < 2 or (token.isupper() and len(token) <= 6):
            continue
        yield from _parts(token, match.start())


def _parts(token: str, start: int) -> Iterator[Word]:
    """A hyphenated word is checked part by part ("non-tender", "sacroiliac-joint")."""
    if "-" not in token:
        yield Word(start, token.rstrip("'’"))
        return
    offset = 0
    for piece in token.split("-"):
        if len(piece) >= 2 and not piece.isupper():
            yield Word(start + offset, piece)
        offset += len(piece) + 1


def case_words(details: CaseDetails, more: Iterable[str] = ()) -> set[str]:
    """The words of the case's own names: claimant, employer, providers, facilities, diagnoses, body
    parts, requested services and anything else the referral names (``more``: the records' providers).

    Spell check never flags them: "Dvořák" and "Meadowbrook Orthopaedics" are spelled as the referral
    spells them.
    """
    texts: list[str] = [
        details.claimant.name.given or "",
        details.claimant.name.family or "",
        details.claimant.employer or "",
        details.claimant.occupation or "",
        details.vendor.name,
        *(s.description for s in details.requested_services),
        *more,
    ]
    for mapping in (details.claim, details.parties, details.exam):
        texts += list(_strings(mapping))
    words: set[str] = set()
    for text in texts:
        words.update(word.text for word in words_to_check(text))
    return words


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
