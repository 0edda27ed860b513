"""Billing against the records for a case: the manifest's lines and the records' bills, each with a status.

:func:`case_billing` builds the chronology (:func:`services.chronology.case_chronology`, the
physician's corrections applied), reads the bills among the stored page text, and reconciles
each billed line with the encounter that documents it (:mod:`domain.billing`). A plain function
with a :class:`Progress`, so the window runs it off the GUI thread and can cancel it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reviewer_app.domain.bill_reading import billing_against_records
from reviewer_app.domain.billing import BillingResult, BillingTotals, totals
from reviewer_app.domain.case import Case
from reviewer_app.domain.errors import NotFound
from reviewer_app.domain.progress import Progress, SilentProgress, check_cancelled
from reviewer_app.services.chronology import case_chronology, readable_records
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.storage.chronology import record_page_texts
from reviewer_app.storage.repositories import CaseRepository


@dataclass(frozen=True)
class CaseBilling:
    """The reconciliation of a case: every line with its status (date order), and the totals."""

    results: tuple[BillingResult, ...]
    totals: BillingTotals
    date_of_injury: dt.date | None = None

    def in_question(self) -> list[BillingResult]:
        """The billed lines that are not plainly documented (the ones a billing question is about)."""
        return [r for r in self.results if r.line is not None and r.status != "documented"]


class _Steps:
    """The chronology's progress, then the billing's own steps, as one bar."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress

    def report(self, done: int, total: int, message: str) -> None:
        self.progress.report(done, total + 2, message)

    def cancelled(self) -> bool:
        return self.progress.cancelled()


def injury_date(case: Case) -> dt.date | None:
    """The date of injury: the claimant's, else the claim's (``claim.date_of_injury``)."""
    if case.details.claimant.date_of_injury is not None:
        return case.details.claimant.date_of_injury
    written = case.details.claim.get("date_of_injury")
    if isinstance(written, str):
        try:
            return dt.date.fromisoformat(written[:10])
        except ValueError:
            return None
    return None


def case_billing(folder: DataFolder, case_id: int, progress: Progress | None = None) -> CaseBilling:
    """Each billed line of the case with its status and pages, and each encounter never billed."""
    progress = progress or SilentProgress()
    entries = case_chronology(folder, case_id, _Steps(progress))
    check_cancelled(progress, "Billing against the records")
    with folder.database.transaction() as session:
        case = CaseRepository(session).get(case_id)
        if case is None:
            raise NotFound("That case is not in the data folder.")
        records = readable_records(case)
        texts = record_page_texts(session, [r.sha256 for r in records])
    steps = len(records) + 3
    progress.report(steps - 2, steps, "Reading the bills in the records")
    pages = [
        (record.id or 0, record.path, [texts[record.sha256].get(i, "") for i in range(record.page_count or 0)])
        for record in records
    ]
    injury = injury_date(case)
    results = billing_against_records(pages, entries, case.details.billing, injury)
    progress.report(steps, steps, "Billing reconciled")
    return CaseBilling(tuple(results), totals(results), injury)
