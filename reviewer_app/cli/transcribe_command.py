"""`reviewer transcribe AUDIO [--case CASE] [--json]`: offline speech to text of a WAV file (contract version 2).

Biased to the case's terms when a case is named; prints the text, or with --json
{"text", "seconds", "model", "transcribe_seconds", "case"}.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer_app.cli.commands import named_case, print_json

if TYPE_CHECKING:
    from reviewer_app.services.data_folder import DataFolder

EXIT_OK = 0
COMMAND = "transcribe"


def add_transcribe_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """The command's grammar."""
    transcribe = commands.add_parser(
        COMMAND, parents=[common], help="offline speech to text of a WAV file, biased to a case's terms"
    )
    transcribe.add_argument("audio", type=Path, metavar="AUDIO", help="a WAV file (16 kHz mono, or any rate)")
    transcribe.add_argument("--case", metavar="CASE", help="bias the words to this case's terms")


def transcribe(folder: DataFolder, args: argparse.Namespace) -> int:
    """Print what was said in the WAV file."""
    from reviewer_app.services.dictation import dictation_terms, transcribe_file

    case = named_case(folder, args.case) if args.case else None
    terms = dictation_terms(case) if case is not None else ()
    transcript, took = transcribe_file(args.audio, terms)
    if args.json:
        print_json(
            {
                "text": transcript.text,
                "seconds": transcript.seconds,
                "model": transcript.model,
                "transcribe_seconds": round(took, 2),
                "case": case.reference if case is not None else None,
            }
        )
    else:
        print(transcript.text)
    return EXIT_OK
