"""Synthetic stand-ins for ``../shared/testdata/real-pdfs``: the same file names, oddities and manifest.

A clone with nothing beside it still tests import, text extraction, renditions and the viewer against
every kind of awkward PDF the shared corpus holds: encryption R2 to R6 (pikepdf), empty, user and
owner-only passwords, a non-ASCII password, a malformed encryption dictionary, broken and missing
cross-reference tables, a /Prev loop, truncation, fuzzed fragments, a third-party signature, a filled
form, rotation (own and inherited) and CCITT fax images. Each file is made here, from nothing.

``write_corpus(folder)`` writes the files and ``manifest.json`` (the shared manifest's keys: file,
pages, encrypted, user_password, oddity, sha256, origin).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import img2pdf  # type: ignore[import-untyped]
import pikepdf
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from reviewer_app.signing import create_local_ca, issue_signing_certificate, sign_pdf

PAPER_TITLE = "Trace-based Just-in-Time Type Specialization for Dynamic Languages"
PASSWORD_21579 = "pässwört"

# --- building blocks -----------------------------------------------------------------------------


def text_pdf(pages: list[list[str]], size: tuple[float, float] = letter) -> bytes:
    """A PDF with a text layer: each page's lines from the top, 11 pt Helvetica."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=size, invariant=1)
    for lines in pages:
        pdf.setFont("Helvetica", 11)
        for number, line in enumerate(lines):
            pdf.drawString(72, size[1] - 72 - 14 * number, line)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def potatoes(count: int) -> bytes:
    """``count`` pages reading "Potato 0", "Potato 1"...: the shape of qpdf's own test files."""
    return text_pdf([[f"Potato {number}"] for number in range(count)])


def classic_pdf(objects: list[bytes], trailer: bytes = b"/Root 1 0 R") -> bytes:
    """An uncompressed PDF with a classic cross-reference table, objects numbered from 1."""
    out = bytearray(b"%PDF-1.3\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d " % (len(objects) + 1) + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def stream(content: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


POTATO_PAGE = b"BT /F1 24 Tf 72 720 Td (Potato) Tj ET"
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def one_potato(page_extra: bytes = b"", pages_extra: bytes = b"") -> list[bytes]:
    """Catalog, page tree, page, contents and font of a one-page "Potato" PDF."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 " + pages_extra + b">>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> " + page_extra + b">>",
        stream(POTATO_PAGE),
        HELVETICA,
    ]


def resave(data: bytes, **options: Any) -> bytes:
    """``data`` written again by qpdf (pikepdf), e.g. encrypted; no object streams, fixed /ID."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "R=5 is deprecated": that is the point of the file
        pdf.save(out, static_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable, **options)
    return out.getvalue()


def encrypted(
    data: bytes, revision: Literal[2, 3, 4, 5, 6], user: str = "", owner: str = "master", *, denied: bool = False
) -> bytes:
    """``data`` encrypted by qpdf at ``revision``; ``denied`` refuses every permission to the user."""
    permissions = pikepdf.Permissions(**dict.fromkeys(PERMISSIONS, False)) if denied else pikepdf.Permissions()
    return resave(
        data,
        encryption=pikepdf.Encryption(
            owner=owner, user=user, R=revision, aes=revision >= 4, metadata=revision >= 4, allow=permissions
        ),
    )


PERMISSIONS = (
    "accessibility",
    "extract",
    "modify_annotation",
    "modify_assembly",
    "modify_form",
    "modify_other",
    "print_lowres",
    "print_highres",
)


def scanned_page(number: int) -> Image.Image:
    """A 1-bit fax page at 204 x 196 dpi: a letterhead box and lines of "writing", no text."""
    page = Image.new("1", (1728, 2200), 1)
    draw = ImageDraw.Draw(page)
    draw.rectangle((120, 120, 1600, 320), outline=0, width=6)
    for line in range(20):
        y = 420 + 80 * line
        draw.line((160, y, 1500 - 40 * ((line + number) % 7), y), fill=0, width=5)
    return page


def image_pages(count: int, compression: str) -> bytes:
    """An image-only PDF of ``count`` scanned pages; group4 gives CCITTFax images with DecodeParms."""
    pdf = pikepdf.new()
    for number in range(count):
        page = scanned_page(number)
        tiff = io.BytesIO()
        page.save(tiff, "TIFF", compression=compression, dpi=(204, 196))
        with pikepdf.open(io.BytesIO(_image_to_pdf(tiff.getvalue()))) as single:
            pdf.pages.extend(single.pages)
    out = io.BytesIO()
    pdf.save(out, static_id=True)
    return out.getvalue()


def _image_to_pdf(image: bytes) -> bytes:
    return bytes(img2pdf.convert(image, engine=img2pdf.Engine.internal))


# --- the files ----------------------------------------------------------------------------------


def tracemonkey() -> bytes:
    """The sane baseline: 14 letter pages of a paper, with words hyphenated across lines."""
    first = [
        PAPER_TITLE,
        "Andreas Gal, Brendan Eich, Mike Shaver, David Anderson",
        "Mozilla Corporation",
        "Abstract. Dynamic languages such as JavaScript are more difficult to com-",
        "pile than statically typed ones. Since no concrete type information is avail-",
        "able, traditional compilers need to emit generic code that can handle all",
    ]
    body = [
        "A trace tree covers a loop and its side exits; type-specialized",
        "native code is recorded while the interpreter runs, then reused on later itera-",
        "tions until a guard fails and control returns to the interpreter.",
    ]
    pages = [first + body * 8] + [[f"page {number + 1} of 14", *body * 12] for number in range(1, 14)]
    # Objects in compressed object streams, as most producers write today: a copy cut short
    # has neither its cross-reference stream nor any object a reader could find by scanning.
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(text_pdf(pages))) as pdf:
        pdf.save(out, static_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def rotation() -> bytes:
    """Two letter pages, the second turned a quarter by its own /Rotate."""
    data = text_pdf([["This is my first page with normal layout"], ["This is the second page, turned"]])
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.pages[1].Rotate = 90
        out = io.BytesIO()
        pdf.save(out, static_id=True)
    return out.getvalue()


def inherited_rotate() -> bytes:
    return classic_pdf(one_potato(pages_extra=b"/Rotate 90 "))


def xref_command_missing() -> bytes:
    data = classic_pdf(one_potato())
    return data.replace(b"\nxref\n", b"\n", 1)


def bad_xref() -> bytes:
    """Every offset in the table points a few bytes off: the reader must rebuild the table."""
    data = classic_pdf(one_potato())
    return re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m.group(1)) + 7), data)


