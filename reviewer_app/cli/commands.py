"""The commands about cases: import, list, show, search, findings, check, purge, audit.

Each imports its services when it runs (see the package's docstring).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import TYPE_CHECKING, Any

from reviewer_app.cli.inputs import (
    FINDINGS_CAPS,
    FINDINGS_FILE_BYTES,
    checked_case_name,
    checked_output,
    checked_query,
    read_json_file,
)
from reviewer_app.cli.output import json_text_safe
from reviewer_app.domain.deadlines import due_status
from reviewer_app.domain.errors import ReviewerError

if TYPE_CHECKING:
    from reviewer_app.domain.case import Case, CaseSummary
    from reviewer_app.services.data_folder import DataFolder

log = logging.getLogger(__name__)

EXIT_OK, EXIT_REFUSED = 0, 1


def print_json(document: Any) -> None:
    """One JSON document on stdout, every control character in it written as a JSON escape."""
    sys.stdout.write(json_text_safe(json.dumps(document, indent=2, ensure_ascii=False, default=str)) + "\n")


def named_case(folder: DataFolder, name: str) -> Case:
    """The case the physician named by reference or id."""
    from reviewer_app.services.cases import find_case

    return find_case(folder, checked_case_name(name))


def import_bundle_command(folder: DataFolder, args: argparse.Namespace) -> int:
    from reviewer_app.services.importing import import_bundle

    result = import_bundle(folder, args.bundle, as_new_version=args.as_new_version)
    log.info("imported case id %s (%s records, version %s)", result.case_id, result.records_added, result.version)
    if args.json:
        print_json(
            {
                "case_id": result.case_id,
                "reference": result.reference,
                "version": result.version,
                "records_added": result.records_added,
                "warnings": list(result.warnings),
            }
        )
        return EXIT_OK
    what = f"as version {result.version}" if result.added_as_new_version else ""
    print(f"Imported {result.reference} {what}".rstrip() + f": {result.records_added} record(s).")
    for warning in result.warnings:
        print(f"warning: {warning}")
    return EXIT_OK


def cases(folder: DataFolder, args: argparse.Namespace) -> int:
    from reviewer_app.services.cases import list_cases
    from reviewer_app.services.presenting import summary_as_json

    summaries = list_cases(folder)
    if args.json:
        print_json([summary_as_json(s) for s in summaries])
        return EXIT_OK
    if not summaries:
        print("No cases yet. Import a bundle with `reviewer import BUNDLE`, or try `reviewer demo`.")
        return EXIT_OK
    now = folder.clock()
    rows = [("REFERENCE", "SERVICE", "CLAIMANT", "DUE", "STATUS")] + [_case_row(s, now) for s in summaries]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return EXIT_OK


def _case_row(summary: CaseSummary, now: Any) -> tuple[str, str, str, str, str]:
    due = (
        summary.due_at.strftime("%Y-%m-%d %H:%M") + f" ({due_status(summary.due_at, now).text})"
        if summary.due_at
        else ""
    )
    return (summary.reference, summary.service.label, summary.claimant.display, due, summary.status.label)


def show(folder: DataFolder, args: argparse.Namespace) -> int:
    case = named_case(folder, args.case)
    if args.json:
        from reviewer_app.services.presenting import case_as_json
        from reviewer_app.services.review_marks import pages_reviewed_by_record

        print_json(case_as_json(case, pages_reviewed_by_record(folder, case)))
        return EXIT_OK
    print(_case_text(case, folder.clock()))
    return EXIT_OK


def _case_text(case: Case, now: Any) -> str:
    d = case.details
    c = d.claimant
    lines = [
        f"{d.reference}  {d.service.label}  ({case.status.label})",
        f"Claimant:      {c.name.display}" + (f", born {c.date_of_birth.isoformat()}" if c.date_of_birth else ""),
        f"Claim:         {c.claim_number or '-'}"
        + (f", injured {c.date_of_injury.isoformat()}" if c.date_of_injury else ""),
        f"Employer:      {c.employer or '-'}",
        f"Vendor:        {d.vendor.name or '-'}",
        f"Line/jurisd.:  {d.line_of_business.label if d.line_of_business else '-'} / {d.jurisdiction or '-'}",
        f"Specialty:     {d.specialty_requested or '-'}",
        f"Received:      {d.received_at.isoformat() if d.received_at else '-'}",
        f"Due:           {d.due_at.isoformat() + ' (' + due_status(d.due_at, now).text + ')' if d.due_at else '-'}",
    ]
    if d.related_reference:
        lines.append(f"Follows:       {d.related_reference}")
    lines.append("")
    lines.append(f"Questions ({len(d.questions)}):")
    lines += [f"  {q.key} [{q.topic.value}] {q.text}" for q in d.questions]
    if d.requested_services:
        lines.append("")
        lines.append("Requested services:")
        lines += [
            f"  {s.key} {s.description}"
            + (f" ({s.code_system or ''} {s.code})" if s.code else "")
            + (f" x{s.quantity:g} {s.unit or ''}".rstrip() if s.quantity is not None else "")
            for s in d.requested_services
        ]
    lines.append("")
    lines.append(f"Records ({len(case.records)}, {case.page_count} pages):")
    for r in case.records:
        pages = f"{r.page_count} p." if r.page_count is not None else "? p."
        if r.purged:
            state = "Purged (its file and text were removed after signing)"
        else:
            state = r.state.label + (f" ({r.state_detail})" if r.state_detail else "")
        lines.append(f"  {r.path}  {r.title}  {pages}  {state}")
    if case.warnings:
        lines.append("")
        lines.append(f"Warnings ({len(case.warnings)}):")
        lines += [f"  - {w.message}" for w in case.warnings]
    return "\n".join(lines)


def search(folder: DataFolder, args: argparse.Namespace) -> int:
    from reviewer_app.services.search import plain_snippet, search_records, search_totals

    query = checked_query(args.query)
    case = named_case(folder, args.case)
    totals = search_totals(folder, case.id, query)
    hits = search_records(folder, case.id, query, by_relevance=args.by_relevance, limit=args.limit)
    if args.json:
        print_json(
            {
                "total": totals.total,
                "per_record": [{"record": record.record_path, "hits": record.hits} for record in totals.per_record],
                "hits": [
                    {
                        "record": hit.record_path,
                        "page": hit.page_number,
                        "snippet": plain_snippet(hit.snippet),
                        "title": hit.record_title,
                        "ocr": hit.from_ocr,
                    }
                    for hit in hits
                ],
            }
        )
        return EXIT_OK
    if not totals.total:
        print(f"No page of {case.reference}'s records matches {query!r}.")
        return EXIT_OK
    pages = "page matches" if totals.total == 1 else "pages match"
    records = "record" if len(totals.per_record) == 1 else "records"
    print(f"{totals.total:,} {pages} {query!r} in {len(totals.per_record):,} {records}.")
    for hit in hits:
        source = " (OCR)" if hit.from_ocr else ""
        print(f"{hit.record_path}  p. {hit.page_number}{source}  {hit.record_title}")
        print(f"    {plain_snippet(hit.snippet, emphasis=True)}")
    if len(hits) < totals.total:
        print(f"… and {totals.total - len(hits):,} more (--limit {args.limit:,} listed the first).")
    return EXIT_OK


def review(folder: DataFolder, args: argparse.Namespace) -> int:
    """`reviewer review CASE RECORD [--pages A-B]`: the physician marks pages reviewed."""
    from reviewer_app.services.review_marks import find_record, mark_pages_reviewed

    case = named_case(folder, args.case)
    record = find_record(case, args.record)
    marked = mark_pages_reviewed(folder, case, record, args.pages)
    if args.json:
        print_json(
            {
                "record": record.path,
                "pages": record.page_count,
                "newly_reviewed": list(marked.newly_reviewed),
                "pages_reviewed": marked.record_reviewed,
                "case_pages": marked.case_pages,
                "case_pages_reviewed": marked.case_reviewed,
            }
        )
        return EXIT_OK
    first, last = args.pages or (1, record.page_count)
    span = f"page {first}" if first == last else f"pages {first}-{last}"
    new = len(marked.newly_reviewed)
    print(
        f"Marked {span} of {record.path} reviewed ({new} not reviewed before). "
        f"{marked.record_reviewed} of its {record.page_count} pages and {marked.case_reviewed} of the case's "
        f"{marked.case_pages} pages are reviewed."
    )
    return EXIT_OK


def findings(folder: DataFolder, args: argparse.Namespace) -> int:
    from reviewer_app.services.findings import findings_template, get_answers, set_answers, template_json

    if args.findings_command == "set":
        answers = read_json_file(args.file, "findings file", FINDINGS_FILE_BYTES, FINDINGS_CAPS)
        case = named_case(folder, args.case)
        count = set_answers(folder, case, answers)
        print(f"{count} answer(s) saved for {case.reference}.")
        return EXIT_OK
    if args.findings_command == "export" and args.out is not None:
        checked_output(args.out)
    case = named_case(folder, args.case)
    if args.findings_command == "template":
        template = findings_template(folder, case)
        document = template_json(template, case)
        if args.json:
            print_json(document)
            return EXIT_OK
        print(f"{case.reference}: form {template.form.key} ({template.form.title}), {len(template.fields)} fields")
        for field in document["fields"]:
            required = "required" if field["required"] else "optional"
            choices = f" [{' | '.join(field['choices'])}]" if field.get("choices") else ""
            print(f"  {field['id']}  ({field['type']}, {required}){choices}  {field['label']}")
        return EXIT_OK
    answers = get_answers(folder, case)
    text = json.dumps(answers, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if args.out is None:
        sys.stdout.write(json_text_safe(text))
        return EXIT_OK
    try:
        args.out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ReviewerError(f"{args.out} cannot be written: {exc.strerror or exc}") from exc
    print(f"{len(answers)} answer(s) written to {args.out}.")
    return EXIT_OK


def check(folder: DataFolder, args: argparse.Namespace) -> int:
    from reviewer_app.services.findings import check_case
    from reviewer_app.services.reporting import report_status

    case = named_case(folder, args.case)
    items = check_case(folder, case)
    blocking = [i for i in items if i.blocking]
    signed = report_status(folder, case).locked  # nothing more to sign until new records arrive
    ready = not blocking and not signed
    if args.json:
        print_json(
            {
                "ready": ready,
                "signed": signed,
                "items": [{"text": i.text, "blocking": i.blocking} for i in items],
            }
        )
    else:
        if signed:
            print(f"{case.reference} is signed; nothing more can be signed until new records arrive.")
        elif ready:
            print(f"{case.reference} is ready to sign.")
        for item in items:
            print(("✗ " if item.blocking else "! ") + item.text)
    return EXIT_OK if ready else EXIT_REFUSED


def purge(folder: DataFolder, args: argparse.Namespace) -> int:
    from reviewer_app.services.purge import purge_case

    case = named_case(folder, args.case)
    outcome = purge_case(folder, case)
    if not outcome.records:
        print(
            f"Nothing is left to remove for {case.reference}: its records were purged before; "
            "the report, findings and audit trail are kept."
        )
        return EXIT_OK
    print(
        f"Purged {case.reference}: {outcome.records} record(s), {outcome.files_removed} file(s) removed; "
        "the report, findings and audit trail are kept."
    )
    return EXIT_OK


def audit(folder: DataFolder, args: argparse.Namespace) -> int:
    from reviewer_app.domain.audit import describe
    from reviewer_app.services.audit import case_history, record_names, verify_case_history

    case = named_case(folder, args.case)
    events = case_history(folder, case)
    problems = verify_case_history(folder, case)
    names = record_names(case)
    if args.json:
        print_json(
            {
                "case": case.reference,
                "events": [e.to_json() for e in events],
                "chain_ok": not problems,
                "problems": [p.to_json() for p in problems],
            }
        )
    else:
        print(f"History of {case.reference} ({len(events)} event(s))")
        rows = [("#", "WHEN", "WHAT", "DETAILS")] + [
            (str(e.sequence), e.at.strftime("%Y-%m-%d %H:%M:%S %z"), e.kind.label, describe(e.kind, e.details, names))
            for e in events
        ]
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        for row in rows:
            print("  ".join([*(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True)), row[3]]).rstrip())
        if not problems:
            print("The chain verifies: no event was altered, removed or reordered.")
        elif not args.verify:
            print(f"The chain is broken ({len(problems)} problem(s)):")
            for problem in problems:
                print(f"  - {problem.message}")
    if problems and args.verify:
        print(f"reviewer: the history of {case.reference} does not verify:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem.message}", file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK
