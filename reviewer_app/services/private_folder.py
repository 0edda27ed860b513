"""The data folder kept private: only its owner may read it (names, records, findings, the signing key).

Folders are 0700 and files 0600 whatever the umask: the process's umask is set to 0o077 when a
data folder is opened, so every file written afterwards (database, WAL, records, logs, reports,
backups) is born private, and what an earlier version or a hand-made copy left readable is fixed.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from reviewer_app.domain.errors import ReviewerError

log = logging.getLogger(__name__)

PRIVATE_UMASK = 0o077
FOLDER_MODE = 0o700
FILE_MODE = 0o600


def make_private(folder: Path, *, reading: bool) -> str | None:
    """Make ``folder`` and everything in it readable by its owner only.

    Returns a warning when something could not be fixed and the command only reads (a read-only
    folder or disk); a command that writes is refused with a ReviewerError instead.
    """
    os.umask(PRIVATE_UMASK)
    unfixed: list[Path] = []
    for path in _everything(folder):
        try:
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                continue  # a link's own mode means nothing; what it points to is not ours to change
            wanted = FOLDER_MODE if stat.S_ISDIR(mode) else FILE_MODE
            if stat.S_IMODE(mode) & 0o077:
                os.chmod(path, stat.S_IMODE(mode) & 0o700 | wanted)
        except OSError:
            unfixed.append(path)
    if not unfixed:
        return None
    message = (
        f"The data folder {folder} can be read by other users of this computer, and its permissions cannot be "
        f"changed ({len(unfixed)} file(s) or folder(s), e.g. {unfixed[0]}): make them yours and readable by you "
        f"only (chmod -R go-rwx {folder})"
    )
    if reading:
        log.warning("data folder permissions could not be made private (%s paths)", len(unfixed))
        return message + "."
    raise ReviewerError(message + "; nothing was changed.")


def _everything(folder: Path) -> list[Path]:
    found = [folder]
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        found += [base / name for name in dirs]
        found += [base / name for name in files]
    return found
