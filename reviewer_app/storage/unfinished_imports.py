"""The rows an import writes before its case: removed again when the import does not finish.

An import saves each file's row and page text in a short transaction of its own (so that an
answer typed meanwhile never waits long), and links them to a case only in its last one. Until
then no record refers to them: that is how a refused, cancelled or killed import's rows are
told apart, and removed, leaving nothing behind.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reviewer_app.storage.models import FilePageRow, RecordRow, StoredFileRow


class UnfinishedImports:
    """Stored files no record refers to: what an import that did not finish left in the database."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def remove(self, sha256s: Collection[str]) -> None:
        """Remove these stored files and their pages, unless a record has come to refer to one."""
        if sha256s:
            self._remove(set(sha256s) - self._referenced(sha256s))

    def remove_all(self) -> list[str]:
        """Remove every stored file no record refers to (a killed import's); return their digests."""
        unused = list(
            self.session.scalars(
                select(StoredFileRow.sha256).where(StoredFileRow.sha256.not_in(select(RecordRow.sha256)))
            )
        )
        self._remove(set(unused))
        return unused

    def _referenced(self, sha256s: Collection[str]) -> set[str]:
        return set(self.session.scalars(select(RecordRow.sha256).where(RecordRow.sha256.in_(list(sha256s)))))

    def _remove(self, sha256s: set[str]) -> None:
        if not sha256s:
            return
        self.session.execute(delete(FilePageRow).where(FilePageRow.sha256.in_(sha256s)))
        self.session.execute(delete(StoredFileRow).where(StoredFileRow.sha256.in_(sha256s)))
