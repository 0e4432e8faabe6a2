"""Opening hours: is a place open now?

Two shapes are read, as providers write them in the directory: a text of time ranges
that holds every day (``"08:00-20:00"``, ``"08:00-12:00, 14:00-18:00"``, ``"24/7"``), or
an object by weekday (``{"mon": ["08:00-17:00"], "sat": "09:00-12:00"}``, days missing
are closed). Anything else (free text such as "by appointment") is unknown: ``None``.
A range that ends before it starts runs past midnight (``"20:00-06:00"``).
"""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")
ALWAYS = {"24/7", "24h", "24 h", "always"}


def _ranges(text: Any) -> list[tuple[time, time]] | None:
    if isinstance(text, list):
        parts = [str(part) for part in text]
    elif isinstance(text, str):
        if text.strip().lower() in ALWAYS:
            return [(time(0, 0), time(23, 59, 59))]
        parts = [part for part in re.split(r"[,;]", text) if part.strip()]
    else:
        return None
    found = []
    for part in parts:
        match = _RANGE.match(part)
        if not match:
            return None
        h1, m1, h2, m2 = (int(group) for group in match.groups())
        if h1 > 24 or h2 > 24 or m1 > 59 or m2 > 59:
            return None
        end = time(23, 59, 59) if h2 == 24 else time(h2, m2)
        found.append((time(h1 % 24, m1), end))
    return found or None


def _inside(ranges: list[tuple[time, time]], moment: time) -> bool:
    for start, end in ranges:
        if start <= end and start <= moment <= end:
            return True
        if start > end and (moment >= start or moment <= end):
            return True
    return False


def open_at(hours: Any, moment: datetime) -> bool | None:
    """True or False if ``hours`` say; None if they cannot be read."""
    if isinstance(hours, dict):
        known = {str(key).lower()[:3]: value for key, value in hours.items()}
        if not set(known) <= set(DAYS):
            return None
        today = known.get(DAYS[moment.weekday()])
        if today in (None, "", []):
            return False
        ranges = _ranges(today)
        return None if ranges is None else _inside(ranges, moment.time())
    if not hours:
        return None
    ranges = _ranges(hours)
    return None if ranges is None else _inside(ranges, moment.time())


def readable(hours: Any) -> list[tuple[str, str]]:
    """``[(day code or "", ranges text)]`` for display; day names are the template's."""
    if isinstance(hours, dict):
        return [
            (day, ", ".join(value) if isinstance(value, list) else str(value))
            for day, value in hours.items()
        ]
    if isinstance(hours, list):
        return [("", ", ".join(str(part) for part in hours))]
    return [("", str(hours))] if hours else []
