"""What `reviewer purge` removes from the database: a case's record files and their text."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from reviewer_app.storage.models import BookmarkRow, FilePageRow, HighlightRow, RecordRow, StoredFileRow


class PurgeRepository:
    """What `reviewer purge` removes: a case's record files and their text, where no other case needs them."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def purge_records(self, case_id: int) -> tuple[int, set[str]]:
        """Mark the case's records not yet purged as purged; return how many, and the stored files
        no unpurged record uses any more.

        The rows of those files (and their page text) are deleted; the caller removes the files
        from the record store after the transaction commits. A second purge finds no record left
        and returns ``(0, set())``: the files it named the first time are gone already.
        """
        left = (RecordRow.case_id == case_id) & RecordRow.purged.is_(False)
        mine = set(self.session.scalars(select(RecordRow.sha256).where(left)))
        purged = self.session.scalar(select(func.count()).select_from(RecordRow).where(left)) or 0
        if not purged:
            return 0, set()
        self.session.execute(update(RecordRow).where(left).values(purged=True))
        # The physician's highlights quote the records; they are working marks, not the report: they go too.
        self.session.execute(delete(HighlightRow).where(HighlightRow.case_id == case_id))
        self.session.execute(delete(BookmarkRow).where(BookmarkRow.case_id == case_id))
        still_used = set(
            self.session.scalars(
                select(RecordRow.sha256).where(RecordRow.sha256.in_(mine), RecordRow.purged.is_(False))
            )
        )
        unused = mine - still_used
        files = list(self.session.scalars(select(StoredFileRow).where(StoredFileRow.sha256.in_(unused))))
        removable = set(unused)
        for stored in files:
            if stored.viewable_sha256:
                removable.add(stored.viewable_sha256)
        ocr_copies = set(
            self.session.scalars(
                select(FilePageRow.ocr_pdf_sha256).where(
                    FilePageRow.sha256.in_(unused), FilePageRow.ocr_pdf_sha256.is_not(None)
                )
            )
        )
        removable |= {sha for sha in ocr_copies if sha}
        self.session.execute(delete(FilePageRow).where(FilePageRow.sha256.in_(unused)))
        # Keep the stored-file rows (the records list still shows media type and page count),
        # but say their bytes are gone.
        self.session.execute(update(StoredFileRow).where(StoredFileRow.sha256.in_(unused)).values(viewable_sha256=None))
        self.session.flush()
        return purged, removable
