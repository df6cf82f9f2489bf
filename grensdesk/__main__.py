from __future__ import annotations

import sys

from grensdesk.launcher import main

sys.exit(main())
