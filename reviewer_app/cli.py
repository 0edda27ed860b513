"""The ``reviewer`` command line (cli-and-hooks.md), calling the same services as the GUI."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from reviewer_app.diagnostics import configure_logging, write_failure_message
from reviewer_app.domain.audit import describe
from reviewer_app.domain.case import Case, CaseSummary
from reviewer_app.domain.deadlines import due_status
from reviewer_app.domain.errors import ReviewerError
from reviewer_app.services.audit import case_history, record_names, verify_case_history
from reviewer_app.services.cases import find_case, list_cases
from reviewer_app.services.certificates import authority_certificate_path, create_profile_certificate
from reviewer_app.services.data_folder import DataFolder, default_data_dir, open_data_folder, upgrade_notice
from reviewer_app.services.findings import check_case, findings_template, get_answers, set_answers, template_json
from reviewer_app.services.importing import import_bundle
from reviewer_app.services.presenting import case_as_json, summary_as_json
from reviewer_app.services.profile import get_profile, update_profile
from reviewer_app.services.purge import purge_case
from reviewer_app.services.reporting import sign_report, verify_report, write_draft
from reviewer_app.services.return_package import export_return_package
from reviewer_app.services.search import plain_snippet, search_records
from reviewer_app.services.writer_lock import writing

log = logging.getLogger(__name__)

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def _common_options(suppress: bool) -> argparse.ArgumentParser:
    # Defined on the main parser and on each command, so they may stand before or after it;
    # SUPPRESS keeps a command's parser from overwriting a value given before the command.
    default: Any = argparse.SUPPRESS if suppress else None
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--data-dir", type=Path, default=default, help="the data folder (env REVIEWER_DATA_DIR)")
    parent.add_argument("--database-url", default=default, help="database URL (env REVIEWER_DATABASE_URL)")
    parent.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="print one JSON document on stdout",
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reviewer",
        description="Reviewer: peer reviews and IMEs for independent reviewing physicians.",
        parents=[_common_options(suppress=False)],
    )
    common = _common_options(suppress=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("demo", parents=[common], help="open the application on the demo cases")
    importing = commands.add_parser("import", parents=[common], help="import a case bundle (zip or folder)")
    importing.add_argument("bundle", type=Path)
    importing.add_argument("--as-new-version", action="store_true", help="add the records to the case already imported")
    commands.add_parser("cases", parents=[common], help="list the cases")
    show = commands.add_parser("show", parents=[common], help="show a case")
    show.add_argument("case", metavar="CASE", help="the case's reference or id")
    search = commands.add_parser("search", parents=[common], help="full-text search over a case's records")
    search.add_argument("case", metavar="CASE", help="the case's reference or id")
    search.add_argument("query", metavar="QUERY", help='words, "quoted phrases" and prefix*')
    search.add_argument("--by-relevance", action="store_true", help="best matches first (default: page order)")
    search.add_argument("--limit", type=int, default=50, help="at most this many hits (default 50)")
    findings = commands.add_parser("findings", parents=[common], help="the case's findings (answers)")
    findings_commands = findings.add_subparsers(dest="findings_command", metavar="template|set|export", required=True)
    template = findings_commands.add_parser("template", parents=[common], help="the fields the case's form asks for")
    template.add_argument("case", metavar="CASE")
    setting = findings_commands.add_parser("set", parents=[common], help="set answers from a JSON object")
    setting.add_argument("case", metavar="CASE")
    setting.add_argument("file", type=Path)
    exporting = findings_commands.add_parser("export", parents=[common], help="all answers as JSON")
    exporting.add_argument("case", metavar="CASE")
    exporting.add_argument("--out", type=Path, help="write to this file instead of stdout")
    check = commands.add_parser("check", parents=[common], help="what still stands between the case and signing")
    check.add_argument("case", metavar="CASE")
    report = commands.add_parser("report", parents=[common], help="the report as it stands, marked DRAFT")
    report.add_argument("case", metavar="CASE")
    report.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    sign = commands.add_parser("sign", parents=[common], help="sign the final report (locks the findings)")
    sign.add_argument("case", metavar="CASE")
    sign.add_argument("--out", type=Path, required=True, help="the signed PDF file to write")
    sign.add_argument("--p12", type=Path, help="a PKCS#12 certificate (default: the profile's)")
    sign.add_argument("--password-file", type=Path, help="a file holding the certificate's password")
    verify = commands.add_parser("verify", parents=[common], help="check a signed report")
    verify.add_argument("file", type=Path, metavar="FILE")
    export = commands.add_parser("export", parents=[common], help="write the return package for the vendor")
    export.add_argument("case", metavar="CASE")
    export.add_argument("--out", type=Path, required=True, help="the zip file to write")
    purge = commands.add_parser("purge", parents=[common], help="delete a signed case's record files and text")
    purge.add_argument("case", metavar="CASE")
    audit = commands.add_parser("audit", parents=[common], help="the case's history (audit trail)")
    audit.add_argument("case", metavar="CASE")
    audit.add_argument("--verify", action="store_true", help="exit 1 when an event was altered, removed or reordered")
    profile = commands.add_parser("profile", parents=[common], help="the physician's profile")
    profile_commands = profile.add_subparsers(dest="profile_command", metavar="show|set|certificate", required=True)
    profile_commands.add_parser("show", parents=[common], help="print the profile")
    profile_set = profile_commands.add_parser("set", parents=[common], help="set the profile from a JSON file")
    profile_set.add_argument("file", type=Path)
    certificate = profile_commands.add_parser(
        "certificate", parents=[common], help="create your signing certificate (PKCS#12)"
    )
    certificate.add_argument("--out", type=Path, required=True, help="the PKCS#12 file to write")
    certificate.add_argument("--password-file", type=Path, required=True, help="a file holding the new password")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None or args.command == "demo":
        from reviewer_app.app import run_gui  # Qt is loaded only when a window is wanted

        return int(run_gui(args.data_dir, args.database_url, demo=args.command == "demo"))
    handler = _HANDLERS[args.command]
    data_dir = (args.data_dir or default_data_dir()).expanduser().absolute()
    log_file = configure_logging(data_dir)
    try:
        # A command that changes data takes the folder's writer lock first (refused while the
        # window or another command writes); one that only reads runs beside the writer.
        lock = writing(data_dir, f"the command `reviewer {args.command}`") if _writes(args) else nullcontext()
        with lock:
            folder = open_data_folder(data_dir, args.database_url)
            notice = upgrade_notice(folder)
            if notice:
                print(f"reviewer: {notice}", file=sys.stderr)
            try:
                return handler(folder, args)
            finally:
                folder.close()
    except ReviewerError as exc:
        log.info("'reviewer %s' refused (%s)", args.command, type(exc).__name__)
        print(f"reviewer: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("reviewer: interrupted; nothing was changed.", file=sys.stderr)
        return EXIT_REFUSED
    except BrokenPipeError:
        # The reader of our output went away (`reviewer cases | head`): nothing to report.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - kept open until exit on purpose
        return EXIT_OK
    except OSError as exc:
        message = write_failure_message(exc, data_dir)
        if message is None:
            log.exception("unexpected error in 'reviewer %s'", args.command)
            print(f"reviewer: unexpected error; the details are in {log_file}", file=sys.stderr)
        else:
            log.info("'reviewer %s' refused: the data folder cannot be written (%s)", args.command, exc.errno)
            print(f"reviewer: {message}", file=sys.stderr)
        return EXIT_REFUSED
    except Exception:
        log.exception("unexpected error in 'reviewer %s'", args.command)
        print(f"reviewer: unexpected error; the details are in {log_file}", file=sys.stderr)
        return EXIT_REFUSED


# Commands (and sub-commands) that only read the data folder; every other command takes the writer lock.
_READING = {
    *("cases", "show", "search", "check", "audit", "verify"),
    *("findings template", "findings export", "profile show"),
}


def _writes(args: argparse.Namespace) -> bool:
    """Whether the command may change the data folder (then it needs the writer lock)."""
    sub = getattr(args, f"{args.command}_command", None)
    return args.command not in _READING and f"{args.command} {sub}" not in _READING


def _print_json(document: Any) -> None:
    json.dump(document, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def _import(folder: DataFolder, args: argparse.Namespace) -> int:
    result = import_bundle(folder, args.bundle, as_new_version=args.as_new_version)
    log.info("imported case id %s (%s records, version %s)", result.case_id, result.records_added, result.version)
    if args.json:
        _print_json(
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


def _cases(folder: DataFolder, args: argparse.Namespace) -> int:
    summaries = list_cases(folder)
    if args.json:
        _print_json([summary_as_json(s) for s in summaries])
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


def _show(folder: DataFolder, args: argparse.Namespace) -> int:
    case = find_case(folder, args.case)
    if args.json:
        _print_json(case_as_json(case))
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
        lines.append(
            f"  {r.path}  {r.title}  {pages}  {r.state.label}" + (f" ({r.state_detail})" if r.state_detail else "")
        )
    if case.warnings:
        lines.append("")
        lines.append(f"Warnings ({len(case.warnings)}):")
        lines += [f"  - {w.message}" for w in case.warnings]
    return "\n".join(lines)


def _search(folder: DataFolder, args: argparse.Namespace) -> int:
    case = find_case(folder, args.case)
    hits = search_records(folder, case.id, args.query, by_relevance=args.by_relevance, limit=max(1, args.limit))
    if args.json:
        _print_json(
            [
                {
                    "record": hit.record_path,
                    "page": hit.page_number,
                    "snippet": plain_snippet(hit.snippet),
                    "title": hit.record_title,
                    "ocr": hit.from_ocr,
                }
                for hit in hits
            ]
        )
        return EXIT_OK
    if not hits:
        print(f"No page of {case.reference}'s records matches {args.query!r}.")
        return EXIT_OK
    for hit in hits:
        source = " (OCR)" if hit.from_ocr else ""
        print(f"{hit.record_path}  p. {hit.page_number}{source}  {hit.record_title}")
        print(f"    {plain_snippet(hit.snippet, emphasis=True)}")
    return EXIT_OK


def _read_json_file(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReviewerError(f"{path} cannot be read: {exc.strerror or exc}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ReviewerError(f"{path} is not valid JSON: {exc}") from exc


def _findings(folder: DataFolder, args: argparse.Namespace) -> int:
    case = find_case(folder, args.case)
    if args.findings_command == "template":
        template = findings_template(folder, case)
        document = template_json(template, case)
        if args.json:
            _print_json(document)
            return EXIT_OK
        print(f"{case.reference}: form {template.form.key} ({template.form.title}), {len(template.fields)} fields")
        for field in document["fields"]:
            required = "required" if field["required"] else "optional"
            choices = f" [{' | '.join(field['choices'])}]" if field.get("choices") else ""
            print(f"  {field['id']}  ({field['type']}, {required}){choices}  {field['label']}")
        return EXIT_OK
    if args.findings_command == "set":
        count = set_answers(folder, case, _read_json_file(args.file))
        print(f"{count} answer(s) saved for {case.reference}.")
        return EXIT_OK
    answers = get_answers(folder, case)
    text = json.dumps(answers, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if args.out is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        args.out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ReviewerError(f"{args.out} cannot be written: {exc.strerror or exc}") from exc
    print(f"{len(answers)} answer(s) written to {args.out}.")
    return EXIT_OK


def _check(folder: DataFolder, args: argparse.Namespace) -> int:
    case = find_case(folder, args.case)
    items = check_case(folder, case)
    blocking = [i for i in items if i.blocking]
    if args.json:
        _print_json(
            {
                "ready": not blocking,
                "items": [{"text": i.text, "blocking": i.blocking} for i in items],
            }
        )
    else:
        if not blocking:
            print(f"{case.reference} is ready to sign.")
        for item in items:
            print(("✗ " if item.blocking else "! ") + item.text)
    return EXIT_OK if not blocking else EXIT_REFUSED


def _profile(folder: DataFolder, args: argparse.Namespace) -> int:
    if args.profile_command == "certificate":
        path = create_profile_certificate(folder, args.out, _read_password(args.password_file))
        authority = authority_certificate_path(folder)
        print(f"Signing certificate written to {path} and made your profile's.")
        print(f"Give the vendor this authority certificate so they can trust your signature: {authority}")
        return EXIT_OK
    if args.profile_command == "set":
        profile = update_profile(folder, _read_json_file(args.file))
        if not args.json:
            print(f"Profile saved for {profile.name or '(no name yet)'}.")
            return EXIT_OK
    else:
        profile = get_profile(folder)
    if args.json:
        _print_json(profile.to_json())
        return EXIT_OK
    print(_profile_text(profile.to_json()))
    return EXIT_OK


def _profile_text(document: dict[str, Any]) -> str:
    lines = []
    for key, value in document.items():
        if key == "licenses":
            shown = "; ".join(f"{v['state']} {v['number']} (expires {v['expires'] or '-'})" for v in value) or "-"
        elif isinstance(value, list):
            shown = ", ".join(value) or "-"
        else:
            shown = value or "-"
        lines.append(f"{key.replace('_', ' ').capitalize() + ':':<22}{shown}")
    return "\n".join(lines)


def _read_password(path: Path | None) -> str:
    """The password from a file (its first line), or asked at the terminal; never echoed or logged."""
    if path is None:
        if not sys.stdin.isatty():
            raise ReviewerError("Give the certificate's password with --password-file FILE.")
        return getpass.getpass("Certificate password: ")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ReviewerError(f"The password file {path} cannot be read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError:
        raise ReviewerError(f"The password file {path} is not text.") from None
    return lines[0] if lines else ""


def _report(folder: DataFolder, args: argparse.Namespace) -> int:
    case = find_case(folder, args.case)
    write_draft(folder, case, args.out)
    print(f"Draft report for {case.reference} written to {args.out} (marked DRAFT on every page).")
    return EXIT_OK


def _sign(folder: DataFolder, args: argparse.Namespace) -> int:
    case = find_case(folder, args.case)
    p12 = None
    if args.p12 is not None:
        try:
            p12 = args.p12.read_bytes()
        except OSError as exc:
            raise ReviewerError(f"The certificate file {args.p12} cannot be read: {exc.strerror or exc}") from exc
    outcome = sign_report(folder, case, args.out, password=_read_password(args.password_file), p12=p12)
    report = outcome.report
    if args.json:
        _print_json(
            {"file": str(outcome.path), "sha256": report.sha256, "signer": report.signer, "report": report.title}
        )
        return EXIT_OK
    print(f"{report.title} for {case.reference} signed by {report.signer} and written to {outcome.path}.")
    print(f"SHA-256 {report.sha256}. The case's findings are now locked.")
    return EXIT_OK


def _verify(folder: DataFolder, args: argparse.Namespace) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise ReviewerError(f"{args.file} cannot be read: {exc.strerror or exc}") from exc
    check = verify_report(folder, data)
    if args.json:
        _print_json(
            {
                "valid": check.valid,
                "signed": check.signed,
                "intact": check.intact,
                "covers_whole_document": check.covers_whole_document,
                "trusted": check.trusted,
                "signer": check.signer,
                "signed_at": check.signed_at.isoformat() if check.signed_at else None,
                "problems": list(check.problems),
            }
        )
    elif check.valid:
        when = f" on {check.signed_at:%Y-%m-%d %H:%M %Z}".rstrip() if check.signed_at else ""
        print(f"Valid: signed by {check.signer}{when}; nothing was changed or added since.")
        if not check.trusted:
            print("Note: the signer's certificate authority is not one this data folder knows.")
    else:
        print(f"NOT VALID: {args.file}", file=sys.stderr)
        for problem in check.problems:
            print(f"  - {problem}", file=sys.stderr)
    return EXIT_OK if check.valid else EXIT_REFUSED


def _export(folder: DataFolder, args: argparse.Namespace) -> int:
    case = find_case(folder, args.case)
    sha256 = export_return_package(folder, case, args.out)
    print(f"Return package for {case.reference} written to {args.out} (SHA-256 {sha256}).")
    return EXIT_OK


def _purge(folder: DataFolder, args: argparse.Namespace) -> int:
    case = find_case(folder, args.case)
    outcome = purge_case(folder, case)
    print(
        f"Purged {case.reference}: {outcome.records} record(s), {outcome.files_removed} file(s) removed; "
        "the report, findings and audit trail are kept."
    )
    return EXIT_OK


def _audit(folder: DataFolder, args: argparse.Namespace) -> int:
    case = find_case(folder, args.case)
    events = case_history(folder, case)
    problems = verify_case_history(folder, case)
    names = record_names(case)
    if args.json:
        _print_json(
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


_HANDLERS: dict[str, Callable[[DataFolder, argparse.Namespace], int]] = {
    "import": _import,
    "cases": _cases,
    "show": _show,
    "search": _search,
    "findings": _findings,
    "check": _check,
    "profile": _profile,
    "report": _report,
    "sign": _sign,
    "verify": _verify,
    "export": _export,
    "purge": _purge,
    "audit": _audit,
}


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
