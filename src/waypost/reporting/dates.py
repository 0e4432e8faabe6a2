"""Partial ISO 8601 dates: a year, a year and month, or a full date (2025, 2025-03, 2025-03-14).

People rarely know the exact day something happened on a journey; a partial date says what
is known and no more.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from django.utils import timezone

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class PartialDateError(ValueError):
    pass


def partial_date_parse(raw: str) -> str:
    """Return the normalised partial date, or raise PartialDateError."""
    text = (raw or "").strip()
    # Digits typed on an Arabic keyboard are digits too.
    text = "".join(str(int(c)) if c.isdecimal() else c for c in text)
    match = _PARTIAL.match(text)
    if not match:
        raise PartialDateError(text)
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None  # noqa: S101 - the pattern requires it
    try:
        first = date(year, month or 1, day or 1)
    except ValueError as exc:
        raise PartialDateError(text) from exc
    if year < 1900 or first > timezone.now().date():
        raise PartialDateError(text)
    return text


def partial_date_year(value: str) -> int | None:
    return int(value[:4]) if value[:4].isdigit() else None


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