def bad_xref_entry() -> bytes:
    data = classic_pdf(one_potato())
    start = data.index(b"xref\n0 6\n") + len(b"xref\n0 6\n") + 20 * 3  # the entry of object 3, the page
    return data[:start] + b"00000x0l23 0000O n \n" + data[start + 20 :]


def dangling_bad_xref() -> bytes:
    """A table with an entry past the end of the file and a page naming objects that do not exist."""
    data = classic_pdf(one_potato(page_extra=b"/Annots 11 0 R /Thumb 12 0 R "))
    table = data.index(b"xref\n")
    return data[:table] + data[table:].replace(b"0 6\n", b"0 8\n", 1).replace(
        b"trailer", b"0000010000 00000 n \n0000010050 00000 n \ntrailer", 1
    ).replace(b"/Size 6", b"/Size 8", 1)


def eof_reading_token() -> bytes:
    """The file stops in the middle of a token after its trailer: no offset of the table, no %%EOF."""
    data = classic_pdf(one_potato())
    return data[: data.index(b"startxref") + len(b"startx")]


def damaged_stream() -> bytes:
    """A page with its text, and a second content stream whose compressed data is garbage."""
    objects = one_potato()
    objects[2] = objects[2].replace(b"/Contents 4 0 R", b"/Contents [4 0 R 6 0 R]")
    garbage = b"x\x9c\xff\x00\x13\x37 not deflate data at all \x00\xfe"
    objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(garbage) + garbage + b"\nendstream")
    return classic_pdf(objects)


def append_xref_loop() -> bytes:
    """30 pages, then an incremental update whose trailer's /Prev points back at its own table."""
    data = potatoes(30)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        contents, root = pdf.pages[0].Contents.objgen[0], pdf.Root.objgen[0]
        size = int(pdf.trailer.Size)
    update = bytearray(data)
    offset = len(update)
    update += b"%d 0 obj\n" % contents + stream(b"BT /F1 24 Tf 72 720 Td (Potato 0 new) Tj ET") + b"\nendobj\n"
    xref = len(update)
    update += b"xref\n%d 1\n%010d 00000 n \n" % (contents, offset)
    update += b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref, xref)
    return bytes(update)


