"""`reviewer missing-records CASE [--json] [--letter FILE]`: records the case mentions but did not send.

An addition to the contract's commands (cli-and-hooks.md lists it nowhere): it lists each study or
visit with the page that mentions it; ``--letter`` writes the request to the vendor listing them
all (in the window the physician unticks any first).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewer_app.cli.commands import named_case, print_json
from reviewer_app.cli.inputs import checked_output

if TYPE_CHECKING:
    from reviewer_app.domain.missing_records import MissingRecord
    from reviewer_app.services.data_folder import DataFolder

EXIT_OK = 0
COMMAND = "missing-records"
_SUB = f"{COMMAND}_command"  # "list" only reads; "letter" writes the letter and an event in the case history


class _Letter(argparse.Action):
    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option: str | None = None
    ) -> None:
        setattr(namespace, self.dest, Path(values))
        setattr(namespace, _SUB, "letter")


def add_missing_records_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """The command's grammar."""
    missing = commands.add_parser(
        COMMAND,
        parents=[common],
        help="studies and visits the records mention but do not contain; --letter writes the request",
    )
    missing.add_argument("case", metavar="CASE")
    missing.add_argument(
        "--letter", action=_Letter, metavar="FILE", help="write the letter asking the vendor for them (PDF)"
    )
    missing.set_defaults(**{_SUB: "list"})


def missing_records(folder: DataFolder, args: argparse.Namespace) -> int:
    """Print the missing records (or their JSON), and write the request letter when asked."""
    from reviewer_app.services.missing_records import case_missing_records, write_request_letter

    letter: Path | None = getattr(args, "letter", None)
    if letter is not None:
        checked_output(letter)
    case = named_case(folder, args.case)
    missing = case_missing_records(folder, case.id)
    if letter is not None and missing:
        write_request_letter(folder, case.id, missing, letter)
    if args.json:
        print_json([item.to_json() for item in missing])
    else:
        _print_list(case.reference, missing)
    if letter is not None:
        print(f"Letter written to {letter}" if missing else "No letter written: nothing is missing.")
    return EXIT_OK


def _print_list(reference: str, missing: Sequence[MissingRecord]) -> None:
    if not missing:
        print(f"{reference}: every study and visit the records mention is among them.")
        return
    print(f"{reference}: {len(missing)} record(s) mentioned but not received")
    for item in missing:
        first = item.first
        more = f" (and {len(item.mentions) - 1} more)" if len(item.mentions) > 1 else ""
        print(f"  {item.description}: {first.record} p. {first.page}{more}: {first.sentence}")
