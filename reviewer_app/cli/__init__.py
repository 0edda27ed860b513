"""The ``reviewer`` command line (cli-and-hooks.md), calling the same services as the GUI.

Each command imports the services it uses only when it runs, so that `reviewer cases` answers
without loading Qt, ReportLab, pyHanko, pypdfium2 or pikepdf (``bench/cli_bench.py`` measures it).
"""

from reviewer_app.cli.entry import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, main, run

__all__ = ["EXIT_OK", "EXIT_REFUSED", "EXIT_USAGE", "main", "run"]
