"""Cells a spreadsheet cannot run: the one guard every export uses against CSV injection.

A spreadsheet opening a CSV (or a table built from GeoJSON) treats a cell that starts with
``=``, ``+``, ``-`` or ``@`` as a formula, and a leading tab or carriage return can hide
one; a formula can reach the network or run commands (OWASP "CSV Injection"). Such text is
written with a leading single quote, which spreadsheets show as text. A number, negative
or signed, is not a formula and stays as it is, so counts stay numbers. Text that already
starts with quotes before a formula gets one more, so ``spreadsheet_unquote`` gives back
exactly what was written. Plain Python: no Django.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CAN_START_A_FORMULA = frozenset((*FORMULA_START, "'"))
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _starts_a_formula(text: str) -> bool:
    return text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text)


def spreadsheet_safe(text: str) -> str:
    """``text`` as a cell no spreadsheet runs: a leading quote when it starts like a formula."""
    if not text or text[0] not in _CAN_START_A_FORMULA:
        return text  # most cells: a batch of matches writes three per pair
    if _starts_a_formula(text.lstrip("'")):
        return "'" + text
    return text


def spreadsheet_unquote(text: str) -> str:
    """The text ``spreadsheet_safe`` protected, as it was; any other text unchanged."""
    if text.startswith("'") and spreadsheet_safe(text[1:]) == text:
        return text[1:]
    return text
