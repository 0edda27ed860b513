"""What kind of file a record is, from its first bytes."""

from __future__ import annotations

from reviewer_app.domain.case import MediaType


def sniff_media_type(head: bytes, file_name: str) -> MediaType:
    """The file's type from its first bytes; the name only decides plain text."""
    if b"%PDF-" in head[:1024]:  # real-world PDFs may carry junk before the header
        return MediaType.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return MediaType.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return MediaType.JPEG
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return MediaType.TIFF
    if file_name.lower().endswith(".txt"):
        return MediaType.TEXT
    return MediaType.UNKNOWN
