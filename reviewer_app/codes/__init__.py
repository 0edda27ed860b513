"""Medical code sets the physician cites: ICD-10-CM diagnosis codes (via ``simple_icd_10_cm``)."""

from reviewer_app.codes.icd10cm import InvalidCodeFormat, describe, is_billable, is_valid_code, normalize

__all__ = ["InvalidCodeFormat", "describe", "is_billable", "is_valid_code", "normalize"]
