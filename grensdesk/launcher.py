"""The ``grensdesk`` command: a sub-command runs headless, no command opens the GUI.

This is the composition root, the one place outside ``grensdesk.ui`` that may
reach for Qt. It imports only the light argument parser first, then either the
GUI or the commands, so neither pays for loading the other.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments:
        # The everyday case: no need to build the whole command-line grammar first.
        from grensdesk.ui.app import run_gui

        return run_gui(None)
    from grensdesk.cli_parser import parse_args

    args = parse_args(arguments)
    if args.command in (None, "gui"):
        from grensdesk.ui.app import run_gui  # Qt only when a screen is wanted

        return run_gui(args.database)
    from grensdesk.cli import run_command  # SQLAlchemy only when a command is run

    return run_command(args)
