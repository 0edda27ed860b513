"""Certificates made once per session (RSA key generation is slow) and a small report PDF."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from reportlab.pdfgen import canvas

from reviewer_app.signing import LocalCA, create_local_ca, issue_signing_certificate, sign_pdf

PASSWORD = "correct horse battery staple"
PHYSICIAN = "Łukasz Dvořák-Nguyễn"
PATIENT_LINE = b"Examinee: Jane Example"


@pytest.fixture(scope="session")
def local_ca() -> LocalCA:
    return create_local_ca("Reviewer Local Authority — Dr Dvořák-Nguyễn")


@pytest.fixture(scope="session")
def other_ca() -> LocalCA:
    return create_local_ca("Some Other Authority")


@pytest.fixture(scope="session")
def p12(local_ca: LocalCA) -> bytes:
    return issue_signing_certificate(
        local_ca,
        name=PHYSICIAN,
        email="reviewer@example.org",
        organisation="Example Review Practice",
        password=PASSWORD,
    )


@pytest.fixture(scope="session")
def report_pdf() -> bytes:
    """Two pages of report text, content uncompressed so a test can change a visible letter."""
    buffer = BytesIO()
    page = canvas.Canvas(buffer, pageCompression=0)
    page.setTitle("Independent medical examination")
    page.drawString(72, 720, "Independent Medical Examination")
    page.drawString(72, 700, PATIENT_LINE.decode())
    page.drawString(72, 680, "Opinion: the requested physical therapy is medically necessary.")
    page.showPage()
    page.drawString(72, 720, f"Signed: {PHYSICIAN}, MD")
    page.showPage()
    page.save()
    return buffer.getvalue()


@pytest.fixture(scope="session")
def signing_time() -> datetime:
    return datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)


@pytest.fixture(scope="session")
def signed_pdf(report_pdf: bytes, p12: bytes, signing_time: datetime) -> bytes:
    return sign_pdf(
        report_pdf,
        p12,
        PASSWORD,
        reason="I am the author of this report",
        location="Austin, TX",
        signing_time=signing_time,
    )
