"""``reviewer``'s entry point: parse, open the data folder, run one command, turn failures into sentences."""

from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer_app.cli import (
    billing_command,
    chronology_command,
    commands,
    conflicts_command,
    missing_records_command,
    report_commands,
    restore_command,
    transcribe_command,
)
from reviewer_app.cli.output import escaped_output
from reviewer_app.cli.parser import build_parser
from reviewer_app.diagnostics import configure_logging, write_failure_message
from reviewer_app.domain.errors import ReviewerError

if TYPE_CHECKING:
    from reviewer_app.services.data_folder import DataFolder

log = logging.getLogger(__name__)

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2

_HANDLERS: dict[str, Callable[[DataFolder, argparse.Namespace], int]] = {
    "import": commands.import_bundle_command,
    "cases": commands.cases,
    "show": commands.show,
    "search": commands.search,
    "review": commands.review,
    "findings": commands.findings,
    "check": commands.check,
    "purge": commands.purge,
    "audit": commands.audit,
    "profile": report_commands.profile,
    "report": report_commands.report,
    "sign": report_commands.sign,
    "verify": report_commands.verify,
    "export": report_commands.export,
    "chronology": chronology_command.chronology,
    "billing": billing_command.billing,
    "missing-records": missing_records_command.missing_records,
    "conflicts": conflicts_command.conflicts,
    "transcribe": transcribe_command.transcribe,
}

# Commands (and sub-commands) that only read the data folder; every other command takes the writer lock.
_READING = {
    *("cases", "show", "search", "check", "audit", "verify"),
    *("findings template", "findings export", "profile show", "chronology show", "billing"),
    *("missing-records list", "conflicts show", "transcribe"),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``reviewer`` with ``argv`` (default: the process's); return the exit status.

    Whatever it prints, on stdout or stderr, has its control characters escaped (``cli.output``).
    """
    with escaped_output():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None or args.command == "demo":
        from reviewer_app.app import run_gui  # Qt is loaded only when a window is wanted

        return int(run_gui(args.data_dir, args.database_url, demo=args.command == "demo"))
    from reviewer_app.services.data_folder import default_data_dir

    data_dir = (args.data_dir or default_data_dir()).expanduser().absolute()
    log_file = configure_logging(data_dir)
    try:
        if args.command == "restore":
            return _restore(data_dir, args)
        return _run(_HANDLERS[args.command], data_dir, args)
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
        message = write_failure_message(exc, data_dir) or _file_failure_message(exc)
        if message is None:
            log.exception("unexpected error in 'reviewer %s'", args.command)
            print(f"reviewer: unexpected error; the details are in {log_file}", file=sys.stderr)
        else:
            log.info("'reviewer %s' refused: a file could not be used (errno %s)", args.command, exc.errno)
            print(f"reviewer: {message}", file=sys.stderr)
        return EXIT_REFUSED
    except Exception as exc:
        from reviewer_app.services.backup import damage_in_words

        damage = damage_in_words(exc, data_dir)
        if damage is not None:
            log.warning("'reviewer %s' met a damaged database", args.command)
            print(f"reviewer: {damage}", file=sys.stderr)
            return EXIT_REFUSED
        log.exception("unexpected error in 'reviewer %s'", args.command)
        print(f"reviewer: unexpected error; the details are in {log_file}", file=sys.stderr)
        return EXIT_REFUSED


def _restore(data_dir: Path, args: argparse.Namespace) -> int:
    """`reviewer restore`: without the database (it may be the damaged one), under the writer lock to restore."""
    from reviewer_app.services.private_folder import make_private
    from reviewer_app.services.writer_lock import writing

    make_private(data_dir, reading=args.backup is None)
    if args.backup is None:
        return restore_command.restore(data_dir, args)
    with writing(data_dir, "the command `reviewer restore`"):
        return restore_command.restore(data_dir, args)


def _run(handler: Callable[[DataFolder, argparse.Namespace], int], data_dir: Path, args: argparse.Namespace) -> int:
    from reviewer_app.services.data_folder import open_data_folder, upgrade_notice
    from reviewer_app.services.writer_lock import writing

    # A command that changes data takes the folder's writer lock first (refused while the
    # window or another command writes); one that only reads runs beside the writer.
    writes = _writes(args)
    lock = writing(data_dir, f"the command `reviewer {args.command}`") if writes else nullcontext()
    with lock:
        folder = open_data_folder(data_dir, args.database_url, reading=not writes)
        for notice in (folder.permission_warning, upgrade_notice(folder), *folder.recovery_notices):
            if notice:
                print(f"reviewer: {notice}", file=sys.stderr)
        try:
            return handler(folder, args)
        finally:
            folder.close()


# errno values that mean "this path or file cannot be used", whatever the command was doing with it.
_FILE_PROBLEMS = {
    errno.ENAMETOOLONG: "the name is too long for the file system",
    errno.ENOENT: "it does not exist",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "it is a folder",
    errno.ELOOP: "it is a loop of symbolic links",
    errno.EMFILE: "too many files are open",
    errno.EFBIG: "the file is too large for the file system",
}


def _file_failure_message(exc: OSError) -> str | None:
    """A sentence for a path the command could not use, or None for a failure no one expected."""
    reason = _FILE_PROBLEMS.get(exc.errno or 0)
    if reason is None:
        return None
    name = str(exc.filename) if exc.filename is not None else "a file"
    shown = name if len(name) <= 80 else name[:77] + "…"
    return f"{shown} cannot be used: {reason}."


def _writes(args: argparse.Namespace) -> bool:
    """Whether the command may change the data folder (then it needs the writer lock)."""
    sub = getattr(args, f"{args.command}_command", None)
    return args.command not in _READING and f"{args.command} {sub}" not in _READING


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
