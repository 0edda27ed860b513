"""Misspellings underlined as the physician types: a syntax highlighter over a long text's document.

Qt re-highlights only the blocks that change, and the checker caches its answer per word, so typing
in a 2,000-word rationale checks one line (bench/spellcheck_bench.py measures a whole document).
The underline is a red wave (a shape as well as a colour), and the word's context menu names it
("Spelling: …") above its suggestions.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextBlock, QTextCharFormat, QTextDocument

from reviewer_app.domain.spelling import Word, words_to_check


class Checker(Protocol):
    """What the highlighter asks (services.spelling.Spelling)."""

    def check(self, word: str) -> bool: ...

    def suggest(self, word: str) -> list[str]: ...

    def add_to_dictionary(self, word: str) -> None: ...

    def ignore(self, word: str) -> None: ...


def misspelling_format() -> QTextCharFormat:
    """A red wave underline (the document's bold and italic stay as they are)."""
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(QColor("#d32f2f"))
    return fmt


class SpellHighlighter(QSyntaxHighlighter):
    """Underlines the words the checker rejects in every block of ``document``."""

    def __init__(self, document: QTextDocument, checker: Checker) -> None:
        super().__init__(document)
        self.checker = checker
        self.underline = misspelling_format()

    def highlightBlock(self, text: str) -> None:
        for word in misspellings(text, self.checker):
            self.setFormat(word.start, len(word.text), self.underline)

    def misspelled_at(self, block: QTextBlock, position: int) -> Word | None:
        """The misspelled word at ``position`` in ``block`` (a position inside the block), if any."""
        for word in misspellings(block.text(), self.checker):
            if word.start <= position <= word.end:
                return word
        return None

    def recheck(self) -> None:
        """Underline again (after a word was added to the dictionary or ignored)."""
        self.rehighlight()


def misspellings(text: str, checker: Checker) -> list[Word]:
    """The words of ``text`` the checker rejects."""
    return [word for word in words_to_check(text) if not checker.check(word.text)]
