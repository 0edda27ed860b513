"""`reviewer chronology CASE [--json] [--csv FILE]` and `reviewer chronology set CASE FILE.json`."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewer_app.bundles.document_checks import DocumentCaps
from reviewer_app.cli.commands import named_case, print_json
from reviewer_app.cli.inputs import MIB, checked_output, read_json_file

if TYPE_CHECKING:
    from reviewer_app.domain.chronology import ChronologyEntry
    from reviewer_app.services.data_folder import DataFolder

EXIT_OK = 0
CORRECTIONS_FILE_BYTES = 16 * MIB  # a 5,000-page case's whole chronology, sent back, is a few MiB
CORRECTIONS_CAPS = DocumentCaps(depth=8, text=10_000, integer=2**31, items=100_000)
_USAGE = "usage: reviewer chronology CASE [--json] [--csv FILE]  |  reviewer chronology set CASE FILE.json"


class _Words(argparse.Action):
    """`CASE` shows the chronology; `set CASE FILE` corrects it (the entry point reads the sub-command)."""

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option: str | None = None
    ) -> None:
        words = list(values)
        if len(words) == 3 and words[0] == "set":
            namespace.chronology_command, namespace.case, namespace.file = "set", words[1], Path(words[2])
        elif len(words) == 1:
            namespace.chronology_command, namespace.case, namespace.file = "show", words[0], None
        else:
            parser.error(f"expected CASE, or set CASE FILE.json ({_USAGE})")


def add_chronology_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """The chronology command's grammar."""
    chronology = commands.add_parser(
        "chronology",
        parents=[common],
        help="the case's documents in date order; `set CASE FILE.json` keeps your corrections",
        usage=_USAGE,
    )
    chronology.add_argument("words", nargs="+", action=_Words, metavar="CASE | set CASE FILE.json")
    chronology.add_argument("--csv", type=Path, metavar="FILE", help="also write the chronology as CSV to FILE")


def chronology(folder: DataFolder, args: argparse.Namespace) -> int:
    """Print (or write as CSV) the case's chronology, or keep the corrections in a file."""
    from reviewer_app.services.chronology import case_chronology, chronology_csv, correct_chronology

    if args.chronology_command == "set":
        document = read_json_file(args.file, "corrections file", CORRECTIONS_FILE_BYTES, CORRECTIONS_CAPS)
        case = named_case(folder, args.case)
        changes = correct_chronology(folder, case.id, document)
        if args.json:
            print_json({"corrections": len(changes), "changes": changes})
        elif changes:
            print(f"{len(changes)} correction(s) kept for {case.reference}; they apply on every run.")
        else:
            print(f"Nothing changed for {case.reference}: the entries given are the chronology as it stands.")
        return EXIT_OK
    if args.csv is not None:
        checked_output(args.csv)
    case = named_case(folder, args.case)
    entries = case_chronology(folder, case.id)
    if args.csv is not None:
        Path(args.csv).write_text(chronology_csv(entries), encoding="utf-8")
    if args.json:
        print_json([entry.to_json() for entry in entries])
        return EXIT_OK
    _print_table(case.reference, entries)
    return EXIT_OK


def _print_table(reference: str, entries: Sequence[ChronologyEntry]) -> None:
    if not entries:
        print(f"{reference} has no readable record pages to sort into a chronology.")
        return
    print(f"Chronology of {reference}: {len(entries)} document(s)")
    for e in entries:
        when = e.date.isoformat() if e.date else "undated   "
        if e.date_to:
            when += f" to {e.date_to.isoformat()}"
        pages = f"p. {e.first_page}" if e.first_page == e.last_page else f"pp. {e.first_page}-{e.last_page}"
        names = [e.provider] if e.provider else []
        if e.facility and (not e.provider or e.facility.casefold() != e.provider.casefold()):
            names.append(e.facility)  # a clinic that is the bill's provider is named once
        who = ", ".join(names) or "provider not found"
        flag = " (low confidence: check)" if e.low_confidence else " (corrected)" if e.source == "corrected" else ""
        summary = f" — {e.summary}" if e.summary else ""
        print(f"  {when}  {e.type:<20} {who}; {e.record} {pages}{flag}{summary}")
