"""Signed reports: what was signed, when and over which findings; the lock that signing puts on a case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reviewer_app.domain.errors import ReviewerError


class CaseLocked(ReviewerError):
    """The case's findings were signed; only new records (an addendum) reopen them."""


@dataclass(frozen=True)
class SignedReport:
    """A report the physician signed: the original (number 1) or an addendum (2, 3, ...)."""

    id: int
    case_id: int
    number: int
    sha256: str
    signed_at: dt.datetime
    signer: str
    case_version: int  # the bundle version whose records the report covers
    form_key: str
    answers: Mapping[str, Any]  # the findings as signed, to say what an addendum changed
    history_events: int | None = None  # how many events the case history held at signing
    history_head: str | None = None  # the hash of the last of them, printed in the report

    @property
    def is_addendum(self) -> bool:
        return self.number > 1

    @property
    def title(self) -> str:
        return "Report" if self.number == 1 else f"Addendum {self.number - 1}"


def latest(reports: Sequence[SignedReport]) -> SignedReport | None:
    """The most recent signed report, or None before the first signature."""
    return max(reports, key=lambda report: report.number, default=None)


def findings_locked(reports: Sequence[SignedReport], case_version: int) -> bool:
    """True when the last signed report covers every record the case has.

    New records (``import --as-new-version``) raise the case's version and reopen the
    findings for an addendum; nothing else does.
    """
    last = latest(reports)
    return last is not None and last.case_version >= case_version


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """Field ids whose answer was added, changed or cleared between two sets of findings, in order."""
    ids = list(before) + [field_id for field_id in after if field_id not in before]
    return [field_id for field_id in ids if before.get(field_id) != after.get(field_id)]


def locked_message(reference: str, report: SignedReport) -> str:
    return (
        f"Case {reference} was signed on {report.signed_at:%Y-%m-%d %H:%M}; its findings can no longer change. "
        "New records from the vendor (import --as-new-version) open an addendum."
    )
