"""Viewable PDFs for images, text files and locked PDFs; OCR'd pages put in place; passwords."""

from __future__ import annotations

import io
import shutil
import unicodedata
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw
from reportlab.pdfgen import canvas

from reviewer_app.domain.case import MediaType
from reviewer_app.records import passwords
from reviewer_app.records.passwords import password_candidates, prepare_pdf_password
from reviewer_app.records.renditions import (
    DEFAULT_IMAGE_DPI,
    RenditionFailed,
    WrongPassword,
    add_text_layers,
    decrypt_pdf,
    image_to_pdf,
    make_rendition,
    text_to_pdf,
    viewable_source,
)
from reviewer_app.records.text_extraction import PasswordRequired, extract_pdf_text

R6_USER = "enc-XI-R6,V5,U=view,O=master.pdf"
NAME = "Łukasz Dvořák-Nguyễn"


@pytest.fixture
def real_pdfs(tmp_path: Path, pdf_corpus: Path) -> Path:
    """Copies of a corpus's files (shared or synthetic) that these tests read and write beside."""
    target = tmp_path / "real"
    target.mkdir()
    for name in ("tracemonkey.pdf", R6_USER, "issue21579.pdf", "bad-encryption-length.pdf"):
        shutil.copyfile(pdf_corpus / name, target / name)
    return target


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [document[index].get_size() for index in range(len(document))]
    finally:
        document.close()


