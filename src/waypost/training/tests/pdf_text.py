"""Reading back what a PDF of fpdf2 shows, without a PDF library: each line's glyphs in
the order they are drawn (left to right), as the characters the font's ToUnicode map gives
them, and the names of the glyphs of the embedded font (a shaped Arabic letter is drawn
with its contextual form, ``uniFExx``)."""

from __future__ import annotations

import io
import re
import zlib

from fontTools.ttLib import TTFont


def _objects(pdf: bytes) -> dict[int, tuple[bytes, bytes]]:
    """Each object's dictionary and decoded stream (empty when it has none)."""
    found = {}
    for match in re.finditer(rb"(\d+) 0 obj\s*<<(.*?)>>\s*(stream\r?\n)?", pdf, re.S):
        head, stream = match.group(2), b""
        if match.group(3):
            length = int(re.search(rb"/Length (\d+)", head).group(1))  # type: ignore[union-attr]
            stream = pdf[match.end() : match.end() + length]
            if b"/FlateDecode" in head:
                stream = zlib.decompress(stream)
        found[int(match.group(1))] = (head, stream)
    return found


def _to_unicode(objects: dict[int, tuple[bytes, bytes]]) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for _head, stream in objects.values():
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
            for glyph, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                raw = bytes.fromhex(text.decode())
                mapping[int(glyph, 16)] = raw.decode("utf-16-be")
    return mapping


def _unescape(literal: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(literal):
        byte = literal[i]
        if byte == 0x5C:  # backslash
            nxt = literal[i + 1 : i + 2]
            table = {b"n": 10, b"r": 13, b"t": 9, b"b": 8, b"f": 12}
            if nxt in table:
                out.append(table[nxt])
                i += 2
            elif nxt.isdigit():
                digits = re.match(rb"[0-7]{1,3}", literal[i + 1 :]).group(0)  # type: ignore[union-attr]
                out.append(int(digits, 8))
                i += 1 + len(digits)
            else:
                out += nxt
                i += 2
        else:
            out.append(byte)
            i += 1
    return bytes(out)


def lines(pdf: bytes, right_to_left: bool = False) -> list[str]:
    """The text of each line from the top, its glyphs in drawing order (left to right), or
    with ``right_to_left`` from the right: an Arabic run then reads in its logical order
    (a ligature such as lam-alef is one glyph of two letters and stays in order)."""
    objects = _objects(pdf)
    unicode = _to_unicode(objects)
    placed: dict[float, list[tuple[float, str]]] = {}
    for _head, stream in objects.values():
        if b" Tj" not in stream:
            continue
        for match in re.finditer(
            rb"([\d.]+) ([\d.]+) (?:Td|Tm)\s*\(((?:\\.|[^\\)])*)\) Tj", stream, re.S
        ):
            x, y = float(match.group(1)), float(match.group(2))
            raw = _unescape(match.group(3))
            text = "".join(
                unicode.get(int.from_bytes(raw[i : i + 2], "big"), "")
                for i in range(0, len(raw), 2)
            )
            placed.setdefault(y, []).append((x, text))
    return [
        "".join(text for _x, text in sorted(placed[y], reverse=right_to_left))
        for y in sorted(placed, reverse=True)
    ]


def glyph_names(pdf: bytes) -> set[str]:
    """The names of the glyphs in the embedded font subsets."""
    names: set[str] = set()
    for head, stream in _objects(pdf).values():
        if b"/Length1" in head and stream:
            names |= set(TTFont(io.BytesIO(stream)).getGlyphOrder())
    return names
