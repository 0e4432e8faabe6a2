"""The certificate as a one-page PDF with a QR code of its public verification address.

Written directly in PDF 1.4 (text in the standard Helvetica font, the QR code as filled
squares from segno's matrix): no PDF library, nothing fetched. The standard fonts cover
Latin scripts only (WinAnsi), so a certificate's text is in the reader's language when it
is written in Latin script (English, French, Spanish), else in English; the verification
page it leads to is in every language. The person is not named: the certificate carries
its code, which is all the page needs.
"""

from __future__ import annotations

from collections.abc import Iterable

import segno

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points


def _text_bytes(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("cp1252", errors="replace")


def latin(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def certificate_pdf(lines: Iterable[tuple[int, str]], url: str) -> bytes:
    """A PDF of ``lines`` (font size, text) from the top, and the QR code of ``url``."""
    content = bytearray(b"BT\n")
    y = PAGE_HEIGHT - 110
    for size, text in lines:
        content += b"/F1 %d Tf 1 0 0 1 72 %d Tm (" % (size, y) + _text_bytes(text) + b") Tj\n"
        y -= int(size * 1.9)
    content += b"ET\n"
    qr = segno.make(url, error="m")
    rows = list(qr.matrix_iter(border=4))
    cell = 200 / len(rows)
    top = y - 30
    content += b"0 0 0 rg\n"
    for r, row in enumerate(rows):
        for c, dark in enumerate(row):
            if dark:
                content += b"%.3f %.3f %.3f %.3f re\n" % (
                    72 + c * cell,
                    top - (r + 1) * cell,
                    cell,
                    cell,
                )
    content += b"f\n"
    content += (
        b"BT /F1 9 Tf 1 0 0 1 72 %d Tm (" % int(top - 200 - 18) + _text_bytes(url) + b") Tj ET\n"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
        % (PAGE_WIDTH, PAGE_HEIGHT),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + bytes(content) + b"endstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
