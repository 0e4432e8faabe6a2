"""Reads for statistical releases: the tables each dataset can give, through each app's
selectors, and the release log."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet

from waypost.incidents import selectors as incidents
from waypost.releases.models import StatisticalRelease
from waypost.statistics import DEFAULT_K, release
from waypost.tracing import selectors as tracing


@dataclass(frozen=True)
class Dataset:
    dimensions: tuple[str, ...]
    counts: Callable[[tuple[str, ...]], dict[tuple[Any, ...], int]]


# Screenings, referrals and detentions join here through their own apps' selectors, each
# giving counts per combination of its public categories.
DATASETS: dict[str, Dataset] = {
    "incidents": Dataset(incidents.RELEASE_DIMENSIONS, incidents.dead_and_missing_counts),
    # Only reports whose enquirer consents to statistical use (tracing.selectors).
    "missing-persons": Dataset(tracing.STATISTICS_DIMENSIONS, tracing.missing_person_counts),
}


def dataset_counts(dataset: str, by: tuple[str, ...]) -> dict[tuple[Any, ...], int]:
    return DATASETS[dataset].counts(by)


def releases_logged(*, dataset: str = "") -> QuerySet[StatisticalRelease]:
    releases = StatisticalRelease.objects.select_related("requested_by", "organisation")
    if dataset:
        releases = releases.filter(dataset=dataset)
    return releases


# The SDG 10.7.3 figures as published: the incident statistics page, its API and the
# ``stats sdg-10-7-3`` command show these, never the registry's raw sums.

# The tables whose column totals (dead, missing) are the headline figures: each incident
# is in exactly one of their rows. Causes are not (an incident with several causes counts
# under each); sex and age are one-way tables of the headline total.
_HEADLINE_MARGINS = ("year", "region", "un_region", "route")
CACHE_SECONDS = 600


def statistics_k() -> int:
    """The smallest count published, per deployment (``WAYPOST_STATISTICS_K``, default 5)."""
    return int(getattr(settings, "STATISTICS_K", DEFAULT_K))


def _cached(name: str, filters: dict[str, Any], k: int, compute: Callable[[], Any]) -> Any:
    described = json.dumps(
        [name, filters, k, incidents.registry_stamp()], sort_keys=True, default=str
    )
    key = "releases:sdg:" + hashlib.sha256(described.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def _protect_dead_and_missing(
    rows: list[dict[str, Any]], k: int
) -> tuple[list[dict[str, Any]], dict[str, int | None]]:
    """Rows {"key", "dead", "missing", "incidents"} protected column by column: the dead
    of every row are a one-way table whose total is the headline's dead, and so are the
    missing. A row's total (dead + missing) is published only where both are, so it tells
    nothing the two columns do not; its incident count only beside a published total.

    Why not the two-way table key x (dead, missing): most rows of the registry have no
    missing (or no dead), and a hidden cell beside a published zero and a published row
    total is exposed, so that table ends with every total hidden. Column by column, the
    attacker's system is the two one-way systems (the totals add nothing), each checked
    by ``waypost.statistics``."""
    columns = {
        part: release({(row["key"],): row[part] for row in rows}, k=k).table
        for part in ("dead", "missing")
    }
    published = []
    for row in rows:
        key = row["key"]
        dead = columns["dead"].published((key, None))
        missing = columns["missing"].published((key, None))
        total = dead + missing if dead is not None and missing is not None else None
        published.append(
            {
                "key": key,
                "dead": dead,
                "missing": missing,
                "total": total,
                "incidents": row["incidents"] if total is not None else None,
                "suppressed": total is None,
            }
        )
    dead_total, missing_total = columns["dead"].grand_total(), columns["missing"].grand_total()
    if not rows:
        dead_total = missing_total = 0
    margins = {
        "dead": dead_total,
        "missing": missing_total,
        "total": (
            dead_total + missing_total
            if dead_total is not None and missing_total is not None
            else None
        ),
    }
    return published, margins


def _hide_column(rows: list[dict[str, Any]], part: str) -> list[dict[str, Any]]:
    """Every row with ``part`` hidden, and so its total and incidents."""
    return [
        {**row, part: None, "total": None, "incidents": None, "suppressed": True} for row in rows
    ]


def _suppress_all(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    hidden: list[dict[str, Any]] = []
    for row in rows:
        parts = ("dead", "missing", "total", "incidents")
        hidden.append({**row, **dict.fromkeys((p for p in parts if p in row), None)})
        hidden[-1]["suppressed"] = True
    return hidden


def _headline(filters: dict[str, Any], k: int) -> dict[str, Any]:
    _, margins = _protect_dead_and_missing(incidents.sdg_breakdown("year", **filters), k)
    return {**margins, "suppressed": None in margins.values()}


def sdg_published(
    *, year: int | None = None, region: str = "", route: str = "", k: int | None = None
) -> dict[str, Any]:
    """SDG 10.7.3 as published: {"dead", "missing", "total", "suppressed"}, a figure under
    k (or one that would give away one) being ``None``. These are the margins of the table
    by year, so every breakdown published beside them is protected with them known."""
    k = statistics_k() if k is None else k
    filters = {"year": year, "region": region, "route": route}
    return dict(_cached("headline", filters, k, lambda: _headline(filters, k)))


def _breakdown(by: str, filters: dict[str, Any], k: int) -> list[dict[str, Any]]:
    rows = incidents.sdg_breakdown(by, **filters)
    headline = sdg_published(**filters, k=k)  # cached
    if by in ("sex", "age"):
        # A one-way table whose grand total is the headline's total.
        table = release({(row["key"],): row["total"] for row in rows}, k=k).table
        published = [
            {
                "key": row["key"],
                "total": table.published((row["key"], None)),
                "suppressed": (row["key"], None) in table.hidden,
            }
            for row in rows
        ]
        if table.grand_total() is None and headline["total"] is not None:
            return _suppress_all(published)
        return published
    published, margins = _protect_dead_and_missing(rows, k)
    for part in ("dead", "missing"):
        if by in _HEADLINE_MARGINS and margins[part] is None and headline[part] is not None:
            # This column could be protected only by hiding its total, which the headline
            # publishes: with it known, the column is safe only all hidden.
            published = _hide_column(published, part)
    if by == "year":
        return published
    # Largest published total first, then the hidden rows by name: an order by the true
    # totals would say between which published totals a hidden one lies.
    return sorted(
        published,
        key=lambda row: (row["total"] is None, -(row["total"] or 0), str(row["key"])),
    )


def sdg_breakdown_published(
    by: str,
    *,
    year: int | None = None,
    region: str = "",
    route: str = "",
    k: int | None = None,
) -> list[dict[str, Any]]:
    """``incidents.selectors.sdg_breakdown`` as published: every row with "suppressed",
    and each count under k, or one that would give away another, ``None`` (the table's
    primary and secondary suppression, ``waypost.statistics``)."""
    k = statistics_k() if k is None else k
    filters = {"year": year, "region": region, "route": route}
    return [dict(row) for row in _cached(by, filters, k, lambda: _breakdown(by, filters, k))]


FORECAST_DATASET = "incidents-forecast"


def forecast_latest(*, route: str, horizon: int) -> StatisticalRelease | None:
    """The latest forecast of ``route`` ("" for all routes) ``horizon`` months ahead, as
    logged by ``services.incidents_forecast`` (with its forecast), or None."""
    return (
        StatisticalRelease.objects.filter(
            dataset=FORECAST_DATASET,
            parameters__route=route,
            parameters__horizon=horizon,
            parameters__has_key="forecast",
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def forecast_published(logged: StatisticalRelease) -> dict[str, Any]:
    """A logged forecast as it may be published: the months only where the model beat the
    seasonal naive forecast by 20% ("shown"); the backtest always, to say why not."""
    parameters = logged.parameters
    shown = bool(parameters.get("shown"))
    return {
        "route": parameters["route"],
        "horizon": parameters["horizon"],
        "computed_at": logged.created_at,
        "series": parameters.get("series", []),
        "forecast": parameters["forecast"] if shown else [],
        "backtest": parameters["backtest"],
        "shown": shown,
    }


def forecasts_shown() -> list[dict[str, Any]]:
    """For the public dashboard: each route's latest forecast, where it is shown."""
    latest: dict[str, StatisticalRelease] = {}
    for logged in StatisticalRelease.objects.filter(
        dataset=FORECAST_DATASET, parameters__has_key="forecast"
    ).order_by("-created_at", "-pk")[:500]:
        latest.setdefault(logged.parameters["route"], logged)
    published = [forecast_published(logged) for logged in latest.values()]
    return sorted(
        (forecast for forecast in published if forecast["shown"]),
        key=lambda forecast: forecast["route"],
    )


def datasets_logged() -> list[str]:
    return sorted(
        StatisticalRelease.objects.order_by().values_list("dataset", flat=True).distinct()
    )
