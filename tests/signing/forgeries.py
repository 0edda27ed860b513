"""How a forger would make a report look signed by the physician: each one built as an attacker would.

A look-alike certificate carrying the physician's name, a stranger's authority, a second signature
whose visible box covers page 1, an edit of a page's content appended after the signature, and an
annotation appended after it. Everything is synthetic.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import BytesIO

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.stamp import TextStampStyle
from reportlab.pdfgen import canvas

from reviewer_app.signing import open_pkcs12

COVERING_TEXT = "DETERMINATION: NON-CERTIFY"


def look_alike_p12(name: str, password: str) -> bytes:
    """A self-signed certificate whose common name is ``name``: what anyone can make in a minute."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    start = datetime.now(UTC) - timedelta(days=1)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=365))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        b"forged", key, certificate, None, serialization.BestAvailableEncryption(password.encode())
    )


def one_page_report(text: str) -> bytes:
    """A one-page report PDF reading ``text`` (uncompressed, as a forger's editor writes it)."""
    buffer = BytesIO()
    page = canvas.Canvas(buffer, pageCompression=0)
    page.drawString(72, 720, "Utilization review determination")
    page.drawString(72, 700, text)
    page.showPage()
    page.save()
    return buffer.getvalue()


def with_covering_signature(pdf: bytes, p12: bytes, password: str, *, text: str = COVERING_TEXT) -> bytes:
    """``pdf`` with a second signature appended whose visible box covers all of page 1 with ``text``."""
    credentials = open_pkcs12(p12, password)
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(credentials.certificate.public_bytes(serialization.Encoding.DER)),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            credentials.private_key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
        cert_registry=None,
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    pdf_signer = signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name="Cover"),
        signer,
        stamp_style=TextStampStyle(stamp_text=text),
        new_field_spec=fields.SigFieldSpec("Cover", box=(0, 0, 612, 792)),
    )
    data: bytes = pdf_signer.sign_pdf(writer).getvalue()
    return data


def with_page_content_changed(pdf: bytes, text: str = COVERING_TEXT) -> bytes:
    """``pdf`` with an incremental update that draws ``text`` on page 1 (a page edit after signing)."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    drawing = generic.StreamObject(stream_data=f"BT /F1 24 Tf 72 600 Td ({text}) Tj ET".encode())
    page[generic.NameObject("/Contents")] = generic.ArrayObject([page.raw_get("/Contents"), writer.add_object(drawing)])
    writer.update_container(page)
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def with_annotation(pdf: bytes, note: str) -> bytes:
    """``pdf`` with an incremental update adding a free-text note to page 1, as an editor would append it."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    annotation = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
            generic.NameObject("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (72, 560, 540, 620)]),
            generic.NameObject("/Contents"): generic.TextStringObject(note),
            generic.NameObject("/DA"): generic.TextStringObject("/Helv 18 Tf 0 g"),
        }
    )
    page[generic.NameObject("/Annots")] = generic.ArrayObject([writer.add_object(annotation)])
    writer.update_container(page)
    output = BytesIO()
    writer.write(output)
    return output.getvalue()
