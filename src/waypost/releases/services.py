"""Writes for statistical releases: every table that leaves Waypost is protected by
``waypost.statistics`` here, and logged."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from waypost.accounts.models import Organisation, User
from waypost.core.exceptions import ApplicationError
from waypost.incidents import selectors as incidents
from waypost.releases.models import Channel, StatisticalRelease
from waypost.releases.selectors import DATASETS, dataset_counts
from waypost.screening import selectors as screening
from waypost.statistics import DEFAULT_K, release
from waypost.statistics.forecast import DEFAULT_ORIGINS, Month, forecast, monthly_series

MAX_EPSILON = 10.0


def parse_dimensions(dataset: str, by: str) -> tuple[str, ...]:
    """``region,year`` as a tuple, checked against what ``dataset`` can be broken down by."""
    if dataset not in DATASETS:
        raise ApplicationError(
            _("Unknown dataset %(dataset)s; known: %(known)s.")
            % {"dataset": dataset, "known": ", ".join(DATASETS)}
        )
    dimensions = tuple(part.strip() for part in by.split(",") if part.strip())
    allowed = DATASETS[dataset].dimensions
    if not 1 <= len(dimensions) <= 2 or len(set(dimensions)) != len(dimensions):
        raise ApplicationError(_("Break a release down by one or two different dimensions."))
    unknown = [d for d in dimensions if d not in allowed]
    if unknown:
        raise ApplicationError(
            _("%(dataset)s cannot be broken down by %(unknown)s; it can by %(allowed)s.")
            % {"dataset": dataset, "unknown": ", ".join(unknown), "allowed": ", ".join(allowed)}
        )
    return dimensions


def release_publish(
    *,
    actor: User | None,
    dataset: str,
    by: str,
    channel: Channel,
    k: int = DEFAULT_K,
    dp_epsilon: float | None = None,
    rounding: int = 1,
) -> dict[str, Any]:
    """The protected table of ``dataset`` broken down ``by``, as published, after logging it:
    {"cells": [{<dimension>: ..., "value": int | None, "suppressed": bool}], "k",
    "method"}, with "epsilon" when differentially private."""
    dimensions = parse_dimensions(dataset, by)
    if not 1 <= k <= 100:
        raise ApplicationError(_("k must be between 1 and 100."))
    if dp_epsilon is not None and not 0 < dp_epsilon <= MAX_EPSILON:
        raise ApplicationError(
            _("The privacy budget epsilon must be above 0 and at most %(max)s.")
            % {"max": MAX_EPSILON}
        )
    if not 1 <= rounding <= 100:
        raise ApplicationError(_("Rounding must be between 1 and 100."))
    counts = dataset_counts(dataset, dimensions)
    rows = sorted({key[0] for key in counts}, key=str)
    columns = sorted({key[1] for key in counts}, key=str) if len(dimensions) == 2 else None
    published = release(
        counts, rows=rows, columns=columns, k=k, rounding=rounding, dp_epsilon=dp_epsilon
    )
    cells = [
        {
            **dict(zip(dimensions, cell["key"], strict=True)),
            "value": cell["value"],
            "suppressed": cell["suppressed"],
        }
        for cell in published.cells
    ]
    StatisticalRelease.objects.create(
        dataset=dataset,
        dimensions=",".join(dimensions),
        channel=channel,
        method=published.method,
        k=k,
        epsilon=published.epsilon,
        parameters={"by": list(dimensions), "k": k, "rounding": rounding, "dp_epsilon": dp_epsilon},
        cells=len(cells),
        suppressed=published.suppressed,
        requested_by=actor,
        organisation=actor.organisation if actor is not None else None,
    )
    result: dict[str, Any] = {"cells": cells, "k": k, "method": published.method}
    if published.epsilon is not None:
        result["epsilon"] = published.epsilon
    return result


def _last_complete_month() -> Month | None:
    """The registry's last month that is over: the latest incident's month only if that
    incident fell on the month's last day (a partial month would look like a drop)."""
    latest = incidents.latest_incident_date()
    if latest is None:
        return None
    month = Month(latest.year, latest.month)
    return (
        month if month.plus(1) == Month(*(latest + _one_day()).timetuple()[:2]) else month.plus(-1)
    )


