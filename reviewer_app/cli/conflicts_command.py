"""`reviewer conflicts CASE [--json]` and `reviewer conflicts CASE --acknowledge NAME --reason TEXT`.

An addition to the contract's commands: the case's conflicts of interest with the profile (from
the manifest and the records' text), and the physician's acknowledgement, which signing waits for.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from reviewer_app.cli.commands import named_case, print_json

if TYPE_CHECKING:
    from reviewer_app.services.data_folder import DataFolder

EXIT_OK = 0
COMMAND = "conflicts"
_SUB = f"{COMMAND}_command"


class _Acknowledge(argparse.Action):
    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option: str | None = None
    ) -> None:
        setattr(namespace, self.dest, values)
        setattr(namespace, _SUB, "acknowledge")


def add_conflicts_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """The command's grammar."""
    conflicts = commands.add_parser(
        COMMAND, parents=[common], help="conflicts of interest with your profile; --acknowledge NAME --reason TEXT"
    )
    conflicts.add_argument("case", metavar="CASE")
    conflicts.add_argument("--acknowledge", action=_Acknowledge, metavar="NAME", help="the profile's entry")
    conflicts.add_argument("--reason", metavar="TEXT", help="why the review may go ahead (kept with the case)")
    conflicts.set_defaults(**{_SUB: "show"})


def conflicts(folder: DataFolder, args: argparse.Namespace) -> int:
    """List the case's conflicts, or keep the physician's acknowledgement of one."""
    from reviewer_app.domain.errors import InvalidInput
    from reviewer_app.services.conflicts import acknowledge_conflict, acknowledged_conflicts, case_conflicts

    case = named_case(folder, args.case)
    if getattr(args, _SUB) == "acknowledge":
        if not args.reason:
            raise InvalidInput("Give --reason: why the review may go ahead despite the conflict.")
        acknowledge_conflict(folder, case.id, args.acknowledge, args.reason)
        print(f'Conflict with "{args.acknowledge}" acknowledged for {case.reference}; the reason is kept.')
        return EXIT_OK
    found = case_conflicts(folder, case.id)
    done = acknowledged_conflicts(folder, case.id)
    if args.json:
        print_json(
            [
                {"conflict": m.conflict, "found": m.found, "where": m.where, "acknowledged": m.conflict in done}
                for m in found
            ]
        )
        return EXIT_OK
    if not found:
        print(f"{case.reference}: no conflict of interest with your profile's list.")
    for match in found:
        state = "acknowledged" if match.conflict in done else "not acknowledged: signing waits for it"
        print(f'  "{match.conflict}" matches "{match.found}" in {match.where} ({state})')
    return EXIT_OK
