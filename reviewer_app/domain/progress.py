"""How long work reports progress and learns that the user cancelled it (no Qt here)."""

from __future__ import annotations

from typing import Protocol

from reviewer_app.domain.errors import Cancelled


class Progress(Protocol):
    """Passed to long work; the GUI adapts it to a progress bar with a Cancel button."""

    def report(self, done: int, total: int, message: str) -> None:
        """Say how far the work is (``done`` of ``total`` steps) and what it is doing."""

    def cancelled(self) -> bool:
        """True once the user asked to stop."""


class SilentProgress:
    """Progress that reports nowhere and is never cancelled (CLI defaults, tests)."""

    def report(self, done: int, total: int, message: str) -> None:
        return None

    def cancelled(self) -> bool:
        return False


def check_cancelled(progress: Progress, what: str = "The import") -> None:
    """Raise :class:`Cancelled` when the user asked to stop."""
    if progress.cancelled():
        raise Cancelled(what)
