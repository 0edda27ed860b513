"""The signed report's PDF: layout of a :class:`~reviewer_app.domain.report.ReportContent` with ReportLab."""

from reviewer_app.domain.report import record_reference
from reviewer_app.reports.layout import render_report

__all__ = ["record_reference", "render_report"]
