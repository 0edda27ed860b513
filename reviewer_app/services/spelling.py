"""Spell check with a medical vocabulary: Enchant with Debian's hunspell-en-us and hunspell-en-med.

hunspell-en-med ships a word list (``en_med_glut.dic``) meant to be read with the US English affix
rules, so it is offered to Enchant as a dictionary of its own, ``en_med``, whose affix file is
en_US's: "radiculopathies" is read from "radiculopathy/S" as Hunspell intends. A word is spelled right
when either dictionary, the physician's own dictionary (``spelling/my-words.txt`` in the data folder)
or the case's own words (claimant, providers, diagnoses, body parts) accept it.

When Enchant or the dictionaries are missing, :class:`Spelling` says why once (``unavailable``) and
accepts every word, so the editors work unchecked.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
import threading
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from rapidfuzz.distance import OSA

from reviewer_app.domain.case import Case
from reviewer_app.domain.spelling import case_words
from reviewer_app.services.data_folder import DataFolder

#: Where Debian installs Hunspell dictionaries.
HUNSPELL_DIRS = (Path("/usr/share/hunspell"), Path("/usr/share/myspell"))
ENGLISH = "en_US"
MEDICAL = "en_med"
MEDICAL_WORDS = "en_med_glut.dic"
MISSING_ENCHANT = (
    "Spell check is off: the Enchant library is not installed (Debian packages libenchant-2-2 and "
    "hunspell-en-us; `make setup` installs them). Everything else works."
)
MISSING_ENGLISH = (
    "Spell check is off: the US English dictionary is not installed (Debian package hunspell-en-us; "
    "`make setup` installs it). Everything else works."
)
MY_WORDS = Path("spelling") / "my-words.txt"
#: Suggestions offered for one word.
SUGGESTIONS = 6


def my_words_path(folder: DataFolder) -> Path:
    """The physician's own dictionary: one word a line, in the data folder (kept with its backups)."""
    return folder.path / MY_WORDS


def load_my_words(folder: DataFolder) -> set[str]:
    """The words the physician added ("Add to my dictionary")."""
    path = my_words_path(folder)
    try:
        return {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    except FileNotFoundError:
        return set()


def add_my_word(folder: DataFolder, word: str) -> None:
    """Keep ``word`` in the physician's dictionary (written whole, then moved into place)."""
    words = load_my_words(folder) | {word.strip()}
    path = my_words_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text("".join(f"{w}\n" for w in sorted(words)), encoding="utf-8")
    temporary.replace(path)


@cache
def _medical_dir() -> Path | None:
    """A folder Enchant's Hunspell provider reads ``en_med`` from: Debian's word list beside en_US's
    affix rules (links, made once a run in a temporary folder: nothing is downloaded or installed)."""
    words = next((d / MEDICAL_WORDS for d in HUNSPELL_DIRS if (d / MEDICAL_WORDS).is_file()), None)
    affixes = next((d / f"{ENGLISH}.aff" for d in HUNSPELL_DIRS if (d / f"{ENGLISH}.aff").is_file()), None)
    if words is None or affixes is None:
        return None
    root = Path(tempfile.mkdtemp(prefix="reviewer-spelling-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)  # Enchant has read the files by then
    (root / "hunspell").mkdir()
    (root / "hunspell" / f"{MEDICAL}.dic").symlink_to(words)
    (root / "hunspell" / f"{MEDICAL}.aff").symlink_to(affixes)
    return root


_ENCHANT_LOCK = threading.Lock()


@cache
def _dictionaries() -> tuple[list[Any], str | None]:
    """Enchant's English and medical dictionaries, and why spell check is off (None when it is on)."""
    with _ENCHANT_LOCK:
        try:
            medical_root = _medical_dir()
            if medical_root is not None:
                # Read when a broker is made: the folder with en_med is Enchant's config folder for this run.
                os.environ["ENCHANT_CONFIG_DIR"] = str(medical_root)
            import enchant  # type: ignore[import-untyped]  # late: a missing C library only turns spell check off
        except (ImportError, OSError):
            return [], MISSING_ENCHANT
        broker = enchant.Broker()
        if not broker.dict_exists(ENGLISH):
            return [], MISSING_ENGLISH
        found = [broker.request_dict(ENGLISH)]
        # dict_exists() answers False for a dictionary in the config folder until it is requested.
        if medical_root is not None and MEDICAL in broker.list_languages():
            with contextlib.suppress(enchant.errors.DictNotFoundError):
                found.append(broker.request_dict(MEDICAL))
        return found, None


class Spelling:
    """Spell check for one case: cached answers per word, the physician's and the case's own words."""

    def __init__(self, folder: DataFolder | None, case_words: Iterable[str] = ()) -> None:
        self.folder = folder
        self.dictionaries, self.unavailable = _dictionaries()
        self.known: set[str] = set(case_words) | (load_my_words(folder) if folder is not None else set())
        self.known_lower = {w.lower() for w in self.known}
        self._cache: dict[str, bool] = {}

    @property
    def medical(self) -> bool:
        """Whether the medical vocabulary is loaded."""
        return len(self.dictionaries) > 1

    def check(self, word: str) -> bool:
        """Whether ``word`` is spelled right (always True when spell check is off)."""
        answer = self._cache.get(word)
        if answer is None:
            answer = self._check(word)
            self._cache[word] = answer
        return answer

    def _check(self, word: str) -> bool:
        if not self.dictionaries or word in self.known or word.lower() in self.known_lower:
            return True
        word = word.replace("’", "'")
        return any(d.check(word) for d in self.dictionaries)

    def suggest(self, word: str) -> list[str]:
        """Replacements for a misspelled ``word`` from both dictionaries, the closest first.

        Closeness counts a swap of two letters as one edit ("teh" is one from "the"); ties keep
        English's order, then the medical vocabulary's.
        """
        out: list[str] = []
        for dictionary in self.dictionaries:
            for suggestion in dictionary.suggest(word):
                if suggestion not in out:
                    out.append(suggestion)
        out.sort(key=lambda s: OSA.distance(word.lower(), s.lower()))
        return out[:SUGGESTIONS]

    def add_to_dictionary(self, word: str) -> None:
        """Keep ``word`` in the physician's dictionary (data folder) and stop flagging it now."""
        if self.folder is not None:
            add_my_word(self.folder, word)
        self.ignore(word)

    def ignore(self, word: str) -> None:
        """Stop flagging ``word`` while this case is open."""
        self.known.add(word)
        self.known_lower.add(word.lower())
        self._cache.pop(word, None)


def case_spelling(folder: DataFolder, case: Case) -> Spelling:
    """The spell checker for ``case``: its own names are words, with the physician's dictionary."""
    return Spelling(folder, case_words(case.details))
