"""Start GrensDesk's desktop application (the same as ``grensdesk`` without a command)."""

from __future__ import annotations

import sys

from grensdesk.launcher import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
