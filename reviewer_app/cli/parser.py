"""The command line's grammar: commands, their arguments and the ranges numbers must fall in."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reviewer_app.cli.billing_command import add_billing_parser
from reviewer_app.cli.chronology_command import add_chronology_parser
from reviewer_app.cli.conflicts_command import add_conflicts_parser
from reviewer_app.cli.missing_records_command import add_missing_records_parser
from reviewer_app.cli.restore_command import add_restore_parser
from reviewer_app.cli.transcribe_command import add_transcribe_parser

# `--limit` beyond this is a mistake, not a wish: a case's search rarely has more hits than pages.
MAX_SEARCH_LIMIT = 100_000


def page_span(text: str) -> tuple[int, int]:
    """An argparse type: ``A-B`` or ``A`` (1-based pages, A no greater than B), or a usage error saying so."""
    first, dash, last = text.strip().partition("-")
    try:
        if not (first.isascii() and first.isdigit()) or (dash and not (last.isascii() and last.isdigit())):
            raise ValueError
        span = (int(first), int(last) if dash else int(first))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a page range such as 3-12 or 7") from None
    if span[0] < 1 or span[0] > span[1] or span[1] > 10_000_000:
        raise argparse.ArgumentTypeError(f"{text!r} is not a page range such as 3-12 or 7")
    return span


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``, or a usage error saying so."""

    def parse(text: str) -> int:
        stripped = text.strip()
        # isdecimal() alone admits other scripts' digits; a range check needs plain ones.
        digits = stripped.removeprefix("-")
        if not (digits.isascii() and digits.isdecimal()) or len(digits) > len(str(high)) + 1:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from {low:,} to {high:,}")
        value = int(stripped)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value:,} is not a whole number from {low:,} to {high:,}")
        return value

    parse.__name__ = "whole number"  # argparse names the type in its message
    return parse


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
    """The ``reviewer`` parser with every command of cli-and-hooks.md."""
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
    search.add_argument(
        "--limit",
        type=whole_number(1, MAX_SEARCH_LIMIT),
        default=MAX_SEARCH_LIMIT,
        help=f"list at most this many hits, 1 to {MAX_SEARCH_LIMIT:,} (default: every hit); the total counts them all",
    )
    review = commands.add_parser("review", parents=[common], help="mark pages of a record reviewed by you")
    review.add_argument("case", metavar="CASE", help="the case's reference or id")
    review.add_argument("record", metavar="RECORD", help="the record's path in the bundle, or its id")
    review.add_argument("--pages", type=page_span, metavar="A-B", help="these pages only (default: the whole record)")
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
    report.add_argument("--out", type=Path, required=True, help="the PDF file to write (.docx: a Word copy)")
    sign = commands.add_parser("sign", parents=[common], help="sign the final report (locks the findings)")
    sign.add_argument("case", metavar="CASE")
    sign.add_argument("--out", type=Path, required=True, help="the signed PDF file to write")
    sign.add_argument("--p12", type=Path, help="a PKCS#12 certificate (default: the profile's)")
    sign.add_argument("--password-file", type=Path, help="a file holding the certificate's password")
    verify = commands.add_parser("verify", parents=[common], help="check a signed report")
    verify.add_argument("file", type=Path, metavar="FILE")
    verify.add_argument(
        "--trust",
        type=Path,
        action="append",
        default=[],
        metavar="CERT",
        help="also trust this authority's certificate (PEM or DER); repeatable",
    )
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
    add_restore_parser(commands, common)
    add_chronology_parser(commands, common)
    add_billing_parser(commands, common)
    add_missing_records_parser(commands, common)
    add_conflicts_parser(commands, common)
    add_transcribe_parser(commands, common)
    return parser
