"""What the physician types in the search field: words, "quoted phrases" and prefix*."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+(?:[-'.]\w+)*\*?", re.UNICODE)


@dataclass(frozen=True)
class SearchTerm:
    """One thing to find: a word, a word prefix, or a phrase (several words in order)."""

    words: tuple[str, ...]
    prefix: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    @property
    def text(self) -> str:
        return " ".join(self.words)


def parse_query(query: str) -> list[SearchTerm]:
    """Split a query into terms; punctuation other than in-word hyphens and dots is ignored.

    ``"straight leg raise" radicul* L4-5`` gives a phrase, a prefix and a word.
    """
    terms: list[SearchTerm] = []
    for match in _TOKEN.finditer(query):
        phrase, word = match.group(1), match.group(2)
        if phrase is not None:
            words = tuple(w.rstrip("*") for w in _WORD.findall(phrase))
            if words:
                terms.append(SearchTerm(words=words))
            continue
        for piece in _WORD.findall(word or ""):
            prefix = piece.endswith("*")
            core = piece.rstrip("*")
            if core:
                terms.append(SearchTerm(words=(core,), prefix=prefix))
    return terms
