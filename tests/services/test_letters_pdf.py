"""The letter's PDF itself: deterministic, valid, fonts embedded, laid out for the envelope."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from grensdesk.services.letter_content import LetterContent
from grensdesk.services.letter_pdf import render_letter
from tests.services.letters_support import NAMES, pdf_text, sample_content

MM = 72 / 25.4
A4_HEIGHT = 297 * MM


def test_two_renders_of_one_snapshot_give_identical_bytes() -> None:
    content = sample_content()
    first, second = render_letter(content), render_letter(content)
    assert first.pdf == second.pdf
    # The snapshot survives its JSON round trip unchanged, and so do the bytes.
    again = LetterContent.from_json(content.to_json())
    assert again == content
    assert render_letter(again).pdf == first.pdf
    # ...and a different snapshot does change them (the check above could not pass idly).
    assert render_letter(sample_content(adviser_name="Zoë")).pdf != first.pdf


def test_the_creation_date_is_the_issue_time_and_the_metadata_names_the_letter() -> None:
    reader = PdfReader(io.BytesIO(render_letter(sample_content()).pdf))
    info = reader.metadata
    assert info is not None
    assert info["/CreationDate"] == "D:20261128101500+00'00'"
    assert info["/Subject"] == "GIP-EUREGIO/2026/0042"
    assert info["/Keywords"] == "GrensDesk letter GIP-EUREGIO/2026/0042"


def test_every_font_is_embedded_as_a_truetype_subset() -> None:
    reader = PdfReader(io.BytesIO(render_letter(sample_content()).pdf))
    fonts: list[DictionaryObject] = []
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        fonts += [font.get_object() for font in resources["/Font"].get_object().values()]
    assert fonts
    for font in fonts:
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, font
        assert "DejaVuSans" in str(font["/BaseFont"])


def test_every_name_extracts_as_text() -> None:
    content = sample_content(advice="\n".join(NAMES))
    text = pdf_text(render_letter(content).pdf)
    for name in NAMES:
        assert name in text


def test_the_address_sits_in_the_window_of_a_din_5008_form_b_envelope() -> None:
    reader = PdfReader(io.BytesIO(render_letter(sample_content()).pdf))
    found: list[tuple[float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.startswith(("Şükrü Öztürk", "NETHERLANDS")) and not found[2:]:
            found.append((cm[4] + tm[4], cm[5] + tm[5]))

    reader.pages[0].extract_text(visitor_text=visit)
    assert len(found) >= 2
    for x, y in found[:2]:
        from_top = (A4_HEIGHT - y) / MM
        # Address zone of form B: 62.7 to 90 mm from the top, 20 to 105 mm from the left.
        assert 62.7 <= from_top <= 90, from_top
        assert 20 <= x / MM <= 105, x / MM


def test_qpdf_finds_no_errors(tmp_path: Path) -> None:
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        pytest.skip("qpdf is not installed (apt-get install qpdf); pypdf checks run elsewhere")
    path = tmp_path / "letter.pdf"
    long_advice = "\n\n".join(f"Paragraph {n}. " + "Text that flows. " * 40 for n in range(40))
    path.write_bytes(render_letter(sample_content(advice=long_advice)).pdf)
    result = subprocess.run(
        [qpdf, "--check", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_long_text_flows_and_every_page_is_numbered() -> None:
    long_advice = "\n\n".join(f"Paragraph {n}. " + "Text that flows. " * 40 for n in range(40))
    rendered = render_letter(sample_content(advice=long_advice))
    reader = PdfReader(io.BytesIO(rendered.pdf))
    assert len(reader.pages) == rendered.page_count >= 4
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} of {rendered.page_count}" in (page.extract_text() or "")


def test_a_letter_without_recipient_or_comparisons_has_no_empty_blocks() -> None:
    content = sample_content(recipient=(), comparisons=(), question="", advice="")
    text = pdf_text(render_letter(content).pdf)
    for label in ("Your question", "Our advice", "The rules that apply", "Sources"):
        assert label not in text
    assert "Şükrü" not in text.split("Dear")[0]
    assert dataclasses.replace(content, question="Q?") != content
