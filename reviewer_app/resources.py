"""The one way to reach files in ``resources/`` and ``forms/``, from a checkout or an install.

The folders live at the top of the repository (where the team edits them); ``reviewer_app/shipped``
holds a symbolic link to each, so the package carries them: an editable install reads the checkout
through the links, and a wheel (setuptools follows the links when it builds) carries the files.
Either way they are found through :mod:`importlib.resources`, never relative to the working folder.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path


@cache
def _shipped(name: str) -> Path:
    folder = files("reviewer_app") / "shipped" / name
    if not isinstance(folder, Path):
        # Fonts go to ReportLab and Pillow, forms to glob(): they need real files on disk.
        raise RuntimeError(f"reviewer_app must be installed as files on disk; its {name} folder is at {folder}")
    # Resolved so that messages name a shipped form "forms/ime.toml" whether it is read in a
    # checkout (through the link) or from an installed wheel.
    return folder.resolve()


def resource_path(*parts: str) -> Path:
    """Path of a file or folder under ``resources/`` (icons, stylesheet, fonts, demo sources)."""
    return _shipped("resources").joinpath(*parts)


def forms_path() -> Path:
    """The folder of the report forms shipped with the application."""
    return _shipped("forms")
