"""Monthly forecasts with prediction intervals, shown only where they beat a seasonal naive
forecast in a rolling-origin backtest.

The model is statsmodels' SARIMAX, a seasonal ARIMA(1,0,0)(0,1,1)12 on log(1 + count):
the seasonal difference carries each month's usual level from the year before (the same
information the seasonal naive forecast has), the autoregressive term the recent run of
months above or below it, and the seasonal moving average shrinks last year's month towards
the years before. The log keeps intervals positive and lets the spread grow with the level.

The backtest: for each of the last ``origins`` months with ``horizon`` months after them in
the data, both the model (fitted on the months up to the origin) and the seasonal naive
forecast (the same month a year before, from the same training months) forecast horizons
1..``horizon``; errors are scaled by the training series' in-sample seasonal naive mean
absolute error (Hyndman and Koehler's MASE, m = 12). Skill is 1 - model MASE / baseline
MASE; a forecast is shown only with skill of at least ``SHOW_SKILL`` (0.2: 20% lower).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

SEASON = 12
SHOW_SKILL = 0.2
DEFAULT_ORIGINS = 24
INTERVAL = 0.8  # the prediction interval's coverage


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    def plus(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class Backtest:
    origins: int
    mase: float
    baseline_mase: float

    @property
    def skill(self) -> float:
        if not self.baseline_mase > 0:  # no origin, or a perfect baseline
            return math.nan
        return 1 - self.mase / self.baseline_mase

    def as_dict(self) -> dict[str, float | int | None]:
        def number(value: float) -> float | None:
            return None if math.isnan(value) else round(value, 4)

        return {
            "origins": self.origins,
            "mase": number(self.mase),
            "baseline_mase": number(self.baseline_mase),
            "skill": number(self.skill),
        }


@dataclass(frozen=True)
class Forecast:
    start: Month  # the first forecast month
    values: list[float]
    lower: list[float]
    upper: list[float]
    backtest: Backtest

    @property
    def shown(self) -> bool:
        return self.backtest.skill >= SHOW_SKILL

    def as_dict(self) -> dict[str, object]:
        return {
            "forecast": [
                {
                    "month": str(self.start.plus(h)),
                    "value": round(value, 1),
                    "lower": round(low, 1),
                    "upper": round(high, 1),
                }
                for h, (value, low, high) in enumerate(
                    zip(self.values, self.lower, self.upper, strict=True)
                )
            ],
            "backtest": self.backtest.as_dict(),
            "shown": self.shown,
        }


def monthly_series(
    rows: Sequence[tuple[int, int, int]], *, end: Month
) -> tuple[Month, list[float]]:
    """A contiguous monthly series from (year, month, value) rows, months without a row
    being 0, from the first row's month to ``end`` (inclusive)."""
    if not rows:
        raise ValueError("no months to forecast from")
    start = Month(rows[0][0], rows[0][1])
    by_month = {(year, month): value for year, month, value in rows}
    length = (end.year * 12 + end.month) - (start.year * 12 + start.month) + 1
    months = [start.plus(i) for i in range(max(length, 0))]
    return start, [float(by_month.get((m.year, m.month), 0)) for m in months]


def _fit_predict(train: np.ndarray, horizon: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    with warnings.catch_warnings():
        # Short or flat series make the optimiser warn about convergence; the backtest
        # judges the result either way.
        warnings.simplefilter("ignore")
        model = SARIMAX(
            np.log1p(train),
            order=(1, 0, 0),
            seasonal_order=(0, 1, 1, SEASON),
            trend="n",
        )
        fitted = model.fit(disp=False)
        prediction = fitted.get_forecast(horizon)
        mean = np.asarray(prediction.predicted_mean)
        bounds = np.asarray(prediction.conf_int(alpha=1 - INTERVAL))
    # The median on the count scale; the interval maps through exp exactly.
    return (
        np.clip(np.expm1(mean), 0, None),
        np.clip(np.expm1(bounds[:, 0]), 0, None),
        np.clip(np.expm1(bounds[:, 1]), 0, None),
    )


def _seasonal_naive(train: np.ndarray, horizon: int) -> np.ndarray:
    return np.array([train[len(train) - SEASON + (h % SEASON)] for h in range(horizon)])


def backtest(series: Sequence[float], *, horizon: int, origins: int = DEFAULT_ORIGINS) -> Backtest:
    """Rolling-origin evaluation of the model and the seasonal naive forecast."""
    values = np.asarray(series, dtype=float)
    last_origin = len(values) - horizon  # training length at the last origin
    first_origin = max(3 * SEASON, last_origin - origins + 1)
    model_errors: list[float] = []
    naive_errors: list[float] = []
    used = 0
    for cut in range(first_origin, last_origin + 1):
        train, actual = values[:cut], values[cut : cut + horizon]
        scale = float(np.mean(np.abs(train[SEASON:] - train[:-SEASON])))
        if scale == 0:
            continue  # an all-repeating training series: MASE is not defined
        predicted, _, _ = _fit_predict(train, horizon)
        model_errors += list(np.abs(actual - predicted) / scale)
        naive_errors += list(np.abs(actual - _seasonal_naive(train, horizon)) / scale)
        used += 1
    if not used:
        return Backtest(origins=0, mase=math.nan, baseline_mase=math.nan)
    return Backtest(
        origins=used, mase=float(np.mean(model_errors)), baseline_mase=float(np.mean(naive_errors))
    )


def forecast(
    series: Sequence[float],
    *,
    start: Month,
    horizon: int,
    origins: int = DEFAULT_ORIGINS,
) -> Forecast:
    """Forecast ``horizon`` months (1 to 6) after ``series`` (which begins at ``start``)."""
    if not 1 <= horizon <= 6:
        raise ValueError("the horizon is 1 to 6 months")
    if len(series) < 3 * SEASON + horizon:
        raise ValueError("at least three years of months are needed")
    result = backtest(series, horizon=horizon, origins=origins)
    values, lower, upper = _fit_predict(np.asarray(series, dtype=float), horizon)
    return Forecast(
        start=start.plus(len(series)),
        values=[float(v) for v in values],
        lower=[float(v) for v in lower],
        upper=[float(v) for v in upper],
        backtest=result,
    )
