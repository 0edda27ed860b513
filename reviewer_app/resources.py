"""The one way to reach files in ``resources/`` and ``forms/``, from a checkout or an install."""

from __future__ import annotations

from pathlib import Path

_PROJECT_ROOT = Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    """Path of a file or folder under ``resources/`` (icons, stylesheet, demo sources)."""
    return _PROJECT_ROOT.joinpath("resources", *parts)


def forms_path() -> Path:
    """The folder of the report forms shipped with the application."""
    return _PROJECT_ROOT / "forms"