def write_pdf(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- images ----------------------------------------------------------------------------------


def test_a_three_page_fax_tiff_becomes_three_pages_of_the_right_shape(tmp_path: Path) -> None:
    frames = []
    for number in range(3):
        frame = Image.new("1", (1728, 2200), 1)
        ImageDraw.Draw(frame).rectangle((100, 100 + 300 * number, 1600, 300 + 300 * number), fill=0)
        frames.append(frame)
    fax = tmp_path / "fax.tif"
    frames[0].save(fax, save_all=True, append_images=frames[1:], compression="group4", dpi=(204, 196))

    pdf = image_to_pdf(fax)

    sizes = page_sizes(pdf)
    assert len(sizes) == 3
    # 1728 pixels at 204 dpi is 8.47 in; 2200 at 196 dpi is 11.22 in: a letter-like page, not a
    # 1728 x 2200 square-pixel page (8 % too narrow) nor 96-dpi paper 18 in wide.
    for width, height in sizes:
        assert width == pytest.approx(1728 / 204 * 72, abs=0.1)
        assert height == pytest.approx(2200 / 196 * 72, abs=0.1)
        assert width / height == pytest.approx((1728 / 204) / (2200 / 196), rel=1e-3)
    pages = extract_pdf_text(write_pdf(tmp_path / "fax.pdf", pdf))
    assert not any(page.has_text_layer for page in pages)
    # Lossless: the group 4 data is embedded as it came, not re-encoded.
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            [image] = page.get_images().values()
            assert image.Filter == pikepdf.Array([pikepdf.Name.CCITTFaxDecode])


def test_a_300_dpi_png_gets_a_page_of_its_physical_size(tmp_path: Path) -> None:
    scan = tmp_path / "scan.png"
    Image.new("L", (2550, 3300), 255).save(scan, dpi=(300, 300))
    [(width, height)] = page_sizes(image_to_pdf(scan))
    assert (width, height) == pytest.approx((612, 792), abs=0.1)  # 8.5 x 11 in


def test_an_image_without_dpi_is_taken_as_200_dpi(tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (1700, 2200), (240, 240, 240)).save(photo)  # JPEG without density
    [(width, height)] = page_sizes(image_to_pdf(photo))
    assert DEFAULT_IMAGE_DPI == 200
    assert (width, height) == pytest.approx((1700 / 200 * 72, 2200 / 200 * 72), abs=0.1)


def test_images_img2pdf_refuses_are_still_converted(tmp_path: Path) -> None:
    # A 32-bit grey TIFF (some scanners write them): img2pdf keeps at most 8 bits a sample.
    grey32 = tmp_path / "grey32.tif"
    image = Image.new("I", (400, 500), 40000)
    ImageDraw.Draw(image).rectangle((0, 0, 199, 499), fill=0)
    image.save(grey32, dpi=(100, 100))
    pdf = image_to_pdf(grey32)
    [(width, height)] = page_sizes(pdf)
    assert (width, height) == pytest.approx((288, 360), abs=0.1)
    rendered = pdfium.PdfDocument(pdf)[0].render(scale=100 / 72).to_pil().convert("L")
    assert rendered.getpixel((100, 250)) < 30 and rendered.getpixel((300, 250)) > 225  # scaled, not clipped


def test_a_damaged_image_fails_with_a_plain_reason(tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    with pytest.raises(RenditionFailed, match="damaged"):
        image_to_pdf(broken)


def test_an_image_that_would_decompress_to_gigapixels_is_refused_not_rendered(tmp_path: Path) -> None:
    # 20,000 x 20,000 one-bit pixels compress to a few kB; opened as RGB they would need 1.2 GB.
    bomb = tmp_path / "bomb.png"
    Image.new("1", (20_000, 20_000), 1).save(bomb, optimize=True)
    assert bomb.stat().st_size < 200_000
    with pytest.raises(RenditionFailed, match="too large to open safely"):
        image_to_pdf(bomb)


# --- text ------------------------------------------------------------------------------------


def test_a_150_line_utf8_text_becomes_three_searchable_pages(tmp_path: Path) -> None:
    lines = [NAME] + [f"Line {number}: follow-up visit, lumbar strain improving" for number in range(2, 151)]
    pdf = text_to_pdf("\n".join(lines) + "\n")

    assert len(page_sizes(pdf)) == 3
    assert page_sizes(pdf)[0] == pytest.approx((612, 792))
    pages = extract_pdf_text(write_pdf(tmp_path / "note.pdf", pdf))
    assert NAME in pages[0].text  # every letter, "ễ" included, drawn and extractable
    assert "Line 60:" in pages[0].text and "Line 61:" in pages[1].text  # 60 lines a page
    assert "Line 150:" in pages[2].text
    assert all(page.has_text_layer for page in pages)
    assert text_to_pdf("\n".join(lines) + "\n") == pdf  # same text, same bytes


def test_long_lines_wrap_and_form_feeds_start_pages(tmp_path: Path) -> None:
    long_line = " ".join(f"word{number}" for number in range(120))
    pdf = text_to_pdf(f"first page\n{long_line}\fsecond page\f")
    pages = extract_pdf_text(write_pdf(tmp_path / "wrapped.pdf", pdf))
    assert len(pages) == 2
    words = pages[0].text.split()
    assert words[2:] == [f"word{number}" for number in range(120)]  # all there, in order
    assert len(pages[0].text.splitlines()) > 2  # and wrapped onto several lines
    assert "second page" in pages[1].text


def test_empty_text_is_one_blank_page() -> None:
    assert len(page_sizes(text_to_pdf(""))) == 1


def test_make_rendition_follows_the_media_type(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text(f"{NAME}\nDate of injury 06/14/2025\n", encoding="utf-8")
    pdf = make_rendition(note, MediaType.TEXT)
    assert pdf is not None
    assert NAME in extract_pdf_text(write_pdf(tmp_path / "note.pdf", pdf))[0].text
    assert make_rendition(note, MediaType.PDF) is None


def test_viewable_source() -> None:
    assert viewable_source(MediaType.PDF) == "original"
    for image in (MediaType.PNG, MediaType.JPEG, MediaType.TIFF):
        assert viewable_source(image) == "image"
    assert viewable_source(MediaType.TEXT) == "text"
    with pytest.raises(ValueError):
        viewable_source(MediaType.UNKNOWN)


# --- encrypted PDFs --------------------------------------------------------------------------


def test_decrypting_the_aes256_file_gives_a_copy_that_opens_without_password(real_pdfs: Path, tmp_path: Path) -> None:
    with pytest.raises(PasswordRequired):
        extract_pdf_text(real_pdfs / R6_USER)
    copy = write_pdf(tmp_path / "decrypted.pdf", decrypt_pdf(real_pdfs / R6_USER, "view"))
    with pikepdf.open(copy) as document:
        assert not document.is_encrypted
        assert len(document.pages) == 30
    assert len(extract_pdf_text(copy)) == 30


def test_a_wrong_password_is_refused(real_pdfs: Path) -> None:
    with pytest.raises(WrongPassword, match="password does not open"):
        decrypt_pdf(real_pdfs / R6_USER, "master-ish")


def test_a_non_ascii_password_works_composed_or_decomposed(real_pdfs: Path, tmp_path: Path) -> None:
    for form in ("NFC", "NFD"):
        typed = unicodedata.normalize(form, "pässwört")
        copy = write_pdf(tmp_path / f"21579-{form}.pdf", decrypt_pdf(real_pdfs / "issue21579.pdf", typed))
        assert len(extract_pdf_text(copy)) == 1


def test_a_malformed_encryption_dictionary_gets_a_viewable_copy(real_pdfs: Path, tmp_path: Path) -> None:
    # PDFium refuses this file; its decrypted copy (no password needed) opens.
    copy = write_pdf(tmp_path / "repaired.pdf", decrypt_pdf(real_pdfs / "bad-encryption-length.pdf", ""))
    assert extract_pdf_text(copy)[0].text.strip() == "Potato"


# --- OCR'd pages in place of scanned ones ------------------------------------------------------


def text_layer(text: str, size: tuple[float, float]) -> bytes:
    """A one-page PDF of invisible text (render mode 3), as Tesseract's textonly_pdf writes."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=size)
    words = page.beginText(36, size[1] - 48)
    words.setTextRenderMode(3)
    words.textLine(text)
    page.drawText(words)
    page.showPage()
    page.save()
    return buffer.getvalue()


def test_a_text_layer_makes_a_page_searchable_and_keeps_its_own_content(real_pdfs: Path, tmp_path: Path) -> None:
    source = real_pdfs / "tracemonkey.pdf"
    original = extract_pdf_text(source)
    layered = add_text_layers(source, {1: text_layer("OCR TEXT OF THE SCANNED PAGE", (612, 792))})
    merged = write_pdf(tmp_path / "merged.pdf", layered)
    pages = extract_pdf_text(merged)
    assert len(pages) == 14
    assert "OCR TEXT OF THE SCANNED PAGE" in pages[1].text
    assert "Trace-based" in pages[1].text or original[1].text[:40] in pages[1].text  # the page's own text stays
    for index in (0, 2, 13):
        assert pages[index].text == original[index].text
    # The layer is a few hundred bytes, not a re-encoded page image.
    assert len(layered) < source.stat().st_size + 20_000


def test_laying_the_same_layers_again_adds_nothing(real_pdfs: Path, tmp_path: Path) -> None:
    layer = {0: text_layer("ONCE ONLY", (612, 792))}
    once = write_pdf(tmp_path / "once.pdf", add_text_layers(real_pdfs / "tracemonkey.pdf", layer))
    twice = write_pdf(tmp_path / "twice.pdf", add_text_layers(once, layer))
    assert extract_pdf_text(twice)[0].text.count("ONCE ONLY") == 1


def test_a_layer_over_a_rotated_page_lands_where_the_page_shows_the_words(tmp_path: Path) -> None:
    upright = tmp_path / "upright.pdf"
    upright.write_bytes(text_to_pdf("placeholder"))
    with pikepdf.open(upright) as pdf:
        pdf.pages[0].obj.Rotate = 90
        pdf.save(tmp_path / "rotated.pdf")
    width, height = pdfium.PdfDocument(str(tmp_path / "rotated.pdf"))[0].get_size()  # as displayed: landscape
    assert width > height
    layered = write_pdf(
        tmp_path / "layered.pdf", add_text_layers(tmp_path / "rotated.pdf", {0: text_layer("TOPLEFT", (width, height))})
    )
    document = pdfium.PdfDocument(str(layered))
    page = document[0]
    text = page.get_textpage()
    box = text.get_charbox(text.get_text_range().index("TOPLEFT"))
    # Displayed top-left of a page turned 90° clockwise is the unrotated page's bottom-left corner.
    unrotated_width, _ = page.get_mediabox()[2:]
    assert box[0] < 100 and box[1] < 100, (box, unrotated_width)
    document.close()


def test_text_layers_in_a_locked_pdf_give_a_decrypted_copy(real_pdfs: Path, tmp_path: Path) -> None:
    size = pdfium.PdfDocument(str(real_pdfs / R6_USER), password="view")[0].get_size()
    layered = add_text_layers(real_pdfs / R6_USER, {0: text_layer("FIRST", size), 29: text_layer("LAST", size)}, "view")
    pages = extract_pdf_text(write_pdf(tmp_path / "merged.pdf", layered))
    assert len(pages) == 30
    assert "FIRST" in pages[0].text and "LAST" in pages[29].text


def test_text_layers_refuse_what_does_not_fit_the_document(real_pdfs: Path) -> None:
    with pytest.raises(ValueError, match="outside"):
        add_text_layers(real_pdfs / "tracemonkey.pdf", {14: text_to_pdf("x")})
    two_pages = text_to_pdf("one\ftwo")
    with pytest.raises(ValueError, match="not 1"):
        add_text_layers(real_pdfs / "tracemonkey.pdf", {0: two_pages})


# --- passwords -------------------------------------------------------------------------------


def test_saslprep_normalises_what_was_typed() -> None:
    decomposed = unicodedata.normalize("NFD", "pässwört")
    assert prepare_pdf_password(decomposed) == "pässwört"
    assert prepare_pdf_password("view") == "view"
    assert prepare_pdf_password("") == ""
    assert prepare_pdf_password("a\u00a0b") == "a b"  # a no-break space maps to a space
    assert prepare_pdf_password("soft\u00adhyphen") == "softhyphen"  # "mapped to nothing"
    assert prepare_pdf_password("bell\u0007") == "bell\u0007"  # refused by SASLprep: kept as typed
    assert password_candidates(decomposed) == [decomposed, "pässwört"]
    assert password_candidates("view") == ["view"]


def test_the_standard_library_saslprep_agrees_with_pyhankos() -> None:
    samples = ["pässwört", unicodedata.normalize("NFD", "pässwört"), "Ⅸ", "ﬁle", "a\u00a0b", "x\u200by", "view"]
    for sample in samples:
        assert passwords._stdlib_saslprep(sample) == prepare_pdf_password(sample), sample
    with pytest.raises(ValueError):
        passwords._stdlib_saslprep("bell\u0007")
