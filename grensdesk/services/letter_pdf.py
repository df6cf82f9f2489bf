"""The letter as a PDF, made from its snapshot alone (reportlab platypus).

Deterministic: reportlab's invariant mode fixes the document id and object order, the
creation date is the letter's issue time, and the font is the one shipped in
``resources/fonts``; the same snapshot gives the same bytes.

Layout: DIN 5008 form B on A4. The address field of a window envelope (DL/C6/5) sits
45 mm from the top and 20 mm from the left, 85 × 45 mm: a 17.7 mm zone for the return
line, then up to nine address lines. The information block (reference, date, adviser)
stands beside it at 125 mm; fold marks at 105 and 210 mm, the punch mark at 148.5 mm.
Every piece of user or knowledge-base text is escaped before it enters a Paragraph.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
)

from grensdesk.services.letter_content import Contact, LetterContent
from grensdesk.services.pdf_base import NumberedCanvas, register_font

FONT: Final = "GrensDeskSans"
FONT_BOLD: Final = "GrensDeskSans-Bold"
PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT: Final = 25 * mm
RIGHT: Final = 20 * mm
BOTTOM: Final = 25 * mm
# DIN 5008 form B
ADDRESS_TOP: Final = 45 * mm
ADDRESS_LEFT: Final = 20 * mm
ADDRESS_WIDTH: Final = 85 * mm
ADDRESS_HEIGHT: Final = 45 * mm
ADDITION_ZONE: Final = 17.7 * mm
INFO_LEFT: Final = 125 * mm
INFO_TOP: Final = 50 * mm
INFO_WIDTH: Final = 75 * mm
BODY_TOP_FIRST: Final = 98.5 * mm
BODY_TOP_LATER: Final = 20 * mm
FOLD_MARKS: Final = (105 * mm, 210 * mm)
PUNCH_MARK: Final = 148.5 * mm
INK: Final = colors.Color(0.1, 0.1, 0.1)
GREY: Final = colors.Color(0.35, 0.35, 0.35)
ACCENT: Final = colors.Color(0.0, 0.29, 0.53)
# Written into the PDF's Keywords, so that ``letter verify`` can say which letter a changed
# file claims to be.
KEYWORD_PREFIX: Final = "GrensDesk letter "


@dataclass(frozen=True)
class RenderedLetter:
    pdf: bytes
    page_count: int


def register_fonts() -> tuple[str, str]:
    """Register the shipped TTF once; reportlab embeds the used glyphs as a subset."""
    return register_font(FONT)


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, textColor=INK)
    return {
        "body": body,
        "subject": ParagraphStyle(
            "subject", parent=body, fontName=FONT_BOLD, fontSize=11, leading=14, spaceAfter=10
        ),
        "heading": ParagraphStyle(
            "heading", parent=body, fontName=FONT_BOLD, fontSize=10.5, leading=14,
            spaceBefore=8, spaceAfter=3, textColor=ACCENT, keepWithNext=1,
        ),
        "comparison": ParagraphStyle(
            "comparison", parent=body, fontName=FONT_BOLD, spaceBefore=6, spaceAfter=2,
            keepWithNext=1,
        ),
        "label": ParagraphStyle(
            "label", parent=body, fontName=FONT_BOLD, fontSize=9, leading=12, spaceBefore=3,
            keepWithNext=1,
        ),
        "indented": ParagraphStyle("indented", parent=body, leftIndent=4 * mm, spaceAfter=2),
        "note": ParagraphStyle(
            "note", parent=body, fontSize=8.5, leading=11, textColor=GREY, leftIndent=4 * mm
        ),
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=GREY),
        "info": ParagraphStyle("info", parent=body, fontSize=8.5, leading=11),
        "return": ParagraphStyle("return", parent=body, fontSize=6.5, leading=8, textColor=GREY),
        "address": ParagraphStyle("address", parent=body, fontSize=10, leading=12.5),
        "letterhead": ParagraphStyle(
            "letterhead", parent=body, fontName=FONT_BOLD, fontSize=15, leading=18,
            textColor=ACCENT,
        ),
        "contact": ParagraphStyle(
            "contact", parent=body, fontSize=8, leading=10, textColor=GREY, alignment=TA_RIGHT
        ),
        "disclaimer": ParagraphStyle(
            "disclaimer", parent=body, fontSize=8.5, leading=11, textColor=GREY,
            borderColor=GREY, borderWidth=0.5, borderPadding=4, spaceBefore=14,
        ),
    }  # fmt: skip


def text(value: str) -> str:
    """User text as Paragraph markup: escaped, line breaks kept, nothing else."""
    return escape(value).replace("\n", "<br/>")


def paragraphs(value: str, style: ParagraphStyle) -> list[Flowable]:
    """One Paragraph per block of text, so long notes flow across pages."""
    blocks = [block.strip() for block in value.replace("\r\n", "\n").split("\n\n")]
    return [Paragraph(text(block), style) for block in blocks if block]


def render_letter(content: LetterContent) -> RenderedLetter:
    styles = _styles()
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        invariant=1,
        title=content.subject,
        author=content.letterhead.name,
        subject=content.reference,
        keywords=f"{KEYWORD_PREFIX}{content.reference}",
        creator="GrensDesk",
        producer="GrensDesk (ReportLab)",
        lang=content.locale.replace("_", "-"),
        # Otherwise every page starts in Helvetica, a font that is referenced but not embedded.
        initialFontName=FONT,
        initialFontSize=10,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=BODY_TOP_LATER,
        bottomMargin=BOTTOM,
    )
    width = PAGE_WIDTH - LEFT - RIGHT
    first = Frame(
        LEFT, BOTTOM, width, PAGE_HEIGHT - BODY_TOP_FIRST - BOTTOM, id="first",
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
    )  # fmt: skip
    later = Frame(
        LEFT, BOTTOM, width, PAGE_HEIGHT - BODY_TOP_LATER - BOTTOM, id="later",
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
    )  # fmt: skip
    document.addPageTemplates(
        [
            PageTemplate("first", [first], onPage=lambda c, d: _first_page(c, content)),
            PageTemplate("later", [later]),
        ]
    )
    pages: list[int] = []
    canvas_maker = functools.partial(_NumberedCanvas, content=content, page_counter=pages.append)
    document.build([NextPageTemplate("later"), *_body(content, styles)], canvasmaker=canvas_maker)
    return RenderedLetter(pdf=buffer.getvalue(), page_count=pages[-1] if pages else 0)


def _body(content: LetterContent, styles: dict[str, ParagraphStyle]) -> Iterable[Flowable]:
    labels = content.labels
    yield Paragraph(text(content.subject), styles["subject"])
    yield Paragraph(text(content.salutation), styles["body"])
    yield Spacer(0, 4)
    yield Paragraph(text(labels["situation"]), styles["heading"])
    yield from paragraphs(content.situation, styles["body"])
    for key, value in (("question", content.question), ("advice", content.advice)):
        if value:
            yield Paragraph(text(labels[key]), styles["heading"])
            yield from paragraphs(value, styles["body"])
    if content.comparisons:
        yield Paragraph(text(labels["comparisons"]), styles["heading"])
        for cited in content.comparisons:
            yield CondPageBreak(40 * mm)
            yield Paragraph(text(cited.heading), styles["comparison"])
            if cited.fallback_note:
                yield Paragraph(text(cited.fallback_note), styles["note"])
            for label, value in (
                (labels["netherlands"], cited.dutch_rule),
                (cited.neighbour_label, cited.neighbour_rule),
                (labels["practice"], cited.practice),
                (labels["legal_basis"], cited.legal_basis),
            ):
                if value:
                    yield Paragraph(text(label), styles["label"])
                    yield from paragraphs(value, styles["indented"])
            if cited.sources:
                yield Paragraph(text(labels["sources"]), styles["label"])
                for source in cited.sources:
                    yield Paragraph(f"{text(source.title)} — {text(source.url)}", styles["note"])
    if content.answer:
        yield Paragraph(text(content.answer_heading), styles["heading"])
        yield from paragraphs(content.answer, styles["body"])
    if content.next_steps:
        yield Paragraph(text(labels["next_steps"]), styles["heading"])
        yield Paragraph(text(content.next_steps_intro), styles["body"])
        for contact in content.next_steps:
            yield KeepTogether(list(_contact(contact, labels, styles)))
    yield Spacer(0, 10)
    closing = [Paragraph(text(content.closing), styles["body"]), Spacer(0, 8)]
    closing += [
        Paragraph(text(line), styles["body"])
        for line in (content.adviser_name, content.adviser_office)
        if line
    ]
    yield KeepTogether(closing)
    yield Paragraph(text(content.disclaimer), styles["disclaimer"])


def _contact(
    contact: Contact, labels: dict[str, str], styles: dict[str, ParagraphStyle]
) -> Iterable[Flowable]:
    yield Spacer(0, 4)
    yield Paragraph(f"<b>{text(contact.name)}</b>", styles["indented"])
    lines = list(contact.address)
    for key in ("phone", "email", "website"):
        value = getattr(contact, key)
        if value:
            lines.append(labels["pair"].format(label=labels[key], value=value))
    if contact.note:
        lines.append(contact.note)
    for line in lines:
        yield Paragraph(text(line), styles["note"])


def _first_page(canvas: Canvas, content: LetterContent) -> None:
    styles = _styles()
    canvas.saveState()
    head = content.letterhead
    _draw(canvas, Paragraph(text(head.name), styles["letterhead"]), LEFT, 15 * mm, 95 * mm)
    contact_lines = [*head.address, head.phone, head.email, head.website]
    contact = "<br/>".join(text(line) for line in contact_lines if line)
    if contact:
        _draw(
            canvas,
            Paragraph(contact, styles["contact"]),
            INFO_LEFT,
            15 * mm,
            INFO_WIDTH - RIGHT + 10 * mm,
        )
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(0.6)
    canvas.line(LEFT, PAGE_HEIGHT - 38 * mm, PAGE_WIDTH - RIGHT, PAGE_HEIGHT - 38 * mm)
    inner = ADDRESS_LEFT + 5 * mm
    inner_width = ADDRESS_WIDTH - 5 * mm
    if content.return_line:
        _draw_bottom(
            canvas, Paragraph(text(content.return_line), styles["return"]), inner,
            ADDRESS_TOP + ADDITION_ZONE - 2 * mm, inner_width,
        )  # fmt: skip
    if content.recipient:
        recipient = "<br/>".join(text(line) for line in content.recipient)
        _draw(
            canvas, Paragraph(recipient, styles["address"]), inner,
            ADDRESS_TOP + ADDITION_ZONE, inner_width,
        )  # fmt: skip
    pair = content.labels["pair"]
    info = "<br/>".join(
        text(pair.format(label=label, value=value)) for label, value in content.info
    )
    _draw(canvas, Paragraph(info, styles["info"]), INFO_LEFT, INFO_TOP, INFO_WIDTH - RIGHT)
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.3)
    for from_top, length in (
        (FOLD_MARKS[0], 5 * mm),
        (PUNCH_MARK, 7 * mm),
        (FOLD_MARKS[1], 5 * mm),
    ):
        canvas.line(3 * mm, PAGE_HEIGHT - from_top, 3 * mm + length, PAGE_HEIGHT - from_top)
    canvas.restoreState()


def _draw(canvas: Canvas, paragraph: Paragraph, x: float, from_top: float, width: float) -> None:
    """Draw with the paragraph's top edge ``from_top`` below the page's top."""
    _, height = paragraph.wrapOn(canvas, width, PAGE_HEIGHT)
    paragraph.drawOn(canvas, x, PAGE_HEIGHT - from_top - height)


def _draw_bottom(
    canvas: Canvas, paragraph: Paragraph, x: float, bottom_from_top: float, width: float
) -> None:
    """Draw with the paragraph's bottom edge ``bottom_from_top`` below the page's top."""
    paragraph.wrapOn(canvas, width, PAGE_HEIGHT)
    paragraph.drawOn(canvas, x, PAGE_HEIGHT - bottom_from_top)


class _NumberedCanvas(NumberedCanvas):
    """Numbers the pages "page x of y" beside the reference, and reports the count."""

    def __init__(
        self, *args: Any, content: LetterContent, page_counter: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._content = content
        self._page_counter = page_counter
        # The letter's issue time (UTC), never the clock: the same snapshot, the same bytes.
        issued = dt.datetime.fromisoformat(content.issued_at).astimezone(dt.UTC)
        stamp = issued.strftime("D:%Y%m%d%H%M%S+00'00'")
        self.setDateFormatter(lambda *_parts: stamp)

    def save(self) -> None:
        self._page_counter(self.page_count)
        super().save()

    def draw_footer(self, total: int) -> None:
        self.saveState()
        self.setFont(FONT, 8)
        self.setFillColor(GREY)
        page = self._content.labels["page"].format(page=self._pageNumber, pages=total)
        self.drawRightString(PAGE_WIDTH - RIGHT, 12 * mm, page)
        self.drawString(LEFT, 12 * mm, self._content.reference)
        self.restoreState()
