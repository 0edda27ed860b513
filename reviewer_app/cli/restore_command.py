"""`reviewer restore [BACKUP]`: list the database's backups, or put one back.

It runs without opening the database (which may be the damaged or missing one it replaces),
holding the writer lock, so it is refused while the window is open.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from reviewer_app.cli.commands import print_json

EXIT_OK = 0


def add_restore_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """The restore command's grammar."""
    restore = commands.add_parser(
        "restore", parents=[common], help="list the database's backups, or restore one (all or nothing)"
    )
    restore.add_argument("backup", nargs="?", metavar="BACKUP", help="the backup's name, as listed")


def restore(data_dir: Path, args: argparse.Namespace) -> int:
    """List the backups (no argument) or restore the one named."""
    from reviewer_app.services.backup import backups, restore

    if args.backup is None:
        found = backups(data_dir)
        if args.json:
            print_json([{"name": b.name, "taken_at": b.taken_at.isoformat(), "bytes": b.size} for b in found])
            return EXIT_OK
        if not found:
            print(f"No backups in {data_dir / 'backups'} yet (one is taken after each signing and daily).")
            return EXIT_OK
        print(f"Backups of the database in {data_dir / 'backups'}, newest first:")
        for b in found:
            print(f"  {b.name}  {b.taken_at.strftime('%Y-%m-%d %H:%M:%S')}  {b.size / 1e6:.1f} MB")
        print("Restore one with `reviewer restore NAME`.")
        return EXIT_OK
    restored = restore(data_dir, args.backup)
    print(
        f"The database was restored from {restored.name} (taken {restored.taken_at.strftime('%Y-%m-%d %H:%M')}): "
        "what was done after that backup is not in it."
    )
    return EXIT_OK
