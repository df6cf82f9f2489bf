"""What the letter and report PDFs share: the shipped font, and pages numbered "n of m"."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Final

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT_DIR: Final = Path(__file__).resolve().parent.parent.parent / "resources" / "fonts"


@functools.cache
def register_font(name: str) -> tuple[str, str]:
    """Register DejaVu Sans as ``name`` and ``name-Bold``, once; returns both names.

    The TTF is shipped in resources/fonts and has every letter and the arrow we print;
    reportlab embeds the used glyphs as a subset. The name is part of the PDF, so each
    document keeps its own.
    """
    bold = f"{name}-Bold"
    pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(bold, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(name, normal=name, bold=bold, italic=name, boldItalic=bold)
    return name, bold


class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
    """Holds every page back until the end, so each footer can say "page n of m".

    Subclasses draw the footer in ``draw_footer``; ``page_count`` is final once
    ``save`` is called.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict[str, Any]] = []

    @property
    def page_count(self) -> int:
        return len(self._saved_pages)

    def draw_footer(self, total: int) -> None:
        """Draw the current page's footer; ``total`` is the number of pages."""
        raise NotImplementedError

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            self.draw_footer(total)
            super().showPage()
        super().save()
