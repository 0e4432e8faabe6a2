"""Waypost statistics: disclosure control, differentially private counts, forecasts, formats.

A plain Python package (no Django), like ``waypost.matching``. Django apps gather counts
through their selectors and hand them here; everything that leaves Waypost as a number goes
through ``release`` (docs/statistics.md)::

    from waypost.statistics import release
    table = release({("Mediterranean", 2024): 812, ("Mediterranean", 2025): 3, ...}, k=5)
    table.cells  # [{"key": (...), "value": 812 | None, "suppressed": bool}, ...]
"""

from __future__ import annotations

from waypost.statistics.disclosure import (
    DEFAULT_K,
    Interval,
    ProtectedTable,
    audit,
    protect,
    round_to,
)
from waypost.statistics.release import Release, release

__all__ = [
    "DEFAULT_K",
    "Interval",
    "ProtectedTable",
    "Release",
    "audit",
    "protect",
    "release",
    "round_to",
]
