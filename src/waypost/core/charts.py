"""Horizontal bar charts drawn without JavaScript: bar lengths and a value axis with round ticks.

Positions are per cent of the plot's width, from the start edge (the left in English, the
right in Arabic); templates write them with ``|markup_number`` (core/numbers.py) and show
the tick values localised.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Tick:
    value: int
    position: float  # per cent of the width, from the start edge

    @property
    def position_from_left_in_rtl(self) -> float:
        """Where the tick lies measured from the left on a right-to-left page."""
        return 100 - self.position


@dataclass(frozen=True)
class BarChart:
    rows: list[dict[str, Any]]  # each row with its "width" in per cent of the axis
    ticks: list[Tick]
    maximum: int  # the axis's last tick


def round_step(peak: int, most_ticks: int = 5) -> int:
    """The smallest whole 1, 2, 2.5 or 5 × 10ⁿ that cuts 0..peak into at most ``most_ticks``."""
    if peak <= 0:
        return 1
    magnitude = 10 ** max(0, math.floor(math.log10(peak / most_ticks)))
    steps = [m * magnitude for m in (1, 2, 2.5, 5) if float(m * magnitude).is_integer()]
    return next(
        (int(step) for step in steps if math.ceil(peak / step) <= most_ticks), 10 * magnitude
    )


def bar_chart(
    rows: Sequence[dict[str, Any]], value: str = "total", most_ticks: int = 5
) -> BarChart:
    """Bars for ``rows`` (their ``value`` key, never negative) on an axis from 0 to a round number."""
    peak = max((max(0, int(row[value] or 0)) for row in rows), default=0)
    step = round_step(peak, most_ticks)
    maximum = max(step, math.ceil(peak / step) * step)
    ticks = [Tick(value=v, position=100 * v / maximum) for v in range(0, maximum + 1, step)]
    return BarChart(
        rows=[{**row, "width": 100 * max(0, int(row[value] or 0)) / maximum} for row in rows],
        ticks=ticks,
        maximum=maximum,
    )
