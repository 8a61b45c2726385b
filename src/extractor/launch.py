"""`extractor`: the desktop app, or a command of the command line.

With no arguments, or only a project (and options such as --verbose), the window
opens; a command name runs that command. Exit status as the command line says.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from extractor.command_names import COMMANDS

    verbose = "--verbose" in args
    rest = [a for a in args if a != "--verbose"]
    from extractor.diagnostics import start_logging

    start_logging(verbose=verbose)
    if rest and (rest[0] in COMMANDS or rest[0].startswith("-")):
        from extractor.cli import main as command_line

        return command_line(rest)
    if len(rest) > 1:
        print("usage: extractor [--verbose] [PROJECT]", file=sys.stderr)
        return 2
    from extractor.gui.app import run  # Qt only loads when a window is wanted

    return run(Path(rest[0]) if rest else None)
