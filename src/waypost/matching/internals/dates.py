"""Partial birth dates and estimated ages, reduced to comparable features.

``1998``, ``1998-04`` and ``1998-04-17`` are all valid birth dates; an ``age`` of 25 estimated
at ``2024-06-01`` becomes a birth-year range 1993-2004 (the year arithmetic gives 1998-1999,
widened by the estimation tolerance of :func:`age_tolerance`, 5 years for adults).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property, lru_cache

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateError(ValueError):
    """A date or age that cannot be read."""


class ImpossibleDate(DateError):
    """A date of the right form whose month or day cannot be (``1945-04-93``): a typo of
    which ``readable`` is what still reads, the year and month or the year alone."""

    def __init__(self, message: str, readable: str) -> None:
        super().__init__(message)
        self.readable = readable


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def is_full(self) -> bool:
        return self.day is not None

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)


@lru_cache(maxsize=100_000)
def parse_partial_date(text: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise :class:`DateError` otherwise."""
    match = _PARTIAL.match(text.strip())
    if not match:
        raise DateError(f"date {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if not 1850 <= year <= 2200:
        raise DateError(f"date {text!r}: year {year} is out of range")
    if month is not None and not 1 <= month <= 12:
        raise ImpossibleDate(f"date {text!r}: month {month} is not 1-12", f"{year:04d}")
    if day is not None and month is not None:
        try:
            date(year, month, day)
        except ValueError as exc:
            raise ImpossibleDate(f"date {text!r}: {exc}", f"{year:04d}-{month:02d}") from exc
    return PartialDate(year, month, day)


def age_tolerance(age: float) -> int:
    """Years of uncertainty on each side of an estimated age.

    Estimates from appearance or remains are tight for children and loose for adults
    (forensic estimates for adults are commonly given as +-5 years or more).
    """
    if age < 12:
        return 2
    return 3 if age < 20 else 5


def parse_age(age: str, age_date: str) -> tuple[float, int]:
    """Return (age in years, year the estimate was made)."""
    try:
        years = float(age.strip())
    except ValueError as exc:
        raise DateError(f"age {age!r} is not a number") from exc
    if not 0 <= years <= 130:
        raise DateError(f"age {age!r} is out of range 0-130")
    ref_year = parse_partial_date(age_date).year if age_date.strip() else current_year()
    return years, ref_year


def current_year() -> int:
    return datetime.now(tz=UTC).year


@dataclass(frozen=True)
class BirthFeatures:
    """What the comparisons need: the date parts and a birth-year range."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    year_lo: int | None = None
    year_hi: int | None = None
    age: float | None = None
    age_year: int | None = None

    @cached_property  # read for every record of a batch; the features are shared (cached)
    def full(self) -> str | None:
        if self.year is None or self.month is None or self.day is None:
            return None
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@lru_cache(maxsize=100_000)
def birth_features(birth_date: str, age: str, age_date: str) -> BirthFeatures:
    """Combine a (partial) birth date and/or an estimated age into :class:`BirthFeatures`."""
    if birth_date.strip():
        d = parse_partial_date(birth_date)
        return BirthFeatures(d.year, d.month, d.day, d.year, d.year)
    if age.strip():
        years, ref = parse_age(age, age_date)
        tol = age_tolerance(years)
        hi = ref - int(years)
        return BirthFeatures(year_lo=hi - 1 - tol, year_hi=hi + tol, age=years, age_year=ref)
    return BirthFeatures()