def _one_day() -> timedelta:
    return timedelta(days=1)


def incidents_forecast(
    *,
    actor: User | None,
    route: str,
    horizon: int,
    origins: int = DEFAULT_ORIGINS,
    channel: Channel = Channel.COMMAND,
) -> dict[str, Any]:
    """Dead and missing per month on ``route``, forecast ``horizon`` months ahead, with the
    rolling-origin backtest against the seasonal naive forecast; logged as a release.
    No transaction spans the computation: a long backtest must not hold SQLite's write lock.
    ``"shown"`` says whether the model beat the baseline by 20% (docs/statistics.md).
    The log keeps the forecast itself: the API and the dashboard serve the latest one
    (``selectors.forecast_latest``) rather than fitting hundreds of models per request."""
    if not 1 <= horizon <= 6:
        raise ApplicationError(_("The horizon is 1 to 6 months."))
    if not 1 <= origins <= 120:
        raise ApplicationError(_("The backtest takes 1 to 120 origins."))
    if route and route not in incidents.choices("route"):
        raise ApplicationError(_("No incident is on the route %(route)s.") % {"route": route})
    end = _last_complete_month()
    rows = incidents.monthly_dead_and_missing(route=route)
    if end is None or not rows:
        raise ApplicationError(_("There are no incidents to forecast from."))
    start, series = monthly_series(rows, end=end)
    try:
        result = forecast(series, start=start, horizon=horizon, origins=origins)
    except ValueError as error:
        raise ApplicationError(
            _("Too few months to forecast from: at least three years are needed.")
        ) from error
    output = result.as_dict()
    StatisticalRelease.objects.create(
        dataset="incidents-forecast",
        dimensions="month",
        channel=channel,
        method="sarimax",
        k=0,
        parameters={
            "route": route,
            "horizon": horizon,
            "origins": origins,
            "series": [str(start), str(end)],
            "backtest": output["backtest"],
            "shown": output["shown"],
            "forecast": output["forecast"],
        },
        cells=horizon,
        suppressed=0,
        requested_by=actor,
        organisation=actor.organisation if actor is not None else None,
    )
    return output


def screenings_forecast(
    *,
    actor: User | None,
    organisation: Organisation,
    place: str,
    horizon: int,
    origins: int = DEFAULT_ORIGINS,
) -> dict[str, Any]:
    """Screenings per month at one of ``organisation``'s places (a border post), forecast
    ``horizon`` months ahead with the same model, backtest and 20% rule as the incidents
    (docs/statistics.md): for planning reception and protection staff. The series ends with
    the last month that is over. Logged as a release for the organisation, never public."""
    if not 1 <= horizon <= 6:
        raise ApplicationError(_("The horizon is 1 to 6 months."))
    if not 1 <= origins <= 120:
        raise ApplicationError(_("The backtest takes 1 to 120 origins."))
    rows = screening.monthly_screenings(organisation=organisation, place=place)
    if not rows:
        raise ApplicationError(
            _("No screening of %(organisation)s is at %(place)s.")
            % {"organisation": organisation.name, "place": place or _("any place")}
        )
    today = timezone.localdate()
    end = Month(today.year, today.month).plus(-1)
    start, series = monthly_series(rows, end=end)
    try:
        result = forecast(series, start=start, horizon=horizon, origins=origins)
    except ValueError as error:
        raise ApplicationError(
            _("Too few months to forecast from: at least three years are needed.")
        ) from error
    output = result.as_dict()
    StatisticalRelease.objects.create(
        dataset="screenings-forecast",
        dimensions="month",
        channel=Channel.COMMAND,
        method="sarimax",
        k=0,
        parameters={
            "place": place,
            "horizon": horizon,
            "origins": origins,
            "series": [str(start), str(end)],
            "backtest": output["backtest"],
            "shown": output["shown"],
            "forecast": output["forecast"],
        },
        cells=horizon,
        suppressed=0,
        requested_by=actor,
        organisation=organisation,
    )
    return output
