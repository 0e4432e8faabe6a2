"""The printable poster of an information point: its name and what it offers in each of
its languages, its hours, and a QR code to its page, as an A4 PDF.

Drawn with fpdf2 and the bundled DejaVu Sans font (the one the tracing app's
identification report uses: Latin, Greek, Cyrillic and Arabic glyphs), with Noto Sans
Ethiopic (bundled in info/fonts, SIL OFL) as the fallback for Tigrinya and Amharic;
right-to-left languages shaped by HarfBuzz and laid out right to left; the QR code is drawn
as squares from segno's matrix, so the PDF is vector and sharp at any size. A language whose
script neither font has is left out of the PDF and named in a line that sends the reader to
the HTML poster, which the browser prints in any script. Nothing is fetched at run time.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import segno
from django.utils import translation
from django.utils.translation import gettext as _

from waypost.info import languages
from waypost.tracing.identification import FONT

QR_SIZE_MM = 70
ETHIOPIC_FONT = Path(__file__).resolve().parent / "fonts" / "NotoSansEthiopic-Regular.ttf"


@cache
def _glyphs() -> frozenset[int]:
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    return frozenset(TTFont(str(FONT)).getBestCmap()) | frozenset(
        TTFont(str(ETHIOPIC_FONT)).getBestCmap()
    )


def printable(text: str) -> bool:
    """Every letter of ``text`` has a glyph in one of the bundled fonts."""
    glyphs = _glyphs()
    return all(ord(ch) in glyphs or ch.isspace() for ch in text)


def poster_pdf(
    *,
    title: str,
    blocks: list[dict[str, Any]],
    url: str,
    facts: list[str],
) -> tuple[bytes, list[str]]:
    """The PDF, and the languages left out because the font cannot write them."""
    from fpdf import FPDF  # imported here: only this download needs it

    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("Waypost")
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.add_font("NotoSansEthiopic", fname=str(ETHIOPIC_FONT))
    pdf.set_fallback_fonts(["NotoSansEthiopic"])
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    left_out = []

    def write(text: str, size: float, direction: str) -> None:
        pdf.set_text_shaping(use_shaping_engine=True, direction=direction)
        pdf.set_font("DejaVu", size=size)
        pdf.multi_cell(
            0,
            size * 0.5,
            text,
            align="R" if direction == "rtl" else "L",
            new_x="LMARGIN",
            new_y="NEXT",
        )

    # The QR code first, centred: what a passer-by scans.
    qr = segno.make(url, error="m")
    rows = list(qr.matrix_iter(border=2))
    cell = QR_SIZE_MM / len(rows)
    x0 = (pdf.w - QR_SIZE_MM) / 2
    y0 = pdf.get_y()
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(rows):
        for c, dark in enumerate(row):
            if dark:
                pdf.rect(x0 + c * cell, y0 + r * cell, cell, cell, style="F")
    pdf.set_y(y0 + QR_SIZE_MM + 2)
    pdf.set_text_shaping(use_shaping_engine=False)
    pdf.set_font("DejaVu", size=9)
    pdf.cell(0, 5, url, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for block in blocks:
        lines = [line for line in block["lines"] if line]
        if not lines or not all(printable(line) for line in lines):
            left_out.append(block["language"])
            continue
        pdf.set_lang(block["language"])
        for number, line in enumerate(lines):
            write(line, 16 if number == 0 else 11, block["direction"])
        pdf.ln(4)
    rtl = translation.get_language_bidi()
    for fact in facts:
        if printable(fact):
            write(fact, 10, "rtl" if rtl else "ltr")
    if left_out:
        note = _(
            "Also in: %(languages)s (the page of the QR code, or the HTML poster printed "
            "from a browser)."
        ) % {"languages": ", ".join(languages.name(code) for code in left_out)}
        if printable(note):
            write(note, 9, "rtl" if rtl else "ltr")
    return bytes(pdf.output()), left_out
