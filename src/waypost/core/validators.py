"""Checks and clean-up shared by every app's forms, serializers and services.

Dates: Python's dates run from year 1 to 9999, and arithmetic near either end
(a window of days before an incident, an age counted from the day it was estimated)
overflows or falls outside what the matching engine reads. Every day a person types is
therefore held to a plausible range, so that it gets a form error or a 400, never a 500.

Text: bidirectional embedding, override and isolate controls (U+202A-U+202E,
U+2066-U+2069) reorder the characters that follow them when shown. In a name or a place
they can make a link read as something else, or a file name end in another extension
("invoice\u202egpj.exe"). No name or place needs them (the Unicode bidirectional
algorithm orders Arabic and Latin text without them), so services remove them from what
they store, and templates isolate user text (``<bdi>``, ``dir="auto"``) when showing it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

EARLIEST_DAY = date(1900, 1, 1)

BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings, pop, overrides
    "\u2066\u2067\u2068\u2069"  # isolates
)
_BIDI_TABLE = dict.fromkeys(map(ord, BIDI_CONTROLS))


def years_from_today(years: int) -> date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February, in a year that has none
        return today.replace(year=today.year + years, day=28)


@deconstructible
class DayInRange:
    """A day from 1900 to ``years_ahead`` years after today (Django and DRF validator)."""

    message = _("Enter a date between %(earliest)s and %(latest)s.")
    code = "date_out_of_range"

    def __init__(self, years_ahead: int = 1) -> None:
        self.years_ahead = years_ahead

    def __call__(self, value: date) -> None:
        latest = years_from_today(self.years_ahead)
        if not EARLIEST_DAY <= value <= latest:
            raise ValidationError(
                self.message,
                code=self.code,
                params={"earliest": EARLIEST_DAY.isoformat(), "latest": latest.isoformat()},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DayInRange) and other.years_ahead == self.years_ahead

    def __hash__(self) -> int:
        return hash(self.years_ahead)


day_in_range = DayInRange()
# For what has already happened: a death, a recovery, an estimate made of someone's age.
day_in_past = DayInRange(years_ahead=0)


def without_bidi_controls(text: str) -> str:
    return text.translate(_BIDI_TABLE)


def clean_text_values(value: Any) -> Any:
    """``value`` with bidirectional controls removed from every string in it (dicts, lists)."""
    if isinstance(value, str):
        return without_bidi_controls(value)
    if isinstance(value, Mapping):
        return {key: clean_text_values(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clean_text_values(item) for item in value]
    return value
