"""The certificate as a one-page PDF with a QR code of its public verification address.

Drawn with fpdf2 in the learner's language (the language they took the course in, else the
reader's) with the font the identification report bundles (DejaVu Sans, Latin and Arabic
glyphs, ``tracing/fonts``): Arabic is shaped by HarfBuzz (uharfbuzz) and set right to left,
so nothing is fetched at run time. The QR code is segno's matrix drawn as filled squares.
The person is not named: the certificate carries its code, which is all the page needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.resources import files

import segno
from django.utils import translation

# The font the identification report bundles (tracing/fonts), shared rather than copied.
FONT = files("waypost.tracing") / "fonts" / "DejaVuSans.ttf"

QR_SIZE = 60  # mm


def certificate_pdf(lines: Iterable[tuple[int, str]], url: str, language: str) -> bytes:
    """A PDF of ``lines`` (font size, text) in ``language`` from the top, then the QR code
    of ``url`` and the address written out (left to right in every language)."""
    from fpdf import FPDF  # imported here: only this download needs it

    with translation.override(language):
        rtl = translation.get_language_bidi()
    pdf = FPDF(format="A4")
    pdf.set_creator("Waypost")
    pdf.set_lang(language)
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if rtl else "ltr")
    pdf.add_page()
    pdf.set_y(30)
    align = "R" if rtl else "L"
    for size, text in lines:
        if not text:
            continue
        pdf.set_font("DejaVu", size=size)
        pdf.multi_cell(0, size * 0.55, text, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(size * 0.3)
    rows = list(segno.make(url, error="m").matrix_iter(border=4))
    cell = QR_SIZE / len(rows)
    top = pdf.get_y() + 8
    left = pdf.w - pdf.r_margin - QR_SIZE if rtl else pdf.l_margin
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(rows):
        for c, dark in enumerate(row):
            if dark:
                pdf.rect(left + c * cell, top + r * cell, cell, cell, style="F")
    pdf.set_y(top + QR_SIZE + 4)
    pdf.set_text_shaping(use_shaping_engine=True, direction="ltr")
    pdf.set_font("DejaVu", size=8)
    pdf.multi_cell(0, 4, url, align=align, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
