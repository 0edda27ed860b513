"""Loading the report forms and overlays: the shipped ones in ``forms/`` and a practice's own folder."""

from __future__ import annotations

import threading
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from reviewer_app.domain.case import CaseDetails
from reviewer_app.domain.forms import FormDefinition, FormError, Overlay, parse_form, parse_overlay
from reviewer_app.resources import forms_path


@dataclass
class FormLibrary:
    """Every usable form (by id) and overlay, and notes on practice files that were not used."""

    forms: dict[str, FormDefinition] = field(default_factory=dict)
    overlays: dict[str, Overlay] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def form(self, form_id: str) -> FormDefinition:
        """The form with this id; FormError names the installed ones when it is absent."""
        try:
            return self.forms[form_id]
        except KeyError:
            installed = ", ".join(sorted(self.forms)) or "none"
            raise FormError(
                "forms", [f"the report form {form_id!r} is not installed (installed: {installed})"]
            ) from None

    def form_for(self, case: CaseDetails) -> FormDefinition:
        """The case's form: the manifest's ``form``, else the default of the case's service."""
        return self.form(case.form_id)

    def overlays_for(self, case: CaseDetails) -> list[Overlay]:
        """The overlays whose jurisdiction, line of business and service match the case, by id."""
        return [o for _, o in sorted(self.overlays.items()) if o.applies_to(case)]


def _display(path: Path) -> str:
    """How a file is named in messages: relative to the project for shipped forms, else in full."""
    root = forms_path().parent
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _toml_files(folder: Path) -> Iterator[Path]:
    # Forms sit in the folder; overlays may sit there too or in overlays/ (the shipped layout).
    yield from sorted(folder.glob("*.toml"))
    yield from sorted((folder / "overlays").glob("*.toml"))


def _read(path: Path) -> dict[str, Any]:
    source = _display(path)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise FormError(source, [f"not valid TOML: {exc}"]) from exc
    except OSError as exc:
        raise FormError(source, [f"cannot be read: {exc.strerror or exc}"]) from exc


def _read_folder(folder: Path) -> tuple[list[FormDefinition], list[Overlay]]:
    forms: list[FormDefinition] = []
    overlays: list[Overlay] = []
    for path in _toml_files(folder):
        document = _read(path)
        source = _display(path)
        if "overlay" in document:
            overlays.append(parse_overlay(document, source))
        else:
            forms.append(parse_form(document, source))
    _refuse_duplicates("form.id", [(f.id, f.source) for f in forms])
    _refuse_duplicates("overlay.id", [(o.id, o.source) for o in overlays])
    return forms, overlays


def _refuse_duplicates(key: str, items: list[tuple[str, str]]) -> None:
    first: dict[str, str] = {}
    for item_id, source in items:
        if item_id in first:
            raise FormError(source, [f"{key}: {item_id!r} is also the id of {first[item_id]}"])
        first[item_id] = source


def load_forms(extra_folder: Path | None = None) -> FormLibrary:
    """Read every form and overlay shipped in ``forms/``, then a practice's folder when given.

    A practice file replaces a shipped one with the same id only when its version is higher, so an
    application update that improves a form is not silently masked by an older practice copy.
    Any bad file raises FormError naming the file and the key path, so it is fixed rather than skipped.
    """
    library = FormLibrary()
    forms, overlays = _read_folder(forms_path())
    library.forms = {f.id: f for f in forms}
    library.overlays = {o.id: o for o in overlays}
    if extra_folder is None:
        return library
    if not extra_folder.is_dir():
        raise FormError(str(extra_folder), ["the practice's forms folder does not exist"])
    extra_forms, extra_overlays = _read_folder(extra_folder)
    _merge("form", library.forms, extra_forms, library.notes)
    _merge("overlay", library.overlays, extra_overlays, library.notes)
    return library


_Item = TypeVar("_Item", FormDefinition, Overlay)


def _merge(kind: str, shipped: dict[str, _Item], practice: list[_Item], notes: list[str]) -> None:
    for item in practice:
        current = shipped.get(item.id)
        if current is None or item.version > current.version:
            shipped[item.id] = item
        else:
            notes.append(
                f"{item.source}: {kind} {item.id!r} version {item.version} is not used; "
                f"the application's version {current.version} is newer or the same"
            )


# What a folder of forms looks like without reading it: each *.toml file's name, size and mtime.
_Fingerprint = tuple[tuple[str, int, int], ...]

# A file changed within this long of being parsed may have changed again within the same
# mtime tick (2 s on FAT, coarse on network shares): it is parsed once more rather than trusted.
_MTIME_TICK_NS = 2_000_000_000


@dataclass(frozen=True)
class _Cached:
    fingerprint: _Fingerprint
    library: FormLibrary
    parsed_at_ns: int

    def still_valid(self, fingerprint: _Fingerprint) -> bool:
        newest = max((mtime for _, _, mtime in fingerprint), default=0)
        return fingerprint == self.fingerprint and newest < self.parsed_at_ns - _MTIME_TICK_NS


_cache_lock = threading.Lock()
_cache: dict[Path | None, _Cached] = {}


def _fingerprint(folders: list[Path]) -> _Fingerprint:
    """A cheap stat of every form file: a change of name set, size or mtime means parse again."""
    entries = []
    for folder in folders:
        for path in _toml_files(folder):
            try:
                stat = path.stat()
            except OSError:
                continue  # gone between listing and stat: the set of names differs anyway
            entries.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


def practice_forms_folder(data_dir: Path) -> Path | None:
    """The practice's own forms folder in the data folder, or None when it has none."""
    folder = data_dir / "forms"
    return folder if folder.is_dir() else None


def forms_of_data_folder(data_dir: Path) -> FormLibrary:
    """The forms a data folder uses (shipped and the practice's own), parsed once and kept.

    Every edit the physician saves asks for the forms; parsing them each time cost tens of
    milliseconds, so the library is kept per folder and parsed again only when a form file is
    added, removed or changed (a stat of the files, no read). Treat the result as read-only.
    A bad file raises FormError each time, until it is fixed.
    """
    extra = practice_forms_folder(data_dir)
    folders = [forms_path()] + ([extra] if extra is not None else [])
    key = extra.resolve() if extra is not None else None
    fingerprint = _fingerprint(folders)
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None and cached.still_valid(fingerprint):
        return cached.library
    parsed_at_ns = time.time_ns()
    library = load_forms(extra)
    with _cache_lock:
        _cache[key] = _Cached(fingerprint, library, parsed_at_ns)
    return library
