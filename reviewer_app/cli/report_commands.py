"""The commands that make or check documents: profile, certificate, report, sign, verify, export.

ReportLab, pyHanko and pikepdf are imported by the services these call, only when they run.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewer_app.cli.commands import EXIT_OK, EXIT_REFUSED, named_case, print_json
from reviewer_app.cli.inputs import (
    CERTIFICATE_FILE_BYTES,
    PROFILE_CAPS,
    PROFILE_FILE_BYTES,
    REPORT_FILE_BYTES,
    check_signature_image,
    checked_output,
    read_json_file,
    read_password,
    read_user_file,
)
from reviewer_app.domain.errors import ReviewerError

if TYPE_CHECKING:
    from reviewer_app.services.data_folder import DataFolder


def profile(folder: DataFolder, args: argparse.Namespace) -> int:
    from reviewer_app.services.profile import get_profile, update_profile

    if args.profile_command == "certificate":
        from reviewer_app.services.certificates import authority_certificate_path, create_profile_certificate

        checked_output(args.out)
        path = create_profile_certificate(folder, args.out, _password(args.password_file))
        authority = authority_certificate_path(folder)
        print(f"Signing certificate written to {path} and made your profile's.")
        print(f"Give the vendor this authority certificate so they can trust your signature: {authority}")
        return EXIT_OK
    if args.profile_command == "set":
        document = read_json_file(args.file, "profile file", PROFILE_FILE_BYTES, PROFILE_CAPS)
        check_signature_image(document)
        saved = update_profile(folder, document)
        if not args.json:
            print(f"Profile saved for {saved.name or '(no name yet)'}.")
            return EXIT_OK
    else:
        saved = get_profile(folder)
    if args.json:
        print_json(saved.to_json())
        return EXIT_OK
    print(_profile_text(saved.to_json()))
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


def _password(path: Path | None) -> str:
    """The password from a file (its first line), or asked at the terminal; never echoed or logged."""
    if path is None:
        if not sys.stdin.isatty():
            raise ReviewerError("Give the certificate's password with --password-file FILE.")
        return getpass.getpass("Certificate password: ")
    return read_password(path)


def report(folder: DataFolder, args: argparse.Namespace) -> int:
    from reviewer_app.services.reporting import is_word_file, write_draft

    checked_output(args.out)
    case = named_case(folder, args.case)
    write_draft(folder, case, args.out)
    if is_word_file(args.out):
        print(
            f"Word copy of the draft for {case.reference} written to {args.out} "
            "(marked DRAFT; the signed PDF is the report of record)."
        )
        return EXIT_OK
    print(f"Draft report for {case.reference} written to {args.out} (marked DRAFT on every page).")
    return EXIT_OK


def sign(folder: DataFolder, args: argparse.Namespace) -> int:
    from reviewer_app.services.reporting import sign_report

    checked_output(args.out)
    p12 = None if args.p12 is None else read_user_file(args.p12, "certificate file", CERTIFICATE_FILE_BYTES)
    case = named_case(folder, args.case)
    outcome = sign_report(folder, case, args.out, password=_password(args.password_file), p12=p12)
    signed = outcome.report
    for note in outcome.notes:
        print(f"reviewer: {note}", file=sys.stderr)
    if args.json:
        print_json(
            {"file": str(outcome.path), "sha256": signed.sha256, "signer": signed.signer, "report": signed.title}
        )
        return EXIT_OK
    print(f"{signed.title} for {case.reference} signed by {signed.signer} and written to {outcome.path}.")
    print(f"SHA-256 {signed.sha256}. The case's findings are now locked.")
    return EXIT_OK


def verify(folder: DataFolder, args: argparse.Namespace) -> int:
    from reviewer_app.services.reporting import verify_report

    data = read_user_file(args.file, "report", REPORT_FILE_BYTES)
    also_trust = [read_user_file(path, "trusted certificate", CERTIFICATE_FILE_BYTES) for path in args.trust]
    check = verify_report(folder, data, also_trust=also_trust)
    if args.json:
        print_json(
            {
                "valid": check.valid,
                "signed": check.signed,
                "intact": check.intact,
                "trusted": check.trusted,
                "covers_document": check.covers_whole_document,
                "covers_whole_document": check.covers_whole_document,
                "later_changes": list(check.later_changes),
                "signer": check.signer,
                "signed_at": check.signed_at.isoformat() if check.signed_at else None,
                "problems": list(check.problems),
            }
        )
    elif check.valid:
        print(check.verdict())
    else:
        print(f"{args.file}: {check.verdict()}", file=sys.stderr)
        for problem in check.problems:
            print(f"  - {problem}", file=sys.stderr)
    return EXIT_OK if check.valid else EXIT_REFUSED


def export(folder: DataFolder, args: argparse.Namespace) -> int:
    from reviewer_app.services.return_package import export_return_package

    checked_output(args.out)
    case = named_case(folder, args.case)
    sha256 = export_return_package(folder, case, args.out)
    print(f"Return package for {case.reference} written to {args.out} (SHA-256 {sha256}).")
    return EXIT_OK
