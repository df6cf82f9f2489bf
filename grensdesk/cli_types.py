"""Argument types shared by the command line's parsers."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from grensdesk.i18n import _


def whole_number(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least ``minimum``, refused in plain words."""

    def parse(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise argparse.ArgumentTypeError(
                _("not a whole number: {value}").format(value=raw)
            ) from None
        if value < minimum:
            raise argparse.ArgumentTypeError(
                _("must be at least {minimum}: {value}").format(minimum=minimum, value=raw)
            )
        return value

    return parse