def bad_direct_root() -> bytes:
    """No catalog object: the trailer's /Root is written in place; header and table are mangled too."""
    objects = [
        b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 1 0 R /MediaBox [0 0 612 792] /Contents 3 0 R"
        b" /Resources << /Font << /F1 4 0 R >> >> >>",
        stream(POTATO_PAGE),
        HELVETICA,
    ]
    data = classic_pdf(objects, trailer=b"/Root << /Type /Catalog /Pages 1 0 R >>")
    return data.replace(b"%PDF-1.3", b"\x55PDF-1\x99", 1).replace(b"xref\n", b"xr\x00f\n", 1)


def bad_encryption_length() -> bytes:
    """RC4 with an empty user password whose /Encrypt says /Wength where /Length belongs."""
    data = encrypted(text_pdf([["Potato"]]), 3)
    assert b"/Length 128" in data
    return data.replace(b"/Length 128", b"/Wength 128", 1)


def digitally_signed() -> bytes:
    """A page signed by a third party ("John Doe") whose certificate has since expired, as received."""
    issued = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    authority = create_local_ca("Some Vendor's Authority")
    p12 = issue_signing_certificate(authority, name="John Doe", password="x", not_before=issued, valid_days=365)
    signed_at = issued + dt.timedelta(days=30)
    return sign_pdf(text_pdf([["Potato"]]), p12, "x", reason="sent as signed", signing_time=signed_at)


