"""`reviewer billing CASE [--json]`: each billed line with its status and pages, and the encounters never billed."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from reviewer_app.cli.commands import named_case, print_json

if TYPE_CHECKING:
    from reviewer_app.domain.billing import BillingResult, PageRef
    from reviewer_app.services.billing import CaseBilling
    from reviewer_app.services.data_folder import DataFolder

EXIT_OK = 0


def add_billing_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """The billing command's grammar."""
    billing = commands.add_parser(
        "billing",
        parents=[common],
        help="each billed line against the records: documented, not documented, units or code differ, outside dates",
    )
    billing.add_argument("case", metavar="CASE")


def billing(folder: DataFolder, args: argparse.Namespace) -> int:
    """Print the case's billing reconciliation (a table, or JSON with --json)."""
    from reviewer_app.services.billing import case_billing

    case = named_case(folder, args.case)
    reconciled = case_billing(folder, case.id)
    if args.json:
        print_json([result.to_json() for result in reconciled.results])
        return EXIT_OK
    _print_table(case.reference, reconciled)
    return EXIT_OK


def _print_table(reference: str, reconciled: CaseBilling) -> None:
    from reviewer_app.domain.billing import STATUS_WORDS

    results = reconciled.results
    if not results:
        print(f"{reference} has no billed lines (none in the case file, no bills found in the records).")
        return
    t = reconciled.totals
    billed = sum(1 for r in results if r.line is not None)
    print(f"Billing against the records for {reference}: {billed} billed line(s)")
    print(f"  billed ${t.billed:,.2f}; documented ${t.documented:,.2f}; in question ${t.in_question:,.2f}")
    print("  " + "; ".join(f"{STATUS_WORDS[s]} {n}" for s, n in t.counts.items() if n))
    print(f"  {'Date':<10}  {'Code':<12} {'Units':>9}  {'Charge':>10}  {'Status':<18} Provider; pages")
    for r in results:
        print("  " + _row(r, STATUS_WORDS[r.status]))


def _row(r: BillingResult, status: str) -> str:
    line = r.line
    when = r.date.isoformat() if r.date else "no date   "
    code = (line.code + ("-" + "-".join(line.modifiers) if line.modifiers else "")) if line else "—"
    billed = _units(line.units) if line else "—"
    documented = str(r.units_documented) if r.units_documented is not None else "?"
    units = f"{billed}/{documented}"
    charge = f"${line.charge:,.2f}" if line and line.charge is not None else ""
    pages = (
        "; ".join(part for part in (_pages("bill", r.bill_pages), _pages("records", r.record_pages)) if part)
        or "no pages"
    )
    why = f" — {r.reason}" if r.reason else ""
    return (
        f"{when}  {code:<12} {units:>9}  {charge:>10}  {status:<18} {r.provider or 'provider not named'}; {pages}{why}"
    )


def _units(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else str(value)


def _pages(what: str, pages: tuple[PageRef, ...]) -> str:
    if not pages:
        return ""
    by_record: dict[str, list[int]] = {}
    for page in pages:
        by_record.setdefault(page.record, []).append(page.page)
    parts = []
    for record, numbers in by_record.items():
        numbers = sorted(set(numbers))
        spans = _spans(numbers)
        parts.append(f"{record} p. {spans}")
    return f"{what}: " + ", ".join(parts)


def _spans(numbers: list[int]) -> str:
    spans: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        spans.append(str(start) if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    return ", ".join(spans)