def form_filled_by_acrobat() -> bytes:
    """Three pages, the first an AcroForm whose fields are filled in."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter, invariant=1)
    pdf.setFont("Helvetica", 14)
    pdf.drawString(72, 720, "Where's my form?")
    pdf.drawString(72, 680, "Text Field")
    pdf.acroForm.textfield(name="text", value="Filled in by the sender", x=180, y=672, width=300, height=22)
    pdf.drawString(72, 640, "Other stuff")
    pdf.acroForm.checkbox(name="check", checked=True, x=180, y=636, size=16)
    pdf.showPage()
    for number in (2, 3):
        pdf.setFont("Helvetica", 14)
        pdf.drawString(72, 720, f"Page {number} of the form's notes")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def fax_decode_parms() -> bytes:
    """Ten pages: a fax cover and notes with text, three pages only CCITT G4 images (DecodeParms)."""
    scans = pikepdf.open(io.BytesIO(image_pages(3, "group4")))
    texts = pikepdf.open(io.BytesIO(text_pdf([[f"Once upon a time, page {n + 1} of 10"] for n in range(10)])))
    merged = pikepdf.new()
    for number in range(10):
        merged.pages.append(scans.pages[(number - 2) // 3] if number in (2, 5, 8) else texts.pages[number])
    out = io.BytesIO()
    merged.save(out, static_id=True)
    scans.close()
    texts.close()
    return out.getvalue()


def leading_junk() -> bytes:
    """RC4 with an empty user password, junk before the header and a space after ``xref``."""
    data = encrypted(potatoes(30), 3)
    return b"junk from the sending fax server\r\n" + data.replace(b"\nxref\n", b"\nxref ", 1)


@dataclass(frozen=True)
class Entry:
    """One file of the corpus: how it is made and what poppler would say of it."""

    make: Callable[[], bytes]
    pages: int | None
    encrypted: bool
    user_password: str | None
    oddity: str


CORPUS: dict[str, Entry] = {
    "issue21579.pdf": Entry(
        lambda: encrypted(text_pdf([["repro: AES-256 R5, password pässwört"]]), 5, user=PASSWORD_21579),
        1,
        True,
        PASSWORD_21579,
        "USER password 'pässwört' (non-ASCII), AES-256 R5",
    ),
    "rotation.pdf": Entry(rotation, 2, False, None, "2 pages, page 2 has /Rotate 90"),
    "tracemonkey.pdf": Entry(tracemonkey, 14, False, None, "14-page paper; sane baseline"),
    "xref_command_missing.pdf": Entry(xref_command_missing, 1, False, None, "'xref' keyword missing"),
    "V4-aes.pdf": Entry(
        lambda: encrypted(potatoes(30), 4), 30, True, None, "AES-128 (V4 crypt filters), empty user password"
    ),
    "append-xref-loop.pdf": Entry(append_xref_loop, 30, False, None, "incremental update whose /Prev chain loops"),
    "bad-direct-root.pdf": Entry(bad_direct_root, None, False, None, "trailer /Root is a direct object"),
    "bad-encryption-length.pdf": Entry(bad_encryption_length, None, False, None, "/Encrypt with a bad /Length"),
    "bad-xref-entry.pdf": Entry(bad_xref_entry, 1, False, None, "malformed entry in xref table"),
    "bad-xref.pdf": Entry(bad_xref, 1, False, None, "xref table broken; needs reconstruction"),
    "bad1.pdf": Entry(lambda: b"oops\n", None, False, None, "5-byte file, not a PDF at all"),
    "damaged-stream.pdf": Entry(damaged_stream, 1, False, None, "corrupt (undecodable) compressed stream"),
    "dangling-bad-xref.pdf": Entry(dangling_bad_xref, 1, False, None, "bad xref plus dangling object references"),
    "digitally-signed.pdf": Entry(digitally_signed, 1, False, None, "third-party signature (self-signed, expired)"),
    "enc-R2,V1,U=view,O=master.pdf": Entry(
        lambda: encrypted(potatoes(30), 2, user="view", denied=True),
        30,
        True,
        "view",
        "legacy RC4 40-bit (R2); USER password 'view', owner 'master'",
    ),
    "enc-R2,V1.pdf": Entry(
        lambda: encrypted(potatoes(30), 2, denied=True),
        30,
        True,
        None,
        "RC4 40-bit, empty user password, print/copy denied",
    ),
    "enc-XI-R6,V5,O=master.pdf": Entry(
        lambda: encrypted(potatoes(30), 6, denied=True),
        30,
        True,
        None,
        "AES-256 R6, owner password only: opens without password, all permissions denied",
    ),
    "enc-XI-R6,V5,U=view,O=master.pdf": Entry(
        lambda: encrypted(potatoes(30), 6, user="view"),
        30,
        True,
        "view",
        "AES-256 (R6); USER password 'view', owner 'master'",
    ),
    "encrypted-with-images.pdf": Entry(
        lambda: encrypted(image_pages(2, "tiff_lzw"), 3),
        2,
        True,
        None,
        "RC4-encrypted with images, empty user password",
    ),
    "eof-reading-token.pdf": Entry(eof_reading_token, 1, False, None, "file ends in the middle of a token"),
    "fax-decode-parms.pdf": Entry(fax_decode_parms, 10, False, None, "CCITTFax images with DecodeParms (fax-style)"),
    "form-filled-by-acrobat.pdf": Entry(form_filled_by_acrobat, 3, False, None, "AcroForm, filled in"),
    "inherited-rotate.pdf": Entry(inherited_rotate, 1, False, None, "/Rotate inherited from the /Pages node"),
    "issue-141a.pdf": Entry(
        lambda: b"9 0 obj<</Type/XRef/Size 0/W[0 0 0]>>stream\nendstream\nendobj\nstartxref\n0\n%%EOF\n",
        None,
        False,
        None,
        "fuzz file: an empty cross-reference stream and nothing else",
    ),
    "issue-335b.pdf": Entry(
        lambda: b"\xc9startxref\n7\n2147483647\n", None, False, None, "fuzz file: a startxref and a huge number"
    ),
    "leading-junk.pdf": Entry(
        leading_junk,
        30,
        True,
        None,
        "junk bytes before %PDF- header; space instead of newline after xref; also RC4-encrypted (empty user pw)",
    ),
}


def write_corpus(folder: Path) -> Path:
    """Write every file of :data:`CORPUS` and its ``manifest.json`` into ``folder``; return it."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = []
    for name, entry in CORPUS.items():
        data = entry.make()
        (folder / name).write_bytes(data)
        manifest.append(
            {
                "file": name,
                "pages": entry.pages,
                "encrypted": entry.encrypted,
                "user_password": entry.user_password,
                "oddity": entry.oddity,
                "sha256": hashlib.sha256(data).hexdigest(),
                "origin": "synthetic: tests/pdf_corpus.py",
            }
        )
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    return folder
